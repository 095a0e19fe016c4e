// The IPC surface: one typed wrapper per Rust command (src-tauri/src/lib.rs).
// Types come from bindings.ts, generated from the Rust contract.
import { invoke } from "@tauri-apps/api/core";
import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import type {
  ApiError, CountyLens, DataFormat, DocumentInfo, EdgeEvidence, GapItem, ImageFormat, NodeEvidence,
  OutlineEntry, Overview, PathHop, Progress, Scene, SearchResult, Selection, ViewGraph, ViewState,
} from "./bindings";

/** Every command name, in the order of src-tauri/src/commands_list.rs (a Rust test compares them). */
export const COMMANDS = [
  "open_default", "overview", "view_graph", "trace", "counties", "cell", "focus", "path", "lens",
  "node_evidence", "edge_evidence", "outline", "search", "gaps", "export_data", "export_image",
  "open_plan", "views_list", "view_save", "view_get", "view_delete", "last_view_get", "last_view_set",
  "documents", "open_document",
] as const;

export type Command = (typeof COMMANDS)[number];

/** Errors from Rust always have this shape; anything else becomes an `internal` error. */
export function asApiError(e: unknown): ApiError {
  if (e && typeof e === "object" && "code" in e && "message" in e) return e as ApiError;
  return { code: "internal", message: String(e) };
}

async function call<T>(cmd: Command, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(cmd, args);
  } catch (e) {
    throw asApiError(e);
  }
}

export const ipc = {
  openDefault: () => call<Overview>("open_default"),
  overview: () => call<Overview>("overview"),
  viewGraph: () => call<ViewGraph>("view_graph"),
  trace: (goal: string) => call<Selection>("trace", { goal }),
  counties: (names: string[]) => call<Selection>("counties", { names }),
  cell: (county: string, part: string) => call<Selection>("cell", { county, part }),
  focus: (id: string, depth: number) => call<Selection>("focus", { id, depth }),
  path: (from: string, to: string) => call<PathHop[]>("path", { from, to }),
  lens: () => call<CountyLens>("lens"),
  nodeEvidence: (id: string) => call<NodeEvidence>("node_evidence", { id }),
  edgeEvidence: (id: string) => call<EdgeEvidence>("edge_evidence", { id }),
  outline: () => call<OutlineEntry[]>("outline"),
  search: (query: string) => call<SearchResult[]>("search", { query }),
  gaps: () => call<GapItem[]>("gaps"),
  /** Opens the native save dialog; resolves to the written path, or null when cancelled. */
  exportData: (format: DataFormat, nodes: string[], name: string) =>
    call<string | null>("export_data", { format, nodes, name }),
  /** Opens the native save dialog; resolves to the written path, or null when cancelled. */
  exportImage: (scene: Scene, format: ImageFormat, scale: number) =>
    call<string | null>("export_image", { scene, format, scale }),
  /** File → Open: native open dialog, then import; null when cancelled. */
  openPlan: () => call<Overview | null>("open_plan"),
  viewsList: () => call<string[]>("views_list"),
  viewSave: (view: ViewState) => call<void>("view_save", { view }),
  viewGet: (name: string) => call<ViewState>("view_get", { name }),
  viewDelete: (name: string) => call<void>("view_delete", { name }),
  lastViewGet: () => call<ViewState | null>("last_view_get"),
  lastViewSet: (view: ViewState) => call<void>("last_view_set", { view }),
  /** The documents of the library (one database holds many). */
  documents: () => call<DocumentInfo[]>("documents"),
  /** Switch the map to document `id`. */
  openDocument: (id: string) => call<Overview>("open_document", { id }),
};

export type Ipc = typeof ipc;

/** Events Rust emits. */
export const events = {
  onProgress: (f: (p: Progress) => void): Promise<UnlistenFn> => listen<Progress>("progress", (e) => f(e.payload)),
  onPlanChanged: (f: (o: Overview) => void): Promise<UnlistenFn> => listen<Overview>("plan-changed", (e) => f(e.payload)),
  onImportStarted: (f: (path: string) => void): Promise<UnlistenFn> => listen<string>("import-started", (e) => f(e.payload)),
  onImportFailed: (f: (e: ApiError) => void): Promise<UnlistenFn> => listen<ApiError>("import-failed", (e) => f(e.payload)),
};
