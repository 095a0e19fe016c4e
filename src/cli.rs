//! The `planmap` command line: arguments (clap), the commands, and the one
//! error line. The binary (`src/bin/planmap.rs`) only parses `std::env::args`
//! and prints; keeping the parser and the commands here lets the fuzz target
//! `cli_args` and the tests drive them in-process.
//!
//! Read-only commands load the database through an [`Env`], which keeps the
//! last database opened, so a caller that runs many commands (the fuzzer)
//! pays for loading once.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use anyhow::{bail, Context, Result};
use clap::{Parser, Subcommand, ValueEnum};

use crate::graph::PlanGraph;
use crate::model::{GraphData, NodeKind};
use crate::store::{default_db_path, Store};
use crate::{export, render, BuildOptions};

/// Chinese development plans as evidence-linked knowledge graphs.
#[derive(Parser, Debug)]
#[command(name = "planmap", version, about, long_about = None)]
pub struct Cli {
    /// The command.
    #[command(subcommand)]
    pub cmd: Cmd,
}

/// The `--db` option every command takes.
#[derive(clap::Args, Clone, Debug)]
pub struct DbArg {
    /// Database file [default: $PLANMAP_DB, else the app's data folder]
    #[arg(long, value_name = "PATH")]
    pub db: Option<PathBuf>,
}

impl DbArg {
    /// The database file: `--db`, else [`default_db_path`].
    pub fn path(&self) -> PathBuf {
        self.db.clone().unwrap_or_else(default_db_path)
    }
}

/// The `--doc` option of the query commands.
#[derive(clap::Args, Clone, Debug, Default)]
pub struct DocArg {
    /// Library document to answer on (d1, d2 … as `planmap docs` lists them) [default: the first; search: all]
    #[arg(long, value_name = "ID")]
    pub doc: Option<String>,
}

/// Export formats.
#[derive(Clone, Copy, PartialEq, Eq, Debug, ValueEnum)]
pub enum Format {
    /// The `planmap-graph` JSON contract
    Json,
    /// GraphML (Gephi, Cytoscape)
    Graphml,
    /// GEXF (Gephi)
    Gexf,
    /// Two CSV tables, nodes and edges
    Csv,
    /// Graphviz DOT
    Dot,
    /// PNG image (needs -o)
    Png,
    /// SVG image
    Svg,
    /// PDF document (needs -o)
    Pdf,
}

/// The subcommands.
#[derive(Subcommand, Debug)]
pub enum Cmd {
    /// Read a plan (default: the shipped Jiaxing plan) and store its graph
    Build {
        /// Plan file: text (UTF-8, UTF-16 or GB18030/GBK), an HTML page or a Word .docx
        file: Option<PathBuf>,
        /// The database.
        #[command(flatten)]
        db: DbArg,
        /// Build without the shipped curation file
        #[arg(long)]
        no_curation: bool,
    },
    /// Counts of nodes, edges and diagnostics by kind
    Stats {
        /// The library document.
        #[command(flatten)]
        doc: DocArg,
        /// The database.
        #[command(flatten)]
        db: DbArg,
    },
    /// A node with its links and evidence sentences
    Show {
        /// Node id, label or part of a label
        node: String,
        /// The library document.
        #[command(flatten)]
        doc: DocArg,
        /// The database.
        #[command(flatten)]
        db: DbArg,
    },
    /// Search names and full text (any length, one character and up)
    Search {
        /// Text to find
        text: String,
        /// Maximum results
        #[arg(long, default_value_t = 20)]
        limit: usize,
        /// The library document.
        #[command(flatten)]
        doc: DocArg,
        /// The database.
        #[command(flatten)]
        db: DbArg,
    },
    /// What supports a goal (or implements a strategy), down to entities and regions
    Trace {
        /// Goal or strategy id or label
        goal: String,
        /// The library document.
        #[command(flatten)]
        doc: DocArg,
        /// The database.
        #[command(flatten)]
        db: DbArg,
    },
    /// Everything located in a county or district, up to goals and strategies
    Region {
        /// County-level unit (嘉善县, 嘉善 …) or any region
        county: String,
        /// The library document.
        #[command(flatten)]
        doc: DocArg,
        /// The database.
        #[command(flatten)]
        db: DbArg,
    },
    /// Shortest path between two nodes, each hop with its evidence
    Path {
        /// From
        a: String,
        /// To
        b: String,
        /// The library document.
        #[command(flatten)]
        doc: DocArg,
        /// The database.
        #[command(flatten)]
        db: DbArg,
    },
    /// Most central nodes (PageRank, degree)
    Rank {
        /// Only this kind (platform, goal …)
        #[arg(long)]
        kind: Option<String>,
        /// How many
        #[arg(long, default_value_t = 20)]
        limit: usize,
        /// The library document.
        #[command(flatten)]
        doc: DocArg,
        /// The database.
        #[command(flatten)]
        db: DbArg,
    },
    /// Goals without support, entities without region, measures naming nothing
    Gaps {
        /// The library document.
        #[command(flatten)]
        doc: DocArg,
        /// The database.
        #[command(flatten)]
        db: DbArg,
    },
    /// Export the graph (or a neighbourhood / county subgraph)
    Export {
        /// Output format
        #[arg(long, value_enum)]
        format: Format,
        /// Output file (stdout when absent; for csv, FILE.nodes.csv and FILE.edges.csv; required for png and pdf)
        #[arg(short = 'o', long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// PNG scale factor, 1–4 [default: 2]; images are capped at 8000 px a side
        #[arg(long)]
        scale: Option<f64>,
        /// Only the neighbourhood of this node
        #[arg(long)]
        focus: Option<String>,
        /// Depth of the neighbourhood
        #[arg(long, default_value_t = 2)]
        depth: usize,
        /// Only what is located in this county
        #[arg(long)]
        county: Option<String>,
        /// The library document.
        #[command(flatten)]
        doc: DocArg,
        /// The database.
        #[command(flatten)]
        db: DbArg,
    },
    /// Add plans to the database as more library documents (each built and appended in one transaction)
    Add {
        /// Plan files (text, HTML or .docx)
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// The database (created from the shipped plan when missing).
        #[command(flatten)]
        db: DbArg,
    },
    /// List the documents of the database
    Docs {
        /// The database.
        #[command(flatten)]
        db: DbArg,
    },
    /// Import many documents into one database and print throughput, size, memory and query
    /// latency (the database given with --db is replaced; without it, a temporary file is used and removed)
    Scale {
        /// Folder of .txt reports to import [default: ../shared/corpus/provincial-work-reports-2026 from the repository]
        #[arg(long, value_name = "DIR")]
        corpus: Option<PathBuf>,
        /// How many plan-sized documents to generate from the shipped plan
        #[arg(long, default_value_t = 1000)]
        generate: usize,
        /// Also write the figures as JSON
        #[arg(long, value_name = "FILE")]
        json: Option<PathBuf>,
        /// The database to build (replaced).
        #[command(flatten)]
        db: DbArg,
    },
    /// Score the stored graph against a gold annotation directory
    Eval {
        /// Gold directory (outline.json, entities.json, …)
        #[arg(long, value_name = "DIR")]
        gold: PathBuf,
        /// Print the report as JSON
        #[arg(long)]
        json: bool,
        /// List false positives and negatives
        #[arg(long)]
        verbose: bool,
        /// Build the document again without the lexicon names of gold
        /// entities and score that (what a new plan would get)
        #[arg(long)]
        without_gold_lexicon: bool,
        /// The database.
        #[command(flatten)]
        db: DbArg,
    },
}

fn out(o: &mut dyn Write, s: &str) -> Result<()> {
    match o.write_all(s.as_bytes()).and_then(|_| o.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        r => Ok(r?),
    }
}

impl Cmd {
    /// The `--db` option of the command.
    pub fn db_mut(&mut self) -> &mut DbArg {
        match self {
            Cmd::Build { db, .. }
            | Cmd::Add { db, .. }
            | Cmd::Docs { db }
            | Cmd::Stats { db, .. }
            | Cmd::Show { db, .. }
            | Cmd::Search { db, .. }
            | Cmd::Trace { db, .. }
            | Cmd::Region { db, .. }
            | Cmd::Path { db, .. }
            | Cmd::Rank { db, .. }
            | Cmd::Gaps { db, .. }
            | Cmd::Export { db, .. }
            | Cmd::Eval { db, .. }
            | Cmd::Scale { db, .. } => db,
        }
    }
}

/// The databases a run reads, loaded once: the last one opened is kept.
#[derive(Default)]
pub struct Env {
    path: Option<PathBuf>,
    store: Option<Rc<Store>>,
    graph: Option<Rc<PlanGraph>>,
    graph_doc: Option<String>,
}

impl Env {
    /// The open database at `db`'s path.
    pub fn store(&mut self, db: &DbArg) -> Result<Rc<Store>> {
        let path = db.path();
        if self.path.as_deref() != Some(path.as_path()) {
            *self = Env::default();
        }
        if let Some(s) = &self.store {
            return Ok(s.clone());
        }
        let store = Rc::new(Store::open(&path).map_err(with_hint)?);
        self.path = Some(path);
        self.store = Some(store.clone());
        Ok(store)
    }

    /// The graph stored in the database at `db`'s path (its first document).
    pub fn graph(&mut self, db: &DbArg) -> Result<Rc<PlanGraph>> {
        self.graph_of(db, &DocArg::default())
    }

    /// The graph of library document `doc` (default: the first).
    pub fn graph_of(&mut self, db: &DbArg, doc: &DocArg) -> Result<Rc<PlanGraph>> {
        let store = self.store(db)?;
        if let Some(g) = &self.graph {
            if self.graph_doc == doc.doc {
                return Ok(g.clone());
            }
        }
        let data = match &doc.doc {
            Some(d) => store.load_document_graph(d),
            None => store.load_graph(),
        };
        let g = Rc::new(PlanGraph::new(data.map_err(with_hint)?));
        self.graph = Some(g.clone());
        self.graph_doc = doc.doc.clone();
        Ok(g)
    }
}

/// A damaged database gets the command that replaces it.
fn with_hint(e: crate::Error) -> anyhow::Error {
    match e {
        crate::Error::BadDatabase { .. } => {
            anyhow::anyhow!("{e}; `planmap build` replaces it with a new one")
        }
        e => e.into(),
    }
}

/// Whether running `cli` can change files: `build`, `add`, `scale`, and `eval` (which reads
/// a folder of the caller's choosing), or `export` with an output file.
pub fn writes_files(cli: &Cli) -> bool {
    match &cli.cmd {
        Cmd::Build { .. } | Cmd::Add { .. } | Cmd::Scale { .. } | Cmd::Eval { .. } => true,
        Cmd::Export { output, .. } => output.is_some(),
        _ => false,
    }
}

/// The one line a failed command prints after `planmap: error: `: the
/// outermost message, and its root cause when that says something more.
pub fn error_line(e: &anyhow::Error) -> String {
    let msg = e.chain().map(|c| c.to_string()).collect::<Vec<_>>();
    let line = if msg.len() > 1 && !msg[0].contains(&msg[msg.len() - 1]) {
        format!("{}: {}", msg[0], msg[msg.len() - 1])
    } else {
        msg[0].clone()
    };
    // one line, whatever the messages hold
    line.replace(['\n', '\r'], " ")
}

/// Run one command, writing its output to `w` (stdout for the binary).
pub fn run(env: &mut Env, cli: Cli, w: &mut dyn Write) -> Result<()> {
    match cli.cmd {
        Cmd::Build {
            file,
            db,
            no_curation,
        } => {
            let opts = BuildOptions {
                curation: !no_curation,
            };
            let path = db.path();
            *env = Env::default();
            // built while the new database is written (`Store::write_while`)
            let built = match &file {
                Some(f) => crate::pipeline::build_file_into(&path, f, &opts),
                None => crate::pipeline::build_bytes_into(
                    &path,
                    crate::pipeline::DEFAULT_PLAN,
                    crate::pipeline::DEFAULT_PLAN_NAME,
                    &opts,
                    &mut |_, _| {},
                ),
            };
            let built = match built {
                Ok(built) => built,
                // the text was built; writing it failed
                Err(
                    e @ (crate::Error::Db(_)
                    | crate::Error::Storage { .. }
                    | crate::Error::BadDatabase { .. }),
                ) => {
                    return Err(anyhow::Error::new(e)
                        .context(format!("cannot write the database {}", path.display())))
                }
                Err(e) => return Err(e.into()),
            };
            let g = &built.graph;
            let sections = g
                .nodes
                .iter()
                .filter(|n| n.kind == NodeKind::Section)
                .count();
            let parts = g.nodes.iter().filter(|n| n.kind == NodeKind::Part).count();
            let warnings = g
                .diagnostics
                .iter()
                .filter(|d| d.level != crate::model::Level::Info)
                .count();
            let read_as = match built.container {
                "text" => built.encoding.to_string(),
                c => format!("{c}, {}", built.encoding),
            };
            eprintln!(
                "built {} ({read_as}): {parts} parts, {sections} sections, {} nodes, {} edges, {} diagnostics ({warnings} warnings) → {}",
                g.documents[0].source,
                g.nodes.len(),
                g.edges.len(),
                g.diagnostics.len(),
                path.display()
            );
        }
        Cmd::Add { files, db } => {
            let path = db.path();
            *env = Env::default();
            let mut store = match Store::open(&path) {
                Ok(s) => s,
                Err(crate::Error::NoGraph(_)) if !path.exists() => {
                    let built = crate::build_default(&BuildOptions::default())?;
                    Store::write(&path, &built.graph)
                        .with_context(|| format!("cannot write the database {}", path.display()))?;
                    eprintln!("created {} with the shipped plan as d1", path.display());
                    Store::open(&path).map_err(with_hint)?
                }
                Err(e) => return Err(with_hint(e)),
            };
            for f in &files {
                let bytes = crate::pipeline::read_bounded(f, crate::decode::MAX_INPUT_BYTES)
                    .with_context(|| format!("cannot add {}", f.display()))?;
                let name = f
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let (d, _) =
                    crate::pipeline::add_bytes(&mut store, &bytes, &name, &BuildOptions::default())
                        .with_context(|| {
                            format!("cannot add {} to {}", f.display(), path.display())
                        })?;
                out(
                    w,
                    &format!(
                        "{}  {}  ({} chars, {} nodes, {} edges)  {}\n",
                        d.id, d.title, d.chars, d.nodes, d.edges, d.source
                    ),
                )?;
            }
            store
                .upkeep()
                .with_context(|| format!("cannot tidy the search index of {}", path.display()))?;
        }
        Cmd::Docs { db } => {
            let store = env.store(&db)?;
            let mut s = String::new();
            for d in store.documents()? {
                s += &format!(
                    "{}  {}  ({} chars, {} nodes, {} edges)  {}\n",
                    d.id, d.title, d.chars, d.nodes, d.edges, d.source
                );
            }
            out(w, &s)?;
        }
        Cmd::Scale {
            corpus,
            generate,
            json,
            db,
        } => {
            *env = Env::default();
            let opts = crate::scale::ScaleOptions {
                corpus,
                generate,
                db: db.db,
            };
            let report = crate::scale::run(&opts, &mut |line| {
                eprintln!("{line}");
            })?;
            out(w, &report.table())?;
            if let Some(j) = json {
                write(&j, &serde_json::to_string_pretty(&report)?)?;
            }
        }
        Cmd::Stats { db, doc } => {
            let g = env.graph_of(&db, &doc)?;
            out(w, &stats(&g.data))?;
        }
        Cmd::Show { node, db, doc } => {
            let g = env.graph_of(&db, &doc)?;
            let n = g.resolve(&node)?.clone();
            let mut s = format!("{}  [{}]  {}\n", n.label, n.kind.as_str(), n.id);
            if !n.aliases.is_empty() {
                s += &format!("aliases: {}\n", n.aliases.join("、"));
            }
            for r in &n.regions {
                let label = g
                    .node(&r.region)
                    .map(|x| x.label.clone())
                    .unwrap_or_default();
                s += &format!("region: {label} ({:?}, {:.2})\n", r.basis, r.confidence);
            }
            if n.origin == crate::model::Origin::Curated {
                s += "origin: curated\n";
            }
            if !n.attrs.is_empty() {
                s += &format!("attrs: {}\n", serde_json::Value::Object(n.attrs.clone()));
            }
            for e in g
                .data
                .edges
                .iter()
                .filter(|e| e.source == n.id || e.target == n.id)
            {
                let (dir, other) = if e.source == n.id {
                    ("→", &e.target)
                } else {
                    ("←", &e.source)
                };
                let ol = g
                    .node(other)
                    .map(|x| x.label.chars().take(40).collect::<String>())
                    .unwrap_or_default();
                s += &format!(
                    "  {dir} {} {} «{ol}» ({}, {:.2})\n",
                    e.kind.as_str(),
                    other,
                    e.basis.as_str(),
                    e.weight
                );
            }
            s += "evidence:\n";
            for (span, text) in g.evidence(&n.id)? {
                s += &format!("  [{}–{}] {text}\n", span[0], span[1]);
            }
            out(w, &s)?;
        }
        Cmd::Search {
            text,
            limit,
            db,
            doc,
        } => {
            let store = env.store(&db)?;
            let hits = match &doc.doc {
                Some(d) => store.search_in(d, &text, limit)?,
                None => store.search(&text, limit)?,
            };
            // Over a library, say which document each hit is in.
            let many = doc.doc.is_none() && store.documents()?.len() > 1;
            let mut s = String::new();
            for h in hits {
                if many {
                    s += &format!("{:<6}", h.library);
                }
                match &h.node_id {
                    Some(id) => {
                        s += &format!("node     {id}  {}\n", h.label.clone().unwrap_or_default())
                    }
                    None => s += &format!("passage  [{}–{}] {}\n", h.span[0], h.span[1], h.snippet),
                }
            }
            out(w, &s)?;
        }
        Cmd::Trace { goal, db, doc } => {
            let g = env.graph_of(&db, &doc)?;
            let id = g.resolve(&goal)?.id.clone();
            out(w, &listing(&g, &g.trace(&id)?.nodes))?;
        }
        Cmd::Region { county, db, doc } => {
            let g = env.graph_of(&db, &doc)?;
            out(w, &listing(&g, &g.county(&county)?.nodes))?;
        }
        Cmd::Path { a, b, db, doc } => {
            let g = env.graph_of(&db, &doc)?;
            let chars: Vec<char> = g
                .data
                .documents
                .first()
                .map(|d| d.text.chars().collect())
                .unwrap_or_default();
            let mut s = String::new();
            for (id, e) in g.path(&a, &b)? {
                let n = g.node(&id).expect("path nodes exist");
                s += &format!(
                    "{} [{}] {}\n",
                    n.label.chars().take(50).collect::<String>(),
                    n.kind.as_str(),
                    id
                );
                if let Some(e) = e.map(|i| &g.data.edges[i]) {
                    let ev = e
                        .evidence
                        .first()
                        .map(|sp| {
                            crate::extract::plan::text_of(
                                &chars,
                                crate::graph::sentence_around(&chars, *sp),
                            )
                        })
                        .unwrap_or_default();
                    s += &format!(
                        "   ↓ {} ({}, {:.2}) {}\n",
                        e.kind.as_str(),
                        e.basis.as_str(),
                        e.weight,
                        ev
                    );
                }
            }
            out(w, &s)?;
        }
        Cmd::Rank {
            kind,
            limit,
            db,
            doc,
        } => {
            let g = env.graph_of(&db, &doc)?;
            let k = match kind {
                Some(k) => {
                    Some(NodeKind::parse(&k).with_context(|| format!("unknown kind {k:?}"))?)
                }
                None => None,
            };
            let mut s = String::new();
            for r in g.ranking(k, limit) {
                s += &format!(
                    "{:.4}  {:>3}  [{}] {}\n",
                    r.pagerank,
                    r.degree,
                    r.kind.as_str(),
                    r.label.chars().take(50).collect::<String>()
                );
            }
            out(w, &s)?;
        }
        Cmd::Gaps { db, doc } => {
            let g = env.graph_of(&db, &doc)?;
            let gaps = g.gaps();
            let mut s = String::new();
            for (title, ids) in [
                (
                    "goals without supporting measures",
                    &gaps.goals_without_support,
                ),
                (
                    "platforms/projects/programs without a region",
                    &gaps.entities_without_region,
                ),
                (
                    "entities named by no measure",
                    &gaps.entities_without_measure,
                ),
                (
                    "measures that mention nothing",
                    &gaps.measures_without_mentions,
                ),
                ("sections without measures", &gaps.sections_without_measures),
            ] {
                s += &format!("{title}: {}\n", ids.len());
                for id in ids.iter().take(30) {
                    s += &format!(
                        "  {} {}\n",
                        id,
                        g.node(id)
                            .map(|n| n.label.chars().take(40).collect::<String>())
                            .unwrap_or_default()
                    );
                }
            }
            out(w, &s)?;
        }
        Cmd::Export {
            format,
            output,
            scale,
            focus,
            depth,
            county,
            db,
            doc,
        } => {
            let image = matches!(format, Format::Png | Format::Svg | Format::Pdf);
            if scale.is_some() && format != Format::Png {
                bail!("--scale applies to --format png only");
            }
            let scale = scale.unwrap_or(2.0);
            if !(render::MIN_SCALE..=render::MAX_SCALE).contains(&scale) {
                bail!(
                    "--scale {scale} is outside {}–{}",
                    render::MIN_SCALE,
                    render::MAX_SCALE
                );
            }
            if output.is_none() && matches!(format, Format::Png | Format::Pdf) {
                bail!("--format png and pdf write binary data: give an output file with -o FILE");
            }
            let g = env.graph_of(&db, &doc)?;
            // the subgraph, and for images its title
            let (data, title): (GraphData, String) = match (&focus, &county) {
                (Some(_), Some(_)) => bail!("give either --focus or --county, not both"),
                (Some(f), None) => {
                    let n = g.resolve(f)?;
                    let (id, label) = (n.id.clone(), n.label.clone());
                    let data = export::subgraph(
                        &g.data,
                        &g.neighbourhood(&id, depth)?.nodes.into_iter().collect(),
                    );
                    (data, label)
                }
                (None, Some(c)) => {
                    let label = g.resolve(c)?.label.clone();
                    let data = export::subgraph(&g.data, &g.county(c)?.nodes.into_iter().collect());
                    (data, label)
                }
                (None, None) => {
                    let title = g
                        .data
                        .documents
                        .first()
                        .map(|d| d.title.clone())
                        .unwrap_or_default();
                    (g.data.clone(), title)
                }
            };
            if image {
                let counts = format!("{} 个节点，{} 条边", data.nodes.len(), data.edges.len());
                let filter = match (&focus, &county) {
                    (Some(_), _) => format!("「{title}」{depth} 步以内的关联 · {counts}"),
                    (None, Some(_)) => format!("位于{title}的实体及其举措、目标 · {counts}"),
                    (None, None) => format!("全图 · {counts}"),
                };
                let scene = render::scene_for(&data, &title, &[filter]);
                match format {
                    Format::Svg => {
                        let svg = render::to_svg(&scene);
                        match &output {
                            Some(o) => write(o, &svg)?,
                            None => out(w, &svg)?,
                        }
                    }
                    Format::Png => write_bytes(output.as_deref(), &render::to_png(&scene, scale)?)?,
                    _ => write_bytes(output.as_deref(), &render::to_pdf(&scene)?)?,
                }
                return Ok(());
            }
            let text = match format {
                Format::Png | Format::Svg | Format::Pdf => return Ok(()), // written above
                Format::Json => export::to_json(&data),
                Format::Graphml => export::to_graphml(&data),
                Format::Gexf => export::to_gexf(&data),
                Format::Dot => export::to_dot(&data),
                Format::Csv => {
                    let (nodes, edges) = export::to_csv(&data);
                    match &output {
                        Some(o) => {
                            write(&o.with_extension("nodes.csv"), &nodes)?;
                            write(&o.with_extension("edges.csv"), &edges)?;
                            return Ok(());
                        }
                        None => format!("{nodes}\n{edges}"),
                    }
                }
            };
            match output {
                Some(o) => write(&o, &text)?,
                None => out(w, &text)?,
            }
        }
        Cmd::Eval {
            gold,
            json,
            verbose,
            without_gold_lexicon,
            db,
        } => {
            if !gold.is_dir() {
                bail!("gold directory {} does not exist", gold.display());
            }
            let g = env.graph(&db)?;
            let report = if without_gold_lexicon {
                crate::eval::evaluate_without_gold_lexicon(&gold, &g.data)?
            } else {
                crate::eval::evaluate(&gold, &g.data)?
            };
            if json {
                out(w, &serde_json::to_string_pretty(&report)?)?;
            } else if verbose {
                out(w, &report.to_table_verbose())?;
            } else {
                out(w, &report.to_table())?;
            }
        }
    }
    Ok(())
}

fn write(path: &Path, text: &str) -> Result<()> {
    std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))
}

/// Binary output: a file only (checked before any work is done).
fn write_bytes(path: Option<&Path>, bytes: &[u8]) -> Result<()> {
    let Some(path) = path else {
        bail!("binary output needs an output file: give -o FILE");
    };
    std::fs::write(path, bytes).with_context(|| format!("cannot write {}", path.display()))
}

fn stats(g: &GraphData) -> String {
    let mut s = String::new();
    if let Some(d) = g.documents.first() {
        s += &format!("document: {} ({} chars, {})\n", d.title, d.chars, d.source);
    }
    s += &format!("nodes: {}\n", g.nodes.len());
    for k in NodeKind::ALL {
        let n = g.nodes.iter().filter(|n| n.kind == k).count();
        if n > 0 {
            s += &format!("  {:<13}{n}\n", k.as_str());
        }
    }
    s += &format!("edges: {}\n", g.edges.len());
    for k in crate::model::EdgeKind::ALL {
        let n = g.edges.iter().filter(|e| e.kind == k).count();
        if n > 0 {
            s += &format!("  {:<13}{n}\n", k.as_str());
        }
    }
    s += &format!("diagnostics: {}\n", g.diagnostics.len());
    let mut codes: std::collections::BTreeMap<&str, usize> = Default::default();
    for d in &g.diagnostics {
        *codes.entry(d.code.as_str()).or_default() += 1;
    }
    for (c, n) in codes {
        s += &format!("  {c:<17}{n}\n");
    }
    s
}

fn listing(g: &PlanGraph, ids: &[String]) -> String {
    let mut nodes: Vec<_> = ids.iter().filter_map(|id| g.node(id)).collect();
    nodes.sort_by_key(|n| (n.kind, n.mentions.first().copied()));
    let mut s = format!("{} nodes\n", nodes.len());
    for n in nodes {
        s += &format!(
            "[{}] {}  ({})\n",
            n.kind.as_str(),
            n.label.chars().take(60).collect::<String>(),
            n.id
        );
    }
    s
}
