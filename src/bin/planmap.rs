//! `planmap`: build, query, export and evaluate plan knowledge graphs.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use clap::{Parser, Subcommand, ValueEnum};

use planmap::graph::PlanGraph;
use planmap::model::{GraphData, NodeKind};
use planmap::store::{default_db_path, Store};
use planmap::{export, render, BuildOptions};

/// Chinese development plans as evidence-linked knowledge graphs.
#[derive(Parser)]
#[command(name = "planmap", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(clap::Args, Clone)]
struct DbArg {
    /// Database file [default: $PLANMAP_DB, else the app's data folder]
    #[arg(long, value_name = "PATH")]
    db: Option<PathBuf>,
}

impl DbArg {
    fn path(&self) -> PathBuf {
        self.db.clone().unwrap_or_else(default_db_path)
    }
    fn graph(&self) -> Result<PlanGraph> {
        let store = Store::open(&self.path())?;
        Ok(PlanGraph::new(store.load_graph()?))
    }
}

#[derive(Clone, Copy, PartialEq, ValueEnum)]
enum Format {
    Json,
    Graphml,
    Gexf,
    Csv,
    Dot,
    /// PNG image (needs -o)
    Png,
    /// SVG image
    Svg,
    /// PDF document (needs -o)
    Pdf,
}

#[derive(Subcommand)]
enum Cmd {
    /// Read a plan (default: the shipped Jiaxing plan) and store its graph
    Build {
        /// Plan text file (UTF-8, UTF-16 or GB18030/GBK)
        file: Option<PathBuf>,
        #[command(flatten)]
        db: DbArg,
        /// Build without the shipped curation file
        #[arg(long)]
        no_curation: bool,
    },
    /// Counts of nodes, edges and diagnostics by kind
    Stats {
        #[command(flatten)]
        db: DbArg,
    },
    /// A node with its links and evidence sentences
    Show {
        /// Node id, label or part of a label
        node: String,
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
        #[command(flatten)]
        db: DbArg,
    },
    /// What supports a goal (or implements a strategy), down to entities and regions
    Trace {
        /// Goal or strategy id or label
        goal: String,
        #[command(flatten)]
        db: DbArg,
    },
    /// Everything located in a county or district, up to goals and strategies
    Region {
        /// County-level unit (嘉善县, 嘉善 …) or any region
        county: String,
        #[command(flatten)]
        db: DbArg,
    },
    /// Shortest path between two nodes, each hop with its evidence
    Path {
        /// From
        a: String,
        /// To
        b: String,
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
        #[command(flatten)]
        db: DbArg,
    },
    /// Goals without support, entities without region, measures naming nothing
    Gaps {
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
        #[command(flatten)]
        db: DbArg,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let msg = e.chain().map(|c| c.to_string()).collect::<Vec<_>>();
            // one clear line: the outermost message and its root cause when different
            let line = if msg.len() > 1 && !msg[0].contains(&msg[msg.len() - 1]) {
                format!("{}: {}", msg[0], msg[msg.len() - 1])
            } else {
                msg[0].clone()
            };
            eprintln!("planmap: error: {line}");
            ExitCode::FAILURE
        }
    }
}

fn out(s: &str) -> Result<()> {
    let mut o = std::io::stdout().lock();
    match o.write_all(s.as_bytes()).and_then(|_| o.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        r => Ok(r?),
    }
}

fn run(cli: Cli) -> Result<()> {
    match cli.cmd {
        Cmd::Build {
            file,
            db,
            no_curation,
        } => {
            let opts = BuildOptions {
                curation: !no_curation,
            };
            let built = match &file {
                Some(f) => planmap::build_file(f, &opts)?,
                None => planmap::build_default(&opts)?,
            };
            let path = db.path();
            Store::write(&path, &built.graph)
                .with_context(|| format!("cannot write the database {}", path.display()))?;
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
                .filter(|d| d.level != planmap::model::Level::Info)
                .count();
            eprintln!(
                "built {} ({}): {parts} parts, {sections} sections, {} nodes, {} edges, {} diagnostics ({warnings} warnings) → {}",
                g.documents[0].source,
                built.encoding,
                g.nodes.len(),
                g.edges.len(),
                g.diagnostics.len(),
                path.display()
            );
        }
        Cmd::Stats { db } => {
            let g = db.graph()?;
            out(&stats(&g.data))?;
        }
        Cmd::Show { node, db } => {
            let g = db.graph()?;
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
            if n.origin == planmap::model::Origin::Curated {
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
            out(&s)?;
        }
        Cmd::Search { text, limit, db } => {
            let store = Store::open(&db.path())?;
            let mut s = String::new();
            for h in store.search(&text, limit)? {
                match &h.node_id {
                    Some(id) => {
                        s += &format!("node     {id}  {}\n", h.label.clone().unwrap_or_default())
                    }
                    None => s += &format!("passage  [{}–{}] {}\n", h.span[0], h.span[1], h.snippet),
                }
            }
            out(&s)?;
        }
        Cmd::Trace { goal, db } => {
            let g = db.graph()?;
            let id = g.resolve(&goal)?.id.clone();
            out(&listing(&g, &g.trace(&id)?.nodes))?;
        }
        Cmd::Region { county, db } => {
            let g = db.graph()?;
            out(&listing(&g, &g.county(&county)?.nodes))?;
        }
        Cmd::Path { a, b, db } => {
            let g = db.graph()?;
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
                            planmap::extract::plan::text_of(
                                &chars,
                                planmap::graph::sentence_around(&chars, *sp),
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
            out(&s)?;
        }
        Cmd::Rank { kind, limit, db } => {
            let g = db.graph()?;
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
            out(&s)?;
        }
        Cmd::Gaps { db } => {
            let g = db.graph()?;
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
            out(&s)?;
        }
        Cmd::Export {
            format,
            output,
            scale,
            focus,
            depth,
            county,
            db,
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
            let g = db.graph()?;
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
                            None => out(&svg)?,
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
                None => out(&text)?,
            }
        }
        Cmd::Eval {
            gold,
            json,
            verbose,
            db,
        } => {
            if !gold.is_dir() {
                bail!("gold directory {} does not exist", gold.display());
            }
            let g = db.graph()?;
            let report = planmap::eval::evaluate(&gold, &g.data)?;
            if json {
                out(&serde_json::to_string_pretty(&report)?)?;
            } else if verbose {
                out(&report.to_table_verbose())?;
            } else {
                out(&report.to_table())?;
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
    for k in planmap::model::EdgeKind::ALL {
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
