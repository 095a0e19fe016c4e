import { describe, expect, it } from "vitest";
import type { GapItem } from "../bindings";
import { groupGaps } from "./gaps";

const gap = (category: string, label: string): GapItem => ({ category, node: null, label, span: null });

describe("gap groups", () => {
  it("groups by category in the report's order, unknown categories last", () => {
    const groups = groupGaps([gap("missing-numeral", "a"), gap("zzz", "b"), gap("goal-without-support", "c"), gap("missing-numeral", "d")]);
    expect(groups.map((g) => [g.category, g.items.length])).toEqual([["goal-without-support", 1], ["missing-numeral", 2], ["zzz", 1]]);
  });
});
