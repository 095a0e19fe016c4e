// The gap report grouped by category, in a fixed order.
import type { GapItem } from "../bindings";
import { GAP_CATEGORIES } from "../i18n/dict";

export interface GapGroup {
  category: string;
  items: GapItem[];
}

export function groupGaps(items: readonly GapItem[]): GapGroup[] {
  const by = new Map<string, GapItem[]>();
  for (const g of items) {
    const list = by.get(g.category) ?? [];
    list.push(g);
    by.set(g.category, list);
  }
  const order = (c: string) => {
    const i = GAP_CATEGORIES.indexOf(c);
    return i < 0 ? GAP_CATEGORIES.length : i;
  };
  return [...by.entries()]
    .sort((a, b) => order(a[0]) - order(b[0]) || a[0].localeCompare(b[0]))
    .map(([category, list]) => ({ category, items: list }));
}
