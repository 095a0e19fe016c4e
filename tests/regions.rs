//! Places and county attribution on the shipped plan and on small made-up sentences.

use planmap::extract::regions::{attribute, counties_of, extract_regions};
use planmap::extract::{Attribution, EntityHit, RegionHit, RegionLevel};
use planmap::model::{span_text, NodeKind, RegionBasis, Span};

const COUNTIES: [&str; 7] = [
    "南湖区",
    "秀洲区",
    "嘉善县",
    "海盐县",
    "海宁市",
    "平湖市",
    "桐乡市",
];

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
    let regions = extract_regions(&text);
    let city = hit(&regions, "嘉兴市");
    assert_eq!(city.level, RegionLevel::City);
    assert!(!city.mentions.is_empty());
    for c in COUNTIES {
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
    let regions = extract_regions(&text);
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
    let regions = extract_regions(&text);
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
    let regions = extract_regions(&text);
    let sh = hit(&regions, "上海");
    assert_eq!(sh.level, RegionLevel::Outside);
    assert!(sh.parent.is_none());
    assert!(sh.mentions.len() >= 10);
    assert_eq!(hit(&regions, "青浦").parent.as_deref(), Some("上海"));
    assert_eq!(hit(&regions, "吴江").parent.as_deref(), Some("苏州"));
    // 苏州 is present as the parent of 吴江 even though never spelled out.
    assert!(hit(&regions, "苏州").mentions.is_empty());
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
    let regions = extract_regions(text);
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
    let atts = attribute(text, &ents, &regions);
    assert_eq!(regions_of(&atts, 0), vec!["平湖市", "金山"]);
    assert_eq!(regions_of(&atts, 1), vec!["平湖市"]);
    assert_eq!(regions_of(&atts, 2), vec!["海宁市"]);
    assert_eq!(regions_of(&atts, 3), vec!["嘉善县"]);
    assert_eq!(regions_of(&atts, 4), vec!["乌镇"]);
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
    let regions = extract_regions(text);
    let ents = vec![
        entity(text, NodeKind::Platform, "甲新区"),
        entity(text, NodeKind::Platform, "乙中心"),
        entity(text, NodeKind::Platform, "丁中心"),
        entity(text, NodeKind::Project, "己网"),
        entity(text, NodeKind::Program, "庚计划"),
        entity(text, NodeKind::Industry, "丙园区"),
    ];
    let atts = attribute(text, &ents, &regions);
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
    let regions = extract_regions(text);
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
        let regions = extract_regions(text);
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
        let _ = attribute(text, &ents, &regions);
        let _ = attribute(text, &ents, &[]);
    }
}

// ───────────── measurement against the gold annotation (run with --ignored) ─────────────

fn gold_counties(v: &serde_json::Value) -> (Vec<String>, bool, bool, bool) {
    // (named counties, citywide, 中心城区, multi/outside only)
    let mut cs = Vec::new();
    let (mut city, mut centre, mut other) = (false, false, false);
    if let Some(arr) = v.as_array() {
        for e in arr {
            let s = e.as_str().unwrap_or("");
            if let Some(c) = COUNTIES.iter().find(|c| s.starts_with(*c)) {
                cs.push(c.to_string());
            } else if s.starts_with("citywide") {
                city = true;
            } else if s.starts_with("中心城区") {
                centre = true;
            } else {
                other = true;
            }
        }
    }
    cs.sort();
    cs.dedup();
    (cs, city, centre, other)
}

#[test]
#[ignore]
fn gold_attribution_report() {
    let dir = std::env::var("PLANMAP_GOLD").unwrap_or_else(|_| "/work/shared/gold/dev".into());
    let Ok(src) = std::fs::read_to_string(format!("{dir}/entities.json")) else {
        eprintln!("no gold at {dir}");
        return;
    };
    let gold: serde_json::Value = serde_json::from_str(&src).unwrap();
    let text = plan_text();
    let chars: Vec<char> = text.chars().collect();
    let regions = extract_regions(&text);
    let golds = gold["entities"].as_array().unwrap();
    let mut ents = Vec::new();
    for g in golds {
        let name = g["name"].as_str().unwrap().to_string();
        let aliases: Vec<String> = g["aliases"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a.as_str().unwrap().to_string())
            .collect();
        let mut mentions: Vec<Span> = Vec::new();
        for o in g["occurrence_offsets"].as_array().unwrap() {
            let o = o.as_u64().unwrap() as usize;
            let mut names: Vec<&String> = std::iter::once(&name).chain(aliases.iter()).collect();
            names.sort_by_key(|n| std::cmp::Reverse(n.chars().count()));
            for n in names {
                let nc: Vec<char> = n.chars().collect();
                if o + nc.len() <= chars.len() && chars[o..o + nc.len()] == nc[..] {
                    mentions.push([o, o + nc.len()]);
                    break;
                }
            }
        }
        let kind = NodeKind::parse(g["kind"].as_str().unwrap()).unwrap();
        ents.push(EntityHit {
            kind,
            label: name,
            aliases,
            mentions,
        });
    }
    let atts = attribute(&text, &ents, &regions);
    let mut by_conf: std::collections::BTreeMap<String, (usize, usize)> = Default::default();
    let (mut city_n, mut city_ok, mut out_n, mut out_ok) = (0, 0, 0, 0);
    let mut unplaced = Vec::new();
    for (i, g) in golds.iter().enumerate() {
        let ca = &g["county_attribution"];
        let conf = ca["confidence"].as_str().unwrap_or("none").to_string();
        let (gc, city, centre, other) = gold_counties(&ca["county"]);
        let pred = counties(&atts, i);
        let regs = regions_of(&atts, i);
        let name = g["name"].as_str().unwrap();
        if !gc.is_empty() && !centre {
            let e = by_conf.entry(conf.clone()).or_default();
            e.0 += 1;
            if pred == gc {
                e.1 += 1;
            } else {
                eprintln!(
                    "MISS [{conf}] {} {name}: gold {:?} got {:?} via {:?}",
                    g["id"], gc, pred, regs
                );
                if pred.is_empty() {
                    unplaced.push(format!(
                        "{} {name} → {:?} ({conf}, {}: {})",
                        g["id"].as_str().unwrap(),
                        gc,
                        ca["basis"].as_str().unwrap_or(""),
                        ca["reason"].as_str().unwrap_or("")
                    ));
                }
            }
        } else if city && gc.is_empty() && !centre {
            city_n += 1;
            if pred.is_empty() {
                city_ok += 1;
            } else {
                eprintln!(
                    "CITYWIDE GOT COUNTY {} {name}: {:?} via {:?}",
                    g["id"], pred, regs
                );
            }
        } else if other && gc.is_empty() && !centre {
            out_n += 1;
            if pred.is_empty() {
                out_ok += 1;
            } else {
                eprintln!("OUTSIDE/MULTI GOT COUNTY {} {name}: {:?}", g["id"], pred);
            }
        } else if centre {
            eprintln!(
                "中心城区 {} {name}: gold {:?} got {:?} via {:?}",
                g["id"], ca["county"], pred, regs
            );
        }
    }
    // Precision: entities given a county at all, is it within the gold's units?
    let (mut given, mut within) = (0, 0);
    for (i, g) in golds.iter().enumerate() {
        let pred = counties(&atts, i);
        if pred.is_empty() {
            continue;
        }
        given += 1;
        let (mut gc, _, centre, _) = gold_counties(&g["county_attribution"]["county"]);
        if centre {
            gc.extend(["南湖区".to_string(), "秀洲区".to_string()]);
        }
        if pred.iter().all(|p| gc.contains(p)) {
            within += 1;
        } else {
            eprintln!("OUTSIDE GOLD {} {:?} vs {:?}", g["id"], pred, gc);
        }
    }
    eprintln!("entities given a county: {given}; county within the gold's: {within}");
    for (c, (n, ok)) in &by_conf {
        eprintln!(
            "county set, gold {c}: {ok}/{n} = {:.1}%",
            100.0 * *ok as f64 / *n as f64
        );
    }
    eprintln!("citywide with no county: {city_ok}/{city_n}");
    eprintln!("outside/multi with no county: {out_ok}/{out_n}");
    eprintln!("--- unplaced (rules give no county) ---");
    for u in &unplaced {
        eprintln!("{u}");
    }
}

/// Prints the attributions of the real entity extractor's output (run with --ignored).
#[test]
#[ignore]
fn print_attributions_of_extracted_entities() {
    let text = plan_text();
    let regions = extract_regions(&text);
    let ents = planmap::extract::entities::extract_entities(&text);
    let atts = attribute(&text, &ents, &regions);
    for r in &regions {
        let starts: Vec<usize> = r.mentions.iter().map(|m| m[0]).collect();
        eprintln!(
            "REGION {} {:?} parent={:?} aliases={:?} {:?}",
            r.label, r.level, r.parent, r.aliases, starts
        );
    }
    for a in &atts {
        let e = &ents[a.entity];
        let ev: Vec<String> = a.evidence.iter().map(|&s| span_text(&text, s)).collect();
        eprintln!(
            "{:?} {} → {} ({:.2}) {:?}",
            e.kind, e.label, a.region, a.confidence, ev
        );
    }
    eprintln!("{} entities, {} attributions", ents.len(), atts.len());
}
