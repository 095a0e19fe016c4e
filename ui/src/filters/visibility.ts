// What the map shows: the pure function from the data graph and the UI's
// filter state to the set of drawn, faded and hidden elements.
//
// - hidden kinds hide their nodes (and every edge touching them);
// - collapsed measures are hidden and their edges rerouted to the section
//   holding them, as aggregate edges (`agg:` ids, see `collapseMeasures`);
// - a filter (a Selection from Rust) fades everything outside it, or hides it
//   when `hideOutside` (the focus layout shows only the neighbourhood).
import type { EdgeKind, NodeKind, Selection, ViewGraph } from "../bindings";

/** An edge standing in for one or more measure edges while measures are collapsed. */
export interface AggregateEdge {
  /** `agg:<kind>:<source>→<target>`. */
  id: string;
  source: string;
  target: string;
  kind: EdgeKind;
  /** The real edges it stands for. */
  members: string[];
}

export interface Visibility {
  /** Nodes drawn (faded or not). */
  visibleNodeIds: Set<string>;
  /** Edges drawn, real ids and aggregate ids. */
  visibleEdgeIds: Set<string>;
  /** Drawn elements (nodes and edges) outside the active filter. */
  fadedIds: Set<string>;
}

/** Aggregate edges for collapsed measures: each measure edge rerouted to the measure's section. */
export function collapseMeasures(graph: ViewGraph): AggregateEdge[] {
  const parent = new Map<string, string>();
  for (const n of graph.nodes) if (n.kind === "measure" && n.parent) parent.set(n.id, n.parent);
  const real = new Set(graph.edges.map((e) => `${e.kind}\u0000${e.source}\u0000${e.target}`));
  const out = new Map<string, AggregateEdge>();
  for (const e of graph.edges) {
    const s = parent.get(e.source) ?? e.source;
    const t = parent.get(e.target) ?? e.target;
    if (s === e.source && t === e.target) continue; // no measure end
    if (s === t) continue; // a section's own measure
    const key = `${e.kind}\u0000${s}\u0000${t}`;
    if (real.has(key)) continue; // the section already says so itself
    let a = out.get(key);
    if (!a) {
      a = { id: `agg:${e.kind}:${s}→${t}`, source: s, target: t, kind: e.kind, members: [] };
      out.set(key, a);
    }
    a.members.push(e.id);
  }
  return [...out.values()];
}

/**
 * The drawn, faded and hidden elements. `aggregates` must be
 * `collapseMeasures(graph)`; they are drawn only when `collapsed`.
 */
export function applySelection(
  graph: ViewGraph,
  selection: Pick<Selection, "nodes" | "edges"> | null,
  hiddenKinds: readonly NodeKind[],
  collapsed: boolean,
  aggregates: readonly AggregateEdge[] = [],
  hideOutside = false,
): Visibility {
  const hidden = new Set(hiddenKinds);
  const visibleNodeIds = new Set<string>();
  const visibleEdgeIds = new Set<string>();
  const fadedIds = new Set<string>();
  const inNodes = selection ? new Set(selection.nodes) : null;
  const inEdges = selection ? new Set(selection.edges) : null;

  // A collapsed section stands for its measures: it is in the filter when one of them is.
  const sectionHit = new Set<string>();
  if (collapsed && inNodes) {
    for (const n of graph.nodes) if (n.kind === "measure" && n.parent && inNodes.has(n.id)) sectionHit.add(n.parent);
  }
  const outside = (id: string) => inNodes !== null && !inNodes.has(id) && !sectionHit.has(id);

  for (const n of graph.nodes) {
    if (hidden.has(n.kind)) continue;
    if (collapsed && n.kind === "measure" && n.parent) continue;
    if (outside(n.id)) {
      if (hideOutside) continue;
      fadedIds.add(n.id);
    }
    visibleNodeIds.add(n.id);
  }

  const place = (id: string, source: string, target: string, inFilter: boolean) => {
    if (!visibleNodeIds.has(source) || !visibleNodeIds.has(target)) return;
    const faded = inEdges !== null && (!inFilter || fadedIds.has(source) || fadedIds.has(target));
    if (faded && hideOutside) return;
    visibleEdgeIds.add(id);
    if (faded) fadedIds.add(id);
  };
  for (const e of graph.edges) place(e.id, e.source, e.target, inEdges?.has(e.id) ?? true);
  if (collapsed) {
    for (const a of aggregates) place(a.id, a.source, a.target, inEdges ? a.members.some((m) => inEdges.has(m)) : true);
  }
  return { visibleNodeIds, visibleEdgeIds, fadedIds };
}

/** Drawn, non-faded nodes and edges: what `#map[data-node-count]` shows. */
export function countShown(v: Visibility): { nodes: number; edges: number } {
  let nodes = 0;
  let edges = 0;
  for (const id of v.visibleNodeIds) if (!v.fadedIds.has(id)) nodes++;
  for (const id of v.visibleEdgeIds) if (!v.fadedIds.has(id)) edges++;
  return { nodes, edges };
}

export type ProbeState = "visible" | "faded" | "hidden" | "absent";

/** How node `id` is drawn: the e2e probe's answer. */
export function probeNode(graph: ViewGraph | null, v: Visibility | null, id: string): ProbeState {
  if (!graph || !v || !graph.nodes.some((n) => n.id === id)) return "absent";
  if (!v.visibleNodeIds.has(id)) return "hidden";
  return v.fadedIds.has(id) ? "faded" : "visible";
}
