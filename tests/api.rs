//! The core function behind every Tauri command (`src-tauri/src/lib.rs`), on
//! the shipped plan: one test per command, plus the import and view paths.
//!
//! Index: open_default → `opens_builds_then_loads`, `corrupt_database_is_moved_aside_and_rebuilt`,
//! `opens_ahead_only_what_exists_and_leaves_the_rest` (the app's open at start);
//! overview → `overview_matches_the_graph`; view_graph → `view_graph_*`;
//! trace → `trace_*`; counties → `counties_*`; cell → `cell_*`; focus → `focus_*`;
//! path → `path_*`; lens → `lens_*`; node_evidence / edge_evidence → `evidence_*`;
//! outline → `outline_*`; search → `search_*`; gaps → `gaps_*`;
//! export_data / export_image → `export_*`; open_plan (import) → `import_*`;
//! views_* / last_view_* → `views_*`.

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard, OnceLock};

use planmap::api::*;
use planmap::model::{EdgeKind, NodeKind};

/// One session on the shipped plan, built once for the read-only tests.
fn session() -> MutexGuard<'static, Session> {
    static S: OnceLock<(tempfile::TempDir, Mutex<Session>)> = OnceLock::new();
    S.get_or_init(|| {
        let dir = tempfile::tempdir().expect("tempdir");
        let s = Session::open_or_build(&dir.path().join("planmap.db"), &mut |_| {})
            .expect("open")
            .session;
        (dir, Mutex::new(s))
    })
    .1
    .lock()
    .unwrap_or_else(|e| e.into_inner())
}

fn fresh() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("planmap.db");
    (dir, db)
}

fn code<T: std::fmt::Debug>(r: planmap::Result<T>) -> ErrorCode {
    ApiError::from(r.expect_err("expected an error")).code
}

/// Scramble the first half of database `db` (past its header); the damaged bytes.
fn damage(db: &std::path::Path) -> Vec<u8> {
    let mut bytes = std::fs::read(db).unwrap();
    let mid = bytes.len() / 2;
    for b in &mut bytes[100..mid] {
        *b ^= 0x5a;
    }
    std::fs::write(db, &bytes).unwrap();
    bytes
}

const XFD: &str = "platform:祥符荡科创绿谷";

#[test]
fn opens_builds_then_loads() {
    let (_d, db) = fresh();
    let mut stages = Vec::new();
    let first = Session::open_or_build(&db, &mut |p| stages.push(p)).unwrap();
    assert!(first.built);
    assert!(stages.iter().any(|p| p.stage == "install"));
    assert!(stages
        .windows(2)
        .all(|w| w[0].fraction <= w[1].fraction + 1e-6));
    let n = first.session.overview().nodes;
    drop(first);
    let second = Session::open_or_build(&db, &mut |_| {}).unwrap();
    assert!(!second.built);
    assert_eq!(second.session.overview().nodes, n);
}

#[test]
fn opens_ahead_only_what_exists_and_leaves_the_rest() {
    let (dir, db) = fresh();
    // no database: an error, and nothing is created
    assert!(Session::open_existing_only(&db).is_err());
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    // an existing one opens as `open_or_build` opens it
    let built = Session::open_or_build(&db, &mut |_| {}).unwrap().session;
    let ahead = Session::open_existing_only(&db).unwrap();
    assert_eq!(ahead.overview(), built.overview());
    assert_eq!(ahead.view_graph(), built.view_graph());
    drop((ahead, built));
    // a damaged one is an error and stays as it was (open_or_build moves it aside)
    let bytes = damage(&db);
    assert!(Session::open_existing_only(&db).is_err());
    assert_eq!(std::fs::read(&db).unwrap(), bytes);
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn corrupt_database_is_moved_aside_and_rebuilt() {
    let (dir, db) = fresh();
    drop(Session::open_or_build(&db, &mut |_| {}).unwrap());
    let bytes = damage(&db);
    let opened = Session::open_or_build(&db, &mut |_| {}).unwrap();
    assert!(opened.built);
    let notice = opened.session.overview().notice.expect("a notice");
    assert!(notice.contains("rebuilt"), "{notice}");
    let aside: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains(".corrupt-"))
        .collect();
    assert_eq!(aside.len(), 1, "the damaged file is kept aside");
    assert_eq!(std::fs::read(aside[0].path()).unwrap(), bytes);
}

#[test]
fn overview_matches_the_graph() {
    let s = session();
    let o = s.overview();
    let g = s.view_graph();
    assert_eq!(o.nodes, g.nodes.len());
    assert_eq!(o.edges, g.edges.len());
    assert!(o.title.contains("嘉兴"), "{}", o.title);
    assert_eq!(o.kinds.len(), 12);
    assert_eq!(o.kinds.iter().map(|k| k.count).sum::<usize>(), o.nodes);
    let looks: HashSet<_> = o
        .kinds
        .iter()
        .map(|k| (k.style.shape, k.style.fill.clone()))
        .collect();
    assert_eq!(looks.len(), 12, "every kind is drawn differently");
    assert!(o.restored >= 52, "restored {}", o.restored);
    assert!(o.missing_numerals >= 13);
}

#[test]
fn view_graph_measures_collapse_into_sections_and_edges_are_unique() {
    let g = session().view_graph();
    let ids: HashSet<&str> = g.nodes.iter().map(|n| n.id.as_str()).collect();
    for n in &g.nodes {
        if n.kind == NodeKind::Measure {
            let p = n.parent.as_deref().expect("a measure has a section");
            assert!(p.starts_with("section:") && ids.contains(p), "{p}");
            assert!(n.part.is_some());
        } else {
            assert!(n.parent.is_none());
        }
    }
    let eids: HashSet<&str> = g.edges.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(eids.len(), g.edges.len());
    assert!(g
        .edges
        .iter()
        .all(|e| ids.contains(e.source.as_str()) && ids.contains(e.target.as_str())));
}

#[test]
fn view_graph_places_xiangfudang_in_jiashan_as_curated_or_text() {
    let g = session().view_graph();
    let n = g.nodes.iter().find(|n| n.id == XFD).expect("the platform");
    assert_eq!(n.counties, vec!["嘉善县".to_string()]);
    let wz = g
        .nodes
        .iter()
        .find(|n| n.id == "region:乌镇镇")
        .expect("乌镇");
    assert_eq!(wz.counties, vec!["桐乡市".to_string()]);
}

#[test]
fn trace_a_leap_goal_reaches_measures_entities_and_counties() {
    let s = session();
    let g = s.view_graph();
    let goal = g
        .nodes
        .iter()
        .find(|n| n.id.starts_with("goal:leap:"))
        .expect("a leap goal");
    let sel = s.trace(&goal.id).unwrap();
    let kinds: HashSet<NodeKind> = sel
        .nodes
        .iter()
        .filter_map(|id| g.nodes.iter().find(|n| &n.id == id))
        .map(|n| n.kind)
        .collect();
    for k in [NodeKind::Goal, NodeKind::Section, NodeKind::Measure] {
        assert!(kinds.contains(&k), "trace lacks {k:?}: {kinds:?}");
    }
    assert!(
        sel.nodes.len() < g.nodes.len() / 2,
        "a trace is a part of the map"
    );
    assert!(sel.label.contains(&goal.label));
    let keep: HashSet<&String> = sel.nodes.iter().collect();
    for e in &sel.edges {
        let edge = g.edges.iter().find(|x| &x.id == e).unwrap();
        assert!(keep.contains(&edge.source) && keep.contains(&edge.target));
    }
}

#[test]
fn trace_refuses_what_is_not_a_goal() {
    let s = session();
    assert_eq!(code(s.trace(XFD)), ErrorCode::Invalid);
    assert_eq!(code(s.trace("没有这样的目标xyz")), ErrorCode::NotFound);
    assert_eq!(code(s.trace("")), ErrorCode::Invalid);
    assert_eq!(code(s.trace(&"目".repeat(10_000))), ErrorCode::Invalid);
}

#[test]
fn counties_filter_keeps_jiashan_and_drops_other_counties() {
    let s = session();
    let g = s.view_graph();
    let sel = s.counties(&["嘉善县".to_string()]).unwrap();
    let keep: HashSet<&str> = sel.nodes.iter().map(String::as_str).collect();
    assert!(keep.contains(XFD));
    // an entity located only in 海宁市 goes
    let other = g
        .nodes
        .iter()
        .find(|n| {
            matches!(n.kind, NodeKind::Platform | NodeKind::Project)
                && n.counties == vec!["海宁市".to_string()]
        })
        .expect("an entity of 海宁市");
    assert!(!keep.contains(other.id.as_str()), "{} stays", other.id);
    // the chain up to goals is kept
    assert!(sel.nodes.iter().any(|id| id.starts_with("goal:")));
    assert!(sel.nodes.iter().any(|id| id.starts_with("section:")));
    // two counties are the union; none is the whole city
    let two = s
        .counties(&["嘉善县".to_string(), "海宁市".to_string()])
        .unwrap();
    assert!(two.nodes.iter().any(|id| id == &other.id));
    assert!(two.nodes.len() > sel.nodes.len());
    assert_eq!(s.counties(&[]).unwrap().nodes.len(), g.nodes.len());
    assert_eq!(code(s.counties(&["火星".to_string()])), ErrorCode::NotFound);
}

#[test]
fn cell_is_the_county_within_one_part() {
    let s = session();
    let lens = s.lens().unwrap();
    let row = lens
        .counties
        .iter()
        .position(|c| c.name == "嘉善县")
        .unwrap();
    let (col, n) = lens.matrix[row]
        .iter()
        .enumerate()
        .max_by_key(|(_, n)| **n)
        .unwrap();
    assert!(*n > 0);
    let part = &lens.columns[col].id;
    let sel = s.cell("嘉善县", part).unwrap();
    let measures: Vec<&String> = sel
        .nodes
        .iter()
        .filter(|id| id.starts_with("measure:"))
        .collect();
    assert_eq!(
        measures.len(),
        *n,
        "the cell count is what the filter shows"
    );
    let num = &lens.columns[col].number;
    assert!(measures
        .iter()
        .all(|m| m.starts_with(&format!("measure:{num}."))));
    assert!(sel.nodes.contains(&"region:嘉善县".to_string()));
    assert_eq!(code(s.cell("嘉善县", "part:九十九")), ErrorCode::NotFound);
}

#[test]
fn focus_is_a_k_hop_neighbourhood_with_limits() {
    let s = session();
    let one = s.focus(XFD, 1).unwrap();
    let two = s.focus(XFD, 2).unwrap();
    assert!(one.nodes.contains(&XFD.to_string()));
    assert!(one.nodes.contains(&"region:嘉善县".to_string()));
    assert!(two.nodes.len() > one.nodes.len());
    assert_eq!(s.focus(XFD, 0).unwrap().nodes, vec![XFD.to_string()]);
    assert_eq!(code(s.focus(XFD, 11)), ErrorCode::Invalid);
    assert_eq!(code(s.focus(XFD, u32::MAX)), ErrorCode::Invalid);
}

#[test]
fn path_hops_carry_evidence() {
    let s = session();
    let hops = s.path("goal:leap:1", XFD).unwrap();
    assert_eq!(hops.first().unwrap().node, "goal:leap:1");
    assert_eq!(hops.last().unwrap().node, XFD);
    assert!(hops.last().unwrap().edge.is_none());
    for h in &hops[..hops.len() - 1] {
        assert!(h.edge.is_some());
    }
    assert!(
        hops.iter().filter_map(|h| h.evidence.as_ref()).count() >= 1,
        "at least one hop shows its sentence"
    );
    for ev in hops.iter().filter_map(|h| h.evidence.as_ref()) {
        assert!(!ev.text.is_empty());
    }
}

#[test]
fn lens_places_seven_counties_apart_in_their_true_directions() {
    let lens = session().lens().unwrap();
    assert_eq!(lens.counties.len(), 7);
    let at = |n: &str| lens.counties.iter().find(|c| c.name == n).unwrap();
    assert!(at("嘉善县").x > at("桐乡市").x, "嘉善 is east of 桐乡");
    assert!(at("海盐县").y > at("嘉善县").y, "海盐 is south of 嘉善");
    assert!(at("平湖市").x > at("海宁市").x);
    for a in &lens.counties {
        assert!((0.0..=1.0).contains(&a.x) && (0.0..=1.0).contains(&a.y));
        for b in &lens.counties {
            if a.name != b.name {
                let d = ((a.x - b.x).powi(2) + (a.y - b.y).powi(2)).sqrt();
                assert!(d > 0.15, "{} and {} overlap ({d})", a.name, b.name);
            }
        }
    }
    assert!(at("嘉善县").platforms >= 1);
    assert_eq!(lens.matrix.len(), 7);
    assert!(lens.matrix.iter().all(|r| r.len() == lens.columns.len()));
    assert_eq!(lens.columns.len(), 12);
}

#[test]
fn evidence_of_a_node_marks_mentions_and_restorations() {
    let s = session();
    let ev = s.node_evidence(XFD).unwrap();
    assert_eq!(ev.kind, NodeKind::Platform);
    assert!(ev.regions.iter().any(|r| r.label == "嘉善县"));
    assert!(!ev.passages.is_empty());
    let p = &ev.passages[0];
    let m = p.marks.iter().find(|m| m.code == "mention").unwrap();
    let marked: String = p.text.chars().skip(m.start).take(m.end - m.start).collect();
    assert!(marked.contains("祥符荡"), "{marked}");
    assert!(p
        .within
        .as_deref()
        .is_some_and(|w| w.starts_with("section:")));
    // a passage with a restored 党 shows the original * in the mark's note
    let g = s.view_graph();
    let restored = g
        .nodes
        .iter()
        .filter(|n| n.kind == NodeKind::Goal || n.kind == NodeKind::Measure)
        .filter_map(|n| s.node_evidence(&n.id).ok())
        .flat_map(|e| e.passages)
        .find(|p| p.marks.iter().any(|m| m.code == "restored-char"))
        .expect("some passage has a restored character");
    let m = restored
        .marks
        .iter()
        .find(|m| m.code == "restored-char")
        .unwrap();
    assert!(m.note.contains('*'), "{}", m.note);
    assert_eq!(m.end - m.start, 1);
    assert_eq!(
        code(s.node_evidence("platform:不存在")),
        ErrorCode::NotFound
    );
}

#[test]
fn evidence_of_an_edge_says_why() {
    let s = session();
    let g = s.view_graph();
    let sim = g
        .edges
        .iter()
        .find(|e| e.basis == planmap::model::Basis::Similarity)
        .expect("a similarity link");
    let ev = s.edge_evidence(&sim.id).unwrap();
    assert!(ev.why.contains("相似"), "{}", ev.why);
    assert!(!ev.source_label.is_empty() && !ev.target_label.is_empty());
    let places: Vec<String> = g
        .edges
        .iter()
        .filter(|e| e.source == XFD && e.kind == EdgeKind::LocatedIn)
        .map(|e| s.edge_evidence(&e.id).unwrap().target_label)
        .collect();
    assert!(places.contains(&"嘉善县".to_string()), "{places:?}");
    for bad in ["e999999", "x1", "e-1", ""] {
        assert!(s.edge_evidence(bad).is_err(), "{bad}");
    }
}

#[test]
fn outline_has_twelve_parts_and_their_sections() {
    let o = session().outline();
    assert_eq!(o.len(), 12);
    assert_eq!(o[0].number, "一");
    let sections: usize = o.iter().map(|p| p.children.len()).sum();
    assert!(sections >= 51, "{sections}");
    let two = &o[1].children[0];
    assert_eq!(two.id, "section:二.一");
    assert!(!two.title.is_empty());
}

#[test]
fn search_finds_names_and_passages_from_one_character() {
    let s = session();
    let r = s.search("科创走廊", 60).unwrap();
    assert!(r.iter().any(|h| h.hit == "node"));
    assert!(r.iter().any(|h| h.hit == "passage"));
    assert!(r
        .iter()
        .all(|h| h.snippet.contains("科创走廊") || h.label.is_some()));
    let one = s.search("湖", 60).unwrap();
    assert!(!one.is_empty());
    let passage = one.iter().find(|h| h.hit == "passage").unwrap();
    assert!(passage.node.is_some(), "a passage points at its section");
    assert!(s.search("   ", 60).unwrap().is_empty());
    assert_eq!(code(s.search(&"湖".repeat(1000), 60)), ErrorCode::Invalid);
    assert!(s.search("<script>", 60).is_ok());
}

#[test]
fn gaps_list_goals_entities_and_text_gaps() {
    let s = session();
    let gaps = s.gaps();
    let cats: HashSet<&str> = gaps.iter().map(|g| g.category.as_str()).collect();
    assert!(cats.contains("missing-numeral"));
    assert!(cats.contains("entity-without-measure") || cats.contains("entity-without-region"));
    let g = s.view_graph();
    for item in &gaps {
        if let Some(n) = &item.node {
            assert!(g.nodes.iter().any(|x| &x.id == n), "{n}");
        }
    }
    let missing: Vec<&GapItem> = gaps
        .iter()
        .filter(|g| g.category == "missing-numeral")
        .collect();
    assert!(missing.iter().all(|m| m.span.is_some()));
    assert!(
        missing
            .iter()
            .any(|m| m.node.as_deref().is_some_and(|n| n.starts_with("section:"))),
        "a text gap points at its section"
    );
}

#[test]
fn export_data_of_the_visible_subgraph() {
    let s = session();
    let sel = s.counties(&["嘉善县".to_string()]).unwrap();
    let json = s.export_data(DataFormat::Json, &sel.nodes).unwrap();
    assert_eq!(json.len(), 1);
    let v: serde_json::Value = serde_json::from_slice(&json[0].bytes).unwrap();
    assert_eq!(v["format"], "planmap-graph");
    assert_eq!(v["nodes"].as_array().unwrap().len(), sel.nodes.len());
    let csv = s.export_data(DataFormat::Csv, &sel.nodes).unwrap();
    assert_eq!(csv.len(), 2);
    assert_eq!(csv[1].suffix, ".edges");
    assert!(String::from_utf8_lossy(&csv[0].bytes).contains("祥符荡科创绿谷"));
    let gexf = s.export_data(DataFormat::Gexf, &[]).unwrap();
    assert!(String::from_utf8_lossy(&gexf[0].bytes).contains("<gexf"));
    assert_eq!(
        with_suffix(std::path::Path::new("/x/a.csv"), ".edges"),
        PathBuf::from("/x/a.edges.csv")
    );
}

fn scene_of(s: &Session, sel: &Selection) -> planmap::render::Scene {
    let keep: HashSet<String> = sel.nodes.iter().cloned().collect();
    let sub = planmap::export::subgraph(&s.graph().data, &keep);
    planmap::render::scene_for(&sub, &sel.label, std::slice::from_ref(&sel.label))
}

#[test]
fn export_image_png_svg_pdf() {
    let s = session();
    let sel = s.focus(XFD, 1).unwrap();
    let scene = scene_of(&s, &sel);
    let png = s.export_image(&scene, ImageFormat::Png, 2.0).unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    let (w, h) = planmap::render::png_size(&scene, 2.0);
    assert_eq!(u32::from_be_bytes(png[16..20].try_into().unwrap()), w);
    assert_eq!(u32::from_be_bytes(png[20..24].try_into().unwrap()), h);
    let svg = String::from_utf8(s.export_image(&scene, ImageFormat::Svg, 1.0).unwrap()).unwrap();
    assert!(svg.contains("祥符荡科创绿谷"));
    let pdf = s.export_image(&scene, ImageFormat::Pdf, 1.0).unwrap();
    assert!(pdf.starts_with(b"%PDF"));
    for bad in [0.5, 4.5, f64::NAN] {
        assert_eq!(
            ApiError::from(check_image_request(&scene, ImageFormat::Png, bad).unwrap_err()).code,
            ErrorCode::Invalid
        );
    }
}

#[test]
fn import_replaces_the_map_and_a_bad_file_keeps_it() {
    let (_d, db) = fresh();
    let mut s = Session::open_or_build(&db, &mut |_| {}).unwrap().session;
    let before = s.overview().nodes;
    for (bytes, want) in [
        (&b""[..], ErrorCode::BadInput),
        (&b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"[..], ErrorCode::BadInput),
        (&b"\0\0\0\0\0\0garbage\0\0"[..], ErrorCode::BadInput),
    ] {
        let e = ApiError::from(s.import(bytes, "bad.txt", &mut |_| {}).unwrap_err());
        assert_eq!(e.code, want, "{}", e.message);
        assert_eq!(s.overview().nodes, before, "the map stays");
        assert!(
            !s.search("科创", 5).unwrap().is_empty(),
            "the database still answers"
        );
    }
    let fixture = std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/paren-style.txt"),
    )
    .unwrap();
    let mut stages = Vec::new();
    s.import(&fixture, "paren-style.txt", &mut |p| stages.push(p.stage))
        .unwrap();
    assert!(stages.contains(&"done".to_string()));
    assert_eq!(s.overview().source, "paren-style.txt");
    assert_ne!(s.overview().nodes, before);
    // and the new map is what a fresh open loads
    drop(s);
    let again = Session::open_or_build(&db, &mut |_| {}).unwrap();
    assert!(!again.built);
    assert_eq!(again.session.overview().source, "paren-style.txt");
}

#[test]
fn import_keeps_hostile_markup_as_literal_text() {
    let (_d, db) = fresh();
    let mut s = Session::open_or_build(&db, &mut |_| {}).unwrap().session;
    let plan = "某市国民经济和社会发展第十四个五年规划纲要\n\n\
        一、总体要求\n\n\
        （一）发展目标\n\n\
        建设<img src=x onerror=alert(1)>科技园区，推进<script>alert(2)</script>产业园建设。\n\n\
        二、重点任务\n\n\
        （一）创新\n\n\
        加快建设\"><svg onload=alert(3)>创新中心。\n";
    s.import(plan.as_bytes(), "<b>hostile</b>.txt", &mut |_| {})
        .unwrap();
    let hits = s.search("onerror", 10).unwrap();
    assert!(!hits.is_empty());
    assert!(hits
        .iter()
        .any(|h| h.snippet.contains("<img src=x onerror=alert(1)>")));
    let o = s.overview();
    assert_eq!(o.source, "<b>hostile</b>.txt");
    let labels: Vec<String> = s.view_graph().nodes.into_iter().map(|n| n.label).collect();
    let scene = planmap::render::scene_for(&s.graph().data, "<script>x</script>", &[]);
    let svg = planmap::render::to_svg(&scene);
    assert!(!svg.contains("<script"), "SVG escapes labels");
    assert!(!svg.contains("<img"));
    assert!(labels.iter().any(|l| l.contains('<')) || svg.contains("&lt;"));
}

#[test]
fn views_save_list_get_delete_and_last() {
    let (_d, db) = fresh();
    let v = Views::for_db(&db);
    assert!(v.list().is_empty());
    assert!(v.last().is_none());
    let view = ViewState {
        name: "嘉善 平台".into(),
        layout: "force".into(),
        counties: vec!["嘉善县".into()],
        focus: Some(XFD.into()),
        depth: 2,
        positions: vec![NodePos {
            id: XFD.into(),
            x: 1.5,
            y: -2.0,
        }],
        zoom: 1.2,
        lang: "zh".into(),
        doc: Some("d2".into()),
        ..Default::default()
    };
    v.save(view.clone()).unwrap();
    assert_eq!(v.list(), vec!["嘉善 平台".to_string()]);
    assert_eq!(v.get("嘉善 平台").unwrap(), view);
    v.set_last(view.clone()).unwrap();
    assert_eq!(Views::for_db(&db).last(), Some(view.clone()));
    v.delete("嘉善 平台").unwrap();
    assert!(v.list().is_empty());
    assert_eq!(
        ApiError::from(v.get("嘉善 平台").unwrap_err()).code,
        ErrorCode::NotFound
    );
    let unnamed = ViewState::default();
    assert!(v.save(unnamed).is_err());
    let long = ViewState {
        name: "名".repeat(101),
        ..Default::default()
    };
    assert_eq!(
        ApiError::from(v.save(long).unwrap_err()).code,
        ErrorCode::Invalid
    );
    let odd_doc = ViewState {
        name: "x".into(),
        doc: Some("d".repeat(41)),
        ..Default::default()
    };
    assert_eq!(
        ApiError::from(v.save(odd_doc).unwrap_err()).code,
        ErrorCode::Invalid
    );
    // views survive a rebuild of the database
    v.save(view).unwrap();
    drop(Session::open_or_build(&db, &mut |_| {}).unwrap());
    assert_eq!(v.list().len(), 1);
    // a views file written before views named their document still reads
    let file = db.parent().unwrap().join("views.json");
    std::fs::write(
        &file,
        r#"{"last":{"name":"","layout":"strategy","counties":["嘉善县"],"zoom":1.0,"pan":[0,0],"lang":"zh"},"saved":{}}"#,
    )
    .unwrap();
    let last = v.last().expect("the old last view");
    assert_eq!(
        (last.counties, last.doc),
        (vec!["嘉善县".to_string()], None)
    );
}

#[test]
fn outline_nests_chapters_sections_and_boxes_of_a_gangyao() {
    // a 纲要 (篇 → 章 → 节, 专栏 boxes): the outline tree has three levels
    let (_d, db) = fresh();
    let mut s = Session::open_or_build(&db, &mut |_| {}).unwrap().session;
    let fixture = std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/gangyao-toc.txt"),
    )
    .unwrap();
    s.import(&fixture, "gangyao-toc.txt", &mut |_| {}).unwrap();
    let o = s.outline();
    let chapters: usize = o.iter().map(|p| p.children.len()).sum();
    let below: Vec<&OutlineEntry> = o
        .iter()
        .flat_map(|p| &p.children)
        .flat_map(|c| &c.children)
        .collect();
    assert!(
        o.len() >= 10 && chapters >= 20,
        "{} parts, {chapters} chapters",
        o.len()
    );
    assert!(!below.is_empty(), "节 and boxes sit below their chapters");
    // a level-3 path has three parts: 篇.章.节
    assert!(
        below.iter().all(|e| e.number.split('.').count() == 3),
        "{:?}",
        below.iter().map(|e| &e.number).collect::<Vec<_>>()
    );
}

#[test]
fn a_document_stored_before_jurisdictions_still_gets_its_lens() {
    // a database migrated from schema 3 holds no jurisdiction: the lens
    // reads it again from the stored text
    let (_d, db) = fresh();
    drop(Session::open_or_build(&db, &mut |_| {}).unwrap());
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        let n = conn
            .execute("UPDATE documents SET jurisdiction_json = NULL", [])
            .unwrap();
        assert_eq!(n, 1);
    }
    let s = Session::open_or_build(&db, &mut |_| {}).unwrap().session;
    let lens = s.lens().unwrap();
    assert_eq!(lens.scope.as_ref().map(|j| j.name.as_str()), Some("嘉兴市"));
    assert_eq!(lens.counties.len(), 7);
    assert!(lens
        .counties
        .iter()
        .any(|c| c.name == "嘉善县" && !c.id.is_empty()));
}
