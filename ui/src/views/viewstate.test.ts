import { describe, expect, it } from "vitest";
import type { Filter } from "../filters/filter";
import { planGraph } from "../test/fixture";
import { clampDepth, filterRequestOf, hiddenKindsOf, layoutOf, positionsFit, viewDocToOpen, viewStateFrom, type ViewInputs } from "./viewstate";

const sel = { label: "x", nodes: [], edges: [] };
const base: ViewInputs = { layout: "force", filter: null, depth: 3, hiddenKinds: ["region", "measure"], collapsed: true, selected: ["part:三"], lang: "en", doc: "d2" };

describe("view state", () => {
  it("names its document, and says when opening it means switching documents", () => {
    expect(viewStateFrom("v", base, [], { zoom: 1, pan: [0, 0] }).doc).toBe("d2");
    const docs = [{ id: "d1", current: true }, { id: "d2", current: false }];
    expect(viewDocToOpen({ doc: "d2" }, docs)).toBe(true);
    expect(viewDocToOpen({ doc: "d1" }, docs)).toBe(false); // already open
    expect(viewDocToOpen({ doc: "d9" }, docs)).toBe(false); // no longer in the library
    expect(viewDocToOpen({ doc: null }, docs)).toBe(false); // saved before the library
  });


  it("round-trips every filter kind through a ViewState", () => {
    const filters: Filter[] = [
      { kind: "counties", names: ["嘉善县", "海宁市"], selection: sel },
      { kind: "trace", goal: "goal:vision:3", selection: sel },
      { kind: "cell", county: "嘉善县", part: "part:三", selection: sel },
      { kind: "focus", id: "section:三.一", depth: 4, selection: sel },
    ];
    const want = [
      { kind: "counties", names: ["嘉善县", "海宁市"] },
      { kind: "trace", goal: "goal:vision:3" },
      { kind: "cell", county: "嘉善县", part: "part:三" },
      { kind: "focus", id: "section:三.一", depth: 4 },
    ];
    filters.forEach((filter, i) => {
      const v = viewStateFrom("v", { ...base, filter }, [], { zoom: 1, pan: [0, 0] });
      expect(filterRequestOf(v)).toEqual(want[i]);
    });
    const none = viewStateFrom("", base, [{ id: "a", x: 1, y: 2 }], { zoom: 0.5, pan: [3, 4] });
    expect(filterRequestOf(none)).toBeNull();
    expect(none).toMatchObject({ layout: "force", hiddenKinds: ["measure", "region"], collapsed: true, selection: ["part:三"], zoom: 0.5, pan: [3, 4], lang: "en", depth: 3 });
    expect(hiddenKindsOf({ ...none, hiddenKinds: ["region", "bogus" as never] })).toEqual(["region"]);
  });

  it("does not save a path filter, and keeps numbers finite", () => {
    const v = viewStateFrom("p", { ...base, filter: { kind: "path", from: "a", to: "b", hops: [], selection: sel } }, [], { zoom: NaN, pan: [Infinity, 1] });
    expect(filterRequestOf(v)).toBeNull();
    expect(v.zoom).toBe(1);
    expect(v.pan).toEqual([0, 1]);
  });

  it("clamps depth and reads layouts", () => {
    expect([0, 1, 3.4, 9, NaN].map(clampDepth)).toEqual([1, 1, 3, 5, 2]);
    expect(layoutOf("focus")).toBe("focus");
    expect(layoutOf("circle")).toBe("strategy");
    expect(layoutOf(null)).toBe("strategy");
  });

  it("uses saved positions only when they still fit the graph", () => {
    const g = planGraph();
    const all = g.nodes.map((n, i) => ({ id: n.id, x: i, y: i }));
    expect(positionsFit(all, g)).toBe(true);
    expect(positionsFit(all.slice(0, Math.floor(all.length / 2)), g)).toBe(false);
    expect(positionsFit(all.map((p) => ({ ...p, id: `old:${p.id}` })), g)).toBe(false);
  });
});
