//! Headless layout for the CLI: a (sub)graph as a styled [`Scene`], placed by
//! a force simulation (fjadra, a d3-force port).

use std::collections::{BTreeSet, HashMap};

use fjadra::{Center, Collide, Link, ManyBody, PositionX, PositionY, SimulationBuilder};

use super::style::kind_style;
use super::text::{em_len, wrap};
use super::{LegendItem, Scene, SceneEdge, SceneNode, Shape, MAX_EDGES, MAX_NODES};
use crate::model::{Basis, EdgeKind, GraphData, NodeKind};

/// Characters per label line (Chinese), as in the desktop map.
const LINE_EM: f64 = 9.0;
/// Most label lines per node; longer labels end in `…`.
const MAX_LINES: usize = 4;
/// Simulation steps (alpha cools from 1 to 0.001 over them). d3 uses 300;
/// the spaced breadth-first start needs fewer, and fjadra's many-body force
/// costs about 4 ms a tick on the whole plan (833 nodes).
const TICKS: usize = 150;
/// The last ticks also run the collide force (about 2.5 ms a tick).
const COLLIDE_TICKS: usize = 60;
/// Most passes of the final box-overlap removal.
const SEPARATE_PASSES: usize = 80;

fn font_size(kind: NodeKind) -> f64 {
    match kind {
        NodeKind::Part => 15.0,
        NodeKind::Section => 13.0,
        _ => 12.0,
    }
}

/// How much larger than the text box a shape must be for the text to sit
/// inside it: (width, height) factors.
fn shape_room(shape: Shape) -> (f64, f64) {
    match shape {
        Shape::Rectangle | Shape::RoundRectangle => (1.0, 1.0),
        Shape::Ellipse => (1.22, 1.35),
        Shape::Diamond => (1.7, 1.7),
        Shape::Triangle => (1.9, 1.9),
        Shape::Star => (2.1, 2.3),
        Shape::Hexagon => (1.3, 1.1),
        Shape::Pentagon => (1.35, 1.45),
        Shape::Octagon => (1.15, 1.15),
        Shape::Tag => (1.2, 1.0),
        Shape::Rhomboid => (1.4, 1.0),
        Shape::ConcaveHexagon => (1.25, 1.0),
    }
}

fn edge_style(kind: EdgeKind, basis: Basis) -> (&'static str, bool) {
    let color = match kind {
        EdgeKind::Contains => "#9a9a9a",
        EdgeKind::Supports => "#d55e00",
        EdgeKind::Implements => "#cc79a7",
        EdgeKind::Mentions => "#7d7d7d",
        EdgeKind::LocatedIn => "#009e73",
        EdgeKind::Within => "#5e5e5e",
        EdgeKind::Quantifies => "#e69f00",
    };
    let dashed =
        basis == Basis::Similarity || matches!(kind, EdgeKind::LocatedIn | EdgeKind::Within);
    (color, dashed)
}

/// A styled, laid-out scene of `graph` (the whole graph or a subgraph from
/// [`crate::export::subgraph`]), for [`super::to_svg`], [`super::to_png`]
/// and [`super::to_pdf`].
///
/// Nodes take their kind's shape and colours ([`kind_style`]); labels are
/// broken into even lines of at most nine Chinese characters (at most four
/// lines, then `…`) and each node is sized to its label. Positions come from
/// a deterministic force simulation (fjadra: link, many-body, collide,
/// centre and weak x/y forces, 150 ticks from a breadth-first spiral start),
/// after which boxes that still overlap are pushed apart: the same graph
/// always gives the same picture. Edges are coloured by kind (dashed for
/// similarity links and places). The legend lists the kinds present; the
/// source line names the document. Empty graphs and single nodes are fine; at
/// most [`MAX_NODES`] nodes and [`MAX_EDGES`] edges are placed. The whole
/// shipped plan (833 nodes) takes about 0.6 s in a release build.
pub fn scene_for(graph: &GraphData, title: &str, filters: &[String]) -> Scene {
    let mut index: HashMap<&str, usize> = HashMap::new();
    let mut nodes: Vec<SceneNode> = Vec::new();
    let mut kinds: BTreeSet<usize> = BTreeSet::new();
    for n in graph.nodes.iter().take(MAX_NODES) {
        if index.contains_key(n.id.as_str()) {
            continue;
        }
        let style = kind_style(n.kind);
        let fs = font_size(n.kind);
        let label: String = n.label.split_whitespace().collect::<Vec<_>>().join(" ");
        let lines = balanced_wrap(&label);
        let text_w = lines.iter().map(|l| em_len(l)).fold(0.0, f64::max) * fs;
        let (fw, fh) = shape_room(style.shape);
        // to_svg wraps at 90% of the width: leave room so the lines stay whole
        let w = ((text_w / 0.88 + 6.0) * fw).max(36.0);
        let h = ((lines.len().max(1) as f64 * fs * 1.25 + 12.0) * fh).max(26.0);
        index.insert(n.id.as_str(), nodes.len());
        if let Some(k) = NodeKind::ALL.iter().position(|&k| k == n.kind) {
            kinds.insert(k);
        }
        nodes.push(SceneNode {
            id: n.id.clone(),
            x: 0.0,
            y: 0.0,
            w,
            h,
            shape: style.shape,
            fill: style.fill,
            stroke: style.stroke,
            label: lines.join("\n"),
            font_size: fs,
            faded: false,
            label_pos: super::LabelPos::Inside,
            label_width: 0.0,
        });
    }

    let mut edges = Vec::new();
    let mut links = Vec::new();
    for e in &graph.edges {
        if edges.len() == MAX_EDGES {
            break;
        }
        let (Some(&a), Some(&b)) = (index.get(e.source.as_str()), index.get(e.target.as_str()))
        else {
            continue;
        };
        let (color, dashed) = edge_style(e.kind, e.basis);
        edges.push(SceneEdge {
            source: e.source.clone(),
            target: e.target.clone(),
            color: color.to_string(),
            width: 1.2,
            dashed,
            faded: false,
        });
        if a != b {
            links.push((a, b));
        }
    }

    place(&mut nodes, &links);

    let legend = kinds
        .into_iter()
        .map(|k| {
            let s = kind_style(NodeKind::ALL[k]);
            LegendItem {
                label: s.label,
                shape: s.shape,
                fill: s.fill,
            }
        })
        .collect();
    let source = match graph.documents.first() {
        Some(d) if !d.title.trim().is_empty() => format!("来源：{} · planmap", d.title.trim()),
        Some(d) if !d.source.trim().is_empty() => format!("来源：{} · planmap", d.source.trim()),
        _ => "planmap".to_string(),
    };
    Scene {
        title: title.to_string(),
        filters: filters.to_vec(),
        source,
        legend,
        nodes,
        edges,
    }
}

/// `label` in lines of at most [`LINE_EM`] (at most [`MAX_LINES`] lines),
/// as even as possible: 10 characters become 5 + 5, not 9 + 1.
fn balanced_wrap(label: &str) -> Vec<String> {
    let lines = wrap(label, LINE_EM, MAX_LINES);
    let n = lines.len();
    if n < 2 || lines.last().is_some_and(|l| l.ends_with('…')) {
        return lines;
    }
    let mut width = (em_len(label) / n as f64).ceil();
    while width < LINE_EM {
        let even = wrap(label, width, MAX_LINES);
        if even.len() <= n && !even.last().is_some_and(|l| l.ends_with('…')) {
            return even;
        }
        width += 0.5;
    }
    lines
}

/// Run the force simulation and write the positions into `nodes`, then
/// push apart node boxes that still overlap.
fn place(nodes: &mut [SceneNode], links: &[(usize, usize)]) {
    let n = nodes.len();
    if n < 2 {
        for node in nodes.iter_mut() {
            node.x = 0.0;
            node.y = 0.0;
        }
        return;
    }
    // circles between the box's inner and outer circle
    let radii: Vec<f64> = nodes
        .iter()
        .map(|n| 0.5 * (n.w.max(n.h) * 0.5 + (n.w * n.w + n.h * n.h).sqrt() * 0.5) * 0.8)
        .collect();
    let mean_r = radii.iter().sum::<f64>() / n as f64;
    let distances: Vec<f64> = links
        .iter()
        .map(|&(a, b)| (radii[a] + radii[b]) * 0.9 + 32.0)
        .collect();

    // start on a sunflower spiral in breadth-first order (linked nodes start
    // near each other), spaced for the node sizes: fewer ticks are needed
    let order = bfs_order(n, links);
    let mut start = vec![[0.0, 0.0]; n];
    let golden = std::f64::consts::PI * (3.0 - 5f64.sqrt());
    for (rank, &i) in order.iter().enumerate() {
        let r = mean_r * 1.6 * (rank as f64 + 0.5).sqrt();
        let a = rank as f64 * golden;
        start[i] = [r * a.cos(), r * a.sin()];
    }

    let collide_r = radii.clone();
    let charge_r = radii;
    let mut sim = SimulationBuilder::default()
        .with_alpha_decay(1.0 - 0.001f64.powf(1.0 / TICKS as f64))
        .build(
            start
                .iter()
                .map(|&[x, y]| fjadra::Node::default().position(x, y)),
        )
        .add_force(
            "link",
            Link::new(links.iter().copied())
                .distance(move |_: &_, i: usize| distances.get(i).copied().unwrap_or(60.0)),
        )
        .add_force(
            "charge",
            ManyBody::new()
                .strength(move |_, i: usize| -2.0 * charge_r.get(i).copied().unwrap_or(30.0)),
        )
        .add_force("center", Center::new())
        .add_force("x", PositionX::new().strength(0.03))
        .add_force("y", PositionY::new().strength(0.03));
    sim.tick(TICKS - COLLIDE_TICKS);
    let mut sim = sim.add_force(
        "collide",
        Collide::new().radius(move |i| collide_r.get(i).copied().unwrap_or(30.0)),
    );
    sim.tick(COLLIDE_TICKS);
    for (node, [x, y]) in nodes.iter_mut().zip(sim.positions()) {
        node.x = if x.is_finite() { x } else { 0.0 };
        node.y = if y.is_finite() { y } else { 0.0 };
    }
    separate(nodes);
}

/// Node indices in breadth-first order over `links` (either direction),
/// components one after another, each from its best-connected node.
fn bfs_order(n: usize, links: &[(usize, usize)]) -> Vec<usize> {
    let mut adj: Vec<Vec<usize>> = vec![Vec::new(); n];
    for &(a, b) in links {
        if a < n && b < n {
            adj[a].push(b);
            adj[b].push(a);
        }
    }
    let mut by_degree: Vec<usize> = (0..n).collect();
    by_degree.sort_by_key(|&i| (std::cmp::Reverse(adj[i].len()), i));
    let mut seen = vec![false; n];
    let mut order = Vec::with_capacity(n);
    for root in by_degree {
        if seen[root] {
            continue;
        }
        seen[root] = true;
        let mut q = std::collections::VecDeque::from([root]);
        while let Some(i) = q.pop_front() {
            order.push(i);
            for &j in &adj[i] {
                if !seen[j] {
                    seen[j] = true;
                    q.push_back(j);
                }
            }
        }
    }
    order
}

/// Push apart overlapping node boxes (with a small gap) along the axis of
/// least overlap; a sweep over x keeps each pass near O(n log n).
fn separate(nodes: &mut [SceneNode]) {
    const GAP: f64 = 6.0;
    let n = nodes.len();
    for _ in 0..SEPARATE_PASSES {
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_by(|&a, &b| {
            (nodes[a].x - nodes[a].w / 2.0).total_cmp(&(nodes[b].x - nodes[b].w / 2.0))
        });
        let mut moved = false;
        for (k, &a) in order.iter().enumerate() {
            for &b in &order[k + 1..] {
                let (na, nb) = (&nodes[a], &nodes[b]);
                if nb.x - nb.w / 2.0 >= na.x + na.w / 2.0 + GAP {
                    break; // sorted by left edge: no later box reaches `a`
                }
                let ox = (na.w + nb.w) / 2.0 + GAP - (na.x - nb.x).abs();
                let oy = (na.h + nb.h) / 2.0 + GAP - (na.y - nb.y).abs();
                if ox <= 0.0 || oy <= 0.0 {
                    continue;
                }
                moved = true;
                // move along the cheaper axis, half each; ties broken by index
                let sign = |d: f64| {
                    if d > 0.0 || (d == 0.0 && a < b) {
                        1.0
                    } else {
                        -1.0
                    }
                };
                if ox < oy {
                    let d = sign(na.x - nb.x) * ox / 2.0;
                    nodes[a].x += d;
                    nodes[b].x -= d;
                } else {
                    let d = sign(na.y - nb.y) * oy / 2.0;
                    nodes[a].y += d;
                    nodes[b].y -= d;
                }
            }
        }
        if !moved {
            break;
        }
    }
}
