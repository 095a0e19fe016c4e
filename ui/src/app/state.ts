// The app's state: plain data from Rust plus the UI's choices. The map's
// visibility is derived from it (filters/visibility.ts).
import type {
  CountyLens, DocumentInfo, EdgeEvidence, GapItem, NodeEvidence, NodeKind, OutlineEntry, Overview, PathHop, ViewGraph,
} from "../bindings";
import type { Filter } from "../filters/filter";
import { applySelection, type AggregateEdge, type Visibility } from "../filters/visibility";
import type { Lang } from "../i18n/dict";
import type { LayoutName } from "../views/viewstate";

export type Reader =
  | { kind: "none" }
  | { kind: "loading" }
  | { kind: "node"; ev: NodeEvidence }
  | { kind: "edge"; ev: EdgeEvidence }
  | { kind: "multi"; ids: string[] }
  | { kind: "path"; hops: PathHop[]; from: string; to: string };

export interface AppState {
  lang: Lang;
  ready: boolean;
  overview: Overview | null;
  /** The documents of the library; one of them is open. */
  documents: DocumentInfo[];
  graph: ViewGraph | null;
  aggregates: AggregateEdge[];
  lens: CountyLens | null;
  outline: OutlineEntry[];
  gaps: GapItem[];
  views: string[];
  filter: Filter | null;
  hiddenKinds: NodeKind[];
  collapsed: boolean;
  layout: LayoutName;
  depth: number;
  selected: string[];
  reader: Reader;
  visibility: Visibility | null;
  progress: { text: string; fraction: number } | null;
  error: string | null;
  toast: string | null;
}

export function initialState(lang: Lang): AppState {
  return {
    lang,
    ready: false,
    overview: null,
    documents: [],
    graph: null,
    aggregates: [],
    lens: null,
    outline: [],
    gaps: [],
    views: [],
    filter: null,
    hiddenKinds: [],
    collapsed: false,
    layout: "strategy",
    depth: 2,
    selected: [],
    reader: { kind: "none" },
    visibility: null,
    progress: null,
    error: null,
    toast: null,
  };
}

/**
 * Above this many elements (nodes + edges) a document opens with its measures
 * collapsed into their sections: the map aggregates rather than freezes.
 */
export const AUTO_COLLAPSE_ELEMENTS = 3000;

/** Whether a graph is big enough to open collapsed. */
export function opensCollapsed(g: Pick<ViewGraph, "nodes" | "edges">): boolean {
  return g.nodes.length + g.edges.length > AUTO_COLLAPSE_ELEMENTS;
}

/** The map's visibility for a state (the focus layout hides what is outside its filter). */
export function visibilityOf(s: Pick<AppState, "graph" | "filter" | "hiddenKinds" | "collapsed" | "aggregates" | "layout">): Visibility | null {
  if (!s.graph) return null;
  const hideOutside = s.filter?.kind === "focus" && s.layout === "focus";
  return applySelection(s.graph, s.filter?.selection ?? null, s.hiddenKinds, s.collapsed, s.aggregates, hideOutside);
}
