// The one owner of the cytoscape instance. Everything else talks to the map
// through this class with plain data (ids, positions, visibility sets); no
// other module imports `cy` or calls cytoscape on it.
import cytoscape, { type Core, type NodeSingular } from "cytoscape";
import type { NodePos } from "../bindings";
import type { EdgeSnapshot, MapSnapshot, NodeSnapshot } from "../export/scene";
import type { Visibility } from "../filters/visibility";
import type { Camera, LayoutName } from "../views/viewstate";
import type { ElementDefs } from "./elements";
import { registerLayouts } from "./extensions";
import { hopDistances } from "./hops";
import { strategyPositionsAsync } from "./layered-async";
import { LABEL_WIDTH_BELOW, LABEL_WIDTH_RIGHT, stylesheet } from "./style";

/** Above this many drawn edges the map switches to cheap haystack edges without arrows. */
const LARGE_EDGES = 600;
/** Hover delay before neighbours are highlighted. */
const HOVER_MS = 80;
/** Id of the veil: the one non-graph node, a white sheet over the map that fades what is under it. */
const VEIL = "__veil";
/** How far the veil reaches beyond the outermost nodes (model units). */
const VEIL_MARGIN = 300;

export interface MapEvents {
  /** The selected nodes changed by the user (click, shift-click, box). */
  onSelect(ids: string[]): void;
  /** An edge was clicked. */
  onEdgeTap(id: string): void;
  /** A node was double-clicked. */
  onNodeDoubleTap(id: string): void;
  /** The background was clicked. */
  onBackgroundTap(): void;
  /** Zoom or pan settled. */
  onViewport(): void;
  /** A node was dragged somewhere. */
  onMoved(): void;
}

/** Frame timings: intervals between animation frames, and the renderer's draw time per drawn frame. */
export interface FrameStats {
  elements: number;
  frames: number;
  p50: number;
  p95: number;
  max: number;
  draws: number;
  drawP50: number;
  drawP95: number;
  drawMax: number;
}

function quantiles(v: number[]): { p50: number; p95: number; max: number } {
  const s = [...v].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.round((s.length - 1) * p))] ?? NaN;
  return { p50: q(0.5), p95: q(0.95), max: s[s.length - 1] ?? NaN };
}

export function frameSummary(gaps: number[], draws: number[]): Omit<FrameStats, "elements"> {
  const g = quantiles(gaps);
  const d = quantiles(draws);
  return { frames: gaps.length, ...g, draws: draws.length, drawP50: d.p50, drawP95: d.p95, drawMax: d.max };
}

export interface LayoutRequest {
  name: LayoutName;
  /** Focus layout: the centre node. */
  focus?: string;
}

export class MapController {
  private readonly cy: Core;
  private large = false;
  private labelsRight = true;
  private layoutRun = 0;
  private selectTimer: ReturnType<typeof setTimeout> | undefined;
  private viewportTimer: ReturnType<typeof setTimeout> | undefined;
  private flashTimer: ReturnType<typeof setTimeout> | undefined;
  private hoverTimer: ReturnType<typeof setTimeout> | undefined;
  private quiet = 0;
  /** Nodes the last layout (or restored view) placed. */
  private placed = new Set<string>();
  /** Whether the filter veil is up (elements outside the filter sit under it). */
  private veiled = false;

  /** `container` null makes a headless map (tests). */
  constructor(container: HTMLElement | null, private readonly events: MapEvents) {
    registerLayouts();
    this.cy = cytoscape({
      ...(container ? { container } : { headless: true, styleEnabled: true }),
      style: stylesheet(true, false),
      elements: [],
      minZoom: 0.02,
      maxZoom: 5,
      textureOnViewport: true,
      hideEdgesOnViewport: true,
      motionBlur: false,
      boxSelectionEnabled: true,
      selectionType: "single",
      pixelRatio: "auto",
    });
    this.wire();
  }

  private wire(): void {
    const cy = this.cy;
    cy.on("select unselect", "node", () => {
      if (this.quiet > 0) return;
      clearTimeout(this.selectTimer);
      this.selectTimer = setTimeout(() => this.events.onSelect(this.selectedIds()), 0);
    });
    cy.on("tap", "edge", (e) => this.events.onEdgeTap(e.target.id()));
    cy.on("dbltap", "node", (e) => this.events.onNodeDoubleTap(e.target.id()));
    cy.on("tap", (e) => {
      if (e.target === cy) this.events.onBackgroundTap();
    });
    // Hover highlights a node's neighbours (the rest dims) after a short
    // pause, so sweeping the mouse across the map does not restyle it per node.
    cy.on("mouseover", "node", (e) => {
      clearTimeout(this.hoverTimer);
      const node = e.target as NodeSingular;
      this.hoverTimer = setTimeout(() => this.hover(node), HOVER_MS);
    });
    cy.on("mouseout", "node", () => {
      clearTimeout(this.hoverTimer);
      this.unhover();
    });
    cy.on("viewport", () => {
      clearTimeout(this.viewportTimer);
      this.viewportTimer = setTimeout(() => this.events.onViewport(), 300);
    });
    cy.on("dragfree", "node", () => this.events.onMoved());
  }

  // Fading works by lifting, not by dimming: a white veil goes over the whole
  // map and the highlighted elements are drawn above it. Only the few lifted
  // elements are restyled, never the thousands under the veil (restyling every
  // element costs a few hundred milliseconds on a software-rendered canvas).

  private hover(node: NodeSingular): void {
    if (node.removed() || node.hasClass("hidden") || this.isFaded(node)) return;
    const near = node.closedNeighborhood().filter((el) => !el.hasClass("hidden"));
    this.cy.batch(() => {
      near.addClass("hover");
      this.setVeil(true);
    });
  }

  private unhover(): void {
    const lifted = this.cy.elements(".hover");
    if (lifted.empty()) return;
    this.cy.batch(() => {
      lifted.removeClass("hover");
      this.setVeil(this.veiled);
    });
  }

  /** Put the veil up (covering every node, with room to spare) or take it down. */
  private setVeil(up: boolean): void {
    const cy = this.cy;
    const veil = cy.getElementById(VEIL);
    if (!up) {
      if (veil.nonempty()) veil.remove();
      return;
    }
    const bb = this.graphEles().nodes().boundingBox({ includeLabels: false, includeOverlays: false });
    const w = Number.isFinite(bb.w) ? bb.w : 0;
    const h = Number.isFinite(bb.h) ? bb.h : 0;
    // just the graph and a margin: a bigger sheet costs more to paint
    const vw = Math.round(w + 2 * VEIL_MARGIN);
    const vh = Math.round(h + 2 * VEIL_MARGIN);
    const pos = { x: Number.isFinite(bb.x1) ? bb.x1 + w / 2 : 0, y: Number.isFinite(bb.y1) ? bb.y1 + h / 2 : 0 };
    if (veil.nonempty()) {
      veil.position(pos);
      if (veil.data("w") !== vw || veil.data("h") !== vh) veil.data({ w: vw, h: vh });
      return;
    }
    cy.add({
      group: "nodes",
      data: { id: VEIL, kind: "veil", label: "", shape: "rectangle", fill: "#ffffff", stroke: "#ffffff", size: 1, w: vw, h: vh, fontSize: 1 },
      classes: "veil",
      position: pos,
      selectable: false,
      grabbable: false,
      locked: true,
    });
  }

  /** Every graph element (everything but the veil). */
  private graphEles(): cytoscape.CollectionReturnValue {
    return this.cy.elements().filter((el) => el.id() !== VEIL);
  }

  /** Whether a drawn element sits under the filter veil. */
  private isFaded(el: { hasClass(name: string): boolean }): boolean {
    return this.veiled && !el.hasClass("lit");
  }

  /** Replace everything drawn with a new graph. */
  setGraph(defs: ElementDefs): void {
    this.layoutRun++;
    this.quiet++;
    this.cy.batch(() => {
      this.cy.elements().remove();
      this.cy.add([...defs.nodes, ...defs.edges]);
    });
    this.veiled = false;
    this.placed.clear();
    this.quiet--;
  }

  /**
   * Show, fade and hide elements as `v` says. Only elements whose state
   * changes are touched: a filter lifts its elements above the veil instead
   * of fading everything else.
   */
  applyVisibility(v: Visibility): void {
    const veil = v.fadedIds.size > 0;
    type Ele = cytoscape.SingularElementReturnValue;
    const hide: Ele[] = [];
    const show: Ele[] = [];
    const lift: Ele[] = [];
    const drop: Ele[] = [];
    const all = (list: Ele[]) => this.cy.collection(list as unknown as cytoscape.CollectionArgument);
    this.cy.elements().forEach((el) => {
      const id = el.id();
      if (id === VEIL) return;
      const shown = el.isNode() ? v.visibleNodeIds.has(id) : v.visibleEdgeIds.has(id);
      const lit = veil && shown && !v.fadedIds.has(id);
      if (el.hasClass("hidden") === shown) (shown ? show : hide).push(el);
      if (el.hasClass("lit") !== lit) (lit ? lift : drop).push(el);
    });
    this.quiet++;
    this.cy.batch(() => {
      const cy = this.cy;
      if (hide.length) {
        const c = all(hide);
        c.addClass("hidden");
        c.filter(":selected").unselect();
      }
      if (show.length) all(show).removeClass("hidden");
      if (drop.length) all(drop).removeClass("lit");
      if (lift.length) all(lift).addClass("lit");
      this.veiled = veil;
      this.setVeil(veil || cy.elements(".hover").nonempty());
    });
    this.quiet--;
    const large = v.visibleEdgeIds.size > LARGE_EDGES;
    if (large !== this.large) {
      this.large = large;
      this.restyle();
    }
  }

  private restyle(): void {
    this.cy.style(stylesheet(this.labelsRight, this.large));
  }

  /** Lay out the drawn nodes. Resolves when they are placed (a newer request wins). */
  async layout(req: LayoutRequest): Promise<void> {
    const run = ++this.layoutRun;
    const cy = this.cy;
    const nodes = cy.nodes().filter((n) => !n.hasClass("hidden") && n.id() !== VEIL);
    const edges = cy.edges().filter((e) => !e.hasClass("hidden"));
    const labelsRight = req.name === "strategy";
    if (labelsRight !== this.labelsRight) {
      this.labelsRight = labelsRight;
      this.restyle();
    }
    if (nodes.length === 0) return;
    if (req.name === "strategy") {
      const layerNodes = nodes.map((n) => {
        const size = n.data("size") as number;
        const fs = n.data("fontSize") as number;
        const chars = Array.from(String(n.data("label"))).length;
        const lines = Math.max(1, Math.ceil((chars * fs) / 150));
        return { id: n.id(), kind: n.data("kind"), w: size, h: Math.max(size, lines * fs * 1.2) };
      });
      const layerEdges = edges.map((e) => ({ source: e.data("source") as string, target: e.data("target") as string }));
      const pos = await strategyPositionsAsync(layerNodes, layerEdges);
      if (run !== this.layoutRun) return;
      this.place(pos, nodes);
      return;
    }
    if (req.name === "focus" && req.focus) {
      const ids = new Set(nodes.map((n) => n.id()));
      const dist = hopDistances(
        req.focus,
        edges.map((e) => ({ source: e.data("source"), target: e.data("target") })),
        ids,
      );
      const far = Math.max(1, ...dist.values()) + 1;
      await this.runLayout(nodes.union(edges), {
        name: "concentric",
        concentric: (n: NodeSingular) => far - (dist.get(n.id()) ?? far),
        levelWidth: () => 1,
        minNodeSpacing: 18,
        fit: true,
        padding: 40,
        animate: false,
      } as cytoscape.LayoutOptions);
      return;
    }
    await this.runLayout(nodes.union(edges), {
      name: "fcose",
      quality: "default",
      randomize: true,
      animate: false,
      fit: true,
      padding: 30,
      nodeRepulsion: 6000,
      idealEdgeLength: 70,
      nodeSeparation: 40,
      numIter: 2500,
    } as cytoscape.LayoutOptions);
  }

  private place(pos: Map<string, { x: number; y: number }>, nodes: cytoscape.NodeCollection): void {
    this.placed = new Set(pos.keys());
    this.cy.batch(() => {
      nodes.forEach((n) => {
        const p = pos.get(n.id());
        if (p) n.position(p);
      });
      this.refitVeil();
    });
    this.fit();
  }

  /** After nodes moved: make the veil (when up) cover them again. */
  private refitVeil(): void {
    if (this.cy.getElementById(VEIL).nonempty()) this.setVeil(true);
  }

  private runLayout(eles: cytoscape.CollectionReturnValue, opts: cytoscape.LayoutOptions): Promise<void> {
    this.placed = new Set(eles.nodes().map((n) => n.id()));
    return new Promise((resolve) => {
      const l = eles.layout(opts);
      l.one("layoutstop", () => {
        this.refitVeil();
        resolve();
      });
      l.run();
    });
  }

  /** Every node's position (hidden ones too: they keep theirs). */
  positions(): NodePos[] {
    return this.graphEles().nodes().map((n) => {
      const p = n.position();
      return { id: n.id(), x: Math.round(p.x * 10) / 10, y: Math.round(p.y * 10) / 10 };
    });
  }

  /** Put nodes where a saved view had them; returns how many were placed. */
  setPositions(list: readonly NodePos[]): number {
    let placed = 0;
    this.layoutRun++;
    this.cy.batch(() => {
      for (const p of list) {
        const n = this.cy.getElementById(p.id);
        if (n.nonempty() && Number.isFinite(p.x) && Number.isFinite(p.y)) {
          n.position({ x: p.x, y: p.y });
          this.placed.add(p.id);
          placed++;
        }
      }
      this.refitVeil();
    });
    return placed;
  }

  /** Whether a drawn node has no place from the last layout (it was hidden then). */
  unplaced(): boolean {
    return this.cy.nodes().filter((n) => !n.hasClass("hidden") && n.id() !== VEIL && !this.placed.has(n.id())).nonempty();
  }

  /** Use the stylesheet for a layout (labels beside nodes on the strategy map) without moving anything. */
  useLayoutStyle(name: LayoutName): void {
    const labelsRight = name === "strategy";
    if (labelsRight !== this.labelsRight) {
      this.labelsRight = labelsRight;
      this.restyle();
    }
  }

  camera(): Camera {
    const p = this.cy.pan();
    return { zoom: this.cy.zoom(), pan: [p.x, p.y] };
  }

  setCamera(c: Camera): void {
    if (!(c.zoom > 0) || !Number.isFinite(c.zoom)) return;
    this.cy.viewport({ zoom: c.zoom, pan: { x: c.pan[0], y: c.pan[1] } });
  }

  /** Fit the drawn elements (or the given nodes) into the window. */
  fit(ids?: readonly string[]): void {
    let eles = this.graphEles().filter((el) => !el.hasClass("hidden"));
    if (ids && ids.length) {
      const want = new Set(ids);
      const some = eles.filter((el) => el.isNode() && want.has(el.id()));
      if (some.nonempty()) eles = some;
    } else if (this.veiled) {
      const bright = this.cy.elements(".lit").filter((el) => !el.hasClass("hidden"));
      if (bright.nonempty()) eles = bright;
    }
    if (eles.nonempty()) this.cy.fit(eles, 30);
  }

  /** Select exactly these nodes (no onSelect echo). */
  select(ids: readonly string[]): void {
    this.quiet++;
    this.cy.batch(() => {
      this.cy.elements(":selected").unselect();
      for (const id of ids) {
        const n = this.cy.getElementById(id);
        if (n.nonempty() && !n.hasClass("hidden")) n.select();
      }
    });
    this.quiet--;
  }

  selectedIds(): string[] {
    return this.cy.nodes(":selected").map((n) => n.id());
  }

  /** Whether node `id` is drawn. */
  drawn(id: string): boolean {
    const n = this.cy.getElementById(id);
    return n.nonempty() && !n.hasClass("hidden");
  }

  /** Centre a node and flash its neighbourhood. */
  reveal(id: string): boolean {
    const n = this.cy.getElementById(id);
    if (n.empty() || n.hasClass("hidden")) return false;
    const near = n.closedNeighborhood().filter((el) => !el.hasClass("hidden"));
    this.cy.stop();
    this.cy.animate({ center: { eles: n }, zoom: Math.max(this.cy.zoom(), 1.1) }, { duration: 350 });
    this.cy.elements(".flash").removeClass("flash");
    near.addClass("flash");
    clearTimeout(this.flashTimer);
    this.flashTimer = setTimeout(() => this.cy.elements(".flash").removeClass("flash"), 1600);
    return true;
  }

  /** Mark a path's nodes and edges (empty lists clear it). */
  setPath(nodeIds: readonly string[], edgeIds: readonly string[]): void {
    this.cy.batch(() => {
      this.cy.elements(".path").removeClass("path");
      for (const id of [...nodeIds, ...edgeIds]) this.cy.getElementById(id).addClass("path");
    });
  }

  /** What is drawn, as plain data, for the image export. */
  snapshot(): MapSnapshot {
    const nodes: NodeSnapshot[] = [];
    const edges: EdgeSnapshot[] = [];
    this.cy.nodes().forEach((n) => {
      if (n.hasClass("hidden") || n.id() === VEIL) return;
      const p = n.position();
      nodes.push({
        id: n.id(),
        kind: n.data("kind"),
        x: p.x,
        y: p.y,
        w: n.width(),
        h: n.height(),
        shape: n.data("shape"),
        fill: n.data("fill"),
        stroke: n.data("stroke"),
        label: n.data("label"),
        fontSize: n.data("fontSize"),
        faded: this.isFaded(n),
        selected: n.selected(),
        labelPos: this.labelsRight ? "right" : "below",
        labelWidth: this.labelsRight ? LABEL_WIDTH_RIGHT : LABEL_WIDTH_BELOW,
      });
    });
    this.cy.edges().forEach((e) => {
      if (e.hasClass("hidden")) return;
      edges.push({
        id: e.id(),
        source: e.data("source"),
        target: e.data("target"),
        color: e.data("color"),
        width: e.data("width"),
        dashed: e.data("dashed"),
        faded: this.isFaded(e),
      });
    });
    return { nodes, edges };
  }

  /** The renderer's own timing: the last full draw and how many draws so far (0s when headless). */
  drawStats(): { lastMs: number; count: number } {
    const r = (this.cy as unknown as { renderer(): { lastRedrawTime?: number; redrawCount?: number } | undefined }).renderer();
    return { lastMs: r?.lastRedrawTime ?? 0, count: r?.redrawCount ?? 0 };
  }

  /** Whether the veil is up (a filter fades the rest, or a hover highlights a neighbourhood). */
  veilUp(): boolean {
    return this.cy.getElementById(VEIL).nonempty();
  }

  /** Elements drawn now (not hidden). */
  drawnCount(): number {
    return this.graphEles().filter((el) => !el.hasClass("hidden")).length;
  }

  /**
   * Record frames for `ms` (the perf harness pans and zooms with real input
   * meanwhile): the interval between animation frames and the renderer's
   * draw time of each frame it drew.
   */
  recordFrames(ms: number): Promise<FrameStats> {
    let t0 = -1;
    return this.timeFrames((now) => {
      if (t0 < 0) t0 = now;
      return now - t0 < ms;
    });
  }

  /**
   * Pan and zoom the whole map from script for `frames` animation frames
   * (every frame a full redraw, the worst case: user gestures draw from a
   * cached texture instead) and time them. The camera is put back after.
   */
  panZoomBench(frames = 180): Promise<FrameStats> {
    const cy = this.cy;
    const start = this.camera();
    let i = 0;
    return this.timeFrames(() => {
      if (i >= frames) {
        this.setCamera(start);
        return false;
      }
      const t = i / 30;
      cy.viewport({
        zoom: start.zoom * (1 + 0.5 * Math.sin(t)),
        pan: { x: start.pan[0] + 300 * Math.sin(t * 0.7), y: start.pan[1] + 200 * Math.cos(t * 0.9) },
      });
      i++;
      return true;
    });
  }

  /**
   * Call `frame` on every animation frame until it returns false, timing the
   * intervals between frames and the renderer's draw time of each frame it drew.
   */
  private timeFrames(frame: (now: number) => boolean): Promise<FrameStats> {
    const elements = this.drawnCount();
    return new Promise((resolve) => {
      const gaps: number[] = [];
      const draws: number[] = [];
      let last = 0;
      let seen = this.drawStats().count;
      const step = (now: number) => {
        if (last) gaps.push(now - last);
        last = now;
        const d = this.drawStats();
        if (d.count !== seen) {
          seen = d.count;
          draws.push(d.lastMs);
        }
        if (!frame(now)) {
          resolve({ elements, ...frameSummary(gaps, draws) });
          return;
        }
        requestAnimationFrame(step);
      };
      requestAnimationFrame(step);
    });
  }

  resize(): void {
    this.cy.resize();
  }

  destroy(): void {
    this.cy.destroy();
  }
}
