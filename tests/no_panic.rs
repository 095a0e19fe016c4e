//! Property tests: no input makes the pipeline panic, and whatever it builds
//! is internally consistent (edge ends exist, spans lie in the text).

use planmap::model::{GraphData, Span};
use planmap::{build_bytes, BuildOptions};
use proptest::prelude::*;

/// Pieces of plan-like text: outline markers, masks, digits, places, punctuation.
const PIECES: &[&str] = &[
    "一",
    "二",
    "三",
    "十",
    "十一",
    "、",
    "。",
    "，",
    "；",
    "：",
    "（",
    "）",
    "(",
    ")",
    "（一）",
    "（二）",
    "1.",
    "2.",
    "3、",
    "*",
    "**",
    "******",
    "\n",
    "\n\n",
    "\r\n",
    " ",
    "\u{3000}",
    "0",
    "12",
    "2025年",
    "突破亿元",
    "达到%",
    "中国共产*",
    "*的全面领导",
    "现代*府",
    "一、",
    "二、",
    "第一章",
    "第二部分",
    "嘉善县",
    "嘉善",
    "南湖",
    "南湖区",
    "乌镇",
    "桐乡市",
    "祥符荡科创绿谷",
    "科创走廊",
    "实现新跨越",
    "——",
    "远景目标",
    "目标",
    "成为",
    "之城",
    "建设",
    "示范区",
    "平台",
    "工程",
    "战略",
    "产业",
    "编辑/",
    "“",
    "”",
    "发挥先锋作用。一",
    "加快",
    "推进",
    "研究院",
    "湖",
    "省",
    "市",
    "县",
    "\u{0}",
    "\u{feff}",
    "😀",
    "a",
    "Z",
];

fn plan_like() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..120).prop_map(|v| v.concat())
}

fn cjk_mix() -> impl Strategy<Value = String> {
    "[一二三四五六七八九十、。，（）*0-9党政嘉善南湖县市区科创走廊建设发展\\n \\.．]{0,400}"
}

fn check(g: &GraphData) -> Result<(), TestCaseError> {
    let len = g.documents[0].chars;
    prop_assert_eq!(len, g.documents[0].text.chars().count());
    let ids: std::collections::HashSet<&str> = g.nodes.iter().map(|n| n.id.as_str()).collect();
    prop_assert_eq!(ids.len(), g.nodes.len(), "node ids unique");
    let ok = |s: &Span| s[0] <= s[1] && s[1] <= len;
    for e in &g.edges {
        prop_assert!(ids.contains(e.source.as_str()), "source {}", e.source);
        prop_assert!(ids.contains(e.target.as_str()), "target {}", e.target);
        for s in &e.evidence {
            prop_assert!(ok(s), "evidence {:?} > {}", s, len);
        }
    }
    for n in &g.nodes {
        for s in &n.mentions {
            prop_assert!(ok(s), "mention {:?} of {} > {}", s, n.id, len);
        }
    }
    for d in &g.diagnostics {
        prop_assert!(ok(&d.span), "diagnostic {:?} > {}", d.span, len);
    }
    Ok(())
}

fn build_and_check(bytes: &[u8]) -> Result<(), TestCaseError> {
    for curation in [true, false] {
        if let Ok(b) = build_bytes(bytes, "x.txt", &BuildOptions { curation }) {
            check(&b.graph)?;
            // the graph also survives the query layer
            let pg = planmap::graph::PlanGraph::new(b.graph);
            let _ = pg.gaps();
            let _ = pg.ranking(None, 5);
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        build_and_check(&bytes)?;
    }

    #[test]
    fn plan_like_text_never_panics(s in plan_like()) {
        build_and_check(s.as_bytes())?;
        // and the same text as UTF-16LE with a BOM
        let mut le = vec![0xFF, 0xFE];
        for u in s.encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
        }
        build_and_check(&le)?;
    }

    #[test]
    fn cjk_mix_never_panics(s in cjk_mix()) {
        build_and_check(s.as_bytes())?;
    }

    #[test]
    fn outline_and_restore_never_panic(s in prop_oneof![plan_like(), cjk_mix(), any::<String>()]) {
        let o = planmap::outline::parse(&s);
        let n = s.chars().count();
        for (p, sec) in o.sections() {
            prop_assert!(p.span[1] <= n && sec.span[1] <= n);
            prop_assert!(sec.title_span[1] <= n && sec.number_span[1] <= n);
        }
        let r = planmap::restore::restore(&s);
        prop_assert_eq!(r.text.chars().count(), n, "restore keeps the char count");
        for (at, from, to) in &r.restored {
            prop_assert!(*at < n);
            prop_assert_eq!(s.chars().nth(*at), Some(*from));
            prop_assert_eq!(r.text.chars().nth(*at), Some(*to));
        }
        // only masks change
        for (a, b) in s.chars().zip(r.text.chars()) {
            prop_assert!(a == b || a == '*');
        }
        for d in &r.diagnostics {
            prop_assert!(d.span[0] <= d.span[1] && d.span[1] <= n);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// Windows of the real plan, possibly with junk spliced in.
    #[test]
    fn plan_windows_never_panic(start in 0usize..24_000, len in 1usize..2_500, junk in plan_like(), at in 0usize..2_500) {
        let text = std::str::from_utf8(planmap::pipeline::DEFAULT_PLAN).unwrap();
        let chars: Vec<char> = text.chars().collect();
        let s = start.min(chars.len());
        let e = (s + len).min(chars.len());
        let mut w: Vec<char> = chars[s..e].to_vec();
        let at = at.min(w.len());
        w.splice(at..at, junk.chars());
        let w: String = w.into_iter().collect();
        build_and_check(w.as_bytes())?;
    }
}
