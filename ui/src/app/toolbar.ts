// The map toolbar: layout (#layout), relayout, focus depth (#focus-depth),
// collapse measures, fit (#fit-btn), path, export, open (#open-btn),
// language (#lang-toggle) and the shortcut help.
import { h, on, replace } from "../dom";
import { mountExport } from "../export/panel";
import { t } from "../i18n/dict";
import { LAYOUTS, layoutOf } from "../views/viewstate";
import type { App } from "./app";
import type { AppState } from "./state";
import type { Store } from "./store";

export function mountToolbar(el: HTMLElement, store: Store<AppState>, app: App, toggleHelp: () => void): void {
  const layoutLabel = h("label", { for: "layout", class: "tb-label" });
  const layout = h("select", { id: "layout" });
  const relayout = h("button", { id: "relayout-btn", type: "button", class: "icon" }, "⟳");
  const depthLabel = h("label", { for: "focus-depth", class: "tb-label" });
  const depth = h("select", { id: "focus-depth" }, ...[1, 2, 3, 4, 5].map((n) => h("option", { value: n }, String(n))));
  const collapse = h("input", { id: "collapse", type: "checkbox" });
  const collapseLabel = h("label", { class: "check" }, collapse, h("span"));
  const fit = h("button", { id: "fit-btn", type: "button" });
  const path = h("button", { id: "path-btn", type: "button" });
  const exportGroup = h("div", { class: "tb-group export" });
  const docs = h("select", { id: "doc-picker", hidden: true });
  const open = h("button", { id: "open-btn", type: "button" });
  const lang = h("button", { id: "lang-toggle", type: "button" });
  const help = h("button", { id: "help-btn", type: "button", class: "icon" }, "?");

  el.append(
    h("div", { class: "tb-group" }, layoutLabel, layout, relayout, depthLabel, depth),
    h("div", { class: "tb-group" }, collapseLabel, fit, path),
    exportGroup,
    h("div", { class: "tb-group right" }, docs, open, lang, help),
  );
  mountExport(exportGroup, store, app);

  on(layout, {
    change: () => {
      app.setLayout(layoutOf(layout.value));
      queueMicrotask(() => {
        layout.value = store.get().layout;
      });
    },
  });
  on(relayout, { click: () => app.relayoutNow() });
  on(depth, { change: () => app.setDepth(Number(depth.value)) });
  on(collapse, { change: () => app.setCollapsed(collapse.checked) });
  on(fit, { click: () => app.fit() });
  on(path, { click: () => app.showPath() });
  on(open, { click: () => app.openPlan() });
  on(docs, { change: () => app.openDocument(docs.value) });
  store.watch(["documents", "lang"], (s) => {
    docs.hidden = s.documents.length < 2;
    docs.title = t(s.lang, "toolbar.docs.title");
    docs.setAttribute("aria-label", t(s.lang, "toolbar.docs.title"));
    replace(docs, ...s.documents.map((d) => {
      const name = Array.from(d.title || d.source);
      const short = name.length > 28 ? `${name.slice(0, 27).join("")}…` : name.join("");
      return h("option", { value: d.id, title: `${d.title} · ${d.source}` }, `${short} · ${d.nodes}`);
    }));
    const cur = s.documents.find((d) => d.current);
    if (cur) docs.value = cur.id;
  });
  on(lang, { click: () => app.setLang(store.get().lang === "zh" ? "en" : "zh") });
  on(help, { click: toggleHelp });

  store.watch(["lang", "layout", "depth", "collapsed", "selected", "ready"], (s) => {
    const L = s.lang;
    layoutLabel.textContent = t(L, "toolbar.layout");
    replace(layout, ...LAYOUTS.map((n) => h("option", { value: n }, t(L, `layout.${n}`))));
    layout.value = s.layout;
    relayout.title = t(L, "toolbar.layout");
    relayout.setAttribute("aria-label", t(L, "toolbar.layout"));
    depthLabel.textContent = t(L, "toolbar.depth");
    depth.value = String(s.depth);
    collapse.checked = s.collapsed;
    (collapseLabel.lastChild as HTMLElement).textContent = t(L, "toolbar.collapse");
    fit.textContent = t(L, "toolbar.fit");
    fit.title = `${t(L, "toolbar.fit")} (F)`;
    path.textContent = t(L, "toolbar.path");
    path.title = t(L, "toolbar.path.title");
    path.disabled = s.selected.length !== 2;
    open.textContent = t(L, "toolbar.open");
    open.title = t(L, "toolbar.open.title");
    lang.textContent = t(L, "toolbar.lang");
    lang.title = t(L, "toolbar.lang.title");
    help.title = t(L, "toolbar.help");
    help.setAttribute("aria-label", t(L, "toolbar.help"));
    document.documentElement.lang = L === "en" ? "en" : "zh-CN";
    document.title = t(L, "app.title");
  });
}
