//! Plans of other places, in forms the shipped plan lacks: another city's
//! 建议, a county's own 纲要, a province's work report. Each must get its own
//! jurisdiction, its own subdivisions (with division codes and `within`
//! edges) and nothing of 嘉兴 that it does not name. The fixtures were
//! written for these tests (tests/fixtures/city-jianyi.txt,
//! county-plan.txt, province-report.txt).

use std::collections::{HashMap, HashSet};

use planmap::model::{EdgeKind, GraphData, Jurisdiction, NodeKind, RegionBasis};
use planmap::{build_bytes, BuildOptions};

fn build(name: &str) -> GraphData {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(&path).unwrap();
    build_bytes(&bytes, name, &BuildOptions::default())
        .unwrap()
        .graph
}

/// Labels of the divisions with a `within` edge to `target`, with their
/// codes (other places within it, such as a lake, have no code).
fn subdivisions(g: &GraphData, target: &str) -> HashMap<String, String> {
    let ids: HashSet<&str> = g
        .edges
        .iter()
        .filter(|e| e.kind == EdgeKind::Within && e.target == target)
        .map(|e| e.source.as_str())
        .collect();
    g.nodes
        .iter()
        .filter(|n| ids.contains(n.id.as_str()))
        .filter_map(|n| Some((n.label.clone(), n.attrs.get("code")?.as_str()?.to_string())))
        .collect()
}

/// The document's jurisdiction, checked to be `(name, code, level)`.
fn jurisdiction<'g>(g: &'g GraphData, want: (&str, &str, &str)) -> &'g Jurisdiction {
    let j = g.documents[0]
        .jurisdiction
        .as_ref()
        .expect("a jurisdiction");
    assert_eq!((j.name.as_str(), j.code.as_str(), j.level.as_str()), want);
    j
}

fn region_codes(g: &GraphData) -> Vec<String> {
    g.nodes
        .iter()
        .filter(|n| n.kind == NodeKind::Region)
        .filter_map(|n| {
            n.attrs
                .get("code")
                .and_then(|c| c.as_str())
                .map(String::from)
        })
        .collect()
}

#[test]
fn another_citys_recommendations_get_that_city_and_its_counties() {
    let g = build("city-jianyi.txt");
    let j = jurisdiction(&g, ("湖州市", "330500", "city"));
    let subs = subdivisions(&g, &j.region);
    let want: HashMap<String, String> = [
        ("吴兴区", "330502"),
        ("南浔区", "330503"),
        ("德清县", "330521"),
        ("长兴县", "330522"),
        ("安吉县", "330523"),
    ]
    .into_iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    assert_eq!(subs, want);
    // 湖州市 within 浙江省, the ancestor
    assert!(g.edges.iter().any(|e| e.kind == EdgeKind::Within
        && e.source == "region:湖州市"
        && e.target == "region:浙江省"));
    // nothing of 嘉兴 (codes 3304…), which the text never names
    assert!(
        region_codes(&g).iter().all(|c| !c.starts_with("3304")),
        "{:?}",
        region_codes(&g)
    );
    // the county-level units the text names have their mentions
    for c in ["南浔区", "安吉县"] {
        let n = g.nodes.iter().find(|n| n.label == c).unwrap();
        assert!(!n.mentions.is_empty(), "{c}");
    }
}

#[test]
fn a_countys_own_plan_places_what_it_names_in_that_county() {
    let g = build("county-plan.txt");
    let j = jurisdiction(&g, ("海宁市", "330481", "county"));
    // its towns and streets are the lens, each with a 9-digit code
    let towns = subdivisions(&g, &j.region);
    assert!(towns.len() >= 10, "{towns:?}");
    assert!(towns
        .values()
        .all(|c| c.len() == 9 && c.starts_with("330481")));
    assert!(towns.contains_key("许村镇") && towns.contains_key("盐官镇"));
    // named things: in the county unless the text places them elsewhere
    let mut up: HashMap<&str, Vec<&str>> = HashMap::new();
    for e in g.edges.iter().filter(|e| e.kind == EdgeKind::Within) {
        up.entry(e.source.as_str())
            .or_default()
            .push(e.target.as_str());
    }
    let inside = |r: &str| {
        let mut stack = vec![r];
        let mut seen = HashSet::new();
        while let Some(a) = stack.pop() {
            if a == j.region {
                return true;
            }
            if seen.insert(a) {
                stack.extend(up.get(a).into_iter().flatten().copied());
            }
        }
        false
    };
    let named: Vec<_> = g
        .nodes
        .iter()
        .filter(|n| NodeKind::ENTITIES.contains(&n.kind))
        .collect();
    assert!(named.len() >= 15, "{}", named.len());
    let there = named
        .iter()
        .filter(|n| n.regions.iter().any(|r| inside(&r.region)))
        .count();
    assert!(
        there * 100 >= named.len() * 85,
        "{there} of {}",
        named.len()
    );
    // a name without a place lies there by the jurisdiction, one with a
    // town in it lies in that town
    let node = |l: &str| {
        named
            .iter()
            .find(|n| n.label == l)
            .unwrap_or_else(|| panic!("{l}"))
    };
    assert!(node("会展经济")
        .regions
        .iter()
        .any(|r| r.basis == RegionBasis::Jurisdiction));
    assert!(node("盐官音乐小镇")
        .regions
        .iter()
        .any(|r| r.region == "region:盐官镇"));
    // its 纲要 outline: chapters as parts, 节 below, the box beside them
    let parts = g.nodes.iter().filter(|n| n.kind == NodeKind::Part).count();
    assert_eq!(parts, 4);
    let boxes = g
        .nodes
        .iter()
        .filter(|n| n.kind == NodeKind::Section && n.attrs.get("box").is_some_and(|b| b == true))
        .count();
    assert_eq!(boxes, 1);
}

#[test]
fn a_provinces_report_gets_the_province_and_its_cities() {
    let g = build("province-report.txt");
    let j = jurisdiction(&g, ("四川省", "510000", "province"));
    let cities = subdivisions(&g, &j.region);
    // 18 cities and 3 autonomous prefectures
    assert_eq!(cities.len(), 21, "{cities:?}");
    assert_eq!(cities["成都市"], "510100");
    assert!(cities.contains_key("凉山彝族自治州"));
    // 凉山州 and 甘孜 are their short forms
    let ls = g
        .nodes
        .iter()
        .find(|n| n.label == "凉山彝族自治州")
        .unwrap();
    assert!(!ls.mentions.is_empty());
    assert!(region_codes(&g).iter().all(|c| !c.starts_with("3304")));
}

#[test]
fn a_plan_that_does_not_say_whose_it_is_has_no_jurisdiction_and_no_stray_places() {
    let text = "关于加快发展的若干意见\n一、总体要求\n（一）推进产业发展。建设智能制造产业园，培育新材料产业。\n";
    let g = build_bytes(text.as_bytes(), "t.txt", &BuildOptions::default())
        .unwrap()
        .graph;
    assert!(g.documents[0].jurisdiction.is_none());
    assert_eq!(
        g.nodes
            .iter()
            .filter(|n| n.kind == NodeKind::Region)
            .count(),
        0
    );
}
