//! Outline forms of Chinese plans beyond the shipped one: a 纲要 with a table of
//! contents, 篇/章/节 and 专栏 boxes; an action plan (第一章 over 一、 over
//! （一）); a 建议 whose （1） sections run on across its 一、 parts; `(1)` in
//! half-width parentheses; headings with page numbers and a table of
//! contents without a 目录 line. The fixtures are invented plans
//! (`tests/fixtures/`), written for these tests.

use std::collections::BTreeMap;
use std::path::PathBuf;

use planmap::model::{EdgeKind, GraphData, Node, NodeKind};
use planmap::outline::{parse, SectionStyle};
use planmap::{build_bytes, BuildOptions, Built};

fn fixture(name: &str) -> String {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn build(name: &str) -> (Built, String) {
    let text = fixture(name);
    let b = build_bytes(text.as_bytes(), name, &BuildOptions::default()).expect("builds");
    (b, text)
}

fn of_kind(g: &GraphData, k: NodeKind) -> Vec<&Node> {
    g.nodes.iter().filter(|n| n.kind == k).collect()
}

fn node<'a>(g: &'a GraphData, id: &str) -> &'a Node {
    g.node(id).unwrap_or_else(|| panic!("node {id} exists"))
}

fn at(text: &str, span: [usize; 2]) -> String {
    text.chars().skip(span[0]).take(span[1] - span[0]).collect()
}

/// Sections per level (boxes counted apart as level 0).
fn levels(g: &GraphData) -> BTreeMap<u64, usize> {
    let mut m = BTreeMap::new();
    for n in of_kind(g, NodeKind::Section) {
        let l = if n.attrs.get("box") == Some(&serde_json::json!(true)) {
            0
        } else {
            n.attrs["level"].as_u64().expect("attrs.level")
        };
        *m.entry(l).or_default() += 1;
    }
    m
}

/// Measures contained by a section.
fn measures_of(g: &GraphData, section: &str) -> Vec<String> {
    g.edges
        .iter()
        .filter(|e| e.kind == EdgeKind::Contains && e.source == section)
        .filter(|e| e.target.starts_with("measure:"))
        .map(|e| node(g, &e.target).label.clone())
        .collect()
}

fn contains(g: &GraphData, source: &str, target: &str) -> bool {
    g.edges
        .iter()
        .any(|e| e.kind == EdgeKind::Contains && e.source == source && e.target == target)
}

fn diag_codes(g: &GraphData) -> Vec<&str> {
    g.diagnostics.iter().map(|d| d.code.as_str()).collect()
}

// ───────────────────────── 纲要: 篇 / 章 / 节, 专栏, 目录 ─────────────────────────

#[test]
fn gangyao_parts_chapters_sections_and_boxes() {
    let (b, text) = build("gangyao-toc.txt");
    let g = &b.graph;
    let o = &b.outline;
    assert_eq!(
        o.title,
        "青岚市国民经济和社会发展第十五个五年规划和二〇三五年远景目标纲要"
    );
    // 11 篇 are the parts; the 25 章 (numbered through the document) are
    // level 2, the 节 level 3; four boxes
    assert_eq!(of_kind(g, NodeKind::Part).len(), 11);
    assert_eq!(
        levels(g),
        BTreeMap::from([(0, 4), (2, 25), (3, 8)]),
        "sections by level (0 = boxes)"
    );
    let p2 = node(g, "part:二");
    assert_eq!(p2.label, "坚持创新驱动，建设区域科创中心");
    assert_eq!(
        at(&text, p2.mentions[0]),
        "第二篇　坚持创新驱动，建设区域科创中心"
    );
    // 章 run on: the third chapter opens the second part
    let ch3 = node(g, "section:二.三");
    assert_eq!(ch3.label, "打造高能级创新平台");
    assert_eq!(ch3.attrs["level"], 2);
    assert_eq!(ch3.attrs["path"], "二.三");
    assert_eq!(ch3.attrs["number"], "三");
    assert_eq!(at(&text, ch3.mentions[0]), "第三章　打造高能级创新平台");
    assert!(contains(g, "part:二", "section:二.三"));
    // 节 below it, numbered within the chapter
    let s = node(g, "section:二.三.一");
    assert_eq!(s.label, "建设青岚科学城");
    assert_eq!(s.attrs["level"], 3);
    assert_eq!(s.attrs["path"], "二.三.一");
    assert!(contains(g, "section:二.三", "section:二.三.一"));
    assert!(!contains(g, "part:二", "section:二.三.一"));
    assert_eq!(node(g, "section:十.二十二").label, "建设高质量教育体系");
    assert_eq!(node(g, "section:十一.二十五").label, "加强和创新社会治理");
    // measures: in 节, in chapters without 节, in boxes
    let m = measures_of(g, "section:二.三.一");
    assert_eq!(
        m,
        [
            "高水平建设青岚科学城，布局一批重大科技基础设施。",
            "推进青岚实验室建设，争创国家重点实验室。"
        ]
    );
    assert_eq!(measures_of(g, "section:五.十一").len(), 3);
    for n in of_kind(g, NodeKind::Measure) {
        assert!(n.attrs["path"].as_str().is_some_and(|p| p.contains('.')));
    }
    // the review chapter (发展基础) and its 节 hold no measures
    assert!(measures_of(g, "section:一.一.一").is_empty());
    assert!(of_kind(g, NodeKind::Measure).len() > 60);
}

#[test]
fn gangyao_boxes() {
    let (b, text) = build("gangyao-toc.txt");
    let g = &b.graph;
    // a box in a chapter without 节 is level 3; in a 节, level 4
    let bx = node(g, "section:四.十.专栏3");
    assert_eq!(bx.label, "重大项目");
    assert_eq!(bx.attrs["box"], true);
    assert_eq!(bx.attrs["level"], 3);
    assert_eq!(bx.attrs["number"], "3");
    assert_eq!(bx.attrs["path"], "四.十.专栏3");
    assert_eq!(at(&text, bx.mentions[0]), "专栏3　重大项目");
    assert!(contains(g, "section:四.十", "section:四.十.专栏3"));
    let inner = node(g, "section:二.三.二.专栏2");
    assert_eq!(inner.label, "重大创新平台");
    assert_eq!(inner.attrs["level"], 4);
    assert!(contains(g, "section:二.三.二", "section:二.三.二.专栏2"));
    // its item lines are its paragraphs, and its measures come from them
    let o = &b.outline;
    let (part, si) = o
        .parts
        .iter()
        .find_map(|p| {
            p.sections
                .iter()
                .position(|s| s.boxed && s.title == "重大创新平台")
                .map(|si| (p, si))
        })
        .expect("the box is in the outline");
    let s = &part.sections[si];
    assert_eq!(s.style, SectionStyle::Box);
    assert_eq!(s.paras.len(), 3);
    assert!(at(&text, s.paras[0]).starts_with("青岚科学城："));
    assert_eq!(part.path(si), "二.三.二.专栏2");
    let m = measures_of(g, "section:二.三.二.专栏2");
    assert!(
        m.iter().any(|l| l.starts_with("青岚科学城：建设光电信息")),
        "{m:?}"
    );
    // the chapter's own paragraphs stay the chapter's
    assert!(measures_of(g, "section:二.三.二")
        .iter()
        .all(|l| !l.contains("青岚科学城：")));
    // other sections are not boxes
    assert!(node(g, "section:二.三").attrs.get("box").is_none());
}

#[test]
fn gangyao_table_of_contents_is_not_outline() {
    let (b, text) = build("gangyao-toc.txt");
    let o = &b.outline;
    // 目录, the contents line of 序言 and 36 entries with page numbers
    assert_eq!(o.toc.len(), 38);
    assert_eq!(at(&text, o.toc[0]), "目　录");
    assert!(at(&text, o.toc[2]).starts_with("第一篇　开启现代化建设新征程…"));
    let toc_end = o.toc.last().unwrap()[1];
    // every part and section heading lies in the body, after the contents
    for p in &o.parts {
        assert!(p.heading[0] > toc_end, "{}", p.title);
        for s in &p.sections {
            assert!(s.number_span[0] > toc_end && !s.title.contains('…'));
        }
    }
    // the preamble heading (序言) and its paragraph are front matter
    assert!(o.front.iter().any(|f| at(&text, *f) == "序　言"));
    let d: Vec<_> = b
        .graph
        .diagnostics
        .iter()
        .filter(|d| d.code == "table-of-contents")
        .collect();
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].level, planmap::model::Level::Info);
    assert_eq!(d[0].span, [o.toc[0][0], toc_end]);
    // the closing appeal is not a measure
    assert_eq!(o.closing.len(), 1);
}

// ───────────────────────── action plan: 第一章 / 一、 / （一） ─────────────────────────

#[test]
fn action_plan_chapters_over_dun_over_paren() {
    let (b, text) = build("action-plan.txt");
    let g = &b.graph;
    assert_eq!(
        b.outline.title,
        "青岚市数字经济高质量发展三年行动方案（2026—2028年）"
    );
    let parts: Vec<&str> = b.outline.parts.iter().map(|p| p.title.as_str()).collect();
    assert_eq!(parts, ["总体要求", "重点任务", "保障措施"]);
    assert_eq!(levels(g), BTreeMap::from([(0, 1), (2, 8), (3, 7)]));
    let s = node(g, "section:二.二");
    assert_eq!(s.label, "做强数字产业");
    assert_eq!(s.attrs["level"], 2);
    let sub = node(g, "section:二.二.三");
    assert_eq!(sub.label, "培育未来产业");
    assert_eq!(sub.attrs["level"], 3);
    assert_eq!(at(&text, sub.mentions[0]), "（三）培育未来产业");
    assert!(contains(g, "section:二.二", "section:二.二.三"));
    let part = &b.outline.parts[1];
    let si = (0..part.sections.len())
        .find(|si| part.path(*si) == "二.二")
        .expect("二.二 in the outline");
    let sec = &part.sections[si];
    assert_eq!(sec.style, SectionStyle::Dun);
    assert_eq!(part.sections[si + 1].parent, Some(si));
    assert_eq!(at(&text, sec.number_span), "二、");
    // a heading with its first sentence: the rest is the paragraph
    assert_eq!(
        measures_of(g, "section:二.一.一"),
        [
            "推进千兆光网和5G网络深度覆盖，新建5G基站3000个。",
            "实施IPv6规模部署行动。"
        ]
    );
    // the box sits in （三）; its numbered items stay items
    let bx = node(g, "section:二.二.三.专栏1");
    assert_eq!(bx.attrs["level"], 4);
    assert_eq!(measures_of(g, "section:二.二.三.专栏1").len(), 1);
    let m = measures_of(g, "section:三.一");
    assert_eq!(m.len(), 2);
    assert!(diag_codes(g).iter().all(|c| *c != "section-numbering"));
}

// ───────────────────────── 建议: 一、 parts, （1） running on ─────────────────────────

#[test]
fn recommendations_with_running_paren_numbers() {
    let (b, text) = build("jianyi-running.txt");
    let g = &b.graph;
    assert_eq!(of_kind(g, NodeKind::Part).len(), 5);
    assert_eq!(levels(g), BTreeMap::from([(2, 12)]));
    let numbers: Vec<String> = b
        .outline
        .sections()
        .map(|(p, s)| format!("{}.{}", p.number, s.number))
        .collect();
    assert_eq!(
        numbers,
        [
            "一.1", "一.2", "二.3", "二.4", "三.5", "三.6", "三.7", "四.8", "四.9", "四.10",
            "五.11", "五.12"
        ]
    );
    let s = node(g, "section:三.5");
    assert_eq!(s.label, "建设高能级创新平台");
    assert_eq!(s.attrs["path"], "三.5");
    assert_eq!(at(&text, s.mentions[0]), "（5）建设高能级创新平台");
    assert_eq!(
        measures_of(g, "section:三.5"),
        [
            "高水平建设青岚科学城，推进青岚实验室建设。",
            "布局一批重大科技基础设施。"
        ]
    );
    // numbering that runs on is in sequence
    assert!(diag_codes(g).iter().all(|c| *c != "section-numbering"));
    // the review section holds no measures; the closing appeal is closing
    assert!(measures_of(g, "section:一.1").is_empty());
    assert_eq!(b.outline.closing.len(), 1);
    assert!(of_kind(g, NodeKind::Measure).len() >= 10);
}

// ───────────────────────── (1) in half-width parentheses ─────────────────────────

#[test]
fn half_width_parens_restarting_per_part() {
    let (b, text) = build("halfwidth-paren.txt");
    let g = &b.graph;
    assert_eq!(of_kind(g, NodeKind::Part).len(), 3);
    assert_eq!(levels(g), BTreeMap::from([(2, 7)]));
    let s = node(g, "section:二.3");
    assert_eq!(s.label, "规范涉企收费");
    assert_eq!(at(&text, s.mentions[0]), "(3)规范涉企收费");
    // 1. 2. inside (1) are its paragraphs, not sections
    let first = &b.outline.parts[0].sections[0];
    assert_eq!(first.style, SectionStyle::Paren);
    assert_eq!(first.paras.len(), 3);
    assert_eq!(at(&text, first.paras[1]), "1.完善线上服务平台。");
    assert!(measures_of(g, "section:一.1")
        .iter()
        .any(|m| m == "1.完善线上服务平台。"));
    assert!(!measures_of(g, "section:三.1").is_empty());
}

// ───────────────────────── page numbers, contents without 目录 ─────────────────────────

#[test]
fn headings_with_page_numbers_and_unmarked_contents() {
    let (b, text) = build("page-numbers.txt");
    let g = &b.graph;
    let o = &b.outline;
    assert_eq!(o.title, "青岚市综合交通运输发展规划（2026—2030年）");
    // the contents (no 目录 line) repeat the body's headings: left out
    assert_eq!(o.toc.len(), 10);
    assert_eq!(at(&text, o.toc[0]), "第一部分　规划背景　1");
    assert!(diag_codes(g).contains(&"table-of-contents"));
    assert_eq!(of_kind(g, NodeKind::Part).len(), 3);
    assert_eq!(levels(g), BTreeMap::from([(2, 7)]));
    // page numbers are not part of the titles
    let p2 = node(g, "part:二");
    assert_eq!(p2.label, "总体要求");
    assert_eq!(at(&text, o.parts[1].title_span), "总体要求");
    let s = node(g, "section:三.一");
    assert_eq!(s.label, "构建对外综合运输通道");
    assert_eq!(at(&text, s.mentions[0]), "一、构建对外综合运输通道");
    assert_eq!(measures_of(g, "section:三.一").len(), 2);
    // page lines are debris, not paragraphs
    assert_eq!(
        o.debris.iter().map(|d| at(&text, *d)).collect::<Vec<_>>(),
        ["— 2 —", "— 6 —"]
    );
    assert_eq!(o.parts[0].sections[1].paras.len(), 1);
}

// ───────────────────────── never panics, stays linear ─────────────────────────

/// 20,000 headings in each form: linear, not quadratic, in the lines.
#[test]
fn many_headings_stay_linear() {
    let mut t = String::from("某市规划\n目录\n");
    for i in 1..=20 {
        t.push_str(&format!(
            "第{}篇 第{i}篇标题……{i}\n",
            planmap::outline::cn_numeral(i)
        ));
        t.push_str(&format!("第一章 章标题……{i}\n"));
    }
    for p in 1..=20u32 {
        t.push_str(&format!(
            "第{}篇 第{p}篇标题\n",
            planmap::outline::cn_numeral(p)
        ));
        for c in 1..=10u32 {
            t.push_str(&format!(
                "第{}章 章标题\n推进各项工作。\n",
                planmap::outline::cn_numeral(c)
            ));
            for s in 1..=99u32 {
                t.push_str(&format!(
                    "第{}节 节标题\n（{s}）加快建设。\n专栏{s} 项目\n1.建设一批项目。\n",
                    planmap::outline::cn_numeral(s)
                ));
            }
        }
    }
    let started = std::time::Instant::now();
    let o = parse(&t);
    let took = started.elapsed();
    let n: usize = o.parts.iter().map(|p| p.sections.len()).sum();
    assert_eq!(o.parts.len(), 20);
    assert!(n >= 20 * 10 * 99, "{n} sections");
    assert!(
        took.as_secs() < 20,
        "outline of 20,000 headings took {took:?}"
    );
}

/// Mixed and broken heading lines of every form parse without a panic, and
/// every span and path is sound.
#[test]
fn mixed_forms_never_panic() {
    const LINES: &[&str] = &[
        "目录",
        "目 录",
        "第一篇 总体要求",
        "第二篇",
        "第一章 发展环境……3",
        "第三章",
        "第一节 基础",
        "第二节",
        "第一部分 背景 2",
        "一、总体要求",
        "二、",
        "三、重点任务 5",
        "一",
        "二",
        "（一）推进改革。深化改革。",
        "(二)",
        "（1）",
        "(2)建设项目",
        "1.推进",
        "2、",
        "3．加快",
        "专栏1 重大平台",
        "专栏",
        "专栏 一",
        "专栏：重点项目",
        "专栏1",
        "推进建设，加快发展。一",
        "— 3 —",
        "12",
        "……",
        "",
        "正文推进建设。",
        "第十章规定的事项要落实。",
        "（2020年通过）",
        "第",
        "（",
        "(",
        "专栏一体化发展",
        "第一章…………",
        "…… 9",
    ];
    let mut seed = 0x2545_f491_u64;
    for round in 0..400 {
        let mut t = String::new();
        let n = (seed % 40) as usize + 1;
        for _ in 0..n {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            t.push_str(LINES[(seed % LINES.len() as u64) as usize]);
            t.push(if seed % 5 == 0 { ' ' } else { '\n' });
        }
        let o = parse(&t);
        let len = t.chars().count();
        for (pi, p) in o.parts.iter().enumerate() {
            assert!(p.span[0] <= p.span[1] && p.span[1] <= len, "{t:?}");
            for (si, s) in p.sections.iter().enumerate() {
                assert!(
                    s.span[1] <= len && s.title_span[0] <= s.title_span[1],
                    "{t:?}"
                );
                assert!(s.number_span[1] <= len && s.title_span[1] <= len, "{t:?}");
                assert!(s.parent.map_or(true, |q| q < si), "{t:?}");
                assert!((2..=4).contains(&s.level), "{t:?}");
                assert!(p.path(si).starts_with(&o.parts[pi].number));
            }
        }
        for sp in o.toc.iter().chain(&o.front).chain(&o.debris) {
            assert!(sp[0] <= sp[1] && sp[1] <= len);
        }
        // the whole pipeline on every tenth (a build takes longer)
        if round % 10 != 0 {
            continue;
        }
        build_bytes(t.as_bytes(), "mixed.txt", &BuildOptions::default())
            .map(|_| ())
            .or_else(|e| match e {
                planmap::Error::Empty | planmap::Error::Binary(_) => Ok(()),
                e => Err(e),
            })
            .expect("builds or refuses plainly");
    }
}

/// A numeral repeated in one division gives each section its own id.
#[test]
fn repeated_numbers_keep_sections_apart() {
    let t = "某县工作要点\n一、重点任务\n（一）推进产业升级。加快发展制造业。\n（一）推进城乡融合。建设美丽乡村。\n（二）加强民生保障。完善社会保障体系。\n";
    let b = build_bytes(t.as_bytes(), "dup.txt", &BuildOptions::default()).expect("builds");
    let g = &b.graph;
    assert_eq!(node(g, "section:一.一").label, "推进产业升级");
    assert_eq!(node(g, "section:一.一~2").label, "推进城乡融合");
    assert_eq!(node(g, "section:一.一~2").attrs["path"], "一.一~2");
    assert_eq!(measures_of(g, "section:一.一~2"), ["建设美丽乡村。"]);
    assert!(diag_codes(g).contains(&"section-numbering"));
}
