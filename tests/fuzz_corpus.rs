//! The fuzz targets' bodies (`fuzz/bodies.rs`) over the committed corpus of
//! interesting inputs (`fuzz/corpus/<target>/`, minimised from the long runs
//! of `scripts/fuzz`) and the regression inputs of every crash found
//! (`fuzz/regressions/<target>/`): the stable, every-CI smoke run of the
//! fuzzers. The long run needs cargo-fuzz and nightly flags; see TRUST.md.

#[path = "../fuzz/bodies.rs"]
mod bodies;

use std::path::Path;

/// Every file under `fuzz/<kind>/<target>/`, sorted, with its name.
fn inputs(kind: &str, target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz")
        .join(kind)
        .join(target);
    let mut v: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .into_iter()
        .flatten()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&p).unwrap())
        })
        .collect();
    v.sort();
    v
}

fn run(target: &str, body: fn(&[u8])) -> usize {
    let mut n = 0;
    for kind in ["corpus", "regressions"] {
        for (name, bytes) in inputs(kind, target) {
            let r = std::panic::catch_unwind(|| body(&bytes));
            assert!(r.is_ok(), "fuzz/{kind}/{target}/{name} panics");
            n += 1;
        }
    }
    n
}

#[test]
fn pipeline_corpus_and_regressions() {
    let n = run("pipeline", bodies::pipeline);
    assert!(n >= 20, "the corpus is there: {n} inputs");
}

#[test]
fn cli_args_corpus_and_regressions() {
    let n = run("cli_args", bodies::cli_args);
    assert!(n >= 30, "the corpus is there: {n} inputs");
}
