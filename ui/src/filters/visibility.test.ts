import { describe, expect, it } from "vitest";
import { jiashanSelection, planGraph } from "../test/fixture";
import { applySelection, collapseMeasures, countShown, probeNode } from "./visibility";

const graph = planGraph();
const aggregates = collapseMeasures(graph);
const kindOf = new Map(graph.nodes.map((n) => [n.id, n.kind]));

describe("applySelection", () => {
  it("draws everything when nothing is filtered, hidden or collapsed", () => {
    const v = applySelection(graph, null, [], false, aggregates);
    expect(v.visibleNodeIds.size).toBe(graph.nodes.length);
    expect(v.visibleEdgeIds.size).toBe(graph.edges.length);
    expect(v.fadedIds.size).toBe(0);
    expect(countShown(v)).toEqual({ nodes: graph.nodes.length, edges: graph.edges.length });
  });

  it("keeps 祥符荡科创绿谷 when filtering to 嘉善县 and fades the rest", () => {
    const sel = jiashanSelection();
    const v = applySelection(graph, sel, [], false, aggregates);
    expect(probeNode(graph, v, "platform:祥符荡科创绿谷")).toBe("visible");
    expect(probeNode(graph, v, "region:嘉善县")).toBe("visible");
    expect(probeNode(graph, v, "region:桐乡市")).toBe("faded");
    expect(probeNode(graph, v, "no:such-node")).toBe("absent");
    expect(countShown(v).nodes).toBe(sel.nodes.length);
    expect(countShown(v).edges).toBe(sel.edges.length);
    // faded elements are still drawn
    expect(v.visibleNodeIds.size).toBe(graph.nodes.length);
  });

  it("hides instead of fading outside the filter when asked (focus layout)", () => {
    const sel = jiashanSelection();
    const v = applySelection(graph, sel, [], false, aggregates, true);
    expect(v.visibleNodeIds.size).toBe(sel.nodes.length);
    expect(v.fadedIds.size).toBe(0);
    expect(probeNode(graph, v, "region:桐乡市")).toBe("hidden");
  });

  it("collapse removes measures and reroutes their edges to the section", () => {
    const v = applySelection(graph, null, [], true, aggregates);
    const measures = graph.nodes.filter((n) => n.kind === "measure");
    expect(measures.length).toBeGreaterThan(300);
    for (const m of measures) if (m.parent) expect(v.visibleNodeIds.has(m.id)).toBe(false);
    for (const e of graph.edges) {
      if (kindOf.get(e.source) === "measure" || kindOf.get(e.target) === "measure") expect(v.visibleEdgeIds.has(e.id)).toBe(false);
    }
    // measure:三.一.2 names 祥符荡科创绿谷: its section now does
    const agg = aggregates.find((a) => a.source === "section:三.一" && a.target === "platform:祥符荡科创绿谷");
    expect(agg?.kind).toBe("mentions");
    expect(v.visibleEdgeIds.has(agg!.id)).toBe(true);
    for (const a of aggregates) {
      expect(kindOf.get(a.source)).not.toBe("measure");
      expect(kindOf.get(a.target)).not.toBe("measure");
      expect(a.source).not.toBe(a.target);
      expect(a.members.length).toBeGreaterThan(0);
    }
  });

  it("a collapsed section stays bright when one of its measures is in the filter", () => {
    const sel = jiashanSelection();
    const v = applySelection(graph, sel, [], true, aggregates);
    const m = graph.nodes.find((n) => n.kind === "measure" && n.parent && sel.nodes.includes(n.id))!;
    expect(m).toBeDefined();
    expect(probeNode(graph, v, m.parent!)).toBe("visible");
    expect(probeNode(graph, v, m.id)).toBe("hidden");
    expect(probeNode(graph, v, "platform:祥符荡科创绿谷")).toBe("visible");
  });

  it("hidden kinds hide their nodes and every edge touching them", () => {
    const v = applySelection(graph, null, ["region"], false, aggregates);
    for (const n of graph.nodes) expect(v.visibleNodeIds.has(n.id)).toBe(n.kind !== "region");
    for (const e of graph.edges) {
      if (e.kind === "located_in" || e.kind === "within") expect(v.visibleEdgeIds.has(e.id)).toBe(false);
    }
  });
});
