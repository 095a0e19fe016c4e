// The evidence reader (#reader): a node's kind, names, regions, attributes,
// passages and links; an edge's ends, basis, score and passages; a path's
// hops with their evidence.
import type { Actions } from "../app/actions";
import type { AppState } from "../app/state";
import type { Store } from "../app/store";
import type { EdgeEvidence, KindInfo, NodeEvidence, NodeKind, PathHop } from "../bindings";
import { h, on, replace } from "../dom";
import { paletteOf } from "../graph/kinds";
import { basisName, edgeKindName, kindName, regionBasisName, t, type Lang } from "../i18n/dict";
import { renderPassage } from "./passage";

/** How many links the reader lists before "n more". */
const LINKS_SHOWN = 60;

export function swatch(kind: NodeKind, kinds: readonly KindInfo[]): HTMLElement {
  const st = paletteOf(kinds)(kind);
  const el = h("span", { class: `swatch shape-${st.shape}`, "aria-hidden": "true" });
  el.style.backgroundColor = st.fill;
  el.style.borderColor = st.stroke;
  return el;
}

export function kindBadge(kind: NodeKind, kinds: readonly KindInfo[], lang: Lang): HTMLElement {
  return h("span", { class: "kind-badge" }, swatch(kind, kinds), kindName(kind, lang));
}

function nodeLink(id: string, label: string, kind: NodeKind | null, s: AppState, act: Actions): HTMLElement {
  const b = h("button", { type: "button", class: "link node-link", "data-node-id": id, title: id },
    kind ? swatch(kind, s.overview?.kinds ?? []) : null, label || id);
  on(b, { click: () => act.selectNode(id) });
  return b;
}

function section(title: string, ...body: (Node | null)[]): HTMLElement {
  return h("section", { class: "reader-section" }, h("h3", null, title), ...body);
}

function nodeView(ev: NodeEvidence, s: AppState, act: Actions): Node[] {
  const lang = s.lang;
  const kinds = s.overview?.kinds ?? [];
  const out: Node[] = [];
  const badges = h("div", { class: "badges" }, kindBadge(ev.kind, kinds, lang));
  if (ev.origin === "curated") badges.append(h("span", { class: "badge curated" }, t(lang, "reader.curated")));
  out.push(badges, h("h2", { class: "reader-title" }, ev.label), h("div", { class: "reader-id" }, ev.id));
  if (ev.aliases.length) {
    out.push(section(t(lang, "reader.aliases"), h("p", { class: "aliases" }, ev.aliases.join("、"))));
  }
  if (ev.regions.length) {
    const list = h("ul", { class: "regions" });
    for (const r of ev.regions) {
      const basis = h("span", { class: `badge basis-${r.basis}` }, regionBasisName(r.basis, lang));
      list.append(h("li", { class: r.basis === "curated" ? "curated" : null },
        nodeLink(r.id, r.label, "region", s, act), " ", basis, " ",
        h("span", { class: "muted" }, t(lang, "reader.confidence", { v: r.confidence.toFixed(2) }))));
    }
    out.push(section(t(lang, "reader.regions"), list));
  }
  if (ev.attrs.length) {
    const dl = h("dl", { class: "attrs" });
    for (const [k, v] of ev.attrs) dl.append(h("dt", null, k), h("dd", null, v));
    out.push(section(t(lang, "reader.attrs"), dl));
  }
  const passages = h("div", { class: "passages" });
  for (const p of ev.passages) passages.append(renderPassage(p, lang, (id) => act.jumpTo(id)));
  if (!ev.passages.length) passages.append(h("p", { class: "muted" }, t(lang, "reader.noPassages")));
  out.push(section(`${t(lang, "reader.passages")} (${ev.passages.length})`, passages));
  if (ev.links.length) {
    const ul = h("ul", { class: "links" });
    for (const l of ev.links.slice(0, LINKS_SHOWN)) {
      const edge = h("button", { type: "button", class: "link edge-link", title: `${basisName(l.basis, lang)} · ${l.edge}` },
        `${l.outgoing ? "→" : "←"} ${edgeKindName(l.kind, lang)}`);
      on(edge, { click: () => act.showEdge(l.edge) });
      ul.append(h("li", null, edge, " ", nodeLink(l.other, l.label, l.otherKind, s, act)));
    }
    if (ev.links.length > LINKS_SHOWN) ul.append(h("li", { class: "muted" }, t(lang, "reader.more", { n: ev.links.length - LINKS_SHOWN })));
    out.push(section(`${t(lang, "reader.links")} (${ev.links.length})`, ul));
  }
  return out;
}

function edgeView(ev: EdgeEvidence, s: AppState, act: Actions): Node[] {
  const lang = s.lang;
  const kind = (id: string) => s.graph?.nodes.find((n) => n.id === id)?.kind ?? null;
  const out: Node[] = [
    h("div", { class: "badges" },
      h("span", { class: "kind-badge" }, t(lang, "reader.edge"), " · ", edgeKindName(ev.kind, lang)),
      ev.basis === "curated" ? h("span", { class: "badge curated" }, t(lang, "reader.curated")) : null),
    h("p", { class: "edge-ends" }, nodeLink(ev.source, ev.sourceLabel, kind(ev.source), s, act), " → ",
      nodeLink(ev.target, ev.targetLabel, kind(ev.target), s, act)),
    h("div", { class: "reader-id" }, ev.id),
  ];
  const dl = h("dl", { class: "attrs" },
    h("dt", null, t(lang, "reader.basis")), h("dd", null, basisName(ev.basis, lang)),
    h("dt", null, t(lang, "reader.weight")), h("dd", null, ev.weight.toFixed(2)),
    h("dt", null, t(lang, "reader.why")), h("dd", null, ev.why));
  out.push(dl);
  const passages = h("div", { class: "passages" });
  for (const p of ev.passages) passages.append(renderPassage(p, lang, (id) => act.jumpTo(id)));
  if (!ev.passages.length) passages.append(h("p", { class: "muted" }, t(lang, "reader.noPassages")));
  out.push(section(`${t(lang, "reader.passages")} (${ev.passages.length})`, passages));
  return out;
}

function pathView(hops: readonly PathHop[], s: AppState, act: Actions): Node[] {
  const lang = s.lang;
  if (!hops.length) return [h("p", { class: "muted" }, t(lang, "reader.path.none"))];
  const ol = h("ol", { class: "path-hops" });
  for (const hop of hops) {
    const li = h("li", null, nodeLink(hop.node, hop.label, hop.kind, s, act));
    if (hop.edge && hop.edgeKind) {
      const edgeId = hop.edge;
      const e = h("button", { type: "button", class: "link edge-link" }, `↓ ${edgeKindName(hop.edgeKind, lang)}`);
      on(e, { click: () => act.showEdge(edgeId) });
      li.append(h("div", { class: "hop-edge" }, e));
      if (hop.evidence) li.append(renderPassage(hop.evidence, lang, (id) => act.jumpTo(id)));
    }
    ol.append(li);
  }
  return [h("h2", { class: "reader-title" }, t(lang, "reader.path")),
    h("p", { class: "muted" }, t(lang, "reader.path.hops", { n: Math.max(0, hops.length - 1) })), ol];
}

function multiView(ids: readonly string[], s: AppState, act: Actions): Node[] {
  const lang = s.lang;
  const byId = new Map((s.graph?.nodes ?? []).map((n) => [n.id, n]));
  const ul = h("ul", { class: "links" });
  for (const id of ids.slice(0, LINKS_SHOWN)) {
    const n = byId.get(id);
    ul.append(h("li", null, nodeLink(id, n?.label ?? id, n?.kind ?? null, s, act)));
  }
  const out: Node[] = [h("h2", { class: "reader-title" }, t(lang, "reader.multi", { n: ids.length })), ul];
  if (ids.length === 2) {
    const b = h("button", { type: "button", class: "primary" }, t(lang, "toolbar.path"));
    on(b, { click: () => act.showPath() });
    out.push(b);
  } else {
    out.push(h("p", { class: "muted" }, t(lang, "reader.multi.hint")));
  }
  return out;
}

export function mountReader(el: HTMLElement, store: Store<AppState>, act: Actions): void {
  store.watch(["reader", "lang", "overview"], (s) => {
    const r = s.reader;
    const body: Node[] =
      r.kind === "node" ? nodeView(r.ev, s, act)
      : r.kind === "edge" ? edgeView(r.ev, s, act)
      : r.kind === "path" ? pathView(r.hops, s, act)
      : r.kind === "multi" ? multiView(r.ids, s, act)
      : r.kind === "loading" ? [h("p", { class: "muted" }, "…")]
      : [h("p", { class: "muted hint" }, t(s.lang, "reader.empty"))];
    replace(el, h("h2", { class: "panel-title" }, t(s.lang, "reader.title")), ...body);
    // back to the top for new evidence; setting the scroll position forces a
    // layout of the whole window, so not for the empty reader (every load)
    // and not in the middle of the task that is still building the window
    if (r.kind !== "none" && r.kind !== "loading") requestAnimationFrame(() => (el.scrollTop = 0));
  });
}
