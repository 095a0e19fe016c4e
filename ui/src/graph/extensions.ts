// Loads and registers the force-layout extension once, when a force layout
// first runs: it is not on the launch path (the map opens on saved
// positions), so it stays out of the main bundle's start-up parse. Dagre,
// for the strategy map, is registered by `layered.ts` (run in a worker, or
// loaded here on demand as its fallback).
import cytoscape from "cytoscape";

let fcose: Promise<void> | null = null;

/** fCoSE, for the force layout. */
export function useFcose(): Promise<void> {
  fcose ??= import("cytoscape-fcose").then((m) => {
    cytoscape.use(m.default);
  });
  return fcose;
}
