// The strategy-map layout in a worker (falls back to the main thread when a
// worker cannot be started).
import { strategyPositions, type LayerEdge, type LayerNode, type LayeredOptions, type Position } from "./layered";

type Reply = { ok: true; rows: [string, number, number][] } | { ok: false; error: string };

export function strategyPositionsAsync(
  nodes: LayerNode[],
  edges: LayerEdge[],
  opts: LayeredOptions = {},
): Promise<Map<string, Position>> {
  let worker: Worker;
  try {
    worker = new Worker(new URL("./layered.worker.ts", import.meta.url), { type: "module" });
  } catch {
    return Promise.resolve(strategyPositions(nodes, edges, opts));
  }
  return new Promise((resolve, reject) => {
    const here = () => {
      worker.terminate();
      try {
        resolve(strategyPositions(nodes, edges, opts));
      } catch (e) {
        reject(e);
      }
    };
    worker.onmessage = (ev: MessageEvent<Reply>) => {
      const r = ev.data;
      if (!r.ok) {
        console.warn("layout worker failed, laying out here:", r.error);
        here();
        return;
      }
      worker.terminate();
      resolve(new Map(r.rows.map(([id, x, y]) => [id, { x, y }])));
    };
    worker.onerror = (e) => {
      e.preventDefault();
      here();
    };
    worker.postMessage({ nodes, edges, opts });
  });
}
