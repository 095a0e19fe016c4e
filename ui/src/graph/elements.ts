// The renderer's graph, derived from the data graph: plain cytoscape element
// definitions carrying what the style draws (palette colours, shape, size,
// map label) so the stylesheet only maps data.
import type { KindInfo, ViewGraph } from "../bindings";
import type { AggregateEdge } from "../filters/visibility";
import { edgeColour, fontSizeOf, mapLabel, nodeSize, paletteOf, rankOf } from "./kinds";

export interface NodeData {
  id: string;
  kind: string;
  label: string;
  full: string;
  shape: string;
  fill: string;
  stroke: string;
  ink: string;
  size: number;
  fontSize: number;
  rank: number;
  curated: boolean;
}

export interface EdgeData {
  id: string;
  source: string;
  target: string;
  kind: string;
  color: string;
  width: number;
  dashed: boolean;
  aggregate: boolean;
}

export interface ElementDefs {
  nodes: { group: "nodes"; data: NodeData; classes: string }[];
  edges: { group: "edges"; data: EdgeData; classes: string }[];
}

export function toElements(graph: ViewGraph, aggregates: readonly AggregateEdge[], kinds: readonly KindInfo[]): ElementDefs {
  const style = paletteOf(kinds);
  const ids = new Set(graph.nodes.map((n) => n.id));
  const nodes = graph.nodes.map((n) => {
    const s = style(n.kind);
    return {
      group: "nodes" as const,
      data: {
        id: n.id,
        kind: n.kind,
        label: mapLabel(n.label),
        full: n.label,
        shape: s.shape,
        fill: s.fill,
        stroke: s.stroke,
        ink: s.text,
        size: nodeSize(n.kind, n.degree),
        fontSize: fontSizeOf(n.kind),
        rank: rankOf(n.kind),
        curated: n.curated,
      },
      classes: `k-${n.kind}${n.curated ? " curated" : ""}`,
    };
  });
  const edges = graph.edges
    .filter((e) => ids.has(e.source) && ids.has(e.target))
    .map((e) => ({
      group: "edges" as const,
      data: {
        id: e.id,
        source: e.source,
        target: e.target,
        kind: e.kind,
        color: edgeColour(e.kind),
        width: e.basis === "similarity" ? 0.8 : 0.6 + 0.8 * Math.max(0, Math.min(1, e.weight)),
        dashed: e.basis === "similarity",
        aggregate: false,
      },
      classes: `ek-${e.kind}${e.basis === "similarity" ? " dashed" : ""}`,
    }));
  for (const a of aggregates) {
    if (!ids.has(a.source) || !ids.has(a.target)) continue;
    edges.push({
      group: "edges" as const,
      data: {
        id: a.id,
        source: a.source,
        target: a.target,
        kind: a.kind,
        color: edgeColour(a.kind),
        width: Math.min(4, 0.8 + 0.4 * a.members.length),
        dashed: false,
        aggregate: true,
      },
      classes: `ek-${a.kind} aggregate`,
    });
  }
  return { nodes, edges };
}
