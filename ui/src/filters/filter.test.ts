import { describe, expect, it } from "vitest";
import type { PathHop } from "../bindings";
import { activeCounties, filterChip, filterChips, pathSelection, toggleCounty } from "./filter";

describe("filters", () => {
  it("toggles counties: click replaces, shift-click adds and removes", () => {
    expect(toggleCounty([], "嘉善县", false)).toEqual(["嘉善县"]);
    expect(toggleCounty(["海宁市"], "嘉善县", false)).toEqual(["嘉善县"]);
    expect(toggleCounty(["嘉善县"], "嘉善县", false)).toEqual([]);
    expect(toggleCounty(["海宁市"], "嘉善县", true)).toEqual(["海宁市", "嘉善县"]);
    expect(toggleCounty(["海宁市", "嘉善县"], "海宁市", true)).toEqual(["嘉善县"]);
  });

  it("keeps a path's hops and edges", () => {
    const hops: PathHop[] = [
      { node: "goal:a", label: "甲", kind: "goal", edge: "e5", edgeKind: "supports", evidence: null },
      { node: "section:三.一", label: "乙", kind: "section", edge: "e9", edgeKind: "contains", evidence: null },
      { node: "measure:三.一.2", label: "丙", kind: "measure", edge: null, edgeKind: null, evidence: null },
    ];
    expect(pathSelection(hops)).toEqual({ label: "甲 → 乙 → 丙", nodes: ["goal:a", "measure:三.一.2", "section:三.一"], edges: ["e5", "e9"] });
  });

  it("labels chips for exports", () => {
    const trace = { kind: "trace" as const, goal: "g", selection: { label: "追踪 高水平建设", nodes: [], edges: [] } };
    expect(filterChip(trace, "zh")).toBe("追踪：高水平建设");
    expect(filterChip(trace, "en")).toBe("Trace：高水平建设");
    expect(filterChips(null, "zh")).toEqual([]);
    const counties = { kind: "counties" as const, names: ["嘉善县"], selection: { label: "嘉善县", nodes: [], edges: [] } };
    expect(filterChips(counties, "zh")).toEqual(["区域：嘉善县"]);
    expect(activeCounties(counties)).toEqual(["嘉善县"]);
    expect(activeCounties({ kind: "cell", county: "海宁市", part: "part:三", selection: counties.selection })).toEqual(["海宁市"]);
    expect(activeCounties(trace)).toEqual([]);
  });
});
