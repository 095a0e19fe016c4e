//! Pipeline benchmarks on the shipped plan (decode, restore, outline, full
//! build, build + store) and, when `../shared/corpus/provincial-work-reports-2026/`
//! exists next to the crate, a full build of each report in it.

use std::hint::black_box;
use std::path::PathBuf;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use planmap::pipeline::{DEFAULT_PLAN, DEFAULT_PLAN_NAME};
use planmap::store::Store;
use planmap::{build_bytes, BuildOptions};

fn shipped(c: &mut Criterion) {
    let opts = BuildOptions::default();
    let decoded = planmap::decode::decode(DEFAULT_PLAN).unwrap().text;
    let restored = planmap::restore::restore(&decoded).text;

    let mut g = c.benchmark_group("shipped-plan");
    g.throughput(Throughput::Bytes(DEFAULT_PLAN.len() as u64));
    g.bench_function("decode", |b| {
        b.iter(|| planmap::decode::decode(black_box(DEFAULT_PLAN)).unwrap())
    });
    g.bench_function("restore", |b| {
        b.iter(|| planmap::restore::restore(black_box(&decoded)))
    });
    g.bench_function("outline", |b| {
        b.iter(|| planmap::outline::parse(black_box(&restored)))
    });
    g.bench_function("build", |b| {
        b.iter(|| build_bytes(black_box(DEFAULT_PLAN), DEFAULT_PLAN_NAME, &opts).unwrap())
    });
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("bench.db");
    g.bench_function("build+store", |b| {
        b.iter(|| {
            let built = build_bytes(black_box(DEFAULT_PLAN), DEFAULT_PLAN_NAME, &opts).unwrap();
            Store::write(&db, &built.graph).unwrap();
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

criterion_group!(benches, shipped, corpus, image_export);
criterion_main!(benches);
