//! The one API the desktop app, the CLI and the tests share.
//!
//! A [`Session`] owns an open database and the graph loaded from it, and
//! answers everything the explorer asks: the map ([`Session::view_graph`]),
//! filters ([`Session::trace`], [`Session::counties`], [`Session::cell`],
//! [`Session::focus`]), the county lens, evidence, outline, search, gaps and
//! exports. Every request and response type here is the IPC contract: they
//! derive `ts_rs::TS`, and `tests/bindings.rs` regenerates
//! `ui/src/bindings.ts` from them and fails when the committed file is stale.
//!
//! Tauri commands are thin adapters: validate nothing themselves, call one
//! method here, map [`Error`] to [`ApiError`].
//!
//! ```no_run
//! # fn main() -> planmap::Result<()> {
//! let dir = std::env::temp_dir().join("planmap-doc");
//! let opened = planmap::api::Session::open_or_build(&dir.join("planmap.db"), &mut |_| {})?;
//! let s = opened.session;
//! let jiashan = s.counties(&["嘉善县".to_string()])?;
//! assert!(jiashan.nodes.iter().any(|id| id.contains("祥符荡")));
//! # Ok(()) }
//! ```

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::export;
use crate::extract::regions;
use crate::graph::{sentence_around, PlanGraph, MAX_DEPTH};
use crate::model::*;
use crate::pipeline::{build_bytes, BuildOptions, DEFAULT_PLAN, DEFAULT_PLAN_NAME};
use crate::store::{HitKind, LibraryDoc, Store, MAX_QUERY_CHARS};

/// Longest node id, name or reference accepted from the UI, in characters.
pub const MAX_ID_CHARS: usize = 500;
/// Most ids accepted in one request.
pub const MAX_IDS: usize = 100_000;
/// Largest plan file the app imports, in bytes (the decoder's own limit).
pub const MAX_IMPORT_BYTES: usize = crate::decode::MAX_INPUT_BYTES as usize;
/// Most search results returned.
pub const MAX_SEARCH_RESULTS: usize = 200;

// ───────────────────────────── errors ─────────────────────────────

/// What kind of failure an [`ApiError`] is; the UI branches on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum ErrorCode {
    /// An id or name that matches nothing.
    NotFound,
    /// A request argument out of range or malformed.
    Invalid,
    /// A file that is not a readable plan (empty, binary, undecodable, too large).
    BadInput,
    /// The database or data folder failed.
    Storage,
    /// No graph is loaded yet.
    NoGraph,
    /// Rendering an export failed.
    Export,
    /// The user cancelled a dialog.
    Cancelled,
    /// Anything else.
    Internal,
}

/// The error every command returns: a fixed `{code, message}` shape.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, thiserror::Error)]
#[error("{message}")]
pub struct ApiError {
    /// Machine-readable kind.
    pub code: ErrorCode,
    /// One line for the user.
    pub message: String,
}

impl ApiError {
    /// An error with a code and message.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> ApiError {
        ApiError {
            code,
            message: message.into(),
        }
    }
}

impl From<Error> for ApiError {
    fn from(e: Error) -> ApiError {
        let code = match &e {
            Error::NotFound(_) => ErrorCode::NotFound,
            Error::Invalid(_) => ErrorCode::Invalid,
            Error::Empty | Error::Binary(_) | Error::Undecodable | Error::TooLarge { .. } => {
                ErrorCode::BadInput
            }
            Error::Io { .. } => ErrorCode::BadInput,
            Error::Db(_) | Error::BadDatabase { .. } | Error::Storage { .. } => ErrorCode::Storage,
            Error::NoGraph(_) => ErrorCode::NoGraph,
            Error::Render(_) => ErrorCode::Export,
            _ => ErrorCode::Internal,
        };
        ApiError::new(code, e.to_string())
    }
}

// ───────────────────────────── contract types ─────────────────────────────

/// Progress of a long operation (an event payload).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Progress {
    /// Stage name: `read`, `parse`, `extract`, `nodes`, `edges`, `index`, `install`, `load`, `done`.
    pub stage: String,
    /// 0.0–1.0.
    pub fraction: f32,
}

/// What the app shows in its header and legend.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Overview {
    /// Document title.
    pub title: String,
    /// File the text came from.
    pub source: String,
    /// Length of the text in characters.
    pub chars: usize,
    /// Node count.
    pub nodes: usize,
    /// Edge count.
    pub edges: usize,
    /// Per node kind: count and drawing style (one palette for screen and export).
    pub kinds: Vec<KindInfo>,
    /// Restored masked characters.
    pub restored: usize,
    /// Masked characters left as `*`.
    pub masked: usize,
    /// Places where a numeral is missing.
    pub missing_numerals: usize,
    /// Where the database lives.
    pub db_path: String,
    /// Set when opening had to do something the user should know (a rebuilt database).
    pub notice: Option<String>,
}

/// One node kind in the legend.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct KindInfo {
    /// The kind.
    pub kind: NodeKind,
    /// Nodes of this kind.
    pub count: usize,
    /// How it is drawn.
    pub style: crate::render::KindStyle,
}

/// The whole graph in the shape the map draws.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ViewGraph {
    /// Nodes.
    pub nodes: Vec<ViewNode>,
    /// Edges.
    pub edges: Vec<ViewEdge>,
}

/// A node on the map.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ViewNode {
    /// Stable id.
    pub id: String,
    /// Kind.
    pub kind: NodeKind,
    /// Label.
    pub label: String,
    /// For measures: the section that contains them (measures collapse into it).
    pub parent: Option<String>,
    /// Number of the part the node belongs to (parts, sections, measures, part goals).
    pub part: Option<String>,
    /// County-level units the node is located in.
    pub counties: Vec<String>,
    /// Extracted or curated (node itself, or any of its region attributions).
    pub curated: bool,
    /// In + out degree.
    pub degree: usize,
}

/// An edge on the map.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ViewEdge {
    /// `e<index>`: stable for one database.
    pub id: String,
    /// Source node id.
    pub source: String,
    /// Target node id.
    pub target: String,
    /// Kind.
    pub kind: EdgeKind,
    /// Why it exists.
    pub basis: Basis,
    /// 0.0–1.0.
    pub weight: f64,
}

/// The answer to a filter: what stays visible.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Selection {
    /// A short description of the filter (for titles and exports).
    pub label: String,
    /// Node ids, sorted.
    pub nodes: Vec<String>,
    /// Edge ids (`e<index>`).
    pub edges: Vec<String>,
}

/// One hop of a shortest path.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PathHop {
    /// Node id.
    pub node: String,
    /// Node label.
    pub label: String,
    /// Node kind.
    pub kind: NodeKind,
    /// The edge to the next hop (none on the last).
    pub edge: Option<String>,
    /// That edge's kind.
    pub edge_kind: Option<EdgeKind>,
    /// That edge's evidence sentence.
    pub evidence: Option<Passage>,
}

/// The county lens: the schematic map and the county × part matrix.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CountyLens {
    /// Whose plan it is: the lens shows its direct subdivisions (a city's
    /// counties, a province's cities, a county's towns, the provinces).
    pub scope: Option<crate::model::Jurisdiction>,
    /// The subdivisions (county-level units for a city's plan).
    pub counties: Vec<CountyCell>,
    /// Matrix columns: the parts (`part:三` ids).
    pub columns: Vec<LensColumn>,
    /// `matrix[county][column]`: measures of that part naming something located in that county.
    pub matrix: Vec<Vec<usize>>,
}

/// One county on the schematic map.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CountyCell {
    /// Region node id (`region:嘉善县`), or empty when the plan never names it.
    pub id: String,
    /// Name.
    pub name: String,
    /// Name without its administrative suffix, for small tiles (成都, 阿坝).
    pub short: String,
    /// Division code.
    pub code: String,
    /// Schematic position, 0–1 (x east, y south), tiles not overlapping.
    pub x: f64,
    /// See `x`.
    pub y: f64,
    /// Measures naming something located there.
    pub measures: usize,
    /// Projects located there.
    pub projects: usize,
    /// Platforms located there.
    pub platforms: usize,
}

/// A matrix column.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LensColumn {
    /// Part node id.
    pub id: String,
    /// Part number (一, 二 …).
    pub number: String,
    /// Part title.
    pub title: String,
}

/// A marked place in a passage.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Mark {
    /// Start, in characters from the passage start.
    pub start: usize,
    /// End (exclusive).
    pub end: usize,
    /// `mention`, `restored-char`, `masked-char` or `missing-numeral`.
    pub code: String,
    /// What to show on hover (for a restored character: the original `*`).
    pub note: String,
}

/// A source passage with its marks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Passage {
    /// `[start, end)` in the document, in characters.
    pub span: Span,
    /// The passage text (insert as text, never as HTML).
    pub text: String,
    /// Marks, sorted by start.
    pub marks: Vec<Mark>,
    /// The deepest outline node containing the passage (section or part), if any.
    pub within: Option<String>,
}

/// A region attribution as the reader shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RegionView {
    /// Region node id.
    pub id: String,
    /// Region label.
    pub label: String,
    /// Text, lexicon or curated.
    pub basis: RegionBasis,
    /// 0.0–1.0.
    pub confidence: f64,
}

/// A neighbour of a node, for the reader's link list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LinkView {
    /// Edge id.
    pub edge: String,
    /// Edge kind.
    pub kind: EdgeKind,
    /// Whether the edge leaves this node.
    pub outgoing: bool,
    /// The other node's id.
    pub other: String,
    /// The other node's label.
    pub label: String,
    /// The other node's kind.
    pub other_kind: NodeKind,
    /// Basis of the edge.
    pub basis: Basis,
}

/// Everything the evidence reader shows for a node.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct NodeEvidence {
    /// Id.
    pub id: String,
    /// Kind.
    pub kind: NodeKind,
    /// Label.
    pub label: String,
    /// Aliases.
    pub aliases: Vec<String>,
    /// Extracted or curated.
    pub origin: Origin,
    /// Region attributions.
    pub regions: Vec<RegionView>,
    /// Kind-specific attributes as `key: value` lines.
    pub attrs: Vec<(String, String)>,
    /// Source passages (one per mention, merged when they share a sentence).
    pub passages: Vec<Passage>,
    /// Links to other nodes (at most 200).
    pub links: Vec<LinkView>,
}

/// Everything the evidence reader shows for an edge.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EdgeEvidence {
    /// Edge id.
    pub id: String,
    /// Kind.
    pub kind: EdgeKind,
    /// Source id and label.
    pub source: String,
    /// Source label.
    pub source_label: String,
    /// Target id.
    pub target: String,
    /// Target label.
    pub target_label: String,
    /// Why it exists.
    pub basis: Basis,
    /// Score 0–1.
    pub weight: f64,
    /// A sentence saying why, in words.
    pub why: String,
    /// Evidence passages.
    pub passages: Vec<Passage>,
}

/// An entry of the outline tree.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OutlineEntry {
    /// Node id (part or section).
    pub id: String,
    /// Number (三, 三.一).
    pub number: String,
    /// Title.
    pub title: String,
    /// Sections of a part.
    pub children: Vec<OutlineEntry>,
}

/// One search result: a node, or a passage of text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SearchResult {
    /// `node` or `passage`.
    pub hit: String,
    /// The node (node hits), or the node whose passage this is (passage hits).
    pub node: Option<String>,
    /// Label of that node.
    pub label: Option<String>,
    /// Kind of that node.
    pub kind: Option<NodeKind>,
    /// The matched text in its context.
    pub snippet: String,
    /// Where in the document.
    pub span: Span,
}

/// A document of the library (one database holds many).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DocumentInfo {
    /// Library id (`d1`, `d2` …): what [`Session::open_document`] takes.
    pub id: String,
    /// Title found in the text.
    pub title: String,
    /// The file it came from.
    pub source: String,
    /// Length of the text in characters.
    pub chars: usize,
    /// Nodes in its graph.
    pub nodes: usize,
    /// Edges in its graph.
    pub edges: usize,
    /// Whether it is the document the session answers on.
    pub current: bool,
}

/// A search result of the all-documents search.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LibraryResult {
    /// The library document (`d1` …) it is in.
    pub doc: String,
    /// The result; `node`, `label` and `kind` of a passage hit are filled
    /// only for the open document.
    pub result: SearchResult,
}

/// One item of the gap report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct GapItem {
    /// `goal-without-support`, `entity-without-region`, `measure-without-mentions`,
    /// `entity-without-measure`, `section-without-measures`, `masked-char`, `missing-numeral`.
    pub category: String,
    /// The node to show (for text gaps: the section holding the place).
    pub node: Option<String>,
    /// What to list.
    pub label: String,
    /// The place in the text, when the gap is textual.
    pub span: Option<Span>,
}

/// Data export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum DataFormat {
    /// The planmap-graph JSON contract.
    Json,
    /// GraphML.
    Graphml,
    /// GEXF 1.3.
    Gexf,
    /// Two CSV tables (nodes, edges).
    Csv,
}

/// Image export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum ImageFormat {
    /// PNG at a scale of 1–4.
    Png,
    /// SVG (text kept as text).
    Svg,
    /// PDF.
    Pdf,
}

/// A file an export produces.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportFile {
    /// Suffix appended to the chosen file stem (`""`, or `.edges` for the second CSV table).
    pub suffix: &'static str,
    /// The bytes.
    pub bytes: Vec<u8>,
}

/// A saved view: filters, focus, layout, positions and selection under a name.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct ViewState {
    /// Name (1–100 characters); `""` for the automatic last-session view.
    pub name: String,
    /// Layout name (`strategy`, `force`, `focus`).
    pub layout: String,
    /// Selected counties.
    pub counties: Vec<String>,
    /// Traced goal or strategy.
    pub trace: Option<String>,
    /// Focused node.
    pub focus: Option<String>,
    /// Focus depth.
    pub depth: u32,
    /// Matrix cell `[county, part id]`.
    pub cell: Option<(String, String)>,
    /// Hidden node kinds.
    pub hidden_kinds: Vec<NodeKind>,
    /// Measures collapsed into their sections.
    pub collapsed: bool,
    /// Selected node ids.
    pub selection: Vec<String>,
    /// Node positions.
    pub positions: Vec<NodePos>,
    /// Zoom level.
    pub zoom: f64,
    /// Pan offset.
    pub pan: [f64; 2],
    /// UI language (`zh`, `en`).
    pub lang: String,
    /// The library document the view was taken on (`d1`, `d2`, …), so the
    /// app reopens on it; absent in views saved before the library.
    pub doc: Option<String>,
}

/// A node position in a saved view.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct NodePos {
    /// Node id.
    pub id: String,
    /// x.
    pub x: f64,
    /// y.
    pub y: f64,
}

// ───────────────────────────── validation ─────────────────────────────

/// Check a node reference from the UI.
pub fn check_ref(what: &str, s: &str) -> Result<()> {
    let n = s.chars().count();
    if n == 0 || n > MAX_ID_CHARS {
        return Err(Error::Invalid(format!(
            "{what} must be 1–{MAX_ID_CHARS} characters (got {n})"
        )));
    }
    Ok(())
}

fn check_ids(what: &str, ids: &[String]) -> Result<()> {
    if ids.len() > MAX_IDS {
        return Err(Error::Invalid(format!(
            "too many {what}: {} (limit {MAX_IDS})",
            ids.len()
        )));
    }
    ids.iter().try_for_each(|i| check_ref(what, i))
}

fn edge_id(i: usize) -> String {
    format!("e{i}")
}

fn parse_edge_id(s: &str) -> Option<usize> {
    s.strip_prefix('e')?.parse().ok()
}

// ───────────────────────────── the session ─────────────────────────────

/// A search query trimmed; `None` when empty, an error when too long.
fn search_query(query: &str) -> Result<Option<&str>> {
    let q = query.trim();
    let n = q.chars().count();
    if n > MAX_QUERY_CHARS {
        return Err(Error::Invalid(format!(
            "a search is at most {MAX_QUERY_CHARS} characters (got {n})"
        )));
    }
    Ok((n > 0).then_some(q))
}

/// [`Error::TooLarge`] for a plan over the import limit.
fn check_import_size(bytes: &[u8]) -> Result<()> {
    if bytes.len() > MAX_IMPORT_BYTES {
        return Err(Error::TooLarge {
            size: bytes.len() as u64,
            limit: MAX_IMPORT_BYTES as u64,
        });
    }
    Ok(())
}

/// Build a plan being imported (size limit first), reporting the parse stage.
fn build_for_import(
    bytes: &[u8],
    name: &str,
    progress: &mut dyn FnMut(Progress),
) -> Result<crate::pipeline::Built> {
    check_import_size(bytes)?;
    progress(Progress {
        stage: "parse".into(),
        fraction: 0.05,
    });
    build_bytes(bytes, name, &BuildOptions::default())
}

/// An open database and its graph.
#[derive(Debug)]
pub struct Session {
    db: PathBuf,
    store: Option<Store>,
    /// The library document the graph is (`d1` …).
    doc: String,
    graph: PlanGraph,
    chars: HashMap<String, Vec<char>>,
    notice: Option<String>,
}

/// The result of [`Session::open_or_build`].
#[derive(Debug)]
pub struct Opened {
    /// The session.
    pub session: Session,
    /// Whether the database was (re)built from the shipped plan.
    pub built: bool,
}

impl Session {
    /// Open the database at `db`; when it does not exist, build it from the
    /// shipped plan first. A corrupt database is moved aside (never deleted)
    /// to `<name>.corrupt-<unix time>`, rebuilt from the shipped plan, and the
    /// session carries a notice saying so.
    pub fn open_or_build(db: &Path, progress: &mut dyn FnMut(Progress)) -> Result<Opened> {
        progress(Progress {
            stage: "load".into(),
            fraction: 0.0,
        });
        match Store::open(db) {
            Ok(store) => {
                let s = Session::from_store(db, store, None)?;
                progress(Progress {
                    stage: "done".into(),
                    fraction: 1.0,
                });
                Ok(Opened {
                    session: s,
                    built: false,
                })
            }
            Err(Error::NoGraph(_)) => {
                build_into(db, DEFAULT_PLAN, DEFAULT_PLAN_NAME, progress)?;
                Ok(Opened {
                    session: Session::open_existing(db, None)?,
                    built: true,
                })
            }
            Err(Error::BadDatabase { reason, .. }) => {
                let aside = aside_name(db);
                std::fs::rename(db, &aside).map_err(|source| Error::Storage {
                    path: db.to_path_buf(),
                    source,
                })?;
                build_into(db, DEFAULT_PLAN, DEFAULT_PLAN_NAME, progress)?;
                let notice = format!(
                    "the database was damaged ({reason}); it was moved to {} and rebuilt from the shipped plan",
                    aside.display()
                );
                Ok(Opened {
                    session: Session::open_existing(db, Some(notice))?,
                    built: true,
                })
            }
            Err(e) => Err(e),
        }
    }

    /// Open an existing database and never build, replace or create one:
    /// the part of [`Session::open_or_build`] that can run ahead of time,
    /// silently (the app does it while its window starts). A missing or bad
    /// database is an error here and left as it is, for `open_or_build` to
    /// handle with its progress and notices.
    pub fn open_existing_only(db: &Path) -> Result<Session> {
        if !db.is_file() {
            return Err(Error::NoGraph(db.to_path_buf()));
        }
        Session::open_existing(db, None)
    }

    fn open_existing(db: &Path, notice: Option<String>) -> Result<Session> {
        let store = Store::open(db)?;
        Session::from_store(db, store, notice)
    }

    fn from_store(db: &Path, store: Store, notice: Option<String>) -> Result<Session> {
        let doc = store.first_document()?;
        let data = store.load_document_graph(&doc)?;
        let chars = chars_of(&data);
        Ok(Session {
            db: db.to_path_buf(),
            store: Some(store),
            doc,
            graph: PlanGraph::new(data),
            chars,
            notice,
        })
    }

    fn store(&self) -> Result<&Store> {
        self.store
            .as_ref()
            .ok_or_else(|| Error::NoGraph(self.db.clone()))
    }

    /// The documents of the library, in the order they were added.
    pub fn documents(&self) -> Result<Vec<DocumentInfo>> {
        Ok(self
            .store()?
            .documents()?
            .into_iter()
            .map(|d| self.info(d))
            .collect())
    }

    fn info(&self, d: LibraryDoc) -> DocumentInfo {
        DocumentInfo {
            current: d.id == self.doc,
            id: d.id,
            title: d.title,
            source: d.source,
            chars: d.chars,
            nodes: d.nodes,
            edges: d.edges,
        }
    }

    /// The library document the session answers on (`d1` …).
    pub fn current_document(&self) -> &str {
        &self.doc
    }

    /// Switch to library document `doc` (`d2` or `2`): every query then
    /// answers on its graph. Only that document is read. An unknown document
    /// is [`Error::NotFound`] and leaves the session as it was.
    pub fn open_document(&mut self, doc: &str) -> Result<()> {
        check_ref("a document", doc)?;
        let store = self.store()?;
        let data = store.load_document_graph(doc)?;
        let id = store
            .documents_id(doc)
            .unwrap_or_else(|| doc.trim().to_string());
        self.chars = chars_of(&data);
        self.graph = PlanGraph::new(data);
        self.doc = id;
        Ok(())
    }

    /// Add a plan read from `bytes` to the library and switch to it. The
    /// graph is built first and appended in one transaction: a file that
    /// cannot be read, or a failed write, leaves the database and the
    /// session exactly as they were.
    pub fn add_document(
        &mut self,
        bytes: &[u8],
        name: &str,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<DocumentInfo> {
        check_import_size(bytes)?;
        progress(Progress {
            stage: "parse".into(),
            fraction: 0.05,
        });
        let store = self
            .store
            .as_mut()
            .ok_or_else(|| Error::NoGraph(self.db.clone()))?;
        let (added, graph) =
            crate::pipeline::add_bytes(store, bytes, name, &BuildOptions::default())?;
        self.chars = chars_of(&graph);
        self.graph = PlanGraph::new(graph);
        self.doc = added.id.clone();
        progress(Progress {
            stage: "done".into(),
            fraction: 1.0,
        });
        Ok(self.info(added))
    }

    /// One step of the library's index upkeep after an add (see
    /// [`Store::upkeep_step`]); `false` when nothing is left to do. The app
    /// runs it in the background, releasing the session between steps.
    pub fn upkeep_step(&mut self) -> Result<bool> {
        match self.store.as_mut() {
            Some(store) => Ok(store.upkeep_step()?),
            None => Ok(false),
        }
    }

    /// Replace the map with a plan read from `bytes`. The new graph is built
    /// first; if the text cannot be read the session (and its database) stay
    /// exactly as they were. The database is replaced atomically.
    pub fn import(
        &mut self,
        bytes: &[u8],
        name: &str,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<()> {
        let built = build_for_import(bytes, name, progress)?;
        // Close our connection before the file is replaced under it.
        self.store = None;
        let written = Store::write_with_progress(&self.db, &built.graph, &mut |stage, f| {
            progress(Progress {
                stage: stage.to_string(),
                fraction: 0.1 + 0.85 * f,
            })
        });
        let reopened = Store::open(&self.db);
        match (written, reopened) {
            (Ok(()), Ok(store)) => {
                *self = Session::from_store(&self.db, store, None)?;
                progress(Progress {
                    stage: "done".into(),
                    fraction: 1.0,
                });
                Ok(())
            }
            (Err(e), Ok(store)) => {
                self.store = Some(store);
                Err(e)
            }
            (_, Err(e)) => Err(e),
        }
    }

    /// The graph.
    pub fn graph(&self) -> &PlanGraph {
        &self.graph
    }

    /// The database path.
    pub fn db_path(&self) -> &Path {
        &self.db
    }

    /// Header and legend facts.
    pub fn overview(&self) -> Overview {
        let data = &self.graph.data;
        let doc = data.documents.first();
        let count = |code: &str| data.diagnostics.iter().filter(|d| d.code == code).count();
        Overview {
            title: doc.map(|d| d.title.clone()).unwrap_or_default(),
            source: doc.map(|d| d.source.clone()).unwrap_or_default(),
            chars: doc.map(|d| d.chars).unwrap_or(0),
            nodes: data.nodes.len(),
            edges: data.edges.len(),
            kinds: NodeKind::ALL
                .iter()
                .map(|k| KindInfo {
                    kind: *k,
                    count: data.nodes.iter().filter(|n| n.kind == *k).count(),
                    style: crate::render::kind_style(*k),
                })
                .collect(),
            restored: count("restored-char"),
            masked: count("masked-char"),
            missing_numerals: count("missing-numeral"),
            db_path: self.db.display().to_string(),
            notice: self.notice.clone(),
        }
    }

    /// Whose plan the open document is: as stored, or, for a document
    /// stored before jurisdictions were (schema 3 and older), read again
    /// from its stored text.
    fn jurisdiction(&self) -> Option<crate::model::Jurisdiction> {
        let d = self.graph.data.documents.first()?;
        d.jurisdiction
            .clone()
            .or_else(|| regions::detect_jurisdiction(&d.text).map(regions::Jurisdiction::to_model))
    }

    /// The lens units of the open document: its jurisdiction's direct
    /// subdivisions (a city's counties, a province's cities, a county's
    /// towns, the country's provinces), in code order.
    fn lens_units(&self) -> Vec<LensUnit> {
        let g = crate::gazetteer::Gazetteer::get();
        let Some(j) = self
            .jurisdiction()
            .as_ref()
            .and_then(regions::Jurisdiction::from_model)
        else {
            return Vec::new();
        };
        let of = match j {
            regions::Jurisdiction::National => None,
            regions::Jurisdiction::Unit(u) => Some(u),
        };
        g.subdivisions(of)
            .into_iter()
            .map(|u| {
                let unit = g.unit(u);
                LensUnit {
                    name: unit.name.to_string(),
                    short: unit.short_name().unwrap_or(unit.name).to_string(),
                    code: unit.code_str(),
                    seat: unit.seat.map(|s| [f64::from(s[0]), f64::from(s[1])]),
                }
            })
            .collect()
    }

    /// For every region node, the lens units it lies in (through `within`
    /// edges: 乌镇镇 → 桐乡市; 中心城区 → 南湖区 and 秀洲区).
    fn units_by_region(&self, units: &[LensUnit]) -> HashMap<String, Vec<String>> {
        let data = &self.graph.data;
        let unit_ids: HashMap<String, &str> = units
            .iter()
            .map(|u| (crate::pipeline::region_id(&u.name), u.name.as_str()))
            .collect();
        let mut up: HashMap<&str, Vec<&str>> = HashMap::new();
        for e in data.edges.iter().filter(|e| e.kind == EdgeKind::Within) {
            up.entry(e.source.as_str())
                .or_default()
                .push(e.target.as_str());
        }
        let mut out = HashMap::new();
        for n in data.nodes.iter().filter(|n| n.kind == NodeKind::Region) {
            let mut found: Vec<String> = Vec::new();
            let mut stack = vec![n.id.as_str()];
            let mut seen: HashSet<&str> = HashSet::new();
            while let Some(r) = stack.pop() {
                if !seen.insert(r) {
                    continue;
                }
                if let Some(u) = unit_ids.get(r) {
                    found.push(u.to_string());
                    continue;
                }
                stack.extend(up.get(r).into_iter().flatten().copied());
            }
            found.sort();
            found.dedup();
            out.insert(n.id.clone(), found);
        }
        out
    }

    fn county_ids_of(&self, n: &Node, by_region: &HashMap<String, Vec<String>>) -> Vec<String> {
        let mut out: Vec<String> = n
            .regions
            .iter()
            .chain(std::iter::once(&RegionRef {
                region: n.id.clone(),
                basis: RegionBasis::Text,
                confidence: 1.0,
            }))
            .filter_map(|r| by_region.get(&r.region))
            .flatten()
            .cloned()
            .collect();
        out.sort();
        out.dedup();
        out
    }

    /// The map's nodes and edges.
    pub fn view_graph(&self) -> ViewGraph {
        let data = &self.graph.data;
        let by_region = self.units_by_region(&self.lens_units());
        let mut parent: HashMap<&str, &str> = HashMap::new();
        let mut degree: HashMap<&str, usize> = HashMap::new();
        for e in &data.edges {
            *degree.entry(&e.source).or_default() += 1;
            *degree.entry(&e.target).or_default() += 1;
            if e.kind == EdgeKind::Contains && e.target.starts_with("measure:") {
                parent.insert(&e.target, &e.source);
            }
        }
        let nodes = data
            .nodes
            .iter()
            .map(|n| ViewNode {
                id: n.id.clone(),
                kind: n.kind,
                label: n.label.clone(),
                parent: parent.get(n.id.as_str()).map(|s| s.to_string()),
                part: part_of(n),
                counties: self.county_ids_of(n, &by_region),
                curated: n.origin == Origin::Curated
                    || n.regions.iter().any(|r| r.basis == RegionBasis::Curated),
                degree: degree.get(n.id.as_str()).copied().unwrap_or(0),
            })
            .collect();
        let edges = data
            .edges
            .iter()
            .enumerate()
            .map(|(i, e)| ViewEdge {
                id: edge_id(i),
                source: e.source.clone(),
                target: e.target.clone(),
                kind: e.kind,
                basis: e.basis,
                weight: e.weight,
            })
            .collect();
        ViewGraph { nodes, edges }
    }

    fn selection(&self, label: String, sub: crate::graph::Subgraph) -> Selection {
        Selection {
            label,
            nodes: sub.nodes,
            edges: sub.edges.into_iter().map(edge_id).collect(),
        }
    }

    fn selection_of(&self, label: String, keep: &BTreeSet<String>) -> Selection {
        let edges = self
            .graph
            .data
            .edges
            .iter()
            .enumerate()
            .filter(|(_, e)| keep.contains(&e.source) && keep.contains(&e.target))
            .map(|(i, _)| edge_id(i))
            .collect();
        Selection {
            label,
            nodes: keep.iter().cloned().collect(),
            edges,
        }
    }

    /// A goal (or strategy) with everything that supports it, what those name,
    /// and where that is.
    pub fn trace(&self, goal: &str) -> Result<Selection> {
        check_ref("a goal", goal)?;
        let n = self.graph.resolve(goal)?;
        let label = format!("追踪 {}", n.label);
        Ok(self.selection(label, self.graph.trace(&n.id.clone())?))
    }

    /// What is located in any of `counties`, with its chain up to goals and
    /// strategies. An empty list is the whole city.
    pub fn counties(&self, counties: &[String]) -> Result<Selection> {
        check_ids("counties", counties)?;
        if counties.is_empty() {
            let all: BTreeSet<String> =
                self.graph.data.nodes.iter().map(|n| n.id.clone()).collect();
            return Ok(self.selection_of("全市".into(), &all));
        }
        let mut keep = BTreeSet::new();
        let mut names = Vec::new();
        for c in counties {
            let r = self.graph.resolve(c)?;
            names.push(r.label.clone());
            keep.extend(self.graph.county(&r.id.clone())?.nodes);
        }
        Ok(self.selection_of(names.join("、"), &keep))
    }

    /// One cell of the county × part matrix: what of `part` lies in `county`.
    pub fn cell(&self, county: &str, part: &str) -> Result<Selection> {
        check_ref("a county", county)?;
        check_ref("a part", part)?;
        let r = self.graph.resolve(county)?;
        let p = self
            .graph
            .node(part)
            .filter(|n| n.kind == NodeKind::Part)
            .ok_or_else(|| Error::NotFound(part.to_string()))?;
        let pnum = part_of(p);
        let sub: BTreeSet<String> = self
            .graph
            .county(&r.id.clone())?
            .nodes
            .into_iter()
            .collect();
        let data = &self.graph.data;
        let in_part = |id: &str| self.graph.node(id).is_some_and(|n| part_of(n) == pnum);
        let mut keep: BTreeSet<String> = sub
            .iter()
            .filter(|id| {
                self.graph.node(id).is_some_and(|n| {
                    matches!(
                        n.kind,
                        NodeKind::Part | NodeKind::Section | NodeKind::Measure
                    )
                }) && in_part(id)
            })
            .cloned()
            .collect();
        let holders = keep.clone();
        for e in &data.edges {
            if holders.contains(&e.source) && sub.contains(&e.target) {
                match e.kind {
                    EdgeKind::Mentions | EdgeKind::Supports | EdgeKind::Implements => {
                        keep.insert(e.target.clone());
                    }
                    _ => {}
                }
            }
        }
        // the places those entities lie in
        let named = keep.clone();
        for e in &data.edges {
            if named.contains(&e.source)
                && matches!(e.kind, EdgeKind::LocatedIn | EdgeKind::Within)
                && sub.contains(&e.target)
            {
                keep.insert(e.target.clone());
            }
        }
        keep.insert(r.id.clone());
        Ok(self.selection_of(format!("{} × {}", r.label, p.label), &keep))
    }

    /// The `depth`-hop neighbourhood of a node.
    pub fn focus(&self, id: &str, depth: u32) -> Result<Selection> {
        check_ref("a node", id)?;
        if depth as usize > MAX_DEPTH {
            return Err(Error::Invalid(format!(
                "depth {depth} is over the limit of {MAX_DEPTH}"
            )));
        }
        let n = self.graph.resolve(id)?;
        let label = format!("{}（{} 跳）", n.label, depth);
        Ok(self.selection(
            label,
            self.graph.neighbourhood(&n.id.clone(), depth as usize)?,
        ))
    }

    /// The shortest path between two nodes, each hop with its evidence.
    pub fn path(&self, a: &str, b: &str) -> Result<Vec<PathHop>> {
        check_ref("a node", a)?;
        check_ref("a node", b)?;
        let hops = self.graph.path(a, b)?;
        Ok(hops
            .into_iter()
            .filter_map(|(id, e)| {
                let n = self.graph.node(&id)?;
                let edge = e.and_then(|i| self.graph.data.edges.get(i).map(|x| (i, x)));
                Some(PathHop {
                    node: id.clone(),
                    label: n.label.clone(),
                    kind: n.kind,
                    edge: edge.map(|(i, _)| edge_id(i)),
                    edge_kind: edge.map(|(_, x)| x.kind),
                    evidence: edge.and_then(|(_, x)| {
                        let doc = &self.graph.node(&x.source)?.doc;
                        x.evidence.first().map(|sp| self.passage(doc, *sp, &[]))
                    }),
                })
            })
            .collect())
    }

    /// The county lens.
    pub fn lens(&self) -> Result<CountyLens> {
        let data = &self.graph.data;
        let units = self.lens_units();
        let parts: Vec<&Node> = data
            .nodes
            .iter()
            .filter(|n| n.kind == NodeKind::Part)
            .collect();
        let columns: Vec<LensColumn> = parts
            .iter()
            .map(|p| LensColumn {
                id: p.id.clone(),
                number: part_of(p).unwrap_or_default(),
                title: p.label.clone(),
            })
            .collect();
        let positions = schematic(&units.iter().map(|u| u.seat).collect::<Vec<_>>());
        let scope = self.jurisdiction();
        let mut counties = Vec::new();
        let mut matrix = Vec::new();
        for (u, (x, y)) in units.iter().zip(positions) {
            let rid = crate::pipeline::region_id(&u.name);
            let (sub, present) = match self.graph.node(&rid) {
                Some(_) => (self.graph.county(&rid)?.nodes, true),
                None => (Vec::new(), false),
            };
            let kinds: Vec<(&str, NodeKind)> = sub
                .iter()
                .filter_map(|id| self.graph.node(id).map(|n| (id.as_str(), n.kind)))
                .collect();
            let measures: Vec<&str> = kinds
                .iter()
                .filter(|(_, k)| *k == NodeKind::Measure)
                .map(|(id, _)| *id)
                .collect();
            counties.push(CountyCell {
                id: if present { rid } else { String::new() },
                name: u.name.clone(),
                short: u.short.clone(),
                code: u.code.clone(),
                x,
                y,
                measures: measures.len(),
                projects: kinds
                    .iter()
                    .filter(|(_, k)| *k == NodeKind::Project)
                    .count(),
                platforms: kinds
                    .iter()
                    .filter(|(_, k)| *k == NodeKind::Platform)
                    .count(),
            });
            let row = columns
                .iter()
                .map(|c| {
                    measures
                        .iter()
                        .filter(|m| {
                            self.graph
                                .node(m)
                                .is_some_and(|n| part_of(n).as_deref() == Some(c.number.as_str()))
                        })
                        .count()
                })
                .collect();
            matrix.push(row);
        }
        Ok(CountyLens {
            scope,
            counties,
            columns,
            matrix,
        })
    }

    /// The deepest part or section whose span holds `pos`.
    fn within(&self, doc: &str, pos: usize) -> Option<String> {
        let mut best: Option<(&Node, usize)> = None;
        for n in &self.graph.data.nodes {
            if n.doc != doc || !matches!(n.kind, NodeKind::Part | NodeKind::Section) {
                continue;
            }
            let Some(span) = n.attrs.get("span").and_then(|v| {
                let a = v.as_array()?;
                Some([a.first()?.as_u64()? as usize, a.get(1)?.as_u64()? as usize])
            }) else {
                continue;
            };
            if span[0] <= pos && pos < span[1] {
                let len = span[1] - span[0];
                if best.map_or(true, |(_, l)| len < l) {
                    best = Some((n, len));
                }
            }
        }
        best.map(|(n, _)| n.id.clone())
    }

    /// A passage of document `doc` covering `span`'s sentence, with `highlights`
    /// and every diagnostic inside it marked.
    fn passage(&self, doc: &str, span: Span, highlights: &[Span]) -> Passage {
        let empty = Vec::new();
        let chars = self.chars.get(doc).unwrap_or(&empty);
        let sent = sentence_around(chars, span);
        let [s, e] = sent;
        let text: String = chars
            .get(s..e.min(chars.len()))
            .unwrap_or(&[])
            .iter()
            .collect();
        let mut marks = Vec::new();
        for h in highlights {
            if h[0] >= s && h[1] <= e && h[1] > h[0] {
                marks.push(Mark {
                    start: h[0] - s,
                    end: h[1] - s,
                    code: "mention".into(),
                    note: String::new(),
                });
            }
        }
        for d in &self.graph.data.diagnostics {
            if d.span[0] >= s && d.span[1] <= e && d.span[1] >= d.span[0] {
                if !matches!(
                    d.code.as_str(),
                    "restored-char" | "masked-char" | "missing-numeral"
                ) {
                    continue;
                }
                marks.push(Mark {
                    start: d.span[0] - s,
                    end: d.span[1].max(d.span[0] + 1).min(e) - s,
                    code: d.code.clone(),
                    note: d.message.clone(),
                });
            }
        }
        marks.sort_by_key(|m| (m.start, m.end));
        Passage {
            span: sent,
            text,
            marks,
            within: self.within(doc, s),
        }
    }

    /// The evidence reader's view of a node.
    pub fn node_evidence(&self, id: &str) -> Result<NodeEvidence> {
        check_ref("a node", id)?;
        let n = self
            .graph
            .node(id)
            .ok_or_else(|| Error::NotFound(id.to_string()))?;
        let mut passages: Vec<Passage> = Vec::new();
        for m in &n.mentions {
            let p = self.passage(&n.doc, *m, &n.mentions);
            if !passages.iter().any(|q| q.span == p.span) {
                passages.push(p);
            }
            if passages.len() >= 50 {
                break;
            }
        }
        let regions = n
            .regions
            .iter()
            .map(|r| RegionView {
                id: r.region.clone(),
                label: self
                    .graph
                    .node(&r.region)
                    .map(|x| x.label.clone())
                    .unwrap_or_else(|| r.region.clone()),
                basis: r.basis,
                confidence: r.confidence,
            })
            .collect();
        let attrs = n
            .attrs
            .iter()
            .filter(|(k, _)| !matches!(k.as_str(), "span"))
            .map(|(k, v)| {
                let v = match v {
                    serde_json::Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                (k.clone(), v)
            })
            .collect();
        let links = self
            .graph
            .data
            .edges
            .iter()
            .enumerate()
            .filter(|(_, e)| e.source == n.id || e.target == n.id)
            .filter_map(|(i, e)| {
                let outgoing = e.source == n.id;
                let other = if outgoing { &e.target } else { &e.source };
                let o = self.graph.node(other)?;
                Some(LinkView {
                    edge: edge_id(i),
                    kind: e.kind,
                    outgoing,
                    other: other.clone(),
                    label: o.label.clone(),
                    other_kind: o.kind,
                    basis: e.basis,
                })
            })
            .take(200)
            .collect();
        Ok(NodeEvidence {
            id: n.id.clone(),
            kind: n.kind,
            label: n.label.clone(),
            aliases: n.aliases.clone(),
            origin: n.origin,
            regions,
            attrs,
            passages,
            links,
        })
    }

    /// The evidence reader's view of an edge.
    pub fn edge_evidence(&self, id: &str) -> Result<EdgeEvidence> {
        check_ref("an edge", id)?;
        let i = parse_edge_id(id).ok_or_else(|| Error::NotFound(id.to_string()))?;
        let e = self
            .graph
            .data
            .edges
            .get(i)
            .ok_or_else(|| Error::NotFound(id.to_string()))?;
        let s = self.graph.node(&e.source);
        let t = self.graph.node(&e.target);
        let doc = s.or(t).map(|n| n.doc.clone()).unwrap_or_default();
        let mut highlights: Vec<Span> = Vec::new();
        for n in [s, t].into_iter().flatten() {
            if NodeKind::ENTITIES.contains(&n.kind) || n.kind == NodeKind::Region {
                highlights.extend(n.mentions.iter().copied());
            }
        }
        let mut passages: Vec<Passage> = Vec::new();
        for sp in &e.evidence {
            let p = self.passage(&doc, *sp, &highlights);
            if !passages.iter().any(|q| q.span == p.span) {
                passages.push(p);
            }
        }
        let why = match e.basis {
            Basis::Structure => "由文档结构得出（所属章节或引领段落）".to_string(),
            Basis::Text => "文本中直接表述".to_string(),
            Basis::Similarity => format!("文本相似度 {:.2}（二元词 TF-IDF 余弦）", e.weight),
            Basis::Curated => "来自人工整理文件 assets/curation.toml".to_string(),
        };
        Ok(EdgeEvidence {
            id: id.to_string(),
            kind: e.kind,
            source: e.source.clone(),
            source_label: s.map(|n| n.label.clone()).unwrap_or_default(),
            target: e.target.clone(),
            target_label: t.map(|n| n.label.clone()).unwrap_or_default(),
            basis: e.basis,
            weight: e.weight,
            why,
            passages,
        })
    }

    /// The outline as a tree of parts and sections.
    pub fn outline(&self) -> Vec<OutlineEntry> {
        let data = &self.graph.data;
        // parts hold sections, a chapter its 节 and boxes (level 3 and below)
        let mut kids: HashMap<&str, Vec<&Node>> = HashMap::new();
        for e in data.edges.iter().filter(|e| e.kind == EdgeKind::Contains) {
            if let Some(s) = self
                .graph
                .node(&e.target)
                .filter(|n| n.kind == NodeKind::Section)
            {
                kids.entry(e.source.as_str()).or_default().push(s);
            }
        }
        fn entry(
            n: &Node,
            number: String,
            kids: &HashMap<&str, Vec<&Node>>,
            depth: usize,
        ) -> OutlineEntry {
            let children = match kids.get(n.id.as_str()) {
                Some(ks) if depth < 4 => ks
                    .iter()
                    .map(|s| entry(s, attr_str(s, "path").unwrap_or_default(), kids, depth + 1))
                    .collect(),
                _ => Vec::new(),
            };
            OutlineEntry {
                id: n.id.clone(),
                number,
                title: attr_str(n, "title").unwrap_or_else(|| n.label.clone()),
                children,
            }
        }
        data.nodes
            .iter()
            .filter(|n| n.kind == NodeKind::Part)
            .map(|p| entry(p, part_of(p).unwrap_or_default(), &kids, 0))
            .collect()
    }

    /// Names and full text, one character and up.
    pub fn search(&self, query: &str, limit: usize) -> Result<Vec<SearchResult>> {
        let Some(query) = search_query(query)? else {
            return Ok(Vec::new());
        };
        let store = self.store()?;
        let hits = store.search_in(&self.doc, query, limit.clamp(1, MAX_SEARCH_RESULTS))?;
        Ok(hits.into_iter().map(|h| self.result(h)).collect())
    }

    /// Names and full text over every document of the library (one
    /// character and up); each result says which document it is in. A
    /// measure comes back as its passage (its label is that sentence), not as
    /// a node hit: see [`Store::search`](crate::store::Store::search).
    pub fn search_all(&self, query: &str, limit: usize) -> Result<Vec<LibraryResult>> {
        let Some(query) = search_query(query)? else {
            return Ok(Vec::new());
        };
        let hits = self
            .store()?
            .search(query, limit.clamp(1, MAX_SEARCH_RESULTS))?;
        Ok(hits
            .into_iter()
            .map(|h| LibraryResult {
                doc: h.library.clone(),
                result: self.result(h),
            })
            .collect())
    }

    fn result(&self, h: crate::store::SearchHit) -> SearchResult {
        let here = h.library == self.doc;
        let (node, label, kind) = match h.kind {
            HitKind::Node => (
                h.node_id.clone(),
                h.label.clone(),
                h.node_kind.as_deref().and_then(NodeKind::parse),
            ),
            HitKind::Passage if !here => (None, None, None),
            HitKind::Passage => {
                let id = self.within(&h.doc, h.span[0]);
                let n = id.as_deref().and_then(|i| self.graph.node(i));
                (id.clone(), n.map(|n| n.label.clone()), n.map(|n| n.kind))
            }
        };
        SearchResult {
            hit: match h.kind {
                HitKind::Node => "node".into(),
                HitKind::Passage => "passage".into(),
            },
            node,
            label,
            kind,
            snippet: h.snippet,
            span: h.span,
        }
    }

    /// The gap report as a flat list.
    pub fn gaps(&self) -> Vec<GapItem> {
        let g = self.graph.gaps();
        let mut out = Vec::new();
        let mut add = |cat: &str, ids: &[String]| {
            for id in ids {
                out.push(GapItem {
                    category: cat.into(),
                    node: Some(id.clone()),
                    label: self
                        .graph
                        .node(id)
                        .map(|n| n.label.clone())
                        .unwrap_or_else(|| id.clone()),
                    span: None,
                });
            }
        };
        add("goal-without-support", &g.goals_without_support);
        add("entity-without-region", &g.entities_without_region);
        add("section-without-measures", &g.sections_without_measures);
        add("measure-without-mentions", &g.measures_without_mentions);
        add("entity-without-measure", &g.entities_without_measure);
        for d in &self.graph.data.diagnostics {
            if matches!(d.code.as_str(), "masked-char" | "missing-numeral") {
                let doc = self
                    .graph
                    .data
                    .documents
                    .first()
                    .map(|x| x.id.clone())
                    .unwrap_or_default();
                out.push(GapItem {
                    category: d.code.clone(),
                    node: self.within(&doc, d.span[0]),
                    label: d.message.clone(),
                    span: Some(d.span),
                });
            }
        }
        out
    }

    /// The subgraph induced by `nodes` in a data format (all nodes when empty).
    pub fn export_data(&self, format: DataFormat, nodes: &[String]) -> Result<Vec<ExportFile>> {
        check_ids("nodes", nodes)?;
        let data = if nodes.is_empty() {
            self.graph.data.clone()
        } else {
            let keep: HashSet<String> = nodes.iter().cloned().collect();
            export::subgraph(&self.graph.data, &keep)
        };
        let one = |s: String| {
            vec![ExportFile {
                suffix: "",
                bytes: s.into_bytes(),
            }]
        };
        Ok(match format {
            DataFormat::Json => one(export::to_json(&data)),
            DataFormat::Graphml => one(export::to_graphml(&data)),
            DataFormat::Gexf => one(export::to_gexf(&data)),
            DataFormat::Csv => {
                let (n, e) = export::to_csv(&data);
                vec![
                    ExportFile {
                        suffix: "",
                        bytes: n.into_bytes(),
                    },
                    ExportFile {
                        suffix: ".edges",
                        bytes: e.into_bytes(),
                    },
                ]
            }
        })
    }

    /// An image of a scene drawn from the positions and styles on screen.
    pub fn export_image(
        &self,
        scene: &crate::render::Scene,
        format: ImageFormat,
        scale: f64,
    ) -> Result<Vec<u8>> {
        export_image(scene, format, scale)
    }
}

/// Render a scene (no session needed).
pub fn export_image(
    scene: &crate::render::Scene,
    format: ImageFormat,
    scale: f64,
) -> Result<Vec<u8>> {
    match format {
        ImageFormat::Png => crate::render::to_png(scene, scale),
        ImageFormat::Svg => Ok(crate::render::to_svg(scene).into_bytes()),
        ImageFormat::Pdf => crate::render::to_pdf(scene),
    }
}

/// Check an image export request before asking where to save it.
pub fn check_image_request(
    scene: &crate::render::Scene,
    format: ImageFormat,
    scale: f64,
) -> Result<()> {
    if format == ImageFormat::Png && !(1.0..=4.0).contains(&scale) {
        return Err(Error::Invalid(format!(
            "a PNG scale must be between 1 and 4 (got {scale})"
        )));
    }
    if scene.nodes.len() > MAX_IDS || scene.edges.len() > 4 * MAX_IDS {
        return Err(Error::Invalid("the scene is too large to export".into()));
    }
    if scene.title.chars().count() > 1000 {
        return Err(Error::Invalid(
            "an export title is at most 1000 characters".into(),
        ));
    }
    Ok(())
}

/// `path` with `suffix` inserted before its extension (`a.csv` + `.edges` → `a.edges.csv`).
pub fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    if suffix.is_empty() {
        return path.to_path_buf();
    }
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_default();
    let name = match path.extension() {
        Some(ext) => format!("{stem}{suffix}.{}", ext.to_string_lossy()),
        None => format!("{stem}{suffix}"),
    };
    path.with_file_name(name)
}

/// Build a plan into the database at `db` (atomically), reporting progress.
pub fn build_into(
    db: &Path,
    bytes: &[u8],
    name: &str,
    progress: &mut dyn FnMut(Progress),
) -> Result<()> {
    progress(Progress {
        stage: "parse".into(),
        fraction: 0.05,
    });
    crate::pipeline::build_bytes_into(
        db,
        bytes,
        name,
        &BuildOptions::default(),
        &mut |stage, f| {
            progress(Progress {
                stage: stage.to_string(),
                fraction: 0.1 + 0.85 * f,
            })
        },
    )?;
    Ok(())
}

fn chars_of(data: &GraphData) -> HashMap<String, Vec<char>> {
    data.documents
        .iter()
        .map(|d| (d.id.clone(), d.text.chars().collect()))
        .collect()
}

fn aside_name(db: &Path) -> PathBuf {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let mut s = db.as_os_str().to_owned();
    s.push(format!(".corrupt-{secs}"));
    PathBuf::from(s)
}

fn attr_str(n: &Node, key: &str) -> Option<String> {
    n.attrs.get(key).and_then(|v| match v {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Null => None,
        other => Some(other.to_string()),
    })
}

/// The number of the part a node belongs to, when it has one.
fn part_of(n: &Node) -> Option<String> {
    match n.kind {
        NodeKind::Part => attr_str(n, "number"),
        NodeKind::Section => attr_str(n, "part"),
        NodeKind::Measure => {
            attr_str(n, "path").and_then(|p| p.split('.').next().map(str::to_string))
        }
        NodeKind::Goal => attr_str(n, "part"),
        _ => None,
    }
}

/// Schematic tile positions (0–1, x east, y south) from seat coordinates:
/// project, then push overlapping tiles apart so each can be drawn as a tile
/// of radius ~0.11 without hiding its neighbours, keeping relative positions.
/// One unit of the lens, from the gazetteer.
struct LensUnit {
    name: String,
    short: String,
    code: String,
    seat: Option<[f64; 2]>,
}

/// Schematic positions of units from their seats (units without a seat, such
/// as towns, on a grid in code order), spread so that tiles never overlap.
fn schematic(seats: &[Option<[f64; 2]>]) -> Vec<(f64, f64)> {
    if seats.is_empty() {
        return Vec::new();
    }
    let n = seats.len();
    if seats.iter().any(Option::is_none) {
        let cols = (n as f64).sqrt().ceil() as usize;
        let rows = n.div_ceil(cols);
        return (0..n)
            .map(|i| {
                let (c, r) = (i % cols, i / cols);
                (
                    0.15 + 0.7 * (c as f64 + 0.5) / cols as f64,
                    0.15 + 0.7 * (r as f64 + 0.5) / rows as f64,
                )
            })
            .collect();
    }
    let seats: Vec<[f64; 2]> = seats.iter().flatten().copied().collect();
    let lat0 = seats.iter().map(|s| s[0]).sum::<f64>() / seats.len() as f64;
    let kx = lat0.to_radians().cos();
    let mut pts: Vec<(f64, f64)> = seats.iter().map(|s| (s[1] * kx, -s[0])).collect();
    let norm = |pts: &mut Vec<(f64, f64)>| {
        let (minx, maxx) = pts
            .iter()
            .fold((f64::MAX, f64::MIN), |a, p| (a.0.min(p.0), a.1.max(p.0)));
        let (miny, maxy) = pts
            .iter()
            .fold((f64::MAX, f64::MIN), |a, p| (a.0.min(p.1), a.1.max(p.1)));
        let span = (maxx - minx).max(maxy - miny).max(1e-9);
        for p in pts.iter_mut() {
            p.0 = 0.15 + 0.7 * (p.0 - minx) / span;
            p.1 = 0.15 + 0.7 * (p.1 - miny) / span;
        }
    };
    norm(&mut pts);
    // tiles of a few units stand apart; many units pack closer
    let min_d = (0.64 / (n as f64).sqrt()).min(0.24);
    for _ in 0..200 {
        let mut moved = false;
        for i in 0..pts.len() {
            for j in (i + 1)..pts.len() {
                let (dx, dy) = (pts[j].0 - pts[i].0, pts[j].1 - pts[i].1);
                let d = (dx * dx + dy * dy).sqrt();
                if d < min_d {
                    let (ux, uy) = if d > 1e-9 {
                        (dx / d, dy / d)
                    } else {
                        (1.0, 0.0)
                    };
                    let push = (min_d - d) / 2.0 + 1e-4;
                    pts[i].0 -= ux * push;
                    pts[i].1 -= uy * push;
                    pts[j].0 += ux * push;
                    pts[j].1 += uy * push;
                    moved = true;
                }
            }
        }
        if !moved {
            break;
        }
    }
    norm(&mut pts);
    pts
}

/// Saved views, kept in a JSON file beside the database (a rebuild replaces
/// the database, not the views). Writes are atomic (temp file + rename).
#[derive(Debug, Clone)]
pub struct Views {
    path: PathBuf,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct ViewsFile {
    #[serde(default)]
    last: Option<ViewState>,
    #[serde(default)]
    saved: BTreeMap<String, ViewState>,
}

impl Views {
    /// The views file for a database (`<db folder>/views.json`).
    pub fn for_db(db: &Path) -> Views {
        let dir = db.parent().map(Path::to_path_buf).unwrap_or_default();
        Views {
            path: dir.join("views.json"),
        }
    }

    fn read(&self) -> ViewsFile {
        std::fs::read(&self.path)
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default()
    }

    fn write(&self, f: &ViewsFile) -> Result<()> {
        let bytes = serde_json::to_vec_pretty(f)?;
        let tmp = self.path.with_extension("json.tmp");
        let err = |source| Error::Storage {
            path: self.path.clone(),
            source,
        };
        if let Some(dir) = self.path.parent() {
            std::fs::create_dir_all(dir).map_err(err)?;
        }
        std::fs::write(&tmp, bytes).map_err(err)?;
        std::fs::rename(&tmp, &self.path).map_err(err)
    }

    fn check(v: &ViewState) -> Result<()> {
        if v.positions.len() > MAX_IDS || v.selection.len() > MAX_IDS {
            return Err(Error::Invalid("a view holds too many nodes".into()));
        }
        if v.name.chars().count() > 100 {
            return Err(Error::Invalid(
                "a view name is at most 100 characters".into(),
            ));
        }
        if v.doc.as_ref().is_some_and(|d| d.chars().count() > 40) {
            return Err(Error::Invalid(
                "a view's document id is at most 40 characters".into(),
            ));
        }
        Ok(())
    }

    /// Names of the saved views.
    pub fn list(&self) -> Vec<String> {
        self.read().saved.into_keys().collect()
    }

    /// Save a view under its name (replacing one of the same name).
    pub fn save(&self, v: ViewState) -> Result<()> {
        Self::check(&v)?;
        if v.name.trim().is_empty() {
            return Err(Error::Invalid("a saved view needs a name".into()));
        }
        let mut f = self.read();
        f.saved.insert(v.name.trim().to_string(), v);
        self.write(&f)
    }

    /// A saved view.
    pub fn get(&self, name: &str) -> Result<ViewState> {
        self.read()
            .saved
            .remove(name)
            .ok_or_else(|| Error::NotFound(name.to_string()))
    }

    /// Delete a saved view.
    pub fn delete(&self, name: &str) -> Result<()> {
        let mut f = self.read();
        if f.saved.remove(name).is_none() {
            return Err(Error::NotFound(name.to_string()));
        }
        self.write(&f)
    }

    /// Remember where the user left off.
    pub fn set_last(&self, v: ViewState) -> Result<()> {
        Self::check(&v)?;
        let mut f = self.read();
        f.last = Some(v);
        self.write(&f)
    }

    /// Where the user left off.
    pub fn last(&self) -> Option<ViewState> {
        self.read().last
    }
}
