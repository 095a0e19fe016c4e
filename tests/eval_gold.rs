//! Evaluation against gold annotation (`planmap::eval`).
//!
//! Index:
//! - `perfect_prediction_scores_one`: a graph that reproduces the synthetic gold scores 1.0 everywhere.
//! - `missing_entity_lowers_recall`, `wrong_kind_is_not_matched`, `quotes_and_aliases_match`.
//! - `county_set_mismatch_is_wrong`, `citywide_and_outside_classes`.
//! - `part_level_links`: a part-level gold link is found by a section edge of that part.
//! - `indicator_value_and_missing`, `restoration_left_masked_and_wrong`.
//! - `dev_range_excludes_later_entities`.
//! - `missing_files_are_skipped`, `bad_json_is_gold_error`, `odd_gold_does_not_panic`.
//! - `table_format`: the aligned text table, verbose rows only on request.
//! - `real_gold_with_empty_graph`: runs on ../shared/gold/dev when present.

use std::path::{Path, PathBuf};

use planmap::eval::{evaluate, EvalReport, VERBOSE_ENV};
use planmap::model::{
    Basis, Diagnostic, Document, Edge, EdgeKind, GraphData, Level, Node, NodeKind, Origin,
    RegionBasis, RegionRef, Span,
};
use planmap::Error;
use serde_json::{json, Value};

const TEXT: &str = "标题党建\n一、总体目标\n一\n第一节标题\n实施创新战略,打造嘉善片区和“南湖实验室”,推进全市数字经济,对接上海,GDP增长3.5%,常住人口达到万人。成为创新之城。\n七、生态\n一\n绿色\n建设湘家荡科创高地。\n";

/// Character offset of the first occurrence of `needle` in `TEXT`.
fn at(needle: &str) -> usize {
    let b = TEXT
        .find(needle)
        .unwrap_or_else(|| panic!("{needle} not in TEXT"));
    TEXT[..b].chars().count()
}

fn span(needle: &str) -> Span {
    let s = at(needle);
    [s, s + needle.chars().count()]
}

fn node(id: &str, kind: NodeKind, label: &str, mentions: Vec<Span>, attrs: Value) -> Node {
    Node {
        id: id.into(),
        kind,
        label: label.into(),
        aliases: vec![],
        doc: "d1".into(),
        mentions,
        regions: vec![],
        origin: Origin::Extracted,
        attrs: attrs.as_object().cloned().unwrap_or_default(),
    }
}

fn edge(source: &str, target: &str, kind: EdgeKind) -> Edge {
    Edge {
        source: source.into(),
        target: target.into(),
        kind,
        weight: 1.0,
        basis: Basis::Structure,
        evidence: vec![],
    }
}

fn region_ref(id: &str) -> RegionRef {
    RegionRef {
        region: id.into(),
        basis: RegionBasis::Lexicon,
        confidence: 0.9,
    }
}

fn gold_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let w = |name: &str, v: Value| {
        std::fs::write(
            dir.path().join(name),
            serde_json::to_string_pretty(&v).unwrap(),
        )
        .unwrap()
    };
    w(
        "outline.json",
        json!({"parts": [
            {"number": "一", "title": "总体目标", "sections": [{"number": "一", "title": "第一节标题"}]},
            {"number": "七", "title": "生态", "sections": [{"number": "一", "title": "绿色"}]}
        ]}),
    );
    w(
        "redactions.json",
        json!({"redactions": [{"id": "R1", "offset": at("党"), "restored": "党"}],
               "missing_numerals": {"sites": [{"id": "M1", "gap_offset": at("万人")}]}}),
    );
    let ent = |id: &str, kind: &str, name: &str, aliases: Value, county: Value, conf: &str| {
        json!({"id": id, "kind": kind, "name": name, "aliases": aliases,
               "county_attribution": {"county": county, "confidence": conf}})
    };
    w(
        "entities.json",
        json!({"entities": [
            ent("S1", "strategy", "创新战略", json!([]), json!(["citywide"]), "high"),
            ent("P1", "platform", "长三角生态绿色一体化发展示范区嘉善片区", json!(["嘉善片区"]), json!(["嘉善县"]), "high"),
            ent("P2", "platform", "南湖实验室", json!([]), json!(["南湖区"]), "high"),
            ent("I1", "industry", "数字经济", json!([]), json!(["citywide"]), "medium"),
            ent("P3", "platform", "虹桥枢纽", json!([]), json!(["outside: 上海"]), "high")
        ]}),
    );
    w(
        "regions.json",
        json!({"county_units": [
            {"name": "南湖区", "located_entities": [{"id": "P30", "name": "湘家荡科创高地", "kind": "platform", "confidence": "high"}]}
        ]}),
    );
    let leap = span("成为创新之城");
    w(
        "goals.json",
        json!({
            "seven_new_leaps": {"goals": [{"id": "X1", "span": {"offset": leap[0], "end": leap[1]}}]},
            "end_of_part_goals": [],
            "quantified_targets": [
                {"id": "Q1", "phrase": "GDP增长3.5%", "phrase_offset": at("GDP"), "phrase_end": span("GDP增长3.5%")[1], "value": 3.5, "unit": "%"},
                {"id": "Q2", "phrase": "常住人口达到万人", "phrase_offset": at("常住"), "phrase_end": span("常住人口达到万人")[1], "value": null, "missing": true}
            ]
        }),
    );
    w(
        "links.json",
        json!({
            "new_leaps": [{"goal_id": "X1", "goal_span": {"offset": leap[0], "end": leap[1]},
                           "supported_by": [{"part": "一", "section": "一", "strength": "primary"}]}],
            "strategies": [{"strategy_id": "S1", "name": "创新战略",
                            "implemented_by": [{"part": "一", "section": "一", "strength": "primary"},
                                               {"part": "七", "section": null, "strength": "secondary"}]}],
            "end_of_part_goals": []
        }),
    );
    dir
}

/// A graph that reproduces the synthetic gold exactly.
fn perfect() -> GraphData {
    let mut g = GraphData::new();
    g.documents.push(Document {
        id: "d1".into(),
        title: "标题".into(),
        source: "t.txt".into(),
        sha256: String::new(),
        chars: TEXT.chars().count(),
        text: TEXT.into(),
        // the lens units (the city's counties) are read off the jurisdiction
        jurisdiction: Some(planmap::model::Jurisdiction {
            region: "r-city".into(),
            name: "嘉兴市".into(),
            code: "330400".into(),
            level: "city".into(),
        }),
    });
    g.nodes.push(node(
        "p1",
        NodeKind::Part,
        "总体目标",
        vec![span("一、总体目标")],
        json!({"number": "一", "title": "总体目标"}),
    ));
    g.nodes.push(node(
        "p7",
        NodeKind::Part,
        "生态",
        vec![span("七、生态")],
        json!({"number": "七", "title": "生态"}),
    ));
    g.nodes.push(node(
        "s1",
        NodeKind::Section,
        "第一节标题",
        vec![span("第一节标题")],
        json!({"path": "一.一", "number": "一", "title": "第一节标题", "part": "一"}),
    ));
    g.nodes.push(node(
        "s7",
        NodeKind::Section,
        "绿色",
        vec![span("绿色")],
        json!({"path": "七.一", "number": "一", "title": "绿色", "part": "七"}),
    ));
    // Regions.
    let region = |id: &str, label: &str, level: &str| {
        node(id, NodeKind::Region, label, vec![], json!({"level": level}))
    };
    g.nodes.push(region("r-city", "嘉兴市", "city"));
    g.nodes.push(region("r-js", "嘉善县", "county"));
    g.nodes.push(region("r-nh", "南湖区", "county"));
    g.nodes.push(region("r-xjd", "湘家荡", "place"));
    g.nodes.push(region("r-sh", "上海", "outside"));
    g.edges.push(edge("r-js", "r-city", EdgeKind::Within));
    g.edges.push(edge("r-nh", "r-city", EdgeKind::Within));
    g.edges.push(edge("r-xjd", "r-nh", EdgeKind::Within));
    // Entities.
    let mut s = node(
        "e-s1",
        NodeKind::Strategy,
        "创新战略",
        vec![span("创新战略")],
        json!({}),
    );
    s.regions.push(region_ref("r-city"));
    g.nodes.push(s);
    let mut p1 = node(
        "e-p1",
        NodeKind::Platform,
        "嘉善片区",
        vec![span("嘉善片区")],
        json!({}),
    );
    p1.regions.push(region_ref("r-js"));
    g.nodes.push(p1);
    let p2 = node(
        "e-p2",
        NodeKind::Platform,
        "南湖实验室",
        vec![span("“南湖实验室”")],
        json!({}),
    );
    g.nodes.push(p2);
    g.edges.push(edge("e-p2", "r-nh", EdgeKind::LocatedIn));
    g.nodes.push(node(
        "e-i1",
        NodeKind::Industry,
        "数字经济",
        vec![span("数字经济")],
        json!({}),
    ));
    let mut p3 = node(
        "e-p3",
        NodeKind::Platform,
        "虹桥枢纽",
        vec![span("上海")],
        json!({}),
    );
    p3.regions.push(region_ref("r-sh"));
    g.nodes.push(p3);
    let mut xjd = node(
        "e-xjd",
        NodeKind::Platform,
        "湘家荡科创高地",
        vec![span("湘家荡科创高地")],
        json!({}),
    );
    xjd.regions.push(region_ref("r-xjd"));
    g.nodes.push(xjd);
    // Goals, indicators, links.
    g.nodes.push(node(
        "g1",
        NodeKind::Goal,
        "成为创新之城",
        vec![span("成为创新之城。")],
        json!({"goal_type": "leap"}),
    ));
    g.nodes.push(node(
        "q1",
        NodeKind::Indicator,
        "GDP增长3.5%",
        vec![span("增长3.5%")],
        json!({"value": 3.5, "unit": "%", "missing_value": false}),
    ));
    g.nodes.push(node(
        "q2",
        NodeKind::Indicator,
        "常住人口达到万人",
        vec![span("常住人口达到万人")],
        json!({"value": null, "unit": "万人", "missing_value": true}),
    ));
    g.edges.push(edge("s1", "g1", EdgeKind::Supports));
    g.edges.push(edge("s1", "e-s1", EdgeKind::Implements));
    g.edges.push(edge("p7", "e-s1", EdgeKind::Implements));
    // Diagnostics.
    let d = |code: &str, sp: Span| Diagnostic {
        level: Level::Info,
        code: code.into(),
        span: sp,
        message: String::new(),
    };
    g.diagnostics
        .push(d("restored-char", [at("党"), at("党") + 1]));
    g.diagnostics
        .push(d("missing-numeral", [at("万人"), at("万人")]));
    g
}

fn node_mut<'a>(g: &'a mut GraphData, id: &str) -> &'a mut Node {
    g.nodes.iter_mut().find(|n| n.id == id).unwrap()
}

fn eval(dir: &Path, g: &GraphData) -> EvalReport {
    evaluate(dir, g).expect("evaluate")
}

#[test]
fn perfect_prediction_scores_one() {
    let dir = gold_dir();
    let r = eval(dir.path(), &perfect());
    assert_eq!(r.dev_range, [0, at("七、生态")]);
    assert!(r.notes.is_empty(), "{:?}", r.notes);
    let o = r.outline.as_ref().unwrap();
    assert_eq!(
        (o.parts.num, o.parts.den, o.sections.num, o.sections.den),
        (2, 2, 2, 2)
    );
    assert_eq!((o.extra_parts, o.extra_sections), (0, 0));
    let rs = r.restoration.as_ref().unwrap();
    assert_eq!(rs.restored.value, 1.0);
    assert_eq!(rs.extra_restorations, 0);
    assert_eq!(
        (rs.missing_numerals.recall, rs.missing_numerals.precision),
        (1.0, 1.0)
    );
    let e = r.entities.as_ref().unwrap();
    assert_eq!(e.all.f1, 1.0, "{:?}", e);
    assert_eq!(e.per_kind["platform"].f1, 1.0);
    assert_eq!(e.per_kind["strategy"].f1, 1.0);
    assert_eq!(e.per_kind["industry"].f1, 1.0);
    assert_eq!(e.any_kind_recall.value, 1.0);
    let c = r.counties.as_ref().unwrap();
    // 嘉善片区, 南湖实验室, plus 湘家荡科创高地 from regions.json.
    assert_eq!(
        (c.confident_county.num, c.confident_county.den),
        (3, 3),
        "{:?}",
        c.errors
    );
    // + 创新战略 (citywide) and 虹桥枢纽 (outside); 数字经济 is only medium.
    assert_eq!((c.all_high.num, c.all_high.den), (5, 5), "{:?}", c.errors);
    let l = r.links.as_ref().unwrap();
    assert_eq!((l.goals.precision, l.goals.recall), (1.0, 1.0));
    assert_eq!((l.strategies.precision, l.strategies.recall), (1.0, 1.0));
    assert_eq!(l.goals_primary_recall.value, 1.0);
    let i = r.indicators.as_ref().unwrap();
    assert_eq!(
        (i.found.value, i.right.value, i.precision.value),
        (1.0, 1.0, 1.0)
    );
    let gs = r.goals.as_ref().unwrap();
    let leaps = gs.groups.iter().find(|g| g.group == "new leaps").unwrap();
    assert_eq!((leaps.found.num, leaps.found.den), (1, 1));
    assert_eq!(gs.precision.value, 1.0);
}

#[test]
fn missing_entity_lowers_recall() {
    let dir = gold_dir();
    let mut g = perfect();
    g.nodes.retain(|n| n.id != "e-p2");
    let r = eval(dir.path(), &g);
    let e = r.entities.unwrap();
    let p = e.per_kind["platform"];
    assert_eq!((p.gold_found, p.gold, p.pred), (2, 3, 2));
    assert!((p.recall - 2.0 / 3.0).abs() < 1e-9);
    assert_eq!(p.precision, 1.0);
    assert_eq!(
        e.false_negatives["platform"],
        vec!["南湖实验室".to_string()]
    );
    assert!(e.all.recall < 1.0);
}

#[test]
fn wrong_kind_is_not_matched() {
    let dir = gold_dir();
    let mut g = perfect();
    node_mut(&mut g, "e-p2").kind = NodeKind::Organization;
    let r = eval(dir.path(), &g);
    let e = r.entities.unwrap();
    assert_eq!(e.per_kind["platform"].gold_found, 2);
    assert_eq!(e.per_kind["organization"].pred, 1);
    assert_eq!(e.per_kind["organization"].pred_correct, 0);
    // The kind-agnostic rate still sees it.
    assert_eq!(e.any_kind_recall.value, 1.0);
    assert_eq!(
        e.false_negatives["platform"],
        vec!["南湖实验室 (predicted as organization)".to_string()]
    );
    assert_eq!(
        e.false_positives["organization"],
        vec!["南湖实验室 (gold: platform)".to_string()]
    );
}

#[test]
fn quotes_and_aliases_match() {
    let dir = gold_dir();
    let mut g = perfect();
    // Label differs, alias equals the gold name once quotes are dropped.
    let n = node_mut(&mut g, "e-p1");
    n.label = "示范区嘉善片区".into();
    n.aliases = vec!["《长三角生态绿色一体化发展示范区 嘉善片区》".into()];
    node_mut(&mut g, "e-p2").label = "‘南湖实验室’".into();
    let r = eval(dir.path(), &g);
    assert_eq!(r.entities.unwrap().per_kind["platform"].f1, 1.0);
}

#[test]
fn county_set_mismatch_is_wrong() {
    let dir = gold_dir();
    let mut g = perfect();
    // 嘉善片区 attributed to 嘉善县 and 平湖市: a different set.
    g.nodes.push(node(
        "r-ph",
        NodeKind::Region,
        "平湖市",
        vec![],
        json!({"level": "county"}),
    ));
    g.edges.push(edge("r-ph", "r-city", EdgeKind::Within));
    node_mut(&mut g, "e-p1").regions.push(region_ref("r-ph"));
    let r = eval(dir.path(), &g);
    let c = r.counties.unwrap();
    assert_eq!((c.confident_county.num, c.confident_county.den), (2, 3));
    assert_eq!((c.all_high.num, c.all_high.den), (4, 5));
    assert_eq!(c.per_class["county"].num, 2);
    assert!(
        c.errors[0].starts_with("长三角生态绿色一体化发展示范区嘉善片区: gold 嘉善县 / predicted"),
        "{:?}",
        c.errors
    );
}

#[test]
fn citywide_and_outside_classes() {
    let dir = gold_dir();
    let mut g = perfect();
    // The strategy gets a county: no longer citywide. 虹桥枢纽 loses its region: still "no Jiaxing county".
    node_mut(&mut g, "e-s1").regions = vec![region_ref("r-nh")];
    node_mut(&mut g, "e-p3").regions.clear();
    let r = eval(dir.path(), &g);
    let c = r.counties.unwrap();
    assert_eq!(c.per_class["citywide"].num, 0);
    assert_eq!(c.per_class["outside"].num, 1);
    assert_eq!(c.confident_county.value, 1.0);
}

#[test]
fn part_level_links() {
    let dir = gold_dir();
    let mut g = perfect();
    // Replace the part 七 → strategy edge by a section 七.一 → strategy edge: still found.
    g.edges
        .retain(|e| !(e.source == "p7" && e.kind == EdgeKind::Implements));
    g.edges.push(edge("s7", "e-s1", EdgeKind::Implements));
    // A wrong extra goal link from 七.一.
    g.edges.push(edge("s7", "g1", EdgeKind::Supports));
    let r = eval(dir.path(), &g);
    let l = r.links.unwrap();
    assert_eq!((l.strategies.precision, l.strategies.recall), (1.0, 1.0));
    assert_eq!(
        (l.goals.pred, l.goals.pred_correct, l.goals.recall),
        (2, 1, 1.0)
    );
    assert_eq!(l.extra, vec!["X1 → 七.一".to_string()]);

    // Without any link the recall drops to 0 and the miss is listed.
    let mut g = perfect();
    g.edges.retain(|e| e.kind != EdgeKind::Supports);
    let l = eval(dir.path(), &g).links.unwrap();
    assert_eq!((l.goals.recall, l.goals_primary_recall.value), (0.0, 0.0));
    assert_eq!(l.missed, vec!["X1 → 一.一".to_string()]);
}

#[test]
fn indicator_value_and_missing() {
    let dir = gold_dir();
    let mut g = perfect();
    node_mut(&mut g, "q1")
        .attrs
        .insert("value".into(), json!(35));
    node_mut(&mut g, "q2")
        .attrs
        .insert("missing_value".into(), json!(false));
    let i = eval(dir.path(), &g).indicators.unwrap();
    assert_eq!((i.found.num, i.right.num, i.found.den), (2, 0, 2));
    assert_eq!(i.problems.len(), 2);

    let mut g = perfect();
    g.nodes.retain(|n| n.id != "q1");
    let i = eval(dir.path(), &g).indicators.unwrap();
    assert_eq!((i.found.num, i.right.num), (1, 1));
}

#[test]
fn restoration_left_masked_and_wrong() {
    let dir = gold_dir();
    let mut g = perfect();
    g.documents[0].text = TEXT.replacen('党', "*", 1);
    let rs = eval(dir.path(), &g).restoration.unwrap();
    assert_eq!((rs.restored.num, rs.flagged, rs.wrong), (0, 1, 0));

    g.documents[0].text = TEXT.replacen('党', "政", 1);
    g.diagnostics.push(Diagnostic {
        level: Level::Warning,
        code: "missing-numeral".into(),
        span: [2, 3],
        message: String::new(),
    });
    let rs = eval(dir.path(), &g).restoration.unwrap();
    assert_eq!((rs.restored.num, rs.flagged, rs.wrong), (0, 0, 1));
    assert_eq!(
        rs.wrong_list,
        vec![format!("{}: gold 党 / got 政", at("党"))]
    );
    let mn = rs.missing_numerals;
    assert_eq!((mn.pred, mn.pred_correct, mn.gold_found), (2, 1, 1));
}

#[test]
fn dev_range_excludes_later_entities() {
    let dir = gold_dir();
    let mut g = perfect();
    // An unmatched platform after part 七 is not a false positive.
    g.nodes.push(node(
        "late",
        NodeKind::Platform,
        "后来平台",
        vec![span("绿色")],
        json!({}),
    ));
    let e = eval(dir.path(), &g).entities.unwrap();
    assert_eq!(e.per_kind["platform"].precision, 1.0);
    // The same inside the dev range is.
    node_mut(&mut g, "late").mentions = vec![span("对接上海")];
    let e = eval(dir.path(), &g).entities.unwrap();
    assert_eq!(e.per_kind["platform"].pred, 4);
    assert!(e.per_kind["platform"].precision < 1.0);
}

#[test]
fn missing_files_are_skipped() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("entities.json"), r#"{"entities": []}"#).unwrap();
    let r = eval(dir.path(), &perfect());
    assert!(
        r.outline.is_none() && r.links.is_none() && r.goals.is_none() && r.restoration.is_none()
    );
    assert!(r.entities.is_some());
    assert!(r
        .notes
        .iter()
        .any(|n| n.starts_with("outline.json missing")));
    assert!(r.notes.iter().any(|n| n.starts_with("links.json missing")));
    assert!(r.to_table().contains("note: goals.json missing"));
}

#[test]
fn bad_json_is_gold_error() {
    let dir = gold_dir();
    std::fs::write(dir.path().join("links.json"), "{ not json").unwrap();
    match evaluate(dir.path(), &perfect()) {
        Err(Error::Gold(msg)) => assert!(msg.starts_with("links.json"), "{msg}"),
        other => panic!("expected a gold error, got {other:?}"),
    }
    assert!(matches!(
        evaluate(Path::new("/nonexistent/gold"), &perfect()),
        Err(Error::Gold(_))
    ));
}

#[test]
fn odd_gold_does_not_panic() {
    let dir = tempfile::tempdir().unwrap();
    let odd = json!({"parts": 3, "entities": [null, 1, {"kind": 5}, {"kind": "platform"}, {"kind": "platform", "name": ""},
        {"kind": "platform", "name": "x", "county_attribution": {"county": 7, "confidence": "high"}}],
        "redactions": [{"offset": -1}, {"offset": 1e30, "restored": "党"}, {"offset": 99999, "restored": "党"}],
        "missing_numerals": {"sites": [{"gap_offset": "x"}]},
        "new_leaps": [{"goal_span": [5, 2], "supported_by": [{"part": null}]}], "strategies": [{}],
        "end_of_part_goals": [{"goal_offset": 3}], "quantified_targets": [{"phrase_offset": 9, "phrase_end": 3}, {}],
        "seven_new_leaps": [], "vision_2035": {"items": [{}]}, "overall_2025_positioning": 2,
        "county_units": [{"located_entities": [{}]}, 4]});
    for f in [
        "outline.json",
        "redactions.json",
        "regions.json",
        "entities.json",
        "goals.json",
        "links.json",
    ] {
        std::fs::write(dir.path().join(f), odd.to_string()).unwrap();
    }
    let r = eval(dir.path(), &perfect());
    assert!(!r.rows.is_empty());
    std::fs::write(dir.path().join("goals.json"), "[]").unwrap();
    eval(dir.path(), &GraphData::new());
}

#[test]
fn table_format() {
    let dir = gold_dir();
    let mut g = perfect();
    g.nodes.retain(|n| n.id != "e-p2");
    let r = eval(dir.path(), &g);
    let t = r.to_table_verbose();
    let lines: Vec<&str> = t.lines().collect();
    assert_eq!(
        lines[0],
        format!(
            "planmap eval: gold {}, dev range [0, {})",
            dir.path().display(),
            at("七、生态")
        )
    );
    assert!(lines[1].starts_with("area "), "{t}");
    assert!(lines[2].starts_with("-------"));
    // Columns are aligned: "value" starts at the same column in the header and in the rows.
    let col = lines[1].find("value").unwrap();
    let row = lines
        .iter()
        .find(|l| l.starts_with("outline") && l.contains("parts"))
        .unwrap();
    assert_eq!(&row[col..col + 13], "2/2 (100.0%) ");
    assert!(t.contains("platform missed"));
    assert!(t.contains("南湖实验室"));
    let plain = r.to_table();
    if std::env::var(VERBOSE_ENV).as_deref() != Ok("1") {
        assert!(!plain.contains("platform missed"));
    }
    assert!(plain.contains("entities"));
    let json = serde_json::to_value(&r).unwrap();
    assert_eq!(json["entities"]["per_kind"]["platform"]["gold"], 3);
    eprintln!("{t}");
}

#[test]
fn real_gold_with_empty_graph() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/gold/dev");
    if !dir.is_dir() {
        eprintln!("skipping: {} not found", dir.display());
        return;
    }
    let r = evaluate(&dir, &GraphData::new()).expect("evaluate real gold");
    let e = r.entities.as_ref().unwrap();
    assert_eq!(e.all.recall, 0.0);
    assert!(e.all.gold > 200);
    assert_eq!(r.outline.as_ref().unwrap().sections.den, 51);
    assert_eq!(r.outline.as_ref().unwrap().parts.den, 12);
    assert_eq!(r.restoration.as_ref().unwrap().restored.den, 52);
    assert_eq!(r.restoration.as_ref().unwrap().missing_numerals.gold, 13);
    assert_eq!(r.links.as_ref().unwrap().goals.recall, 0.0);
    assert_eq!(r.indicators.as_ref().unwrap().found.num, 0);
    assert!(r
        .goals
        .as_ref()
        .unwrap()
        .groups
        .iter()
        .all(|g| g.found.num == 0 && g.found.den > 0));
    eprintln!("{}", r.to_table_verbose());
}
