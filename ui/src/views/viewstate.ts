// Saved views: the UI state as a ViewState and back.
import type { NodeKind, NodePos, ViewGraph, ViewState } from "../bindings";
import type { Filter } from "../filters/filter";
import { NODE_KINDS } from "../graph/kinds";

export type LayoutName = "strategy" | "force" | "focus";

export const LAYOUTS: readonly LayoutName[] = ["strategy", "force", "focus"];

export function layoutOf(s: string | null | undefined): LayoutName {
  return (LAYOUTS as readonly string[]).includes(s ?? "") ? (s as LayoutName) : "strategy";
}

/** Focus depth clamped to 1–5. */
export function clampDepth(d: number): number {
  return Number.isFinite(d) ? Math.max(1, Math.min(5, Math.round(d))) : 2;
}

export interface ViewInputs {
  layout: LayoutName;
  filter: Filter | null;
  depth: number;
  hiddenKinds: readonly NodeKind[];
  collapsed: boolean;
  selected: readonly string[];
  lang: string;
  /** The library document on screen (null when unknown). */
  doc: string | null;
}

export interface Camera {
  zoom: number;
  pan: [number, number];
}

export function viewStateFrom(name: string, s: ViewInputs, positions: NodePos[], camera: Camera): ViewState {
  const f = s.filter;
  return {
    name,
    layout: s.layout,
    counties: f?.kind === "counties" ? [...f.names] : [],
    trace: f?.kind === "trace" ? f.goal : null,
    focus: f?.kind === "focus" ? f.id : null,
    depth: clampDepth(f?.kind === "focus" ? f.depth : s.depth),
    cell: f?.kind === "cell" ? [f.county, f.part] : null,
    hiddenKinds: NODE_KINDS.filter((k) => s.hiddenKinds.includes(k)),
    collapsed: s.collapsed,
    selection: [...s.selected],
    positions,
    zoom: Number.isFinite(camera.zoom) ? camera.zoom : 1,
    pan: [Number.isFinite(camera.pan[0]) ? camera.pan[0] : 0, Number.isFinite(camera.pan[1]) ? camera.pan[1] : 0],
    lang: s.lang,
    doc: s.doc,
  };
}

/**
 * Whether opening view `v` means switching to another document first: it was
 * taken on a document of the library that is not the open one.
 */
export function viewDocToOpen(v: Pick<ViewState, "doc">, documents: readonly { id: string; current: boolean }[]): boolean {
  const want = v.doc;
  if (!want) return false;
  const d = documents.find((x) => x.id === want);
  return d !== undefined && !d.current;
}

/** The filter request a view asks for (Rust answers it with a Selection). */
export type FilterRequest =
  | { kind: "counties"; names: string[] }
  | { kind: "trace"; goal: string }
  | { kind: "cell"; county: string; part: string }
  | { kind: "focus"; id: string; depth: number };

export function filterRequestOf(v: ViewState): FilterRequest | null {
  if (v.focus) return { kind: "focus", id: v.focus, depth: clampDepth(v.depth) };
  if (v.trace) return { kind: "trace", goal: v.trace };
  if (v.cell) return { kind: "cell", county: v.cell[0], part: v.cell[1] };
  if (v.counties.length > 0) return { kind: "counties", names: [...v.counties] };
  return null;
}

/** Hidden kinds of a view, unknown names dropped. */
export function hiddenKindsOf(v: ViewState): NodeKind[] {
  return NODE_KINDS.filter((k) => (v.hiddenKinds as readonly string[]).includes(k));
}

/** Whether saved positions still fit the graph (at least 90 % of its nodes placed). */
export function positionsFit(positions: readonly NodePos[], graph: ViewGraph): boolean {
  if (graph.nodes.length === 0) return false;
  const ids = new Set(graph.nodes.map((n) => n.id));
  let hit = 0;
  for (const p of positions) if (ids.has(p.id) && Number.isFinite(p.x) && Number.isFinite(p.y)) hit++;
  return hit >= 0.9 * graph.nodes.length;
}
