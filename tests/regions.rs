//! Places and county attribution on the shipped plan and on small made-up sentences.

use planmap::extract::regions::{
    attribute, detect_jurisdiction, extract_regions, Jurisdiction, Places,
};
use planmap::extract::{Attribution, EntityHit, RegionHit, RegionLevel};
use planmap::gazetteer::Gazetteer;
use planmap::model::{span_text, NodeKind, RegionBasis};

/// The places of a plan of 嘉兴市, for sentences that are not a whole plan.
fn jiaxing() -> &'static Places {
    static P: std::sync::OnceLock<Places> = std::sync::OnceLock::new();
    P.get_or_init(|| Places::new(Gazetteer::get().by_code("330400").map(Jurisdiction::Unit)))
}

/// The places of the shipped plan, by the jurisdiction its title gives.
fn plan_places(text: &str) -> Places {
    Places::new(detect_jurisdiction(text))
}

fn counties_of(label: &str) -> Vec<String> {
    jiaxing().units_of(label)
}

fn plan_text() -> String {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/assets/jiaxing-14th-fyp-recommendations.txt"
    );
    let raw = std::fs::read_to_string(path).expect("shipped plan");
    planmap::restore::restore(&raw).text
}

fn hit<'a>(regions: &'a [RegionHit], name: &str) -> &'a RegionHit {
    regions
        .iter()
        .find(|r| r.label == name || r.aliases.iter().any(|a| a == name))
        .unwrap_or_else(|| panic!("no region {name}"))
}

/// An entity with every occurrence of `label` in `text` as a mention.
fn entity(text: &str, kind: NodeKind, label: &str) -> EntityHit {
    let chars: Vec<char> = text.chars().collect();
    let pat: Vec<char> = label.chars().collect();
    let mut mentions = Vec::new();
    if !pat.is_empty() && pat.len() <= chars.len() {
        for i in 0..=chars.len() - pat.len() {
            if chars[i..i + pat.len()] == pat[..] {
                mentions.push([i, i + pat.len()]);
            }
        }
    }
    EntityHit {
        kind,
        label: label.to_string(),
        aliases: Vec::new(),
        mentions,
    }
}

fn regions_of(atts: &[Attribution], entity: usize) -> Vec<String> {
    atts.iter()
        .filter(|a| a.entity == entity)
        .map(|a| a.region.clone())
        .collect()
}

fn counties(atts: &[Attribution], entity: usize) -> Vec<String> {
    let mut v: Vec<String> = atts
        .iter()
        .filter(|a| a.entity == entity)
        .flat_map(|a| counties_of(&a.region))
        .collect();
    v.sort();
    v.dedup();
    v
}

#[test]
fn seven_counties_under_the_city() {
    let text = plan_text();
    let regions = extract_regions(&plan_places(&text), &text);
    let city = hit(&regions, "嘉兴市");
    assert_eq!(city.level, RegionLevel::City);
    assert!(!city.mentions.is_empty());
    let g = Gazetteer::get();
    let jx = g.by_code("330400").unwrap();
    let counties: Vec<&str> = g
        .subdivisions(Some(jx))
        .into_iter()
        .map(|u| g.unit(u).name)
        .collect();
    assert_eq!(counties.len(), 7);
    for c in counties {
        let r = regions
            .iter()
            .find(|r| r.label == c)
            .unwrap_or_else(|| panic!("{c} missing"));
        assert_eq!(r.level, RegionLevel::County, "{c}");
        assert_eq!(r.parent.as_deref(), Some("嘉兴市"), "{c}");
    }
    // 南湖区 is never named in the plan; the others are.
    assert!(hit(&regions, "南湖区").mentions.is_empty());
    for c in ["嘉善县", "海宁市", "平湖市", "桐乡市", "秀洲区", "海盐县"] {
        assert!(!hit(&regions, c).mentions.is_empty(), "{c} has mentions");
    }
}

#[test]
fn towns_and_places_in_their_counties() {
    let text = plan_text();
    let regions = extract_regions(&plan_places(&text), &text);
    let wuzhen = hit(&regions, "乌镇");
    assert!(matches!(
        wuzhen.level,
        RegionLevel::Town | RegionLevel::Place
    ));
    assert_eq!(wuzhen.parent.as_deref(), Some("桐乡市"));
    assert!(wuzhen.mentions.len() >= 5);
    assert_eq!(counties_of(&hit(&regions, "西塘").label), vec!["嘉善县"]);
    assert_eq!(
        counties_of(&hit(&regions, "王江泾镇").label),
        vec!["秀洲区"]
    );
    assert_eq!(counties_of(&hit(&regions, "盐官").label), vec!["海宁市"]);
    assert_eq!(counties_of(&hit(&regions, "新仓").label), vec!["平湖市"]);
    // 西塘 is not swallowed by the 海塘 next to it, nor 西塘桥 by 西塘.
    for r in &regions {
        for &m in &r.mentions {
            let s = span_text(&text, m);
            assert!(
                s == r.label || r.aliases.contains(&s),
                "{} {:?} {}",
                r.label,
                m,
                s
            );
        }
    }
}

#[test]
fn nanhu_is_the_lake_never_the_district() {
    let text = plan_text();
    let regions = extract_regions(&plan_places(&text), &text);
    let lake = regions.iter().find(|r| r.label == "南湖").expect("南湖");
    assert_eq!(lake.level, RegionLevel::Place);
    assert_eq!(lake.parent.as_deref(), Some("南湖区"));
    // Lake mentions: 南湖重要讲话, 南湖红船 ×2, 南湖革命纪念馆 ×2, 南湖文化中心, 以南湖为核心;
    // brand names (南湖研究院, 南湖实验室, 嘉兴南湖学院) are left out.
    let starts: Vec<usize> = lake.mentions.iter().map(|m| m[0]).collect();
    assert_eq!(starts, vec![348, 1724, 1731, 14691, 17385, 17401, 17697]);
    let district = regions.iter().find(|r| r.label == "南湖区").unwrap();
    assert!(district.mentions.is_empty());
    assert!(district.aliases.is_empty());
}

#[test]
fn outside_places() {
    let text = plan_text();
    let regions = extract_regions(&plan_places(&text), &text);
    // divisions outside the plan's city are divisions still, with their codes
    let sh = hit(&regions, "上海");
    assert_eq!(sh.label, "上海市");
    assert_eq!(sh.level, RegionLevel::Province);
    assert_eq!(sh.code.as_deref(), Some("310000"));
    assert!(sh.parent.is_none());
    assert!(sh.mentions.len() >= 10);
    assert_eq!(hit(&regions, "青浦").label, "青浦区");
    assert_eq!(hit(&regions, "青浦").parent.as_deref(), Some("上海市"));
    // 苏州市 is never named, so it is no region of the plan: 吴江区 hangs
    // from the nearest named ancestor (江苏省, named beside it)
    assert!(regions.iter().all(|r| r.label != "苏州市"));
    assert_eq!(hit(&regions, "吴江").parent.as_deref(), Some("江苏省"));
    // 金山银山 is an idiom; 临港产业 is port-side industry.
    assert_eq!(hit(&regions, "金山").mentions.len(), 1);
    assert_eq!(hit(&regions, "临港").mentions.len(), 1);
    // 长安杯 is an award, 北斗七星 is not 七星街道.
    assert!(!regions
        .iter()
        .any(|r| r.label == "长安镇" || r.label == "七星街道" && !r.mentions.is_empty()));
    // Every parent is itself a region.
    for r in &regions {
        if let Some(p) = &r.parent {
            assert!(
                regions.iter().any(|q| &q.label == p),
                "parent {p} of {}",
                r.label
            );
        }
    }
}

#[test]
fn attribution_by_name() {
    let text = "协同共建平湖—金山产城融合发展区、张江长三角科技城平湖园、上海漕河泾新兴技术开发区海宁分区。\
                着力构建嘉善未来新城。推进乌镇大道科创集聚区。提升湘家荡科创高地。推进沪平盐城际建设。\
                谋划建设市域外配水工程(杭州方向)。深化清廉嘉兴建设。优化提升南湖研究院。";
    let regions = extract_regions(jiaxing(), text);
    let labels = [
        "平湖—金山产城融合发展区",
        "张江长三角科技城平湖园",
        "上海漕河泾新兴技术开发区海宁分区",
        "嘉善未来新城",
        "乌镇大道科创集聚区",
        "湘家荡科创高地",
        "沪平盐",
        "市域外配水工程(杭州方向)",
        "清廉嘉兴",
        "南湖研究院",
    ];
    let ents: Vec<EntityHit> = labels
        .iter()
        .map(|l| {
            entity(
                text,
                if l.contains('沪') || l.contains("工程") {
                    NodeKind::Project
                } else {
                    NodeKind::Platform
                },
                l,
            )
        })
        .collect();
    let atts = attribute(jiaxing(), text, &ents, &regions);
    assert_eq!(regions_of(&atts, 0), vec!["平湖市", "金山区"]);
    assert_eq!(regions_of(&atts, 1), vec!["平湖市"]);
    assert_eq!(regions_of(&atts, 2), vec!["海宁市"]);
    assert_eq!(regions_of(&atts, 3), vec!["嘉善县"]);
    assert_eq!(regions_of(&atts, 4), vec!["乌镇镇"]);
    assert_eq!(counties(&atts, 4), vec!["桐乡市"]);
    assert_eq!(counties(&atts, 5), vec!["南湖区"]);
    assert_eq!(counties(&atts, 6), vec!["平湖市", "海盐县"]);
    assert!(
        regions_of(&atts, 7).is_empty(),
        "a direction is not a location"
    );
    assert!(regions_of(&atts, 8).is_empty(), "the city is not a county");
    assert!(
        regions_of(&atts, 9).is_empty(),
        "南湖 in a brand name is not the lake"
    );
    for a in &atts {
        assert_eq!(a.basis, RegionBasis::Text);
        assert!(a.confidence >= 0.8);
        assert!(!a.evidence.is_empty());
    }
    // Evidence of 嘉善未来新城: the 嘉善 span and the entity span.
    let a = atts.iter().find(|a| a.entity == 3).unwrap();
    assert!(a.evidence.iter().any(|&s| span_text(text, s) == "嘉善"));
    assert!(a
        .evidence
        .iter()
        .any(|&s| span_text(text, s) == "嘉善未来新城"));
}

#[test]
fn attribution_by_sentence() {
    let text = "统筹秀洲区王江泾镇、油车港镇规划建设甲新区，加强湿地保护。\
                支持海宁加快发展，加快建设乙中心，推动丙园区发展。\
                推进中心城区丁中心、戊中心建设。\
                中心城区连接嘉善、平湖、海盐、海宁、桐乡等己网建设。\
                实施庚计划，全市推进。";
    let regions = extract_regions(jiaxing(), text);
    let ents = vec![
        entity(text, NodeKind::Platform, "甲新区"),
        entity(text, NodeKind::Platform, "乙中心"),
        entity(text, NodeKind::Platform, "丁中心"),
        entity(text, NodeKind::Project, "己网"),
        entity(text, NodeKind::Program, "庚计划"),
        entity(text, NodeKind::Industry, "丙园区"),
    ];
    let atts = attribute(jiaxing(), text, &ents, &regions);
    // The enumeration before it in the clause: 王江泾镇、油车港镇 (towns of 秀洲区).
    assert_eq!(regions_of(&atts, 0), vec!["王江泾镇", "油车港镇"]);
    assert_eq!(counties(&atts, 0), vec!["秀洲区"]);
    let a = atts
        .iter()
        .find(|a| a.entity == 0 && a.region == "王江泾镇")
        .unwrap();
    assert!(a.confidence < 0.8 && a.confidence >= 0.6);
    // Same sentence, another clause, one county only.
    assert_eq!(counties(&atts, 1), vec!["海宁市"]);
    assert!(atts.iter().find(|a| a.entity == 1).unwrap().confidence <= 0.6 + 1e-9);
    assert_eq!(regions_of(&atts, 2), vec!["中心城区"]);
    assert!(
        regions_of(&atts, 3).is_empty(),
        "a list of counties locates nothing"
    );
    assert!(
        regions_of(&atts, 4).is_empty(),
        "citywide stays unattributed"
    );
    assert!(
        regions_of(&atts, 5).is_empty(),
        "industries are not located by context"
    );
}

#[test]
fn ambiguity_and_stop_list() {
    let text = "荣获“长安杯”。大桥建设。海宁市长安镇。嘉善县西塘镇和海盐县西塘桥街道。绿水青山就是金山银山。其余新建项目。";
    let regions = extract_regions(jiaxing(), text);
    assert!(regions.iter().all(|r| r.label != "大桥镇"));
    assert!(regions.iter().all(|r| r.label != "金山"));
    assert!(regions.iter().all(|r| r.label != "余新镇"));
    assert_eq!(hit(&regions, "长安镇").mentions.len(), 1);
    assert_eq!(
        hit(&regions, "嘉善县").mentions.len(),
        1,
        "嘉善县 over 嘉善"
    );
    assert_eq!(hit(&regions, "西塘镇").mentions.len(), 1);
    assert_eq!(
        hit(&regions, "西塘桥街道").parent.as_deref(),
        Some("海盐县")
    );
}

#[test]
fn odd_input_does_not_panic() {
    for text in [
        "",
        "*",
        "南",
        "南湖区南湖南湖研究院",
        "\u{0}\u{FFFF}嘉兴\r\n",
        "🙂沪平盐🙂",
        "海宁至桐乡",
    ] {
        let regions = extract_regions(jiaxing(), text);
        assert!(regions.len() >= 8);
        let ents = vec![
            EntityHit {
                kind: NodeKind::Project,
                label: String::new(),
                aliases: vec![],
                mentions: vec![[5, 2], [0, 999]],
            },
            EntityHit {
                kind: NodeKind::Project,
                label: "海宁至桐乡".into(),
                aliases: vec!["".into()],
                mentions: vec![[0, 5]],
            },
            EntityHit {
                kind: NodeKind::Platform,
                label: text.into(),
                aliases: vec![],
                mentions: vec![[0, text.chars().count()]],
            },
        ];
        let _ = attribute(jiaxing(), text, &ents, &regions);
        let _ = attribute(jiaxing(), text, &ents, &[]);
    }
}

// ───────────── measurement against the gold annotation (run with --ignored) ─────────────
