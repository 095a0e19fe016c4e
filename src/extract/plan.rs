//! Plan structure beyond the outline: measures, goals and indicators.

use crate::model::{Diagnostic, Span};
use crate::outline::{Outline, Part, Section};

/// Slice of chars as a String (clamped).
pub fn text_of(chars: &[char], span: Span) -> String {
    let e = span[1].min(chars.len());
    let s = span[0].min(e);
    chars[s..e].iter().collect()
}

/// A sentence that commits to action.
#[derive(Debug, Clone, PartialEq)]
pub struct Measure {
    /// Index of the part.
    pub part: usize,
    /// Index of the section in its part.
    pub section: usize,
    /// 1-based ordinal within the section.
    pub ordinal: usize,
    /// Char span of the sentence.
    pub span: Span,
}

/// Split a span of text into sentences at 。！？；!? (the delimiter stays
/// with its sentence); leading/trailing whitespace is trimmed.
pub fn sentences(chars: &[char], span: Span) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start = span[0];
    let end = span[1].min(chars.len());
    let mut i = span[0];
    while i < end {
        let c = chars[i];
        if matches!(c, '。' | '！' | '？' | '；' | '!' | '?' | ';') {
            // keep a closing quote with the sentence
            let mut j = i + 1;
            while j < end && matches!(chars[j], '”' | '’' | '）' | ')') {
                j += 1;
            }
            push_trimmed(chars, [start, j], &mut out);
            start = j;
            i = j;
            continue;
        }
        i += 1;
    }
    push_trimmed(chars, [start, end], &mut out);
    out
}

fn push_trimmed(chars: &[char], span: Span, out: &mut Vec<Span>) {
    let [mut s, mut e] = span;
    while s < e && chars[s].is_whitespace() {
        s += 1;
    }
    while e > s && chars[e - 1].is_whitespace() {
        e -= 1;
    }
    if e > s && chars[s..e].iter().any(|c| crate::restore::is_cjk(*c)) {
        out.push([s, e]);
    }
}

/// Verbs that open a commitment to act.
const ACTION_VERBS: &[&str] = &[
    "推进",
    "推动",
    "加快",
    "建设",
    "实施",
    "打造",
    "完善",
    "强化",
    "深化",
    "支持",
    "提升",
    "健全",
    "构建",
    "培育",
    "发展",
    "落实",
    "加强",
    "坚持",
    "创建",
    "开展",
    "谋划",
    "促进",
    "优化",
    "扩大",
    "鼓励",
    "引导",
    "保障",
    "争创",
    "建立",
    "探索",
    "实行",
    "推行",
    "布局",
    "建成",
    "形成",
    "提高",
    "增强",
    "发挥",
    "加大",
    "聚焦",
    "围绕",
    "统筹",
    "引进",
    "引育",
    "招引",
    "做强",
    "做大",
    "做优",
    "巩固",
    "拓展",
    "激发",
    "畅通",
    "融入",
    "对接",
    "承接",
    "协同",
    "共建",
    "共享",
    "规划",
    "整合",
    "改革",
    "创新",
    "提供",
    "保护",
    "治理",
    "整治",
    "防范",
    "化解",
    "严格",
    "规范",
    "全面",
    "积极",
    "大力",
    "着力",
    "持续",
    "深入",
    "进一步",
    "全力",
    "力争",
    "努力",
    "奋力",
    "高水平",
    "高标准",
    "高质量",
    "主动",
    "切实",
    "更加",
    "率先",
    "确保",
    "牢牢",
    "坚决",
    "有序",
    "稳妥",
    "因地制宜",
    "以",
    "把",
    "按照",
    "依托",
    "加速",
    "壮大",
    "实现",
    "推广",
    "营造",
    "弘扬",
    "传承",
    "倡导",
    "树立",
    "筑牢",
    "守住",
    "落细",
    "压实",
    "要",
    "必须",
    "将",
];

/// Section titles that review the past or describe the situation: their
/// sentences are context, not measures.
const REVIEW_TITLES: &[&str] = &["成就", "回顾", "机遇", "挑战", "形势", "成绩", "基础"];

fn is_review(title: &str) -> bool {
    // 基础设施 (infrastructure) is a task, not the 发展基础 under review
    let title = title.replace("基础设施", "");
    REVIEW_TITLES.iter().any(|w| title.contains(w))
}

/// Section `si` of `p` and the divisions it sits in, innermost first.
fn chain(p: &Part, si: usize) -> impl Iterator<Item = &Section> {
    let mut at = Some(si);
    std::iter::from_fn(move || {
        let i = at?;
        let s = p.sections.get(i)?;
        // parents come earlier in the list: the walk ends
        at = s.parent.filter(|q| *q < i);
        Some(s)
    })
}

/// A review section, or one inside a review division (第一节 of 第一章 发展基础).
fn in_review(p: &Part, si: usize) -> bool {
    chain(p, si).any(|s| is_review(&s.title))
}

/// Does a sentence commit to action?
pub fn is_measure(sentence: &str) -> bool {
    let s = sentence.trim_start_matches(['—', '“', '(', '（', ' ']);
    if s.chars().count() < 6 {
        return false;
    }
    // past achievements
    if [
        "已经",
        "相继",
        "取得了",
        "成功获批",
        "明显提升",
        "不断凸显",
        "成效显著",
        "全面完成",
    ]
    .iter()
    .any(|w| s.contains(w))
    {
        return false;
    }
    let head: String = s.chars().take(12).collect();
    ACTION_VERBS.iter().any(|v| head.contains(v))
}

/// Measures of every non-review section (its own paragraphs: those of a
/// subsection or box are the subsection's).
pub fn measures(chars: &[char], outline: &Outline) -> Vec<Measure> {
    let mut out = Vec::new();
    for (pi, p) in outline.parts.iter().enumerate() {
        for (si, s) in p.sections.iter().enumerate() {
            if in_review(p, si) {
                continue;
            }
            let mut n = 0;
            for para in &s.paras {
                for sent in sentences(chars, *para) {
                    if is_measure(&text_of(chars, sent)) {
                        n += 1;
                        out.push(Measure {
                            part: pi,
                            section: si,
                            ordinal: n,
                            span: sent,
                        });
                    }
                }
            }
        }
    }
    out
}

/// Kind of goal statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GoalType {
    /// Overall positioning for the plan period (到20XX年, …).
    Positioning,
    /// A `——…实现新跨越` target line.
    Leap,
    /// A long-range vision item (二〇三五年远景目标).
    Vision,
    /// A part's own goal, stated in its lead paragraph (成为…之城/高地/典范).
    Part,
    /// The goal stated in a part's heading.
    Heading,
}

impl GoalType {
    /// Name used in `attrs.goal_type`.
    pub fn as_str(self) -> &'static str {
        match self {
            GoalType::Positioning => "positioning",
            GoalType::Leap => "leap",
            GoalType::Vision => "vision",
            GoalType::Part => "part",
            GoalType::Heading => "heading",
        }
    }
}

/// A goal statement.
#[derive(Debug, Clone, PartialEq)]
pub struct Goal {
    /// Type.
    pub kind: GoalType,
    /// Short label.
    pub label: String,
    /// The statement's span.
    pub span: Span,
    /// Index of the part it is stated in.
    pub part: usize,
}

/// Words that mark a goal clause (a state to reach, a role to take).
const GOAL_MARKS: &[&str] = &[
    "之城",
    "名城",
    "示范市",
    "高地",
    "典范",
    "示范地",
    "先行地",
    "先行区",
    "先行市",
    "副中心",
    "标杆",
    "样板",
    "排头兵",
    "窗口",
    "板块",
    "门户",
    "桥头堡",
    "增长极",
    "节点",
    "新地标",
    "示范区",
    "强市",
    "中心城市",
    "大城市",
    "先锋作用",
    "试验区",
];

fn clauses(chars: &[char], span: Span) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start = span[0];
    let end = span[1].min(chars.len());
    for i in span[0]..end {
        if matches!(chars[i], '，' | ',' | '。' | '；' | ';' | '！' | '：' | ':') {
            push_trimmed(chars, [start, i], &mut out);
            start = i + 1;
        }
    }
    push_trimmed(chars, [start, end], &mut out);
    out
}

/// Strip leading subjects and connectives from a goal clause (我市将, 全市…).
fn strip_subject(chars: &[char], mut span: Span) -> Span {
    for w in [
        "我市将",
        "我市",
        "全市",
        "到那时",
        "并",
        "使",
        "让",
        "进而",
        "从而",
    ] {
        let t = text_of(chars, span);
        if t.starts_with(w) && t.chars().count() > w.chars().count() + 4 {
            span[0] += w.chars().count();
        }
    }
    span
}

fn goal_clause(t: &str) -> bool {
    let n = t.chars().count();
    (6..=70).contains(&n)
        && GOAL_MARKS.iter().any(|m| t.contains(m))
        && !t.starts_with("坚持")
        && !t.starts_with("以")
}

/// Goals: part headings and leads, the plan-period positioning, 新跨越 lines
/// and long-range vision items.
pub fn goals(chars: &[char], outline: &Outline) -> Vec<Goal> {
    let mut out = Vec::new();
    for (pi, p) in outline.parts.iter().enumerate() {
        if p.implicit {
            continue;
        }
        // heading: the clause(s) that name a state to reach
        for c in clauses(chars, p.title_span) {
            let t = text_of(chars, c);
            let builds = [
                "打造",
                "创建",
                "建设",
                "加快建设",
                "加快打造",
                "全面打造",
                "高水平建设",
                "高水平打造",
                "奋力打造",
            ]
            .iter()
            .any(|w| t.starts_with(w));
            let n = t.chars().count();
            if goal_clause(&t) || (builds && (4..=70).contains(&n)) {
                out.push(Goal {
                    kind: GoalType::Heading,
                    label: t,
                    span: c,
                    part: pi,
                });
            }
        }
        for para in &p.lead {
            for c in clauses(chars, *para) {
                let c = strip_subject(chars, c);
                let t = text_of(chars, c);
                let opens = [
                    "成为",
                    "努力成为",
                    "奋力",
                    "加快建成",
                    "建成",
                    "高水平建设",
                    "打造成为",
                    "加快打造",
                    "全力打造",
                    "争当",
                    "争创",
                ]
                .iter()
                .any(|w| t.starts_with(w));
                // "成为…" and "把…打造成为…" state a target on their own
                let becomes = (t.starts_with("成为")
                    || t.starts_with("努力成为")
                    || t.contains("打造成为")
                    || t.contains("建设成为"))
                    && (4..=70).contains(&t.chars().count());
                if (goal_clause(&t) && opens) || becomes {
                    out.push(Goal {
                        kind: GoalType::Part,
                        label: t,
                        span: c,
                        part: pi,
                    });
                }
            }
        }
        for s in &p.sections {
            section_goals(chars, pi, s, &mut out);
        }
    }
    out
}

fn section_goals(chars: &[char], pi: usize, s: &Section, out: &mut Vec<Goal>) {
    let is_goal_section = s.title.contains("目标");
    // a section titled for both the plan period and the long-range vision
    // holds both: the vision starts at its own sub-heading or 展望 paragraph
    let has_period_targets = s.paras.iter().any(|p| {
        let t = text_of(chars, *p);
        t.starts_with("——") || t.starts_with("到年") || t.starts_with("到20")
    });
    let mut in_vision = s.title.contains("远景") && !has_period_targets;
    let mut last_leap: Option<usize> = None;
    for para in &s.paras {
        let t = text_of(chars, *para);
        if t.contains("远景目标") && t.chars().count() < 30 {
            in_vision = true;
            last_leap = None;
            continue;
        }
        if t.starts_with("展望") || t.starts_with("到二〇三五年") {
            in_vision = true;
        }
        if is_goal_section && t.starts_with("——") && !in_vision {
            let body = [para[0] + 2, para[1]];
            let first = sentences(chars, body).first().copied().unwrap_or(body);
            let label = text_of(chars, first).trim_end_matches('。').to_string();
            out.push(Goal {
                kind: GoalType::Leap,
                label,
                span: *para,
                part: pi,
            });
            last_leap = Some(out.len() - 1);
            continue;
        }
        if let Some(g) = last_leap {
            // a leap statement broken over two lines
            if is_goal_section
                && !in_vision
                && !t.starts_with("——")
                && t.chars().count() > 20
                && !t.contains("远景")
            {
                out[g].span[1] = para[1];
                continue;
            }
        }
        if in_vision {
            for c in clauses(chars, *para) {
                let c = strip_subject(chars, c);
                let ct = text_of(chars, c);
                let n = ct.chars().count();
                if (6..=60).contains(&n) && !ct.starts_with("展望") && vision_clause(&ct) {
                    out.push(Goal {
                        kind: GoalType::Vision,
                        label: ct,
                        span: c,
                        part: pi,
                    });
                }
            }
            continue;
        }
        let starts_period =
            t.starts_with("到年") || (t.starts_with("到20") && t.chars().nth(5) == Some('年'));
        if starts_period && GOAL_MARKS.iter().any(|m| t.contains(m)) {
            let label: String = sentences(chars, *para)
                .first()
                .map(|s| text_of(chars, *s))
                .unwrap_or_default()
                .chars()
                .take(40)
                .collect();
            out.push(Goal {
                kind: GoalType::Positioning,
                label,
                span: *para,
                part: pi,
            });
        }
    }
}

fn vision_clause(t: &str) -> bool {
    [
        "实现",
        "建成",
        "形成",
        "达到",
        "成为",
        "更加",
        "巩固",
        "领先",
        "彰显",
        "进展",
        "提升",
        "显著",
        "全面",
        "翻一番",
        "高度",
    ]
    .iter()
    .any(|w| t.contains(w))
}

/// A quantified target or figure.
#[derive(Debug, Clone, PartialEq)]
pub struct Indicator {
    /// The phrase (clause) holding the figure.
    pub label: String,
    /// Span of the phrase.
    pub span: Span,
    /// The value, when the numeral is in the text.
    pub value: Option<f64>,
    /// Upper bound of a range (2-3家).
    pub value_max: Option<f64>,
    /// Unit as written.
    pub unit: String,
    /// Period: a year, "2035", or the plan period (十四五) / previous period.
    pub period: String,
    /// The numeral is missing from the text.
    pub missing: bool,
}

const IND_UNITS: &[&str] = &[
    "微克/立方米",
    "万亿元",
    "亿美元",
    "亿元",
    "万元",
    "元",
    "万人",
    "万户",
    "万亩",
    "万吨",
    "公里",
    "千米",
    "平方公里",
    "家",
    "所",
    "个",
    "项",
    "%",
    "％",
    "岁",
    "座",
    "条",
    "倍",
    ":1",
    "：1",
    "人",
    "年",
];

/// Plan period from the title: 第十四个五年 → 十四五 (and the one before it).
pub fn plan_period(title: &str) -> (String, String) {
    if let Some(p) = title.find("个五年") {
        let before: String = title[..p]
            .chars()
            .rev()
            .take_while(|c| "一二三四五六七八九十".contains(*c))
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        if let Some(n) = crate::outline::cn_number(&before) {
            return (
                format!("{}五", crate::outline::cn_numeral(n)),
                format!("{}五", crate::outline::cn_numeral(n.saturating_sub(1))),
            );
        }
    }
    (String::new(), String::new())
}

fn cn_value(s: &str) -> Option<f64> {
    match s {
        "百" => Some(100.0),
        "千" => Some(1000.0),
        "万" => Some(10000.0),
        _ => crate::outline::cn_number(s).map(f64::from),
    }
}

/// Indicators: arabic figures with a unit, Chinese-numeral ranks and counts
/// (全省第三, 百强, 四连冠, 连续七年, 翻一番, 清零), and every missing numeral.
pub fn indicators(chars: &[char], outline: &Outline, diagnostics: &[Diagnostic]) -> Vec<Indicator> {
    let (period, previous) = plan_period(&outline.title);
    let mut out = Vec::new();
    let mut spans: Vec<(Span, String)> = Vec::new();
    for p in &outline.parts {
        for (si, s) in p.sections.iter().enumerate() {
            let review = in_review(p, si);
            let vision = chain(p, si).any(|s| s.title.contains("远景"));
            for para in &s.paras {
                spans.push((
                    *para,
                    if review {
                        previous.clone()
                    } else if vision {
                        "2035".into()
                    } else {
                        period.clone()
                    },
                ));
            }
        }
    }
    for fr in &outline.front {
        spans.push((*fr, previous.clone()));
    }
    // compiled once: indicators run for every build
    static NUM_RE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    static CN_RE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let num_re = NUM_RE.get_or_init(|| {
        regex::Regex::new(r"(\d+(?:\.\d+)?)(?:[-—~～至](\d+(?:\.\d+)?))?").expect("static regex")
    });
    let cn_re = CN_RE.get_or_init(|| regex::Regex::new(r"(全[省国市球]|长三角)第([一二三四五六七八九十]+)|前(\d+)|([百千])强|连续(\d+|[一二三四五六七八九十]+)年|([一二三四五六七八九十]+)连冠|翻一番|“清零”|清零|超([百千])万元|([百千])亿级").expect("static regex"));
    let in_vision_para = |t: &str| t.contains("二〇三五");
    for (para, per) in &spans {
        let ptext = text_of(chars, *para);
        let mut para_period = per.clone();
        if ptext.starts_with("到年") || in_vision_para(&ptext) && ptext.starts_with("展望") {
            para_period = if ptext.starts_with("到年") {
                "plan-end".into()
            } else {
                "2035".into()
            };
        }
        if let Some(y) = ptext
            .strip_prefix("到")
            .and_then(|r| r.get(..4))
            .filter(|y| y.chars().all(|c| c.is_ascii_digit()))
        {
            para_period = y.to_string();
        }
        for c in clauses(chars, *para) {
            let t = text_of(chars, c);
            // each pattern needs a character the clause may lack: a digit
            // (`\d` is any Unicode decimal digit, all of them numeric) or
            // one of the Chinese patterns' fixed characters
            let figures = t.chars().any(char::is_numeric);
            let ranks = t.contains(['第', '前', '强', '续', '冠', '番', '零', '超', '级']);
            if !figures && !ranks {
                continue;
            }
            // (a pattern that cannot match searches nothing)
            for m in num_re.captures_iter(if figures { &t } else { "" }) {
                let whole = m.get(0).expect("group 0");
                let prev = t[..whole.start()].chars().last();
                if prev.is_some_and(|p| p.is_ascii_alphabetic() || p == '_' || p == '.' || p == '/')
                {
                    continue;
                }
                let after = &t[whole.end()..];
                let Some(unit) = IND_UNITS.iter().find(|u| after.starts_with(**u)) else {
                    continue;
                };
                if after[unit.len()..].starts_with(|ch: char| ch.is_ascii_alphabetic()) {
                    continue;
                }
                // dates (12月29日) are not indicators
                if *unit == "年" && !t[..whole.start()].ends_with("连续") {
                    continue;
                }
                let v: Option<f64> = m.get(1).and_then(|x| x.as_str().parse().ok());
                let vmax: Option<f64> = m.get(2).and_then(|x| x.as_str().parse().ok());
                // the phrase is the whole clause holding the figure
                out.push(Indicator {
                    label: t.clone(),
                    span: c,
                    value: v,
                    value_max: vmax,
                    unit: unit.replace('：', ":").to_string(),
                    period: para_period.clone(),
                    missing: false,
                });
            }
            for m in cn_re.captures_iter(if ranks { &t } else { "" }) {
                let g = |i: usize| m.get(i).map(|x| x.as_str());
                let (value, unit) = if let Some(n) = g(2) {
                    (cn_value(n), "rank")
                } else if let Some(n) = g(3) {
                    (n.parse().ok(), "rank")
                } else if let Some(n) = g(4) {
                    (cn_value(n), "rank")
                } else if let Some(n) = g(5) {
                    (n.parse().ok().or_else(|| cn_value(n)), "年")
                } else if let Some(n) = g(6) {
                    (cn_value(n), "连冠")
                } else if m.get(0).is_some_and(|x| x.as_str() == "翻一番") {
                    (Some(2.0), "倍")
                } else if m.get(0).is_some_and(|x| x.as_str().contains("清零")) {
                    (Some(0.0), "")
                } else if let Some(n) = g(7) {
                    (cn_value(n), "万元")
                } else if let Some(n) = g(8) {
                    (cn_value(n), "亿元")
                } else {
                    (None, "")
                };
                out.push(Indicator {
                    label: t.clone(),
                    span: c,
                    value,
                    value_max: None,
                    unit: unit.into(),
                    period: para_period.clone(),
                    missing: false,
                });
            }
        }
    }
    for d in diagnostics.iter().filter(|d| d.code == "missing-numeral") {
        // the phrase is the clause around the gap
        let gap = d.span[0];
        let para = spans.iter().find(|(p, _)| p[0] <= gap && gap < p[1]);
        let (clause, per) = match para {
            Some((p, per)) => (
                clauses(chars, *p)
                    .into_iter()
                    .find(|c| c[0] <= d.span[1] && d.span[0] < c[1])
                    .unwrap_or(d.span),
                per.clone(),
            ),
            None => (d.span, String::new()),
        };
        let t = text_of(chars, clause);
        let unit = IND_UNITS
            .iter()
            .find(|u| text_of(chars, d.span).contains(**u))
            .map(|u| u.to_string())
            .unwrap_or_default();
        out.push(Indicator {
            label: t,
            span: clause,
            value: None,
            value_max: None,
            unit,
            period: per,
            missing: true,
        });
    }
    out.sort_by_key(|i| (i.span[0], i.span[1]));
    // one indicator per clause and value
    out.dedup_by(|a, b| a.span == b.span && a.value == b.value && a.missing == b.missing);
    out
}
