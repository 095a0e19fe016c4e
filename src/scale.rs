//! `planmap scale`: many documents in one database, measured.
//!
//! Imports, into one library, the shipped plan, every `.txt` of a corpus
//! folder (the 30 provincial work reports of `../shared/corpus/` when
//! present), and N generated plan-sized documents, and reports import
//! throughput, per-document import time, database size, peak memory and the
//! latency of the queries a user waits on at 1, ~30 and all documents.
//!
//! The generated documents are made from the project's own inputs only: the
//! shipped plan with its body paragraphs recombined by a seeded PRNG and its
//! county-level place names permuted (names from the place lexicon), so each
//! is distinct but plan-like in size and structure. They are made in memory,
//! deterministic (document `i` is the same on every run), and never written
//! anywhere but the database.

use std::path::{Path, PathBuf};
use std::time::Instant;

use serde::Serialize;

use crate::api::Session;
use crate::error::{Error, Result};
use crate::model::NodeKind;
use crate::pipeline::{add_bytes, build_bytes, BuildOptions, DEFAULT_PLAN, DEFAULT_PLAN_NAME};
use crate::store::Store;

/// What `planmap scale` imports.
#[derive(Debug, Clone, Default)]
pub struct ScaleOptions {
    /// Folder of `.txt` documents; `None`: the shared corpus next to the repository.
    pub corpus: Option<PathBuf>,
    /// How many documents to generate.
    pub generate: usize,
    /// The database to build (replaced); `None`: a temporary file, removed at the end.
    pub db: Option<PathBuf>,
}

/// p50 / p95 / max of a set of durations, in milliseconds.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Percentiles {
    /// Samples.
    pub runs: usize,
    /// Median.
    pub p50_ms: f64,
    /// 95th percentile (nearest rank).
    pub p95_ms: f64,
    /// Largest.
    pub max_ms: f64,
}

impl Percentiles {
    /// From samples in milliseconds.
    pub fn of(samples: &[f64]) -> Percentiles {
        if samples.is_empty() {
            return Percentiles::default();
        }
        let mut v = samples.to_vec();
        v.sort_by(f64::total_cmp);
        let rank = |p: f64| {
            let i = ((p * v.len() as f64).ceil() as usize).clamp(1, v.len()) - 1;
            v[i]
        };
        Percentiles {
            runs: v.len(),
            p50_ms: rank(0.50),
            p95_ms: rank(0.95),
            max_ms: v[v.len() - 1],
        }
    }
}

/// Import figures.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ImportStats {
    /// Documents imported with `pipeline::add_bytes` (the shipped plan, written
    /// first with `Store::write`, is not among them).
    pub documents: usize,
    /// Bytes of their input text.
    pub text_bytes: u64,
    /// Import of all documents, in seconds (their index upkeep included).
    pub seconds: f64,
    /// `text_bytes` / `seconds`, in MB (10^6 bytes) per second.
    pub mb_per_s: f64,
    /// Build alone (decode → graph, nothing stored), timed on every tenth
    /// document besides its import.
    pub build: Percentiles,
    /// Per document: the import, `pipeline::add_bytes` (decode and restore,
    /// then the graph built on one thread while its passages are written on
    /// this one, then the rest of the graph; one transaction).
    pub import: Percentiles,
    /// Per document: the index upkeep after its import (`Store::upkeep`,
    /// steps of merging the full-text segments until none is left), which the
    /// app runs in the background and the CLI before it exits.
    pub upkeep: Percentiles,
    /// The shipped plan: build + `Store::write` (atomic whole rebuild), ms.
    pub first_write_ms: f64,
}

/// Latency of one query.
#[derive(Debug, Clone, Serialize)]
pub struct QueryStat {
    /// What was asked.
    pub query: String,
    /// Its latency.
    #[serde(flatten)]
    pub latency: Percentiles,
}

/// Figures at one library size.
#[derive(Debug, Clone, Serialize)]
pub struct Stage {
    /// Documents in the library.
    pub documents: usize,
    /// Database file size, bytes.
    pub db_bytes: u64,
    /// Opening the library (`Session::open_or_build`: integrity check,
    /// first document loaded), ms.
    pub open_ms: f64,
    /// Peak resident memory so far (VmHWM), kB.
    pub vm_hwm_kb: u64,
    /// Documents the queries ran on.
    pub sampled: Vec<String>,
    /// Query latencies.
    pub queries: Vec<QueryStat>,
}

/// What `planmap scale` reports.
#[derive(Debug, Clone, Serialize)]
pub struct ScaleReport {
    /// The corpus folder used, if any.
    pub corpus: Option<String>,
    /// Documents read from it.
    pub corpus_documents: usize,
    /// Documents generated.
    pub generated: usize,
    /// Import figures.
    pub import: ImportStats,
    /// Figures at 1, ~30 and all documents.
    pub stages: Vec<Stage>,
    /// Peak resident memory of the whole run (VmHWM), kB.
    pub peak_memory_kb: u64,
}

/// Peak resident memory of this process (VmHWM), kB; 0 where unknown.
pub fn vm_hwm_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .unwrap_or(0)
}

/// A small seeded PRNG (SplitMix64): deterministic on every platform.
#[derive(Debug, Clone)]
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

/// Generated document `i` (0-based): the shipped plan with about half of its
/// body paragraphs replaced by other paragraphs of the plan, its county-level
/// units permuted, and its title numbered (`样本<i+1>：…`). Same `i`, same text.
pub fn generated_document(i: usize) -> String {
    let plan = std::str::from_utf8(DEFAULT_PLAN).unwrap_or_default();
    let lines: Vec<&str> = plan.lines().collect();
    // Body paragraphs: long lines ending a sentence; headings stay in place.
    let is_body = |l: &str| l.chars().count() >= 40 && l.ends_with('。');
    let pool: Vec<&str> = lines.iter().copied().filter(|l| is_body(l)).collect();
    let mut rng = Rng(0x5EED_0000 ^ (i as u64).wrapping_mul(0x1000_0000_01B3));
    // A permutation of the names of the plan's subdivisions (its
    // jurisdiction's, from the gazetteer).
    let g = crate::gazetteer::Gazetteer::get();
    let names: Vec<String> = match crate::extract::regions::detect_jurisdiction(plan) {
        Some(crate::extract::regions::Jurisdiction::Unit(u)) => g
            .subdivisions(Some(u))
            .into_iter()
            .map(|c| g.unit(c).name.to_string())
            .collect(),
        _ => Vec::new(),
    };
    let mut perm: Vec<usize> = (0..names.len()).collect();
    for k in (1..perm.len()).rev() {
        perm.swap(k, rng.below(k + 1));
    }
    let mut out = String::with_capacity(plan.len() + 64);
    for (n, line) in lines.iter().enumerate() {
        let mut l = if is_body(line) && rng.below(2) == 0 && !pool.is_empty() {
            pool[rng.below(pool.len())].to_string()
        } else {
            (*line).to_string()
        };
        if n == 0 {
            // Not the shipped plan's opening words: the shipped curation
            // (facts about that plan only) is applied to a text that starts
            // with them, and its facts do not hold in a recombined text.
            l = format!("样本{}：{l}", i + 1);
        }
        out.push_str(&swap_names(&l, &names, &perm));
        out.push('\n');
    }
    out
}

/// Replace each county-level name by its image under `perm`, in one pass.
fn swap_names(line: &str, names: &[String], perm: &[usize]) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    'outer: while !rest.is_empty() {
        for (k, name) in names.iter().enumerate() {
            if !name.is_empty() && rest.starts_with(name.as_str()) {
                out.push_str(&names[perm[k]]);
                rest = &rest[name.len()..];
                continue 'outer;
            }
        }
        let c = rest.chars().next().unwrap_or(' ');
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// The default corpus folder: `../shared/corpus/provincial-work-reports-2026`
/// next to the repository.
pub fn default_corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("shared")
        .join("corpus")
        .join("provincial-work-reports-2026")
}

/// Run the measurement. `say` gets progress lines (and the note when the
/// corpus is absent).
pub fn run(opts: &ScaleOptions, say: &mut dyn FnMut(&str)) -> Result<ScaleReport> {
    let (db, temporary) = match &opts.db {
        Some(p) => (p.clone(), false),
        None => (
            std::env::temp_dir().join(format!("planmap-scale-{}.db", std::process::id())),
            true,
        ),
    };
    let result = measure(opts, &db, say);
    if temporary {
        let _ = std::fs::remove_file(&db);
        let _ = std::fs::remove_file(crate::api::with_suffix(&db, "-journal"));
    }
    result
}

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1000.0
}

fn measure(opts: &ScaleOptions, db: &Path, say: &mut dyn FnMut(&str)) -> Result<ScaleReport> {
    let build_opts = BuildOptions::default();
    // (a) the shipped plan, as a fresh one-document database
    let t = Instant::now();
    let first = build_bytes(DEFAULT_PLAN, DEFAULT_PLAN_NAME, &build_opts)?;
    Store::write(db, &first.graph)?;
    let first_write_ms = ms(t);
    drop(first);
    let mut stages = vec![stage(db, 1)?];
    say(&format!(
        "1 document: {first_write_ms:.1} ms to build and write"
    ));

    // (b) the corpus
    let dir = opts.corpus.clone().unwrap_or_else(default_corpus);
    let mut corpus_files: Vec<PathBuf> = match std::fs::read_dir(&dir) {
        Ok(entries) => entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "txt") && p.is_file())
            .collect(),
        Err(_) => {
            say(&format!(
                "no corpus at {} (skipped): the second stage uses generated documents",
                dir.display()
            ));
            Vec::new()
        }
    };
    corpus_files.sort();
    let corpus = (!corpus_files.is_empty()).then(|| dir.display().to_string());

    let mut store = Store::open(db)?;
    let mut imp = Importer::default();
    for f in &corpus_files {
        let bytes = std::fs::read(f).map_err(|source| Error::Io {
            path: f.clone(),
            source,
        })?;
        let name = f
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        imp.import(&mut store, &bytes, &name)?;
    }
    // (c) generated documents; the first 30 make the second stage when
    // there is no corpus
    let mut generated = 0;
    let early = if corpus_files.is_empty() {
        opts.generate.min(30)
    } else {
        0
    };
    generated = gen(&mut store, &mut imp, generated, early)?;
    let n = 1 + corpus_files.len() + generated;
    if n > 1 {
        drop(store);
        stages.push(stage(db, n)?);
        say(&format!("{n} documents"));
        store = Store::open(db)?;
    }
    let total = opts.generate;
    while generated < total {
        let upto = (generated + 100).min(total);
        generated = gen(&mut store, &mut imp, generated, upto)?;
        say(&format!(
            "{} documents ({generated} of {total} generated)",
            1 + corpus_files.len() + generated
        ));
    }
    drop(store);
    let n_all = 1 + corpus_files.len() + generated;
    if n_all > n {
        stages.push(stage(db, n_all)?);
    }

    let import = imp.stats(first_write_ms);
    Ok(ScaleReport {
        corpus,
        corpus_documents: corpus_files.len(),
        generated,
        import,
        stages,
        peak_memory_kb: vm_hwm_kb(),
    })
}

/// Generate and import documents `from..upto`; returns `upto`.
fn gen(store: &mut Store, imp: &mut Importer, from: usize, upto: usize) -> Result<usize> {
    for k in from..upto {
        let text = generated_document(k);
        imp.import(
            store,
            text.as_bytes(),
            &format!("generated-{:04}.txt", k + 1),
        )?;
    }
    Ok(upto)
}

#[derive(Default)]
struct Importer {
    bytes: u64,
    build: Vec<f64>,
    import: Vec<f64>,
    upkeep: Vec<f64>,
}

impl Importer {
    fn import(&mut self, store: &mut Store, bytes: &[u8], name: &str) -> Result<()> {
        let opts = BuildOptions::default();
        if self.import.len() % 10 == 0 {
            let t = Instant::now();
            build_bytes(bytes, name, &opts)?;
            self.build.push(ms(t));
        }
        let t = Instant::now();
        add_bytes(store, bytes, name, &opts)?;
        self.import.push(ms(t));
        let t = Instant::now();
        store.upkeep()?;
        self.upkeep.push(ms(t));
        self.bytes += bytes.len() as u64;
        Ok(())
    }

    fn stats(&self, first_write_ms: f64) -> ImportStats {
        let secs = (self.import.iter().sum::<f64>() + self.upkeep.iter().sum::<f64>()) / 1000.0;
        let mb = self.bytes as f64 / 1e6;
        ImportStats {
            documents: self.import.len(),
            text_bytes: self.bytes,
            seconds: secs,
            mb_per_s: if secs > 0.0 { mb / secs } else { 0.0 },
            build: Percentiles::of(&self.build),
            import: Percentiles::of(&self.import),
            upkeep: Percentiles::of(&self.upkeep),
            first_write_ms,
        }
    }
}

/// Runs of each query on each sampled document.
const RUNS: usize = 5;
/// Documents sampled per stage.
const SAMPLES: usize = 8;

/// Open the library and time the queries a user waits on.
fn stage(db: &Path, documents: usize) -> Result<Stage> {
    let db_bytes = std::fs::metadata(db).map(|m| m.len()).unwrap_or(0);
    let t = Instant::now();
    let mut s = Session::open_or_build(db, &mut |_| {})?.session;
    let open_ms = ms(t);
    let docs = s.documents()?;
    let picks: Vec<String> = if docs.len() <= SAMPLES {
        docs.iter().map(|d| d.id.clone()).collect()
    } else {
        (0..SAMPLES)
            .map(|k| docs[k * (docs.len() - 1) / (SAMPLES - 1)].id.clone())
            .collect()
    };
    let names = [
        "open document (load its graph)",
        "county filter",
        "goal trace",
        "focus, 2 hops",
        "shortest path",
        "search, 1 char (发)",
        "search, 2 chars (创新)",
        "search, 5 chars (高质量发展)",
        "all documents: search, 1 char (发)",
        "all documents: search, 2 chars (创新)",
        "all documents: search, 5 chars (高质量发展)",
        "all documents: search, 2 chars, no match (鲸鲨)",
        "all documents: search, 6 chars, common pairs, rare (发展质量创新高)",
    ];
    let mut samples: Vec<Vec<f64>> = vec![Vec::new(); names.len()];
    const LIMIT: usize = 60; // what the app asks for
    for doc in &picks {
        for _ in 0..RUNS {
            let t = Instant::now();
            s.open_document(doc)?;
            samples[0].push(ms(t));
        }
        let g = &s.graph().data;
        let region = g
            .nodes
            .iter()
            .find(|n| n.kind == NodeKind::Region)
            .map(|n| n.label.clone());
        let goal = g
            .nodes
            .iter()
            .find(|n| n.kind == NodeKind::Goal)
            .map(|n| n.id.clone());
        let measure = g
            .nodes
            .iter()
            .rev()
            .find(|n| n.kind == NodeKind::Measure)
            .map(|n| n.id.clone());
        let hub = s
            .view_graph()
            .nodes
            .into_iter()
            .max_by_key(|n| n.degree)
            .map(|n| n.id);
        for _ in 0..RUNS {
            if let Some(r) = &region {
                let t = Instant::now();
                let _ = s.counties(std::slice::from_ref(r));
                samples[1].push(ms(t));
            }
            if let Some(gl) = &goal {
                let t = Instant::now();
                let _ = s.trace(gl);
                samples[2].push(ms(t));
            }
            if let Some(h) = &hub {
                let t = Instant::now();
                let _ = s.focus(h, 2);
                samples[3].push(ms(t));
            }
            if let (Some(a), Some(b)) = (&goal, &measure) {
                let t = Instant::now();
                let _ = s.path(a, b);
                samples[4].push(ms(t));
            }
            for (k, q) in ["发", "创新", "高质量发展"].iter().enumerate() {
                let t = Instant::now();
                s.search(q, LIMIT)?;
                samples[5 + k].push(ms(t));
            }
            for (k, q) in ["发", "创新", "高质量发展", "鲸鲨", "发展质量创新高"]
                .iter()
                .enumerate()
            {
                let t = Instant::now();
                s.search_all(q, LIMIT)?;
                samples[8 + k].push(ms(t));
            }
        }
    }
    Ok(Stage {
        documents,
        db_bytes,
        open_ms,
        vm_hwm_kb: vm_hwm_kb(),
        sampled: picks,
        queries: names
            .iter()
            .zip(&samples)
            .map(|(n, v)| QueryStat {
                query: n.to_string(),
                latency: Percentiles::of(v),
            })
            .collect(),
    })
}

impl ScaleReport {
    /// The report as a readable table.
    pub fn table(&self) -> String {
        let mut s = String::new();
        let i = &self.import;
        s += &format!(
            "documents: 1 shipped plan, {} from the corpus{}, {} generated\n",
            self.corpus_documents,
            self.corpus
                .as_deref()
                .map(|c| format!(" ({c})"))
                .unwrap_or_default(),
            self.generated
        );
        s += &format!(
            "import: {} documents, {:.2} MB of text in {:.2} s (index upkeep included): {:.2} MB/s\n",
            i.documents,
            i.text_bytes as f64 / 1e6,
            i.seconds,
            i.mb_per_s,
        );
        s += "per document (ms)        p50      p95      max\n";
        for (name, p) in [
            ("build alone (1 in 10)", &i.build),
            ("import", &i.import),
            ("index upkeep after it", &i.upkeep),
        ] {
            s += &format!(
                "  {name:<22} {:>8.2} {:>8.2} {:>8.2}\n",
                p.p50_ms, p.p95_ms, p.max_ms
            );
        }
        s += &format!(
            "  shipped plan: build + atomic write {:.1} ms\n",
            i.first_write_ms
        );
        s += &format!(
            "peak memory (VmHWM): {:.1} MB\n\n",
            self.peak_memory_kb as f64 / 1024.0
        );
        s += "query latency, ms (p50 / p95)";
        for st in &self.stages {
            s += &format!(" | {:>5} docs     ", st.documents);
        }
        s += "\n";
        let width = 46;
        let row = |label: &str, cells: Vec<String>| {
            let mut line = format!("{label:<width$}");
            for c in cells {
                line += &format!(" | {c:>16}");
            }
            line + "\n"
        };
        s += &row(
            "database size (MB)",
            self.stages
                .iter()
                .map(|st| format!("{:.1}", st.db_bytes as f64 / 1e6))
                .collect(),
        );
        s += &row(
            "open library (integrity check, first doc)",
            self.stages
                .iter()
                .map(|st| format!("{:.1}", st.open_ms))
                .collect(),
        );
        s += &row(
            "peak memory so far (MB)",
            self.stages
                .iter()
                .map(|st| format!("{:.1}", st.vm_hwm_kb as f64 / 1024.0))
                .collect(),
        );
        if let Some(first) = self.stages.first() {
            for (k, q) in first.queries.iter().enumerate() {
                s += &row(
                    &q.query,
                    self.stages
                        .iter()
                        .map(|st| {
                            let l = &st.queries[k].latency;
                            format!("{:.2} / {:.2}", l.p50_ms, l.p95_ms)
                        })
                        .collect(),
                );
            }
        }
        s
    }
}
