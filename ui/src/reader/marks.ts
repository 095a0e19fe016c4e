// A passage cut into runs of text, each with the marks covering it. Offsets
// are in characters (Unicode scalar values), as Rust counts them, so the text
// is split with Array.from rather than by UTF-16 units.
import type { Mark } from "../bindings";

export interface Run {
  text: string;
  /** Marks covering the whole run. */
  marks: Mark[];
}

export function segments(text: string, marks: readonly Mark[]): Run[] {
  const chars = Array.from(text);
  const n = chars.length;
  const valid = marks
    .map((m) => ({ ...m, start: Math.max(0, Math.min(n, m.start)), end: Math.max(0, Math.min(n, m.end)) }))
    .filter((m) => m.end > m.start);
  const cuts = new Set<number>([0, n]);
  for (const m of valid) {
    cuts.add(m.start);
    cuts.add(m.end);
  }
  const points = [...cuts].sort((a, b) => a - b);
  const runs: Run[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const [a, b] = [points[i], points[i + 1]];
    if (b <= a) continue;
    const covering = valid.filter((m) => m.start <= a && m.end >= b);
    const prev = runs[runs.length - 1];
    const piece = chars.slice(a, b).join("");
    if (prev && prev.marks.length === 0 && covering.length === 0) prev.text += piece;
    else runs.push({ text: piece, marks: covering });
  }
  return runs;
}
