// The active filter as a removable chip above the map.
import type { Actions } from "../app/actions";
import type { AppState } from "../app/state";
import type { Store } from "../app/store";
import { h, on, replace } from "../dom";
import { t } from "../i18n/dict";
import { filterChip } from "./filter";

export function mountChips(el: HTMLElement, store: Store<AppState>, act: Actions): void {
  store.watch(["filter", "lang"], (s) => {
    if (!s.filter) {
      replace(el);
      el.hidden = true;
      return;
    }
    const x = h("button", { type: "button", class: "chip-x", title: t(s.lang, "filter.remove"), "aria-label": t(s.lang, "filter.remove") }, "×");
    on(x, { click: () => act.clearFilter() });
    const text = filterChip(s.filter, s.lang);
    replace(el, h("span", { class: "chip", "data-filter": s.filter.kind, title: text }, h("span", { class: "chip-text" }, text), x));
    el.hidden = false;
  });
}
