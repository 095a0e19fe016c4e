import { describe, expect, it } from "vitest";
import type { KindInfo, NodeKind } from "../bindings";
import { applySelection, collapseMeasures } from "../filters/visibility";
import { NODE_KINDS, SHAPES } from "../graph/kinds";
import { jiashanSelection, planGraph, planSource, planTitle } from "../test/fixture";
import { buildScene, exportNodeIds, fileStem, sourceLine, type MapSnapshot } from "./scene";

// Test palette: any distinct values do (the real one comes from Rust's overview).
const kinds: KindInfo[] = NODE_KINDS.map((kind, i) => ({
  kind,
  count: 1,
  style: { shape: SHAPES[i], fill: `#0000${(i * 16).toString(16).padStart(2, "0")}`, stroke: "#000000", text: "#ffffff", label: kind },
}));

const graph = planGraph();

/** What the controller would read off a map drawing `v`. */
function snapshotOf(selected: string[] = []): MapSnapshot {
  const sel = jiashanSelection();
  const v = applySelection(graph, sel, ["measure"], false, collapseMeasures(graph));
  const kindOf = new Map(graph.nodes.map((n) => [n.id, n.kind]));
  return {
    nodes: [...v.visibleNodeIds].map((id, i) => ({
      id, kind: kindOf.get(id) as NodeKind, x: i * 10, y: i, w: 20, h: 20, shape: "diamond", fill: "#123456",
      stroke: "#000000", label: id, fontSize: 10, faded: v.fadedIds.has(id), selected: selected.includes(id),
      labelPos: "below" as const, labelWidth: 110,
    })),
    edges: graph.edges.filter((e) => v.visibleEdgeIds.has(e.id)).map((e) => ({
      id: e.id, source: e.source, target: e.target, color: "#999999", width: 1, dashed: false, faded: v.fadedIds.has(e.id),
    })),
  };
}

describe("buildScene", () => {
  const meta = { title: "嘉善县", filters: ["区域：嘉善县"], source: sourceLine(planTitle, planSource, "zh" as const), kinds, lang: "zh" as const, onlySelected: false };

  it("draws what the filter keeps (faded context is left out) with a legend of the kinds present", () => {
    const snap = snapshotOf();
    const scene = buildScene(snap, meta);
    expect(scene.nodes.length).toBe(snap.nodes.filter((n) => !n.faded).length);
    expect(scene.nodes.length).toBeLessThan(snap.nodes.length);
    expect(scene.nodes.some((n) => n.id.startsWith("measure:"))).toBe(false);
    expect(scene.nodes.find((n) => n.id === "platform:祥符荡科创绿谷")?.faded).toBe(false);
    expect(scene.nodes.find((n) => n.id === "region:桐乡市")).toBeUndefined();
    const all = snap.nodes.map((n) => ({ ...n, faded: false }));
    expect(buildScene({ nodes: all, edges: snap.edges }, meta).nodes.length).toBe(all.length);
    const ids = new Set(scene.nodes.map((n) => n.id));
    for (const e of scene.edges) expect(ids.has(e.source) && ids.has(e.target)).toBe(true);
    const labels = scene.legend.map((l) => l.label);
    expect(labels).toContain("平台");
    expect(labels).not.toContain("举措");
    expect(scene.legend.find((l) => l.label === "平台")?.fill).toBe(kinds.find((k) => k.kind === "platform")!.style.fill);
    expect(scene.filters).toEqual(["区域：嘉善县"]);
    expect(scene.source).toBe(`来源：${planTitle}（${planSource}）· planmap`);
  });

  it("exports only the selection when asked and something is selected", () => {
    const pick = ["platform:祥符荡科创绿谷", "region:嘉善县"];
    const scene = buildScene(snapshotOf(pick), { ...meta, onlySelected: true });
    expect(scene.nodes.map((n) => n.id).sort()).toEqual([...pick].sort());
    expect(scene.edges.every((e) => pick.includes(e.source) && pick.includes(e.target))).toBe(true);
    expect(buildScene(snapshotOf([]), { ...meta, onlySelected: true }).nodes.length).toBeGreaterThan(2);
  });

  it("falls back to an ellipse for a shape the renderer does not know", () => {
    const snap = snapshotOf();
    const lit = snap.nodes.find((n) => !n.faded)!;
    lit.shape = "blob";
    expect(buildScene(snap, meta).nodes.find((n) => n.id === lit.id)!.shape).toBe("ellipse");
  });
});

describe("data export and names", () => {
  it("writes the visible, non-faded nodes, or the selected ones", () => {
    const sel = jiashanSelection();
    const v = applySelection(graph, sel, [], false);
    expect(exportNodeIds(v, [], false).sort()).toEqual([...sel.nodes].sort());
    expect(exportNodeIds(v, ["platform:祥符荡科创绿谷", "region:桐乡市"], true)).toEqual(["platform:祥符荡科创绿谷"]);
  });

  it("makes safe file stems", () => {
    expect(fileStem("追踪 a/b:c*?")).toBe("追踪-a-b-c");
    expect(fileStem("../..")).toBe("planmap");
    expect(Array.from(fileStem("长".repeat(100))).length).toBe(60);
  });

  it("says where an image comes from in either language", () => {
    expect(sourceLine("T", "f.txt", "en")).toBe("Source: T (f.txt) · planmap");
  });
});
