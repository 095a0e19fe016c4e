// The gap report grouped by category; each item selects its node.
import type { Actions } from "../app/actions";
import type { AppState } from "../app/state";
import type { Store } from "../app/store";
import { h, on, replace } from "../dom";
import { gapName, t } from "../i18n/dict";
import { groupGaps } from "./gaps";

export function mountGaps(el: HTMLElement, store: Store<AppState>, act: Actions): void {
  const title = h("h2", { class: "panel-title" });
  const body = h("div", { class: "gaps" });
  el.append(title, body);
  store.watch(["gaps", "lang"], (s) => {
    title.textContent = t(s.lang, "gaps.title");
    const groups = groupGaps(s.gaps);
    if (!groups.length) {
      replace(body, h("p", { class: "muted" }, t(s.lang, "gaps.empty")));
      return;
    }
    replace(body, ...groups.map((g) => {
      const ul = h("ul", { class: "gap-items" });
      for (const item of g.items) {
        const node = item.node;
        const b = h("button", { type: "button", class: "link", disabled: node === null, title: item.label,
          "data-node-id": node ?? "" }, item.label);
        if (node) on(b, { click: () => act.selectNode(node) });
        ul.append(h("li", null, b));
      }
      return h("details", { class: "gap-group", "data-category": g.category },
        h("summary", null, gapName(g.category, s.lang), " ", h("span", { class: "count" }, String(g.items.length))), ul);
    }));
  });
}
