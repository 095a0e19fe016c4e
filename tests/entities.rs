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

#[test]
fn quoted_names_take_the_kind_of_their_head_word() {
    let h = hits_of(
        "深入推进“甲乙共治”,强化“丙丁联动”“戊己统筹”,全面实施“庚辛地”制度,\
         推广“壬癸制”职业教育模式,打造“子丑在线”心理服务平台,加快实施信用“寅卯”工程,\
         完善“辰巳通”综合服务体系,推动发展“互联网+甲乙”。",
    );
    for n in [
        "“甲乙共治”",
        "“丙丁联动”",
        "“戊己统筹”",
        "“庚辛地”制度",
        "“壬癸制”",
    ] {
        assert_eq!(kind_of(&h, n), Some(NodeKind::Program), "{n}: {h:?}");
    }
    assert_eq!(
        kind_of(&h, "信用“寅卯”工程"),
        Some(NodeKind::Program),
        "{h:?}"
    );
    assert_eq!(
        kind_of(&h, "“辰巳通”综合服务体系"),
        Some(NodeKind::Program),
        "{h:?}"
    );
    assert_eq!(
        kind_of(&h, "“互联网+甲乙”"),
        Some(NodeKind::Program),
        "{h:?}"
    );
    // a digital system is a project, named by its quoted name
    assert_eq!(kind_of(&h, "“子丑在线”"), Some(NodeKind::Project), "{h:?}");
    // slogans of counted items and periods are not names
    let h = hits_of("强化“四个意识”,推进“十四五”。");
    assert!(h.is_empty(), "{h:?}");
}

#[test]
fn standard_institutions_are_organisations() {
    let h = hits_of(
        "支持市人大及其常委会、市政协依法履职,充分发挥民主党派、工商联作用,\
         发挥工会、共青团、妇联等人民团体作用,加强县纪委监委建设。",
    );
    for n in [
        "市人大及其常委会",
        "市政协",
        "民主党派",
        "工商联",
        "工会",
        "共青团",
        "妇联",
        "县纪委监委",
    ] {
        assert_eq!(kind_of(&h, n), Some(NodeKind::Organization), "{n}: {h:?}");
    }
    // the same characters inside common words
    let h = hits_of("签订合作协议,加强行政协调,推进施工会商,拓展平台联动。");
    assert!(h.is_empty(), "{h:?}");
}

#[test]
fn industries_named_by_their_head_word() {
    let h =
        hits_of("支持甲乙文化产业、丙丁旅游业、戊己传媒业等优势产业发展,培育发展庚辛体验经济。");
    for n in ["甲乙文化产业", "丙丁旅游业", "戊己传媒业", "庚辛体验经济"] {
        assert_eq!(kind_of(&h, n), Some(NodeKind::Industry), "{n}: {h:?}");
    }
    assert!(find(&h, "优势产业").is_none(), "{h:?}");
    // a bare head, or a head inside a longer noun phrase, is no name
    let h = hits_of("推动制造业提质,优化甲乙产业空间布局。");
    assert!(h.iter().all(|e| e.kind != NodeKind::Industry), "{h:?}");
}

#[test]
fn programmes_named_by_their_head_word() {
    let h = hits_of(
        "深入实施甲乙振兴行动和丙丁惠民工程,深入开展戊己卫生运动,\
         扎实推进庚辛服务体系建设试点,推进壬癸结合国家试点。",
    );
    for n in [
        "甲乙振兴行动",
        "丙丁惠民工程",
        "戊己卫生运动",
        "庚辛服务体系建设试点",
        "壬癸结合国家试点",
    ] {
        assert_eq!(kind_of(&h, n), Some(NodeKind::Program), "{n}: {h:?}");
    }
    // a whole name before 和 is not glued to the next one
    assert!(h.iter().all(|e| !e.label.contains('和')), "{h:?}");
}

#[test]
fn events_and_memorials_are_organisations() {
    let h = hits_of(
        "办好甲乙国际漫画双年展、丙丁戏剧节,推动甲乙故居与丙丁会址联动,办好甲乙精神研究院。",
    );
    for n in [
        "甲乙国际漫画双年展",
        "丙丁戏剧节",
        "丙丁会址",
        "甲乙精神研究院",
    ] {
        assert_eq!(kind_of(&h, n), Some(NodeKind::Organization), "{n}: {h:?}");
    }
}

#[test]
fn list_items_take_the_kind_of_the_head() {
    let h = hits_of(
        "重点发展甲乙服务、丙丁贸易和戊己旅游业等特色潜力产业,发挥甲乙大学、丙丁学院等高校作用。",
    );
    for n in ["甲乙服务", "丙丁贸易", "戊己旅游业"] {
        assert_eq!(kind_of(&h, n), Some(NodeKind::Industry), "{n}: {h:?}");
    }
    for n in ["甲乙大学", "丙丁学院"] {
        assert_eq!(kind_of(&h, n), Some(NodeKind::Organization), "{n}: {h:?}");
    }
}

/// A sentence that lists tens of thousands of names: every item is found, and
/// the work stays linear (merging names used to compare every pair of labels,
/// minutes here at this size).
#[test]
fn a_long_list_yields_one_entity_per_item() {
    // distinct two-character cores from a block of rare characters
    let pool: Vec<char> = (0x9485u32..0x9485 + 200)
        .filter_map(char::from_u32)
        .collect();
    let n = 40_000;
    let names: Vec<String> = (0..n)
        .map(|i| format!("{}{}科技城", pool[i / 200], pool[i % 200]))
        .collect();
    let text = format!("加快建设{}等创新平台。", names.join("、"));
    let hits = extract_entities(&text);
    let platforms = hits.iter().filter(|h| h.kind == NodeKind::Platform).count();
    assert_eq!(platforms, n);
    assert_eq!(kind_of(&hits, &names[n - 1]), Some(NodeKind::Platform));
}

#[test]
fn campaigns_and_arrangements_named_by_their_head_word() {
    let h = hits_of(
        "全面完成绿水青山建设五年行动计划。制定二〇三五年前节水行动方案。坚决打好蓝天保卫攻坚战。\
         深化土地要素市场化配置改革。健全森林碳汇价值实现机制。开展湿地生产总值核算。\
         建立职工补充保险制度。推广“邻里守望”模式，开展“红色基因”教育。\
         推进县域医共体和城市医联体建设。开展全国智慧社区建设试点。",
    );
    for (label, kind) in [
        ("绿水青山建设五年行动计划", NodeKind::Program),
        ("二〇三五年前节水行动方案", NodeKind::Program),
        ("蓝天保卫攻坚战", NodeKind::Program),
        ("土地要素市场化配置改革", NodeKind::Program),
        ("森林碳汇价值实现机制", NodeKind::Program),
        ("湿地生产总值核算", NodeKind::Program),
        ("职工补充保险制度", NodeKind::Program),
        ("“邻里守望”模式", NodeKind::Program),
        ("“红色基因”教育", NodeKind::Program),
        ("县域医共体", NodeKind::Program),
        ("城市医联体", NodeKind::Program),
        ("全国智慧社区建设试点", NodeKind::Program),
    ] {
        assert_eq!(kind_of(&h, label), Some(kind), "{label}: {h:?}");
    }
    // a cut that would leave only the period is no cut; a bare head is no name
    assert!(find(&h, "五年行动计划").is_none());
    // research pushes and lists of areas are no programmes
    let h = hits_of("打好芯片核心技术攻坚战。统筹需求侧和供给侧改革。");
    assert!(h.iter().all(|e| e.kind != NodeKind::Program), "{h:?}");
}

#[test]
fn coined_schemes_brands_and_bundles() {
    let h =
        hits_of("建设美丽河湖和美丽庭院。积极创建“零碳社区”，打造“书香城市”。建成“三馆一中心”。");
    assert_eq!(kind_of(&h, "美丽河湖"), Some(NodeKind::Program));
    assert_eq!(kind_of(&h, "美丽庭院"), Some(NodeKind::Program));
    assert_eq!(kind_of(&h, "“零碳社区”"), Some(NodeKind::Program));
    assert_eq!(kind_of(&h, "“书香城市”"), Some(NodeKind::Program));
    assert_eq!(kind_of(&h, "“三馆一中心”"), Some(NodeKind::Project));
    // a layout slogan of zones is no bundle of facilities
    let h = hits_of("构建“一核两区多园”格局。");
    assert!(find(&h, "“一核两区多园”").is_none_or(|e| e.kind != NodeKind::Project));
}

#[test]
fn sectors_and_works_named_by_their_head_word() {
    let h = hits_of(
        "大力发展红色旅游、冰雪旅游，扩大边境贸易，推广装配式建筑。\
         保护老川黔铁路，建设沿江景观带，建成应急指挥平台。",
    );
    for l in ["红色旅游", "冰雪旅游", "边境贸易", "装配式建筑"] {
        assert_eq!(kind_of(&h, l), Some(NodeKind::Industry), "{l}: {h:?}");
    }
    for l in ["老川黔铁路", "沿江景观带", "应急指挥平台"] {
        assert_eq!(kind_of(&h, l), Some(NodeKind::Project), "{l}: {h:?}");
    }
    // honorary designations are no platforms
    let h = hits_of("成功创建国家级产教融合示范区和清新空气示范区。");
    assert!(h.iter().all(|e| e.kind != NodeKind::Platform), "{h:?}");
}
