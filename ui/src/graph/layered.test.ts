import { describe, expect, it } from "vitest";
import { planGraph } from "../test/fixture";
import { nodeSize, rankOf } from "./kinds";
import { layerEdges, packLayers, strategyPositions } from "./layered";

describe("packing layers", () => {
  it("wraps a long layer into columns and stacks without overlap", () => {
    const layer = Array.from({ length: 7 }, (_, i) => `m${i}`);
    const pos = packLayers([["g"], layer], new Map(layer.map((id) => [id, 10])), { maxRows: 3, columnWidth: 100, layerGap: 50, rowGap: 2 });
    expect(pos.get("g")).toEqual({ x: 0, y: 0 });
    expect([...new Set(layer.map((id) => pos.get(id)!.x))]).toEqual([150, 250, 350]);
    expect(layer.slice(0, 3).map((id) => pos.get(id)!.y)).toEqual([-12, 0, 12]);
    expect(pos.get("m6")).toEqual({ x: 350, y: 0 });
  });
});

describe("strategy map layout", () => {
  const g = planGraph();
  const nodes = g.nodes.map((n) => ({ id: n.id, kind: n.kind, w: nodeSize(n.kind, n.degree), h: 20 }));

  it("orients every edge from a lower layer to a higher one", () => {
    const es = layerEdges(nodes, g.edges);
    const kind = new Map(g.nodes.map((n) => [n.id, n.kind]));
    expect(es.length).toBeGreaterThan(1000);
    for (const e of es) expect(rankOf(kind.get(e.source)!)).toBeLessThan(rankOf(kind.get(e.target)!));
  });

  it("puts each kind in its own column, goals first and regions last", () => {
    const t0 = performance.now();
    const pos = strategyPositions(nodes, g.edges, { maxRows: 60 });
    const ms = performance.now() - t0;
    console.log(`strategy layout of ${nodes.length} nodes: ${ms.toFixed(0)} ms`);
    expect(pos.size).toBe(g.nodes.length);
    const xs = new Map<number, number[]>();
    for (const n of g.nodes) {
      const r = rankOf(n.kind);
      const p = pos.get(n.id)!;
      expect(Number.isFinite(p.x) && Number.isFinite(p.y)).toBe(true);
      xs.set(r, [...(xs.get(r) ?? []), p.x]);
    }
    for (let r = 1; r <= 6; r++) expect(Math.min(...xs.get(r)!)).toBeGreaterThan(Math.max(...xs.get(r - 1)!));
    // the 309 measures wrap into columns of at most 60
    const measureColumns = new Set(xs.get(rankOf("measure"))).size;
    expect(measureColumns).toBe(Math.ceil(g.nodes.filter((n) => n.kind === "measure").length / 60));
    const ys = [...pos.values()].map((p) => p.y);
    const xsAll = [...pos.values()].map((p) => p.x);
    expect(Math.max(...ys) - Math.min(...ys)).toBeLessThan(Math.max(...xsAll) - Math.min(...xsAll));
  });
});
