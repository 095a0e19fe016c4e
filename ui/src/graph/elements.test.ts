import { describe, expect, it } from "vitest";
import type { KindInfo } from "../bindings";
import { collapseMeasures } from "../filters/visibility";
import { planGraph } from "../test/fixture";
import { toElements } from "./elements";
import { hopDistances } from "./hops";
import { mapLabel, NODE_KINDS, nodeSize, rankOf, SHAPES } from "./kinds";

const kinds: KindInfo[] = NODE_KINDS.map((kind, i) => ({
  kind, count: 0, style: { shape: SHAPES[i], fill: `#10${String(i).padStart(2, "0")}20`, stroke: "#000000", text: "#ffffff", label: kind },
}));

describe("renderer elements", () => {
  const g = planGraph();
  const aggs = collapseMeasures(g);
  const els = toElements(g, aggs, kinds);

  it("take shape and colour from the palette, one node per graph node", () => {
    expect(els.nodes).toHaveLength(g.nodes.length);
    const p = els.nodes.find((n) => n.data.id === "platform:祥符荡科创绿谷")!;
    const style = kinds.find((k) => k.kind === "platform")!.style;
    expect([p.data.shape, p.data.fill, p.data.stroke]).toEqual([style.shape, style.fill, style.stroke]);
    expect(p.data.rank).toBe(rankOf("platform"));
  });

  it("carry every edge and the aggregate edges", () => {
    expect(els.edges.filter((e) => !e.data.aggregate)).toHaveLength(g.edges.length);
    expect(els.edges.filter((e) => e.data.aggregate)).toHaveLength(aggs.length);
    expect(els.edges.filter((e) => e.data.dashed).every((e) => e.classes.includes("dashed"))).toBe(true);
  });

  it("order kinds goals → regions", () => {
    const order = ["goal", "strategy", "part", "section", "measure", "platform", "region"] as const;
    for (let i = 1; i < order.length; i++) expect(rankOf(order[i])).toBeGreaterThan(rankOf(order[i - 1]));
  });

  it("cut long labels and size by degree", () => {
    expect(mapLabel("一二三四五六七八九十一二三四五六七八九十")).toBe("一二三四五六七八九十一二三四五六七八…");
    expect(mapLabel(" 短 \n 名 ")).toBe("短 名");
    expect(nodeSize("part", 100)).toBeGreaterThan(nodeSize("part", 1));
    expect(nodeSize("measure", 1)).toBeLessThan(nodeSize("part", 1));
  });

  it("measure hop distances for the focus rings", () => {
    const d = hopDistances("platform:祥符荡科创绿谷", g.edges);
    expect(d.get("platform:祥符荡科创绿谷")).toBe(0);
    expect(d.get("region:嘉善县")).toBeLessThanOrEqual(2);
    const local = hopDistances("a", [{ source: "a", target: "b" }, { source: "b", target: "c" }, { source: "c", target: "d" }], new Set(["a", "b", "c"]));
    expect([...local.entries()]).toEqual([["a", 0], ["b", 1], ["c", 2]]);
  });
});
