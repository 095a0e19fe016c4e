import { describe, expect, it } from "vitest";
import { matchRuns, moveIndex, resultNode, searchable } from "./nav";

describe("search navigation", () => {
  it("moves through results and wraps", () => {
    expect(moveIndex(-1, 1, 3)).toBe(0);
    expect(moveIndex(-1, -1, 3)).toBe(2);
    expect(moveIndex(2, 1, 3)).toBe(0);
    expect(moveIndex(0, -1, 3)).toBe(2);
    expect(moveIndex(1, 1, 0)).toBe(-1);
  });

  it("searches from one character and leads to the result's node", () => {
    expect(searchable("党")).toBe(true);
    expect(searchable("  ")).toBe(false);
    expect(resultNode({ hit: "passage", node: "section:三.一", label: null, kind: null, snippet: "", span: [0, 1] })).toBe("section:三.一");
    expect(resultNode({ hit: "passage", node: null, label: null, kind: null, snippet: "", span: [0, 1] })).toBeNull();
  });
});

describe("match highlighting", () => {
  it("marks every occurrence of the query", () => {
    expect(matchRuns("科创走廊与科创绿谷", "科创")).toEqual([
      { text: "科创", hit: true }, { text: "走廊与", hit: false }, { text: "科创", hit: true }, { text: "绿谷", hit: false },
    ]);
    expect(matchRuns("G60 Corridor", "corridor")).toEqual([{ text: "G60 ", hit: false }, { text: "Corridor", hit: true }]);
    expect(matchRuns("abc", " ")).toEqual([{ text: "abc", hit: false }]);
    expect(matchRuns("", "a")).toEqual([]);
  });
});
