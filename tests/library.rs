//! Many documents in one database: each document's graph comes back exactly
//! as a single build gives it, ids of different documents never collide,
//! search within a document sees only that document, a failed add leaves the
//! file byte for byte as it was, a version-1 database becomes a one-document
//! library, and the CLI's `add`, `docs`, `--doc` and `scale` work.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use planmap::api::Session;
use planmap::export::to_json;
use planmap::model::GraphData;
use planmap::scale::generated_document;
use planmap::store::Store;
use planmap::{build_bytes, build_default, BuildOptions, Error};

const BIN: &str = env!("CARGO_BIN_EXE_planmap");

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn build(bytes: &[u8], name: &str) -> GraphData {
    build_bytes(bytes, name, &BuildOptions::default())
        .unwrap()
        .graph
}

fn shipped() -> GraphData {
    build_default(&BuildOptions::default()).unwrap().graph
}

/// A fresh folder holding `lib.db`, a library whose first document (d1) is
/// `first`, open.
fn library_with(first: &GraphData) -> (tempfile::TempDir, PathBuf, Store) {
    let dir = common::tmp("library");
    let db = dir.path().join("lib.db");
    Store::write(&db, first).unwrap();
    let store = Store::open(&db).unwrap();
    (dir, db, store)
}

/// [`library_with`] the shipped plan.
fn shipped_library() -> (tempfile::TempDir, PathBuf, Store) {
    library_with(&shipped())
}

/// The shipped plan, three fixtures of other outline styles and two
/// generated plans.
fn inputs() -> Vec<(String, Vec<u8>)> {
    let mut v = Vec::new();
    for f in ["arabic-style.txt", "paren-style.txt", "glued-numeral.txt"] {
        v.push((f.to_string(), std::fs::read(fixture(f)).unwrap()));
    }
    for i in 0..2 {
        v.push((
            format!("generated-{i}.txt"),
            generated_document(i).into_bytes(),
        ));
    }
    v
}

#[test]
fn each_added_document_loads_exactly_as_its_single_build() {
    let first = shipped();
    let (dir, db, mut store) = library_with(&first);
    let mut expected = vec![("d1".to_string(), to_json(&first))];
    for (name, bytes) in inputs() {
        let g = build(&bytes, &name);
        let added = store.add_document(&g).unwrap();
        assert_eq!(added.nodes, g.nodes.len());
        assert_eq!(added.edges, g.edges.len());
        assert_eq!(added.source, name);
        expected.push((added.id, to_json(&g)));
    }
    drop(store);
    let store = Store::open(&db).unwrap();
    let docs = store.documents().unwrap();
    assert_eq!(
        docs.iter().map(|d| d.id.as_str()).collect::<Vec<_>>(),
        ["d1", "d2", "d3", "d4", "d5", "d6"]
    );
    for (id, json) in &expected {
        let back = store.load_document_graph(id).unwrap();
        assert!(
            to_json(&back) == *json,
            "{id} differs from its single build"
        );
        // and from a fresh one-document database of the same graph
        let single = dir.path().join(format!("{id}.db"));
        Store::write(&single, &back).unwrap();
        assert!(to_json(&Store::open(&single).unwrap().load_graph().unwrap()) == *json);
    }
    // the first document is what the single-document API sees
    assert!(to_json(&store.load_graph().unwrap()) == expected[0].1);
    // `3` names `d3` too; unknown documents are not found
    assert!(to_json(&store.load_document_graph("3").unwrap()) == expected[2].1);
    for bad in ["d7", "d0", "x", "", "d-1"] {
        assert!(
            matches!(store.load_document_graph(bad), Err(Error::NotFound(_))),
            "{bad}"
        );
    }
}

#[test]
fn the_same_ids_in_two_documents_do_not_collide() {
    let g = shipped();
    let (_dir, _, mut store) = library_with(&g);
    // the same plan again: every node id repeats
    let again = store.add_document(&g).unwrap();
    assert_eq!(again.id, "d2");
    // a generated plan shares most ids (goal:…, part:一 …) with the shipped one
    let gen = build(generated_document(7).as_bytes(), "g.txt");
    let shared = gen
        .nodes
        .iter()
        .filter(|n| g.nodes.iter().any(|m| m.id == n.id))
        .count();
    assert!(shared > 100, "only {shared} shared ids");
    store.add_document(&gen).unwrap();
    for (id, want) in [("d1", &g), ("d2", &g), ("d3", &gen)] {
        let back = store.load_document_graph(id).unwrap();
        assert_eq!(back.nodes.len(), want.nodes.len(), "{id}");
        assert!(to_json(&back) == to_json(want), "{id}");
    }
    // the single-document lookups answer on the first document
    let hub = &g.nodes.iter().find(|n| !n.mentions.is_empty()).unwrap();
    assert_eq!(store.node_spans(&hub.id).unwrap(), hub.mentions);
}

#[test]
fn search_within_a_document_sees_only_that_document() {
    let (dir, _, mut store) = shipped_library();
    let paren = build(&std::fs::read(fixture("paren-style.txt")).unwrap(), "p.txt");
    store.add_document(&paren).unwrap();
    let paren_text = &paren.documents[0].text;
    let shipped_text = &shipped().documents[0].text;

    // only in the shipped plan
    assert!(shipped_text.contains("祥符荡") && !paren_text.contains("祥符荡"));
    for q in ["祥符荡", "祥符"] {
        assert!(store.search_in("d2", q, 50).unwrap().is_empty(), "{q}");
        let d1 = store.search_in("d1", q, 50).unwrap();
        assert!(!d1.is_empty(), "{q}");
        assert!(d1.iter().all(|h| h.library == "d1"));
        let all = store.search(q, 200).unwrap();
        assert!(all.iter().all(|h| h.library == "d1"), "{q}");
        // (across the library a measure is found as its passage only)
        let d1_not_measures = d1
            .iter()
            .filter(|h| h.node_kind.as_deref() != Some("measure"))
            .count();
        assert_eq!(all.len(), d1_not_measures.min(200), "{q}");
    }
    // in both: each scoped search stays in its document, and its passages
    // are that document's text
    for q in ["发", "发展", "高质量"] {
        assert!(paren_text.contains(q) && shipped_text.contains(q), "{q}");
        let hits = store.search_in("d2", q, 200).unwrap();
        assert!(!hits.is_empty(), "{q}");
        for h in &hits {
            assert_eq!(h.library, "d2", "{q}");
            if h.node_id.is_none() {
                let line: String = paren_text
                    .chars()
                    .skip(h.span[0])
                    .take(h.span[1] - h.span[0])
                    .collect();
                assert!(line.to_lowercase().contains(q), "{q}: {line}");
            }
        }
        let all = store.search(q, 200).unwrap();
        let libs: std::collections::BTreeSet<&str> =
            all.iter().map(|h| h.library.as_str()).collect();
        assert!(libs.contains("d1"), "{q}: {libs:?}");
    }
    // on a one-document database the scoped search gives what the
    // library-wide search gives, except that across the library a measure
    // (a sentence of the text) is found as its passage, not by its label
    let one = dir.path().join("one.db");
    Store::write(&one, &shipped()).unwrap();
    let one = Store::open(&one).unwrap();
    let measure = |h: &planmap::store::SearchHit| h.node_kind.as_deref() == Some("measure");
    let mut measures_seen = 0;
    for q in ["廊", "嘉善", "科创走廊", "g60科创", "高质量发展"] {
        let scoped = one.search_in("d1", q, 1000).unwrap();
        assert!(scoped.len() < 1000, "{q}: every hit");
        measures_seen += scoped.iter().filter(|h| measure(h)).count();
        let without: Vec<_> = scoped.into_iter().filter(|h| !measure(h)).collect();
        assert_eq!(one.search(q, 1000).unwrap(), without, "{q}");
        assert_eq!(
            one.search(q, 50).unwrap(),
            without[..without.len().min(50)],
            "{q}"
        );
    }
    assert!(measures_seen > 0, "the queries match measure labels");
}

#[test]
fn index_upkeep_after_adds_merges_segments_and_keeps_every_answer() {
    let (_dir, db, mut store) = shipped_library();
    for i in 0..6 {
        let g = build(generated_document(i).as_bytes(), &format!("g{i}.txt"));
        store.add_document(&g).unwrap();
    }
    let raw = rusqlite::Connection::open(&db).unwrap();
    let segments = |table: &str| -> i64 {
        raw.query_row(
            &format!("SELECT count(DISTINCT segid) FROM {table}_idx"),
            [],
            |r| r.get(0),
        )
        .unwrap()
    };
    // adds leave merging to the upkeep: one new segment per add at least
    let before = segments("passages_fts");
    assert!(before >= 7, "{before} segments");
    let automerge: i64 = raw
        .query_row(
            "SELECT v FROM passages_fts_config WHERE k = 'automerge'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(automerge, 0);
    let queries = ["发", "创新", "高质量发展", "祥符荡", "鲸鲨"];
    let answers = |store: &Store| {
        queries
            .iter()
            .map(|q| {
                (
                    store.search(q, 500).unwrap(),
                    store.search_in("d4", q, 500).unwrap(),
                )
            })
            .collect::<Vec<_>>()
    };
    let asked = answers(&store);
    assert!(!asked[0].0.is_empty() && !asked[0].1.is_empty());
    // upkeep finds work, does it step by step, then finds none
    assert!(store.upkeep_step().unwrap());
    store.upkeep().unwrap();
    assert!(!store.upkeep_step().unwrap());
    let after = segments("passages_fts");
    assert!(after < before, "{before} → {after} segments");
    assert_eq!(answers(&store), asked);
}

#[test]
fn a_failed_add_leaves_the_database_byte_identical() {
    let dir = common::tmp("library");
    let db = dir.path().join("lib.db");
    let opened = Session::open_or_build(&db, &mut |_| {}).unwrap();
    let mut s = opened.session;
    s.add_document(
        &std::fs::read(fixture("paren-style.txt")).unwrap(),
        "p.txt",
        &mut |_| {},
    )
    .unwrap();
    let before = std::fs::read(&db).unwrap();
    let overview = s.overview();
    let hostile = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/hostile");
    for (name, bytes) in [
        ("empty.txt", Vec::new()),
        ("binary.bin", vec![0u8, 159, 146, 150, 0, 1, 2, 3, 0, 0]),
        (
            "pdf-renamed.txt",
            std::fs::read(hostile.join("pdf-renamed.txt")).unwrap(),
        ),
    ] {
        let err = s.add_document(&bytes, name, &mut |_| {}).unwrap_err();
        let api: planmap::api::ApiError = err.into();
        assert_eq!(api.code, planmap::api::ErrorCode::BadInput, "{name}");
        assert!(
            std::fs::read(&db).unwrap() == before,
            "{name}: file changed"
        );
        assert_eq!(s.overview(), overview, "{name}: session changed");
        assert_eq!(s.current_document(), "d2");
    }
    drop(s);
    // a graph that fails in the middle of its transaction (a node id twice)
    let mut g = shipped();
    let dup = g.nodes[5].clone();
    g.nodes.push(dup);
    let mut store = Store::open(&db).unwrap();
    assert!(store.add_document(&g).is_err());
    drop(store);
    assert!(
        std::fs::read(&db).unwrap() == before,
        "a rolled-back add changed the file"
    );
    let store = Store::open(&db).unwrap();
    assert_eq!(store.documents().unwrap().len(), 2);
}

#[test]
fn an_import_writes_passages_while_the_graph_is_built_and_undoes_them_on_failure() {
    let (_dir, db, mut store) = shipped_library();
    let before = std::fs::read(&db).unwrap();
    let text = "第一行文字\n第二行文字";
    // a build that fails, or panics, after the passages were written: nothing stays
    let err = store
        .add_document_while(text, || Err(Error::Invalid("no graph".into())))
        .unwrap_err();
    assert!(matches!(err, Error::Invalid(_)), "{err:?}");
    assert!(
        std::fs::read(&db).unwrap() == before,
        "a failed build changed the file"
    );
    let err = store
        .add_document_while(text, || panic!("a build that panics"))
        .unwrap_err();
    assert!(matches!(err, Error::Invalid(_)), "{err:?}");
    assert!(
        std::fs::read(&db).unwrap() == before,
        "a panicking build changed the file"
    );
    // a graph whose text is not the one given: its own passages are written
    let paren = std::fs::read(fixture("paren-style.txt")).unwrap();
    let graph = build(&paren, "p.txt");
    let (d, back) = store
        .add_document_while("并非这个文本", || Ok(graph.clone()))
        .unwrap();
    assert_eq!(j(&back), j(&graph));
    let line = graph.documents[0]
        .text
        .lines()
        .find(|l| l.chars().count() > 6)
        .unwrap();
    let probe: String = line.chars().take(6).collect();
    let hits = store.search_in(&d.id, &probe, 10).unwrap();
    assert!(!hits.is_empty(), "no passage of the graph's own text");
    assert!(store
        .search_in(&d.id, "并非这个文本", 10)
        .unwrap()
        .is_empty());
    // and the overlapped import of real bytes stores what a plain add stores
    let (d, g) =
        planmap::pipeline::add_bytes(&mut store, &paren, "p.txt", &BuildOptions::default())
            .unwrap();
    assert_eq!(j(&g), j(&graph));
    assert_eq!(j(&store.load_document_graph(&d.id).unwrap()), j(&graph));
    assert!(!store.search_in(&d.id, &probe, 10).unwrap().is_empty());
}

#[test]
fn a_session_opens_a_library_and_switches_documents() {
    let dir = common::tmp("library");
    let db = dir.path().join("lib.db");
    let mut s = Session::open_or_build(&db, &mut |_| {}).unwrap().session;
    let shipped_nodes = s.graph().data.nodes.len();
    let arabic = std::fs::read(fixture("arabic-style.txt")).unwrap();
    let info = s.add_document(&arabic, "arabic.txt", &mut |_| {}).unwrap();
    assert_eq!(info.id, "d2");
    assert!(info.current);
    assert_eq!(s.current_document(), "d2");
    assert!(to_json(&s.graph().data) == to_json(&build(&arabic, "arabic.txt")));
    let gen = generated_document(3);
    s.add_document(gen.as_bytes(), "gen.txt", &mut |_| {})
        .unwrap();
    drop(s);

    // a fresh session on the library starts on the first document
    let mut s = Session::open_or_build(&db, &mut |_| {}).unwrap().session;
    let docs = s.documents().unwrap();
    assert_eq!(docs.len(), 3);
    assert_eq!(
        docs.iter()
            .map(|d| (d.id.as_str(), d.current))
            .collect::<Vec<_>>(),
        [("d1", true), ("d2", false), ("d3", false)]
    );
    assert_eq!(s.graph().data.nodes.len(), shipped_nodes);
    assert_eq!(docs[1].source, "arabic.txt");

    s.open_document("d3").unwrap();
    assert_eq!(s.current_document(), "d3");
    assert!(
        s.overview().title.contains("样本4"),
        "{}",
        s.overview().title
    );
    // queries answer on d3: its county names are permuted
    let hits = s.search("样本4", 20).unwrap();
    assert!(!hits.is_empty());
    let goal = s
        .graph()
        .data
        .nodes
        .iter()
        .find(|n| n.kind == planmap::model::NodeKind::Goal)
        .unwrap()
        .id
        .clone();
    assert!(!s.trace(&goal).unwrap().nodes.is_empty());
    // the all-documents search says where each hit is
    let all = s.search_all("样本4", 20).unwrap();
    assert!(!all.is_empty() && all.iter().all(|r| r.doc == "d3"));
    let all = s.search_all("高质量发展", 200).unwrap();
    let docs_hit: std::collections::BTreeSet<&str> = all.iter().map(|r| r.doc.as_str()).collect();
    assert!(
        docs_hit.contains("d1") && docs_hit.contains("d3"),
        "{docs_hit:?}"
    );
    // passages of the open document say which section holds them
    assert!(s
        .search("高质量发展", 60)
        .unwrap()
        .iter()
        .any(|r| r.hit == "passage" && r.node.is_some()));

    // an unknown document leaves the session as it was
    let before = s.overview();
    assert!(matches!(s.open_document("d9"), Err(Error::NotFound(_))));
    assert!(matches!(s.open_document(""), Err(Error::Invalid(_))));
    assert_eq!(s.overview(), before);
    s.open_document("1").unwrap();
    assert_eq!(s.current_document(), "d1");
    assert_eq!(s.graph().data.nodes.len(), shipped_nodes);

    // an import replaces the library with one document, as before
    s.import(&arabic, "arabic.txt", &mut |_| {}).unwrap();
    assert_eq!(s.documents().unwrap().len(), 1);
    assert_eq!(s.current_document(), "d1");
}

/// A version-1 database (one graph, no `library`) opens as a one-document
/// library with the same graph.
#[test]
fn a_version_1_database_becomes_a_one_document_library() {
    let dir = common::tmp("library");
    let db = dir.path().join("v1.db");
    let mut g = build(&std::fs::read(fixture("paren-style.txt")).unwrap(), "p.txt");
    // what a version 1 database holds: contract version 1, no jurisdiction
    g.version = 1;
    g.documents[0].jurisdiction = None;
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.execute_batch(include_str!("../src/migrations/0001_init.sql"))
            .unwrap();
        conn.pragma_update(None, "user_version", 1).unwrap();
        for (i, d) in g.documents.iter().enumerate() {
            conn.execute(
                "INSERT INTO documents VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                rusqlite::params![
                    i as i64,
                    d.id,
                    d.title,
                    d.source,
                    d.sha256,
                    d.chars as i64,
                    d.text
                ],
            )
            .unwrap();
        }
        for (i, n) in g.nodes.iter().enumerate() {
            conn.execute(
                "INSERT INTO nodes VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                rusqlite::params![
                    i as i64,
                    n.id,
                    n.kind.as_str(),
                    n.label,
                    n.doc,
                    j(&n.origin).trim_matches('"').to_string(),
                    j(&n.aliases),
                    j(&n.regions),
                    j(&n.attrs),
                    j(&n.mentions)
                ],
            )
            .unwrap();
            for (k, m) in n.mentions.iter().enumerate() {
                conn.execute(
                    "INSERT INTO mentions VALUES (?1, ?2, ?3, ?4, ?5)",
                    rusqlite::params![n.id, k as i64, n.doc, m[0] as i64, m[1] as i64],
                )
                .unwrap();
            }
        }
        for (i, e) in g.edges.iter().enumerate() {
            conn.execute(
                "INSERT INTO edges VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                rusqlite::params![
                    i as i64,
                    e.source,
                    e.target,
                    e.kind.as_str(),
                    e.weight,
                    e.basis.as_str(),
                    j(&e.evidence)
                ],
            )
            .unwrap();
        }
        for (i, d) in g.diagnostics.iter().enumerate() {
            conn.execute(
                "INSERT INTO diagnostics VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                rusqlite::params![
                    i as i64,
                    d.level.as_str(),
                    d.code,
                    d.span[0] as i64,
                    d.span[1] as i64,
                    d.message
                ],
            )
            .unwrap();
        }
        conn.execute(
            "INSERT INTO passages (doc, start, \"end\", text) VALUES ('d1', 0, 5, '测试一行文字')",
            [],
        )
        .unwrap();
        conn.execute_batch(
            "INSERT INTO meta VALUES ('format', 'planmap-graph'), ('version', '1'),
                                     ('built_at', '2026-01-01T00:00:00Z');
             INSERT INTO passages_fts(passages_fts) VALUES('rebuild');
             INSERT INTO nodes_fts(nodes_fts) VALUES('rebuild');",
        )
        .unwrap();
    }
    let store = Store::open(&db).unwrap();
    assert!(to_json(&store.load_graph().unwrap()) == to_json(&g));
    let docs = store.documents().unwrap();
    assert_eq!(docs.len(), 1);
    assert_eq!((docs[0].id.as_str(), docs[0].nodes), ("d1", g.nodes.len()));
    assert_eq!(docs[0].added_at, "2026-01-01T00:00:00Z");
    // the search index was rebuilt over the migrated rows
    assert!(!store.search("一行文字", 5).unwrap().is_empty());
    let label = &g
        .nodes
        .iter()
        .find(|n| n.label.chars().count() >= 4)
        .unwrap()
        .label;
    assert!(store
        .search(label, 5)
        .unwrap()
        .iter()
        .any(|h| h.label.as_deref() == Some(label.as_str())));
}

/// JSON of any serialisable value (the v1 columns hold JSON).
fn j<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap()
}

// ───────────────────────────── the CLI ─────────────────────────────

fn planmap(args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .env("PLANMAP_DB", "/nonexistent-planmap-test-dir/planmap.db")
        .output()
        .expect("the binary runs")
}

fn ok(o: &Output, what: &str) -> String {
    assert!(
        o.status.success(),
        "{what} failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout.clone()).unwrap()
}

#[test]
fn cli_add_docs_and_doc_scoped_queries() {
    let dir = common::tmp("library");
    let db = dir.path().join("lib.db");
    let dbs = db.to_str().unwrap();
    let paren = fixture("paren-style.txt");
    let arabic = fixture("arabic-style.txt");
    // `add` on a missing database starts it with the shipped plan
    let out = ok(
        &planmap(&[
            "add",
            paren.to_str().unwrap(),
            arabic.to_str().unwrap(),
            "--db",
            dbs,
        ]),
        "add",
    );
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2, "{out}");
    assert!(
        lines[0].starts_with("d2  ") && lines[0].ends_with("paren-style.txt"),
        "{out}"
    );
    assert!(lines[1].starts_with("d3  "), "{out}");
    let docs = ok(&planmap(&["docs", "--db", dbs]), "docs");
    assert_eq!(docs.lines().count(), 3, "{docs}");
    assert!(docs
        .lines()
        .next()
        .unwrap()
        .contains("jiaxing-14th-fyp-recommendations.txt"));

    // a bad file: one error line, nothing added
    let before = std::fs::read(&db).unwrap();
    let empty = dir.path().join("empty.txt");
    std::fs::write(&empty, "").unwrap();
    let o = planmap(&["add", empty.to_str().unwrap(), "--db", dbs]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(String::from_utf8_lossy(&o.stderr).lines().count(), 1);
    assert!(std::fs::read(&db).unwrap() == before);

    // search: all documents say where; --doc keeps to one
    let all = ok(
        &planmap(&["search", "发展", "--limit", "200", "--db", dbs]),
        "search",
    );
    assert!(all.lines().any(|l| l.starts_with("d1")), "{all}");
    assert!(all.lines().any(|l| l.starts_with("d2")), "{all}");
    let d2 = ok(
        &planmap(&["search", "发展", "--doc", "d2", "--db", dbs]),
        "search --doc",
    );
    assert!(!d2.is_empty());
    assert!(d2
        .lines()
        .all(|l| l.starts_with("node") || l.starts_with("passage")));
    let none = ok(
        &planmap(&["search", "祥符荡", "--doc", "d2", "--db", dbs]),
        "search --doc",
    );
    assert_eq!(none, "");
    // region and trace on one document
    let region = ok(&planmap(&["region", "嘉善县", "--db", dbs]), "region");
    assert!(region.contains("祥符荡"), "{region}");
    let o = planmap(&["region", "嘉善县", "--doc", "d2", "--db", dbs]);
    assert!(!String::from_utf8_lossy(&o.stdout).contains("祥符荡"));
    let o = planmap(&["stats", "--doc", "d3", "--db", dbs]);
    assert!(ok(&o, "stats --doc").contains("arabic-style.txt"));
    let o = planmap(&["stats", "--doc", "d9", "--db", dbs]);
    assert_eq!(o.status.code(), Some(1));
    // the first document's export is the single build's, byte for byte
    let single = dir.path().join("single.db");
    ok(
        &planmap(&["build", "--db", single.to_str().unwrap()]),
        "build",
    );
    let a = ok(
        &planmap(&["export", "--format", "json", "--db", dbs]),
        "export",
    );
    let b = ok(
        &planmap(&[
            "export",
            "--format",
            "json",
            "--db",
            single.to_str().unwrap(),
        ]),
        "export",
    );
    assert!(a == b, "export of d1 differs from the single build");
    let g = ok(
        &planmap(&["export", "--format", "json", "--doc", "d2", "--db", dbs]),
        "export --doc",
    );
    let want = to_json(&build(&std::fs::read(&paren).unwrap(), "paren-style.txt"));
    assert!(g.trim_end() == want.trim_end(), "export --doc d2");
}

#[test]
fn cli_scale_runs_small_without_the_shared_corpus() {
    let dir = common::tmp("library");
    let db = dir.path().join("scale.db");
    let json = dir.path().join("scale.json");
    let o = planmap(&[
        "scale",
        "--generate",
        "3",
        "--corpus",
        dir.path().join("no-such-corpus").to_str().unwrap(),
        "--db",
        db.to_str().unwrap(),
        "--json",
        json.to_str().unwrap(),
    ]);
    let table = ok(&o, "scale");
    assert!(String::from_utf8_lossy(&o.stderr).contains("no corpus"));
    for want in [
        "MB/s",
        "p95",
        "database size",
        "open document",
        "all documents",
    ] {
        assert!(table.contains(want), "{want}: {table}");
    }
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    assert_eq!(report["generated"], 3);
    assert_eq!(report["import"]["documents"], 3);
    let stages = report["stages"].as_array().unwrap();
    assert_eq!(
        stages
            .iter()
            .map(|s| s["documents"].as_u64().unwrap())
            .collect::<Vec<_>>(),
        [1, 4]
    );
    assert!(report["peak_memory_kb"].as_u64().unwrap() > 0);
    // the database it built is a library of four documents
    let store = Store::open(&db).unwrap();
    let docs = store.documents().unwrap();
    assert_eq!(docs.len(), 4);
    assert_eq!(docs[3].source, "generated-0003.txt");
    // generated documents are distinct and deterministic
    assert_ne!(generated_document(0), generated_document(1));
    assert_eq!(generated_document(2), generated_document(2));
    let gen = store.load_document_graph("d4").unwrap();
    assert!(
        to_json(&gen)
            == to_json(&build(
                generated_document(2).as_bytes(),
                "generated-0003.txt"
            ))
    );
}
