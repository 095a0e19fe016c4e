//! The graph in memory (petgraph `StableGraph`) and the queries the CLI, the
//! app and the tests share: neighbourhood, county, goal trace, shortest path,
//! ranking and gaps.

use std::collections::{BTreeSet, HashMap, HashSet, VecDeque};

use petgraph::stable_graph::{NodeIndex, StableDiGraph};
use petgraph::visit::EdgeRef;
use petgraph::Direction;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::model::*;

/// Largest neighbourhood depth a query accepts.
pub const MAX_DEPTH: usize = 10;

/// A [`GraphData`] indexed in petgraph.
#[derive(Debug, Clone)]
pub struct PlanGraph {
    /// The data.
    pub data: GraphData,
    g: StableDiGraph<usize, usize>,
    by_id: HashMap<String, NodeIndex>,
}

/// A subgraph answer: node ids and edge indices into `data.edges`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Subgraph {
    /// Node ids, sorted.
    pub nodes: Vec<String>,
    /// Indices of edges in `data.edges` with both ends in `nodes`.
    pub edges: Vec<usize>,
}

/// One ranked node.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ranked {
    /// Node id.
    pub id: String,
    /// Label.
    pub label: String,
    /// Kind.
    pub kind: NodeKind,
    /// Degree (in + out).
    pub degree: usize,
    /// PageRank score.
    pub pagerank: f64,
}

/// The gap report.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Gaps {
    /// Goals that no part, section or measure supports.
    pub goals_without_support: Vec<String>,
    /// Platforms, projects and programmes with no region.
    pub entities_without_region: Vec<String>,
    /// Measures that mention no entity or region.
    pub measures_without_mentions: Vec<String>,
    /// Entities named by no measure or goal.
    pub entities_without_measure: Vec<String>,
    /// Sections with no measure.
    pub sections_without_measures: Vec<String>,
}

impl PlanGraph {
    /// Index a graph.
    pub fn new(data: GraphData) -> PlanGraph {
        let mut g = StableDiGraph::new();
        let mut by_id = HashMap::new();
        for (i, n) in data.nodes.iter().enumerate() {
            by_id.insert(n.id.clone(), g.add_node(i));
        }
        for (i, e) in data.edges.iter().enumerate() {
            if let (Some(&a), Some(&b)) = (by_id.get(&e.source), by_id.get(&e.target)) {
                g.add_edge(a, b, i);
            }
        }
        PlanGraph { data, g, by_id }
    }

    /// A node by id.
    pub fn node(&self, id: &str) -> Option<&Node> {
        self.by_id.get(id).map(|ix| &self.data.nodes[self.g[*ix]])
    }

    /// Resolve a user's reference: an id, an exact label or alias, or a unique
    /// label substring (preferring named entities, then goals).
    pub fn resolve(&self, q: &str) -> Result<&Node> {
        let q = q.trim();
        if q.is_empty() || q.chars().count() > 500 {
            return Err(Error::Invalid(
                "a node reference must be 1–500 characters".into(),
            ));
        }
        if let Some(n) = self.node(q) {
            return Ok(n);
        }
        let rank = |n: &Node| match n.kind {
            NodeKind::Region => 0,
            k if NodeKind::ENTITIES.contains(&k) => 1,
            NodeKind::Goal => 2,
            NodeKind::Part | NodeKind::Section => 3,
            _ => 4,
        };
        let mut exact: Vec<&Node> = self
            .data
            .nodes
            .iter()
            .filter(|n| n.label == q || n.aliases.iter().any(|a| a == q))
            .collect();
        exact.sort_by_key(|n| rank(n));
        if let Some(n) = exact.first() {
            return Ok(n);
        }
        let mut sub: Vec<&Node> = self
            .data
            .nodes
            .iter()
            .filter(|n| n.label.contains(q))
            .collect();
        sub.sort_by_key(|n| (rank(n), n.label.chars().count()));
        sub.first()
            .copied()
            .ok_or_else(|| Error::NotFound(q.to_string()))
    }

    fn ix(&self, id: &str) -> Result<NodeIndex> {
        self.by_id
            .get(id)
            .copied()
            .ok_or_else(|| Error::NotFound(id.to_string()))
    }

    fn id_of(&self, ix: NodeIndex) -> &str {
        &self.data.nodes[self.g[ix]].id
    }

    fn subgraph(&self, nodes: impl IntoIterator<Item = NodeIndex>) -> Subgraph {
        let set: HashSet<NodeIndex> = nodes.into_iter().collect();
        let mut edges: Vec<usize> = set
            .iter()
            .flat_map(|ix| self.g.edges_directed(*ix, Direction::Outgoing))
            .filter(|e| set.contains(&e.target()))
            .map(|e| *e.weight())
            .collect();
        edges.sort();
        let ids: BTreeSet<String> = set.iter().map(|ix| self.id_of(*ix).to_string()).collect();
        Subgraph {
            nodes: ids.into_iter().collect(),
            edges,
        }
    }

    /// Nodes within `depth` hops of `id`, either direction.
    pub fn neighbourhood(&self, id: &str, depth: usize) -> Result<Subgraph> {
        if depth > MAX_DEPTH {
            return Err(Error::Invalid(format!(
                "depth {depth} is over the limit of {MAX_DEPTH}"
            )));
        }
        let start = self.ix(id)?;
        let mut seen = HashSet::from([start]);
        let mut q = VecDeque::from([(start, 0usize)]);
        while let Some((ix, d)) = q.pop_front() {
            if d == depth {
                continue;
            }
            for nb in self.g.neighbors_undirected(ix) {
                if seen.insert(nb) {
                    q.push_back((nb, d + 1));
                }
            }
        }
        Ok(self.subgraph(seen))
    }

    /// Follow edges of the given kinds from `from`, in `dir`, transitively.
    fn closure(
        &self,
        from: &[NodeIndex],
        kinds: &[EdgeKind],
        dir: Direction,
    ) -> HashSet<NodeIndex> {
        let mut seen: HashSet<NodeIndex> = from.iter().copied().collect();
        let mut stack: Vec<NodeIndex> = from.to_vec();
        while let Some(ix) = stack.pop() {
            for e in self.g.edges_directed(ix, dir) {
                if kinds.contains(&self.data.edges[*e.weight()].kind) {
                    let other = if dir == Direction::Outgoing {
                        e.target()
                    } else {
                        e.source()
                    };
                    if seen.insert(other) {
                        stack.push(other);
                    }
                }
            }
        }
        seen
    }

    /// Everything located in a county (or any region): the region and the
    /// places within it, entities located there, the measures and goals that
    /// mention them, and the chain up to sections, parts, goals and strategies.
    pub fn county(&self, region: &str) -> Result<Subgraph> {
        let r = self.resolve(region)?;
        if r.kind != NodeKind::Region {
            return Err(Error::Invalid(format!("{} is not a region", r.label)));
        }
        let rix = self.ix(&r.id)?;
        let places = self.closure(&[rix], &[EdgeKind::Within], Direction::Incoming);
        let places_v: Vec<NodeIndex> = places.iter().copied().collect();
        let located = self.closure(&places_v, &[EdgeKind::LocatedIn], Direction::Incoming);
        let located_v: Vec<NodeIndex> = located.iter().copied().collect();
        let mut keep: HashSet<NodeIndex> = located.clone();
        // measures and goals mentioning them
        let holders: Vec<NodeIndex> = located_v
            .iter()
            .flat_map(|ix| self.g.edges_directed(*ix, Direction::Incoming))
            .filter(|e| self.data.edges[*e.weight()].kind == EdgeKind::Mentions)
            .map(|e| e.source())
            .collect();
        keep.extend(holders.iter().copied());
        // chain up: contains (section, part) and supports/implements targets
        let up = self.closure(&holders, &[EdgeKind::Contains], Direction::Incoming);
        keep.extend(up.iter().copied());
        let up_v: Vec<NodeIndex> = up.into_iter().collect();
        for ix in up_v {
            for e in self.g.edges_directed(ix, Direction::Outgoing) {
                if matches!(
                    self.data.edges[*e.weight()].kind,
                    EdgeKind::Supports | EdgeKind::Implements
                ) {
                    keep.insert(e.target());
                }
            }
        }
        // the region's parent chain for context
        keep.extend(self.closure(&[rix], &[EdgeKind::Within], Direction::Outgoing));
        Ok(self.subgraph(keep))
    }

    /// The trace of a goal (or strategy): what supports it (parts, sections,
    /// measures), the entities those measures name, and their regions.
    pub fn trace(&self, goal: &str) -> Result<Subgraph> {
        let gnode = self.resolve(goal)?;
        if !matches!(gnode.kind, NodeKind::Goal | NodeKind::Strategy) {
            return Err(Error::Invalid(format!(
                "{} is a {}, not a goal or strategy",
                gnode.label,
                gnode.kind.as_str()
            )));
        }
        let gix = self.ix(&gnode.id)?;
        let supporters = self.closure(
            &[gix],
            &[
                EdgeKind::Supports,
                EdgeKind::Implements,
                EdgeKind::Quantifies,
            ],
            Direction::Incoming,
        );
        let sv: Vec<NodeIndex> = supporters.iter().copied().collect();
        // down to measures
        let down = self.closure(&sv, &[EdgeKind::Contains], Direction::Outgoing);
        let dv: Vec<NodeIndex> = down.iter().copied().collect();
        let named = self.closure(&dv, &[EdgeKind::Mentions], Direction::Outgoing);
        let nv: Vec<NodeIndex> = named.iter().copied().collect();
        let regions = self.closure(
            &nv,
            &[EdgeKind::LocatedIn, EdgeKind::Within],
            Direction::Outgoing,
        );
        let mut keep: HashSet<NodeIndex> = supporters;
        keep.extend(down);
        keep.extend(named);
        keep.extend(regions);
        Ok(self.subgraph(keep))
    }

    /// Shortest path (undirected, by hop count) between two nodes, as node ids
    /// with the edge index used for each hop.
    pub fn path(&self, a: &str, b: &str) -> Result<Vec<(String, Option<usize>)>> {
        let s = self.ix(&self.resolve(a)?.id.clone())?;
        let t = self.ix(&self.resolve(b)?.id.clone())?;
        let mut prev: HashMap<NodeIndex, (NodeIndex, usize)> = HashMap::new();
        let mut seen = HashSet::from([s]);
        let mut q = VecDeque::from([s]);
        while let Some(ix) = q.pop_front() {
            if ix == t {
                break;
            }
            let mut nbrs: Vec<(NodeIndex, usize)> = self
                .g
                .edges_directed(ix, Direction::Outgoing)
                .map(|e| (e.target(), *e.weight()))
                .chain(
                    self.g
                        .edges_directed(ix, Direction::Incoming)
                        .map(|e| (e.source(), *e.weight())),
                )
                .collect();
            nbrs.sort_by_key(|(_, e)| *e);
            for (nb, e) in nbrs {
                if seen.insert(nb) {
                    prev.insert(nb, (ix, e));
                    q.push_back(nb);
                }
            }
        }
        if !seen.contains(&t) {
            return Err(Error::NotFound(format!("no path between {a} and {b}")));
        }
        let mut out = vec![(self.id_of(t).to_string(), None)];
        let mut cur = t;
        while let Some((p, e)) = prev.get(&cur) {
            out.last_mut().expect("non-empty").1 = Some(*e);
            out.push((self.id_of(*p).to_string(), None));
            cur = *p;
        }
        out.reverse();
        // make each entry carry the edge that leads to the next node
        let n = out.len();
        let edges: Vec<Option<usize>> = out.iter().map(|x| x.1).collect();
        for i in 0..n {
            out[i].1 = if i + 1 < n { edges[i + 1] } else { None };
        }
        Ok(out)
    }

    /// Degree and PageRank ranking (damping 0.85, 50 iterations, undirected
    /// structure edges ignored so the outline does not dominate).
    pub fn ranking(&self, kind: Option<NodeKind>, limit: usize) -> Vec<Ranked> {
        let ixs: Vec<NodeIndex> = self.g.node_indices().collect();
        let pos: HashMap<NodeIndex, usize> =
            ixs.iter().enumerate().map(|(i, ix)| (*ix, i)).collect();
        let n = ixs.len().max(1) as f64;
        let mut pr = vec![1.0 / n; ixs.len()];
        let out_deg: Vec<usize> = ixs
            .iter()
            .map(|ix| self.g.edges_directed(*ix, Direction::Outgoing).count())
            .collect();
        for _ in 0..50 {
            let mut next = vec![0.15 / n; ixs.len()];
            let mut dangling = 0.0;
            for (i, ix) in ixs.iter().enumerate() {
                if out_deg[i] == 0 {
                    dangling += pr[i];
                    continue;
                }
                let share = pr[i] / out_deg[i] as f64;
                for e in self.g.edges_directed(*ix, Direction::Outgoing) {
                    next[pos[&e.target()]] += 0.85 * share;
                }
            }
            let d = 0.85 * dangling / n;
            next.iter_mut().for_each(|x| *x += d);
            pr = next;
        }
        let mut v: Vec<Ranked> = ixs
            .iter()
            .enumerate()
            .map(|(i, ix)| {
                let node = &self.data.nodes[self.g[*ix]];
                Ranked {
                    id: node.id.clone(),
                    label: node.label.clone(),
                    kind: node.kind,
                    degree: self.g.edges_directed(*ix, Direction::Outgoing).count()
                        + self.g.edges_directed(*ix, Direction::Incoming).count(),
                    pagerank: pr[i],
                }
            })
            .filter(|r| kind.map_or(true, |k| r.kind == k))
            .collect();
        v.sort_by(|a, b| {
            b.pagerank
                .total_cmp(&a.pagerank)
                .then(b.degree.cmp(&a.degree))
                .then(a.id.cmp(&b.id))
        });
        v.truncate(limit);
        v
    }

    /// The gap report.
    pub fn gaps(&self) -> Gaps {
        let mut gaps = Gaps::default();
        let has = |ix: NodeIndex, kinds: &[EdgeKind], dir: Direction| {
            self.g
                .edges_directed(ix, dir)
                .any(|e| kinds.contains(&self.data.edges[*e.weight()].kind))
        };
        for ix in self.g.node_indices() {
            let n = &self.data.nodes[self.g[ix]];
            match n.kind {
                NodeKind::Goal if !has(ix, &[EdgeKind::Supports], Direction::Incoming) => {
                    gaps.goals_without_support.push(n.id.clone())
                }
                NodeKind::Platform | NodeKind::Project | NodeKind::Program
                    if n.regions.is_empty() =>
                {
                    gaps.entities_without_region.push(n.id.clone())
                }
                NodeKind::Measure if !has(ix, &[EdgeKind::Mentions], Direction::Outgoing) => {
                    gaps.measures_without_mentions.push(n.id.clone())
                }
                NodeKind::Section if !has(ix, &[EdgeKind::Contains], Direction::Outgoing) => {
                    gaps.sections_without_measures.push(n.id.clone())
                }
                _ => {}
            }
            if NodeKind::ENTITIES.contains(&n.kind)
                && !has(ix, &[EdgeKind::Mentions], Direction::Incoming)
            {
                gaps.entities_without_measure.push(n.id.clone());
            }
        }
        gaps
    }

    /// The evidence sentences of a node: the sentence around each mention.
    pub fn evidence(&self, id: &str) -> Result<Vec<(Span, String)>> {
        let n = self.node(id).ok_or_else(|| Error::NotFound(id.into()))?;
        let Some(doc) = self.data.documents.iter().find(|d| d.id == n.doc) else {
            return Ok(vec![]);
        };
        let chars: Vec<char> = doc.text.chars().collect();
        Ok(n.mentions
            .iter()
            .map(|m| {
                let sent = sentence_around(&chars, *m);
                (sent, crate::extract::plan::text_of(&chars, sent))
            })
            .collect())
    }
}

/// The sentence containing a span.
pub fn sentence_around(chars: &[char], span: Span) -> Span {
    let stop = |c: char| matches!(c, '。' | '！' | '？' | '；' | ';' | '!' | '?' | '\n');
    let mut s = span[0].min(chars.len());
    while s > 0 && !stop(chars[s - 1]) {
        s -= 1;
    }
    let mut e = span[1].min(chars.len());
    while e < chars.len() && !stop(chars[e]) {
        e += 1;
    }
    if e < chars.len() && chars[e] != '\n' {
        e += 1;
    }
    [s, e]
}
