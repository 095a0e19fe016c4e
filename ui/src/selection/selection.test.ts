import { describe, expect, it } from "vitest";
import { applySelection } from "../filters/visibility";
import { planGraph } from "../test/fixture";
import { keepVisible, pathEnds, readerTarget, sameIds } from "./selection";

describe("selection", () => {
  it("asks for a path only with exactly two nodes", () => {
    expect(pathEnds(["a", "b"])).toEqual(["a", "b"]);
    expect(pathEnds(["a"])).toBeNull();
    expect(pathEnds(["a", "b", "c"])).toBeNull();
  });

  it("drops what the map no longer draws", () => {
    const g = planGraph();
    const v = applySelection(g, null, ["region"], false);
    expect(keepVisible(["region:嘉善县", "platform:祥符荡科创绿谷"], v)).toEqual(["platform:祥符荡科创绿谷"]);
    expect(keepVisible(["x"], null)).toEqual(["x"]);
  });

  it("says what the reader shows", () => {
    expect(readerTarget([])).toEqual({ kind: "none" });
    expect(readerTarget(["a"])).toEqual({ kind: "node", id: "a" });
    expect(readerTarget(["a", "b"])).toEqual({ kind: "multi", ids: ["a", "b"] });
    expect(sameIds(["a", "b"], ["b", "a"])).toBe(true);
    expect(sameIds(["a"], ["a", "b"])).toBe(false);
  });
});
