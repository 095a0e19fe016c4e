//! Pipeline benchmarks on the shipped plan, one stage at a time:
//!
//! | bench | what runs |
//! |---|---|
//! | `stages/decode` | bytes → text ([`planmap::decode::decode`]) |
//! | `stages/restore` | masked characters restored ([`planmap::restore::restore`]) |
//! | `stages/outline` | parts, sections, paragraphs ([`planmap::outline::parse`]) |
//! | `stages/extract` | outlined text → `GraphData` ([`planmap::pipeline::extract_graph`]) |
//! | `stages/graph-build` | `GraphData` → petgraph index ([`planmap::graph::PlanGraph::new`]) |
//! | `stages/sqlite-write` | atomic write of the built graph ([`Store::write`]) |
//! | `stages/sqlite-load` | [`Store::open`] (integrity check, migrations) + [`Store::load_graph`] |
//! | `stages/session-open` | what the app does at start: open, load, index ([`Session::open_or_build`]) |
//! | `end-to-end/build` | bytes → `GraphData` in memory ([`build_bytes`]) |
//! | `end-to-end/build+store` | bytes → SQLite file, the build overlapped with the write ([`planmap::pipeline::build_bytes_into`], what `planmap build` does) |
//!
//! Throughput is bytes of input for `decode` and the end-to-end runs, bytes
//! of (UTF-8) text for the text stages. Also: `image-export` (headless layout
//! and 4× PNG of the whole plan) and, when
//! `../shared/corpus/provincial-work-reports-2026/` exists next to the crate,
//! `corpus-build`, a full build of each report in it (skipped otherwise).
//!
//! The queries are in `benches/queries.rs`. `scripts/bench` runs both;
//! `scripts/bench --smoke` runs every body once (criterion's test mode).

use std::hint::black_box;
use std::path::PathBuf;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use planmap::api::Session;
use planmap::graph::PlanGraph;
use planmap::pipeline::{extract_graph, DEFAULT_PLAN, DEFAULT_PLAN_NAME};
use planmap::store::Store;
use planmap::{build_bytes, BuildOptions};

fn stages(c: &mut Criterion) {
    let opts = BuildOptions::default();
    let decoded = planmap::decode::decode(DEFAULT_PLAN).unwrap();
    let restored = planmap::restore::restore(&decoded.text);
    let outline = planmap::outline::parse(&restored.text);
    let mut earlier = decoded.diagnostics.clone();
    earlier.extend(restored.diagnostics.iter().cloned());
    let text = restored.text.clone();
    let text_bytes = Throughput::Bytes(text.len() as u64);
    let graph = extract_graph(&text, &outline, earlier.clone(), DEFAULT_PLAN_NAME, &opts).unwrap();
    // the stages compose to the one build API
    assert_eq!(
        graph,
        build_bytes(DEFAULT_PLAN, DEFAULT_PLAN_NAME, &opts)
            .unwrap()
            .graph
    );

    let mut g = c.benchmark_group("stages");
    g.throughput(Throughput::Bytes(DEFAULT_PLAN.len() as u64));
    g.bench_function("decode", |b| {
        b.iter(|| planmap::decode::decode(black_box(DEFAULT_PLAN)).unwrap())
    });
    g.throughput(text_bytes.clone());
    g.bench_function("restore", |b| {
        b.iter(|| planmap::restore::restore(black_box(&decoded.text)))
    });
    g.bench_function("outline", |b| {
        b.iter(|| planmap::outline::parse(black_box(&text)))
    });
    // once per process, on a thread of its own while the text is decoded
    g.bench_function("gazetteer-load", |b| {
        b.iter(planmap::gazetteer::Gazetteer::load)
    });
    // once per document: the places its jurisdiction can name, with their matcher
    let jurisdiction = planmap::extract::regions::detect_jurisdiction(&text);
    g.bench_function("places", |b| {
        b.iter(|| planmap::extract::regions::Places::new(black_box(jurisdiction)))
    });
    g.bench_function("extract", |b| {
        b.iter_batched(
            || earlier.clone(),
            |diags| {
                extract_graph(
                    black_box(&text),
                    black_box(&outline),
                    diags,
                    DEFAULT_PLAN_NAME,
                    &opts,
                )
                .unwrap()
            },
            BatchSize::SmallInput,
        )
    });
    g.bench_function("graph-build", |b| {
        b.iter_batched(
            || graph.clone(),
            |data| PlanGraph::new(black_box(data)),
            BatchSize::SmallInput,
        )
    });

    // SQLite: a write is a new file written aside, fsynced and renamed over
    // the old one, so it is dominated by the disk; fewer samples.
    g.sample_size(30);
    g.measurement_time(Duration::from_secs(8));
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("bench.db");
    g.bench_function("sqlite-write", |b| {
        b.iter(|| Store::write(&db, black_box(&graph)).unwrap())
    });
    g.bench_function("sqlite-load", |b| {
        b.iter(|| {
            let store = Store::open(black_box(&db)).unwrap();
            store.load_graph().unwrap()
        })
    });
    g.bench_function("session-open", |b| {
        b.iter(|| {
            let opened = Session::open_or_build(black_box(&db), &mut |_| {}).unwrap();
            assert!(!opened.built);
            opened.session
        })
    });
    g.finish();

    let mut g = c.benchmark_group("end-to-end");
    g.throughput(Throughput::Bytes(DEFAULT_PLAN.len() as u64));
    g.bench_function("build", |b| {
        b.iter(|| build_bytes(black_box(DEFAULT_PLAN), DEFAULT_PLAN_NAME, &opts).unwrap())
    });
    g.sample_size(30);
    g.measurement_time(Duration::from_secs(8));
    let e2e = dir.path().join("e2e.db");
    g.bench_function("build+store", |b| {
        b.iter(|| {
            planmap::pipeline::build_bytes_into(
                &e2e,
                black_box(DEFAULT_PLAN),
                DEFAULT_PLAN_NAME,
                &opts,
                &mut |_, _| {},
            )
            .unwrap()
        })
    });
    g.finish();
}

fn corpus(c: &mut Criterion) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("shared/corpus/provincial-work-reports-2026");
    let mut files: Vec<PathBuf> = match std::fs::read_dir(&dir) {
        Ok(rd) => rd
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .collect(),
        Err(_) => {
            eprintln!(
                "corpus {} not found: skipping the corpus benchmarks",
                dir.display()
            );
            return;
        }
    };
    files.sort();
    let opts = BuildOptions::default();
    let mut g = c.benchmark_group("corpus-build");
    g.sample_size(20);
    g.warm_up_time(Duration::from_secs(1));
    g.measurement_time(Duration::from_secs(3));
    for f in files {
        let bytes = std::fs::read(&f).unwrap();
        let name = f.file_name().unwrap().to_string_lossy().into_owned();
        if let Err(e) = build_bytes(&bytes, &name, &opts) {
            eprintln!("{name}: does not build ({e}); skipped");
            continue;
        }
        let id = name
            .trim_start_matches("2026-")
            .trim_end_matches("-政府工作报告.txt")
            .to_string();
        g.throughput(Throughput::Bytes(bytes.len() as u64));
        g.bench_function(id, |b| {
            b.iter(|| build_bytes(black_box(&bytes), &name, &opts).unwrap())
        });
    }
    g.finish();
}

/// Image export of the whole shipped plan: headless layout, and a 4× PNG
/// (capped at 8000 px a side) of the laid-out scene.
fn image_export(c: &mut Criterion) {
    let built = build_bytes(DEFAULT_PLAN, DEFAULT_PLAN_NAME, &BuildOptions::default()).unwrap();
    let mut g = c.benchmark_group("image-export");
    g.sample_size(10);
    g.bench_function("scene_for whole plan", |b| {
        b.iter(|| planmap::render::scene_for(black_box(&built.graph), "嘉兴", &[]))
    });
    let scene = planmap::render::scene_for(&built.graph, "嘉兴", &[]);
    g.bench_function("png 4x whole plan", |b| {
        b.iter(|| planmap::render::to_png(black_box(&scene), 4.0).unwrap())
    });
    g.finish();
}

criterion_group!(benches, stages, corpus, image_export);
criterion_main!(benches);
