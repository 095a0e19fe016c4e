//! The SQLite store and the export formats.
//!
//! Index:
//! - store: round trip, meta, node spans, search (1, 2, 3+ characters, escaping,
//!   errors), rewrite over an existing database, failed writes, damaged files,
//!   schema versions, progress.
//! - export: JSON, GraphML, GEXF (well-formed XML, escaping), CSV quoting, DOT,
//!   subgraph.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

use planmap::export;
use planmap::model::{
    Basis, Diagnostic, Document, Edge, EdgeKind, GraphData, Level, Node, NodeKind, Origin,
    RegionBasis, RegionRef, Span,
};
use planmap::store::{HitKind, SearchHit, Store};
use planmap::Error;
use serde_json::{json, Map, Value};

const TEXT: &str = "嘉兴市国民经济和社会发展第十四个五年规划纲要
一、总体要求

到2025年，建设长三角科创走廊重要节点城市，地区生产总值突破亿元。
二、打造G60科创走廊
  推进G60科创走廊嘉兴段建设，加快嘉善县、平湖市协同发展。
支持<script>&\"'实验室建设，推进嘉兴\"数字,港\"工程。
";

const HOSTILE: &str = "<script>&\"'实验室\u{b}";
const CSV_LABEL: &str = "嘉兴\"数字,港\"工程";

/// Character span of the `nth` occurrence of `needle` in `text`.
fn span_of(text: &str, needle: &str, nth: usize) -> Span {
    let (byte, _) = text.match_indices(needle).nth(nth).expect("needle in text");
    let start = text[..byte].chars().count();
    [start, start + needle.chars().count()]
}

fn node(id: &str, kind: NodeKind, label: &str, mentions: Vec<Span>) -> Node {
    Node {
        id: id.into(),
        kind,
        label: label.into(),
        aliases: Vec::new(),
        doc: "d1".into(),
        mentions,
        regions: Vec::new(),
        origin: Origin::Extracted,
        attrs: Map::new(),
    }
}

fn attrs(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(m) => m,
        _ => unreachable!(),
    }
}

fn edge(
    source: &str,
    target: &str,
    kind: EdgeKind,
    weight: f64,
    basis: Basis,
    evidence: Vec<Span>,
) -> Edge {
    Edge {
        source: source.into(),
        target: target.into(),
        kind,
        weight,
        basis,
        evidence,
    }
}

/// A small plan graph with Chinese labels, a hostile label and awkward floats.
fn sample() -> GraphData {
    let t = TEXT;
    let mut g = GraphData::new();
    g.documents.push(Document {
        id: "d1".into(),
        title: "嘉兴市国民经济和社会发展第十四个五年规划纲要".into(),
        source: "plan.txt".into(),
        sha256: "0".repeat(64),
        chars: t.chars().count(),
        text: t.into(),
        jurisdiction: None,
    });
    let mut part = node(
        "part-2",
        NodeKind::Part,
        "打造G60科创走廊",
        vec![span_of(t, "二、打造G60科创走廊", 0)],
    );
    part.attrs = attrs(json!({"number": "二", "title": "打造G60科创走廊"}));
    let goal = node(
        "goal-1",
        NodeKind::Goal,
        "建设长三角科创走廊重要节点城市",
        vec![span_of(t, "建设长三角科创走廊重要节点城市", 0)],
    );
    let mut strat = node(
        "strategy-g60",
        NodeKind::Strategy,
        "G60科创走廊",
        vec![span_of(t, "G60科创走廊", 0), span_of(t, "G60科创走廊", 1)],
    );
    strat.aliases = vec!["G60走廊".into()];
    strat.regions = vec![RegionRef {
        region: "region-jiashan".into(),
        basis: RegionBasis::Text,
        confidence: 0.1 + 0.2,
    }];
    let program = node("program-kc", NodeKind::Program, "科创走廊", vec![]);
    let mut jiashan = node(
        "region-jiashan",
        NodeKind::Region,
        "嘉善县",
        vec![span_of(t, "嘉善县", 0)],
    );
    jiashan.attrs = attrs(json!({"level": "county"}));
    let mut pinghu = node(
        "region-pinghu",
        NodeKind::Region,
        "平湖市",
        vec![span_of(t, "平湖市", 0)],
    );
    pinghu.attrs = attrs(json!({"level": "county"}));
    let mut org = node(
        "org-lab",
        NodeKind::Organization,
        HOSTILE,
        vec![span_of(t, "<script>&\"'实验室", 0)],
    );
    org.origin = Origin::Curated;
    org.regions = vec![RegionRef {
        region: "region-pinghu".into(),
        basis: RegionBasis::Curated,
        confidence: 0.481_837_925_201_105_24,
    }];
    let project = node(
        "project-port",
        NodeKind::Project,
        CSV_LABEL,
        vec![span_of(t, "嘉兴\"数字,港\"工程", 0)],
    );
    let mut indicator = node(
        "ind-gdp",
        NodeKind::Indicator,
        "地区生产总值突破亿元",
        vec![span_of(t, "地区生产总值突破亿元", 0)],
    );
    indicator.attrs = attrs(json!({
        "value": null, "unit": "亿元", "period": "2025", "missing_value": true,
        "ratio": 0.432_952_849_813_225_57, "big": 12_345_678_901_234_567u64
    }));
    g.nodes = vec![
        part, goal, strat, program, jiashan, pinghu, org, project, indicator,
    ];

    let ev = |s: &str, n| vec![span_of(t, s, n)];
    g.edges = vec![
        edge(
            "part-2",
            "goal-1",
            EdgeKind::Supports,
            1.0,
            Basis::Structure,
            vec![],
        ),
        edge(
            "part-2",
            "strategy-g60",
            EdgeKind::Implements,
            0.9,
            Basis::Text,
            ev("G60科创走廊", 1),
        ),
        edge(
            "strategy-g60",
            "region-jiashan",
            EdgeKind::LocatedIn,
            0.1 + 0.2,
            Basis::Text,
            ev("嘉善县", 0),
        ),
        edge(
            "region-jiashan",
            "region-pinghu",
            EdgeKind::Within,
            0.382_766_992_447_229_56,
            Basis::Curated,
            vec![],
        ),
        edge(
            "goal-1",
            "org-lab",
            EdgeKind::Mentions,
            0.5,
            Basis::Similarity,
            ev("实验室", 0),
        ),
        edge(
            "ind-gdp",
            "goal-1",
            EdgeKind::Quantifies,
            0.75,
            Basis::Text,
            ev("地区生产总值突破亿元", 0),
        ),
        edge(
            "part-2",
            "project-port",
            EdgeKind::Mentions,
            0.6,
            Basis::Text,
            ev("工程", 0),
        ),
    ];
    g.diagnostics = vec![
        Diagnostic {
            level: Level::Warning,
            code: "missing-numeral".into(),
            span: span_of(t, "突破亿元", 0),
            message: "数字缺失：突破亿元".into(),
        },
        Diagnostic {
            level: Level::Info,
            code: "restored-char".into(),
            span: [3, 4],
            message: "restored 国".into(),
        },
    ];
    g
}

/// A second, different graph for rewrite tests.
fn other() -> GraphData {
    let text = "海宁市发展规划\n建设潮城新区。\n";
    let mut g = GraphData::new();
    g.documents.push(Document {
        id: "d1".into(),
        title: "海宁市发展规划".into(),
        source: "haining.txt".into(),
        sha256: "1".repeat(64),
        chars: text.chars().count(),
        text: text.into(),
        jurisdiction: Some(planmap::model::Jurisdiction {
            region: "region:海宁市".into(),
            name: "海宁市".into(),
            code: "330481".into(),
            level: "county".into(),
        }),
    });
    g.nodes.push(node(
        "n-chao",
        NodeKind::Platform,
        "潮城新区",
        vec![span_of(text, "潮城新区", 0)],
    ));
    g
}

fn tmp() -> tempfile::TempDir {
    tempfile::tempdir().expect("tempdir")
}

fn leftovers(dir: &Path) -> Vec<PathBuf> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().contains(".building-"))
        .collect()
}

// ---------------------------------------------------------------- store

#[test]
fn round_trip_is_exact() {
    let dir = tmp();
    let path = dir.path().join("nested/data/plan.db");
    let g = sample();
    Store::write(&path, &g).unwrap();
    let store = Store::open(&path).unwrap();
    let back = store.load_graph().unwrap();
    assert_eq!(back, g);
    // Bit-exact floats, in edges and inside regions/attrs JSON.
    assert_eq!(back.edges[2].weight.to_bits(), (0.1f64 + 0.2).to_bits());
    assert_eq!(
        back.nodes[2].regions[0].confidence.to_bits(),
        (0.1f64 + 0.2).to_bits()
    );
    assert_eq!(
        store.meta("format").unwrap().as_deref(),
        Some("planmap-graph")
    );
    assert_eq!(store.meta("version").unwrap().as_deref(), Some("2"));
    assert!(store.meta("built_at").unwrap().is_some());
    assert_eq!(store.meta("no-such-key").unwrap(), None);
    assert!(leftovers(path.parent().unwrap()).is_empty());
}

#[test]
fn node_spans_come_from_mentions() {
    let dir = tmp();
    let path = dir.path().join("plan.db");
    let g = sample();
    Store::write(&path, &g).unwrap();
    let store = Store::open(&path).unwrap();
    assert_eq!(
        store.node_spans("strategy-g60").unwrap(),
        g.nodes[2].mentions
    );
    assert_eq!(store.node_spans("program-kc").unwrap(), Vec::<Span>::new());
    assert!(matches!(store.node_spans("nope"), Err(Error::NotFound(_))));
}

fn open_sample() -> (tempfile::TempDir, Store) {
    let dir = tmp();
    let path = dir.path().join("plan.db");
    Store::write(&path, &sample()).unwrap();
    let store = Store::open(&path).unwrap();
    (dir, store)
}

fn node_ids(hits: &[SearchHit]) -> Vec<&str> {
    hits.iter()
        .filter(|h| h.kind == HitKind::Node)
        .map(|h| h.node_id.as_deref().unwrap())
        .collect()
}

fn passages(hits: &[SearchHit]) -> Vec<&SearchHit> {
    hits.iter().filter(|h| h.kind == HitKind::Passage).collect()
}

/// Every passage hit's span covers the query in the document text.
fn check_spans(q: &str, hits: &[SearchHit]) {
    for h in passages(hits) {
        assert_eq!(planmap::model::span_text(TEXT, h.span), q, "{h:?}");
        assert!(h.snippet.contains(q), "{h:?}");
        assert!(h.snippet.chars().count() <= 60, "{h:?}");
    }
}

#[test]
fn search_three_or_more_characters_uses_fts() {
    let (_dir, store) = open_sample();
    let hits = store.search("科创走廊", 50).unwrap();
    // Exact label first, then shorter labels.
    assert_eq!(
        node_ids(&hits),
        ["program-kc", "strategy-g60", "part-2", "goal-1"]
    );
    // Nodes come before passages.
    let first_passage = hits
        .iter()
        .position(|h| h.kind == HitKind::Passage)
        .unwrap();
    assert!(hits[..first_passage]
        .iter()
        .all(|h| h.kind == HitKind::Node));
    let p = passages(&hits);
    assert_eq!(
        p.iter().map(|h| h.span).collect::<Vec<_>>(),
        [
            span_of(TEXT, "科创走廊", 0),
            span_of(TEXT, "科创走廊", 1),
            span_of(TEXT, "科创走廊", 2)
        ]
    );
    check_spans("科创走廊", &hits);

    let strat = &hits[1];
    assert_eq!(strat.label.as_deref(), Some("G60科创走廊"));
    assert_eq!(strat.node_kind.as_deref(), Some("strategy"));
    assert_eq!(strat.doc, "d1");
    assert_eq!(strat.span, span_of(TEXT, "G60科创走廊", 0));
    assert!(strat.snippet.contains("G60科创走廊"));
    // A node without mentions: empty span, label as snippet.
    assert_eq!(hits[0].span, [0, 0]);
    assert_eq!(hits[0].snippet, "科创走廊");

    // The indented line: the span counts the leading spaces.
    let hits = store.search("嘉兴段", 10).unwrap();
    assert_eq!(passages(&hits).len(), 1);
    check_spans("嘉兴段", &hits);

    // Case-insensitive ASCII.
    let hits = store.search("g60科创", 10).unwrap();
    assert_eq!(node_ids(&hits), ["strategy-g60", "part-2"]);
    for h in passages(&hits) {
        assert_eq!(planmap::model::span_text(TEXT, h.span), "G60科创");
    }
}

#[test]
fn search_one_and_two_characters_use_like() {
    let (_dir, store) = open_sample();
    let hits = store.search("廊", 50).unwrap();
    assert_eq!(
        node_ids(&hits),
        ["program-kc", "strategy-g60", "part-2", "goal-1"]
    );
    assert_eq!(
        passages(&hits).iter().map(|h| h.span).collect::<Vec<_>>(),
        [
            span_of(TEXT, "廊", 0),
            span_of(TEXT, "廊", 1),
            span_of(TEXT, "廊", 2)
        ]
    );
    check_spans("廊", &hits);

    let hits = store.search("嘉善", 50).unwrap();
    assert_eq!(node_ids(&hits), ["region-jiashan"]);
    let p = passages(&hits);
    assert_eq!(p.len(), 1);
    assert_eq!(p[0].span, span_of(TEXT, "嘉善", 0));
    assert_eq!(p[0].doc, "d1");
    check_spans("嘉善", &hits);

    // An exact two-character label is not needed for ordering; a node hit's span is its first mention.
    assert_eq!(hits[0].span, span_of(TEXT, "嘉善县", 0));
}

#[test]
fn search_escapes_and_limits() {
    let (_dir, store) = open_sample();
    // LIKE wildcards are literal.
    assert!(store.search("%", 10).unwrap().is_empty());
    assert!(store.search("_", 10).unwrap().is_empty());
    // Quotes inside an FTS phrase.
    let hits = store.search("&\"'实验", 10).unwrap();
    assert_eq!(node_ids(&hits), ["org-lab"]);
    check_spans("&\"'实验", &hits);
    let hits = store.search("\"数字,港\"", 10).unwrap();
    assert_eq!(node_ids(&hits), ["project-port"]);
    check_spans("\"数字,港\"", &hits);
    // Surrounding whitespace is ignored.
    assert_eq!(
        store.search("  嘉善 ", 10).unwrap(),
        store.search("嘉善", 10).unwrap()
    );
    // Limit counts every hit, nodes first.
    let hits = store.search("科创走廊", 2).unwrap();
    assert_eq!(node_ids(&hits), ["program-kc", "strategy-g60"]);
    assert_eq!(hits.len(), 2);
    assert!(store.search("科创走廊", 0).unwrap().is_empty());
    let hits = store.search("科创走廊", 5).unwrap();
    assert_eq!(hits.len(), 5);
    assert_eq!(hits[4].kind, HitKind::Passage);
    // Nothing found.
    assert!(store.search("不存在的词", 10).unwrap().is_empty());
    assert!(store.search("鱼", 10).unwrap().is_empty());
    // Invalid queries.
    assert!(matches!(store.search("", 10), Err(Error::Invalid(_))));
    assert!(matches!(store.search(" \n\t", 10), Err(Error::Invalid(_))));
    assert!(store.search(&"廊".repeat(200), 10).is_ok());
    assert!(matches!(
        store.search(&"廊".repeat(201), 10),
        Err(Error::Invalid(_))
    ));
}

#[test]
fn search_hit_serialises_with_lowercase_kind() {
    let (_dir, store) = open_sample();
    let hits = store.search("嘉善", 10).unwrap();
    let v = serde_json::to_value(&hits).unwrap();
    assert_eq!(v[0]["kind"], "node");
    assert_eq!(v[1]["kind"], "passage");
    let back: Vec<SearchHit> = serde_json::from_value(v).unwrap();
    assert_eq!(back, hits);
}

#[test]
fn rewrite_replaces_the_old_graph() {
    let dir = tmp();
    let path = dir.path().join("plan.db");
    Store::write(&path, &sample()).unwrap();
    let old = Store::open(&path).unwrap(); // leaves -wal/-shm behind while open
    assert!(!old.search("嘉善", 10).unwrap().is_empty());

    Store::write(&path, &other()).unwrap();
    let store = Store::open(&path).unwrap();
    assert_eq!(store.load_graph().unwrap(), other());
    assert!(store.search("嘉善", 10).unwrap().is_empty());
    assert!(store.search("科创走廊", 10).unwrap().is_empty());
    assert_eq!(node_ids(&store.search("潮城", 10).unwrap()), ["n-chao"]);
    // The usual order in an app: the new store is opened, then the old one dropped.
    drop(old);
    assert_eq!(store.load_graph().unwrap(), other());
    assert_eq!(Store::open(&path).unwrap().load_graph().unwrap(), other());
    drop(store);

    // And back again.
    Store::write(&path, &sample()).unwrap();
    assert_eq!(Store::open(&path).unwrap().load_graph().unwrap(), sample());
    assert!(leftovers(dir.path()).is_empty());
}

#[test]
fn failed_write_keeps_the_previous_database() {
    let dir = tmp();
    let path = dir.path().join("plan.db");
    let g = sample();
    Store::write(&path, &g).unwrap();

    // Duplicate node ids fail inside the build transaction.
    let mut broken = other();
    broken.nodes.push(broken.nodes[0].clone());
    assert!(Store::write(&path, &broken).is_err());
    assert_eq!(Store::open(&path).unwrap().load_graph().unwrap(), g);
    assert!(leftovers(dir.path()).is_empty());

    // A folder in the way of the target.
    let blocked = dir.path().join("blocked.db");
    fs::create_dir(&blocked).unwrap();
    assert!(matches!(
        Store::write(&blocked, &g),
        Err(Error::Storage { .. })
    ));
    assert!(leftovers(dir.path()).is_empty());

    // A parent that is a file.
    let file = dir.path().join("file.txt");
    fs::write(&file, "not a folder").unwrap();
    let err = Store::write(&file.join("plan.db"), &g).unwrap_err();
    assert!(matches!(err, Error::Storage { .. }), "{err:?}");
    assert_eq!(Store::open(&path).unwrap().load_graph().unwrap(), g);
}

#[test]
fn a_write_while_the_graph_is_built_gives_the_same_database() {
    let dir = tmp();
    let queries = [
        "嘉善",
        "科创走廊",
        "实验室",
        "走",
        "<script>",
        "科创",
        "潮城新区",
    ];
    let search_all = |path: &Path| -> Vec<Vec<SearchHit>> {
        let store = Store::open(path).unwrap();
        queries
            .iter()
            .map(|q| store.search(q, 20).unwrap())
            .collect()
    };
    // the same graph, written whole and written while it is built
    let whole = dir.path().join("whole.db");
    let overlapped = dir.path().join("overlapped.db");
    Store::write(&whole, &sample()).unwrap();
    let mut seen: Vec<f32> = Vec::new();
    let back =
        Store::write_while(&overlapped, TEXT, &mut |_, f| seen.push(f), || Ok(sample())).unwrap();
    assert_eq!(back, sample());
    assert!(seen.windows(2).all(|w| w[0] <= w[1]), "{seen:?}");
    assert_eq!(seen.last(), Some(&1.0));
    assert_eq!(
        Store::open(&overlapped).unwrap().load_graph().unwrap(),
        sample()
    );
    let hits = search_all(&overlapped);
    assert!(!hits[1].is_empty() && !hits[3].is_empty(), "{hits:?}");
    assert_eq!(hits, search_all(&whole));

    // a build that fails, or panics, leaves the previous database as it was
    let before = fs::read(&overlapped).unwrap();
    let err = Store::write_while(&overlapped, TEXT, &mut |_, _| {}, || {
        Err(Error::Invalid("no graph".into()))
    })
    .unwrap_err();
    assert!(matches!(err, Error::Invalid(_)), "{err:?}");
    let err = Store::write_while(&overlapped, TEXT, &mut |_, _| {}, || {
        panic!("a build that panics")
    })
    .unwrap_err();
    assert!(matches!(err, Error::Invalid(_)), "{err:?}");
    assert!(
        fs::read(&overlapped).unwrap() == before,
        "a failed build changed the file"
    );
    assert!(leftovers(dir.path()).is_empty());

    // a graph whose text is not the one given is written whole, with its own passages
    Store::write_while(&overlapped, "并非这个文本", &mut |_, _| {}, || {
        Ok(other())
    })
    .unwrap();
    let store = Store::open(&overlapped).unwrap();
    assert_eq!(store.load_graph().unwrap(), other());
    assert!(store.search("并非这个", 10).unwrap().is_empty());
    assert!(!store.search("建设潮城", 10).unwrap().is_empty());
    drop(store);
    Store::write(&whole, &other()).unwrap();
    assert_eq!(search_all(&overlapped), search_all(&whole));
    assert!(leftovers(dir.path()).is_empty());
}

#[test]
fn progress_is_reported_up_to_one() {
    let dir = tmp();
    let mut seen: Vec<(String, f32)> = Vec::new();
    Store::write_with_progress(&dir.path().join("p.db"), &sample(), &mut |stage, f| {
        seen.push((stage.to_string(), f))
    })
    .unwrap();
    assert!(seen.len() > 3);
    assert!(seen.windows(2).all(|w| w[0].1 <= w[1].1), "{seen:?}");
    assert_eq!(seen.last().unwrap().1, 1.0);
}

#[test]
fn missing_and_empty_databases_have_no_graph() {
    let dir = tmp();
    let missing = dir.path().join("missing.db");
    assert!(matches!(Store::open(&missing), Err(Error::NoGraph(_))));
    assert!(!missing.exists(), "open must not create the file");

    let empty = dir.path().join("empty.db");
    Store::write(&empty, &GraphData::new()).unwrap();
    let store = Store::open(&empty).unwrap();
    assert!(matches!(store.load_graph(), Err(Error::NoGraph(_))));
    assert!(store.search("嘉善", 10).unwrap().is_empty());

    // A zero-length file is an empty SQLite database: migrated, no graph.
    let zero = dir.path().join("zero.db");
    fs::write(&zero, b"").unwrap();
    let store = Store::open(&zero).unwrap();
    assert!(matches!(store.load_graph(), Err(Error::NoGraph(_))));
}

#[test]
fn garbage_is_a_bad_database() {
    let dir = tmp();
    let path = dir.path().join("garbage.db");
    let bytes: Vec<u8> = (0..8192u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    fs::write(&path, bytes).unwrap();
    let err = Store::open(&path).unwrap_err();
    assert!(matches!(err, Error::BadDatabase { .. }), "{err:?}");
    fs::write(
        &path,
        "嘉兴市国民经济和社会发展第十四个五年规划纲要\n".repeat(100),
    )
    .unwrap();
    assert!(matches!(Store::open(&path), Err(Error::BadDatabase { .. })));
    // A folder is not a database either.
    assert!(matches!(
        Store::open(dir.path()),
        Err(Error::BadDatabase { .. })
    ));
}

#[test]
fn truncated_database_is_an_error_not_a_panic() {
    let dir = tmp();
    let path = dir.path().join("plan.db");
    let mut g = sample();
    // Make the file span many pages.
    let long: String = (0..3000)
        .map(|i| format!("第{i}条 推进科创走廊建设。\n"))
        .collect();
    g.documents[0].text.push_str(&long);
    g.documents[0].chars = g.documents[0].text.chars().count();
    Store::write(&path, &g).unwrap();
    let len = fs::metadata(&path).unwrap().len();
    for keep in [len / 2, len / 3, 4096, 100] {
        let cut = dir.path().join(format!("cut-{keep}.db"));
        fs::copy(&path, &cut).unwrap();
        fs::OpenOptions::new()
            .write(true)
            .open(&cut)
            .unwrap()
            .set_len(keep)
            .unwrap();
        let result = Store::open(&cut).and_then(|s| {
            let g = s.load_graph()?;
            s.search("科创走廊", 10)?;
            Ok(g)
        });
        assert!(
            matches!(result, Err(Error::BadDatabase { .. })),
            "truncated to {keep} bytes: {:?}",
            result.map(|g| g.nodes.len())
        );
    }
}

#[test]
fn newer_schema_is_refused() {
    let dir = tmp();
    let path = dir.path().join("plan.db");
    Store::write(&path, &sample()).unwrap();
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", 99).unwrap();
    }
    let err = Store::open(&path).unwrap_err();
    match err {
        Error::BadDatabase { reason, .. } => assert!(reason.contains("99"), "{reason}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn default_path_is_planmap_db_env_or_data_dir() {
    // Read-only: changing the environment would race with other test threads.
    let path = planmap::store::default_db_path();
    match std::env::var_os("PLANMAP_DB").filter(|v| !v.is_empty()) {
        Some(v) => assert_eq!(path, PathBuf::from(v)),
        None => assert!(path.ends_with("planmap.db"), "{path:?}"),
    }
}

// ---------------------------------------------------------------- export

#[test]
fn json_is_the_model_and_round_trips() {
    let g = sample();
    let s = export::to_json(&g);
    assert_eq!(s, serde_json::to_string_pretty(&g).unwrap());
    let back: GraphData = serde_json::from_str(&s).unwrap();
    assert_eq!(back, g);
}

/// Parse XML strictly; return (element names, attribute values, text contents).
fn parse_xml(s: &str) -> (Vec<String>, Vec<String>, Vec<String>) {
    use quick_xml::events::Event;
    use quick_xml::XmlVersion;
    let mut reader = quick_xml::Reader::from_str(s);
    let (mut names, mut attrs, mut texts) = (Vec::new(), Vec::new(), Vec::new());
    let (mut depth, mut roots) = (0usize, 0usize);
    let mut text = String::new();
    loop {
        let event = reader
            .read_event()
            .unwrap_or_else(|e| panic!("not well-formed at {}: {e}", reader.buffer_position()));
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                if depth == 0 {
                    roots += 1;
                }
                if matches!(event, Event::Start(_)) {
                    depth += 1;
                }
                names.push(e.name().as_ref().to_string());
                let mut seen = HashSet::new();
                for a in e.attributes() {
                    let a = a.expect("attribute");
                    assert!(
                        seen.insert(a.key.as_ref().to_string()),
                        "duplicate attribute"
                    );
                    attrs.push(
                        a.normalized_value(XmlVersion::Implicit1_0)
                            .expect("value")
                            .into_owned(),
                    );
                }
                text.clear();
            }
            Event::End(_) => {
                depth -= 1;
                if !text.trim().is_empty() {
                    texts.push(std::mem::take(&mut text));
                }
                text.clear();
            }
            Event::Text(t) => text.push_str(&t.xml10_content()),
            Event::GeneralRef(r) => {
                if r.is_char_ref() {
                    text.push(r.resolve_char_ref().unwrap().unwrap());
                } else {
                    let name = r.xml10_content();
                    text.push_str(
                        quick_xml::escape::resolve_predefined_entity(&name).expect("known entity"),
                    );
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(depth, 0);
    assert_eq!(roots, 1);
    (names, attrs, texts)
}

fn no_forbidden_chars(s: &str) {
    assert!(
        s.chars()
            .all(|c| !c.is_control() || matches!(c, '\n' | '\r' | '\t')),
        "control character in XML output"
    );
}

#[test]
fn graphml_is_well_formed_and_escaped() {
    let g = sample();
    let x = export::to_graphml(&g);
    no_forbidden_chars(&x);
    assert!(x.contains("xmlns=\"http://graphml.graphdrawing.org/xmlns\""));
    assert!(x.contains("edgedefault=\"directed\""));
    assert!(x.contains("&lt;script&gt;&amp;&quot;&apos;实验室</data>"));
    assert!(!x.contains("<script>"));
    assert!(x.contains("attr.name=\"weight\" attr.type=\"double\""));
    let (names, attrs, texts) = parse_xml(&x);
    assert_eq!(names.iter().filter(|n| *n == "node").count(), g.nodes.len());
    assert_eq!(names.iter().filter(|n| *n == "edge").count(), g.edges.len());
    // The hostile label comes back, minus the control character.
    assert!(texts.iter().any(|t| t == "<script>&\"'实验室"), "{texts:?}");
    assert!(texts.iter().any(|t| t == CSV_LABEL));
    assert!(attrs.iter().any(|a| a == "strategy-g60"));
    assert!(texts.iter().any(|t| t == "0.30000000000000004"));
    assert!(
        texts.iter().any(|t| t == "region-jiashan"),
        "regions as ids"
    );

    // Dangling edges are left out.
    let mut dangling = g.clone();
    dangling.edges.push(edge(
        "part-2",
        "ghost",
        EdgeKind::Mentions,
        0.5,
        Basis::Text,
        vec![],
    ));
    let (names, _, _) = parse_xml(&export::to_graphml(&dangling));
    assert_eq!(names.iter().filter(|n| *n == "edge").count(), g.edges.len());
}

#[test]
fn gexf_is_well_formed_and_escaped() {
    let g = sample();
    let x = export::to_gexf(&g);
    no_forbidden_chars(&x);
    assert!(x.contains("xmlns=\"http://gexf.net/1.3\""));
    assert!(x.contains("version=\"1.3\""));
    assert!(x.contains("mode=\"static\" defaultedgetype=\"directed\""));
    assert!(x.contains("label=\"&lt;script&gt;&amp;&quot;&apos;实验室\""));
    assert!(!x.contains("<script>"));
    let (names, attrs, _) = parse_xml(&x);
    assert_eq!(names.iter().filter(|n| *n == "node").count(), g.nodes.len());
    assert_eq!(names.iter().filter(|n| *n == "edge").count(), g.edges.len());
    assert!(attrs.iter().any(|a| a == "<script>&\"'实验室"));
    assert!(attrs.iter().any(|a| a == "located_in"));
    assert!(
        attrs.iter().any(|a| a == "0.30000000000000004"),
        "weight attribute"
    );
    assert!(names.iter().any(|n| n == "attributes"));
}

#[test]
fn empty_graph_exports_are_valid() {
    let g = GraphData::new();
    parse_xml(&export::to_graphml(&g));
    parse_xml(&export::to_gexf(&g));
    let (n, e) = export::to_csv(&g);
    assert_eq!(n.lines().count(), 1);
    assert_eq!(e.lines().count(), 1);
    assert!(export::to_dot(&g).starts_with("digraph"));
}

/// Minimal RFC 4180 reader for the test.
fn parse_csv(s: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                c => field.push(c),
            }
        } else {
            match c {
                '"' => quoted = true,
                ',' => row.push(std::mem::take(&mut field)),
                '\r' => {}
                '\n' => {
                    row.push(std::mem::take(&mut field));
                    rows.push(std::mem::take(&mut row));
                }
                c => field.push(c),
            }
        }
    }
    assert!(
        !quoted && field.is_empty() && row.is_empty(),
        "unterminated CSV"
    );
    rows
}

#[test]
fn csv_quotes_commas_and_quotes() {
    let g = sample();
    let (nodes, edges) = export::to_csv(&g);
    assert!(nodes.starts_with(
        "id,kind,label,aliases,regions,origin,first_mention_start,first_mention_end\r\n"
    ));
    assert!(edges.starts_with("source,target,kind,weight,basis,evidence\r\n"));
    assert!(nodes.contains(",\"嘉兴\"\"数字,港\"\"工程\","));
    let rows = parse_csv(&nodes);
    assert_eq!(rows.len(), g.nodes.len() + 1);
    assert!(rows.iter().all(|r| r.len() == 8));
    let port = rows.iter().find(|r| r[0] == "project-port").unwrap();
    assert_eq!(port[2], CSV_LABEL);
    let [s, e] = span_of(TEXT, CSV_LABEL, 0);
    assert_eq!(port[6], s.to_string());
    assert_eq!(port[7], e.to_string());
    let strat = rows.iter().find(|r| r[0] == "strategy-g60").unwrap();
    assert_eq!(strat[3], "G60走廊");
    assert_eq!(strat[4], "region-jiashan");
    let program = rows.iter().find(|r| r[0] == "program-kc").unwrap();
    assert_eq!((program[6].as_str(), program[7].as_str()), ("", ""));

    let rows = parse_csv(&edges);
    assert_eq!(rows.len(), g.edges.len() + 1);
    assert!(rows.iter().all(|r| r.len() == 6));
    assert_eq!(rows[3][3], "0.30000000000000004");
    let evidence: Vec<Span> = serde_json::from_str(&rows[3][5]).unwrap();
    assert_eq!(evidence, g.edges[2].evidence);
}

#[test]
fn dot_quotes_ids_and_labels() {
    let g = sample();
    let d = export::to_dot(&g);
    assert!(d.starts_with("digraph planmap {"));
    assert!(d.trim_end().ends_with('}'));
    assert!(
        d.contains("\"org-lab\" [label=\"<script>&\\\"'实验室\""),
        "{d}"
    );
    assert!(d.contains("\"嘉兴\\\"数字,港\\\"工程\""));
    assert!(d.contains("\"strategy-g60\" -> \"region-jiashan\" [label=\"located_in\""));
    assert!(d.contains("shape=hexagon"));
    assert!(!d.contains('\u{b}'));
}

#[test]
fn subgraph_keeps_inner_edges_only() {
    let g = sample();
    let keep: HashSet<String> = ["part-2", "goal-1", "strategy-g60", "ghost"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let s = export::subgraph(&g, &keep);
    assert_eq!(
        s.nodes.iter().map(|n| n.id.as_str()).collect::<Vec<_>>(),
        ["part-2", "goal-1", "strategy-g60"]
    );
    assert_eq!(s.edges, g.edges[..2].to_vec());
    assert_eq!(s.documents, g.documents);
    assert_eq!(s.diagnostics, g.diagnostics);
    assert_eq!(
        (s.format.as_str(), s.version),
        (g.format.as_str(), g.version)
    );
    // A subgraph is still a graph the store accepts.
    let dir = tmp();
    let path = dir.path().join("sub.db");
    Store::write(&path, &s).unwrap();
    assert_eq!(Store::open(&path).unwrap().load_graph().unwrap(), s);
}
