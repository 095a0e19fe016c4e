// Selected nodes: plain ids, kept in sync with the map.
import type { Visibility } from "../filters/visibility";

/** The two ends of a path request, when exactly two nodes are selected. */
export function pathEnds(selected: readonly string[]): [string, string] | null {
  return selected.length === 2 ? [selected[0], selected[1]] : null;
}

/** The selection without what the map no longer draws. */
export function keepVisible(selected: readonly string[], v: Visibility | null): string[] {
  if (!v) return [...selected];
  return selected.filter((id) => v.visibleNodeIds.has(id));
}

/** Same ids, order ignored. */
export function sameIds(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const s = new Set(a);
  return b.every((x) => s.has(x));
}

/** What the reader shows for a selection. */
export type ReaderTarget =
  | { kind: "none" }
  | { kind: "node"; id: string }
  | { kind: "multi"; ids: string[] };

export function readerTarget(selected: readonly string[]): ReaderTarget {
  if (selected.length === 0) return { kind: "none" };
  if (selected.length === 1) return { kind: "node", id: selected[0] };
  return { kind: "multi", ids: [...selected] };
}
