// Label placement on its own: who gets a name when not every name fits.
import { describe, expect, it } from "vitest";
import type { NodeKind } from "../bindings";
import { labelRect, overviewPriority, placeLabels, textWidth, type LabelCandidate, type Rect } from "./placement";

const view = { w: 800, h: 600 };
const node = (id: string, kind: NodeKind, x: number, y: number, text = id, size = 10): LabelCandidate => ({ id, kind, x, y, r: 4, text, size });
const overlap = (a: Rect, b: Rect) => a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2;

describe("label placement", () => {
  it("measures Chinese at a full em and Latin at about half", () => {
    expect(textWidth("嘉善县", 10)).toBe(30);
    expect(textWidth("G60", 10)).toBeCloseTo(18);
    expect(textWidth("科创走廊…", 10)).toBe(50);
    expect(textWidth("（一）", 10)).toBe(30);
  });

  it("names the more important of two nodes whose labels would collide", () => {
    const goal = node("goal:a", "goal", 100, 100, "经济发展质效");
    const measure = node("measure:b", "measure", 100, 106, "推进通苏嘉甬");
    expect(placeLabels([measure, goal], view, "right")).toEqual(["goal:a"]);
    // far enough apart, both
    const lower = { ...measure, y: 130 };
    expect(placeLabels([lower, goal], view, "right")).toEqual(["goal:a", "measure:b"]);
  });

  it("never covers another node, leaves the window or crosses a label the map draws", () => {
    const a = node("platform:a", "platform", 100, 100, "祥符荡科创绿谷");
    const b = node("region:b", "region", 140, 100, "嘉善县");
    // a's label would run over b's node: b is named, a is not
    expect(placeLabels([a, b], view, "right")).toEqual(["region:b"]);
    const edge = node("region:c", "region", 790, 300, "嘉善县");
    expect(placeLabels([edge], view, "right")).toEqual([]);
    expect(placeLabels([edge], view, "below")).toEqual([]);
    const c = node("section:c", "section", 300, 300, "加快建设");
    const r = labelRect(c, 11, "right");
    expect(placeLabels([c], view, "right", { px: 11, blocked: [{ x1: r.x1 + 5, y1: r.y1, x2: r.x1 + 20, y2: r.y2 }] })).toEqual([]);
    expect(placeLabels([c], view, "right", { px: 11, blocked: [{ x1: 0, y1: 0, x2: 10, y2: 10 }] })).toEqual(["section:c"]);
  });

  it("places many labels without overlaps, and the same ones however the input is ordered", () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const kinds: NodeKind[] = ["goal", "section", "measure", "platform", "region", "industry"];
    const cands = Array.from({ length: 400 }, (_, i) =>
      node(`n${i}`, kinds[i % kinds.length], rnd() * view.w, rnd() * view.h, "高质量发展示范区".slice(0, 2 + (i % 6)), Math.floor(rnd() * 20)),
    );
    for (const side of ["right", "below"] as const) {
      const placed = placeLabels(cands, view, side);
      expect(placed.length).toBeGreaterThan(20);
      expect(placed.length).toBeLessThan(cands.length);
      const byId = new Map(cands.map((c) => [c.id, c]));
      const rects = placed.map((id) => labelRect(byId.get(id)!, 11, side));
      for (let i = 0; i < rects.length; i++) {
        const r = rects[i];
        expect(r.x1 >= 0 && r.y1 >= 0 && r.x2 <= view.w && r.y2 <= view.h).toBe(true);
        for (let j = i + 1; j < rects.length; j++) expect(overlap(r, rects[j])).toBe(false);
        for (const c of cands) {
          if (c.id === placed[i]) continue;
          expect(overlap(r, { x1: c.x - c.r, y1: c.y - c.r, x2: c.x + c.r, y2: c.y + c.r }), `${placed[i]} covers ${c.id}`).toBe(false);
        }
      }
      // the same names whatever order the candidates come in
      const reversed = placeLabels([...cands].reverse(), view, side);
      expect(reversed).toEqual(placed);
    }
  });

  it("over the whole map, names may cover other nodes and parts go first", () => {
    const goal = node("goal:a", "goal", 100, 100, "经济发展质效");
    const part = node("part:b", "part", 100, 104, "开启高水平全面建设");
    const dot = node("measure:c", "measure", 130, 130, "");
    const under = node("section:d", "section", 100, 130, "加快建设长三角");
    expect(placeLabels([goal, part], view, "right")).toEqual(["goal:a"]);
    expect(placeLabels([goal, part], view, "right", { priority: overviewPriority })).toEqual(["part:b"]);
    // the section's name runs over the measure's dot: only allowed when nodes do not block
    expect(placeLabels([under, dot], view, "right")).toEqual([]);
    expect(placeLabels([under, dot], view, "right", { nodesBlock: false })).toEqual(["section:d"]);
  });

  it("gives nothing to a node without text", () => {
    expect(placeLabels([node("x", "goal", 100, 100, "")], view, "right")).toEqual([]);
  });
});
