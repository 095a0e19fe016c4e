//! Interchange formats: pure functions from a [`GraphData`] to text.
//!
//! - [`to_json`]: the `planmap-graph` JSON contract itself.
//! - [`to_graphml`]: GraphML 1.0 (Gephi, Cytoscape, yEd, NetworkX).
//! - [`to_gexf`]: GEXF 1.3 (Gephi).
//! - [`to_csv`]: a nodes table and an edges table (RFC 4180).
//! - [`to_dot`]: a Graphviz digraph.
//!
//! [`subgraph`] cuts a graph down to a set of nodes before exporting it.
//!
//! ```
//! let g = planmap::GraphData::new();
//! let xml = planmap::export::to_graphml(&g);
//! assert!(xml.contains("<graphml"));
//! ```
//!
//! Nothing here does I/O; callers write the strings where they like. XML output
//! escapes markup characters and drops characters XML 1.0 does not allow.

use std::collections::HashSet;
use std::fmt::Write as _;

use serde_json::{Map, Value};

use crate::model::{GraphData, Node, NodeKind, Span};

/// The graph as the `planmap-graph` JSON contract (pretty-printed).
pub fn to_json(g: &GraphData) -> String {
    // Serialising the model cannot fail: every map has string keys.
    serde_json::to_string_pretty(g).unwrap_or_default()
}

/// Escape text for XML content and attribute values, dropping characters XML 1.0 forbids.
pub(crate) fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Keep tabs and line breaks as references so attribute values survive normalisation.
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c if xml_char(c) => out.push(c),
            _ => {}
        }
    }
    out
}

/// Whether XML 1.0 allows the character (`Char` production).
fn xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Compact JSON of a serialisable value.
fn json<T: serde::Serialize + ?Sized>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_default()
}

/// A float as an `xs:double` literal, `None` when it is not finite.
fn double(x: f64) -> Option<String> {
    x.is_finite().then(|| format!("{x}"))
}

fn region_ids(n: &Node) -> String {
    n.regions
        .iter()
        .map(|r| r.region.as_str())
        .collect::<Vec<_>>()
        .join(",")
}

fn first_mention(n: &Node) -> Option<Span> {
    n.mentions.first().copied()
}

fn attrs_json(attrs: &Map<String, Value>) -> String {
    json(attrs)
}

/// Edges whose two ends are nodes of the graph (XML formats refuse dangling ends).
fn linked_edges(g: &GraphData) -> impl Iterator<Item = (usize, &crate::model::Edge)> {
    let ids: HashSet<&str> = g.nodes.iter().map(|n| n.id.as_str()).collect();
    g.edges
        .iter()
        .enumerate()
        .filter(move |(_, e)| ids.contains(e.source.as_str()) && ids.contains(e.target.as_str()))
}

/// The graph as GraphML 1.0: a directed graph with node attributes `label`,
/// `kind`, `origin`, `doc`, `aliases` (JSON), `regions` (comma-joined region
/// ids), `attrs` (JSON), `mention_start`/`mention_end` (first mention) and
/// edge attributes `kind`, `weight` (double), `basis`, `evidence` (JSON).
/// Edges whose ends are not in the graph are left out.
pub fn to_graphml(g: &GraphData) -> String {
    const NODE_KEYS: [(&str, &str, &str); 9] = [
        ("label", "label", "string"),
        ("kind", "kind", "string"),
        ("origin", "origin", "string"),
        ("doc", "doc", "string"),
        ("aliases", "aliases", "string"),
        ("regions", "regions", "string"),
        ("attrs", "attrs", "string"),
        ("mention_start", "mention_start", "long"),
        ("mention_end", "mention_end", "long"),
    ];
    const EDGE_KEYS: [(&str, &str, &str); 4] = [
        ("e_kind", "kind", "string"),
        ("weight", "weight", "double"),
        ("e_basis", "basis", "string"),
        ("e_evidence", "evidence", "string"),
    ];
    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(
        "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
         xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns \
         http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n",
    );
    for (id, name, ty) in NODE_KEYS {
        let _ = writeln!(
            out,
            "  <key id=\"{id}\" for=\"node\" attr.name=\"{name}\" attr.type=\"{ty}\"/>"
        );
    }
    for (id, name, ty) in EDGE_KEYS {
        let _ = writeln!(
            out,
            "  <key id=\"{id}\" for=\"edge\" attr.name=\"{name}\" attr.type=\"{ty}\"/>"
        );
    }
    out.push_str("  <graph id=\"planmap\" edgedefault=\"directed\">\n");
    let data = |out: &mut String, key: &str, value: &str| {
        let _ = writeln!(out, "      <data key=\"{key}\">{}</data>", xml(value));
    };
    for n in &g.nodes {
        let _ = writeln!(out, "    <node id=\"{}\">", xml(&n.id));
        data(&mut out, "label", &n.label);
        data(&mut out, "kind", n.kind.as_str());
        data(&mut out, "origin", origin_name(n));
        data(&mut out, "doc", &n.doc);
        data(&mut out, "aliases", &json(&n.aliases));
        data(&mut out, "regions", &region_ids(n));
        data(&mut out, "attrs", &attrs_json(&n.attrs));
        if let Some([s, e]) = first_mention(n) {
            data(&mut out, "mention_start", &s.to_string());
            data(&mut out, "mention_end", &e.to_string());
        }
        out.push_str("    </node>\n");
    }
    for (i, e) in linked_edges(g) {
        let _ = writeln!(
            out,
            "    <edge id=\"e{i}\" source=\"{}\" target=\"{}\">",
            xml(&e.source),
            xml(&e.target)
        );
        data(&mut out, "e_kind", e.kind.as_str());
        if let Some(w) = double(e.weight) {
            data(&mut out, "weight", &w);
        }
        data(&mut out, "e_basis", e.basis.as_str());
        data(&mut out, "e_evidence", &json(&e.evidence));
        out.push_str("    </edge>\n");
    }
    out.push_str("  </graph>\n</graphml>\n");
    out
}

fn origin_name(n: &Node) -> &'static str {
    match n.origin {
        crate::model::Origin::Extracted => "extracted",
        crate::model::Origin::Curated => "curated",
    }
}

/// The graph as GEXF 1.3: static, directed, node `label` = label, edge
/// `weight` = weight, and declared attributes (nodes: kind, origin, doc,
/// aliases, regions, attrs, mention_start, mention_end; edges: kind, basis,
/// evidence). Edges whose ends are not in the graph are left out.
pub fn to_gexf(g: &GraphData) -> String {
    const NODE_ATTRS: [(&str, &str); 8] = [
        ("kind", "string"),
        ("origin", "string"),
        ("doc", "string"),
        ("aliases", "string"),
        ("regions", "string"),
        ("attrs", "string"),
        ("mention_start", "long"),
        ("mention_end", "long"),
    ];
    const EDGE_ATTRS: [(&str, &str); 3] = [
        ("kind", "string"),
        ("basis", "string"),
        ("evidence", "string"),
    ];
    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(
        "<gexf xmlns=\"http://gexf.net/1.3\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
         xsi:schemaLocation=\"http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd\" version=\"1.3\">\n",
    );
    out.push_str("  <meta>\n    <creator>planmap</creator>\n  </meta>\n");
    out.push_str("  <graph mode=\"static\" defaultedgetype=\"directed\">\n");
    out.push_str("    <attributes class=\"node\" mode=\"static\">\n");
    for (i, (title, ty)) in NODE_ATTRS.iter().enumerate() {
        let _ = writeln!(
            out,
            "      <attribute id=\"n{i}\" title=\"{title}\" type=\"{ty}\"/>"
        );
    }
    out.push_str("    </attributes>\n");
    out.push_str("    <attributes class=\"edge\" mode=\"static\">\n");
    for (i, (title, ty)) in EDGE_ATTRS.iter().enumerate() {
        let _ = writeln!(
            out,
            "      <attribute id=\"e{i}\" title=\"{title}\" type=\"{ty}\"/>"
        );
    }
    out.push_str("    </attributes>\n");
    let attvalue = |out: &mut String, id: &str, value: &str| {
        let _ = writeln!(
            out,
            "          <attvalue for=\"{id}\" value=\"{}\"/>",
            xml(value)
        );
    };
    out.push_str("    <nodes>\n");
    for n in &g.nodes {
        let _ = writeln!(
            out,
            "      <node id=\"{}\" label=\"{}\">\n        <attvalues>",
            xml(&n.id),
            xml(&n.label)
        );
        attvalue(&mut out, "n0", n.kind.as_str());
        attvalue(&mut out, "n1", origin_name(n));
        attvalue(&mut out, "n2", &n.doc);
        attvalue(&mut out, "n3", &json(&n.aliases));
        attvalue(&mut out, "n4", &region_ids(n));
        attvalue(&mut out, "n5", &attrs_json(&n.attrs));
        if let Some([s, e]) = first_mention(n) {
            attvalue(&mut out, "n6", &s.to_string());
            attvalue(&mut out, "n7", &e.to_string());
        }
        out.push_str("        </attvalues>\n      </node>\n");
    }
    out.push_str("    </nodes>\n    <edges>\n");
    for (i, e) in linked_edges(g) {
        let weight = double(e.weight)
            .map(|w| format!(" weight=\"{w}\""))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "      <edge id=\"{i}\" source=\"{}\" target=\"{}\"{weight}>\n        <attvalues>",
            xml(&e.source),
            xml(&e.target)
        );
        attvalue(&mut out, "e0", e.kind.as_str());
        attvalue(&mut out, "e1", e.basis.as_str());
        attvalue(&mut out, "e2", &json(&e.evidence));
        out.push_str("        </attvalues>\n      </edge>\n");
    }
    out.push_str("    </edges>\n  </graph>\n</gexf>\n");
    out
}

/// One CSV field, quoted when it holds a comma, quote or line break (RFC 4180).
fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn csv_row(out: &mut String, fields: &[&str]) {
    let row: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
    out.push_str(&row.join(","));
    out.push_str("\r\n");
}

/// The graph as two CSV tables, `(nodes.csv, edges.csv)`, RFC 4180 (CRLF line
/// ends, fields quoted when needed).
///
/// Nodes: `id,kind,label,aliases,regions,origin,first_mention_start,first_mention_end`
/// (aliases and regions joined with `;`, empty mention columns when the node
/// has none). Edges: `source,target,kind,weight,basis,evidence` (evidence as
/// JSON, e.g. `[[3,9]]`).
pub fn to_csv(g: &GraphData) -> (String, String) {
    let mut nodes = String::new();
    csv_row(
        &mut nodes,
        &[
            "id",
            "kind",
            "label",
            "aliases",
            "regions",
            "origin",
            "first_mention_start",
            "first_mention_end",
        ],
    );
    for n in &g.nodes {
        let regions: Vec<&str> = n.regions.iter().map(|r| r.region.as_str()).collect();
        let (s, e) = match first_mention(n) {
            Some([s, e]) => (s.to_string(), e.to_string()),
            None => (String::new(), String::new()),
        };
        csv_row(
            &mut nodes,
            &[
                &n.id,
                n.kind.as_str(),
                &n.label,
                &n.aliases.join(";"),
                &regions.join(";"),
                origin_name(n),
                &s,
                &e,
            ],
        );
    }
    let mut edges = String::new();
    csv_row(
        &mut edges,
        &["source", "target", "kind", "weight", "basis", "evidence"],
    );
    for e in &g.edges {
        csv_row(
            &mut edges,
            &[
                &e.source,
                &e.target,
                e.kind.as_str(),
                &double(e.weight).unwrap_or_default(),
                e.basis.as_str(),
                &json(&e.evidence),
            ],
        );
    }
    (nodes, edges)
}

/// A DOT double-quoted string: `"` and `\` escaped, line breaks as `\n`,
/// other control characters dropped.
fn dot(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Graphviz node shape for a kind.
fn shape(kind: NodeKind) -> &'static str {
    match kind {
        NodeKind::Goal => "doubleoctagon",
        NodeKind::Indicator => "note",
        NodeKind::Strategy => "hexagon",
        NodeKind::Part => "tab",
        NodeKind::Section => "folder",
        NodeKind::Measure => "box",
        NodeKind::Platform => "component",
        NodeKind::Project => "box3d",
        NodeKind::Program => "cds",
        NodeKind::Industry => "parallelogram",
        NodeKind::Organization => "house",
        NodeKind::Region => "ellipse",
    }
}

/// The graph as a Graphviz digraph: quoted ids and labels, a shape per node
/// kind, edges labelled with their kind and drawn thicker by weight.
pub fn to_dot(g: &GraphData) -> String {
    let mut out = String::from("digraph planmap {\n");
    out.push_str("  graph [charset=\"UTF-8\", rankdir=LR];\n");
    out.push_str("  node [fontname=\"Noto Sans CJK SC\"];\n");
    out.push_str("  edge [fontname=\"Noto Sans CJK SC\", fontsize=10];\n");
    for n in &g.nodes {
        let _ = writeln!(
            out,
            "  {} [label={}, shape={}, tooltip={}];",
            dot(&n.id),
            dot(&n.label),
            shape(n.kind),
            dot(n.kind.as_str())
        );
    }
    for e in &g.edges {
        let width = if e.weight.is_finite() {
            1.0 + 2.0 * e.weight.clamp(0.0, 1.0)
        } else {
            1.0
        };
        let _ = writeln!(
            out,
            "  {} -> {} [label={}, penwidth={width:.2}];",
            dot(&e.source),
            dot(&e.target),
            dot(e.kind.as_str())
        );
    }
    out.push_str("}\n");
    out
}

/// The part of `g` made of the nodes in `keep` (in their original order) and
/// the edges with both ends in `keep`; documents and diagnostics are kept whole.
pub fn subgraph(g: &GraphData, keep: &HashSet<String>) -> GraphData {
    GraphData {
        format: g.format.clone(),
        version: g.version,
        documents: g.documents.clone(),
        nodes: g
            .nodes
            .iter()
            .filter(|n| keep.contains(&n.id))
            .cloned()
            .collect(),
        edges: g
            .edges
            .iter()
            .filter(|e| keep.contains(&e.source) && keep.contains(&e.target))
            .cloned()
            .collect(),
        diagnostics: g.diagnostics.clone(),
    }
}
