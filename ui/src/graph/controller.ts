// The one owner of the cytoscape instance. Everything else talks to the map
// through this class with plain data (ids, positions, visibility sets); no
// other module imports `cy` or calls cytoscape on it.
import cytoscape, { type Core, type NodeSingular } from "cytoscape";
import type { NodePos } from "../bindings";
import type { EdgeSnapshot, MapSnapshot, NodeSnapshot } from "../export/scene";
import type { Visibility } from "../filters/visibility";
import { sameIds } from "../selection/selection";
import type { Camera, LayoutName } from "../views/viewstate";
import type { ElementDefs } from "./elements";
import { mapLabel } from "./kinds";
import { useFcose } from "./extensions";
import { hopDistances } from "./hops";
import { strategyPositionsAsync } from "./layered-async";
import { labelPriority, labelRect, overviewPriority, placeLabels, PLACED_LABEL_PX, type LabelCandidate, type Rect } from "./placement";
import { LABEL_WIDTH_BELOW, LABEL_WIDTH_RIGHT, MIN_LABEL_PX, stylesheet, VEIL_OPACITY } from "./style";

/** Above this many drawn edges the map switches to cheap haystack edges without arrows. */
const LARGE_EDGES = 600;
/** Hover delay before neighbours are highlighted. */
const HOVER_MS = 80;
/** Classes of a map element its copy on the overlay carries (not `hidden`). */
const MIRRORED = ["hover", "path", "flash", "curated", "dashed", "aggregate", "lbl"];
/** Longest name a lifted node gets on the overlay (see `nameLifted`); the reader shows the whole. */
const PLACED_LABEL_CHARS = 10;
/** The kinds named over the whole map when no filter is on: its skeleton. */
const OVERVIEW_KINDS = new Set(["goal", "strategy", "part", "section"]);
/** Pause after the camera settles before nodes that came into view get their labels. */
const LABEL_MS = 60;
/** How far beyond the window (in window sizes) nodes get labels, so a short pan finds them ready. */
const LABEL_MARGIN = 0.5;

type EdgeDef = ElementDefs["edges"][number];

/**
 * Whether elements being styled now are brand new (see `addFresh`). While
 * set, cytoscape's per-property change triggers are skipped for an element's
 * first style application.
 */
let freshStyle = false;

/**
 * Cytoscape runs change triggers for every property of every element it
 * styles, also the first time: each one dirties the element's and its
 * edges' style caches (building a collection per call), emits a bounds
 * event and checks z-order. For a just-added element there is nothing to
 * dirty yet (no caches, bounds never computed, z-order rebuilt on add), and
 * on the whole plan those triggers (25,000 calls) are about half of the
 * first style pass in the window (543 → 257 ms). This skips them for first applications inside `addFresh`
 * only; restyles (a new stylesheet, a class change) keep them. The hook is
 * the style prototype's `checkTriggers` (cytoscape 3.x, pinned in the lock
 * file); without it nothing is patched and only the speed differs, which
 * `controller.test.ts` checks against plain cytoscape.
 */
function skipFirstStyleTriggers(cy: Core): void {
  type Proto = { checkTriggers?: (this: unknown, ele: { _private?: { appliedInitStyle?: boolean } }, ...rest: unknown[]) => void; planmapFresh?: boolean };
  const proto = Object.getPrototypeOf(cy.style()) as Proto;
  const orig = proto.checkTriggers;
  if (typeof orig !== "function" || proto.planmapFresh) return;
  proto.checkTriggers = function (ele, ...rest) {
    if (freshStyle && ele._private && !ele._private.appliedInitStyle) return;
    return orig.call(this, ele, ...rest);
  };
  proto.planmapFresh = true;
}

/** Run `f` once the next frame has been produced (a timer where there are no frames: tests). */
function afterFrame(f: () => void): void {
  if (typeof requestAnimationFrame === "function") requestAnimationFrame(() => setTimeout(f, 0));
  else setTimeout(f, 16);
}

/**
 * The name a node gets on the overlay: its label, cut short; a part's starts
 * with its numeral (its id is `part:<numeral>`), as in the outline.
 */
function placedName(id: string, full: string): string {
  const short = mapLabel(full ?? "", PLACED_LABEL_CHARS);
  return id.startsWith("part:") ? `${id.slice(5)} ${short}` : short;
}

/** Put a node at `p` unless it is there already (a move invalidates its bounds and edges). */
function moveTo(n: NodeSingular, p: cytoscape.Position): void {
  const q = n.position();
  if (q.x !== p.x || q.y !== p.y) n.position({ x: p.x, y: p.y });
}

/** Add new elements and style them at once, without the first-application triggers. */
function addFresh(cy: Core, defs: cytoscape.ElementDefinition[]): void {
  if (defs.length === 0) return;
  let added = cy.collection();
  cy.batch(() => {
    added = cy.add(defs);
  });
  freshStyle = true;
  try {
    added.forEach((el) => void el.style("display"));
  } finally {
    freshStyle = false;
  }
}

/**
 * Set the `visibility` bypass of overlay copies (how a copy is put away and
 * shown again). `eles.style(name, value)` also recomputes each copy's style
 * hints (a hash over all its properties), which was most of a big filter's
 * cost: ≈ 20 ms to show or put away 1,500 copies. Once a copy has the bypass
 * (from its first `style()`), its value is changed in place instead, then
 * the copies' style caches are dropped (with their edges', whose visibility
 * follows their ends) and the `style` event has the renderer invalidate its
 * layers and redraw, as `style()` would. The stale hints are harmless: they
 * key the copy's cached textures, and visibility decides whether a copy is
 * drawn, not how. Anything unexpected (a copy without the bypass, another
 * cytoscape) takes the public way.
 */
function setVisibility(top: Core, eles: cytoscape.Collection, value: "visible" | "hidden"): void {
  type Prop = { bypass?: boolean; value: unknown; strValue: string; pfValue?: unknown };
  type Internal = { _private?: { style?: Record<string, Prop | undefined> } };
  const fresh: cytoscape.SingularElementReturnValue[] = [];
  const props: Prop[] = [];
  eles.forEach((el) => {
    const p = (el as unknown as Internal)._private?.style?.visibility;
    if (p && p.bypass === true && typeof p.strValue === "string") props.push(p);
    else fresh.push(el);
  });
  const internal = eles as unknown as { emitAndNotify?: (event: string) => void; dirtyStyleCache?: () => void };
  const notify = internal.emitAndNotify;
  const dirty = internal.dirtyStyleCache;
  if (typeof notify !== "function" || typeof dirty !== "function") {
    eles.style("visibility", value);
    return;
  }
  for (const p of props) {
    p.value = value;
    p.strValue = value;
    if (p.pfValue != null) p.pfValue = value;
  }
  dirty.call(eles);
  if (fresh.length) top.collection(fresh as unknown as cytoscape.CollectionArgument).style("visibility", value);
  notify.call(eles, "style");
}

/** What the map shows first, so a new graph is styled and placed once (see `setGraph`). */
export interface InitialView {
  visibility?: Visibility | null;
  positions?: readonly NodePos[];
  layout?: LayoutName;
}

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
  /**
   * The overlay: a second cytoscape instance over the map, holding copies of
   * the elements a filter or a hover lifts. Its container's translucent
   * white background is the veil that fades the map under it. The map
   * itself is never restyled for a filter, so its cached layer textures stay
   * valid and the next frame draws only the few copies (restyling the map's
   * elements costs a full element-by-element redraw, ~100 ms on a
   * software-rendered canvas, and re-sorting thousands of elements).
   */
  private readonly top: Core;
  private readonly veilEl: HTMLElement | null;
  /** Ids the filter keeps bright (lifted onto the overlay). */
  private lit = new Set<string>();
  /** Ids the hover highlights (lifted onto the overlay while the mouse rests). */
  private hovered = new Set<string>();
  private large = false;
  private labelsRight = true;
  private layoutRun = 0;
  private selectTimer: ReturnType<typeof setTimeout> | undefined;
  private viewportTimer: ReturnType<typeof setTimeout> | undefined;
  private flashTimer: ReturnType<typeof setTimeout> | undefined;
  private hoverTimer: ReturnType<typeof setTimeout> | undefined;
  private labelTimer: ReturnType<typeof setTimeout> | undefined;
  /** Counts `scheduleLabels` calls (a newer one cancels an older's naming). */
  private labelRun = 0;
  private quiet = 0;
  /** Nodes the last layout (or restored view) placed. */
  private placed = new Set<string>();
  /** Whether the filter veil is up (elements outside the filter sit under it). */
  private veiled = false;
  /** Whether the veil shows (a filter, or a hover). */
  private veilShown = false;
  /** Counts `frameLifted` calls (a newer one cancels an older's camera move). */
  private frameRun = 0;
  /**
   * Edges hidden since the graph was set, not yet added to the map (the
   * aggregate edges while measures are expanded): each is added the first
   * time it shows, so a graph costs only what it draws.
   */
  private pendingEdges = new Map<string, EdgeDef>();
  /**
   * Overlay copies put away (not lifted now). A copy is put away and shown
   * again by a style bypass of `visibility`, not by a class: a class change
   * makes cytoscape restyle the copy from the whole stylesheet before the
   * next frame (≈ 0.1 ms a copy: 150 ms when a trace lifts 1,500 elements),
   * while the bypass sets one property and keeps the copy's computed
   * geometry (label extents, bounds, edge ends) valid.
   */
  private putAway = new Set<string>();
  /** Overlay copies named by `nameLifted`, and the zoom they were named at. */
  private named = new Set<string>();
  private namedZoom = 0;
  /**
   * With no filter and no hover: the nodes lifted only to carry their names
   * (see `nameLifted`), drawn over the map without the veil.
   */
  private overviewNames = new Set<string>();
  /** Whether the veil dims the map (a filter or a hover; not names alone). */
  private veilDim = false;

  /** `container` null makes a headless map (tests). */
  constructor(container: HTMLElement | null, private readonly events: MapEvents) {
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
    this.veilEl = container ? document.createElement("div") : null;
    if (this.veilEl && container) {
      this.veilEl.className = "map-veil";
      // under the window's toasts and panels, over the map; clicks go through to the map
      // hidden by `visibility`, not `display`: the overlay keeps its size, so
      // showing it needs no resize (which reallocates its canvases)
      // the background (the veil itself) is set while a filter or a hover dims the map
      this.veilEl.style.cssText = "position:absolute;inset:0;pointer-events:none;visibility:hidden;background:transparent";
      container.insertAdjacentElement("afterend", this.veilEl);
    }
    this.top = cytoscape({
      ...(this.veilEl ? { container: this.veilEl } : { headless: true, styleEnabled: true }),
      style: stylesheet(true, false),
      elements: [],
      minZoom: 0.02,
      maxZoom: 5,
      userZoomingEnabled: false,
      userPanningEnabled: false,
      boxSelectionEnabled: false,
      autoungrabify: true,
      motionBlur: false,
      pixelRatio: "auto",
    });
    // The overlay takes no input: its drag and selection-box canvases stay
    // empty, and not painting them spares two full-window layers per frame.
    for (const c of this.veilEl?.querySelectorAll<HTMLElement>('canvas[data-id$="-selectbox"], canvas[data-id$="-drag"]') ?? []) {
      c.style.display = "none";
    }
    skipFirstStyleTriggers(this.cy);
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
      // names over the whole map step aside while the camera moves (the
      // overlay would otherwise be drawn in every frame); they come back
      // when it rests
      if (this.veilShown && !this.veilDim && this.veilEl) {
        this.veilShown = false;
        this.veilEl.style.visibility = "hidden";
      }
      if (this.veilShown) this.top.viewport({ zoom: cy.zoom(), pan: cy.pan() });
      this.scheduleLabels();
      clearTimeout(this.viewportTimer);
      this.viewportTimer = setTimeout(() => this.events.onViewport(), 300);
    });
    // a new window size: names are placed again for it
    cy.on("resize", () => this.scheduleLabels());
    cy.on("dragfree", "node", () => this.events.onMoved());
    // copies follow their node (a node dragged through the veil)
    cy.on("position", "node", (e) => {
      const copy = this.top.getElementById(e.target.id());
      if (copy.nonempty()) copy.position({ ...e.target.position() });
    });
    cy.on("select unselect", (e) => this.mirror([e.target.id()]));
  }

  // Fading works by lifting, not by dimming: the veil (the overlay's
  // translucent background) covers the map and copies of the highlighted
  // elements are drawn on the overlay above it. Nothing on the map changes.

  private hover(node: NodeSingular): void {
    if (node.removed() || node.hasClass("hidden") || this.isFaded(node)) return;
    const near = node.closedNeighborhood().filter((el) => !el.hasClass("hidden"));
    this.hovered = new Set(near.map((el) => el.id()));
    this.syncOverlay();
    this.scheduleLabels(); // names for the neighbourhood
  }

  private unhover(): void {
    if (this.hovered.size === 0) return;
    this.hovered = new Set();
    this.syncOverlay();
    this.scheduleLabels();
  }

  /** Highlight node `id`'s neighbourhood as a resting mouse does; `null` ends it. */
  hoverOn(id: string | null): void {
    if (id === null) {
      this.unhover();
      return;
    }
    const n = this.cy.getElementById(id);
    if (n.nonempty() && n.isNode()) this.hover(n as NodeSingular);
  }

  /**
   * Make the overlay show copies of exactly the lifted elements (the
   * filter's and the hover's), and show the veil while anything is lifted.
   * Copies are made once and then hidden and shown, so lifting an element
   * again reuses its styles and cached textures; only the difference is
   * touched.
   */
  private syncOverlay(): void {
    const cy = this.cy;
    const top = this.top;
    const named = this.veiled || this.hovered.size > 0 ? [] : this.overviewNames;
    const want = new Set([...this.lit, ...this.hovered, ...named]);
    const adds: cytoscape.ElementDefinition[] = [];
    const edgeAdds: cytoscape.ElementDefinition[] = [];
    const hide: cytoscape.SingularElementReturnValue[] = [];
    const show: cytoscape.SingularElementReturnValue[] = [];
    top.elements().forEach((copy) => {
      const up = want.has(copy.id());
      if (this.putAway.has(copy.id()) === up) (up ? show : hide).push(copy);
    });
    for (const id of want) {
      if (top.getElementById(id).nonempty()) continue;
      const el = cy.getElementById(id);
      if (el.empty() || el.hasClass("hidden")) continue;
      const def: cytoscape.ElementDefinition = {
        group: el.isNode() ? "nodes" : "edges",
        data: { ...el.data() },
        classes: this.copyClasses(el),
        selected: el.selected(),
      };
      if (el.isNode()) def.position = { ...(el as NodeSingular).position() };
      (el.isNode() ? adds : edgeAdds).push(def);
    }
    const all = (list: cytoscape.SingularElementReturnValue[]) => top.collection(list as unknown as cytoscape.CollectionArgument);
    top.batch(() => {
      if (hide.length) {
        setVisibility(top, all(hide), "hidden");
        for (const copy of hide) this.putAway.add(copy.id());
      }
      if (show.length) {
        setVisibility(top, all(show), "visible");
        for (const copy of show) {
          this.putAway.delete(copy.id());
          const el = cy.getElementById(copy.id());
          if (el.nonempty() && el.isNode()) moveTo(copy as NodeSingular, (el as NodeSingular).position());
        }
      }
    });
    addFresh(top, adds);
    // an edge needs both ends on the overlay
    addFresh(top, edgeAdds.filter((d) => top.getElementById(d.data.source as string).nonempty() && top.getElementById(d.data.target as string).nonempty()));
    this.mirror([...show.map((c) => c.id()), ...[...want].filter((id) => this.hovered.has(id) || top.getElementById(id).hasClass("hover"))]);
    const shown = want.size > 0 || this.veiled;
    if (shown) top.viewport({ zoom: cy.zoom(), pan: cy.pan() });
    if (shown !== this.veilShown) {
      this.veilShown = shown;
      if (this.veilEl) this.veilEl.style.visibility = shown ? "visible" : "hidden";
    }
    const dim = this.veiled || this.hovered.size > 0;
    if (dim !== this.veilDim) {
      this.veilDim = dim;
      if (this.veilEl) this.veilEl.style.background = dim ? `rgba(255,255,255,${VEIL_OPACITY})` : "transparent";
    }
  }

  /** The classes an element's overlay copy carries. */
  private copyClasses(el: cytoscape.SingularElementReturnValue): string[] {
    const out: string[] = [];
    for (const c of MIRRORED) if (el.hasClass(c)) out.push(c);
    if (this.hovered.has(el.id())) out.push("hover");
    if (this.named.has(el.id())) out.push("plbl");
    return [...new Set(out)];
  }

  /** Bring the overlay copies of `ids` (if any) in line with their elements' classes and selection. */
  private mirror(ids: Iterable<string>): void {
    const top = this.top;
    top.batch(() => {
      for (const id of ids) {
        const copy = top.getElementById(id);
        if (copy.empty()) continue;
        const el = this.cy.getElementById(id);
        const classes = this.copyClasses(el);
        if ([...copy.classes()].sort().join(" ") !== [...classes].sort().join(" ")) copy.classes(classes);
        if (el.selected() !== copy.selected()) {
          if (el.selected()) copy.select();
          else copy.unselect();
        }
      }
    });
  }

  /** Give labels to the nodes that came into view, once the camera has been still for a moment. */
  private scheduleLabels(): void {
    clearTimeout(this.labelTimer);
    const run = ++this.labelRun;
    this.labelTimer = setTimeout(() => {
      if (this.cy.destroyed()) return;
      this.labelInView();
      // names come after the frame that shows the change, never in its way
      afterFrame(() => {
        if (run === this.labelRun && !this.cy.destroyed()) this.nameLifted();
      });
    }, LABEL_MS);
  }

  /**
   * Level of detail for labels: measuring and placing a label is most of
   * what a node costs to style and draw, and on the whole map at its fitted
   * zoom no label is legible (below `MIN_LABEL_PX` on screen). So a node
   * gets its label (class `lbl`) only once it is drawn in or near the window
   * at a zoom where its label shows, and keeps it. Returns how many nodes
   * got one.
   */
  labelInView(): number {
    const cy = this.cy;
    const z = cy.zoom();
    const ext = cy.extent();
    const mx = ext.w * LABEL_MARGIN;
    const my = ext.h * LABEL_MARGIN;
    const fresh: NodeSingular[] = [];
    cy.nodes().forEach((n) => {
      if (n.hasClass("lbl") || n.hasClass("hidden")) return;
      if ((n.data("fontSize") as number) * z < MIN_LABEL_PX) return;
      const p = n.position();
      if (p.x < ext.x1 - mx || p.x > ext.x2 + mx || p.y < ext.y1 - my || p.y > ext.y2 + my) return;
      fresh.push(n);
    });
    if (fresh.length === 0) return 0;
    cy.batch(() => cy.collection(fresh as unknown as cytoscape.CollectionArgument).addClass("lbl"));
    this.mirror(fresh.map((n) => n.id()));
    return fresh.length;
  }

  /**
   * Names where the camera is too far out for the map's own labels: nodes in
   * the window get a short label at a legible size on screen
   * (`PLACED_LABEL_PX`, on their overlay copies, class `plbl`), as many as
   * fit without overlapping each other, a label the map draws anyway or a
   * panel over the map (`setOccluders`), in order of importance (see
   * `placement.ts`). What is named: what a hover and a filter lift (names
   * then keep off lifted nodes too); with neither, the plan's skeleton
   * (`OVERVIEW_KINDS`, lifted for the purpose without the veil). Runs when
   * the camera rests, after the frame. `view` is the window's size (the
   * map's own by default). Returns how many nodes are named.
   */
  nameLifted(view: { w: number; h: number } = { w: this.cy.width(), h: this.cy.height() }): number {
    const cy = this.cy;
    const top = this.top;
    const z = cy.zoom();
    const pan = cy.pan();
    const side = this.labelsRight ? "right" : "below";
    // a hover names the neighbourhood it lifts (with a filter's), a filter
    // what it lifts; with neither, the skeleton: parts first, then goals,
    // strategies and sections
    const overview = !this.veiled && this.hovered.size === 0;
    const pool: Iterable<string> = overview
      ? cy.nodes().filter((n) => OVERVIEW_KINDS.has(n.data("kind") as string)).map((n) => n.id())
      : this.hovered.size > 0
        ? [...this.hovered, ...this.lit]
        : this.lit;
    const candidates: LabelCandidate[] = [];
    const blocked: Rect[] = [...this.occluders()];
    for (const id of pool) {
      if (!overview && (this.putAway.has(id) || top.getElementById(id).empty())) continue;
      const n = cy.getElementById(id) as NodeSingular;
      if (n.empty() || !n.isNode() || n.hasClass("hidden")) continue;
      const p = n.position();
      const x = p.x * z + pan.x;
      const y = p.y * z + pan.y;
      const r = ((n.data("size") as number) * z) / 2;
      if (x + r < 0 || y + r < 0 || x - r > view.w || y - r > view.h) continue;
      const kind = n.data("kind") as LabelCandidate["kind"];
      const size = n.data("size") as number;
      const fs = (n.data("fontSize") as number) * z;
      if (n.hasClass("lbl") && fs >= MIN_LABEL_PX) {
        // the map labels it already: its node and label are in the way
        candidates.push({ id, kind, x, y, r, text: "", size });
        blocked.push(labelRect({ id, kind, x, y, r, text: n.data("label") as string, size }, fs, side));
      } else {
        candidates.push({ id, kind, x, y, r, text: placedName(id, n.data("full") as string), size });
      }
    }
    // over the whole map a name may cover other nodes' dots (not other names)
    const names = new Set(
      placeLabels(candidates, view, side, {
        px: PLACED_LABEL_PX,
        blocked,
        nodesBlock: !overview,
        priority: overview ? overviewPriority : labelPriority,
      }),
    );
    const same = sameIds([...names], [...this.named]);
    if (overview && (!sameIds([...names], [...this.overviewNames]) || (names.size > 0 && !this.veilShown))) {
      this.overviewNames = names;
      this.syncOverlay(); // lift the nodes to be named (and put the others away), and show them
    }
    if (same && (names.size === 0 || z === this.namedZoom)) return names.size;
    top.batch(() => {
      for (const id of this.named) if (!names.has(id)) top.getElementById(id).removeClass("plbl");
      for (const id of names) {
        const copy = top.getElementById(id);
        copy.data({ plabel: placedName(id, copy.data("full") as string), lfs: PLACED_LABEL_PX / z, lo: 1 / z });
        copy.addClass("plbl");
      }
    });
    this.named = names;
    this.namedZoom = z;
    return names.size;
  }

  /**
   * What covers the map from above (the legend, the filter chips), as
   * rectangles in the map's pixels: no name is placed under them.
   */
  setOccluders(f: () => Rect[]): void {
    this.occluders = f;
  }

  private occluders: () => Rect[] = () => [];

  /** Ids of the overlay copies `nameLifted` named (test accessor). */
  namedIds(): string[] {
    return [...this.named];
  }

  /** Ids of the nodes that have their label (test accessor). */
  labelledIds(): string[] {
    return this.cy.nodes(".lbl").map((n) => n.id());
  }

  /** Move the overlay copies to where their nodes are. */
  private syncCopyPositions(): void {
    const top = this.top;
    if (top.elements().empty()) return;
    top.batch(() => {
      top.nodes().forEach((copy) => {
        if (this.putAway.has(copy.id())) return;
        const n = this.cy.getElementById(copy.id());
        if (n.nonempty()) moveTo(copy as NodeSingular, (n as NodeSingular).position());
      });
    });
  }

  /** Whether a drawn element sits under the filter veil. */
  private isFaded(el: { id(): string }): boolean {
    return this.veiled && !this.lit.has(el.id());
  }

  /**
   * Replace everything drawn with a new graph. With `initial`, the elements
   * are added already in that state (hidden ones hidden, nodes at their
   * positions, the stylesheet for that layout and size), so each is styled
   * once; edges it hides wait outside the map until they first show.
   */
  setGraph(defs: ElementDefs, initial: InitialView = {}): void {
    this.layoutRun++;
    this.quiet++;
    this.cy.elements().remove();
    this.top.elements().remove();
    this.putAway = new Set();
    this.named = new Set();
    this.overviewNames = new Set();
    const v = initial.visibility ?? null;
    const labelsRight = initial.layout ? initial.layout === "strategy" : this.labelsRight;
    const large = v ? v.visibleEdgeIds.size > LARGE_EDGES : this.large;
    if (labelsRight !== this.labelsRight || large !== this.large) {
      this.labelsRight = labelsRight;
      this.large = large;
      this.restyle(); // the map is empty: nothing is restyled
    }
    const at = new Map<string, NodePos>();
    for (const p of initial.positions ?? []) if (Number.isFinite(p.x) && Number.isFinite(p.y)) at.set(p.id, p);
    this.placed = new Set();
    const nodes = defs.nodes.map((d) => {
      const p = at.get(d.data.id);
      const hidden = v !== null && !v.visibleNodeIds.has(d.data.id);
      if (p) this.placed.add(d.data.id);
      if (!p && !hidden) return d;
      return { ...d, classes: hidden ? `${d.classes} hidden` : d.classes, ...(p ? { position: { x: p.x, y: p.y } } : {}) };
    });
    this.pendingEdges = new Map();
    const edges: EdgeDef[] = [];
    for (const d of defs.edges) {
      if (v && !v.visibleEdgeIds.has(d.data.id)) this.pendingEdges.set(d.data.id, d);
      else edges.push(d);
    }
    addFresh(this.cy, [...nodes, ...edges]);
    this.veiled = false;
    this.lit = new Set();
    this.hovered = new Set();
    this.syncOverlay();
    this.quiet--;
    this.scheduleLabels();
  }

  /** Add the waiting edges that `v` shows. */
  private addPending(v: Visibility): void {
    if (this.pendingEdges.size === 0) return;
    const adds: EdgeDef[] = [];
    for (const id of v.visibleEdgeIds) {
      const d = this.pendingEdges.get(id);
      if (d) {
        adds.push(d);
        this.pendingEdges.delete(id);
      }
    }
    addFresh(this.cy, adds);
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
    const lit = new Set<string>();
    const all = (list: Ele[]) => this.cy.collection(list as unknown as cytoscape.CollectionArgument);
    this.addPending(v);
    this.cy.elements().forEach((el) => {
      const id = el.id();
      const shown = el.isNode() ? v.visibleNodeIds.has(id) : v.visibleEdgeIds.has(id);
      if (veil && shown && !v.fadedIds.has(id)) lit.add(id);
      if (el.hasClass("hidden") === shown) (shown ? show : hide).push(el);
    });
    this.quiet++;
    this.cy.batch(() => {
      if (hide.length) {
        const c = all(hide);
        c.addClass("hidden");
        c.filter(":selected").unselect();
      }
      if (show.length) all(show).removeClass("hidden");
    });
    this.quiet--;
    this.veiled = veil;
    this.lit = lit;
    this.overviewNames = new Set(); // named again when the camera rests
    if (hide.length) for (const el of hide) this.hovered.delete(el.id());
    this.syncOverlay();
    const large = v.visibleEdgeIds.size > LARGE_EDGES;
    if (large !== this.large) {
      this.large = large;
      this.restyle();
    }
    this.scheduleLabels();
  }

  private restyle(): void {
    this.cy.style(stylesheet(this.labelsRight, this.large));
    this.top.style(stylesheet(this.labelsRight, this.large));
  }

  /** Lay out the drawn nodes. Resolves when they are placed (a newer request wins). */
  async layout(req: LayoutRequest): Promise<void> {
    const run = ++this.layoutRun;
    const cy = this.cy;
    const nodes = cy.nodes().filter((n) => !n.hasClass("hidden"));
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
    await useFcose();
    if (run !== this.layoutRun) return;
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
    });
    this.syncCopyPositions();
    this.fit();
    this.scheduleLabels();
  }

  private runLayout(eles: cytoscape.CollectionReturnValue, opts: cytoscape.LayoutOptions): Promise<void> {
    this.placed = new Set(eles.nodes().map((n) => n.id()));
    return new Promise((resolve) => {
      const l = eles.layout(opts);
      l.one("layoutstop", () => {
        this.syncCopyPositions();
        this.scheduleLabels();
        resolve();
      });
      l.run();
    });
  }

  /** Every node's position (hidden ones too: they keep theirs). */
  positions(): NodePos[] {
    return this.cy.nodes().map((n) => {
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
        const n = this.cy.getElementById(p.id) as NodeSingular;
        if (n.nonempty() && Number.isFinite(p.x) && Number.isFinite(p.y)) {
          moveTo(n, p);
          this.placed.add(p.id);
          placed++;
        }
      }
    });
    this.scheduleLabels();
    this.syncCopyPositions();
    return placed;
  }

  /** Whether a drawn node has no place from the last layout (it was hidden then). */
  unplaced(): boolean {
    return this.cy.nodes().filter((n) => !n.hasClass("hidden") && !this.placed.has(n.id())).nonempty();
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
    let eles = this.cy.elements().filter((el) => !el.hasClass("hidden"));
    if (ids && ids.length) {
      const want = new Set(ids);
      const some = eles.filter((el) => el.isNode() && want.has(el.id()));
      if (some.nonempty()) eles = some;
    } else if (this.veiled) {
      const bright = eles.filter((el) => this.lit.has(el.id()));
      if (bright.nonempty()) eles = bright;
    }
    if (eles.nonempty()) this.cy.fit(eles, 30);
  }

  /**
   * After a filter: bring what it keeps into view. The camera stays when all
   * of it is on screen already and fitting would zoom in less than 2.5×
   * (the map keeps its context, and nothing under the veil is redrawn);
   * otherwise it fits, as `fit()` does.
   */
  frameLifted(): void {
    const cy = this.cy;
    const eles = this.cy.elements().filter((el) => !el.hasClass("hidden") && (!this.veiled || this.lit.has(el.id())));
    if (eles.empty()) return;
    const bb = eles.boundingBox({ includeLabels: false, includeOverlays: false });
    const z = cy.zoom();
    const p = cy.pan();
    const w = cy.width();
    const h = cy.height();
    const pad = 30;
    const x1 = bb.x1 * z + p.x;
    const y1 = bb.y1 * z + p.y;
    const x2 = bb.x2 * z + p.x;
    const y2 = bb.y2 * z + p.y;
    const inView = w > 0 && h > 0 && x1 >= 0 && y1 >= 0 && x2 <= w && y2 <= h;
    const fitZoom = Math.min((w - 2 * pad) / Math.max(bb.w, 1), (h - 2 * pad) / Math.max(bb.h, 1));
    if (inView && fitZoom < 2.5 * z) return;
    // The filter shows at once where the camera is; once that frame is
    // painted the camera flies to it (a move redraws the whole map at the new
    // zoom, so it comes after).
    const run = ++this.frameRun;
    requestAnimationFrame(() =>
      setTimeout(() => {
        if (run !== this.frameRun || cy.destroyed()) return;
        cy.stop();
        cy.animate({ fit: { eles, padding: pad } }, { duration: 300 });
      }, 0),
    );
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
    this.mirror(near.map((el) => el.id()));
    clearTimeout(this.flashTimer);
    this.flashTimer = setTimeout(() => {
      const lit = this.cy.elements(".flash");
      lit.removeClass("flash");
      this.mirror(lit.map((el) => el.id()));
    }, 1600);
    return true;
  }

  /** Mark a path's nodes and edges (empty lists clear it). */
  setPath(nodeIds: readonly string[], edgeIds: readonly string[]): void {
    this.cy.batch(() => {
      this.cy.elements(".path").removeClass("path");
      for (const id of [...nodeIds, ...edgeIds]) this.cy.getElementById(id).addClass("path");
    });
    this.mirror(this.liftedIds());
  }

  /** What is drawn, as plain data, for the image export. */
  snapshot(): MapSnapshot {
    const nodes: NodeSnapshot[] = [];
    const edges: EdgeSnapshot[] = [];
    this.cy.nodes().forEach((n) => {
      if (n.hasClass("hidden")) return;
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
  drawStats(): { lastMs: number; count: number; overlayMs: number } {
    type R = { renderer(): { lastRedrawTime?: number; redrawCount?: number } | undefined };
    const r = (this.cy as unknown as R).renderer();
    const t = (this.top as unknown as R).renderer();
    return { lastMs: r?.lastRedrawTime ?? 0, count: r?.redrawCount ?? 0, overlayMs: t?.lastRedrawTime ?? 0 };
  }

  /** The overlay copy of `id` (null when it is not lifted): what tests check. */
  overlayCopy(id: string): { selected: boolean; classes: string[]; label: string; fontSize: number; x?: number; y?: number } | null {
    const c = this.top.getElementById(id);
    if (c.empty() || !c.visible()) return null;
    const p = c.isNode() ? (c as NodeSingular).position() : undefined;
    const label = c.isNode() ? String(c.style("label") ?? "") : "";
    const fontSize = c.isNode() ? parseFloat(String(c.style("font-size"))) : NaN;
    return { selected: c.selected(), classes: [...c.classes()].sort(), label, fontSize, ...(p ? { x: p.x, y: p.y } : {}) };
  }

  /** Ids of the elements on the map (drawn or hidden; edges waiting to show are not): what tests check. */
  elementIds(): string[] {
    return this.cy.elements().map((el) => el.id());
  }

  /** Computed style values and model bounds of map element `id`: what tests compare with plain cytoscape. */
  probe(id: string, props: readonly string[]): { style: Record<string, string>; visible: boolean; bb: cytoscape.BoundingBox12 & cytoscape.BoundingBoxWH } | null {
    const el = this.cy.getElementById(id);
    if (el.empty()) return null;
    return { style: Object.fromEntries(props.map((p) => [p, String(el.style(p))])), visible: el.visible(), bb: el.boundingBox() };
  }

  /** Ids of the elements on the overlay, above the veil. */
  liftedIds(): string[] {
    return this.top.elements().filter((el) => el.visible()).map((el) => el.id());
  }

  /** Whether the veil is up (a filter fades the rest, or a hover highlights a neighbourhood). */
  veilUp(): boolean {
    return this.veilShown && this.veilDim;
  }

  /** Elements drawn now (not hidden). */
  drawnCount(): number {
    return this.cy.elements().filter((el) => !el.hasClass("hidden")).length;
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
    this.top.resize();
  }

  destroy(): void {
    clearTimeout(this.labelTimer);
    this.cy.destroy();
    this.top.destroy();
    this.veilEl?.remove();
  }
}
