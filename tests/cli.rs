//! The real `planmap` binary: build, queries, exports, help, and errors
//! (exit code and exactly one `planmap: error:` line on stderr).
//!
//! Every run passes `--db` (or `PLANMAP_DB`) into a temporary folder, so the
//! user's data folder is never touched.

mod common;
use common::well_formed_xml;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_planmap");

fn run(args: &[&str], db: Option<&Path>) -> Output {
    let mut c = Command::new(BIN);
    c.args(args);
    if let Some(db) = db {
        c.arg("--db").arg(db);
    }
    // never fall back to the user's data folder
    c.env("PLANMAP_DB", "/nonexistent-planmap-test-dir/planmap.db");
    c.output().expect("the binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).expect("stderr is UTF-8")
}

fn ok(o: &Output, what: &str) -> String {
    assert!(
        o.status.success(),
        "{what} failed ({:?}): {}",
        o.status.code(),
        stderr(o)
    );
    stdout(o)
}

/// A failure: non-zero exit and exactly one stderr line starting with `planmap: error:`.
fn one_error_line(o: &Output, what: &str) -> String {
    assert!(!o.status.success(), "{what} should fail");
    assert_ne!(o.status.code(), Some(0));
    let err = stderr(o);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 1, "{what}: one stderr line, got {err:?}");
    assert!(lines[0].starts_with("planmap: error:"), "{what}: {err:?}");
    lines[0].to_string()
}

/// The database the read-only tests share: the shipped plan, built once.
struct Shared {
    _dir: tempfile::TempDir,
    db: PathBuf,
}

fn shared() -> &'static Path {
    static S: OnceLock<Shared> = OnceLock::new();
    let s = S.get_or_init(|| {
        // statics are never dropped: clear shared folders of earlier runs (over
        // ten minutes old, so a concurrent run keeps its own), then make ours
        let root = Path::new(env!("CARGO_TARGET_TMPDIR"));
        for e in std::fs::read_dir(root).into_iter().flatten().flatten() {
            let old = e
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age.as_secs() > 600);
            if old
                && e.file_name()
                    .to_string_lossy()
                    .starts_with("planmap-cli-shared-")
            {
                let _ = std::fs::remove_dir_all(e.path());
            }
        }
        let dir = tempfile::Builder::new()
            .prefix("planmap-cli-shared-")
            .tempdir_in(root)
            .unwrap();
        let db = dir.path().join("plan.db");
        let o = run(&["build"], Some(&db));
        ok(&o, "build");
        let msg = stderr(&o);
        assert!(msg.contains("12 parts, 51 sections"), "{msg}");
        assert!(db.is_file());
        Shared { _dir: dir, db }
    });
    &s.db
}

fn export_json(db: &Path) -> Value {
    let out = ok(
        &run(&["export", "--format", "json"], Some(db)),
        "export json",
    );
    serde_json::from_str(&out).expect("export is valid JSON")
}

// ───────────────────────────── build and export ─────────────────────────────

#[test]
fn export_json_to_stdout_has_51_sections() {
    let v = export_json(shared());
    assert_eq!(v["format"], "planmap-graph");
    assert_eq!(v["version"], 2);
    let sections = v["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["kind"] == "section")
        .count();
    assert_eq!(sections, 51);
    // the export equals what the library builds
    let built = planmap::build_default(&planmap::BuildOptions::default()).unwrap();
    assert_eq!(v["documents"][0]["text"], built.graph.documents[0].text);
}

#[test]
fn export_json_to_a_file() {
    let dir = common::tmp("cli");
    let f = dir.path().join("graph.json");
    let o = run(
        &["export", "--format", "json", "-o", f.to_str().unwrap()],
        Some(shared()),
    );
    assert!(ok(&o, "export -o").is_empty(), "nothing on stdout with -o");
    let v: Value = serde_json::from_str(&std::fs::read_to_string(&f).unwrap()).unwrap();
    assert_eq!(v, export_json(shared()));
}

#[test]
fn other_export_formats_write_files() {
    let dir = common::tmp("cli");
    let nodes = export_json(shared())["nodes"].as_array().unwrap().len();
    for (fmt, name) in [
        ("graphml", "g.graphml"),
        ("gexf", "g.gexf"),
        ("dot", "g.dot"),
    ] {
        let f = dir.path().join(name);
        ok(
            &run(
                &["export", "--format", fmt, "-o", f.to_str().unwrap()],
                Some(shared()),
            ),
            fmt,
        );
        let s = std::fs::read_to_string(&f).unwrap();
        assert!(!s.is_empty(), "{fmt} is not empty");
        assert!(s.contains("祥符荡科创绿谷"), "{fmt} carries labels");
        match fmt {
            "dot" => assert!(s.trim_start().starts_with("digraph"), "{}", &s[..40]),
            _ => assert!(well_formed_xml(&s) > nodes, "{fmt} has an element per node"),
        }
    }
    let f = dir.path().join("g.csv");
    ok(
        &run(
            &["export", "--format", "csv", "-o", f.to_str().unwrap()],
            Some(shared()),
        ),
        "csv",
    );
    let n = std::fs::read_to_string(dir.path().join("g.nodes.csv")).unwrap();
    let e = std::fs::read_to_string(dir.path().join("g.edges.csv")).unwrap();
    assert!(n.starts_with("id,") && n.lines().count() > nodes);
    assert!(e.lines().count() > 1);
}

#[test]
fn county_export_is_a_subgraph() {
    let out = ok(
        &run(
            &["export", "--format", "json", "--county", "嘉善县"],
            Some(shared()),
        ),
        "export --county",
    );
    let v: Value = serde_json::from_str(&out).unwrap();
    let ids: Vec<&str> = v["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].as_str().unwrap())
        .collect();
    assert!(ids.contains(&"platform:祥符荡科创绿谷"));
    assert!(!ids.contains(&"region:乌镇镇"));
    assert!(ids.len() < export_json(shared())["nodes"].as_array().unwrap().len());
}

// ───────────────────────────── queries ─────────────────────────────

#[test]
fn stats() {
    let out = ok(&run(&["stats"], Some(shared())), "stats");
    assert!(out.contains("24892 chars"), "{out}");
    assert!(out.lines().any(|l| l.trim() == "section      51"), "{out}");
    assert!(out.lines().any(|l| l.trim() == "part         12"), "{out}");
    assert!(out.contains("restored-char"));
    assert!(out.contains("missing-numeral"));
}

#[test]
fn show_a_platform() {
    let out = ok(&run(&["show", "祥符荡科创绿谷"], Some(shared())), "show");
    let first = out.lines().next().unwrap();
    assert!(
        first.starts_with("祥符荡科创绿谷  [platform]  platform:祥符荡科创绿谷"),
        "{first}"
    );
    assert!(out.contains("region: "), "{out}");
    assert!(out.contains("→ located_in region:"), "{out}");
    assert!(out.contains("evidence:"));
    // two evidence sentences, each containing the name
    let ev: Vec<&str> = out
        .lines()
        .skip_while(|l| *l != "evidence:")
        .skip(1)
        .collect();
    assert_eq!(ev.len(), 2, "{out}");
    assert!(ev.iter().all(|l| l.contains("祥符荡科创绿谷")));
}

#[test]
fn search_finds_nodes_and_passages() {
    let out = ok(&run(&["search", "科创走廊"], Some(shared())), "search");
    assert!(!out.is_empty());
    for l in out.lines() {
        assert!(l.starts_with("node ") || l.starts_with("passage "), "{l}");
        assert!(l.contains("科创走廊"), "{l}");
    }
    assert!(out.lines().any(|l| l.starts_with("passage ")));
    // short queries too
    for q in ["嘉善", "湖"] {
        let out = ok(&run(&["search", q, "--limit", "5"], Some(shared())), q);
        let n = out.lines().count();
        assert!((1..=5).contains(&n), "{q}: {n} lines");
    }
}

#[test]
fn trace_a_goal() {
    let v = export_json(shared());
    let edges = v["edges"].as_array().unwrap();
    let goal = v["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].as_str().unwrap())
        .find(|id| {
            id.starts_with("goal:")
                && edges
                    .iter()
                    .any(|e| e["kind"] == "supports" && e["target"] == *id)
        })
        .expect("a supported goal");
    let out = ok(&run(&["trace", goal], Some(shared())), "trace");
    let n: usize = out
        .lines()
        .next()
        .unwrap()
        .strip_suffix(" nodes")
        .unwrap()
        .parse()
        .unwrap();
    assert!(n >= 2, "{out}");
    assert_eq!(out.lines().count(), n + 1);
    assert!(out.contains(&format!("({goal})")));
    assert!(out.contains("[section]") || out.contains("[part]") || out.contains("[measure]"));
}

#[test]
fn region_lens() {
    let out = ok(&run(&["region", "嘉善县"], Some(shared())), "region");
    assert!(out.contains("(platform:祥符荡科创绿谷)"), "{out}");
    assert!(out.contains("(region:嘉善县)"));
    assert!(!out.contains("(region:乌镇镇)"));
    assert!(!out.contains("(region:桐乡市)"));
}

#[test]
fn gaps_and_rank() {
    let out = ok(&run(&["gaps"], Some(shared())), "gaps");
    for title in [
        "goals without supporting measures:",
        "platforms/projects/programs without a region:",
        "entities named by no measure:",
        "measures that mention nothing:",
        "sections without measures:",
    ] {
        assert!(out.contains(title), "{title} in {out}");
    }
    let out = ok(&run(&["rank", "--limit", "7"], Some(shared())), "rank");
    assert_eq!(out.lines().count(), 7);
    let out = ok(
        &run(
            &["rank", "--kind", "platform", "--limit", "5"],
            Some(shared()),
        ),
        "rank --kind",
    );
    assert_eq!(out.lines().count(), 5);
    assert!(out.lines().all(|l| l.contains("[platform]")), "{out}");
    let scores: Vec<f64> = out
        .lines()
        .map(|l| l.split_whitespace().next().unwrap().parse().unwrap())
        .collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    one_error_line(
        &run(&["rank", "--kind", "bogus"], Some(shared())),
        "rank --kind bogus",
    );
}

#[test]
fn path_between_a_platform_and_a_county() {
    let out = ok(
        &run(&["path", "祥符荡科创绿谷", "嘉善县"], Some(shared())),
        "path",
    );
    let nodes: Vec<&str> = out.lines().filter(|l| !l.starts_with("   ↓")).collect();
    assert!(nodes.len() >= 2, "{out}");
    assert!(nodes[0].ends_with("platform:祥符荡科创绿谷"));
    assert!(nodes.last().unwrap().ends_with("region:嘉善县"));
}

#[test]
fn help_for_every_subcommand() {
    let top = ok(&run(&["--help"], None), "--help");
    let subs = [
        "build", "stats", "show", "search", "trace", "region", "path", "rank", "gaps", "export",
        "eval",
    ];
    for s in subs {
        assert!(top.contains(s), "{s} listed in --help");
        let out = ok(&run(&[s, "--help"], None), s);
        assert!(out.contains("Usage: planmap"), "{s}: {out}");
        assert!(out.contains(s), "{s}");
    }
}

// ───────────────────────────── errors ─────────────────────────────

#[test]
fn bad_inputs_fail_with_one_line() {
    let dir = common::tmp("cli");
    let db = dir.path().join("x.db");
    let empty = dir.path().join("empty.txt");
    std::fs::write(&empty, "").unwrap();
    let png = dir.path().join("image.txt");
    let mut bytes = b"\x89PNG\r\n\x1a\n".to_vec();
    bytes.extend_from_slice(&[0, 0, 0, 13, b'I', b'H', b'D', b'R', 1, 2, 3, 0xff, 0xfe]);
    std::fs::write(&png, bytes).unwrap();
    let missing = dir.path().join("missing.txt");

    let l = one_error_line(
        &run(&["build", empty.to_str().unwrap()], Some(&db)),
        "empty",
    );
    assert!(l.contains("empty"), "{l}");
    let l = one_error_line(&run(&["build", png.to_str().unwrap()], Some(&db)), "png");
    assert!(l.contains("PNG"), "{l}");
    let l = one_error_line(
        &run(&["build", missing.to_str().unwrap()], Some(&db)),
        "missing",
    );
    assert!(l.contains("missing.txt"), "{l}");
    assert!(!db.exists(), "failed builds create no database");
}

#[test]
fn querying_a_missing_database_fails_with_one_line() {
    let dir = common::tmp("cli");
    let db = dir.path().join("never-built.db");
    for args in [
        vec!["stats"],
        vec!["show", "嘉善县"],
        vec!["search", "嘉善"],
        vec!["export", "--format", "json"],
    ] {
        let l = one_error_line(&run(&args, Some(&db)), &args.join(" "));
        assert!(l.contains("never-built.db"), "{l}");
    }
    assert!(!db.exists(), "queries do not create a database");
}

#[test]
fn unknown_node_fails_with_one_line() {
    one_error_line(
        &run(&["show", "不存在的东西"], Some(shared())),
        "show unknown",
    );
    one_error_line(
        &run(&["trace", "section:二.一"], Some(shared())),
        "trace a section",
    );
    one_error_line(
        &run(&["region", "section:二.一"], Some(shared())),
        "region of a section",
    );
}

#[test]
fn a_failed_build_leaves_the_database_intact() {
    let dir = common::tmp("cli");
    let db = dir.path().join("keep.db");
    let good = dir.path().join("good.txt");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/paren-style.txt"),
        &good,
    )
    .unwrap();
    ok(
        &run(&["build", good.to_str().unwrap()], Some(&db)),
        "build good",
    );
    let before = ok(&run(&["export", "--format", "json"], Some(&db)), "export");
    let bad = dir.path().join("bad.txt");
    std::fs::write(&bad, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR junk").unwrap();
    one_error_line(
        &run(&["build", bad.to_str().unwrap()], Some(&db)),
        "build bad",
    );
    let after = ok(
        &run(&["export", "--format", "json"], Some(&db)),
        "export after",
    );
    assert_eq!(before, after);
    let v: Value = serde_json::from_str(&after).unwrap();
    assert_eq!(v["documents"][0]["source"], "good.txt");
    // no temporary files left next to it
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("building"))
        .collect();
    assert!(names.is_empty(), "{names:?}");
}

#[test]
fn planmap_db_env_is_honoured() {
    let dir = common::tmp("cli");
    let db = dir.path().join("env.db");
    let good = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/arabic-style.txt");
    let o = Command::new(BIN)
        .args(["build", good.to_str().unwrap()])
        .env("PLANMAP_DB", &db)
        .output()
        .unwrap();
    ok(&o, "build with PLANMAP_DB");
    assert!(db.is_file(), "built into $PLANMAP_DB");
    let o = Command::new(BIN)
        .arg("stats")
        .env("PLANMAP_DB", &db)
        .output()
        .unwrap();
    let out = ok(&o, "stats with PLANMAP_DB");
    assert!(out.contains("arabic-style.txt"), "{out}");
    assert!(out.lines().any(|l| l.trim() == "section      5"), "{out}");
    // --db wins over the variable
    let other = dir.path().join("other.db");
    let o = Command::new(BIN)
        .args(["stats", "--db", other.to_str().unwrap()])
        .env("PLANMAP_DB", &db)
        .output()
        .unwrap();
    one_error_line(&o, "stats --db other");
}
