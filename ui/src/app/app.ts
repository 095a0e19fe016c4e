// The app: the only place that talks to Rust (ipc) and drives the map
// controller. It turns panel actions into state changes, derives the map's
// visibility from state, and remembers the view.
import type { ApiError, DataFormat, ImageFormat, NodeKind, Overview, SearchResult, ViewState } from "../bindings";
import { exportNodeIds, buildScene, fileStem, sourceLine } from "../export/scene";
import { filterChips, pathSelection, type Filter } from "../filters/filter";
import { collapseMeasures } from "../filters/visibility";
import type { MapController, MapEvents } from "../graph/controller";
import { toElements, type ElementDefs } from "../graph/elements";
import { isKey, langOf, t, type Key, type Lang } from "../i18n/dict";
import { asApiError, events, ipc } from "../ipc";
import { keepVisible, pathEnds, readerTarget, sameIds } from "../selection/selection";
import {
  clampDepth, filterRequestOf, hiddenKindsOf, layoutOf, positionsFit, viewDocToOpen, viewStateFrom,
  type FilterRequest, type LayoutName,
} from "../views/viewstate";
import type { Actions } from "./actions";
import { opensCollapsed, visibilityOf, type AppState } from "./state";
import type { Store } from "./store";

const PERSIST_MS = 1000;
const TOAST_MS = 8000;

/** Let the browser paint (the progress overlay) before a long main-thread task. */
function nextPaint(): Promise<void> {
  return new Promise((resolve) => {
    const done = () => resolve();
    requestAnimationFrame(() => setTimeout(done, 0));
    setTimeout(done, 100); // rAF does not run while the window is hidden
  });
}

/** Run `f` once the next frame has painted (or after 500 ms when frames do not come). */
function afterPaint(f: () => void): void {
  let done = false;
  const once = () => {
    if (!done) {
      done = true;
      f();
    }
  };
  requestAnimationFrame(() => requestAnimationFrame(once));
  setTimeout(once, 500);
}

export interface Chrome {
  /** `document.body.dataset.ready` (and the time it took, `readyMs`). */
  setReady(ready: boolean): void;
  /**
   * How long the last user operation took to reach the screen (`#map[data-last-op-ms]`),
   * and when each of its phases ended, in ms from its start (`data-last-op-phases`).
   */
  reportOp(ms: number, phases: Record<string, number>): void;
}

export class App implements Actions {
  private map!: MapController;
  private persistTimer: ReturnType<typeof setTimeout> | undefined;
  private toastTimer: ReturnType<typeof setTimeout> | undefined;
  private readerSeq = 0;
  /** Phase marks of the operation being timed: [label, performance.now()]. */
  private marks: [string, number][] = [];
  private reloading: Promise<void> | null = null;
  private importing = false;
  /** The start already switched to the last session's document (at most once). */
  private switchedToLast = false;
  /** What the progress bar is about when it is not the start-up (importing a file). */
  private phase: string | null = null;
  private beforeFocus: { layout: LayoutName; positions: ReturnType<MapController["positions"]> } | null = null;

  constructor(private readonly store: Store<AppState>, private readonly chrome: Chrome) {
    store.subscribe((s, prev) => {
      if (
        s.filter !== prev.filter || s.hiddenKinds !== prev.hiddenKinds || s.collapsed !== prev.collapsed ||
        s.layout !== prev.layout || s.depth !== prev.depth || s.selected !== prev.selected || s.lang !== prev.lang
      ) this.persistSoon();
    });
  }

  /** Events from the map controller. */
  mapEvents(): MapEvents {
    return {
      onSelect: (ids) => this.selected(ids, false),
      onEdgeTap: (id) => this.showEdge(id),
      onNodeDoubleTap: (id) => {
        if (this.s.layout === "focus") void this.focusOn(id, this.s.depth);
      },
      onBackgroundTap: () => {
        const r = this.store.get().reader;
        if (r.kind === "edge") this.store.set({ reader: { kind: "none" } });
      },
      onViewport: () => this.persistSoon(),
      onMoved: () => this.persistSoon(),
    };
  }

  attach(map: MapController): void {
    this.map = map;
  }

  private get s(): AppState {
    return this.store.get();
  }

  private tr(key: Key, vars?: Record<string, string | number>): string {
    return t(this.s.lang, key, vars);
  }

  // ───────────── start, reload, import ─────────────

  async start(): Promise<void> {
    await this.listen();
    this.store.set({ progress: { text: this.tr("app.loading"), fraction: 0 } });
    try {
      await ipc.openDefault();
      performance.mark("boot:opened");
    } catch (e) {
      this.fail("error.start", e);
      this.store.set({ progress: null });
      return;
    }
    await this.load(true);
  }

  private async listen(): Promise<void> {
    const guard = async (p: Promise<unknown>) => {
      try {
        await p;
      } catch {
        /* no Tauri (plain browser): events never come */
      }
    };
    await Promise.all([
      guard(events.onProgress((p) => {
        const stage = `stage.${p.stage}`;
        const name = isKey(stage) ? this.tr(stage) : p.stage;
        const phase = this.phase ?? this.tr(p.stage === "load" || p.stage === "done" ? "app.loading" : "app.building");
        this.store.set({ progress: { text: `${phase} · ${name}`, fraction: Math.max(0, Math.min(1, p.fraction)) } });
      })),
      guard(events.onImportStarted((path) => {
        const name = path.split(/[\\/]/).pop() ?? path;
        this.phase = this.tr("app.importing", { name });
        this.store.set({ progress: { text: this.phase, fraction: 0 }, error: null });
      })),
      guard(events.onPlanChanged((o: Overview) => {
        if (this.importing) return; // the open button's own call reloads
        void this.reload().then(() => this.toast(this.tr("app.imported", { name: o.source })));
      })),
      guard(events.onImportFailed((e: ApiError) => {
        this.phase = null;
        this.store.set({ progress: null, error: this.tr("error.import", { message: e.message }) });
      })),
    ]);
  }

  private reload(): Promise<void> {
    this.reloading ??= this.load(false).finally(() => {
      this.reloading = null;
    });
    return this.reloading;
  }

  /** Fetch everything for the open plan and draw it; `restore` applies the last session's view. */
  private async load(restore: boolean): Promise<void> {
    this.chrome.setReady(false);
    try {
      const t0 = performance.now();
      const [graph, overview, lens, outline, gaps, views, last, documents] = await Promise.all([
        ipc.viewGraph(), ipc.overview(), ipc.lens(), ipc.outline(), ipc.gaps(), ipc.viewsList().catch(() => [] as string[]),
        restore ? ipc.lastViewGet().catch(() => null) : Promise.resolve(null),
        ipc.documents().catch(() => []),
      ]);
      // The last session ended on another document of the library: reopen
      // on that one (once; a document that no longer opens is skipped).
      if (restore && !this.switchedToLast && last && viewDocToOpen(last, documents)) {
        this.switchedToLast = true;
        try {
          await ipc.openDocument(last.doc!);
          return await this.load(true);
        } catch (e) {
          console.warn("the last document did not open", e);
        }
      }
      // Everything the first frame needs is fetched before anything is drawn,
      // so the map is styled and drawn once, in its final state.
      const lastFilter = await this.viewFilter(last);
      this.mark("ipc");
      performance.mark("boot:fetched");
      const aggregates = collapseMeasures(graph);
      this.beforeFocus = null;
      this.store.set({
        graph, overview, lens, outline, gaps, views, aggregates, documents,
        filter: null, selected: [], reader: { kind: "none" }, visibility: null,
        error: overview.notice ? this.tr("status.notice", { notice: overview.notice }) : null,
      });
      this.mark("panels");
      await this.applyViewWith(last, lastFilter, toElements(graph, aggregates, overview.kinds));
      this.mark("view");
      performance.mark("boot:drawn");
      this.phase = null;
      this.store.set({ ready: true, progress: null });
      // interactive once the map is on screen, not when it is merely built
      afterPaint(() => this.chrome.setReady(true));
      this.reportOp(t0);
      this.persistNow(); // the next start can skip the layout
    } catch (e) {
      this.phase = null;
      this.store.set({ progress: null });
      this.fail("error.start", e);
    }
  }

  openDocument(id: string): void {
    if (this.importing || this.s.documents.find((d) => d.current)?.id === id) return;
    const t0 = performance.now();
    void (async () => {
      this.importing = true;
      try {
        this.store.set({ progress: { text: this.tr("app.loading"), fraction: -1 } });
        await ipc.openDocument(id);
        this.mark("ipc");
        await this.load(false);
        this.reportOp(t0);
      } catch (e) {
        this.store.set({ progress: null });
        this.fail("error.generic", e);
      } finally {
        this.importing = false;
      }
    })();
  }

  openPlan(): void {
    void (async () => {
      this.importing = true;
      try {
        const o = await ipc.openPlan();
        if (o) {
          this.phase = null;
          await this.reload();
          this.toast(this.tr("app.imported", { name: o.source }));
        } else {
          this.phase = null;
          this.store.set({ progress: null });
        }
      } catch (e) {
        const err = asApiError(e);
        this.phase = null;
        this.store.set({ progress: null });
        if (err.code !== "cancelled") this.store.set({ error: this.tr("error.import", { message: err.message }) });
      } finally {
        this.importing = false;
      }
    })();
  }

  // ───────────── visibility and layout ─────────────

  /** Recompute what the map draws from state and apply it. */
  private refresh(): void {
    const vis = visibilityOf(this.s);
    this.mark("derive");
    this.store.set({ visibility: vis });
    this.mark("panels");
    if (!vis) return;
    this.map.applyVisibility(vis);
    this.mark("classes");
    const f = this.s.filter;
    if (f?.kind === "path") this.map.setPath(f.selection.nodes, f.selection.edges);
    else this.map.setPath([], []);
    const kept = keepVisible(this.s.selected, vis);
    if (!sameIds(kept, this.s.selected)) this.selected(kept, true);
  }

  private async relayout(): Promise<void> {
    const s = this.s;
    this.store.set({ progress: { text: this.tr("app.layout"), fraction: -1 } });
    await nextPaint();
    try {
      await this.map.layout({ name: s.layout, focus: s.filter?.kind === "focus" ? s.filter.id : undefined });
    } catch (e) {
      this.fail("error.generic", e);
    } finally {
      this.store.set({ progress: null });
    }
    this.persistSoon();
  }

  setLayout(name: LayoutName): void {
    void (async () => {
      const s = this.s;
      if (name === "focus") {
        const id = s.filter?.kind === "focus" ? s.filter.id : s.selected[0];
        if (!id) {
          this.toast(this.tr("error.noFocus"));
          return;
        }
        await this.focusOn(id, s.depth);
        return;
      }
      if (s.layout === "focus") {
        await this.leaveFocus(name);
        return;
      }
      this.store.set({ layout: name });
      this.refresh();
      await this.relayout();
    })();
  }

  /** Relayout with the current layout (the ⟳ button). */
  relayoutNow(): void {
    void this.relayout();
  }

  private async focusOn(id: string, depth: number): Promise<void> {
    const d = clampDepth(depth);
    let sel;
    try {
      sel = await ipc.focus(id, d);
    } catch (e) {
      this.fail("error.generic", e);
      return;
    }
    if (this.s.layout !== "focus") this.beforeFocus = { layout: this.s.layout, positions: this.map.positions() };
    this.store.set({ filter: { kind: "focus", id, depth: d, selection: sel }, layout: "focus", depth: d });
    this.refresh();
    await this.relayout();
    this.map.select([id]);
    this.selected([id], true);
  }

  private async leaveFocus(next: LayoutName): Promise<void> {
    const before = this.beforeFocus;
    this.beforeFocus = null;
    const filter = this.s.filter?.kind === "focus" ? null : this.s.filter;
    this.store.set({ layout: next, filter });
    this.refresh();
    if (before && before.layout === next) {
      this.map.useLayoutStyle(next);
      this.map.setPositions(before.positions);
      this.map.fit();
      this.persistSoon();
    } else {
      await this.relayout();
    }
  }

  setDepth(depth: number): void {
    const d = clampDepth(depth);
    this.store.set({ depth: d });
    const f = this.s.filter;
    if (f?.kind === "focus") void this.focusOn(f.id, d);
  }

  toggleKind(kind: NodeKind): void {
    const hidden = this.s.hiddenKinds.includes(kind)
      ? this.s.hiddenKinds.filter((k) => k !== kind)
      : [...this.s.hiddenKinds, kind];
    this.store.set({ hiddenKinds: hidden });
    this.refresh();
    if (this.map.unplaced()) void this.relayout();
  }

  setCollapsed(collapsed: boolean): void {
    this.store.set({ collapsed });
    this.refresh();
    void this.relayout();
  }

  fit(): void {
    this.map.fit();
  }

  setLang(lang: Lang): void {
    this.store.set({ lang });
  }

  // ───────────── filters ─────────────

  private async setFilter(f: Filter): Promise<void> {
    if (this.s.layout === "focus") {
      const before = this.beforeFocus;
      await this.leaveFocus(before?.layout ?? "strategy");
    }
    this.store.set({ filter: f });
    this.mark("filter-panels");
    this.refresh();
    this.map.frameLifted();
    this.mark("fit");
    this.persistSoon();
  }

  private async request(req: FilterRequest): Promise<Filter> {
    switch (req.kind) {
      case "trace": return { kind: "trace", goal: req.goal, selection: await ipc.trace(req.goal) };
      case "counties": return { kind: "counties", names: req.names, selection: await ipc.counties(req.names) };
      case "cell": return { kind: "cell", county: req.county, part: req.part, selection: await ipc.cell(req.county, req.part) };
      case "focus": return { kind: "focus", id: req.id, depth: req.depth, selection: await ipc.focus(req.id, req.depth) };
    }
  }

  private filterBy(req: FilterRequest): void {
    const t0 = performance.now();
    void (async () => {
      try {
        const f = await this.request(req);
        this.mark("ipc");
        await this.setFilter(f);
        this.reportOp(t0);
      } catch (e) {
        this.fail("error.generic", e);
      }
    })();
  }

  traceGoal(id: string): void {
    this.filterBy({ kind: "trace", goal: id });
  }

  setCounties(names: string[]): void {
    if (names.length === 0) {
      const t0 = performance.now();
      this.clearFilter();
      this.reportOp(t0);
    } else {
      this.filterBy({ kind: "counties", names });
    }
  }

  openCell(county: string, part: string): void {
    this.filterBy({ kind: "cell", county, part });
  }

  clearFilter(): void {
    const s = this.s;
    if (!s.filter) return;
    if (s.layout === "focus") {
      void this.leaveFocus(this.beforeFocus?.layout ?? "strategy");
      return;
    }
    this.store.set({ filter: null });
    if (s.reader.kind === "path") this.store.set({ reader: { kind: "none" } });
    this.refresh();
  }

  showPath(): void {
    const ends = pathEnds(this.s.selected);
    if (!ends) {
      this.toast(this.tr("error.needTwo"));
      return;
    }
    const [from, to] = ends;
    void (async () => {
      let hops;
      try {
        hops = await ipc.path(from, to);
      } catch (e) {
        const err = asApiError(e);
        if (err.code === "not-found") {
          this.store.set({ reader: { kind: "path", hops: [], from, to } });
          return;
        }
        this.fail("error.generic", e);
        return;
      }
      this.store.set({ reader: { kind: "path", hops, from, to } });
      if (hops.length) await this.setFilter({ kind: "path", from, to, hops, selection: pathSelection(hops) });
    })();
  }

  clearAll(): void {
    this.map.select([]);
    this.selected([], true);
    this.store.set({ reader: { kind: "none" } });
    this.clearFilter();
  }

  // ───────────── selection and reader ─────────────

  /** The selected nodes changed (from the map, or programmatically when `fromApp`). */
  private selected(ids: string[], fromApp: boolean): void {
    if (!fromApp && sameIds(ids, this.s.selected)) return;
    this.store.set({ selected: ids });
    const target = readerTarget(ids);
    const seq = ++this.readerSeq;
    if (target.kind === "none") {
      const r = this.s.reader.kind;
      if (r !== "edge" && r !== "path") this.store.set({ reader: { kind: "none" } });
      return;
    }
    if (target.kind === "multi") {
      this.store.set({ reader: { kind: "multi", ids: target.ids } });
      return;
    }
    this.store.set({ reader: { kind: "loading" } });
    ipc.nodeEvidence(target.id).then(
      (ev) => {
        if (seq === this.readerSeq) this.store.set({ reader: { kind: "node", ev } });
      },
      (e) => {
        if (seq === this.readerSeq) {
          this.store.set({ reader: { kind: "none" } });
          this.fail("error.generic", e);
        }
      },
    );
  }

  /** Make node `id` drawn: show its kind, expand collapsed measures, refocus when the focus hides it. */
  private async ensureDrawn(id: string): Promise<boolean> {
    const s = this.s;
    const node = s.graph?.nodes.find((n) => n.id === id);
    if (!node) return false;
    let changed = false;
    if (s.hiddenKinds.includes(node.kind)) {
      this.store.set({ hiddenKinds: s.hiddenKinds.filter((k) => k !== node.kind) });
      changed = true;
    }
    if (s.collapsed && node.kind === "measure" && node.parent) {
      this.store.set({ collapsed: false });
      changed = true;
    }
    if (changed) {
      this.refresh();
      if (this.map.unplaced()) await this.relayout();
    }
    if (!this.s.visibility?.visibleNodeIds.has(id) && this.s.filter?.kind === "focus") {
      await this.focusOn(id, this.s.depth);
    }
    return this.map.drawn(id);
  }

  selectNode(id: string): void {
    void (async () => {
      if (!(await this.ensureDrawn(id))) return;
      this.map.select([id]);
      this.selected([id], true);
      this.map.reveal(id);
    })();
  }

  jumpTo(id: string): void {
    void (async () => {
      if (await this.ensureDrawn(id)) this.map.reveal(id);
    })();
  }

  showEdge(id: string): void {
    const agg = this.s.aggregates.find((a) => a.id === id);
    const edgeId = agg ? agg.members[0] : id;
    const seq = ++this.readerSeq;
    this.store.set({ reader: { kind: "loading" } });
    ipc.edgeEvidence(edgeId).then(
      (ev) => {
        if (seq === this.readerSeq) this.store.set({ reader: { kind: "edge", ev } });
      },
      (e) => {
        if (seq === this.readerSeq) this.store.set({ reader: { kind: "none" } });
        this.fail("error.generic", e);
      },
    );
  }

  search(query: string): Promise<SearchResult[]> {
    return ipc.search(query).then((r) => {
      this.mark("ipc");
      return r;
    });
  }

  // ───────────── export ─────────────

  private exportTitle(): string {
    const s = this.s;
    return s.filter ? s.filter.selection.label : (s.overview?.title ?? "planmap");
  }

  exportImage(format: ImageFormat, scale: number, onlySelected: boolean): void {
    const s = this.s;
    if (!s.overview) return;
    const scene = buildScene(this.map.snapshot(), {
      title: this.exportTitle(),
      filters: filterChips(s.filter, s.lang),
      source: sourceLine(s.overview.title, s.overview.source, s.lang),
      kinds: s.overview.kinds,
      lang: s.lang,
      onlySelected,
    });
    if (!scene.nodes.length) {
      this.toast(this.tr("export.empty"));
      return;
    }
    this.saved(ipc.exportImage(scene, format, format === "png" ? Math.max(1, Math.min(4, scale)) : 1));
  }

  exportData(format: DataFormat, onlySelected: boolean): void {
    const s = this.s;
    if (!s.visibility) return;
    const ids = exportNodeIds(s.visibility, s.selected, onlySelected);
    if (!ids.length) {
      this.toast(this.tr("export.empty"));
      return;
    }
    this.saved(ipc.exportData(format, ids, fileStem(this.exportTitle())));
  }

  private saved(p: Promise<string | null>): void {
    p.then(
      (path) => this.toast(path ? this.tr("export.saved", { path }) : this.tr("export.cancelled")),
      (e) => {
        if (asApiError(e).code === "cancelled") this.toast(this.tr("export.cancelled"));
        else this.fail("error.generic", e);
      },
    );
  }

  // ───────────── views ─────────────

  private viewState(name: string): ViewState {
    const s = this.s;
    return viewStateFrom(name, {
      layout: s.layout, filter: s.filter, depth: s.depth, hiddenKinds: s.hiddenKinds,
      collapsed: s.collapsed, selected: s.selected, lang: s.lang,
      doc: s.documents.find((d) => d.current)?.id ?? null,
    }, this.map.positions(), this.map.camera());
  }

  /** The filter a view had, asked of Rust again (null when none, or when it no longer applies). */
  private async viewFilter(v: ViewState | null): Promise<Filter | null> {
    const req = v ? filterRequestOf(v) : null;
    return req ? this.request(req).catch(() => null) : null;
  }

  /** Apply a saved (or the last) view; null is the default view. */
  private async applyView(v: ViewState | null): Promise<void> {
    await this.applyViewWith(v, await this.viewFilter(v));
  }

  /**
   * Apply a view whose filter is already fetched; synchronous unless a layout
   * must run. With `defs` (a new graph), the map is built in the view's
   * state: every element is added and styled once, in its final place.
   */
  private async applyViewWith(v: ViewState | null, fetched: Filter | null, defs?: ElementDefs): Promise<void> {
    const graph = this.s.graph;
    if (!graph) return;
    const lang: Lang = v ? langOf(v.lang) : this.s.lang;
    let filter = fetched;
    let layout = v ? layoutOf(v.layout) : "strategy";
    if (layout === "focus" && filter?.kind !== "focus") layout = "strategy";
    if (layout !== "focus" && filter?.kind === "focus") filter = null;
    this.beforeFocus = null;
    this.store.set({
      lang, layout, filter,
      hiddenKinds: v ? hiddenKindsOf(v) : [],
      collapsed: v?.collapsed ?? opensCollapsed(graph),
      depth: clampDepth(v?.depth ?? this.s.depth),
      reader: { kind: "none" },
    });
    const placed = v !== null && positionsFit(v.positions, graph);
    if (defs) {
      this.map.setGraph(defs, { visibility: visibilityOf(this.s), positions: placed ? v.positions : [], layout });
      this.mark("add");
    }
    this.refresh();
    if (placed) {
      this.map.useLayoutStyle(layout);
      this.map.setPositions(v.positions);
      if (v.zoom > 0) this.map.setCamera({ zoom: v.zoom, pan: v.pan });
      else this.map.fit();
    } else {
      await this.relayout();
    }
    const sel = keepVisible(v?.selection ?? [], this.s.visibility);
    this.map.select(sel);
    this.selected(sel, true);
  }

  saveView(name: string): void {
    void (async () => {
      try {
        await ipc.viewSave(this.viewState(name));
        this.store.set({ views: await ipc.viewsList() });
        this.toast(this.tr("views.saved", { name }));
      } catch (e) {
        this.fail("error.generic", e);
      }
    })();
  }

  restoreView(name: string): void {
    void (async () => {
      try {
        const v = await ipc.viewGet(name);
        if (viewDocToOpen(v, this.s.documents)) {
          await ipc.openDocument(v.doc!);
          await this.load(false);
        }
        await this.applyView(v);
        this.persistSoon();
      } catch (e) {
        this.fail("error.generic", e);
      }
    })();
  }

  deleteView(name: string): void {
    void (async () => {
      try {
        await ipc.viewDelete(name);
        this.store.set({ views: await ipc.viewsList() });
        this.toast(this.tr("views.deleted", { name }));
      } catch (e) {
        this.fail("error.generic", e);
      }
    })();
  }

  private persistSoon(): void {
    if (!this.s.ready) return;
    clearTimeout(this.persistTimer);
    this.persistTimer = setTimeout(() => this.persistNow(), PERSIST_MS);
  }

  private persistNow(): void {
    clearTimeout(this.persistTimer);
    ipc.lastViewSet(this.viewState("")).catch((e) => console.warn("last view not saved", e));
  }

  /** Note that a phase of the operation being timed ended now (see `reportOp`). */
  private mark(label: string): void {
    this.marks.push([label, performance.now()]);
  }

  reportOp(startedAt: number): void {
    requestAnimationFrame(() => this.mark("frame1"));
    afterPaint(() => {
      const end = performance.now();
      const phases: Record<string, number> = {};
      for (const [label, at] of this.marks) if (at >= startedAt) phases[label] = Math.round((at - startedAt) * 10) / 10;
      this.marks = [];
      phases.paint = Math.round((end - startedAt) * 10) / 10;
      const d = this.map.drawStats();
      phases.draw = Math.round(d.lastMs * 10) / 10;
      phases.drawOverlay = Math.round(d.overlayMs * 10) / 10;
      this.chrome.reportOp(end - startedAt, phases);
    });
  }

  // ───────────── messages ─────────────

  private fail(key: Key, e: unknown): void {
    const err = asApiError(e);
    this.store.set({ error: this.tr(key, { message: err.message }) });
  }

  dismissError(): void {
    this.store.set({ error: null });
  }

  toast(text: string): void {
    this.store.set({ toast: null }); // the same text again still shows anew
    this.store.set({ toast: text });
    clearTimeout(this.toastTimer);
    this.toastTimer = setTimeout(() => this.store.set({ toast: null }), TOAST_MS);
  }
}
