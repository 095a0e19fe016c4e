// The strategy-map layout in a worker (falls back to the main thread when a
// worker cannot be started; the layout code is then loaded on demand).
import type { LayerEdge, LayerNode, LayeredOptions, Position } from "./layered";

async function here(nodes: LayerNode[], edges: LayerEdge[], opts: LayeredOptions): Promise<Map<string, Position>> {
  const { strategyPositions } = await import("./layered");
  return strategyPositions(nodes, edges, opts);
}

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
    return here(nodes, edges, opts);
  }
  return new Promise((resolve, reject) => {
    const fallback = () => {
      worker.terminate();
      here(nodes, edges, opts).then(resolve, reject);
    };
    worker.onmessage = (ev: MessageEvent<Reply>) => {
      const r = ev.data;
      if (!r.ok) {
        console.warn("layout worker failed, laying out here:", r.error);
        fallback();
        return;
      }
      worker.terminate();
      resolve(new Map(r.rows.map(([id, x, y]) => [id, { x, y }])));
    };
    worker.onerror = (e) => {
      e.preventDefault();
      fallback();
    };
    worker.postMessage({ nodes, edges, opts });
  });
}
