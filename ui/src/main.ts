// planmap's front end: builds the window's layout, mounts the panels, wires
// the keyboard, and starts the app. See app/app.ts for the behaviour.
import "./style.css";
import { App } from "./app/app";
import { initialState, type AppState } from "./app/state";
import { Store } from "./app/store";
import { mountToolbar } from "./app/toolbar";
import { h, on, replace } from "./dom";
import { mountChips } from "./filters/chips";
import { mountGoalPicker } from "./filters/goal-picker";
import { countShown, probeNode } from "./filters/visibility";
import { mountGaps } from "./gaps/panel";
import { MapController } from "./graph/controller";
import { mountLegend } from "./graph/legend";
import { t, type Key } from "./i18n/dict";
import { mountLens } from "./lens/panel";
import { mountOutline } from "./outline/panel";
import { mountReader } from "./reader/panel";
import { mountSearch } from "./search/panel";
import { mountViews } from "./views/panel";

function typing(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || !el.tagName) return false;
  return el.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(el.tagName);
}

function main(): void {
  // page timeline marks ("boot:*"), read by the perf harness
  performance.mark("boot:module");
  const root = document.getElementById("app");
  if (!root) return;
  // Chinese first; the last session's view may switch to English.
  const store = new Store<AppState>(initialState("zh"));

  // ── layout ──
  const searchBox = h("div", { class: "panel search-panel" });
  const goalPanel = h("section", { class: "panel", id: "goal-panel" });
  const lensPanel = h("section", { class: "panel", id: "lens-panel" });
  const outlinePanel = h("section", { class: "panel", id: "outline-panel" });
  const gapsPanel = h("section", { class: "panel", id: "gaps-panel" });
  const viewsPanel = h("section", { class: "panel", id: "views-panel" });
  const left = h("aside", { class: "sidebar left" }, searchBox, goalPanel, lensPanel, outlinePanel, gapsPanel, viewsPanel);

  const toolbar = h("div", { class: "toolbar", role: "toolbar" });
  const bannerText = h("span", { class: "banner-text" });
  const bannerClose = h("button", { id: "error-dismiss", type: "button", class: "icon" }, "✕");
  const banner = h("div", { id: "error-banner", role: "alert", hidden: true }, h("span", { class: "banner-icon" }, "⚠"), bannerText, bannerClose);
  const chips = h("div", { id: "filter-chips", class: "chips", hidden: true });
  // The map draws into an element of its own: cytoscape watches every
  // attribute of its container (for size changes) and redraws the whole map
  // 100 ms after any of them changes, and #map's data attributes change with
  // every operation.
  const mapCanvas = h("div", { class: "map-canvas" });
  const mapEl = h("div", { id: "map", "data-node-count": "0", "data-edge-count": "0", "data-total-nodes": "0" }, mapCanvas);
  const legend = h("div", { id: "legend", class: "legend", hidden: true });
  const progressBar = h("progress", { max: 1 });
  const progressText = h("span", { class: "progress-text" });
  const progress = h("div", { id: "progress", role: "status", "aria-live": "polite" }, progressText, progressBar);
  const helpBox = h("div", { id: "help", class: "help", hidden: true, role: "dialog" });
  // the filter chips float over the map: showing them never resizes it
  // (a resize reallocates every canvas and redraws the whole map)
  const mapWrap = h("div", { class: "map-wrap" }, mapEl, chips, legend, progress, helpBox);
  const status = h("div", { class: "statusbar", id: "status" });
  const centre = h("main", { class: "centre" }, toolbar, banner, mapWrap, status);

  const reader = h("aside", { id: "reader", class: "sidebar right", "aria-label": "evidence" });
  const toast = h("div", { id: "toast", role: "status", "aria-live": "polite", hidden: true });

  // e2e probe: type a node id into #probe-id, click #probe-btn, read #probe-out
  // ("visible" / "faded" / "hidden" / "absent"). Kept out of sight, not out of the DOM.
  const probeId = h("input", { id: "probe-id", type: "text", class: "probe", tabindex: -1, "aria-hidden": "true" });
  const probeBtn = h("button", { id: "probe-btn", type: "button", class: "probe", tabindex: -1, "aria-hidden": "true" }, "probe");
  const probeOut = h("output", { id: "probe-out", class: "probe", "aria-hidden": "true" });
  // perf probe: #perf-panzoom runs a scripted pan/zoom; #perf-out gets the frame times as JSON.
  const perfBtn = h("button", { id: "perf-panzoom", type: "button", class: "probe", tabindex: -1, "aria-hidden": "true" }, "perf");
  const perfOut = h("output", { id: "perf-out", class: "probe", "aria-hidden": "true" });
  const probe = h("div", { class: "probe-box" }, probeId, probeBtn, probeOut, perfBtn, perfOut);

  root.append(left, centre, reader, toast, probe);

  // ── app ──
  const app = new App(store, {
    setReady: (ready) => {
      if (ready) {
        performance.mark("boot:ready");
        document.body.dataset.readyMs = String(Math.round(performance.now()));
      }
      document.body.dataset.ready = ready ? "1" : "0";
    },
    reportOp: (ms, phases) => {
      mapEl.dataset.lastOpPhases = JSON.stringify(phases);
      mapEl.dataset.lastOpMs = ms.toFixed(1);
    },
  });
  const map = new MapController(mapCanvas, app.mapEvents());
  // names on the map are not placed under the legend or the filter chips
  map.setOccluders(() => {
    const base = mapCanvas.getBoundingClientRect();
    return [legend, chips]
      .filter((el) => !el.hidden)
      .map((el) => el.getBoundingClientRect())
      .filter((r) => r.width > 0 && r.height > 0)
      .map((r) => ({ x1: r.left - base.left, y1: r.top - base.top, x2: r.right - base.left, y2: r.bottom - base.top }));
  });
  app.attach(map);
  new ResizeObserver(() => map.resize()).observe(mapEl);

  const search = mountSearch(searchBox, store, app);
  mountGoalPicker(goalPanel, store, app);
  mountLens(lensPanel, store, app);
  mountOutline(outlinePanel, store, app);
  mountGaps(gapsPanel, store, app);
  mountViews(viewsPanel, store, app);
  mountReader(reader, store, app);
  mountChips(chips, store, app);
  mountLegend(legend, store, app);

  const toggleHelp = (show?: boolean) => {
    helpBox.hidden = show === undefined ? !helpBox.hidden : !show;
  };
  mountToolbar(toolbar, store, app, () => toggleHelp());

  // ── help ──
  store.watch(["lang"], (s) => {
    const L = s.lang;
    const row = (k: string, key: Key) => h("tr", null, h("th", null, h("kbd", null, k)), h("td", null, t(L, key)));
    const close = h("button", { type: "button", class: "icon", title: t(L, "help.close"), "aria-label": t(L, "help.close") }, "✕");
    on(close, { click: () => toggleHelp(false) });
    replace(helpBox,
      h("div", { class: "help-head" }, h("h2", null, t(L, "help.title")), close),
      h("table", null, row("/", "help.search"), row("Esc", "help.esc"), row("F", "help.fit"), row("?", "help.help"),
        row("Shift", "help.select"), row("2×", "help.dbl")));
  });

  // ── banner, toast, progress, status, map counts ──
  on(bannerClose, { click: () => app.dismissError() });
  store.watch(["error", "lang"], (s) => {
    bannerText.textContent = s.error ?? "";
    banner.hidden = !s.error;
    bannerClose.title = t(s.lang, "error.dismiss");
    bannerClose.setAttribute("aria-label", t(s.lang, "error.dismiss"));
  });
  store.watch(["toast"], (s) => {
    if (s.toast) toast.textContent = s.toast;
    toast.hidden = !s.toast;
  });
  store.watch(["progress"], (s) => {
    const p = s.progress;
    progress.hidden = !p;
    progress.classList.toggle("busy", !!p);
    progressText.textContent = p?.text ?? "";
    if (p && p.fraction >= 0) progressBar.value = p.fraction;
    else progressBar.removeAttribute("value"); // indeterminate
  });
  store.watch(["visibility", "graph", "overview", "lang"], (s) => {
    const shown = s.visibility ? countShown(s.visibility) : { nodes: 0, edges: 0 };
    mapEl.dataset.nodeCount = String(shown.nodes);
    mapEl.dataset.edgeCount = String(shown.edges);
    mapEl.dataset.totalNodes = String(s.graph?.nodes.length ?? 0);
    const o = s.overview;
    replace(status,
      o ? h("span", { class: "doc-title", title: `${o.source} · ${o.dbPath}` }, o.title) : null,
      o ? h("span", null, t(s.lang, "status.stats", { nodes: o.nodes, edges: o.edges, restored: o.restored, missing: o.missingNumerals })) : null,
      s.graph ? h("span", null, t(s.lang, "status.nodes", { shown: shown.nodes, total: s.graph.nodes.length })) : null);
  });
  on(probeBtn, {
    click: () => {
      const s = store.get();
      const id = probeId.value.trim();
      const state = probeNode(s.graph, s.visibility, id);
      probeOut.textContent = state;
      probeOut.dataset.state = state;
      // whether the map names it where its own label is too small to read
      probeOut.dataset.named = map.namedIds().includes(id) ? "1" : "0";
    },
  });

  on(perfBtn, {
    click: () => {
      // data-mode="record": time frames for data-ms while the harness pans/zooms with real input
      const ms = Number(perfBtn.dataset.ms || "3000");
      const run = perfBtn.dataset.mode === "record" ? map.recordFrames(ms) : map.panZoomBench();
      void run.then((r) => {
        perfOut.textContent = JSON.stringify(r);
      });
    },
  });

  // ── keyboard ──
  document.addEventListener("keydown", (e) => {
    if (e.isComposing) return;
    if (e.key === "Escape") {
      if (!helpBox.hidden) {
        toggleHelp(false);
        return;
      }
      if (search.close()) return;
      if (typing(e.target)) {
        (e.target as HTMLElement).blur();
        return;
      }
      app.clearAll();
      return;
    }
    if (typing(e.target) || e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.key === "/") {
      e.preventDefault();
      search.focus();
    } else if (e.key === "f" || e.key === "F") {
      e.preventDefault();
      app.fit();
    } else if (e.key === "?") {
      e.preventDefault();
      toggleHelp();
    }
  });

  performance.mark("boot:mounted");
  void app.start();
}

main();
