// The strategy map: a layered (dagre) layout whose layers are node kinds.
//
// Dagre ranks nodes by their edges; here the rank is fixed by kind instead
// (goals left, regions right), through a ranker function, on a private
// headless graph whose edges all point from a lower layer to a higher one
// (edges inside a layer are left out; they do not shape layers). Dagre's
// crossing-reducing order within each layer is kept; the layers are then
// packed into columns (a layer of 300 measures wraps into several), so the
// map is not 300 rows tall. The result is plain positions, which the
// controller applies as a preset layout.
import cytoscape from "cytoscape";
import type { NodeKind } from "../bindings";
import dagre from "cytoscape-dagre";
import { rankOf } from "./kinds";

export interface LayerNode {
  id: string;
  kind: NodeKind;
  /** Size along the layer (x for rankDir LR) … */
  w: number;
  /** … and across it. */
  h: number;
}

export interface LayerEdge {
  source: string;
  target: string;
}

export interface Position {
  x: number;
  y: number;
}

export interface LayeredOptions {
  /** Most nodes stacked in one column; a larger layer wraps into several columns
   * (default: about 2.4 √n for n nodes, so the map comes out wider than tall). */
  maxRows?: number;
  /** Width of a column: a node and its label beside it. */
  columnWidth?: number;
  /** Extra space between layers. */
  layerGap?: number;
  /** Space between nodes in a column. */
  rowGap?: number;
}

/** Edges oriented from the lower layer to the higher, deduplicated, same-layer edges dropped. */
export function layerEdges(nodes: readonly LayerNode[], edges: readonly LayerEdge[]): LayerEdge[] {
  const rank = new Map(nodes.map((n) => [n.id, rankOf(n.kind)]));
  const seen = new Set<string>();
  const out: LayerEdge[] = [];
  for (const e of edges) {
    const rs = rank.get(e.source);
    const rt = rank.get(e.target);
    if (rs === undefined || rt === undefined || rs === rt) continue;
    const [a, b] = rs < rt ? [e.source, e.target] : [e.target, e.source];
    const key = `${a}\u0000${b}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ source: a, target: b });
  }
  return out;
}

/**
 * Dagre's order of the nodes within each layer (top to bottom), layers by
 * kind. Pure: builds and drops its own headless graph.
 */
let dagreUsed = false;

export function layerOrder(nodes: readonly LayerNode[], edges: readonly LayerEdge[]): string[][] {
  if (!dagreUsed) {
    cytoscape.use(dagre);
    dagreUsed = true;
  }
  const rank = new Map(nodes.map((n) => [n.id, rankOf(n.kind)]));
  const present = [...new Set(rank.values())].sort((a, b) => a - b);
  const dense = new Map(present.map((r, i) => [r, i])); // no empty layers
  const cy = cytoscape({
    headless: true,
    styleEnabled: true,
    style: [{ selector: "node", style: { width: "data(w)", height: "data(h)" } }],
    elements: [
      ...nodes.map((n) => ({ group: "nodes" as const, data: { id: n.id, w: n.w, h: n.h } })),
      ...layerEdges(nodes, edges).map((e, i) => ({
        group: "edges" as const,
        data: { id: `l${i}`, source: e.source, target: e.target },
      })),
    ],
  });
  // Dagre's own ranking is replaced: every node's rank is its kind's layer
  // (the nesting root it adds sits one layer before the first). Ranks are
  // doubled because dagre halves the rank separation and doubles every edge's
  // length (room for edge labels); edges then always get their bend points.
  const ranker = (g: { nodes(): string[]; node(v: string): { rank?: number } }) => {
    for (const v of g.nodes()) {
      const r = rank.get(v);
      g.node(v).rank = r === undefined ? -2 : 2 * (dense.get(r) ?? 0);
    }
  };
  cy.layout({
    name: "dagre",
    rankDir: "LR",
    nodeSep: 4,
    edgeSep: 1,
    // cytoscape-dagre passes `ranker` straight to dagre, which calls a function ranker.
    ranker: ranker as unknown as "network-simplex",
    fit: false,
    animate: false,
  } as cytoscape.LayoutOptions).run();
  const layers: { id: string; y: number }[][] = present.map(() => []);
  cy.nodes().forEach((n) => {
    layers[dense.get(rank.get(n.id())!)!].push({ id: n.id(), y: n.position().y });
  });
  cy.destroy();
  return layers.map((l) => l.sort((a, b) => a.y - b.y).map((x) => x.id));
}

/**
 * Place ordered layers left to right; a layer with more than `maxRows` nodes
 * wraps into several columns (consecutive runs of its order), so the map
 * stays roughly as wide as it is tall. Columns are centred on y = 0.
 */
export function packLayers(
  layers: readonly (readonly string[])[],
  heights: ReadonlyMap<string, number>,
  opts: LayeredOptions = {},
): Map<string, Position> {
  const maxRows = Math.max(1, opts.maxRows ?? 60);
  const columnWidth = opts.columnWidth ?? 180;
  const layerGap = opts.layerGap ?? 70;
  const rowGap = opts.rowGap ?? 4;
  const out = new Map<string, Position>();
  let x = 0;
  for (const layer of layers) {
    if (!layer.length) continue;
    const columns = Math.ceil(layer.length / maxRows);
    const rows = Math.ceil(layer.length / columns);
    for (let c = 0; c < columns; c++) {
      const col = layer.slice(c * rows, (c + 1) * rows);
      const hs = col.map((id) => heights.get(id) ?? 20);
      const total = hs.reduce((a, b) => a + b, 0) + rowGap * Math.max(0, col.length - 1);
      let y = -total / 2;
      col.forEach((id, i) => {
        out.set(id, { x, y: y + hs[i] / 2 });
        y += hs[i] + rowGap;
      });
      x += columnWidth;
    }
    x += layerGap;
  }
  return out;
}

/** Positions of `nodes` on the strategy map: layers by kind, dagre's order, packed columns. */
export function strategyPositions(
  nodes: readonly LayerNode[],
  edges: readonly LayerEdge[],
  opts: LayeredOptions = {},
): Map<string, Position> {
  const maxRows = opts.maxRows ?? Math.max(30, Math.round(2.4 * Math.sqrt(nodes.length)));
  return packLayers(layerOrder(nodes, edges), new Map(nodes.map((n) => [n.id, n.h])), { ...opts, maxRows });
}
