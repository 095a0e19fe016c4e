// The active filter: one at a time, each holding the Selection Rust answered.
import type { PathHop, Selection } from "../bindings";
import { t, type Lang } from "../i18n/dict";

export type Filter =
  | { kind: "trace"; goal: string; selection: Selection }
  | { kind: "counties"; names: string[]; selection: Selection }
  | { kind: "cell"; county: string; part: string; selection: Selection }
  | { kind: "focus"; id: string; depth: number; selection: Selection }
  | { kind: "path"; from: string; to: string; hops: PathHop[]; selection: Selection };

/** The Selection a path filter keeps: its hops and the edges between them. */
export function pathSelection(hops: readonly PathHop[]): Selection {
  const label = hops.map((h) => h.label).join(" → ");
  return {
    label,
    nodes: [...new Set(hops.map((h) => h.node))].sort(),
    edges: hops.flatMap((h) => (h.edge ? [h.edge] : [])),
  };
}

/** The text of the filter's chip (also listed under an export's title). */
export function filterChip(f: Filter, lang: Lang): string {
  const prefix = t(lang, `filter.${f.kind}`);
  const label = f.selection.label.replace(/^追踪\s*/, "");
  return `${prefix}：${label}`;
}

/** The chips of the active filter (zero or one). */
export function filterChips(f: Filter | null, lang: Lang): string[] {
  return f ? [filterChip(f, lang)] : [];
}

/** Counties after a click on one: replace, or with shift toggle it in the set. */
export function toggleCounty(current: readonly string[], name: string, additive: boolean): string[] {
  if (!additive) return current.length === 1 && current[0] === name ? [] : [name];
  return current.includes(name) ? current.filter((c) => c !== name) : [...current, name];
}

/** Counties of the active filter (for the lens's highlight). */
export function activeCounties(f: Filter | null): string[] {
  if (!f) return [];
  if (f.kind === "counties") return f.names;
  if (f.kind === "cell") return [f.county];
  return [];
}
