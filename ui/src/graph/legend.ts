// The legend over the map: one entry per kind present, from the one palette;
// clicking an entry hides or shows that kind.
import type { Actions } from "../app/actions";
import type { AppState } from "../app/state";
import type { Store } from "../app/store";
import { h, on, replace } from "../dom";
import { kindName, t } from "../i18n/dict";
import { swatch } from "../reader/panel";

export function mountLegend(el: HTMLElement, store: Store<AppState>, act: Actions): void {
  store.watch(["overview", "hiddenKinds", "lang"], (s) => {
    const kinds = (s.overview?.kinds ?? []).filter((k) => k.count > 0);
    const items = kinds.map((k) => {
      const hidden = s.hiddenKinds.includes(k.kind);
      const b = h("button", {
        type: "button",
        class: `legend-item${hidden ? " off" : ""}`,
        "data-kind": k.kind,
        "aria-pressed": String(!hidden),
        title: t(s.lang, "legend.toggle"),
      }, swatch(k.kind, s.overview?.kinds ?? []), h("span", null, kindName(k.kind, s.lang)), h("span", { class: "count" }, String(k.count)));
      on(b, { click: () => act.toggleKind(k.kind) });
      return b;
    });
    replace(el, h("div", { class: "legend-title" }, t(s.lang, "legend.title")), ...items);
    el.hidden = kinds.length === 0;
  });
}
