// The image export's Scene, built from what the map shows: positions, sizes,
// shapes, colours and labels as drawn, faded flags, the legend of the kinds
// present, the title, active filters and a source line.
import type { KindInfo, LabelPos, LegendItem, NodeKind, Scene, Shape } from "../bindings";
import { isShape, NODE_KINDS, paletteOf } from "../graph/kinds";
import type { Visibility } from "../filters/visibility";
import { kindName, t, type Lang } from "../i18n/dict";

/** A drawn node as the controller reads it off the map. */
export interface NodeSnapshot {
  id: string;
  kind: NodeKind;
  x: number;
  y: number;
  w: number;
  h: number;
  shape: string;
  fill: string;
  stroke: string;
  label: string;
  fontSize: number;
  faded: boolean;
  selected: boolean;
  /** Where the label sits on screen, and its wrap width. */
  labelPos: LabelPos;
  labelWidth: number;
}

/** A drawn edge as the controller reads it off the map. */
export interface EdgeSnapshot {
  id: string;
  source: string;
  target: string;
  color: string;
  width: number;
  dashed: boolean;
  faded: boolean;
}

export interface MapSnapshot {
  nodes: NodeSnapshot[];
  edges: EdgeSnapshot[];
}

export interface SceneMeta {
  title: string;
  filters: string[];
  source: string;
  kinds: readonly KindInfo[];
  lang: Lang;
  /** Only the selected nodes (and the edges between them), when any are selected. */
  onlySelected: boolean;
}

const shapeOf = (s: string): Shape => (isShape(s) ? s : "ellipse");

/** The legend: one entry per kind present, in legend order, from the one palette. */
export function legendFor(kinds: Iterable<NodeKind>, palette: readonly KindInfo[], lang: Lang): LegendItem[] {
  const present = new Set(kinds);
  const style = paletteOf(palette);
  return NODE_KINDS.filter((k) => present.has(k)).map((k) => ({
    label: kindName(k, lang),
    shape: style(k).shape,
    fill: style(k).fill,
  }));
}

export function buildScene(snap: MapSnapshot, meta: SceneMeta): Scene {
  // A filtered view exports what the filter keeps: faded elements are context
  // on screen, not part of the picture (unless nothing else is left).
  const lit = snap.nodes.filter((n) => !n.faded);
  const base = lit.length ? lit : snap.nodes;
  const anySelected = base.some((n) => n.selected);
  const nodes = meta.onlySelected && anySelected ? base.filter((n) => n.selected) : base;
  const keep = new Set(nodes.map((n) => n.id));
  const edges = snap.edges.filter((e) => keep.has(e.source) && keep.has(e.target));
  return {
    title: meta.title,
    filters: [...meta.filters],
    source: meta.source,
    legend: legendFor(nodes.map((n) => n.kind), meta.kinds, meta.lang),
    nodes: nodes.map((n) => ({
      id: n.id,
      x: n.x,
      y: n.y,
      w: n.w,
      h: n.h,
      shape: shapeOf(n.shape),
      fill: n.fill,
      stroke: n.stroke,
      label: n.label,
      fontSize: n.fontSize,
      faded: n.faded,
      labelPos: n.labelPos,
      labelWidth: n.labelWidth,
    })),
    edges: edges.map((e) => ({
      source: e.source,
      target: e.target,
      color: e.color,
      width: e.width,
      dashed: e.dashed,
      faded: e.faded,
    })),
  };
}

/** `来源：<title>（<source file>）· planmap`. */
export function sourceLine(title: string, source: string, lang: Lang): string {
  return t(lang, "export.source", { title, source });
}

/** The nodes a data export writes: the visible, non-faded ones, or the selected ones among them. */
export function exportNodeIds(v: Visibility, selected: readonly string[], onlySelected: boolean): string[] {
  const shown = [...v.visibleNodeIds].filter((id) => !v.fadedIds.has(id));
  if (!onlySelected || selected.length === 0) return shown;
  const s = new Set(selected);
  return shown.filter((id) => s.has(id));
}

/** A file name stem from a title: no path separators or reserved characters, at most 60 characters. */
export function fileStem(title: string): string {
  const s = Array.from(
    title
      .replace(/[\\/:*?"<>|\u0000-\u001f]+/g, "-")
      .replace(/\s+/g, "-")
      .replace(/-+/g, "-")
      .replace(/^[-.]+|[-.]+$/g, ""),
  )
    .slice(0, 60)
    .join("");
  return s || "planmap";
}
