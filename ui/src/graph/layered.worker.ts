// Runs the strategy-map layout off the main thread (it takes a few seconds
// for the whole plan). Message in: {nodes, edges, opts}; out: [id, x, y][].
import { strategyPositions, type LayerEdge, type LayerNode, type LayeredOptions } from "./layered";

interface Request {
  nodes: LayerNode[];
  edges: LayerEdge[];
  opts: LayeredOptions;
}

self.onmessage = (ev: MessageEvent<Request>) => {
  try {
    const pos = strategyPositions(ev.data.nodes, ev.data.edges, ev.data.opts);
    const rows: [string, number, number][] = [];
    for (const [id, p] of pos) rows.push([id, p.x, p.y]);
    self.postMessage({ ok: true, rows });
  } catch (e) {
    self.postMessage({ ok: false, error: String(e) });
  }
};
