// The plan's outline as a collapsible tree; clicking a part or section
// selects it and centres it on the map.
import type { Actions } from "../app/actions";
import type { AppState } from "../app/state";
import type { Store } from "../app/store";
import type { OutlineEntry } from "../bindings";
import { h, on, replace } from "../dom";
import { t } from "../i18n/dict";

function entry(e: OutlineEntry, act: Actions): HTMLElement {
  const label = h("button", { type: "button", class: "link outline-link", "data-node-id": e.id, title: e.title },
    h("span", { class: "outline-number" }, e.number), " ", e.title);
  on(label, {
    click: (ev) => {
      ev.preventDefault();
      act.selectNode(e.id);
    },
  });
  if (!e.children.length) return h("li", null, label);
  const list = h("ul", null, ...e.children.map((c) => entry(c, act)));
  return h("li", null, h("details", null, h("summary", null, label), list));
}

export function mountOutline(el: HTMLElement, store: Store<AppState>, act: Actions): void {
  const title = h("h2", { class: "panel-title" });
  const tree = h("ul", { class: "outline" });
  el.append(title, tree);
  store.watch(["outline", "lang"], (s) => {
    title.textContent = t(s.lang, "outline.title");
    replace(tree, ...s.outline.map((e) => entry(e, act)));
  });
}
