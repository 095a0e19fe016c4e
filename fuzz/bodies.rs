//! The bodies of the fuzz targets, shared by `fuzz_targets/*.rs` (cargo fuzz,
//! nightly flags) and `tests/fuzz_corpus.rs` (stable `cargo test`, which runs
//! them over the committed corpus in `fuzz/corpus/`).
//!
//! Each body panics only when a promise is broken: the pipeline never panics
//! and what it builds is consistent; the CLI never panics and a failing
//! command has a one-line message.
#![allow(dead_code)]

use std::cell::RefCell;
use std::ffi::OsString;
use std::path::PathBuf;
use std::sync::OnceLock;

use clap::Parser;
use planmap::cli::{error_line, run, writes_files, Cli, Cmd, Env, Format};

/// Fuzz target `pipeline`: any bytes through `build_bytes`.
pub fn pipeline(data: &[u8]) {
    match planmap::build_bytes(data, "fuzz.txt", &planmap::BuildOptions::default()) {
        Ok(built) => check(&built.graph),
        Err(e) => {
            let msg = e.to_string();
            assert!(!msg.is_empty() && !msg.contains('\n'), "{msg:?}");
        }
    }
}

/// What a built graph promises: one document whose length is counted in
/// characters, unique node ids, edges between nodes that exist, every span
/// inside the text.
pub fn check(g: &planmap::GraphData) {
    assert_eq!(g.documents.len(), 1);
    let len = g.documents[0].chars;
    assert_eq!(len, g.documents[0].text.chars().count());
    let ids: std::collections::HashSet<&str> = g.nodes.iter().map(|n| n.id.as_str()).collect();
    assert_eq!(ids.len(), g.nodes.len(), "node ids are unique");
    let ok = |s: &[usize; 2]| s[0] <= s[1] && s[1] <= len;
    for e in &g.edges {
        assert!(ids.contains(e.source.as_str()) && ids.contains(e.target.as_str()));
        assert!(e.evidence.iter().all(ok), "edge evidence inside the text");
    }
    for n in &g.nodes {
        assert!(
            n.mentions.iter().all(ok),
            "mentions of {} inside the text",
            n.id
        );
    }
    assert!(g.diagnostics.iter().all(|d| ok(&d.span)));
}

/// The shipped plan's database, written once per process to one fixed place
/// (the write is atomic, so concurrent fuzz workers and test runs share it
/// safely, and nothing piles up).
fn shared_db() -> &'static PathBuf {
    static DB: OnceLock<PathBuf> = OnceLock::new();
    DB.get_or_init(|| {
        let dir = std::env::temp_dir().join("planmap-fuzz");
        std::fs::create_dir_all(&dir).expect("temp folder");
        let db = dir.join("plan.db");
        let built = planmap::build_default(&planmap::BuildOptions::default()).expect("builds");
        planmap::store::Store::write(&db, &built.graph).expect("writes");
        db
    })
}

thread_local! {
    static ENV: RefCell<Env> = RefCell::new(Env::default());
}

/// The arguments in `data`: NUL-separated, as the OS passes them.
pub fn args_of(data: &[u8]) -> Vec<OsString> {
    use std::os::unix::ffi::OsStringExt;
    std::iter::once(OsString::from("planmap"))
        .chain(
            data.split(|b| *b == 0)
                .map(|a| OsString::from_vec(a.to_vec())),
        )
        .collect()
}

/// Fuzz target `cli_args`: any argument list through the CLI's parser; the
/// commands that only read run against the shipped plan's database (with
/// `--db` pointed there), their output into memory.
pub fn cli_args(data: &[u8]) {
    let mut cli = match Cli::try_parse_from(args_of(data)) {
        Ok(cli) => cli,
        Err(e) => {
            // help, version and usage errors render without panicking
            let _ = e.render().to_string();
            return;
        }
    };
    // nothing may write files; images are covered by tests/render.rs (and slow)
    if writes_files(&cli)
        || matches!(
            cli.cmd,
            Cmd::Export {
                format: Format::Png | Format::Svg | Format::Pdf,
                ..
            }
        )
    {
        return;
    }
    cli.cmd.db_mut().db = Some(shared_db().clone());
    let mut out = Vec::new();
    ENV.with(|env| {
        if let Err(e) = run(&mut env.borrow_mut(), cli, &mut out) {
            let line = error_line(&e);
            assert!(!line.is_empty() && !line.contains('\n'), "{line:?}");
        }
    });
}
