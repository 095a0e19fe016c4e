//! Entity extraction: facts on the shipped plan, rule-level cases, robustness.

use planmap::extract::entities::extract_entities;
use planmap::extract::EntityHit;
use planmap::model::NodeKind;

fn find<'a>(hits: &'a [EntityHit], label: &str) -> Option<&'a EntityHit> {
    hits.iter()
        .find(|h| h.label == label || h.aliases.iter().any(|a| a == label))
}

fn plan_hits() -> Vec<EntityHit> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/assets/jiaxing-14th-fyp-recommendations.txt"
    );
    let raw = std::fs::read_to_string(path).expect("shipped plan");
    let text = planmap::restore::restore(&raw).text;
    extract_entities(&text)
}

fn kind_of(hits: &[EntityHit], label: &str) -> Option<NodeKind> {
    find(hits, label).map(|h| h.kind)
}

#[test]
fn shipped_plan_facts() {
    let hits = plan_hits();
    assert_eq!(kind_of(&hits, "祥符荡科创绿谷"), Some(NodeKind::Platform));
    assert_eq!(kind_of(&hits, "秀水新区"), Some(NodeKind::Platform));
    assert_eq!(
        kind_of(&hits, "长三角生态绿色一体化发展示范区"),
        Some(NodeKind::Platform)
    );
    assert_eq!(
        kind_of(&hits, "数字经济“一号工程”"),
        Some(NodeKind::Program)
    );
    assert_eq!(kind_of(&hits, "“最多跑一次”改革"), Some(NodeKind::Program));
    assert_eq!(kind_of(&hits, "“八八战略”"), Some(NodeKind::Strategy));
    assert_eq!(kind_of(&hits, "创新驱动发展战略"), Some(NodeKind::Strategy));
    assert_eq!(kind_of(&hits, "人工智能"), Some(NodeKind::Industry));
    assert_eq!(kind_of(&hits, "浙江大学"), Some(NodeKind::Organization));
    assert_eq!(
        kind_of(&hits, "浙江大学国际联合学院"),
        Some(NodeKind::Organization)
    );
    assert_eq!(kind_of(&hits, "沪乍杭铁路"), Some(NodeKind::Project));
    assert_eq!(kind_of(&hits, "嘉兴港"), Some(NodeKind::Project));
    assert_eq!(
        kind_of(&hits, "党的十九届五中全会"),
        Some(NodeKind::Organization)
    );
    for not in [
        "红船精神",
        "新发展理念",
        "新发展格局",
        "全国文明城市",
        "特色小镇",
        "小微企业园",
        "国家技术创新中心",
        "“大禹鼎”",
    ] {
        assert!(find(&hits, not).is_none(), "{not} must not be an entity");
    }
    // mentions: sorted, in range, and the label text
    let text = planmap::restore::restore(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/assets/jiaxing-14th-fyp-recommendations.txt"
        ))
        .unwrap(),
    )
    .text;
    let chars: Vec<char> = text.chars().collect();
    for h in &hits {
        assert!(h.mentions.windows(2).all(|w| w[0] <= w[1]));
        for m in &h.mentions {
            let got: String = chars[m[0]..m[1]].iter().collect();
            assert!(
                got == h.label || h.aliases.contains(&got),
                "{got} vs {}",
                h.label
            );
        }
    }
    // 数字经济 inside 数字经济“一号工程” is not a standalone mention
    let de = find(&hits, "数字经济").unwrap();
    let prog = find(&hits, "数字经济“一号工程”").unwrap();
    let p0 = prog.mentions[0][0];
    assert!(!de.mentions.iter().any(|m| m[0] == p0));
}

fn hits_of(s: &str) -> Vec<EntityHit> {
    extract_entities(s)
}

#[test]
fn leading_verbs_are_trimmed() {
    let h = hits_of("加快推进甲乙高新区建设,高水平打造丙丁科技城,积极争创戊己综合试验区。");
    assert_eq!(kind_of(&h, "甲乙高新区"), Some(NodeKind::Platform));
    assert_eq!(kind_of(&h, "丙丁科技城"), Some(NodeKind::Platform));
    assert_eq!(kind_of(&h, "戊己综合试验区"), Some(NodeKind::Platform));
    assert!(find(&h, "加快推进甲乙高新区").is_none());
    let h = hits_of("深入实施甲乙振兴战略,推进东西铁路、南北高速建设,支持甲乙大学建设。");
    assert_eq!(kind_of(&h, "甲乙振兴战略"), Some(NodeKind::Strategy));
    assert_eq!(kind_of(&h, "东西铁路"), Some(NodeKind::Project));
    assert_eq!(kind_of(&h, "南北高速"), Some(NodeKind::Project));
    assert_eq!(kind_of(&h, "甲乙大学"), Some(NodeKind::Organization));
}

#[test]
fn list_pattern() {
    let h = hits_of("重点培育集成电路、智能传感、甲乙材料和丙丁服务等新兴产业。");
    for n in ["集成电路", "智能传感", "甲乙材料", "丙丁服务"] {
        assert_eq!(kind_of(&h, n), Some(NodeKind::Industry), "{n}");
    }
    // a consumption list is not an industry list
    let h = hits_of("积极培育健康、养老、育幼、体育等消费。");
    assert!(h.iter().all(|e| e.kind != NodeKind::Industry));
}

#[test]
fn quoted_names() {
    let h = hits_of("深化“跑一趟”改革,深入实施制造业“一号工程”,深入推进“甲等”“乙等”计划。");
    assert_eq!(kind_of(&h, "“跑一趟”改革"), Some(NodeKind::Program));
    assert_eq!(kind_of(&h, "制造业“一号工程”"), Some(NodeKind::Program));
    assert_eq!(kind_of(&h, "“甲等”"), Some(NodeKind::Program));
    assert_eq!(kind_of(&h, "“乙等”"), Some(NodeKind::Program));
}

#[test]
fn generic_types_and_titles_are_excluded() {
    let h = hits_of("布局建设2-3家省实验室,支持开发区转型为特色小镇、小微企业园,创建全国文明城市,弘扬某某精神。");
    assert!(h.is_empty(), "{h:?}");
}

#[test]
fn a_quantifier_makes_a_category_not_a_name() {
    // the same words, once after 一批 / 若干 (a category), once with a place (a name)
    let h = hits_of("建设一批甲乙产业园区,布局若干丙丁验证中心,打造戊己甲乙产业园区。");
    assert!(find(&h, "甲乙产业园区").is_none(), "{h:?}");
    assert!(find(&h, "丙丁验证中心").is_none(), "{h:?}");
    assert_eq!(
        kind_of(&h, "戊己甲乙产业园区"),
        Some(NodeKind::Platform),
        "{h:?}"
    );
}

#[test]
fn a_term_fused_into_a_longer_quoted_name_is_not_named_there() {
    let h = hits_of("加快打造“北斗七星”最优营商环境。");
    assert!(find(&h, "北斗").is_none(), "{h:?}");
    // joined by +, the term is still named
    let h = hits_of("推动制造业与“人工智能+”深度融合。");
    assert_eq!(kind_of(&h, "人工智能"), Some(NodeKind::Industry), "{h:?}");
}

#[test]
fn never_panics() {
    let long: String = "推进甲乙高新区建设、".repeat(10_000);
    let mixed = "abc 中文“引号” 😀 ‘x’ (括号) ((( “““ ”””、、、等等等产业 Ω≈ç √ 𠀀𠀁 \u{0}\u{200b}";
    for s in [
        "",
        " ",
        ",。、;:!?“”",
        "“",
        "”",
        "等",
        "等产业",
        "战略",
        "“”改革",
        "()网",
        long.as_str(),
        mixed,
    ] {
        let hits = extract_entities(s);
        let n = s.chars().count();
        for h in hits {
            assert!(h.mentions.iter().all(|m| m[0] < m[1] && m[1] <= n));
        }
    }
    let big = "加快建设甲乙科技城。".repeat(12_000); // > 100k chars
    let hits = extract_entities(&big);
    assert_eq!(kind_of(&hits, "甲乙科技城"), Some(NodeKind::Platform));
}
