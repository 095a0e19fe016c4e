// Label placement for what a filter lifts: when the camera is too far out for
// the map's own labels (see `MapController.labelInView`), the lifted nodes
// still get names, at a legible size on screen, as many as fit without
// overlapping each other or another lifted node. Greedy by importance: a
// goal before its sections, a section before its measures. Everything here is
// in screen pixels and pure, so it is tested on its own.
import type { NodeKind } from "../bindings";

/** On-screen font size (px) of a placed label. */
export const PLACED_LABEL_PX = 11;

/** A lifted node whose label may be placed: centre and radius on screen. */
export interface LabelCandidate {
  id: string;
  kind: NodeKind;
  x: number;
  y: number;
  r: number;
  text: string;
  /** Breaks ties within a kind: bigger (better connected) nodes first. */
  size: number;
}

/** An axis-aligned rectangle on screen. */
export interface Rect {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

/** Where labels sit: beside their node (strategy map) or under it. */
export type LabelSide = "right" | "below";

/** Over the whole map (no filter): the plan's parts first, then its goals, strategies and sections. */
export function overviewPriority(kind: NodeKind): number {
  switch (kind) {
    case "part": return 0;
    case "goal": return 1;
    case "strategy": return 2;
    case "section": return 3;
    default: return 4 + labelPriority(kind);
  }
}

/** Which kinds are named first when not every label fits (what a filter lifts). */
export function labelPriority(kind: NodeKind): number {
  switch (kind) {
    case "goal": return 0;
    case "strategy": return 1;
    case "part": return 2;
    case "section": return 3;
    case "platform": case "project": return 4;
    case "program": return 5;
    case "region": return 6;
    case "indicator": return 7;
    case "industry": case "organization": return 8;
    case "measure": return 9;
  }
}

/**
 * Width of `text` drawn at `px`: CJK characters and full-width forms take a
 * full em, everything else about half (a conservative estimate: labels are
 * never measured, which is what keeps placing them cheap).
 */
export function textWidth(text: string, px: number): number {
  let w = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0) ?? 0;
    const wide = (c >= 0x2e80 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xff00 && c <= 0xffef) || (c >= 0x3000 && c <= 0x303f) || c === 0x2026 || c >= 0x20000;
    w += wide ? px : px * 0.6;
  }
  return w;
}

/** The rectangle a candidate's label takes, with its gap to the node and a margin for its halo. */
export function labelRect(c: LabelCandidate, px: number, side: LabelSide): Rect {
  const w = textWidth(c.text, px) + 2;
  const h = px * 1.3;
  if (side === "right") {
    const x1 = c.x + c.r + 3;
    return { x1, y1: c.y - h / 2, x2: x1 + w, y2: c.y + h / 2 };
  }
  const y1 = c.y + c.r + 2;
  return { x1: c.x - w / 2, y1, x2: c.x + w / 2, y2: y1 + h };
}

function overlaps(a: Rect, b: Rect): boolean {
  return a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2;
}

/** Rectangles bucketed on a coarse grid, for overlap tests in about constant time. */
class Grid {
  private cells = new Map<string, { rect: Rect; owner: string }[]>();
  constructor(private readonly cell = 64) {}

  private keys(r: Rect): string[] {
    const out: string[] = [];
    const c = this.cell;
    for (let i = Math.floor(r.x1 / c); i <= Math.floor(r.x2 / c); i++) {
      for (let j = Math.floor(r.y1 / c); j <= Math.floor(r.y2 / c); j++) out.push(`${i},${j}`);
    }
    return out;
  }

  add(rect: Rect, owner: string): void {
    for (const k of this.keys(rect)) {
      const list = this.cells.get(k);
      if (list) list.push({ rect, owner });
      else this.cells.set(k, [{ rect, owner }]);
    }
  }

  /** Whether `rect` overlaps anything but what `owner` put there. */
  hits(rect: Rect, owner: string): boolean {
    for (const k of this.keys(rect)) {
      for (const o of this.cells.get(k) ?? []) if (o.owner !== owner && overlaps(rect, o.rect)) return true;
    }
    return false;
  }
}

/** How `placeLabels` places. */
export interface PlaceOptions {
  /** Font size on screen (default `PLACED_LABEL_PX`). */
  px?: number;
  /** Rectangles no label may cross: labels the map draws anyway, panels over the map. */
  blocked?: readonly Rect[];
  /** Whether candidates' nodes are in the way of other labels (default true). */
  nodesBlock?: boolean;
  /** Which kinds go first (default `labelPriority`). */
  priority?: (kind: NodeKind) => number;
}

/**
 * Choose which candidates get their label: in priority order, a label is
 * placed when it lies inside the view and clears every label placed before
 * it, every candidate's node (unless `nodesBlock` is false) and every
 * rectangle in `blocked`. Returns the ids placed, in the order they were
 * placed.
 */
export function placeLabels(
  candidates: readonly LabelCandidate[],
  view: { w: number; h: number },
  side: LabelSide,
  opts: PlaceOptions = {},
): string[] {
  const px = opts.px ?? PLACED_LABEL_PX;
  const blocked = opts.blocked ?? [];
  const rank = opts.priority ?? labelPriority;
  const grid = new Grid();
  if (opts.nodesBlock ?? true) for (const c of candidates) grid.add({ x1: c.x - c.r, y1: c.y - c.r, x2: c.x + c.r, y2: c.y + c.r }, c.id);
  blocked.forEach((r, i) => grid.add(r, `\u0000blocked${i}`));
  const order = [...candidates].sort(
    (a, b) => rank(a.kind) - rank(b.kind) || b.size - a.size || a.y - b.y || a.x - b.x || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  const placed: string[] = [];
  for (const c of order) {
    if (!c.text) continue;
    const rect = labelRect(c, px, side);
    if (rect.x1 < 0 || rect.y1 < 0 || rect.x2 > view.w || rect.y2 > view.h) continue;
    if (grid.hits(rect, c.id)) continue;
    grid.add(rect, c.id);
    placed.push(c.id);
  }
  return placed;
}
