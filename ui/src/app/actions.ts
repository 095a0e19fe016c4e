// What panels may ask the app to do. Panels render state and call these;
// only the app talks to Rust and to the map controller.
import type { DataFormat, ImageFormat, NodeKind, SearchResult } from "../bindings";
import type { Lang } from "../i18n/dict";
import type { LayoutName } from "../views/viewstate";

export interface Actions {
  traceGoal(id: string): void;
  setCounties(names: string[]): void;
  openCell(county: string, part: string): void;
  clearFilter(): void;
  showPath(): void;
  /** Select a node and centre it (making it visible if a kind toggle or collapse hides it). */
  selectNode(id: string): void;
  /** Centre a node and flash its neighbourhood, keeping the selection. */
  jumpTo(id: string): void;
  showEdge(id: string): void;
  setLayout(name: LayoutName): void;
  setDepth(depth: number): void;
  toggleKind(kind: NodeKind): void;
  setCollapsed(collapsed: boolean): void;
  fit(): void;
  setLang(lang: Lang): void;
  exportImage(format: ImageFormat, scale: number, onlySelected: boolean): void;
  exportData(format: DataFormat, onlySelected: boolean): void;
  openPlan(): void;
  /** Switch the map to another document of the library. */
  openDocument(id: string): void;
  saveView(name: string): void;
  restoreView(name: string): void;
  deleteView(name: string): void;
  search(query: string): Promise<SearchResult[]>;
  clearAll(): void;
  dismissError(): void;
  /** An operation started at `startedAt` (performance.now) has its result on screen once this frame paints. */
  reportOp(startedAt: number): void;
}
