//! The whole pipeline on real inputs: the shipped Jiaxing plan (built once per
//! test binary) and small plans in the other outline styles and encodings.
//!
//! Facts asserted about the shipped plan were checked against the text
//! (`assets/jiaxing-14th-fyp-recommendations.txt`) and the contract
//! (`docs/graph-json.md`), not copied from the output.

use std::collections::{BTreeSet, HashSet};
use std::path::PathBuf;
use std::sync::OnceLock;

use planmap::graph::PlanGraph;
use planmap::model::{Basis, EdgeKind, GraphData, Node, NodeKind, Origin, Span};
use planmap::pipeline::{DEFAULT_PLAN, DEFAULT_PLAN_NAME};
use planmap::store::{HitKind, Store};
use planmap::{build_bytes, build_default, BuildOptions, Built};
use serde_json::Value;

const NODE_KINDS: [&str; 12] = [
    "goal",
    "indicator",
    "strategy",
    "part",
    "section",
    "measure",
    "platform",
    "project",
    "program",
    "industry",
    "organization",
    "region",
];
const EDGE_KINDS: [&str; 7] = [
    "contains",
    "supports",
    "implements",
    "mentions",
    "located_in",
    "within",
    "quantifies",
];

/// The shipped plan, built once.
fn built() -> &'static Built {
    static B: OnceLock<Built> = OnceLock::new();
    B.get_or_init(|| build_default(&BuildOptions::default()).expect("the shipped plan builds"))
}

fn g() -> &'static GraphData {
    &built().graph
}

fn pg() -> &'static PlanGraph {
    static P: OnceLock<PlanGraph> = OnceLock::new();
    P.get_or_init(|| PlanGraph::new(g().clone()))
}

fn raw() -> &'static str {
    std::str::from_utf8(DEFAULT_PLAN).expect("the shipped plan is UTF-8")
}

fn chars_of(s: &str) -> Vec<char> {
    s.chars().collect()
}

fn text_at(chars: &[char], span: Span) -> String {
    chars[span[0]..span[1]].iter().collect()
}

/// Char offset of the `nth` occurrence of `needle` in `text`.
fn char_offset(text: &str, needle: &str, nth: usize) -> usize {
    let (byte, _) = text
        .match_indices(needle)
        .nth(nth)
        .unwrap_or_else(|| panic!("{needle} occurs {} times", nth + 1));
    text[..byte].chars().count()
}

fn node<'a>(g: &'a GraphData, id: &str) -> &'a Node {
    g.node(id).unwrap_or_else(|| panic!("node {id} exists"))
}

fn of_kind(g: &GraphData, k: NodeKind) -> Vec<&Node> {
    g.nodes.iter().filter(|n| n.kind == k).collect()
}

fn has_edge(g: &GraphData, s: &str, t: &str, k: EdgeKind) -> bool {
    g.edges
        .iter()
        .any(|e| e.source == s && e.target == t && e.kind == k)
}

/// The region ids a region id lies in, itself included (following `within`).
fn within_closure(g: &GraphData, region: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::from([region.to_string()]);
    let mut stack = vec![region.to_string()];
    while let Some(r) = stack.pop() {
        for e in g
            .edges
            .iter()
            .filter(|e| e.kind == EdgeKind::Within && e.source == r)
        {
            if out.insert(e.target.clone()) {
                stack.push(e.target.clone());
            }
        }
    }
    out
}

/// A short account of how two graphs differ (None when equal), so a failure
/// does not print two whole graphs.
fn graph_diff(a: &GraphData, b: &GraphData) -> Option<String> {
    if a == b {
        return None;
    }
    let mut out = String::new();
    if a.documents != b.documents {
        out += "documents differ; ";
    }
    let ia: BTreeSet<&str> = a.nodes.iter().map(|n| n.id.as_str()).collect();
    let ib: BTreeSet<&str> = b.nodes.iter().map(|n| n.id.as_str()).collect();
    let only_a: Vec<_> = ia.difference(&ib).collect();
    let only_b: Vec<_> = ib.difference(&ia).collect();
    if !only_a.is_empty() || !only_b.is_empty() {
        out += &format!("nodes only in first: {only_a:?}; only in second: {only_b:?}; ");
    }
    if let Some((x, y)) = a.nodes.iter().zip(&b.nodes).find(|(x, y)| x != y) {
        out += &format!("first differing node: {x:?} vs {y:?}; ");
    }
    if a.edges.len() != b.edges.len() {
        out += &format!("{} vs {} edges; ", a.edges.len(), b.edges.len());
    }
    if let Some((x, y)) = a.edges.iter().zip(&b.edges).find(|(x, y)| x != y) {
        out += &format!("first differing edge: {x:?} vs {y:?}; ");
    }
    if a.diagnostics != b.diagnostics {
        out += &format!(
            "{} vs {} diagnostics; ",
            a.diagnostics.len(),
            b.diagnostics.len()
        );
    }
    Some(out)
}

fn section_titles(g: &GraphData) -> Vec<(String, String)> {
    of_kind(g, NodeKind::Section)
        .iter()
        .map(|n| (n.id.clone(), n.label.clone()))
        .collect()
}

/// Integrity every graph must have: ends exist, spans are in the text, ids unique.
fn check_integrity(g: &GraphData) {
    let ids: HashSet<&str> = g.nodes.iter().map(|n| n.id.as_str()).collect();
    assert_eq!(ids.len(), g.nodes.len(), "node ids are unique");
    let len = g.documents[0].chars;
    assert_eq!(len, g.documents[0].text.chars().count());
    let ok = |s: &Span| s[0] <= s[1] && s[1] <= len;
    for e in &g.edges {
        assert!(
            ids.contains(e.source.as_str()),
            "edge source {} exists",
            e.source
        );
        assert!(
            ids.contains(e.target.as_str()),
            "edge target {} exists",
            e.target
        );
        assert!(
            (0.0..=1.0).contains(&e.weight),
            "weight {} in 0..1",
            e.weight
        );
        for s in &e.evidence {
            assert!(
                ok(s),
                "evidence {s:?} of {}→{} within {len}",
                e.source,
                e.target
            );
        }
    }
    for n in &g.nodes {
        for s in &n.mentions {
            assert!(ok(s), "mention {s:?} of {} within {len}", n.id);
        }
        for r in &n.regions {
            assert!(
                ids.contains(r.region.as_str()),
                "region {} of {} exists",
                r.region,
                n.id
            );
        }
    }
    for d in &g.diagnostics {
        assert!(
            ok(&d.span),
            "diagnostic {} {:?} within {len}",
            d.code,
            d.span
        );
    }
}

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn build_fixture(name: &str) -> (Built, String) {
    let path = fixture(name);
    let text = std::fs::read_to_string(&path).expect("fixture exists");
    let b = planmap::build_file(&path, &BuildOptions::default()).expect("fixture builds");
    (b, text)
}

// ───────────────────────────── the shipped plan ─────────────────────────────

#[test]
fn plan_has_12_parts_and_51_sections() {
    let g = g();
    let parts = of_kind(g, NodeKind::Part);
    assert_eq!(parts.len(), 12);
    assert_eq!(of_kind(g, NodeKind::Section).len(), 51);
    assert_eq!(built().outline.parts.len(), 12);
    assert_eq!(built().outline.sections().count(), 51);
    // parts are numbered 一 … 十二 in order
    let numbers: Vec<&str> = parts
        .iter()
        .map(|p| p.attrs["number"].as_str().unwrap())
        .collect();
    assert_eq!(
        numbers,
        ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"]
    );
    // every section is contained by its part
    for s in of_kind(g, NodeKind::Section) {
        let part = format!("part:{}", s.attrs["part"].as_str().unwrap());
        assert!(
            has_edge(g, &part, &s.id, EdgeKind::Contains),
            "{part} contains {}",
            s.id
        );
    }
}

#[test]
fn section_two_one_title_matches_the_text() {
    let g = g();
    let title = "举全市之力推进长三角生态绿色一体化发展示范区嘉善片区建设";
    // the title is a line of the plan, right after the glued numeral 一
    assert!(raw().contains(&format!("先锋作用。一\n{title}\n")));
    let s = node(g, "section:二.一");
    assert_eq!(s.kind, NodeKind::Section);
    assert_eq!(s.label, title);
    assert_eq!(s.attrs["path"], "二.一");
    assert_eq!(s.attrs["glued"], true);
    // its heading mention covers the title in the text
    let chars = chars_of(&g.documents[0].text);
    let start = char_offset(raw(), title, 0);
    assert!(s
        .mentions
        .iter()
        .any(|m| m[0] <= start && m[1] == start + title.chars().count()));
    assert!(text_at(&chars, s.mentions[0]).ends_with(title));
}

#[test]
fn masked_party_is_restored_with_a_diagnostic() {
    let g = g();
    let raw_chars = chars_of(raw());
    let first = char_offset(raw(), "中国共产*", 0) + 4;
    assert_eq!(first, 57);
    assert_eq!(raw_chars[57], '*');
    let doc = &g.documents[0];
    let text = chars_of(&doc.text);
    assert_eq!(text[57], '党');
    assert!(g
        .diagnostics
        .iter()
        .any(|d| d.code == "restored-char" && d.span == [57, 58] && d.message.contains('党')));
    // no masked 中国共产* is left; all four are 中国共产党
    assert!(!doc.text.contains("中国共产*"));
    assert_eq!(
        doc.text.matches("中国共产党").count(),
        raw().matches("中国共产*").count()
    );
    assert_eq!(doc.text.matches("中国共产党").count(), 4);
}

#[test]
fn canonical_text_keeps_char_count_and_offsets() {
    let doc = &g().documents[0];
    let raw_chars = chars_of(raw());
    let text = chars_of(&doc.text);
    assert_eq!(doc.chars, raw_chars.len());
    assert_eq!(text.len(), raw_chars.len());
    assert_eq!(doc.chars, 24892);
    // one for one: only the `*` positions differ
    for (i, (a, b)) in raw_chars.iter().zip(&text).enumerate() {
        if a != b {
            assert_eq!(*a, '*', "offset {i}: only masks are replaced");
        }
    }
    assert_eq!(doc.source, DEFAULT_PLAN_NAME);
    assert!(doc
        .title
        .starts_with("中共嘉兴市委关于制定嘉兴市国民经济和社会发展"));
}

#[test]
fn missing_numeral_is_flagged() {
    let g = g();
    let at = char_offset(raw(), "突破亿元", 0);
    assert!((500..=510).contains(&at), "突破亿元 at {at}");
    let chars = chars_of(&g.documents[0].text);
    let d = g
        .diagnostics
        .iter()
        .find(|d| d.code == "missing-numeral" && d.span[0] <= at + 2 && at + 2 <= d.span[1])
        .expect("a missing-numeral diagnostic at 突破亿元");
    assert!(text_at(&chars, d.span).contains('亿'), "{:?}", d);
    // a figure with its digits present is not flagged (人均…达到15万元以上)
    let ok = char_offset(raw(), "15万元", 0);
    assert!(!g
        .diagnostics
        .iter()
        .any(|d| d.code == "missing-numeral" && d.span[0] <= ok && ok < d.span[1]));
}

#[test]
fn xiangfudang_valley_is_a_platform_located_in_jiashan() {
    let g = g();
    let n = node(g, "platform:祥符荡科创绿谷");
    assert_eq!(n.kind, NodeKind::Platform);
    assert_eq!(n.label, "祥符荡科创绿谷");
    // both occurrences in the text are mentions
    let want: Vec<Span> = raw()
        .match_indices("祥符荡科创绿谷")
        .map(|(b, _)| {
            let s = raw()[..b].chars().count();
            [s, s + 7]
        })
        .collect();
    assert_eq!(want.len(), 2);
    for m in &want {
        assert!(n.mentions.contains(m), "mention {m:?}");
    }
    // located in 嘉善县: directly, or through a place within it (the lake 祥符荡)
    assert!(!n.regions.is_empty(), "祥符荡科创绿谷 has a region");
    let counties: BTreeSet<String> = n
        .regions
        .iter()
        .flat_map(|r| within_closure(g, &r.region))
        .filter(|r| node(g, r).attrs["level"] == "county")
        .collect();
    assert_eq!(
        counties,
        BTreeSet::from(["region:嘉善县".to_string()]),
        "regions {:?}",
        n.regions
    );
    // every attribution has its located_in edge
    for r in &n.regions {
        assert!(
            has_edge(g, &n.id, &r.region, EdgeKind::LocatedIn),
            "located_in {}",
            r.region
        );
    }
}

#[test]
fn wuzhen_is_within_tongxiang() {
    let g = g();
    let w = node(g, "region:乌镇镇");
    assert_eq!(w.kind, NodeKind::Region);
    assert_eq!(w.attrs["level"], "town");
    assert!(has_edge(
        g,
        "region:乌镇镇",
        "region:桐乡市",
        EdgeKind::Within
    ));
    assert!(has_edge(
        g,
        "region:桐乡市",
        "region:嘉兴市",
        EdgeKind::Within
    ));
    // the seven county-level units exist, labelled exactly, within the city
    let lens = planmap::eval::lens_units(g);
    assert_eq!(lens.len(), 7, "{lens:?}");
    for c in &lens {
        let id = format!("region:{c}");
        let n = node(g, &id);
        assert_eq!(&n.label, c);
        assert_eq!(n.attrs["level"], "county");
        assert!(has_edge(g, &id, "region:嘉兴市", EdgeKind::Within));
    }
}

#[test]
fn bare_nanhu_is_the_lake_not_the_district() {
    let g = g();
    let chars = chars_of(&g.documents[0].text);
    assert!(!raw().contains("南湖区"), "the plan never writes 南湖区");
    let district = node(g, "region:南湖区");
    assert!(district.mentions.is_empty(), "{:?}", district.mentions);
    // no region node anywhere is named by a bare 南湖 except the lake
    for n in of_kind(g, NodeKind::Region) {
        for m in &n.mentions {
            let t = text_at(&chars, *m);
            assert!(
                t == n.label || n.aliases.contains(&t),
                "{} mentioned as {t}",
                n.id
            );
            if t == "南湖" {
                assert_eq!(n.id, "region:南湖");
            }
        }
    }
    let lake = node(g, "region:南湖");
    assert!(!lake.mentions.is_empty());
    assert!(has_edge(
        g,
        "region:南湖",
        "region:南湖区",
        EdgeKind::Within
    ));
}

#[test]
fn graph_integrity() {
    check_integrity(g());
    // every mention of a named entity reads as its label or an alias
    let g = g();
    let chars = chars_of(&g.documents[0].text);
    for n in g
        .nodes
        .iter()
        .filter(|n| NodeKind::ENTITIES.contains(&n.kind))
    {
        for m in &n.mentions {
            let t = text_at(&chars, *m);
            assert!(
                t == n.label
                    || n.aliases.contains(&t)
                    || n.label.contains(&t)
                    || t.contains(&n.label),
                "{} mentioned as {t}",
                n.id
            );
        }
    }
}

#[test]
fn ids_are_stable_across_builds() {
    let again = build_default(&BuildOptions::default()).unwrap();
    let a: Vec<&str> = g().nodes.iter().map(|n| n.id.as_str()).collect();
    let b: Vec<&str> = again.graph.nodes.iter().map(|n| n.id.as_str()).collect();
    assert!(
        a == b,
        "node ids differ between builds: {:?}",
        graph_diff(g(), &again.graph)
    );
    if let Some(d) = graph_diff(g(), &again.graph) {
        panic!("two builds of the same input differ: {d}");
    }
}

#[test]
fn json_export_follows_the_contract() {
    let json = planmap::export::to_json(g());
    let v: Value = serde_json::from_str(&json).expect("valid JSON");
    let obj = v.as_object().unwrap();
    let keys: BTreeSet<&str> = obj.keys().map(|k| k.as_str()).collect();
    assert_eq!(
        keys,
        BTreeSet::from([
            "format",
            "version",
            "documents",
            "nodes",
            "edges",
            "diagnostics"
        ])
    );
    assert_eq!(v["format"], "planmap-graph");
    assert_eq!(v["version"], 2);
    assert_eq!(v["documents"][0]["id"], "d1");
    assert_eq!(v["documents"][0]["chars"], 24892);
    // the plan of 嘉兴市, by its title and issuing body
    let j = &v["documents"][0]["jurisdiction"];
    assert_eq!(j["name"], "嘉兴市");
    assert_eq!(j["code"], "330400");
    assert_eq!(j["level"], "city");
    assert_eq!(j["region"], "region:嘉兴市");
    let nodes = v["nodes"].as_array().unwrap();
    assert_eq!(nodes.len(), g().nodes.len());
    for n in nodes {
        let k = n["kind"].as_str().unwrap();
        assert!(NODE_KINDS.contains(&k), "node kind {k}");
        assert!(matches!(
            n["origin"].as_str(),
            Some("extracted" | "curated")
        ));
        for r in n["regions"].as_array().unwrap() {
            assert!(matches!(
                r["basis"].as_str(),
                Some("text" | "lexicon" | "jurisdiction" | "curated")
            ));
        }
    }
    for e in v["edges"].as_array().unwrap() {
        let k = e["kind"].as_str().unwrap();
        assert!(EDGE_KINDS.contains(&k), "edge kind {k}");
        assert!(matches!(
            e["basis"].as_str(),
            Some("structure" | "text" | "similarity" | "curated")
        ));
    }
    for d in v["diagnostics"].as_array().unwrap() {
        assert!(matches!(
            d["level"].as_str(),
            Some("info" | "warning" | "error")
        ));
    }
    // and it reads back into the same graph
    let back: GraphData = serde_json::from_str(&json).unwrap();
    assert_eq!(graph_diff(g(), &back), None);
}

// ───────────────────────────── queries ─────────────────────────────

#[test]
fn county_lens_of_jiashan() {
    let g = g();
    let sub = pg().county("嘉善县").unwrap();
    let set: HashSet<&str> = sub.nodes.iter().map(|s| s.as_str()).collect();
    assert!(set.contains("platform:祥符荡科创绿谷"));
    assert!(set.contains("region:嘉善县"));
    assert!(!set.contains("region:桐乡市"));
    assert!(!set.contains("region:乌镇镇"));
    // an entity located only in 桐乡市 (or places within it) is left out
    let tongxiang_only: Vec<&Node> = g
        .nodes
        .iter()
        .filter(|n| NodeKind::ENTITIES.contains(&n.kind) && !n.regions.is_empty())
        .filter(|n| {
            n.regions
                .iter()
                .all(|r| within_closure(g, &r.region).contains("region:桐乡市"))
        })
        .collect();
    assert!(
        !tongxiang_only.is_empty(),
        "the plan locates something in 桐乡市 (乌镇)"
    );
    for n in &tongxiang_only {
        assert!(!set.contains(n.id.as_str()), "{} is not in 嘉善县", n.id);
    }
    // every located entity in the lens lies in 嘉善县
    for id in &sub.nodes {
        let n = node(g, id);
        if NodeKind::ENTITIES.contains(&n.kind) && n.kind != NodeKind::Strategy {
            assert!(
                n.regions
                    .iter()
                    .any(|r| within_closure(g, &r.region).contains("region:嘉善县")),
                "{id} in the 嘉善县 lens"
            );
        }
    }
    // the subgraph's edges have both ends in it
    for &e in &sub.edges {
        let e = &g.edges[e];
        assert!(set.contains(e.source.as_str()) && set.contains(e.target.as_str()));
    }
    // a bare 嘉善 resolves to the county too, and non-regions are refused
    assert_eq!(pg().county("嘉善").unwrap(), sub);
    assert!(pg().county("section:二.一").is_err());
}

#[test]
fn seven_leap_goals_are_found() {
    // the plan states seven 新跨越 targets (——…实现新跨越。) in section 一.四
    let lines: Vec<&str> = raw()
        .lines()
        .filter(|l| l.starts_with("——") && l.contains("实现新跨越"))
        .collect();
    assert_eq!(lines.len(), 7);
    let leaps: Vec<&Node> = of_kind(g(), NodeKind::Goal)
        .into_iter()
        .filter(|n| n.attrs["goal_type"] == "leap")
        .collect();
    let types: BTreeSet<&str> = of_kind(g(), NodeKind::Goal)
        .iter()
        .filter_map(|n| n.attrs["goal_type"].as_str())
        .collect();
    assert_eq!(leaps.len(), 7, "leap goals; goal types present: {types:?}");
    for l in &leaps {
        assert!(l.label.contains("实现新跨越"), "{}", l.label);
    }
}

#[test]
fn trace_of_a_leap_goal_reaches_sections_and_measures() {
    let g = g();
    let leap = of_kind(g, NodeKind::Goal)
        .into_iter()
        .find(|n| n.attrs["goal_type"] == "leap")
        .expect("the plan has a leap goal (——…实现新跨越)");
    let sub = pg().trace(&leap.id).unwrap();
    let kinds: HashSet<NodeKind> = sub.nodes.iter().map(|id| node(g, id).kind).collect();
    assert!(kinds.contains(&NodeKind::Section), "{:?}", sub.nodes);
    assert!(kinds.contains(&NodeKind::Measure), "{:?}", sub.nodes);
    assert!(sub.nodes.contains(&leap.id));
}

#[test]
fn trace_of_a_supported_goal_is_its_support_chain() {
    // independent of goal types: any goal with support
    let g = g();
    let goal = of_kind(g, NodeKind::Goal)
        .into_iter()
        .find(|n| {
            g.edges.iter().any(|e| {
                e.kind == EdgeKind::Supports && e.target == n.id && e.source.starts_with("section:")
            })
        })
        .expect("some goal is supported by a section");
    let sub = pg().trace(&goal.id).unwrap();
    for e in g
        .edges
        .iter()
        .filter(|e| e.kind == EdgeKind::Supports && e.target == goal.id)
    {
        assert!(
            sub.nodes.contains(&e.source),
            "supporter {} in trace",
            e.source
        );
    }
    assert!(sub.nodes.iter().any(|id| id.starts_with("measure:")));
    // a section is not a goal
    assert!(pg().trace("section:二.一").is_err());
}

#[test]
fn path_between_a_goal_and_a_region_is_a_chain() {
    let g = g();
    let goal = of_kind(g, NodeKind::Goal)
        .into_iter()
        .find(|n| {
            g.edges
                .iter()
                .any(|e| e.kind == EdgeKind::Supports && e.target == n.id)
        })
        .unwrap();
    let path = pg().path(&goal.id, "region:嘉善县").unwrap();
    assert!(path.len() >= 2);
    assert_eq!(path.first().unwrap().0, goal.id);
    assert_eq!(path.last().unwrap().0, "region:嘉善县");
    assert_eq!(path.last().unwrap().1, None);
    for w in path.windows(2) {
        let (a, e) = &w[0];
        let (b, _) = &w[1];
        let e = &g.edges[e.expect("each hop but the last has an edge")];
        assert!(
            (&e.source == a && &e.target == b) || (&e.source == b && &e.target == a),
            "edge {}→{} joins {a} and {b}",
            e.source,
            e.target
        );
    }
    let ids: HashSet<&String> = path.iter().map(|p| &p.0).collect();
    assert_eq!(
        ids.len(),
        path.len(),
        "a shortest path visits no node twice"
    );
}

#[test]
fn gaps_are_consistent_with_the_edges() {
    let g = g();
    let gaps = pg().gaps();
    let incoming = |id: &str, k: EdgeKind| g.edges.iter().any(|e| e.target == id && e.kind == k);
    let outgoing = |id: &str, k: EdgeKind| g.edges.iter().any(|e| e.source == id && e.kind == k);
    for id in &gaps.goals_without_support {
        assert_eq!(node(g, id).kind, NodeKind::Goal);
        assert!(!incoming(id, EdgeKind::Supports));
    }
    for n in of_kind(g, NodeKind::Goal) {
        if !incoming(&n.id, EdgeKind::Supports) {
            assert!(gaps.goals_without_support.contains(&n.id));
        }
    }
    for id in &gaps.entities_without_region {
        assert!(node(g, id).regions.is_empty());
    }
    assert!(!gaps
        .entities_without_region
        .contains(&"platform:祥符荡科创绿谷".to_string()));
    for id in &gaps.measures_without_mentions {
        assert_eq!(node(g, id).kind, NodeKind::Measure);
        assert!(!outgoing(id, EdgeKind::Mentions));
    }
    for id in &gaps.sections_without_measures {
        assert!(!outgoing(id, EdgeKind::Contains));
    }
    for id in &gaps.entities_without_measure {
        assert!(!incoming(id, EdgeKind::Mentions));
    }
}

#[test]
fn ranking_is_sorted_and_filtered() {
    let r = pg().ranking(Some(NodeKind::Platform), 10);
    assert!(!r.is_empty() && r.len() <= 10);
    assert!(r.iter().all(|x| x.kind == NodeKind::Platform));
    assert!(r.windows(2).all(|w| w[0].pagerank >= w[1].pagerank));
    let all = pg().ranking(None, usize::MAX);
    assert_eq!(all.len(), g().nodes.len());
}

// ───────────────────────────── store ─────────────────────────────

#[test]
fn store_round_trip_and_search() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plan.db");
    Store::write(&db, g()).unwrap();
    let store = Store::open(&db).unwrap();
    assert_eq!(&store.load_graph().unwrap(), g());
    let chars = chars_of(&g().documents[0].text);

    for (q, min) in [("科创走廊", 2), ("嘉善", 2), ("湖", 5)] {
        let hits = store.search(q, 50).unwrap();
        assert!(hits.len() >= min, "{q}: {} hits", hits.len());
        for h in &hits {
            match h.kind {
                HitKind::Node => {
                    let label = h.label.as_deref().unwrap();
                    assert!(label.contains(q), "{q} in node label {label}");
                    assert!(g().node(h.node_id.as_deref().unwrap()).is_some());
                }
                HitKind::Passage => {
                    assert_eq!(text_at(&chars, h.span), q, "passage span reads {q}");
                    assert!(h.snippet.contains(q));
                }
            }
        }
        assert!(
            hits.iter().any(|h| h.kind == HitKind::Passage),
            "{q} finds passages"
        );
    }
    // node hits for a named entity
    let hits = store.search("祥符荡科创绿谷", 5).unwrap();
    assert_eq!(hits[0].node_id.as_deref(), Some("platform:祥符荡科创绿谷"));
}

// ───────────────────────────── options ─────────────────────────────

#[test]
fn no_curation_build_has_no_curated_nodes() {
    assert!(
        g().nodes.iter().any(|n| n.origin == Origin::Curated)
            || g().nodes.iter().any(|n| n
                .regions
                .iter()
                .any(|r| r.basis == planmap::model::RegionBasis::Curated)),
        "the default build applies the shipped curation"
    );
    let b = build_default(&BuildOptions { curation: false }).unwrap();
    check_integrity(&b.graph);
    assert!(b.graph.nodes.iter().all(|n| n.origin == Origin::Extracted));
    assert!(b.graph.edges.iter().all(|e| e.basis != Basis::Curated));
    assert!(b.graph.nodes.iter().all(|n| n
        .regions
        .iter()
        .all(|r| r.basis != planmap::model::RegionBasis::Curated)));
    // the outline does not depend on curation
    assert_eq!(section_titles(&b.graph), section_titles(g()));
}

// ───────────────────────────── encodings ─────────────────────────────

fn assert_same_as_utf8(b: &Built, what: &str) {
    assert_eq!(
        b.graph.documents[0].text,
        g().documents[0].text,
        "{what}: canonical text"
    );
    assert_eq!(
        section_titles(&b.graph),
        section_titles(g()),
        "{what}: section titles"
    );
    assert_eq!(
        b.graph.nodes.len(),
        g().nodes.len(),
        "{what}: node count; {:?}",
        graph_diff(g(), &b.graph)
    );
    if let Some(d) = graph_diff(g(), &b.graph) {
        panic!("{what}: the graph differs from the UTF-8 build: {d}");
    }
}

#[test]
fn gbk_copy_builds_the_same_graph() {
    let (bytes, enc, unmappable) = encoding_rs::GBK.encode(raw());
    assert!(!unmappable, "the plan is representable in GBK");
    assert_eq!(enc, encoding_rs::GBK);
    assert!(std::str::from_utf8(&bytes).is_err(), "really not UTF-8");
    let b = build_bytes(&bytes, DEFAULT_PLAN_NAME, &BuildOptions::default()).unwrap();
    assert!(
        b.encoding == "GBK" || b.encoding == "gb18030",
        "read as {}",
        b.encoding
    );
    assert_same_as_utf8(&b, "GBK");
}

#[test]
fn utf16le_bom_copy_builds_the_same_graph() {
    let mut bytes = vec![0xFF, 0xFE];
    for u in raw().encode_utf16() {
        bytes.extend_from_slice(&u.to_le_bytes());
    }
    let b = build_bytes(&bytes, DEFAULT_PLAN_NAME, &BuildOptions::default()).unwrap();
    assert_eq!(b.encoding, "UTF-16LE");
    assert_same_as_utf8(&b, "UTF-16LE");
}

#[test]
fn crlf_copy_builds_the_same_graph() {
    let crlf = raw().replace('\n', "\r\n");
    assert!(crlf.contains("\r\n"));
    let b = build_bytes(crlf.as_bytes(), DEFAULT_PLAN_NAME, &BuildOptions::default()).unwrap();
    assert_same_as_utf8(&b, "CRLF");
}

// ───────────────────────────── other outline styles ─────────────────────────────

fn titles_by_part(b: &Built) -> Vec<(String, Vec<String>)> {
    b.outline
        .parts
        .iter()
        .map(|p| {
            (
                p.title.clone(),
                p.sections.iter().map(|s| s.title.clone()).collect(),
            )
        })
        .collect()
}

#[test]
fn paren_style_plan() {
    let (b, text) = build_fixture("paren-style.txt");
    check_integrity(&b.graph);
    assert_eq!(b.graph.documents[0].text, text);
    assert_eq!(
        b.outline.title,
        "某县国民经济和社会发展第十四个五年规划纲要"
    );
    assert_eq!(
        titles_by_part(&b),
        vec![
            (
                "推动产业转型升级".to_string(),
                vec!["做强先进制造业".to_string(), "提升现代服务业".to_string()]
            ),
            (
                "建设美丽宜居城乡".to_string(),
                vec![
                    "优化城乡空间布局".to_string(),
                    "加强生态环境保护".to_string(),
                    "推进乡村全面振兴".to_string()
                ]
            ),
        ]
    );
    let g = &b.graph;
    assert_eq!(of_kind(g, NodeKind::Part).len(), 2);
    assert_eq!(of_kind(g, NodeKind::Section).len(), 5);
    let s = node(g, "section:二.三");
    assert_eq!(s.label, "推进乡村全面振兴");
    // the heading mention reads （三）推进乡村全面振兴
    let chars = chars_of(&text);
    assert_eq!(text_at(&chars, s.mentions[0]), "（三）推进乡村全面振兴");
    // the body after the title is a paragraph of the section
    let sec = &b.outline.parts[1].sections[2];
    assert_eq!(sec.paras.len(), 1);
    assert!(text_at(&chars, sec.paras[0]).starts_with("发展现代农业"));
    // the adoption note and preamble are front matter, not sections
    assert_eq!(b.outline.front.len(), 2);
    assert!(g.diagnostics.iter().all(|d| d.code != "section-numbering"));
}

#[test]
fn arabic_style_report() {
    let (b, text) = build_fixture("arabic-style.txt");
    check_integrity(&b.graph);
    assert_eq!(b.outline.title, "某市2026年政府工作报告");
    assert_eq!(
        titles_by_part(&b),
        vec![
            (
                "2025年工作回顾".to_string(),
                vec![
                    "经济运行稳中向好".to_string(),
                    "创新动能持续增强".to_string(),
                    "民生保障更加有力".to_string()
                ]
            ),
            (
                "2026年主要任务".to_string(),
                vec!["扩大有效投资".to_string(), "建设科创走廊".to_string()]
            ),
        ]
    );
    let sec = &b.outline.parts[0].sections[0];
    assert_eq!(sec.number, "1");
    assert_eq!(sec.style, planmap::outline::SectionStyle::Arabic);
    let chars = chars_of(&text);
    assert_eq!(text_at(&chars, sec.number_span), "1.");
    assert_eq!(of_kind(&b.graph, NodeKind::Section).len(), 5);
    assert!(b.graph.node("section:二.2").is_some());
}

#[test]
fn glued_section_numeral() {
    let (b, text) = build_fixture("glued-numeral.txt");
    check_integrity(&b.graph);
    let chars = chars_of(&text);
    assert_eq!(
        titles_by_part(&b),
        vec![
            (
                "总体要求".to_string(),
                vec![
                    "发展基础".to_string(),
                    "发展目标".to_string(),
                    "主要任务".to_string()
                ]
            ),
            ("保障措施".to_string(), vec!["加强党的领导".to_string()]),
        ]
    );
    let s = &b.outline.parts[0].sections[2];
    assert_eq!(s.style, planmap::outline::SectionStyle::Glued);
    assert_eq!(s.number, "三");
    // the numeral is the 三 at the end of the 发展目标 paragraph
    let at = char_offset(&text, "先锋作用。三", 0) + 5;
    assert_eq!(s.number_span, [at, at + 1]);
    assert_eq!(text_at(&chars, s.number_span), "三");
    // the previous section's paragraph stops before the numeral
    let prev = &b.outline.parts[0].sections[1];
    let last = *prev.paras.last().unwrap();
    assert_eq!(
        text_at(&chars, last),
        "到2025年，地区生产总值突破8000亿元，在全省高质量发展中发挥先锋作用。"
    );
    let n = node(&b.graph, "section:一.三");
    assert_eq!(n.label, "主要任务");
    assert_eq!(n.attrs["glued"], true);
    assert_eq!(node(&b.graph, "section:一.二").attrs["glued"], false);
}

#[test]
fn refusals_are_errors_not_panics() {
    let opts = BuildOptions::default();
    assert!(matches!(
        build_bytes(b"", "e.txt", &opts),
        Err(planmap::Error::Empty)
    ));
    assert!(matches!(
        build_bytes(b"\x89PNG\r\n\x1a\njunkjunk", "p.txt", &opts),
        Err(planmap::Error::Binary(_))
    ));
    let missing = fixture("does-not-exist.txt");
    assert!(matches!(
        planmap::build_file(&missing, &opts),
        Err(planmap::Error::Io { .. })
    ));
}

#[test]
fn other_documents_get_no_plan_curation() {
    let (b, _) = build_fixture("paren-style.txt");
    assert!(b.graph.nodes.iter().all(|n| n.origin == Origin::Extracted));
}
