// The county lens's pure parts: the sequential colour scale and tile geometry.
import type { CountyCell } from "../bindings";

/** Stops of a sequential blue scale (light → dark), ColorBrewer Blues. */
const STOPS: [number, number, number][] = [
  [0xf7, 0xfb, 0xff],
  [0xc6, 0xdb, 0xef],
  [0x6b, 0xae, 0xd6],
  [0x21, 0x71, 0xb5],
  [0x08, 0x30, 0x6b],
];

const hex = (v: number) => Math.round(Math.max(0, Math.min(255, v))).toString(16).padStart(2, "0");

/** Colour of `v` on a sequential scale from 0 to `max` (square-root, so small counts still show). */
export function heatColour(v: number, max: number): string {
  const f = max > 0 && v > 0 ? Math.sqrt(Math.min(v, max) / max) : 0;
  const x = f * (STOPS.length - 1);
  const i = Math.min(STOPS.length - 2, Math.floor(x));
  const k = x - i;
  const [a, b] = [STOPS[i], STOPS[i + 1]];
  return `#${hex(a[0] + (b[0] - a[0]) * k)}${hex(a[1] + (b[1] - a[1]) * k)}${hex(a[2] + (b[2] - a[2]) * k)}`;
}

/** Near-black or white, whichever reads on `fill` (`#rrggbb`). */
export function inkOn(fill: string): string {
  const n = parseInt(fill.slice(1), 16);
  const [r, g, b] = [(n >> 16) & 255, (n >> 8) & 255, n & 255];
  return 0.299 * r + 0.587 * g + 0.114 * b > 150 ? "#1a1a1a" : "#ffffff";
}

/** What a county tile is shaded by: its measures, projects and platforms. */
export function countyWeight(c: CountyCell): number {
  return c.measures + c.projects + c.platforms;
}

/** Points of a flat-topped hexagon of radius `r` around (cx, cy), as an SVG `points` value. */
export function hexagonPoints(cx: number, cy: number, r: number): string {
  const pts: string[] = [];
  for (let i = 0; i < 6; i++) {
    const a = (Math.PI / 3) * i;
    pts.push(`${(cx + r * Math.cos(a)).toFixed(1)},${(cy + r * Math.sin(a)).toFixed(1)}`);
  }
  return pts.join(" ");
}

/** Tile centres in a `size`-wide square SVG (positions are 0–1). */
export function tileCentre(c: Pick<CountyCell, "x" | "y">, size: number): { x: number; y: number } {
  return { x: c.x * size, y: c.y * size };
}

/** Largest value of a matrix (0 when empty). */
export function matrixMax(m: readonly (readonly number[])[]): number {
  return m.reduce((a, row) => row.reduce((b, v) => Math.max(b, v), a), 0);
}
