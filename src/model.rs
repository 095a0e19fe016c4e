//! The graph data model: exactly the `planmap-graph` JSON contract (version 2).
//!
//! Every type here serialises to the shape documented in `docs/graph-json.md`
//! (a copy of the contract lives in the repository docs). Offsets are
//! character offsets (Unicode scalar values, end exclusive) into the
//! document's canonical text.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use ts_rs::TS;

/// A `[start, end)` pair of character offsets into the canonical text.
pub type Span = [usize; 2];

/// Name of the interchange format.
pub const FORMAT: &str = "planmap-graph";
/// Version of the interchange format.
pub const VERSION: u32 = 2;

/// One source document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// Document id, `d1` for the first.
    pub id: String,
    /// Title as found in the text.
    pub title: String,
    /// File name the text came from.
    pub source: String,
    /// Hex SHA-256 of the canonical text (UTF-8).
    pub sha256: String,
    /// Length of the canonical text in characters.
    pub chars: usize,
    /// The canonical text.
    pub text: String,
    /// The administrative unit whose plan this is, `null` when the text does not say.
    #[serde(default)]
    pub jurisdiction: Option<Jurisdiction>,
}

/// The administrative unit a document is the plan of (`documents[].jurisdiction`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Jurisdiction {
    /// Id of its region node (`region:…`); empty for the national level.
    pub region: String,
    /// Official name (嘉兴市; 中华人民共和国 for the national level).
    pub name: String,
    /// Division code (`000000` for the national level).
    pub code: String,
    /// `national | province | city | county | town`.
    pub level: String,
}

/// Kinds of node.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum NodeKind {
    /// A goal or target statement.
    Goal,
    /// A quantified target or figure.
    Indicator,
    /// A named strategy.
    Strategy,
    /// A top-level part (一、…).
    Part,
    /// A numbered section inside a part.
    Section,
    /// One concrete measure.
    Measure,
    /// A platform (parks, zones, institutes presented as carriers…).
    Platform,
    /// A project (infrastructure, works, named digital systems).
    Project,
    /// A programme, plan, campaign, pilot or named reform.
    Program,
    /// An industry, sector or technology field.
    Industry,
    /// An organisation, university, body or event.
    Organization,
    /// A place.
    Region,
}

impl NodeKind {
    /// All kinds, in display order.
    pub const ALL: [NodeKind; 12] = [
        NodeKind::Goal,
        NodeKind::Indicator,
        NodeKind::Strategy,
        NodeKind::Part,
        NodeKind::Section,
        NodeKind::Measure,
        NodeKind::Platform,
        NodeKind::Project,
        NodeKind::Program,
        NodeKind::Industry,
        NodeKind::Organization,
        NodeKind::Region,
    ];
    /// Named-entity kinds (the ones evaluated per kind).
    pub const ENTITIES: [NodeKind; 6] = [
        NodeKind::Strategy,
        NodeKind::Platform,
        NodeKind::Project,
        NodeKind::Program,
        NodeKind::Industry,
        NodeKind::Organization,
    ];
    /// The contract's lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            NodeKind::Goal => "goal",
            NodeKind::Indicator => "indicator",
            NodeKind::Strategy => "strategy",
            NodeKind::Part => "part",
            NodeKind::Section => "section",
            NodeKind::Measure => "measure",
            NodeKind::Platform => "platform",
            NodeKind::Project => "project",
            NodeKind::Program => "program",
            NodeKind::Industry => "industry",
            NodeKind::Organization => "organization",
            NodeKind::Region => "region",
        }
    }
    /// Parse the contract's lowercase name.
    pub fn parse(s: &str) -> Option<NodeKind> {
        NodeKind::ALL.iter().copied().find(|k| k.as_str() == s)
    }
}

/// Where a region attribution comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum RegionBasis {
    /// Stated in the text.
    Text,
    /// From the general place lexicon.
    Lexicon,
    /// From the plan-specific curation file.
    Curated,
    /// The document is the plan of a county (or district): what it names
    /// without a place lies there.
    Jurisdiction,
}

/// A node's attribution to a region.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RegionRef {
    /// Id of a region node.
    pub region: String,
    /// Where the attribution comes from.
    pub basis: RegionBasis,
    /// 0.0–1.0.
    pub confidence: f64,
}

/// Whether a node or edge was extracted by rules or added by curation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default, TS)]
#[serde(rename_all = "lowercase")]
pub enum Origin {
    /// Found by the extractor's rules and lexicons.
    #[default]
    Extracted,
    /// Added by the curation file.
    Curated,
}

/// A node of the graph.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Node {
    /// Stable id (same input → same id).
    pub id: String,
    /// Kind of node.
    pub kind: NodeKind,
    /// Canonical name (restored text).
    pub label: String,
    /// Other names used in the text.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Document id.
    pub doc: String,
    /// Every place the node is named or stated.
    #[serde(default)]
    pub mentions: Vec<Span>,
    /// Region attributions.
    #[serde(default)]
    pub regions: Vec<RegionRef>,
    /// Extracted or curated.
    #[serde(default)]
    pub origin: Origin,
    /// Kind-specific attributes.
    #[serde(default)]
    pub attrs: Map<String, Value>,
}

/// Kinds of edge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum EdgeKind {
    /// part → section, section → measure.
    Contains,
    /// part/section/measure → goal.
    Supports,
    /// part/section/measure → strategy.
    Implements,
    /// measure (or goal) → entity.
    Mentions,
    /// entity → region.
    LocatedIn,
    /// region → larger region.
    Within,
    /// indicator → goal.
    Quantifies,
}

impl EdgeKind {
    /// All kinds.
    pub const ALL: [EdgeKind; 7] = [
        EdgeKind::Contains,
        EdgeKind::Supports,
        EdgeKind::Implements,
        EdgeKind::Mentions,
        EdgeKind::LocatedIn,
        EdgeKind::Within,
        EdgeKind::Quantifies,
    ];
    /// The contract's name.
    pub fn as_str(self) -> &'static str {
        match self {
            EdgeKind::Contains => "contains",
            EdgeKind::Supports => "supports",
            EdgeKind::Implements => "implements",
            EdgeKind::Mentions => "mentions",
            EdgeKind::LocatedIn => "located_in",
            EdgeKind::Within => "within",
            EdgeKind::Quantifies => "quantifies",
        }
    }
    /// Parse the contract's name.
    pub fn parse(s: &str) -> Option<EdgeKind> {
        EdgeKind::ALL.iter().copied().find(|k| k.as_str() == s)
    }
}

/// Why an edge exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum Basis {
    /// The document's structure (outline, lead paragraphs).
    Structure,
    /// Stated in the text.
    Text,
    /// Textual similarity.
    Similarity,
    /// The curation file.
    Curated,
}

impl Basis {
    /// The contract's name.
    pub fn as_str(self) -> &'static str {
        match self {
            Basis::Structure => "structure",
            Basis::Text => "text",
            Basis::Similarity => "similarity",
            Basis::Curated => "curated",
        }
    }
}

/// An edge of the graph.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Edge {
    /// Source node id.
    pub source: String,
    /// Target node id.
    pub target: String,
    /// Kind of edge.
    pub kind: EdgeKind,
    /// 0.0–1.0.
    pub weight: f64,
    /// Why the edge exists.
    pub basis: Basis,
    /// Text spans that justify the edge.
    #[serde(default)]
    pub evidence: Vec<Span>,
}

/// Severity of a diagnostic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Informational (e.g. a restored character).
    Info,
    /// Something the user should look at.
    Warning,
    /// Something went wrong.
    Error,
}

impl Level {
    /// The contract's name.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Info => "info",
            Level::Warning => "warning",
            Level::Error => "error",
        }
    }
}

/// A diagnostic with a span in the canonical text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// Severity.
    pub level: Level,
    /// Machine-readable code: `restored-char`, `missing-numeral`, `unparsed-line`, …
    pub code: String,
    /// Where.
    pub span: Span,
    /// Human-readable message.
    pub message: String,
}

/// A whole built graph: the `planmap-graph` JSON document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GraphData {
    /// Always `planmap-graph`.
    pub format: String,
    /// Always 1.
    pub version: u32,
    /// Source documents.
    pub documents: Vec<Document>,
    /// Nodes.
    pub nodes: Vec<Node>,
    /// Edges.
    pub edges: Vec<Edge>,
    /// Diagnostics.
    pub diagnostics: Vec<Diagnostic>,
}

impl GraphData {
    /// An empty graph with the format header set.
    pub fn new() -> Self {
        GraphData {
            format: FORMAT.to_string(),
            version: VERSION,
            documents: Vec::new(),
            nodes: Vec::new(),
            edges: Vec::new(),
            diagnostics: Vec::new(),
        }
    }
    /// Find a node by id.
    pub fn node(&self, id: &str) -> Option<&Node> {
        self.nodes.iter().find(|n| n.id == id)
    }
    /// The text covered by a span of document `doc` (empty when out of range).
    pub fn span_text(&self, doc: &str, span: Span) -> String {
        self.documents
            .iter()
            .find(|d| d.id == doc)
            .map(|d| span_text(&d.text, span))
            .unwrap_or_default()
    }
}

impl Default for GraphData {
    fn default() -> Self {
        Self::new()
    }
}

/// The characters `[start, end)` of `text` (clamped; never panics).
pub fn span_text(text: &str, span: Span) -> String {
    let [s, e] = span;
    if e <= s {
        return String::new();
    }
    text.chars().skip(s).take(e - s).collect()
}
