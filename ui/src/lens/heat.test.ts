import { describe, expect, it } from "vitest";
import { countyWeight, heatColour, hexagonPoints, inkOn, matrixMax } from "./heat";

const lum = (c: string) => {
  const n = parseInt(c.slice(1), 16);
  return 0.299 * ((n >> 16) & 255) + 0.587 * ((n >> 8) & 255) + 0.114 * (n & 255);
};

describe("county lens scale", () => {
  it("runs from light (none) to dark (most), monotonically", () => {
    expect(heatColour(0, 10)).toBe("#f7fbff");
    expect(heatColour(10, 10)).toBe("#08306b");
    expect(heatColour(5, 0)).toBe("#f7fbff");
    expect(heatColour(50, 10)).toBe("#08306b");
    let prev = Infinity;
    for (let v = 0; v <= 20; v++) {
      const c = heatColour(v, 20);
      expect(c).toMatch(/^#[0-9a-f]{6}$/);
      expect(lum(c)).toBeLessThanOrEqual(prev);
      prev = lum(c);
    }
  });

  it("picks readable ink and sums a county's weight", () => {
    expect(inkOn("#f7fbff")).toBe("#1a1a1a");
    expect(inkOn("#08306b")).toBe("#ffffff");
    expect(countyWeight({ id: "r", name: "嘉善县", short: "嘉善", code: "", x: 0, y: 0, measures: 3, projects: 2, platforms: 1 })).toBe(6);
    expect(matrixMax([[1, 4], [2, 0]])).toBe(4);
    expect(matrixMax([])).toBe(0);
  });

  it("draws a hexagon", () => {
    const pts = hexagonPoints(50, 50, 10).split(" ");
    expect(pts).toHaveLength(6);
    expect(pts[0]).toBe("60.0,50.0");
  });
});
