// @vitest-environment jsdom
// Plan text is untrusted: markup in it must reach the DOM as literal text in
// the evidence reader, the search results and everywhere else labels go.
import { describe, expect, it } from "vitest";
import type { Actions } from "../app/actions";
import { initialState, type AppState } from "../app/state";
import { Store } from "../app/store";
import type { NodeEvidence, Passage, SearchResult } from "../bindings";
import { h } from "../dom";
import { mountGoalPicker } from "../filters/goal-picker";
import { mountSearch } from "../search/panel";
import { mountReader } from "./panel";
import { passageText, renderPassage } from "./passage";

const IMG = `<img src=x onerror="document.body.dataset.pwned='1'">`;
const SCRIPT = `<script>document.body.dataset.pwned='1'</script>`;
const EVIL = `计划${IMG}与${SCRIPT}建设`;

function noMarkup(root: Element): void {
  expect(root.querySelectorAll("img, script, iframe, object, embed, svg image").length).toBe(0);
  for (const el of root.querySelectorAll("*")) {
    for (const a of el.getAttributeNames()) expect(a.startsWith("on"), `${el.tagName} ${a}`).toBe(false);
  }
  expect(document.body.dataset.pwned).toBeUndefined();
}

const passage: Passage = {
  span: [0, Array.from(EVIL).length],
  text: EVIL,
  marks: [
    { start: 0, end: 2, code: "mention", note: "" },
    { start: 3, end: 6, code: "restored-char", note: `* restored as ${IMG}` },
    { start: 8, end: 9, code: "missing-numeral", note: "year with no digits" },
    { start: 10, end: 11, code: "masked-char", note: SCRIPT },
  ],
  within: "section:三.一",
};

const noop = () => {};
const actions = (results: SearchResult[] = []): Actions => ({
  traceGoal: noop, setCounties: noop, openCell: noop, clearFilter: noop, showPath: noop, selectNode: noop,
  jumpTo: noop, showEdge: noop, setLayout: noop, setDepth: noop, toggleKind: noop, setCollapsed: noop, fit: noop,
  setLang: noop, exportImage: noop, exportData: noop, openPlan: noop, saveView: noop, restoreView: noop,
  deleteView: noop, openDocument: noop, clearAll: noop, dismissError: noop, reportOp: noop, search: async () => results,
});

describe("passages render as text", () => {
  it("keeps markup literal and marks the passage", () => {
    const el = renderPassage(passage, "zh", () => {});
    document.body.replaceChildren(el);
    noMarkup(el);
    expect(el.classList.contains("passage")).toBe(true);
    expect(el.querySelector(".passage-text")!.textContent!.replace("⚠", "")).toBe(EVIL);
    expect(el.querySelector(".m-missing-numeral")!.nextElementSibling!.className).toBe("m-flag");
    expect(el.querySelector("mark.m-mention")!.textContent).toBe("计划");
    const restored = el.querySelector(".m-restored-char") as HTMLElement;
    expect(restored.title).toContain("*");
    expect(restored.title).toContain(IMG); // a tooltip is text too
    expect(el.querySelector(".m-flag")!.textContent).toBe("⚠");
    expect(el.querySelector(".m-masked-char")).not.toBeNull();
    expect(el.querySelector("button.jump")).not.toBeNull();
  });

  it("builds no element from a passage of nothing but markup", () => {
    const el = passageText({ text: IMG + SCRIPT, marks: [] }, "en");
    noMarkup(el);
    expect(el.childElementCount).toBe(0);
    expect(el.textContent).toBe(IMG + SCRIPT);
  });

  it("refuses event-handler and style attributes in the DOM builder", () => {
    expect(() => h("div", { onclick: "x()" })).toThrow();
    expect(() => h("div", { style: "color:red" })).toThrow();
    expect(h("div", null, IMG).childElementCount).toBe(0);
  });
});

describe("panels render untrusted labels as text", () => {
  it("evidence reader", () => {
    const ev: NodeEvidence = {
      id: `platform:${IMG}`, kind: "platform", label: EVIL, aliases: [SCRIPT], origin: "curated",
      regions: [{ id: "region:嘉善县", label: IMG, basis: "curated", confidence: 0.9 }],
      attrs: [[SCRIPT, IMG]], passages: [passage],
      links: [{ edge: "e1", kind: "mentions", outgoing: false, other: "measure:1", label: IMG, otherKind: "measure", basis: "text" }],
    };
    const store = new Store<AppState>({ ...initialState("zh"), reader: { kind: "node", ev } });
    const el = h("aside", { id: "reader" });
    document.body.replaceChildren(el);
    mountReader(el, store, actions());
    noMarkup(el);
    expect(el.querySelector(".reader-title")!.textContent).toBe(EVIL);
    expect(el.querySelectorAll(".passage")).toHaveLength(1);
    expect(el.textContent).toContain(SCRIPT);
    expect(el.querySelector(".badge.curated")).not.toBeNull();
  });

  it("search results", async () => {
    const results: SearchResult[] = [
      { hit: "node", node: "platform:x", label: EVIL, kind: "platform", snippet: EVIL, span: [0, 1] },
      { hit: "passage", node: "section:三.一", label: IMG, kind: "section", snippet: SCRIPT, span: [2, 3] },
    ];
    const store = new Store<AppState>(initialState("zh"));
    const root = h("div");
    document.body.replaceChildren(root);
    mountSearch(root, store, actions(results));
    const input = root.querySelector("#search") as HTMLInputElement;
    input.focus();
    input.value = "<";
    input.dispatchEvent(new Event("input"));
    await new Promise((r) => setTimeout(r, 300));
    const items = root.querySelectorAll("#search-results [data-result-index]");
    expect(items).toHaveLength(2);
    expect((items[1] as HTMLElement).dataset.nodeId).toBe("section:三.一");
    noMarkup(root);
    expect(root.textContent).toContain(IMG);
    expect(root.textContent).toContain(SCRIPT);
  });

  it("goal picker", () => {
    const store = new Store<AppState>({
      ...initialState("zh"),
      graph: { nodes: [{ id: "goal:x", kind: "goal", label: EVIL, parent: null, part: null, counties: [], curated: false, degree: 1 }], edges: [] },
    });
    const root = h("div");
    document.body.replaceChildren(root);
    mountGoalPicker(root, store, actions());
    noMarkup(root);
    const opt = root.querySelector('#goal-picker option[value="goal:x"]') as HTMLOptionElement;
    expect(opt.title).toBe(EVIL);
  });
});
