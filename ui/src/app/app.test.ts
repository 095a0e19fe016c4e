// @vitest-environment jsdom
// The whole front end against a fake Rust side (the real plan's view graph)
// and a stand-in for the map controller (jsdom has no canvas): start-up, the
// e2e DOM hooks, the county lens, trace, search, export, errors, language.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { CountyLens, KindInfo, NodeEvidence, Overview, Scene, Selection, ViewState } from "../bindings";
import type { Visibility } from "../filters/visibility";
import { NODE_KINDS, SHAPES } from "../graph/kinds";
import { jiashanSelection, planGraph, planSource, planTitle } from "../test/fixture";

const graph = planGraph();
const kinds: KindInfo[] = NODE_KINDS.map((kind, i) => ({
  kind,
  count: graph.nodes.filter((n) => n.kind === kind).length,
  style: { shape: SHAPES[i], fill: "#336699", stroke: "#112233", text: "#ffffff", label: kind },
}));
const overview: Overview = {
  title: planTitle, source: planSource, chars: 1, nodes: graph.nodes.length, edges: graph.edges.length, kinds,
  restored: 0, masked: 0, missingNumerals: 0, dbPath: "/tmp/planmap.db", notice: null,
};
const lens: CountyLens = {
  scope: { region: "region:嘉兴市", name: "嘉兴市", code: "330400", level: "city" },
  counties: ["南湖区", "秀洲区", "嘉善县", "海盐县", "海宁市", "平湖市", "桐乡市"].map((name, i) => ({
    id: `region:${name}`, name, short: name.slice(0, 2), code: String(i), x: 0.2 + 0.1 * i, y: 0.5, measures: i, projects: 1, platforms: 1,
  })),
  columns: [{ id: "part:三", number: "三", title: "第三篇" }],
  matrix: [[0], [1], [2], [3], [4], [5], [6]],
};
const goal = graph.nodes.find((n) => n.kind === "goal")!;
const traced: Selection = { label: `追踪 ${goal.label}`, nodes: [goal.id, "section:三.一"], edges: [] };

let library = [
  { id: "d1", title: "嘉兴市十四五规划建议", source: "plan.txt", chars: 24892, nodes: 833, edges: 1420, current: true },
  { id: "d2", title: "某省政府工作报告", source: "report.txt", chars: 18000, nodes: 500, edges: 900, current: false },
];
const calls = {
  openDocument: [] as string[],
  lastViewSet: [] as ViewState[],
  exportImage: [] as Scene[],
  exportData: [] as string[][],
};

vi.mock("../ipc", () => ({
  asApiError: (e: unknown) =>
    e && typeof e === "object" && "code" in e ? e : { code: "internal", message: String(e) },
  events: {
    onProgress: async () => () => {},
    onPlanChanged: async () => () => {},
    onImportStarted: async () => () => {},
    onImportFailed: async () => () => {},
  },
  ipc: {
    openDefault: async () => overview,
    overview: async () => overview,
    viewGraph: async () => graph,
    lens: async () => lens,
    outline: async () => [{ id: "part:三", number: "三", title: "第三篇", children: [{ id: "section:三.一", number: "三.一", title: "一节", children: [] }] }],
    gaps: async () => [{ category: "goal-without-support", node: goal.id, label: goal.label, span: null }],
    viewsList: async () => [],
    lastViewGet: async () => null,
    documents: async () => library,
    openDocument: async (id: string) => {
      calls.openDocument.push(id);
      if (!library.some((d) => d.id === id)) throw { code: "not-found", message: `no document ${id}` };
      library = library.map((d) => ({ ...d, current: d.id === id }));
      return overview;
    },
    lastViewSet: async (v: ViewState) => {
      calls.lastViewSet.push(v);
    },
    counties: async (names: string[]) => {
      if (names.join() === "嘉善县") return jiashanSelection();
      throw { code: "not-found", message: `no county ${names.join()}` };
    },
    trace: async (id: string) => {
      if (id === goal.id) return traced;
      throw { code: "not-found", message: "<b>no such goal</b>" };
    },
    nodeEvidence: async (id: string): Promise<NodeEvidence> => ({
      id, kind: "platform", label: "祥符荡科创绿谷", aliases: [], origin: "extracted", regions: [], attrs: [],
      passages: [{ span: [0, 4], text: "祥符荡科创绿谷", marks: [{ start: 0, end: 3, code: "mention", note: "" }], within: "section:三.一" }],
      links: [],
    }),
    search: async (q: string) => [{ hit: "node", node: "platform:祥符荡科创绿谷", label: "祥符荡科创绿谷", kind: "platform", snippet: q, span: [0, 1] }],
    exportImage: async (scene: Scene) => {
      calls.exportImage.push(scene);
      return "/tmp/plan.png";
    },
    exportData: async (_f: string, nodes: string[]) => {
      calls.exportData.push(nodes);
      return "/tmp/plan.json";
    },
  },
}));

vi.mock("../graph/controller", () => ({
  MapController: class {
    constructor(container: HTMLElement | null) {
      (globalThis as { mapContainer?: HTMLElement | null }).mapContainer = container;
    }
    vis: Visibility | null = null;
    sel: string[] = [];
    setGraph() {}
    setOccluders() {}
    namedIds() {
      return ["part:一"];
    }
    applyVisibility(v: Visibility) {
      this.vis = v;
    }
    async layout() {}
    positions() {
      return graph.nodes.map((n, i) => ({ id: n.id, x: i, y: i }));
    }
    setPositions() {
      return 0;
    }
    unplaced() {
      return false;
    }
    useLayoutStyle() {}
    camera() {
      return { zoom: 1, pan: [0, 0] };
    }
    setCamera() {}
    fit() {}
    frameLifted() {}
    select(ids: string[]) {
      this.sel = [...ids];
    }
    selectedIds() {
      return this.sel;
    }
    drawn(id: string) {
      return this.vis?.visibleNodeIds.has(id) ?? false;
    }
    reveal() {
      return true;
    }
    setPath() {}
    snapshot() {
      const v = this.vis!;
      return {
        nodes: graph.nodes.filter((n) => v.visibleNodeIds.has(n.id)).map((n, i) => ({
          id: n.id, kind: n.kind, x: i, y: i, w: 10, h: 10, shape: "ellipse", fill: "#336699", stroke: "#112233",
          label: n.label, fontSize: 10, faded: v.fadedIds.has(n.id), selected: this.sel.includes(n.id),
        })),
        edges: [],
      };
    }
    resize() {}
    destroy() {}
    drawStats() {
      return { lastMs: 0, count: 0, overlayMs: 0 };
    }
  },
}));

const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));
async function until(f: () => boolean, ms = 10000): Promise<void> {
  const end = Date.now() + ms;
  while (!f()) {
    if (Date.now() > end) throw new Error("timed out");
    await tick(10);
  }
}
const $ = <E extends Element = HTMLElement>(sel: string) => document.querySelector(sel) as E;
const mapData = () => ({ ...$("#map").dataset });
function probe(id: string): string {
  ($("#probe-id") as HTMLInputElement).value = id;
  $("#probe-btn").click();
  return $("#probe-out").textContent ?? "";
}

beforeAll(async () => {
  vi.stubGlobal("ResizeObserver", class { observe() {} disconnect() {} });
  vi.stubGlobal("requestAnimationFrame", (f: FrameRequestCallback) => setTimeout(() => f(0), 0));
  document.body.replaceChildren(Object.assign(document.createElement("div"), { id: "app" }));
  await import("../main");
  await until(() => document.body.dataset.ready === "1");
});

afterAll(() => {
  vi.unstubAllGlobals();
});

describe("the app", () => {
  it("starts, draws the whole plan and exposes the e2e hooks", () => {
    expect(mapData()).toMatchObject({ totalNodes: String(graph.nodes.length), nodeCount: String(graph.nodes.length) });
    expect(Number(document.body.dataset.readyMs)).toBeGreaterThan(0);
    expect(calls.lastViewSet.length).toBeGreaterThan(0); // saved at once after the first start
    expect(Number(mapData().edgeCount)).toBe(graph.edges.length);
    for (const id of ["search", "goal-picker", "trace-btn", "county-reset", "reader", "export-format", "export-scale",
      "export-btn", "toast", "lang-toggle", "layout", "focus-depth", "fit-btn", "open-btn", "progress", "error-banner"]) {
      expect(document.getElementById(id), id).not.toBeNull();
    }
    expect([...($("#export-format") as HTMLSelectElement).options].map((o) => o.value)).toEqual(["png", "svg", "pdf", "json", "graphml", "gexf", "csv"]);
    expect([...($("#export-scale") as HTMLSelectElement).options].map((o) => o.value)).toEqual(["1", "2", "3", "4"]);
    expect([...($("#layout") as HTMLSelectElement).options].map((o) => o.value)).toEqual(["strategy", "force", "focus"]);
    const goals = graph.nodes.filter((n) => n.kind === "goal").length;
    expect(($("#goal-picker") as HTMLSelectElement).options.length).toBe(goals + 1);
    expect(probe("platform:祥符荡科创绿谷")).toBe("visible");
    expect(probe("nothing:here")).toBe("absent");
    // the probe says whether the map names a node (the e2e tests read it)
    probe("part:一");
    expect($("#probe-out").dataset.named).toBe("1");
    probe("platform:祥符荡科创绿谷");
    expect($("#probe-out").dataset.named).toBe("0");
    expect($("#error-banner").hidden).toBe(true);
    expect($("#progress").hidden).toBe(true);
    expect(document.querySelectorAll("[data-county]").length).toBe(7);
  });

  it("filters to a county from the lens and back to the whole city", async () => {
    // cytoscape redraws the whole map 100 ms after any attribute of its
    // container changes: an operation's outputs go on #map, not on it
    const container = (globalThis as { mapContainer?: HTMLElement | null }).mapContainer;
    expect(container?.isConnected).toBe(true);
    expect($("#map").contains(container!)).toBe(true);
    const changed: (string | null)[] = [];
    const watch = new MutationObserver((rs) => changed.push(...rs.map((r) => r.attributeName)));
    watch.observe(container!, { attributes: true });
    $("#map").dataset.lastOpMs = "";
    $('[data-county="嘉善县"]').dispatchEvent(new MouseEvent("click", { bubbles: true }));
    const sel = jiashanSelection();
    await until(() => mapData().nodeCount === String(sel.nodes.length));
    await until(() => Number.isFinite(parseFloat(mapData().lastOpMs ?? "")));
    changed.push(...watch.takeRecords().map((r) => r.attributeName));
    watch.disconnect();
    expect(changed).toEqual([]);
    expect(probe("platform:祥符荡科创绿谷")).toBe("visible");
    expect(probe("region:桐乡市")).toBe("faded");
    expect($("#filter-chips").textContent).toContain("嘉善县");
    expect($('[data-county="嘉善县"]').getAttribute("class")).toContain("active");

    ($("#export-format") as HTMLSelectElement).value = "png";
    $("#export-btn").click();
    await until(() => calls.exportImage.length === 1);
    const scene = calls.exportImage[0];
    expect(scene.filters).toEqual(["区域：嘉善县"]);
    expect(scene.title).toBe("嘉善县");
    expect(scene.source).toBe(`来源：${planTitle}（${planSource}）· planmap`);
    expect(scene.nodes.filter((n) => !n.faded).length).toBe(sel.nodes.length);
    await until(() => !$("#toast").hidden);
    expect($("#toast").textContent).toBe("已保存 /tmp/plan.png");

    ($("#export-format") as HTMLSelectElement).value = "csv";
    $("#export-btn").click();
    await until(() => calls.exportData.length === 1);
    expect([...calls.exportData[0]].sort()).toEqual([...sel.nodes].sort());

    $("#county-reset").click();
    await until(() => mapData().nodeCount === String(graph.nodes.length));
    expect($("#filter-chips").hidden).toBe(true);
  });

  it("traces a goal, and Esc clears it", async () => {
    const picker = $("#goal-picker") as HTMLSelectElement;
    picker.value = goal.id;
    picker.dispatchEvent(new Event("change"));
    await until(() => mapData().nodeCount === "2");
    expect(probe("section:三.一")).toBe("visible");
    expect(probe("platform:祥符荡科创绿谷")).toBe("faded");
    document.dispatchEvent(new KeyboardEvent("keydown", { key: "Escape" }));
    await until(() => mapData().nodeCount === String(graph.nodes.length));
  });

  it("searches, selects the result and reads its evidence", async () => {
    const input = $("#search") as HTMLInputElement;
    document.dispatchEvent(new KeyboardEvent("keydown", { key: "/" }));
    expect(document.activeElement).toBe(input);
    input.value = "祥";
    input.dispatchEvent(new Event("input"));
    await until(() => document.querySelectorAll("#search-results [data-result-index]").length === 1);
    expect(($("#search-results [data-result-index]") as HTMLElement).dataset.nodeId).toBe("platform:祥符荡科创绿谷");
    input.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter" }));
    await until(() => document.querySelectorAll("#reader .passage").length === 1);
    expect($("#reader .reader-title").textContent).toBe("祥符荡科创绿谷");
    expect($("#reader mark").textContent).toBe("祥符荡");
  });

  it("hides a kind from the legend, and collapses measures", async () => {
    const regions = graph.nodes.filter((n) => n.kind === "region").length;
    $('.legend-item[data-kind="region"]').click();
    await until(() => mapData().nodeCount === String(graph.nodes.length - regions));
    expect(probe("region:嘉善县")).toBe("hidden");
    $('.legend-item[data-kind="region"]').click();
    const collapse = $("#collapse") as HTMLInputElement;
    collapse.checked = true;
    collapse.dispatchEvent(new Event("change"));
    await until(() => probe("measure:三.一.2") === "hidden");
    collapse.checked = false;
    collapse.dispatchEvent(new Event("change"));
    await until(() => mapData().nodeCount === String(graph.nodes.length));
  });

  it("shows a failure in a dismissible banner, as text, and keeps the map", async () => {
    const picker = $("#goal-picker") as HTMLSelectElement;
    const opt = document.createElement("option");
    opt.value = "goal:missing";
    picker.append(opt);
    picker.value = "goal:missing";
    picker.dispatchEvent(new Event("change"));
    await until(() => !$("#error-banner").hidden);
    expect($("#error-banner").textContent).toContain("<b>no such goal</b>");
    expect($("#error-banner b")).toBeNull();
    expect(mapData().nodeCount).toBe(String(graph.nodes.length));
    $("#error-dismiss").click();
    expect($("#error-banner").hidden).toBe(true);
  });

  it("lists the library's documents and switches the map to another one", async () => {
    const picker = $("#doc-picker") as HTMLSelectElement;
    expect(picker.hidden).toBe(false);
    expect([...picker.options].map((o) => o.value)).toEqual(["d1", "d2"]);
    expect(picker.value).toBe("d1");
    expect(picker.options[1].textContent).toContain("某省政府工作报告");
    picker.value = "d2";
    picker.dispatchEvent(new Event("change"));
    await until(() => calls.openDocument.includes("d2"));
    await until(() => ($("#doc-picker") as HTMLSelectElement).value === "d2" && document.body.dataset.ready === "1");
    expect(mapData().totalNodes).toBe(String(graph.nodes.length));
    // the last view names its document, so the next start reopens on it
    await until(() => calls.lastViewSet.at(-1)?.doc === "d2");
    // and back
    picker.value = "d1";
    picker.dispatchEvent(new Event("change"));
    await until(() => calls.openDocument.includes("d1") && ($("#doc-picker") as HTMLSelectElement).value === "d1");
  });

  it("switches to English and remembers the view", async () => {
    $("#lang-toggle").click();
    expect($("#lang-toggle").textContent).toBe("中文");
    expect(($("#search") as HTMLInputElement).placeholder).toBe("Search names and text (press /)");
    await until(() => calls.lastViewSet.some((v) => v.lang === "en"), 4000);
    const last = calls.lastViewSet[calls.lastViewSet.length - 1];
    expect(last.positions.length).toBe(graph.nodes.length);
    expect(last.name).toBe("");
  });
});
