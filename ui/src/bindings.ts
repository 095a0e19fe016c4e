// Generated from the Rust IPC contract (src/api.rs, src/model.rs, src/render).
// Do not edit: run `UPDATE_BINDINGS=1 cargo test --test bindings`.

export type Span = [number, number];

export type NodeKind = "goal" | "indicator" | "strategy" | "part" | "section" | "measure" | "platform" | "project" | "program" | "industry" | "organization" | "region";

export type EdgeKind = "contains" | "supports" | "implements" | "mentions" | "located_in" | "within" | "quantifies";

export type Basis = "structure" | "text" | "similarity" | "curated";

export type RegionBasis = "text" | "lexicon" | "curated" | "jurisdiction";

export type Origin = "extracted" | "curated";

export type ErrorCode = "not-found" | "invalid" | "bad-input" | "storage" | "no-graph" | "export" | "cancelled" | "internal";

export type ApiError = { 
/**
 * Machine-readable kind.
 */
code: ErrorCode, 
/**
 * One line for the user.
 */
message: string, };

export type Progress = { 
/**
 * Stage name: `read`, `parse`, `extract`, `nodes`, `edges`, `index`, `install`, `load`, `done`.
 */
stage: string, 
/**
 * 0.0–1.0.
 */
fraction: number, };

export type Overview = { 
/**
 * Document title.
 */
title: string, 
/**
 * File the text came from.
 */
source: string, 
/**
 * Length of the text in characters.
 */
chars: number, 
/**
 * Node count.
 */
nodes: number, 
/**
 * Edge count.
 */
edges: number, 
/**
 * Per node kind: count and drawing style (one palette for screen and export).
 */
kinds: Array<KindInfo>, 
/**
 * Restored masked characters.
 */
restored: number, 
/**
 * Masked characters left as `*`.
 */
masked: number, 
/**
 * Places where a numeral is missing.
 */
missingNumerals: number, 
/**
 * Where the database lives.
 */
dbPath: string, 
/**
 * Set when opening had to do something the user should know (a rebuilt database).
 */
notice: string | null, };

export type KindInfo = { 
/**
 * The kind.
 */
kind: NodeKind, 
/**
 * Nodes of this kind.
 */
count: number, 
/**
 * How it is drawn.
 */
style: KindStyle, };

export type ViewGraph = { 
/**
 * Nodes.
 */
nodes: Array<ViewNode>, 
/**
 * Edges.
 */
edges: Array<ViewEdge>, };

export type ViewNode = { 
/**
 * Stable id.
 */
id: string, 
/**
 * Kind.
 */
kind: NodeKind, 
/**
 * Label.
 */
label: string, 
/**
 * For measures: the section that contains them (measures collapse into it).
 */
parent: string | null, 
/**
 * Number of the part the node belongs to (parts, sections, measures, part goals).
 */
part: string | null, 
/**
 * County-level units the node is located in.
 */
counties: Array<string>, 
/**
 * Extracted or curated (node itself, or any of its region attributions).
 */
curated: boolean, 
/**
 * In + out degree.
 */
degree: number, };

export type ViewEdge = { 
/**
 * `e<index>`: stable for one database.
 */
id: string, 
/**
 * Source node id.
 */
source: string, 
/**
 * Target node id.
 */
target: string, 
/**
 * Kind.
 */
kind: EdgeKind, 
/**
 * Why it exists.
 */
basis: Basis, 
/**
 * 0.0–1.0.
 */
weight: number, };

export type Selection = { 
/**
 * A short description of the filter (for titles and exports).
 */
label: string, 
/**
 * Node ids, sorted.
 */
nodes: Array<string>, 
/**
 * Edge ids (`e<index>`).
 */
edges: Array<string>, };

export type PathHop = { 
/**
 * Node id.
 */
node: string, 
/**
 * Node label.
 */
label: string, 
/**
 * Node kind.
 */
kind: NodeKind, 
/**
 * The edge to the next hop (none on the last).
 */
edge: string | null, 
/**
 * That edge's kind.
 */
edgeKind: EdgeKind | null, 
/**
 * That edge's evidence sentence.
 */
evidence: Passage | null, };

export type CountyLens = { 
/**
 * Whose plan it is: the lens shows its direct subdivisions (a city's
 * counties, a province's cities, a county's towns, the provinces).
 */
scope: Jurisdiction | null, 
/**
 * The subdivisions (county-level units for a city's plan).
 */
counties: Array<CountyCell>, 
/**
 * Matrix columns: the parts (`part:三` ids).
 */
columns: Array<LensColumn>, 
/**
 * `matrix[county][column]`: measures of that part naming something located in that county.
 */
matrix: Array<Array<number>>, };

export type Jurisdiction = { 
/**
 * Id of its region node (`region:…`); empty for the national level.
 */
region: string, 
/**
 * Official name (嘉兴市; 中华人民共和国 for the national level).
 */
name: string, 
/**
 * Division code (`000000` for the national level).
 */
code: string, 
/**
 * `national | province | city | county | town`.
 */
level: string, };

export type CountyCell = { 
/**
 * Region node id (`region:嘉善县`), or empty when the plan never names it.
 */
id: string, 
/**
 * Name.
 */
name: string, 
/**
 * Name without its administrative suffix, for small tiles (成都, 阿坝).
 */
short: string, 
/**
 * Division code.
 */
code: string, 
/**
 * Schematic position, 0–1 (x east, y south), tiles not overlapping.
 */
x: number, 
/**
 * See `x`.
 */
y: number, 
/**
 * Measures naming something located there.
 */
measures: number, 
/**
 * Projects located there.
 */
projects: number, 
/**
 * Platforms located there.
 */
platforms: number, };

export type LensColumn = { 
/**
 * Part node id.
 */
id: string, 
/**
 * Part number (一, 二 …).
 */
number: string, 
/**
 * Part title.
 */
title: string, };

export type Mark = { 
/**
 * Start, in characters from the passage start.
 */
start: number, 
/**
 * End (exclusive).
 */
end: number, 
/**
 * `mention`, `restored-char`, `masked-char` or `missing-numeral`.
 */
code: string, 
/**
 * What to show on hover (for a restored character: the original `*`).
 */
note: string, };

export type Passage = { 
/**
 * `[start, end)` in the document, in characters.
 */
span: [number, number], 
/**
 * The passage text (insert as text, never as HTML).
 */
text: string, 
/**
 * Marks, sorted by start.
 */
marks: Array<Mark>, 
/**
 * The deepest outline node containing the passage (section or part), if any.
 */
within: string | null, };

export type RegionView = { 
/**
 * Region node id.
 */
id: string, 
/**
 * Region label.
 */
label: string, 
/**
 * Text, lexicon or curated.
 */
basis: RegionBasis, 
/**
 * 0.0–1.0.
 */
confidence: number, };

export type LinkView = { 
/**
 * Edge id.
 */
edge: string, 
/**
 * Edge kind.
 */
kind: EdgeKind, 
/**
 * Whether the edge leaves this node.
 */
outgoing: boolean, 
/**
 * The other node's id.
 */
other: string, 
/**
 * The other node's label.
 */
label: string, 
/**
 * The other node's kind.
 */
otherKind: NodeKind, 
/**
 * Basis of the edge.
 */
basis: Basis, };

export type NodeEvidence = { 
/**
 * Id.
 */
id: string, 
/**
 * Kind.
 */
kind: NodeKind, 
/**
 * Label.
 */
label: string, 
/**
 * Aliases.
 */
aliases: Array<string>, 
/**
 * Extracted or curated.
 */
origin: Origin, 
/**
 * Region attributions.
 */
regions: Array<RegionView>, 
/**
 * Kind-specific attributes as `key: value` lines.
 */
attrs: Array<[string, string]>, 
/**
 * Source passages (one per mention, merged when they share a sentence).
 */
passages: Array<Passage>, 
/**
 * Links to other nodes (at most 200).
 */
links: Array<LinkView>, };

export type EdgeEvidence = { 
/**
 * Edge id.
 */
id: string, 
/**
 * Kind.
 */
kind: EdgeKind, 
/**
 * Source id and label.
 */
source: string, 
/**
 * Source label.
 */
sourceLabel: string, 
/**
 * Target id.
 */
target: string, 
/**
 * Target label.
 */
targetLabel: string, 
/**
 * Why it exists.
 */
basis: Basis, 
/**
 * Score 0–1.
 */
weight: number, 
/**
 * A sentence saying why, in words.
 */
why: string, 
/**
 * Evidence passages.
 */
passages: Array<Passage>, };

export type OutlineEntry = { 
/**
 * Node id (part or section).
 */
id: string, 
/**
 * Number (三, 三.一).
 */
number: string, 
/**
 * Title.
 */
title: string, 
/**
 * Sections of a part.
 */
children: Array<OutlineEntry>, };

export type SearchResult = { 
/**
 * `node` or `passage`.
 */
hit: string, 
/**
 * The node (node hits), or the node whose passage this is (passage hits).
 */
node: string | null, 
/**
 * Label of that node.
 */
label: string | null, 
/**
 * Kind of that node.
 */
kind: NodeKind | null, 
/**
 * The matched text in its context.
 */
snippet: string, 
/**
 * Where in the document.
 */
span: [number, number], };

export type DocumentInfo = { 
/**
 * Library id (`d1`, `d2` …): what [`Session::open_document`] takes.
 */
id: string, 
/**
 * Title found in the text.
 */
title: string, 
/**
 * The file it came from.
 */
source: string, 
/**
 * Length of the text in characters.
 */
chars: number, 
/**
 * Nodes in its graph.
 */
nodes: number, 
/**
 * Edges in its graph.
 */
edges: number, 
/**
 * Whether it is the document the session answers on.
 */
current: boolean, };

export type LibraryResult = { 
/**
 * The library document (`d1` …) it is in.
 */
doc: string, 
/**
 * The result; `node`, `label` and `kind` of a passage hit are filled
 * only for the open document.
 */
result: SearchResult, };

export type GapItem = { 
/**
 * `goal-without-support`, `entity-without-region`, `measure-without-mentions`,
 * `entity-without-measure`, `section-without-measures`, `masked-char`, `missing-numeral`.
 */
category: string, 
/**
 * The node to show (for text gaps: the section holding the place).
 */
node: string | null, 
/**
 * What to list.
 */
label: string, 
/**
 * The place in the text, when the gap is textual.
 */
span: [number, number] | null, };

export type DataFormat = "json" | "graphml" | "gexf" | "csv";

export type ImageFormat = "png" | "svg" | "pdf";

export type ViewState = { 
/**
 * Name (1–100 characters); `""` for the automatic last-session view.
 */
name: string, 
/**
 * Layout name (`strategy`, `force`, `focus`).
 */
layout: string, 
/**
 * Selected counties.
 */
counties: Array<string>, 
/**
 * Traced goal or strategy.
 */
trace: string | null, 
/**
 * Focused node.
 */
focus: string | null, 
/**
 * Focus depth.
 */
depth: number, 
/**
 * Matrix cell `[county, part id]`.
 */
cell: [string, string] | null, 
/**
 * Hidden node kinds.
 */
hiddenKinds: Array<NodeKind>, 
/**
 * Measures collapsed into their sections.
 */
collapsed: boolean, 
/**
 * Selected node ids.
 */
selection: Array<string>, 
/**
 * Node positions.
 */
positions: Array<NodePos>, 
/**
 * Zoom level.
 */
zoom: number, 
/**
 * Pan offset.
 */
pan: [number, number], 
/**
 * UI language (`zh`, `en`).
 */
lang: string, 
/**
 * The library document the view was taken on (`d1`, `d2`, …), so the
 * app reopens on it; absent in views saved before the library.
 */
doc: string | null, };

export type NodePos = { 
/**
 * Node id.
 */
id: string, 
/**
 * x.
 */
x: number, 
/**
 * y.
 */
y: number, };

export type KindStyle = { 
/**
 * Shape.
 */
shape: Shape, 
/**
 * Fill colour, `#rrggbb`.
 */
fill: string, 
/**
 * Outline colour, `#rrggbb` (a darker shade of the fill).
 */
stroke: string, 
/**
 * Label colour that reads on the fill, `#rrggbb` (white or near-black).
 */
text: string, 
/**
 * Name of the kind for legends, in Chinese (目标, 平台 …).
 */
label: string, };

export type Shape = "ellipse" | "round-rectangle" | "rectangle" | "diamond" | "hexagon" | "triangle" | "octagon" | "pentagon" | "star" | "tag" | "rhomboid" | "concave-hexagon";

export type LabelPos = "inside" | "below" | "right";

export type LegendItem = { 
/**
 * Text.
 */
label: string, 
/**
 * Swatch shape.
 */
shape: Shape, 
/**
 * Swatch colour, `#rrggbb` or `#rgb`.
 */
fill: string, };

export type SceneNode = { 
/**
 * Node id (edges refer to it).
 */
id: string, 
/**
 * Centre, model coordinates.
 */
x: number, 
/**
 * Centre, model coordinates (y grows downwards).
 */
y: number, 
/**
 * Width.
 */
w: number, 
/**
 * Height.
 */
h: number, 
/**
 * Shape.
 */
shape: Shape, 
/**
 * Fill colour, `#rrggbb` or `#rgb`.
 */
fill: string, 
/**
 * Outline colour, `#rrggbb` or `#rgb`.
 */
stroke: string, 
/**
 * Label, wrapped to the node's width (Chinese wraps at any character).
 */
label: string, 
/**
 * Label font size, model units.
 */
fontSize: number, 
/**
 * Drawn translucent (outside the current filter).
 */
faded: boolean, 
/**
 * Where the label sits (as on screen); inside when absent.
 */
labelPos: LabelPos, 
/**
 * Wrap width of a label outside the node, model units (0: a default).
 */
labelWidth: number, };

export type SceneEdge = { 
/**
 * Source node id.
 */
source: string, 
/**
 * Target node id.
 */
target: string, 
/**
 * Colour, `#rrggbb` or `#rgb`.
 */
color: string, 
/**
 * Line width, model units.
 */
width: number, 
/**
 * Dashed line.
 */
dashed: boolean, 
/**
 * Drawn translucent (outside the current filter).
 */
faded: boolean, };

export type Scene = { 
/**
 * Title, drawn large at the top.
 */
title: string, 
/**
 * Active filters, one line each under the title.
 */
filters: Array<string>, 
/**
 * Source line at the bottom (e.g. `来源：… · planmap`).
 */
source: string, 
/**
 * Legend entries, drawn in a box under the graph.
 */
legend: Array<LegendItem>, 
/**
 * Nodes.
 */
nodes: Array<SceneNode>, 
/**
 * Edges (drawn under the nodes).
 */
edges: Array<SceneEdge>, };

