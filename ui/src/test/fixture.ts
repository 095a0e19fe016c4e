// The real plan's view graph (made by scripts/viewgraph-fixture.mjs), expanded
// into the ViewGraph shape Rust sends.
import type { Basis, EdgeKind, Selection, ViewGraph, ViewNode } from "../bindings";
import raw from "./fixtures/plan.json";

type Row = [string, string, string, string, number];

interface Fixture {
  title: string;
  source: string;
  nodes: ViewNode[];
  edges: Row[];
  selections: Record<string, Selection>;
}

const data = raw as unknown as Fixture;

/** A fresh copy of the fixture graph. */
export function planGraph(): ViewGraph {
  return {
    nodes: data.nodes.map((n) => ({ ...n, counties: [...n.counties] })),
    edges: data.edges.map(([source, target, kind, basis, weight], i) => ({
      id: `e${i}`,
      source,
      target,
      kind: kind as EdgeKind,
      basis: basis as Basis,
      weight,
    })),
  };
}

/** The county filter's answer for 嘉善县, as Rust gave it. */
export function jiashanSelection(): Selection {
  const s = data.selections["嘉善县"];
  return { label: s.label, nodes: [...s.nodes], edges: [...s.edges] };
}

export const planTitle = data.title;
export const planSource = data.source;
