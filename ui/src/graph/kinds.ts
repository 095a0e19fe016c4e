// Node kinds: their order on the strategy map and their size on screen.
// Colours and shapes are not here: they come from `overview.kinds[].style`,
// the one palette Rust also uses for image exports.
import type { EdgeKind, KindInfo, KindStyle, NodeKind, Shape } from "../bindings";

/** Every node kind, in legend order (as `NodeKind::ALL`). */
export const NODE_KINDS: readonly NodeKind[] = [
  "goal", "indicator", "strategy", "part", "section", "measure",
  "platform", "project", "program", "industry", "organization", "region",
];

/** Every edge kind. */
export const EDGE_KINDS: readonly EdgeKind[] = [
  "contains", "supports", "implements", "mentions", "located_in", "within", "quantifies",
];

/**
 * The layer of a kind on the strategy map: goals → (indicators, strategies) →
 * parts → sections → measures → named entities → regions.
 */
export function rankOf(kind: NodeKind): number {
  switch (kind) {
    case "goal": return 0;
    case "indicator": case "strategy": return 1;
    case "part": return 2;
    case "section": return 3;
    case "measure": return 4;
    case "platform": case "project": case "program": case "industry": case "organization": return 5;
    case "region": return 6;
  }
}

/** Shapes the scene (and cytoscape) know. */
export const SHAPES: readonly Shape[] = [
  "ellipse", "round-rectangle", "rectangle", "diamond", "hexagon", "triangle",
  "octagon", "pentagon", "star", "tag", "rhomboid", "concave-hexagon",
];

export function isShape(s: string): s is Shape {
  return (SHAPES as readonly string[]).includes(s);
}

/** Base diameter of a node of `kind` before its degree adds to it. */
function baseSize(kind: NodeKind): number {
  switch (kind) {
    case "part": return 34;
    case "strategy": case "goal": return 26;
    case "section": return 24;
    case "region": return 22;
    case "measure": return 12;
    default: return 18;
  }
}

/** On-screen size of a node: its kind's base, growing gently with degree. */
export function nodeSize(kind: NodeKind, degree: number): number {
  return Math.round(baseSize(kind) + Math.min(18, Math.sqrt(Math.max(0, degree)) * 2));
}

/** Label font size (model units) of a node of `kind`. */
export function fontSizeOf(kind: NodeKind): number {
  switch (kind) {
    case "part": return 14;
    case "section": case "goal": case "strategy": return 11;
    case "measure": return 8;
    default: return 10;
  }
}

/** Longest label drawn on the map; the reader shows the full text. */
export const MAP_LABEL_CHARS = 18;

/** The label drawn on the map: cut to [`MAP_LABEL_CHARS`] characters. */
export function mapLabel(label: string, max = MAP_LABEL_CHARS): string {
  const chars = Array.from(label.replace(/\s+/g, " ").trim());
  return chars.length > max ? chars.slice(0, max).join("") + "…" : chars.join("");
}

/** Neutral style for a kind missing from the palette (never expected). */
const FALLBACK: KindStyle = { shape: "ellipse", fill: "#cccccc", stroke: "#777777", text: "#1a1a1a", label: "?" };

/** The palette as a lookup (from `overview.kinds`). */
export function paletteOf(kinds: readonly KindInfo[]): (kind: NodeKind) => KindStyle {
  const m = new Map(kinds.map((k) => [k.kind, k.style]));
  return (kind) => m.get(kind) ?? FALLBACK;
}

/** Edge colours by kind: muted, so nodes stay the figure. */
export function edgeColour(kind: EdgeKind): string {
  switch (kind) {
    case "contains": return "#9aa5b1";
    case "supports": return "#e3a37f";
    case "implements": return "#c99bb8";
    case "mentions": return "#8fb0cf";
    case "located_in": return "#93bf9b";
    case "within": return "#b4b4b4";
    case "quantifies": return "#e1c16e";
  }
}
