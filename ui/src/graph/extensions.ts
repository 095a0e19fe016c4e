// Registers the cytoscape layout extensions once.
import cytoscape from "cytoscape";
import dagre from "cytoscape-dagre";
import fcose from "cytoscape-fcose";

let done = false;

export function registerLayouts(): void {
  if (done) return;
  cytoscape.use(dagre);
  cytoscape.use(fcose);
  done = true;
}
