// The map's stylesheet. Colours, shapes and sizes are data (from the palette,
// see elements.ts); this file only maps them and defines the state classes.
import type cytoscape from "cytoscape";

export const FONT_FAMILY = '"Noto Sans SC","Noto Sans CJK SC","Source Han Sans SC","WenQuanYi Micro Hei",sans-serif';

/** How much of the map the veil hides (what shows through is the faded look). */
export const VEIL_OPACITY = 0.9;

type Sheet = cytoscape.StylesheetJsonBlock[];

/** Smallest label drawn, in screen pixels (cytoscape's `min-zoomed-font-size`). */
export const MIN_LABEL_PX = 7;

/** Wrap width of labels beside nodes (layered map) and under them (other layouts); exports use the same. */
export const LABEL_WIDTH_RIGHT = 150;
export const LABEL_WIDTH_BELOW = 110;

/** The stylesheet; `labelsRight` puts labels beside nodes (layered map) instead of under them. */
export function stylesheet(labelsRight: boolean, largeGraph: boolean): Sheet {
  return [
    {
      selector: "node",
      style: {
        shape: "data(shape)" as unknown as cytoscape.Css.NodeShape,
        "background-color": "data(fill)",
        "border-color": "data(stroke)",
        "border-width": 1,
        width: "data(size)",
        height: "data(size)",
        "font-family": FONT_FAMILY,
        "font-size": "data(fontSize)",
        color: "#1f2933",
        "text-wrap": "wrap",
        "text-max-width": `${labelsRight ? LABEL_WIDTH_RIGHT : LABEL_WIDTH_BELOW}px`,
        "text-valign": labelsRight ? "center" : "bottom",
        "text-halign": labelsRight ? "right" : "center",
        "text-margin-x": labelsRight ? 4 : 0,
        "text-margin-y": labelsRight ? 0 : 3,
        "min-zoomed-font-size": MIN_LABEL_PX,
        "text-outline-color": "#ffffff",
        "text-outline-width": 1.5,
        "text-outline-opacity": 0.85,
      },
    },
    // Labels are level of detail: a node gets `lbl` (and its label) once it
    // has been on screen at a zoom where its label is legible (see
    // `MapController.labelInView`); until then it costs no text measuring.
    { selector: "node.lbl", style: { label: "data(label)" } },
    // A lifted node named by `MapController.nameLifted`: a short label at a
    // legible size on screen whatever the zoom (the sizes are set per zoom).
    {
      selector: "node.plbl",
      style: {
        label: "data(plabel)",
        "font-size": "data(lfs)",
        "text-outline-width": 0,
        "text-background-color": "#ffffff",
        "text-background-opacity": 0.8,
        "text-background-padding": "data(lo)",
        "text-wrap": "none",
        "min-zoomed-font-size": 0,
      },
    },
    { selector: "node.curated", style: { "border-style": "double", "border-width": 3 } },
    {
      selector: "edge",
      style: {
        width: "data(width)",
        "line-color": "data(color)",
        "target-arrow-color": "data(color)",
        "curve-style": largeGraph ? "haystack" : "straight",
        "haystack-radius": 0,
        "target-arrow-shape": largeGraph ? "none" : "triangle",
        "arrow-scale": 0.6,
        opacity: 0.75,
      },
    },
    { selector: "edge.dashed", style: { "line-style": "dashed" } },
    { selector: "edge.aggregate", style: { opacity: 0.9 } },
    { selector: ".hidden", style: { display: "none" } },
    // Highlights draw above their neighbours (on the map and on the overlay
    // that holds what a filter or hover lifts above the veil; see controller.ts).
    { selector: ".hover, .path, :selected", style: { "z-compound-depth": "top", "z-index-compare": "manual" } },
    { selector: "node.hover", style: { "border-width": 2, "border-color": "#1f2933", "z-index": 220 } },
    { selector: "edge.hover", style: { opacity: 1, width: 2, "z-index": 119 } },
    { selector: "node:selected", style: { "border-width": 3, "border-color": "#1f6feb", "z-index": 230 } },
    { selector: "edge:selected", style: { "line-color": "#1f6feb", "target-arrow-color": "#1f6feb", width: 2.5, opacity: 1, "z-index": 130 } },
    { selector: "node.path", style: { "border-width": 3, "border-color": "#d97706", "z-index": 225 } },
    { selector: "edge.path", style: { "line-color": "#d97706", "target-arrow-color": "#d97706", width: 3, opacity: 1, "z-index": 124 } },
    { selector: "node.flash", style: { "overlay-color": "#1f6feb", "overlay-opacity": 0.25, "overlay-padding": 6 } },
  ];
}
