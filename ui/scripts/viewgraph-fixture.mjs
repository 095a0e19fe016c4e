// Converts a `planmap export --format json` graph into the ViewGraph shape the
// UI draws (see Session::view_graph in src/api.rs), for the vitest fixtures.
//
//   cd /work/main && cargo run --release -- build --db /tmp/ui.db
//   cargo run --release -- export --format json --db /tmp/ui.db -o /tmp/plan.json
//   cargo run --release -- export --format json --county 嘉善县 --db /tmp/ui.db -o /tmp/jiashan.json
//   node ui/scripts/viewgraph-fixture.mjs /tmp/plan.json /tmp/jiashan.json > ui/src/test/fixtures/plan.json
//
// The output is { title, source, nodes, edges, selections }: nodes are
// ViewNodes, edges compact tuples, selections the Rust county filter's answer
// (node ids of the county subgraph, edge ids between them). Labels are cut
// to 20 characters to keep the fixture small. County attribution follows
// region attributions and `within` edges up to a county, which approximates
// the lexicon lookup the Rust side does.
import { readFileSync } from "node:fs";

const COUNTIES = ["南湖区", "秀洲区", "嘉善县", "海盐县", "海宁市", "平湖市", "桐乡市"];
const [planPath, jiashanPath] = process.argv.slice(2);
if (!planPath) {
  console.error("usage: node viewgraph-fixture.mjs plan.json [county-subgraph.json]");
  process.exit(2);
}
const plan = JSON.parse(readFileSync(planPath, "utf8"));
const byId = new Map(plan.nodes.map((n) => [n.id, n]));

const degree = new Map();
const parent = new Map();
const within = new Map(); // region id -> larger region ids
for (const e of plan.edges) {
  degree.set(e.source, (degree.get(e.source) ?? 0) + 1);
  degree.set(e.target, (degree.get(e.target) ?? 0) + 1);
  if (e.kind === "contains" && e.target.startsWith("measure:")) parent.set(e.target, e.source);
  if (e.kind === "within") within.set(e.source, [...(within.get(e.source) ?? []), e.target]);
}

function countiesOfRegion(id, seen = new Set()) {
  if (seen.has(id)) return [];
  seen.add(id);
  const r = byId.get(id);
  if (!r) return [];
  if (COUNTIES.includes(r.label)) return [r.label];
  return (within.get(id) ?? []).flatMap((up) => countiesOfRegion(up, seen));
}

function partOf(n) {
  const a = n.attrs ?? {};
  switch (n.kind) {
    case "part": return a.number ?? null;
    case "section": return a.part ?? null;
    case "measure": return typeof a.path === "string" ? a.path.split(".")[0] : null;
    case "goal": return a.part ?? null;
    default: return null;
  }
}

const cut = (s) => ([...s].length > 20 ? [...s].slice(0, 20).join("") + "…" : s);

const nodes = plan.nodes.map((n) => {
  const counties = new Set((n.regions ?? []).flatMap((r) => countiesOfRegion(r.region)));
  if (n.kind === "region" && COUNTIES.includes(n.label)) counties.add(n.label);
  return {
    id: n.id,
    kind: n.kind,
    label: cut(n.label),
    parent: parent.get(n.id) ?? null,
    part: partOf(n),
    counties: [...counties].sort(),
    curated: n.origin === "curated" || (n.regions ?? []).some((r) => r.basis === "curated"),
    degree: degree.get(n.id) ?? 0,
  };
});
const edges = plan.edges.map((e, i) => ({
  id: `e${i}`,
  source: e.source,
  target: e.target,
  kind: e.kind,
  basis: e.basis,
  weight: Math.round(e.weight * 1000) / 1000,
}));
// Edges are stored as [source, target, kind, basis, weight] tuples (their id is
// `e<index>`); src/test/fixture.ts expands them back into ViewEdges.
const edgeRows = edges.map((e) => [e.source, e.target, e.kind, e.basis, e.weight]);

const selections = {};
if (jiashanPath) {
  const sub = JSON.parse(readFileSync(jiashanPath, "utf8"));
  const keep = new Set(sub.nodes.map((n) => n.id));
  selections["嘉善县"] = {
    label: "嘉善县",
    nodes: [...keep].sort(),
    edges: edges.filter((e) => keep.has(e.source) && keep.has(e.target)).map((e) => e.id),
  };
}

const doc = plan.documents?.[0] ?? {};
process.stdout.write(
  JSON.stringify({ title: doc.title ?? "", source: doc.source ?? "", nodes, edges: edgeRows, selections }) + "\n",
);
