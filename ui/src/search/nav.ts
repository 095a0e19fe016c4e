// Keyboard navigation of the search results and what a result leads to.
import type { SearchResult } from "../bindings";

/** The highlighted index after ↑ (-1) or ↓ (+1): wraps; -1 means none. */
export function moveIndex(current: number, delta: number, length: number): number {
  if (length <= 0) return -1;
  if (current < 0) return delta > 0 ? 0 : length - 1;
  return (((current + delta) % length) + length) % length;
}

/** The node a result selects: the node itself, or the node holding the passage. */
export function resultNode(r: SearchResult): string | null {
  return r.node ?? null;
}

/** Whether a query is worth sending (one character and up). */
export function searchable(q: string): boolean {
  return q.trim().length > 0;
}

/** `text` cut into runs, `hit` where `query` occurs (case-insensitive), for highlighting. */
export function matchRuns(text: string, query: string): { text: string; hit: boolean }[] {
  const q = query.trim().toLowerCase();
  if (!q) return text ? [{ text, hit: false }] : [];
  const lower = text.toLowerCase();
  // lower-casing may change lengths outside ASCII; highlight only when it does not
  if (lower.length !== text.length) return [{ text, hit: false }];
  const out: { text: string; hit: boolean }[] = [];
  let at = 0;
  for (let i = lower.indexOf(q); i >= 0; i = lower.indexOf(q, i + q.length)) {
    if (i > at) out.push({ text: text.slice(at, i), hit: false });
    out.push({ text: text.slice(i, i + q.length), hit: true });
    at = i + q.length;
  }
  if (at < text.length) out.push({ text: text.slice(at), hit: false });
  return out;
}
