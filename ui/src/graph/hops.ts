// Hop distances from one node, for the focus layout's rings.
export function hopDistances(
  root: string,
  edges: readonly { source: string; target: string }[],
  within?: ReadonlySet<string>,
): Map<string, number> {
  const adj = new Map<string, string[]>();
  const link = (a: string, b: string) => {
    const l = adj.get(a);
    if (l) l.push(b);
    else adj.set(a, [b]);
  };
  for (const e of edges) {
    if (within && (!within.has(e.source) || !within.has(e.target))) continue;
    link(e.source, e.target);
    link(e.target, e.source);
  }
  const dist = new Map<string, number>([[root, 0]]);
  let frontier = [root];
  while (frontier.length) {
    const next: string[] = [];
    for (const v of frontier) {
      for (const w of adj.get(v) ?? []) {
        if (dist.has(w)) continue;
        dist.set(w, dist.get(v)! + 1);
        next.push(w);
      }
    }
    frontier = next;
  }
  return dist;
}
