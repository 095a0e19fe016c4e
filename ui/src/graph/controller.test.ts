// The controller on a headless cytoscape: real styles, layouts and classes.
import cytoscape from "cytoscape";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { KindInfo } from "../bindings";
import { applySelection, collapseMeasures } from "../filters/visibility";
import { jiashanSelection, planGraph } from "../test/fixture";
import { MapController } from "./controller";
import { toElements } from "./elements";
import { stylesheet } from "./style";
import { NODE_KINDS, SHAPES } from "./kinds";

const graph = planGraph();
const aggregates = collapseMeasures(graph);
const kinds: KindInfo[] = NODE_KINDS.map((kind, i) => ({
  kind, count: 1, style: { shape: SHAPES[i], fill: "#0072b2", stroke: "#004a74", text: "#ffffff", label: kind },
}));
const events = { onSelect: vi.fn(), onEdgeTap: vi.fn(), onNodeDoubleTap: vi.fn(), onBackgroundTap: vi.fn(), onViewport: vi.fn(), onMoved: vi.fn() };

let map: MapController;
let warn: ReturnType<typeof vi.spyOn>;

beforeEach(() => {
  warn = vi.spyOn(console, "warn");
  map = new MapController(null, events);
  map.setGraph(toElements(graph, aggregates, kinds));
});

afterEach(() => {
  map.destroy();
  warn.mockRestore();
});

describe("map controller", () => {
  it("applies the stylesheet without warnings and draws what visibility says", () => {
    const v = applySelection(graph, jiashanSelection(), ["region"], true, aggregates);
    map.applyVisibility(v);
    const snap = map.snapshot();
    expect(snap.nodes.map((n) => n.id).sort()).toEqual([...v.visibleNodeIds].sort());
    expect(snap.edges.map((e) => e.id).sort()).toEqual([...v.visibleEdgeIds].sort());
    const p = snap.nodes.find((n) => n.id === "platform:祥符荡科创绿谷")!;
    expect(p).toMatchObject({ faded: false, fill: "#0072b2", stroke: "#004a74", shape: SHAPES[NODE_KINDS.indexOf("platform")] });
    expect(p.w).toBeGreaterThan(10);
    expect(snap.nodes.filter((n) => n.faded).length).toBe(v.visibleNodeIds.size - [...v.visibleNodeIds].filter((id) => !v.fadedIds.has(id)).length);
    expect(warn).not.toHaveBeenCalled();
  });

  it("fades by a veil over the map: lifts copies of only what the filter keeps, restyles nothing under it", () => {
    const whole = applySelection(graph, null, [], false, aggregates);
    map.applyVisibility(whole);
    expect(map.veilUp()).toBe(false);
    expect(map.liftedIds()).toEqual([]);
    expect(map.snapshot().nodes.every((n) => !n.faded)).toBe(true);
    const before = JSON.stringify(map.snapshot());
    const v = applySelection(graph, jiashanSelection(), [], false, aggregates);
    map.applyVisibility(v);
    expect(map.veilUp()).toBe(true);
    const snap = map.snapshot();
    expect(snap.nodes).toHaveLength(graph.nodes.length);
    expect(map.positions()).toHaveLength(graph.nodes.length);
    const keep = (ids: Set<string>) => [...ids].filter((id) => !v.fadedIds.has(id));
    const bright = snap.nodes.filter((n) => !n.faded).map((n) => n.id).sort();
    expect(bright).toEqual(keep(v.visibleNodeIds).sort());
    expect(bright).toContain("platform:祥符荡科创绿谷");
    expect(snap.nodes.find((n) => n.id === "region:桐乡市")!.faded).toBe(true);
    expect(snap.edges.filter((e) => !e.faded).length).toBe(keep(v.visibleEdgeIds).length);
    // the overlay holds exactly the kept elements; the map under the veil is as it was
    expect(map.liftedIds().sort()).toEqual([...keep(v.visibleNodeIds), ...keep(v.visibleEdgeIds)].sort());
    const unfaded = (s: string) => s.replace(/"faded":true/g, '"faded":false');
    expect(unfaded(JSON.stringify(snap))).toBe(unfaded(before));
    // a narrower filter swaps the copies; clearing it takes the veil down
    map.applyVisibility(applySelection(graph, { nodes: ["platform:祥符荡科创绿谷"], edges: [] }, [], false, aggregates));
    expect(map.liftedIds()).toEqual(["platform:祥符荡科创绿谷"]);
    map.applyVisibility(whole);
    expect(map.veilUp()).toBe(false);
    expect(map.liftedIds()).toEqual([]);
    expect(map.snapshot().nodes.every((n) => !n.faded)).toBe(true);
    // lifting again shows the copies put away, each once, with its classes
    map.select(["platform:祥符荡科创绿谷"]);
    map.applyVisibility(v);
    expect(map.liftedIds().sort()).toEqual([...keep(v.visibleNodeIds), ...keep(v.visibleEdgeIds)].sort());
    expect(map.overlayCopy("platform:祥符荡科创绿谷")).toMatchObject({ selected: true, classes: [] });
    expect(map.overlayCopy("region:桐乡市")).toBeNull();
    expect(warn).not.toHaveBeenCalled();
  });

  it("keeps overlay copies in step with selection, path marks and positions", () => {
    const v = applySelection(graph, jiashanSelection(), [], false, aggregates);
    map.applyVisibility(v);
    map.select(["platform:祥符荡科创绿谷"]);
    map.setPath(["platform:祥符荡科创绿谷"], []);
    map.setPositions([{ id: "platform:祥符荡科创绿谷", x: 123, y: 45 }]);
    const copy = map.overlayCopy("platform:祥符荡科创绿谷")!;
    expect(copy).toMatchObject({ selected: true, classes: ["path"], x: 123, y: 45 });
    map.setPath([], []);
    expect(map.overlayCopy("platform:祥符荡科创绿谷")!.classes).toEqual([]);
    expect(map.overlayCopy("region:桐乡市")).toBeNull();
  });

  it("lays out the strategy map in kind columns", async () => {
    map.applyVisibility(applySelection(graph, null, [], false, aggregates));
    await map.layout({ name: "strategy" });
    const pos = new Map(map.positions().map((p) => [p.id, p]));
    expect(pos.get("goal:vision:3")!.x).toBeLessThan(pos.get("part:三")!.x);
    expect(pos.get("part:三")!.x).toBeLessThan(pos.get("section:三.一")!.x);
    expect(pos.get("section:三.一")!.x).toBeLessThan(pos.get("measure:三.一.2")!.x);
    expect(pos.get("measure:三.一.2")!.x).toBeLessThan(pos.get("platform:祥符荡科创绿谷")!.x);
    expect(pos.get("platform:祥符荡科创绿谷")!.x).toBeLessThan(pos.get("region:嘉善县")!.x);
    expect(warn).not.toHaveBeenCalled();
  }, 30000);

  it("runs the force and focus layouts on what is drawn", async () => {
    const sel = jiashanSelection();
    map.applyVisibility(applySelection(graph, sel, [], false, aggregates, true));
    await map.layout({ name: "focus", focus: "platform:祥符荡科创绿谷" });
    const centre = map.positions().find((p) => p.id === "platform:祥符荡科创绿谷")!;
    expect(Number.isFinite(centre.x)).toBe(true);
    await map.layout({ name: "force" });
    for (const p of map.positions().filter((q) => sel.nodes.includes(q.id))) expect(Number.isFinite(p.x + p.y)).toBe(true);
  }, 30000);

  it("selects quietly, restores positions and reports what it draws", () => {
    map.applyVisibility(applySelection(graph, null, [], false, aggregates));
    map.select(["part:三", "region:嘉善县"]);
    expect(map.selectedIds().sort()).toEqual(["part:三", "region:嘉善县"]);
    expect(events.onSelect).not.toHaveBeenCalled();
    expect(map.setPositions([{ id: "part:三", x: 5, y: 6 }, { id: "gone", x: 1, y: 1 }])).toBe(1);
    expect(map.positions().find((p) => p.id === "part:三")).toEqual({ id: "part:三", x: 5, y: 6 });
    map.applyVisibility(applySelection(graph, null, ["part"], false, aggregates));
    expect(map.drawn("part:三")).toBe(false);
    expect(map.selectedIds()).toEqual(["region:嘉善县"]);
    expect(map.reveal("part:三")).toBe(false);
    expect(map.reveal("region:嘉善县")).toBe(true);
    map.setCamera({ zoom: 2, pan: [10, 20] });
    expect(map.camera()).toEqual({ zoom: 2, pan: [10, 20] });
  });

  it("builds a new graph in its first view: hidden edges wait outside the map, nodes start in place", () => {
    const expanded = applySelection(graph, null, [], false, aggregates);
    const positions = graph.nodes.map((n, i) => ({ id: n.id, x: i * 3, y: -i }));
    map.setGraph(toElements(graph, aggregates, kinds), { visibility: expanded, positions, layout: "strategy" });
    const ids = new Set(map.elementIds());
    expect(aggregates.length).toBeGreaterThan(100);
    expect(aggregates.some((a) => ids.has(a.id))).toBe(false);
    expect(ids.size).toBe(graph.nodes.length + expanded.visibleEdgeIds.size);
    expect(map.positions().find((p) => p.id === "part:三")).toEqual(positions.find((p) => p.id === "part:三"));
    expect(map.unplaced()).toBe(false);
    // collapsing shows the aggregates: they join the map then
    const collapsed = applySelection(graph, null, [], true, aggregates);
    map.applyVisibility(collapsed);
    const snap = map.snapshot();
    expect(snap.edges.map((e) => e.id).sort()).toEqual([...collapsed.visibleEdgeIds].sort());
    expect(snap.nodes.some((n) => n.id.startsWith("measure:"))).toBe(false);
    expect(warn).not.toHaveBeenCalled();
  });

  it("opens a big document collapsed: measure edges join the map when measures expand", () => {
    const collapsed = applySelection(graph, null, [], true, aggregates);
    map.setGraph(toElements(graph, aggregates, kinds), { visibility: collapsed, layout: "strategy" });
    const ids = new Set(map.elementIds());
    const measureEdges = graph.edges.filter((e) => e.source.startsWith("measure:") || e.target.startsWith("measure:"));
    expect(measureEdges.length).toBeGreaterThan(100);
    expect(measureEdges.some((e) => ids.has(e.id))).toBe(false);
    expect(map.snapshot().edges.map((e) => e.id).sort()).toEqual([...collapsed.visibleEdgeIds].sort());
    const expanded = applySelection(graph, null, [], false, aggregates);
    map.applyVisibility(expanded);
    expect(map.snapshot().edges.map((e) => e.id).sort()).toEqual([...expanded.visibleEdgeIds].sort());
    expect(map.snapshot().nodes).toHaveLength(graph.nodes.length);
  });

  it("styles a new graph exactly as plain cytoscape does, before and after a restyle", () => {
    const v = applySelection(graph, null, [], false, aggregates);
    const positions = graph.nodes.map((n, i) => ({ id: n.id, x: (i % 40) * 50, y: Math.floor(i / 40) * 30 }));
    const defs = toElements(graph, aggregates, kinds);
    map.setGraph(defs, { visibility: v, positions, layout: "strategy" });
    const at = new Map(positions.map((p) => [p.id, p]));
    const plain = cytoscape({ headless: true, styleEnabled: true, style: stylesheet(true, v.visibleEdgeIds.size > 600) });
    plain.add([
      ...defs.nodes.map((d) => ({ ...d, position: { x: at.get(d.data.id)!.x, y: at.get(d.data.id)!.y } })),
      ...defs.edges.filter((d) => v.visibleEdgeIds.has(d.data.id)),
    ]);
    const props = ["display", "width", "height", "shape", "background-color", "border-width", "label", "font-size", "line-color", "curve-style", "target-arrow-shape", "opacity", "z-index"];
    const compare = () => {
      for (const id of map.elementIds()) {
        const el = plain.getElementById(id);
        expect(map.probe(id, props), id).toEqual({ style: Object.fromEntries(props.map((p) => [p, String(el.style(p))])), visible: el.visible(), bb: el.boundingBox() });
      }
    };
    compare();
    // selecting widens a node's border, so its bounds grow
    map.select(["platform:祥符荡科创绿谷"]);
    plain.getElementById("platform:祥符荡科创绿谷").select();
    compare();
    // a filter hides some of it (change triggers still run after the first
    // styling: without them, visible() would stay cached), then the layout
    // style changes the whole sheet
    const sel = applySelection(graph, jiashanSelection(), ["region"], false, aggregates);
    map.applyVisibility(sel);
    plain.elements().forEach((el) => {
      const id = el.id();
      const shown = sel.visibleNodeIds.has(id) || sel.visibleEdgeIds.has(id);
      if (shown) el.removeClass("hidden");
      else el.addClass("hidden");
    });
    compare();
    for (const id of map.elementIds()) expect(map.probe(id, [])!.visible, id).toBe(sel.visibleNodeIds.has(id) || sel.visibleEdgeIds.has(id));
    map.useLayoutStyle("force");
    plain.style(stylesheet(false, sel.visibleEdgeIds.size > 600));
    compare();
    plain.destroy();
  });

  it("gives labels only to nodes in view at a legible zoom, and keeps them; copies on the overlay follow", async () => {
    const whole = applySelection(graph, null, [], false, aggregates);
    map.applyVisibility(whole);
    // nodes 100 apart on a grid, so the window (1 px headless, plus its margin) holds one at a time
    const ids = graph.nodes.map((n) => n.id);
    map.setPositions(ids.map((id, i) => ({ id, x: (i % 40) * 100, y: Math.floor(i / 40) * 100 })));
    const a = "platform:祥符荡科创绿谷";
    const at = ids.indexOf(a);
    const ax = (at % 40) * 100;
    const ay = Math.floor(at / 40) * 100;
    const label = (id: string) => map.probe(id, ["label"])!.style.label;
    // zoomed out: no label is legible, none is measured
    map.setCamera({ zoom: 0.05, pan: [0, 0] });
    expect(map.labelInView()).toBe(0);
    expect(map.labelledIds()).toEqual([]);
    expect(label(a)).toBe("");
    // zoomed in on one node: it (and only it) gets its label once the camera rests
    map.setCamera({ zoom: 2, pan: [-ax * 2, -ay * 2] });
    await new Promise((r) => setTimeout(r, 150));
    expect(map.labelledIds()).toEqual([a]);
    expect(label(a)).toBe(graph.nodes[at].label);
    expect(label(ids[at === 0 ? 1 : 0])).toBe("");
    // a filter lifts it with its label; zooming out again keeps the label
    map.applyVisibility(applySelection(graph, { nodes: [a], edges: [] }, [], false, aggregates));
    expect(map.overlayCopy(a)!.classes).toContain("lbl");
    map.setCamera({ zoom: 0.05, pan: [0, 0] });
    expect(map.labelInView()).toBe(0);
    expect(map.labelledIds()).toEqual([a]);
    // hidden nodes get none, however close
    map.applyVisibility(applySelection(graph, null, ["industry"], false, aggregates));
    const ind = ids.findIndex((id) => id.startsWith("industry:"));
    map.setCamera({ zoom: 2, pan: [-((ind % 40) * 100) * 2, -Math.floor(ind / 40) * 100 * 2] });
    expect(map.labelInView()).toBe(0);
    expect(warn).not.toHaveBeenCalled();
  });

  it("names the map's most important nodes, or what a filter lifts, when the map's own labels are too small to read", async () => {
    map.applyVisibility(applySelection(graph, null, [], false, aggregates));
    await map.layout({ name: "strategy" });
    // the whole plan fitted into a 1000 × 700 window: no label is legible
    const view = { w: 1000, h: 700 };
    const pos = map.positions();
    const xs = pos.map((p) => p.x);
    const ys = pos.map((p) => p.y);
    const [x1, x2, y1, y2] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
    const zoom = Math.min((view.w - 60) / (x2 - x1), (view.h - 60) / (y2 - y1));
    map.setCamera({ zoom, pan: [30 - x1 * zoom, 30 - y1 * zoom] });
    expect(map.labelInView()).toBe(0);
    // no filter: the most important nodes are named, over the map, without the veil
    const overview = map.nameLifted(view);
    expect(overview).toBeGreaterThan(10);
    expect(map.veilUp()).toBe(false);
    const first = map.namedIds();
    // a part's name starts with its numeral, as in the outline
    expect(map.overlayCopy("part:一")?.label).toMatch(/^一 开启/);
    expect(first.some((id) => id.startsWith("part:"))).toBe(true);
    expect(first.some((id) => id.startsWith("section:"))).toBe(true);
    expect(new Set(map.liftedIds())).toEqual(new Set(first));
    expect(map.labelledIds()).toEqual([]);
    // the map's skeleton only: goals, strategies, parts and sections
    expect(first.every((id) => ["goal", "strategy", "part", "section"].includes(id.split(":")[0])), first.join(" ")).toBe(true);

    const v = applySelection(graph, jiashanSelection(), [], false, aggregates);
    map.applyVisibility(v);
    const n = map.nameLifted(view);
    const named = map.namedIds();
    expect(n).toBe(named.length);
    expect(n).toBeGreaterThan(10);
    const lifted = new Set(map.liftedIds());
    const full = new Map(graph.nodes.map((g) => [g.id, g.label]));
    for (const id of named) {
      expect(lifted.has(id), id).toBe(true);
      const copy = map.overlayCopy(id)!;
      expect(copy.classes).toContain("plbl");
      // a short label (a part's after its numeral), legible on screen whatever the zoom
      const text = id.startsWith("part:") ? copy.label.slice(id.length - 5 + 1) : copy.label;
      expect(full.get(id)!.startsWith(text.replace(/…$/, "")), `${id}: ${copy.label}`).toBe(true);
      expect(Array.from(text).length).toBeLessThanOrEqual(11);
      expect(copy.fontSize * zoom).toBeCloseTo(11, 5);
    }
    // the platform the issue names is among them, and nothing under the veil is
    expect(named).toContain("platform:祥符荡科创绿谷");
    expect(named.some((id) => v.fadedIds.has(id))).toBe(false);
    // the map's own elements are untouched
    expect(map.labelledIds()).toEqual([]);

    // zoomed in far enough for the map's labels, those nodes are not named twice
    const at = pos.find((p) => p.id === "platform:祥符荡科创绿谷")!;
    map.setCamera({ zoom: 2, pan: [-at.x * 2, -at.y * 2] }); // (the headless window is 1 px wide)
    map.labelInView();
    map.nameLifted(view);
    expect(map.labelledIds()).toContain("platform:祥符荡科创绿谷");
    expect(map.namedIds()).not.toContain("platform:祥符荡科创绿谷");
    expect(map.overlayCopy("platform:祥符荡科创绿谷")!.classes).not.toContain("plbl");

    // a hover names the neighbourhood it lifts, with the filter's names around it
    map.hoverOn("region:嘉善县");
    expect(map.nameLifted(view)).toBeGreaterThan(0);
    expect(map.namedIds().every((id) => lifted.has(id) || map.liftedIds().includes(id))).toBe(true);
    map.hoverOn(null);

    // the filter goes, and with it its names; back at the fitted zoom the overview's return
    map.applyVisibility(applySelection(graph, null, [], false, aggregates));
    map.setCamera({ zoom, pan: [30 - x1 * zoom, 30 - y1 * zoom] });
    expect(map.nameLifted(view)).toBe(overview);
    expect(map.namedIds().sort()).toEqual([...first].sort());
    expect(map.veilUp()).toBe(false);
    // hovering a section over the whole map names its neighbourhood, under the veil's dimming
    map.hoverOn("section:三.一");
    expect(map.veilUp()).toBe(true);
    expect(map.nameLifted(view)).toBeGreaterThan(1);
    const near = new Set(map.liftedIds());
    expect(near.has("section:三.一")).toBe(true);
    expect(map.namedIds().every((id) => near.has(id))).toBe(true);
    expect(map.namedIds().some((id) => id.startsWith("measure:三.一"))).toBe(true);
    // and the overview's names return when it ends
    map.hoverOn(null);
    expect(map.veilUp()).toBe(false);
    expect(map.nameLifted(view)).toBe(overview);
    // a new window size places the names again, for that size (the headless window is 1 px)
    await new Promise((r) => setTimeout(r, 200)); // the camera's own re-placing is done
    expect(map.nameLifted(view)).toBe(overview);
    map.resize();
    await new Promise((r) => setTimeout(r, 200));
    expect(map.namedIds()).toEqual([]);
    expect(map.nameLifted(view)).toBe(overview);
    // what covers the map (the legend) gets no name under it
    map.setOccluders(() => [{ x1: 0, y1: 0, x2: view.w, y2: view.h / 2 }]);
    map.nameLifted(view);
    const pos2 = new Map(map.positions().map((p) => [p.id, p]));
    for (const id of map.namedIds()) expect(pos2.get(id)!.y * zoom + (30 - y1 * zoom), id).toBeGreaterThan(view.h / 2 - 20);
    expect(warn).not.toHaveBeenCalled();
  }, 30000);
});
