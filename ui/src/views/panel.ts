// Saved views: save the current view under a name, restore or delete one.
import type { Actions } from "../app/actions";
import type { AppState } from "../app/state";
import type { Store } from "../app/store";
import { h, on, replace } from "../dom";
import { t } from "../i18n/dict";

export function mountViews(el: HTMLElement, store: Store<AppState>, act: Actions): void {
  const title = h("h2", { class: "panel-title" });
  const name = h("input", { id: "view-name", type: "text", maxlength: 100, autocomplete: "off" });
  const save = h("button", { id: "view-save", type: "button" });
  const list = h("ul", { class: "views" });
  const submit = () => {
    const n = name.value.trim();
    if (!n) {
      name.focus();
      return;
    }
    act.saveView(n);
    name.value = "";
  };
  on(save, { click: submit });
  on(name, {
    keydown: (e) => {
      if (e.key === "Enter") submit();
    },
  });
  el.append(title, h("div", { class: "row" }, name, save), list);
  store.watch(["views", "lang"], (s) => {
    title.textContent = t(s.lang, "views.title");
    name.placeholder = t(s.lang, "views.name");
    name.setAttribute("aria-label", t(s.lang, "views.name"));
    save.textContent = t(s.lang, "views.save");
    if (!s.views.length) {
      replace(list, h("li", { class: "muted" }, t(s.lang, "views.empty")));
      return;
    }
    replace(list, ...s.views.map((v) => {
      const restore = h("button", { type: "button", class: "link view-name", title: t(s.lang, "views.restore"), "data-view": v }, v);
      const del = h("button", { type: "button", class: "icon", title: t(s.lang, "views.delete"), "aria-label": `${t(s.lang, "views.delete")} ${v}` }, "✕");
      on(restore, { click: () => act.restoreView(v) });
      on(del, { click: () => act.deleteView(v) });
      return h("li", null, restore, del);
    }));
  });
}
