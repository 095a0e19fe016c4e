//! The one build API: bytes → [`GraphData`]. The CLI, the desktop app and the
//! tests all call [`build_bytes`] / [`build_file`] / [`build_default`].

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};

use crate::curation::Curation;
use crate::error::{Error, Result};
use crate::extract::links::{self, From, Link};
use crate::extract::plan::{self, text_of};
use crate::extract::{entities, regions, EntityHit, RegionLevel};
use crate::model::*;
use crate::outline::{self, Outline};
use crate::store::{LibraryDoc, Store};
use crate::{decode, restore};

/// The plan the app opens on: the Jiaxing 14th Five-Year Plan recommendations.
pub const DEFAULT_PLAN: &[u8] = include_bytes!("../assets/jiaxing-14th-fyp-recommendations.txt");
/// File name of the default plan.
pub const DEFAULT_PLAN_NAME: &str = "jiaxing-14th-fyp-recommendations.txt";

/// Build options.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// Apply the shipped curation file (plan-specific facts) on top of the rules.
    pub curation: bool,
}

impl Default for BuildOptions {
    fn default() -> Self {
        BuildOptions { curation: true }
    }
}

/// A built graph and the intermediate results worth keeping.
#[derive(Debug, Clone)]
pub struct Built {
    /// The graph (the `planmap-graph` JSON document).
    pub graph: GraphData,
    /// The parsed outline.
    pub outline: Outline,
    /// Encoding the input was read as.
    pub encoding: &'static str,
    /// What the text was taken out of: `text`, `HTML` or `Word .docx`.
    pub container: &'static str,
}

/// Build from a file.
///
/// The size is checked before anything is read: a file over
/// [`decode::MAX_INPUT_BYTES`] is refused from its metadata, and a file
/// whose size is not known in advance (a pipe, a device, a file still
/// growing) is read at most one byte past the limit.
pub fn build_file(path: &Path, opts: &BuildOptions) -> Result<Built> {
    let (bytes, name) = read_input(path)?;
    build_bytes(&bytes, &name, opts)
}

/// [`build_file`] into a new database at `db` ([`build_bytes_into`]).
pub fn build_file_into(db: &Path, path: &Path, opts: &BuildOptions) -> Result<Built> {
    let (bytes, name) = read_input(path)?;
    build_bytes_into(db, &bytes, &name, opts, &mut |_, _| {})
}

/// An input file's bytes (see [`read_bounded`]) and its file name.
fn read_input(path: &Path) -> Result<(Vec<u8>, String)> {
    let bytes = read_bounded(path, decode::MAX_INPUT_BYTES)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok((bytes, name))
}

/// Read a whole file of at most `limit` bytes, never holding more than
/// `limit + 1` bytes: [`Error::TooLarge`] past the limit (from the metadata
/// when it tells, else from the bytes read).
pub fn read_bounded(path: &Path, limit: u64) -> Result<Vec<u8>> {
    use std::io::Read;
    let io = |source: std::io::Error| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let file = std::fs::File::open(path).map_err(io)?;
    let meta = file.metadata().map_err(io)?;
    if meta.is_dir() {
        return Err(io(std::io::Error::other("it is a folder, not a file")));
    }
    if meta.len() > limit {
        return Err(Error::TooLarge {
            size: meta.len(),
            limit,
        });
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.len() as u64 > limit {
        return Err(Error::TooLarge {
            size: bytes.len() as u64,
            limit,
        });
    }
    Ok(bytes)
}

/// Build the shipped default plan.
pub fn build_default(opts: &BuildOptions) -> Result<Built> {
    build_bytes(DEFAULT_PLAN, DEFAULT_PLAN_NAME, opts)
}

/// Build from bytes. Fails only when the bytes are not text; everything the
/// parser cannot make sense of becomes a diagnostic.
///
/// The stages, each callable on its own: [`decode::decode`] →
/// [`restore::restore`] → [`outline::parse`] → [`extract_graph`].
pub fn build_bytes(bytes: &[u8], source: &str, opts: &BuildOptions) -> Result<Built> {
    let read = Restored::from_bytes(bytes)?;
    let outline = outline::parse(&read.text);
    let graph = extract_graph(&read.text, &outline, read.diagnostics, source, opts)?;
    Ok(Built {
        graph,
        outline,
        encoding: read.encoding,
        container: read.container,
    })
}

/// A text decoded and restored, before its outline and extraction.
struct Restored {
    /// The canonical (restored) text.
    text: String,
    /// Those of decoding, then of restoring.
    diagnostics: Vec<Diagnostic>,
    encoding: &'static str,
    container: &'static str,
}

impl Restored {
    fn from_bytes(bytes: &[u8]) -> Result<Restored> {
        let decoded = decode::decode(bytes)?;
        let restored = restore::restore(&decoded.text);
        let mut diagnostics = decoded.diagnostics;
        diagnostics.extend(restored.diagnostics);
        Ok(Restored {
            text: restored.text,
            diagnostics,
            encoding: decoded.encoding,
            container: decoded.container,
        })
    }
}

/// [`build_bytes`] into a new database at `db`, which replaces the one there
/// atomically ([`Store::write_while`]): after decoding and restoring, the
/// graph is extracted on another thread while the new database's schema and
/// the text's passages are written. Nothing changes at `db` when the text
/// cannot be read or built, or the database cannot be written. This is what
/// `planmap build` and the app's first start use.
pub fn build_bytes_into(
    db: &Path,
    bytes: &[u8],
    source: &str,
    opts: &BuildOptions,
    progress: &mut dyn FnMut(&str, f32),
) -> Result<Built> {
    crate::extract::warm_up();
    let Restored {
        text,
        diagnostics,
        encoding,
        container,
    } = Restored::from_bytes(bytes)?;
    let mut parsed = None;
    let graph = Store::write_while(db, &text, progress, || {
        let outline = outline::parse(&text);
        let graph = extract_graph(&text, &outline, diagnostics, source, opts);
        parsed = Some(outline);
        graph
    })?;
    Ok(Built {
        graph,
        outline: parsed.unwrap_or_default(),
        encoding,
        container,
    })
}

/// Build `bytes` and append the graph to `store` as a new library document,
/// in one transaction ([`Store::add_document_while`]): after decoding and
/// restoring, the graph is extracted on another thread while the text's
/// passages are written. Nothing is written when the text cannot be read or
/// built. This is what `planmap add`, the app's File → Open and `planmap
/// scale` use.
pub fn add_bytes(
    store: &mut Store,
    bytes: &[u8],
    source: &str,
    opts: &BuildOptions,
) -> Result<(LibraryDoc, GraphData)> {
    crate::extract::warm_up();
    let Restored {
        text, diagnostics, ..
    } = Restored::from_bytes(bytes)?;
    store.add_document_while(&text, || {
        let outline = outline::parse(&text);
        extract_graph(&text, &outline, diagnostics, source, opts)
    })
}

/// The extraction stage alone: from the canonical (restored) `text` and its
/// parsed `outline` to the assembled [`GraphData`] — outline nodes, measures,
/// goals, indicators, entities, places, mentions, links, the shipped curation
/// when `opts` asks for it and the text is the shipped plan, and the final
/// clean-up (stable ids, dedup, sorted diagnostics).
///
/// `diagnostics` are those of the earlier stages (decode, restore): they go
/// into the graph ahead of the outline's, and indicators consult the
/// `missing-numeral` ones. [`build_bytes`] is decode → restore →
/// [`outline::parse`] → this; it exists separately so the stage can be
/// measured on its own (`benches/pipeline.rs`).
pub fn extract_graph(
    text: &str,
    outline: &Outline,
    diagnostics: Vec<Diagnostic>,
    source: &str,
    opts: &BuildOptions,
) -> Result<GraphData> {
    let chars: Vec<char> = text.chars().collect();
    let sha256 = hex(&Sha256::digest(text.as_bytes()));
    // a curation file holds facts about one text: it applies to that text only
    let curation = if opts.curation {
        Some(Curation::shipped()?).filter(|c| c.fingerprint == sha256)
    } else {
        None
    };
    let mut b = Builder::new(&chars);
    let title = if outline.title.is_empty() {
        text.lines().next().unwrap_or("").chars().take(60).collect()
    } else {
        outline.title.clone()
    };
    b.g.documents.push(Document {
        id: "d1".into(),
        title,
        source: source.to_string(),
        sha256,
        chars: chars.len(),
        text: text.to_string(),
        // set once the places are read (the gazetteer may still be loading)
        jurisdiction: None,
    });
    b.g.diagnostics.extend(diagnostics);
    b.g.diagnostics.extend(outline.diagnostics.iter().cloned());
    for d in &outline.debris {
        b.g.diagnostics.push(Diagnostic {
            level: Level::Info,
            code: "page-debris".into(),
            span: *d,
            message: format!("left out as page debris: {}", text_of(&chars, *d)),
        });
    }
    // Entities, places and the regions of entities read the text alone:
    // they are found on a second thread while this one reads the outline's
    // measures, goals, indicators and the goals' links to sections (≈ 10 ms
    // each way for a plan-sized document).
    let (measures, goals, goal_ids, (corpus, goal_links), (ents, regs, attrs, places)) =
        std::thread::scope(|s| {
            // the places of the document are read on a third thread: they
            // do not depend on the entities, only their attribution does
            let placed = s.spawn(|| {
                let places = regions::Places::new(regions::detect_jurisdiction(text));
                let regs = regions::extract_regions(&places, text);
                (places, regs)
            });
            let named = s.spawn(|| {
                let mut ents = entities::extract_entities(text);
                if let Some(c) = &curation {
                    c.add_entities(text, &mut ents);
                }
                let (places, regs) = placed.join().map_err(|_| ())?;
                let attrs = regions::attribute(&places, text, &ents, &regs);
                Ok::<_, ()>((ents, regs, attrs, places))
            });
            b.outline(outline);
            let measures = plan::measures(&chars, outline);
            b.measures(&measures);
            let goals = plan::goals(&chars, outline);
            let goal_ids = b.goals(outline, &goals);
            let indicators = plan::indicators(&chars, outline, &b.g.diagnostics);
            b.indicators(&indicators, &goals, &goal_ids);
            // the sections' TF-IDF vectors serve both kinds of links
            let corpus = links::Corpus::new(&chars, outline);
            let goal_links = links::goal_links_in(&corpus, &chars, outline, &goals);
            let named = named
                .join()
                .ok()
                .and_then(Result::ok)
                .ok_or_else(|| Error::Invalid("finding the entities failed".into()))?;
            Ok::<_, Error>((measures, goals, goal_ids, (corpus, goal_links), named))
        })?;
    b.g.documents[0].jurisdiction = places.jurisdiction().map(regions::Jurisdiction::to_model);
    b.regions(&regs, &places);
    b.entities(&ents, &attrs, &places);
    b.mentions(&measures, &goals, &goal_ids);
    b.links(&corpus, outline, goal_links, &goal_ids, &ents);
    if let Some(c) = &curation {
        c.apply(&mut b.g)?;
    }
    b.finish();
    Ok(b.g)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Id of a section node.
pub fn section_id(part: &str, section: &str) -> String {
    format!("section:{part}.{section}")
}

/// Id of an entity node.
pub fn entity_id(kind: NodeKind, label: &str) -> String {
    format!("{}:{label}", kind.as_str())
}

/// Id of a region node.
pub fn region_id(label: &str) -> String {
    format!("region:{label}")
}

struct Builder<'a> {
    chars: &'a [char],
    g: GraphData,
    index: HashMap<String, usize>,
    /// (part idx, section idx) → node id
    sections: HashMap<(usize, usize), String>,
    /// (part idx, section idx) → outline path
    paths: HashMap<(usize, usize), String>,
    /// outline path → sections given it so far
    path_uses: HashMap<String, usize>,
    parts: Vec<String>,
    measure_ids: Vec<String>,
}

fn attrs(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

impl<'a> Builder<'a> {
    fn new(chars: &'a [char]) -> Self {
        Builder {
            chars,
            g: GraphData::new(),
            index: HashMap::new(),
            sections: HashMap::new(),
            paths: HashMap::new(),
            path_uses: HashMap::new(),
            parts: vec![],
            measure_ids: vec![],
        }
    }

    fn node(
        &mut self,
        id: String,
        kind: NodeKind,
        label: String,
        mentions: Vec<Span>,
        attrs: Map<String, Value>,
    ) -> usize {
        if let Some(&i) = self.index.get(&id) {
            let n = &mut self.g.nodes[i];
            for m in mentions {
                if !n.mentions.contains(&m) {
                    n.mentions.push(m);
                }
            }
            return i;
        }
        let i = self.g.nodes.len();
        self.g.nodes.push(Node {
            id: id.clone(),
            kind,
            label,
            aliases: vec![],
            doc: "d1".into(),
            mentions,
            regions: vec![],
            origin: Origin::Extracted,
            attrs,
        });
        self.index.insert(id, i);
        i
    }

    fn edge(
        &mut self,
        source: &str,
        target: &str,
        kind: EdgeKind,
        weight: f64,
        basis: Basis,
        evidence: Vec<Span>,
    ) {
        self.g.edges.push(Edge {
            source: source.into(),
            target: target.into(),
            kind,
            weight,
            basis,
            evidence,
        });
    }

    fn outline(&mut self, o: &Outline) {
        for (pi, p) in o.parts.iter().enumerate() {
            let pid = format!("part:{}", p.number);
            let label = if p.title.is_empty() {
                format!("第{}部分", p.number)
            } else {
                p.title.clone()
            };
            self.node(pid.clone(), NodeKind::Part, label, vec![p.heading], attrs(json!({"number": p.number, "title": p.title, "span": p.span, "implicit": p.implicit})));
            self.parts.push(pid.clone());
            for (si, s) in p.sections.iter().enumerate() {
                let (sid, path) = self.section_path(p, si);
                let heading = [s.number_span[0].min(s.title_span[0]), s.title_span[1]];
                let mut a = attrs(
                    json!({"path": path, "number": s.number, "title": s.title, "part": p.number, "span": s.span, "glued": s.style == outline::SectionStyle::Glued, "level": s.level}),
                );
                if s.boxed {
                    a.insert("box".into(), json!(true));
                }
                self.node(
                    sid.clone(),
                    NodeKind::Section,
                    s.title.clone(),
                    vec![heading],
                    a,
                );
                // a subsection or box is contained by the division it sits in
                let holder = s
                    .parent
                    .and_then(|ps| self.sections.get(&(pi, ps)).cloned())
                    .unwrap_or_else(|| pid.clone());
                self.edge(
                    &holder,
                    &sid,
                    EdgeKind::Contains,
                    1.0,
                    Basis::Structure,
                    vec![],
                );
                self.sections.insert((pi, si), sid);
                self.paths.insert((pi, si), path);
            }
        }
    }

    /// Id and path of section `si` of part `p`: `section:{path}`; a path
    /// already taken (a numeral repeated in one division) gets `~2`, `~3`…
    fn section_path(&mut self, p: &outline::Part, si: usize) -> (String, String) {
        let base = p.path(si);
        let uses = self.path_uses.entry(base.clone()).or_insert(0);
        *uses += 1;
        let path = if *uses == 1 {
            base
        } else {
            format!("{base}~{uses}")
        };
        (format!("section:{path}"), path)
    }

    fn measures(&mut self, ms: &[plan::Measure]) {
        for m in ms {
            let path = self.paths[&(m.part, m.section)].clone();
            let id = format!("measure:{path}.{}", m.ordinal);
            let label = text_of(self.chars, m.span);
            self.node(
                id.clone(),
                NodeKind::Measure,
                label,
                vec![m.span],
                attrs(json!({"path": path, "ordinal": m.ordinal})),
            );
            let sid = self.sections[&(m.part, m.section)].clone();
            self.edge(&sid, &id, EdgeKind::Contains, 1.0, Basis::Structure, vec![]);
            self.measure_ids.push(id);
        }
    }

    fn goals(&mut self, o: &Outline, goals: &[plan::Goal]) -> Vec<String> {
        let mut counters: HashMap<&str, usize> = HashMap::new();
        let mut ids = vec![];
        for g in goals {
            let t = g.kind.as_str();
            let n = counters.entry(t).or_insert(0);
            *n += 1;
            let part = o
                .parts
                .get(g.part)
                .map(|p| p.number.clone())
                .unwrap_or_default();
            let id = format!("goal:{t}:{n}");
            self.node(
                id.clone(),
                NodeKind::Goal,
                g.label.clone(),
                vec![g.span],
                attrs(
                    json!({"goal_type": t, "part": part, "statement": text_of(self.chars, g.span)}),
                ),
            );
            ids.push(id);
        }
        ids
    }

    fn indicators(&mut self, inds: &[plan::Indicator], goals: &[plan::Goal], goal_ids: &[String]) {
        for ind in inds {
            let id = format!(
                "indicator:{}-{}",
                ind.span[0],
                ind.value
                    .map(|v| v.to_string())
                    .unwrap_or_else(|| "missing".into())
            );
            let value = ind.value.map(|v| json!(v)).unwrap_or(Value::Null);
            let mut a = attrs(
                json!({"value": value, "unit": ind.unit, "period": ind.period, "missing_value": ind.missing}),
            );
            if let Some(mx) = ind.value_max {
                a.insert("value_max".into(), json!(mx));
            }
            self.node(
                id.clone(),
                NodeKind::Indicator,
                ind.label.clone(),
                vec![ind.span],
                a,
            );
            if let Some(gi) = goals.iter().position(|g| {
                g.span[0] <= ind.span[0]
                    && ind.span[1] <= g.span[1]
                    && g.kind != plan::GoalType::Heading
            }) {
                let gid = goal_ids[gi].clone();
                self.edge(
                    &id,
                    &gid,
                    EdgeKind::Quantifies,
                    0.9,
                    Basis::Text,
                    vec![ind.span],
                );
            }
        }
    }

    fn regions(&mut self, regs: &[crate::extract::RegionHit], places: &regions::Places) {
        for r in regs {
            let id = region_id(&r.label);
            let a = match &r.code {
                Some(code) => json!({"level": r.level.as_str(), "code": code}),
                None => json!({"level": r.level.as_str()}),
            };
            let i = self.node(
                id,
                NodeKind::Region,
                r.label.clone(),
                r.mentions.clone(),
                attrs(a),
            );
            self.g.nodes[i].aliases = r.aliases.clone();
        }
        for r in regs {
            let rid = region_id(&r.label);
            if let Some(parent) = &r.parent {
                let pid = region_id(parent);
                if self.index.contains_key(&pid) {
                    self.edge(&rid, &pid, EdgeKind::Within, 1.0, Basis::Structure, vec![]);
                }
            }
            // areas that span counties (中心城区, 嘉兴港 …) lie within each of them
            if matches!(r.level, RegionLevel::Place | RegionLevel::Town) {
                let counties = places.units_of(&r.label);
                if counties.len() > 1 {
                    let w = 1.0 / counties.len() as f64;
                    for c in counties {
                        let cid = region_id(&c);
                        if self.index.contains_key(&cid) && r.parent.as_deref() != Some(c.as_str())
                        {
                            self.edge(&rid, &cid, EdgeKind::Within, w, Basis::Structure, vec![]);
                        }
                    }
                }
            }
        }
    }

    fn entities(
        &mut self,
        ents: &[EntityHit],
        attrs_: &[crate::extract::Attribution],
        places: &regions::Places,
    ) {
        for e in ents {
            let id = entity_id(e.kind, &e.label);
            let i = self.node(id, e.kind, e.label.clone(), e.mentions.clone(), Map::new());
            for a in &e.aliases {
                if !self.g.nodes[i].aliases.contains(a) && *a != e.label {
                    self.g.nodes[i].aliases.push(a.clone());
                }
            }
        }
        // a town or place also places the entity in its county (乌镇 → 桐乡市),
        // through the lexicon, so `regions` always names the county-level units
        let mut all: Vec<crate::extract::Attribution> = Vec::new();
        for a in attrs_ {
            all.push(a.clone());
            let counties = places.units_of(&a.region);
            if !counties.contains(&a.region) {
                for c in counties {
                    all.push(crate::extract::Attribution {
                        region: c,
                        basis: RegionBasis::Lexicon,
                        confidence: a.confidence * 0.95,
                        ..a.clone()
                    });
                }
            }
        }
        for a in &all {
            let Some(e) = ents.get(a.entity) else {
                continue;
            };
            let eid = entity_id(e.kind, &e.label);
            let rid = region_id(&a.region);
            if !self.index.contains_key(&rid) {
                continue;
            }
            let i = self.index[&eid];
            if self.g.nodes[i].regions.iter().any(|r| r.region == rid) {
                continue;
            }
            self.g.nodes[i].regions.push(RegionRef {
                region: rid.clone(),
                basis: a.basis,
                confidence: a.confidence,
            });
            let basis = match a.basis {
                RegionBasis::Text => Basis::Text,
                RegionBasis::Lexicon | RegionBasis::Jurisdiction => Basis::Structure,
                RegionBasis::Curated => Basis::Curated,
            };
            self.edge(
                &eid,
                &rid,
                EdgeKind::LocatedIn,
                a.confidence,
                basis,
                a.evidence.clone(),
            );
        }
    }

    /// measure/goal → entity or region, for every mention inside its span.
    fn mentions(&mut self, ms: &[plan::Measure], goals: &[plan::Goal], goal_ids: &[String]) {
        let mut holders: Vec<(Span, String)> = ms
            .iter()
            .zip(&self.measure_ids)
            .map(|(m, id)| (m.span, id.clone()))
            .collect();
        holders.extend(
            goals
                .iter()
                .zip(goal_ids)
                .filter(|(g, _)| g.kind != plan::GoalType::Heading)
                .map(|(g, id)| (g.span, id.clone())),
        );
        holders.sort();
        let targets: Vec<(String, Vec<Span>)> = self
            .g
            .nodes
            .iter()
            .filter(|n| NodeKind::ENTITIES.contains(&n.kind) || n.kind == NodeKind::Region)
            .map(|n| (n.id.clone(), n.mentions.clone()))
            .collect();
        let mut seen: BTreeMap<(String, String), Vec<Span>> = BTreeMap::new();
        for (tid, mentions) in targets {
            for m in mentions {
                // binary search the holder containing m
                let idx = holders.partition_point(|(s, _)| s[0] <= m[0]);
                for (s, hid) in holders[..idx].iter().rev().take(3) {
                    if s[0] <= m[0] && m[1] <= s[1] {
                        seen.entry((hid.clone(), tid.clone())).or_default().push(m);
                    }
                }
            }
        }
        for ((h, t), ev) in seen {
            self.edge(&h, &t, EdgeKind::Mentions, 1.0, Basis::Text, ev);
        }
        // a measure that names a strategy implements it
        let strategies: Vec<String> = self
            .g
            .nodes
            .iter()
            .filter(|n| n.kind == NodeKind::Strategy)
            .map(|n| n.id.clone())
            .collect();
        let impl_edges: Vec<Edge> = self
            .g
            .edges
            .iter()
            .filter(|e| {
                e.kind == EdgeKind::Mentions
                    && e.source.starts_with("measure:")
                    && strategies.contains(&e.target)
            })
            .map(|e| Edge {
                kind: EdgeKind::Implements,
                weight: 0.9,
                basis: Basis::Text,
                ..e.clone()
            })
            .collect();
        self.g.edges.extend(impl_edges);
    }

    fn source_id(&self, f: From) -> Option<String> {
        match f {
            From::Part(p) => self.parts.get(p).cloned(),
            From::Section(p, s) => self.sections.get(&(p, s)).cloned(),
        }
    }

    /// Edges of the goal links `gl` (goal → section) and of the links found
    /// here from sections to the strategies among `ents`.
    fn links(
        &mut self,
        corpus: &links::Corpus,
        o: &Outline,
        gl: Vec<Link>,
        goal_ids: &[String],
        ents: &[EntityHit],
    ) {
        for l in gl {
            if let Some(src) = self.source_id(l.from) {
                self.edge(
                    &src,
                    &goal_ids[l.to].clone(),
                    EdgeKind::Supports,
                    l.weight,
                    l.basis,
                    l.evidence,
                );
            }
        }
        let strategies: Vec<&EntityHit> = ents
            .iter()
            .filter(|e| e.kind == NodeKind::Strategy)
            .collect();
        let input: Vec<(String, Vec<Span>)> = strategies
            .iter()
            .map(|e| (e.label.clone(), e.mentions.clone()))
            .collect();
        for l in links::strategy_links_in(corpus, self.chars, o, &input) {
            if let Some(src) = self.source_id(l.from) {
                let tid = entity_id(NodeKind::Strategy, &strategies[l.to].label);
                self.edge(
                    &src,
                    &tid,
                    EdgeKind::Implements,
                    l.weight,
                    l.basis,
                    l.evidence,
                );
            }
        }
    }

    fn finish(&mut self) {
        for n in &mut self.g.nodes {
            n.mentions.sort();
            n.mentions.dedup();
        }
        // drop edges whose ends do not exist, and duplicates
        let ids: std::collections::HashSet<&str> =
            self.g.nodes.iter().map(|n| n.id.as_str()).collect();
        let mut seen = std::collections::HashSet::new();
        self.g.edges.retain(|e| {
            ids.contains(e.source.as_str())
                && ids.contains(e.target.as_str())
                && seen.insert((e.source.clone(), e.target.clone(), e.kind))
        });
        self.g.diagnostics.sort_by_key(|d| (d.span[0], d.span[1]));
    }
}
