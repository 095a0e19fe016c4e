import { describe, expect, it } from "vitest";
import { planGraph } from "../test/fixture";
import { AUTO_COLLAPSE_ELEMENTS, opensCollapsed } from "./state";

describe("opening size", () => {
  it("opens the shipped plan expanded and a bigger graph with measures collapsed", () => {
    const g = planGraph();
    expect(g.nodes.length + g.edges.length).toBeLessThanOrEqual(AUTO_COLLAPSE_ELEMENTS);
    expect(opensCollapsed(g)).toBe(false);
    const doubled = { nodes: [...g.nodes, ...g.nodes], edges: [...g.edges, ...g.edges] };
    expect(opensCollapsed(doubled)).toBe(true);
  });
});
