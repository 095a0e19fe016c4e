//! The outline of a plan: title, front matter, parts, sections, paragraphs,
//! closing and page debris.
//!
//! Parsing never fails: [`parse`] returns the tree it understood plus
//! diagnostics. Recognised forms:
//! - parts `一、…` (or `第一章 …` / `第一部分 …`), numbered in sequence;
//! - sections as a lone numeral line followed by a title line, a numeral
//!   glued to the end of the previous paragraph (`…先锋作用。一`), `（一）…`
//!   headings, or `1.` lead sentences when no higher-ranked form is used;
//!   numbering may restart per part or run through the document;
//! - the title (first short lines), an adoption note `（…通过）`, a preamble,
//!   a closing (slogans and the final appeal) and page debris (编辑/…,
//!   预览时标签不可点 …) that is kept out of the sections.

use crate::model::{Diagnostic, Level, Span};

/// One non-empty line: its trimmed text and char span.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// Char span of the trimmed line.
    pub span: Span,
    /// Trimmed text.
    pub text: String,
}

/// How a section heading was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SectionStyle {
    /// A numeral alone on a line, title on the next line.
    Lone,
    /// A numeral glued to the end of the previous paragraph.
    Glued,
    /// `（一）title`.
    Paren,
    /// `1.` lead sentence.
    Arabic,
}

/// A numbered section.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    /// Numeral as written (`一`, or `1` for the arabic style).
    pub number: String,
    /// Title text.
    pub title: String,
    /// Span of the numeral (or whole marker).
    pub number_span: Span,
    /// Span of the title.
    pub title_span: Span,
    /// Heading style.
    pub style: SectionStyle,
    /// Body paragraphs (char spans).
    pub paras: Vec<Span>,
    /// From the numeral to the end of the last paragraph.
    pub span: Span,
}

/// A top-level part.
#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    /// Numeral as written (`三`).
    pub number: String,
    /// Title after `、`.
    pub title: String,
    /// Span of the whole heading line.
    pub heading: Span,
    /// Span of the title.
    pub title_span: Span,
    /// Lead paragraphs before the first section.
    pub lead: Vec<Span>,
    /// Sections.
    pub sections: Vec<Section>,
    /// From the heading to the end of the part.
    pub span: Span,
    /// True when the document has no part headings and this part stands for the whole body.
    pub implicit: bool,
}

/// The parsed outline.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Outline {
    /// Title (title lines joined).
    pub title: String,
    /// Spans of the title lines.
    pub title_spans: Vec<Span>,
    /// Adoption note and preamble paragraphs.
    pub front: Vec<Span>,
    /// Parts.
    pub parts: Vec<Part>,
    /// Closing slogans and appeal.
    pub closing: Vec<Span>,
    /// Page debris left out of the document.
    pub debris: Vec<Span>,
    /// What the parser noticed.
    pub diagnostics: Vec<Diagnostic>,
}

impl Outline {
    /// All sections with their part.
    pub fn sections(&self) -> impl Iterator<Item = (&Part, &Section)> {
        self.parts
            .iter()
            .flat_map(|p| p.sections.iter().map(move |s| (p, s)))
    }
}

/// Split text into trimmed non-empty lines with char spans.
pub fn lines(text: &str) -> Vec<Line> {
    let mut out = Vec::new();
    let mut pos = 0usize;
    for raw in text.split('\n') {
        let n = raw.chars().count();
        let lead = raw.chars().take_while(|c| c.is_whitespace()).count();
        let trimmed = raw.trim();
        if !trimmed.is_empty() {
            let len = trimmed.chars().count();
            out.push(Line {
                span: [pos + lead, pos + lead + len],
                text: trimmed.to_string(),
            });
        }
        pos += n + 1;
    }
    out
}

const DIGITS: &str = "零〇一二三四五六七八九";

/// Value of a Chinese numeral from 一 to 九十九 (also 两, 〇).
pub fn cn_number(s: &str) -> Option<u32> {
    let cs: Vec<char> = s.chars().collect();
    let d = |c: char| -> Option<u32> {
        if c == '两' {
            return Some(2);
        }
        DIGITS
            .chars()
            .position(|x| x == c)
            .map(|p| if p == 0 { 0 } else { p as u32 - 1 })
    };
    match cs.as_slice() {
        [] => None,
        ['十'] => Some(10),
        [a] => d(*a).filter(|v| *v > 0),
        ['十', b] => d(*b).map(|v| 10 + v),
        [a, '十'] => d(*a).map(|v| v * 10),
        [a, '十', b] => Some(d(*a)? * 10 + d(*b)?),
        _ => None,
    }
}

/// Chinese numeral for 1..=99.
pub fn cn_numeral(n: u32) -> String {
    let ds: Vec<char> = "一二三四五六七八九".chars().collect();
    match n {
        1..=9 => ds[n as usize - 1].to_string(),
        10 => "十".into(),
        11..=19 => format!("十{}", ds[(n - 11) as usize]),
        20..=99 => {
            let t = ds[(n / 10 - 1) as usize];
            if n % 10 == 0 {
                format!("{t}十")
            } else {
                format!("{t}十{}", ds[(n % 10 - 1) as usize])
            }
        }
        _ => n.to_string(),
    }
}

fn is_cn_numeral_str(s: &str) -> bool {
    !s.is_empty()
        && s.chars().count() <= 3
        && s.chars().all(|c| "一二三四五六七八九十".contains(c))
        && cn_number(s).is_some()
}

/// Page debris from web copies (WeChat and the like).
fn is_debris(t: &str) -> bool {
    const STARTS: &[&str] = &[
        "编辑/",
        "编辑：",
        "编辑:",
        "责任编辑",
        "责编",
        "来源：",
        "来源:",
        "审核：",
        "审核:",
        "校对：",
        "原标题",
        "预览时标签不可点",
        "微信扫一扫",
        "扫一扫",
        "关注该公众号",
        "阅读原文",
        "继续滑动看下一个",
        "向上滑动看下一个",
        "轻点两下取消",
        "长按识别",
        "点击上方",
        "分享收藏",
        "写留言",
        "Scan to Follow",
        "Scan with Weixin",
        "Got It",
        "Read more",
    ];
    const EXACT: &[&str] = &[
        "在看",
        "下载",
        "打印",
        "全屏",
        "加大",
        "还原",
        "减小",
        "【字号：",
        "【字号:",
        "】",
        "分享",
        "收藏",
        "点赞",
        "赞",
        "视频",
        "小程序",
        "留言",
        "取消",
        "允许",
    ];
    STARTS.iter().any(|s| t.starts_with(s))
        || EXACT.contains(&t)
        || t.chars()
            .all(|c| !crate::restore::is_cjk(c) && !c.is_alphanumeric())
}

#[derive(Debug, Clone, PartialEq)]
enum Kind {
    Debris,
    Part(u32, String, usize), // number value, numeral text, title char offset within line
    Lone(u32, String),
    Paren(u32, String, usize), // title starts at this char within line
    Arabic(u32, String, usize),
    Glued(u32, String), // numeral at the end
    Text,
}

fn classify(t: &str) -> Kind {
    if is_debris(t) {
        return Kind::Debris;
    }
    let cs: Vec<char> = t.chars().collect();
    // 一、title
    if let Some(p) = cs.iter().position(|c| *c == '、') {
        let num: String = cs[..p].iter().collect();
        if is_cn_numeral_str(&num) && cs.len() > p + 1 {
            return Kind::Part(cn_number(&num).unwrap_or(0), num, p + 1);
        }
    }
    // 第一章 / 第一部分
    if cs.first() == Some(&'第') {
        for marker in ["章", "部分", "篇"] {
            if let Some(bpos) = t.find(marker) {
                let num = &t['第'.len_utf8()..bpos];
                if is_cn_numeral_str(num) {
                    let after = t[..bpos + marker.len()].chars().count();
                    let rest = cs[after..]
                        .iter()
                        .take_while(|c| c.is_whitespace() || **c == '\u{3000}')
                        .count();
                    if marker != "篇" {
                        return Kind::Part(
                            cn_number(num).unwrap_or(0),
                            num.to_string(),
                            after + rest,
                        );
                    }
                }
            }
        }
    }
    let bare = t.trim_end_matches(['、', '．', '.']);
    if is_cn_numeral_str(bare) {
        return Kind::Lone(cn_number(bare).unwrap_or(0), bare.to_string());
    }
    if matches!(cs.first(), Some('（' | '(')) {
        if let Some(close) = cs.iter().position(|c| matches!(c, '）' | ')')) {
            let num: String = cs[1..close].iter().collect();
            if is_cn_numeral_str(&num) && cs.len() > close + 1 {
                return Kind::Paren(cn_number(&num).unwrap_or(0), num, close + 1);
            }
        }
    }
    let digits: String = cs.iter().take_while(|c| c.is_ascii_digit()).collect();
    if !digits.is_empty() && digits.len() <= 2 {
        if let Some(sep) = cs.get(digits.len()) {
            if matches!(sep, '.' | '．' | '、')
                && cs.len() > digits.len() + 1
                && !cs[digits.len() + 1].is_ascii_digit()
            {
                return Kind::Arabic(
                    digits.parse().unwrap_or(0),
                    digits.clone(),
                    digits.len() + 1,
                );
            }
        }
    }
    // …。一  (numeral glued to the end of a paragraph)
    let tail: String = cs
        .iter()
        .rev()
        .take_while(|c| "一二三四五六七八九十".contains(**c))
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let tl = tail.chars().count();
    if tl > 0 && tl <= 2 && cs.len() > tl + 1 && is_cn_numeral_str(&tail) {
        let before = cs[cs.len() - tl - 1];
        if matches!(before, '。' | '！' | '？' | '!' | '?' | '；' | '”') {
            return Kind::Glued(cn_number(&tail).unwrap_or(0), tail);
        }
    }
    Kind::Text
}

fn looks_like_title(t: &str) -> bool {
    let n = t.chars().count();
    n > 0 && n <= 60 && !t.trim_end_matches('。').contains('。')
}

/// Split a heading-with-body line at its title: up to the first 。 (or ；/：)
/// within 60 characters; the whole line when it is short and unpunctuated.
fn split_title(cs: &[char], from: usize) -> (usize, usize, Option<usize>) {
    let rest = &cs[from..];
    if let Some(p) = rest
        .iter()
        .take(80)
        .position(|c| matches!(c, '。' | '；' | '：' | '！'))
    {
        let body = from + p + 1;
        let body = if body < cs.len() { Some(body) } else { None };
        return (from, from + p, body);
    }
    if rest.len() <= 60 {
        return (from, cs.len(), None);
    }
    let p = rest
        .iter()
        .take(60)
        .position(|c| matches!(c, '，' | ','))
        .unwrap_or(rest.len().min(60));
    (from, from + p, Some(from + p + 1))
}

/// Parse the outline. Never fails.
pub fn parse(text: &str) -> Outline {
    let ls = lines(text);
    let kinds: Vec<Kind> = ls.iter().map(|l| classify(&l.text)).collect();
    let mut o = Outline::default();

    let lone = kinds
        .iter()
        .filter(|k| matches!(k, Kind::Lone(..) | Kind::Glued(..)))
        .count();
    let paren = kinds
        .iter()
        .filter(|k| matches!(k, Kind::Paren(..)))
        .count();
    let arabic = kinds
        .iter()
        .filter(|k| matches!(k, Kind::Arabic(..)))
        .count();
    let has_parts = kinds.iter().any(|k| matches!(k, Kind::Part(1, ..)));
    let style = if kinds.iter().filter(|k| matches!(k, Kind::Lone(..))).count() >= 2 || lone >= 3 {
        Some(SectionStyle::Lone)
    } else if paren >= 2 {
        Some(SectionStyle::Paren)
    } else if arabic >= 2 {
        Some(SectionStyle::Arabic)
    } else {
        None
    };

    let mut i = 0;
    // Front matter: title lines, adoption note, preamble.
    let first_part = if has_parts {
        kinds
            .iter()
            .position(|k| matches!(k, Kind::Part(1, ..)))
            .unwrap_or(ls.len())
    } else {
        ls.iter()
            .zip(&kinds)
            .position(|(l, k)| {
                matches!(
                    (k, style),
                    (Kind::Paren(1, ..), Some(SectionStyle::Paren))
                        | (Kind::Arabic(1, ..), Some(SectionStyle::Arabic))
                        | (Kind::Lone(1, _), Some(SectionStyle::Lone))
                ) || l.text.chars().count() > 200
            })
            .unwrap_or(ls.len())
    };
    while i < first_part && i < 3 {
        let t = &ls[i].text;
        if kinds[i] == Kind::Debris {
            o.debris.push(ls[i].span);
            i += 1;
            continue;
        }
        let note = matches!(t.chars().next(), Some('（' | '('));
        if note || t.contains('。') || t.chars().count() > 50 || (i > 0 && t.contains('，')) {
            break;
        }
        o.title_spans.push(ls[i].span);
        o.title.push_str(t);
        i += 1;
    }
    while i < first_part {
        if kinds[i] == Kind::Debris {
            o.debris.push(ls[i].span);
        } else {
            o.front.push(ls[i].span);
        }
        i += 1;
    }

    let doc_end = ls.last().map(|l| l.span[1]).unwrap_or(0);
    let mut last_part_no = 0u32;
    let mut global_sec = 0u32;
    // Pending glued numeral: (value, numeral, span).
    let mut pending: Option<(u32, String, Span)> = None;
    if !has_parts && i < ls.len() {
        o.parts.push(Part {
            number: "一".into(),
            title: o.title.clone(),
            heading: [ls[i].span[0], ls[i].span[0]],
            title_span: [ls[i].span[0], ls[i].span[0]],
            lead: vec![],
            sections: vec![],
            span: [ls[i].span[0], doc_end],
            implicit: true,
        });
        o.diagnostics.push(Diagnostic {
            level: Level::Warning,
            code: "no-parts".into(),
            span: [ls[i].span[0], ls[i].span[0]],
            message: "no part headings (一、…) found: the body is treated as one implicit part"
                .into(),
        });
    }
    while i < ls.len() {
        let l = &ls[i];
        let cs: Vec<char> = l.text.chars().collect();
        match kinds[i].clone() {
            Kind::Debris => {
                o.debris.push(l.span);
                i += 1;
                continue;
            }
            Kind::Part(n, num, at) if has_parts && n == last_part_no + 1 => {
                last_part_no = n;
                let title: String = cs[at..].iter().collect::<String>().trim().to_string();
                let lead_ws = cs[at..].iter().take_while(|c| c.is_whitespace()).count();
                o.parts.push(Part {
                    number: num,
                    title,
                    heading: l.span,
                    title_span: [l.span[0] + at + lead_ws, l.span[1]],
                    lead: vec![],
                    sections: vec![],
                    span: l.span,
                    implicit: false,
                });
                pending = None;
                i += 1;
                continue;
            }
            _ => {}
        }
        let Some(part) = o.parts.last_mut() else {
            o.front.push(l.span);
            i += 1;
            continue;
        };
        let in_part = part.sections.len() as u32;
        let gs = global_sec;
        let expected = |n: u32| n == in_part + 1 || n == gs + 1;
        let mut new_section: Option<Section> = None;
        let mut consumed = 1;
        // A glued numeral from the previous line opens a section on this title line.
        if let Some((n, num, nspan)) = pending.take() {
            if looks_like_title(&l.text) {
                new_section = Some(Section {
                    number: num,
                    title: l.text.clone(),
                    number_span: nspan,
                    title_span: l.span,
                    style: SectionStyle::Glued,
                    paras: vec![],
                    span: [nspan[0], l.span[1]],
                });
                global_sec = global_sec.max(n);
            }
        }
        if new_section.is_none() {
            match (kinds[i].clone(), style) {
                (Kind::Lone(n, num), Some(SectionStyle::Lone)) => {
                    if !expected(n) {
                        o.diagnostics.push(Diagnostic {
                            level: Level::Warning,
                            code: "section-numbering".into(),
                            span: l.span,
                            message: format!(
                                "section {num} is out of sequence (after {} in this part)",
                                in_part
                            ),
                        });
                    }
                    let next = ls.get(i + 1);
                    match next {
                        Some(nl) if !matches!(kinds[i + 1], Kind::Part(..) | Kind::Lone(..)) => {
                            let ncs: Vec<char> = nl.text.chars().collect();
                            let (ts, te, body) = if looks_like_title(&nl.text) {
                                (0, ncs.len(), None)
                            } else {
                                split_title(&ncs, 0)
                            };
                            let title: String = ncs[ts..te].iter().collect();
                            let mut paras = vec![];
                            if let Some(b) = body {
                                paras.push([nl.span[0] + b, nl.span[1]]);
                            }
                            new_section = Some(Section {
                                number: num,
                                title,
                                number_span: l.span,
                                title_span: [nl.span[0] + ts, nl.span[0] + te],
                                style: SectionStyle::Lone,
                                paras,
                                span: [l.span[0], nl.span[1]],
                            });
                            consumed = 2;
                        }
                        _ => o.diagnostics.push(Diagnostic {
                            level: Level::Warning,
                            code: "unparsed-line".into(),
                            span: l.span,
                            message: format!("section number {num} has no title line"),
                        }),
                    }
                    global_sec = global_sec.max(n);
                    if new_section.is_none() {
                        i += 1;
                        continue;
                    }
                }
                (Kind::Paren(n, num, at), Some(SectionStyle::Paren))
                | (Kind::Arabic(n, num, at), Some(SectionStyle::Arabic)) => {
                    let (ts, te, body) = split_title(&cs, at);
                    let title: String = cs[ts..te].iter().collect();
                    let mut paras = vec![];
                    if let Some(b) = body {
                        paras.push([l.span[0] + b, l.span[1]]);
                    }
                    if !expected(n) {
                        o.diagnostics.push(Diagnostic {
                            level: Level::Warning,
                            code: "section-numbering".into(),
                            span: l.span,
                            message: format!("section {num} is out of sequence"),
                        });
                    }
                    global_sec = global_sec.max(n);
                    new_section = Some(Section {
                        number: num,
                        title,
                        number_span: [l.span[0], l.span[0] + at],
                        title_span: [l.span[0] + ts, l.span[0] + te],
                        style: if style == Some(SectionStyle::Paren) {
                            SectionStyle::Paren
                        } else {
                            SectionStyle::Arabic
                        },
                        paras,
                        span: l.span,
                    });
                }
                (Kind::Glued(n, num), Some(SectionStyle::Lone))
                    if expected(n)
                        && ls.get(i + 1).is_some_and(|nl| looks_like_title(&nl.text)) =>
                {
                    let nl = num.chars().count();
                    let para = [l.span[0], l.span[1] - nl];
                    push_para(part, para);
                    pending = Some((n, num, [l.span[1] - nl, l.span[1]]));
                    i += 1;
                    continue;
                }
                _ => {}
            }
        }
        if let Some(s) = new_section {
            part.span[1] = s.span[1];
            part.sections.push(s);
            i += consumed;
            continue;
        }
        push_para(part, l.span);
        i += 1;
    }

    // Closing: trailing slogans and the final appeal of the last section.
    if let Some(part) = o.parts.last_mut() {
        let paras = match part.sections.last_mut() {
            Some(s) => &mut s.paras,
            None => &mut part.lead,
        };
        let chars: Vec<char> = text.chars().collect();
        let mut closing = vec![];
        while let Some(p) = paras.last().copied() {
            if paras.len() <= 1 {
                break;
            }
            let t: String = chars[p[0]..p[1].min(chars.len())].iter().collect();
            let appeal = closing.is_empty()
                && (t.contains("团结在")
                    || ((t.contains("团结") || t.contains("凝聚"))
                        && (t.contains("奋斗") || t.contains("努力"))));
            let slogan = t.chars().count() <= 20 && !closing.is_empty();
            if appeal || slogan {
                closing.push(p);
                paras.pop();
            } else {
                break;
            }
        }
        closing.reverse();
        o.closing = closing;
        if let Some(s) = part.sections.last_mut() {
            s.span[1] = s.paras.last().map(|p| p[1]).unwrap_or(s.title_span[1]);
        }
        part.span[1] = part
            .sections
            .last()
            .map(|s| s.span[1])
            .or(part.lead.last().map(|p| p[1]))
            .unwrap_or(part.heading[1]);
    }
    o
}

fn push_para(part: &mut Part, span: Span) {
    match part.sections.last_mut() {
        Some(s) => {
            s.paras.push(span);
            s.span[1] = span[1];
        }
        None => part.lead.push(span),
    }
    part.span[1] = span[1];
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numerals() {
        for (s, n) in [
            ("一", 1),
            ("十", 10),
            ("十二", 12),
            ("二十", 20),
            ("二十三", 23),
        ] {
            assert_eq!(cn_number(s), Some(n));
            assert_eq!(cn_numeral(n), s);
        }
        assert_eq!(cn_number("百"), None);
    }

    #[test]
    fn lone_and_glued() {
        let t = "某市关于制定规划的建议\n一、总体要求,打造高地\n一\n第一节标题\n正文一。\n二\n第二节标题\n正文二,发挥先锋作用。三\n第三节标题\n正文三。\n二、第二部分\n一\n新一节\n正文。\n编辑/某人\n";
        let o = parse(t);
        assert_eq!(o.title, "某市关于制定规划的建议");
        assert_eq!(o.parts.len(), 2);
        let titles: Vec<_> = o.parts[0]
            .sections
            .iter()
            .map(|s| s.title.as_str())
            .collect();
        assert_eq!(titles, ["第一节标题", "第二节标题", "第三节标题"]);
        assert_eq!(o.parts[0].sections[2].style, SectionStyle::Glued);
        assert_eq!(o.parts[1].sections[0].title, "新一节");
        assert_eq!(o.debris.len(), 1);
    }

    #[test]
    fn paren_style() {
        let t = "政府工作报告\n一、过去一年工作回顾\n（一）稳增长。全年增长5%。\n（二）促改革。深化改革。\n二、今年主要任务\n（三）扩内需。提振消费。\n";
        let o = parse(t);
        assert_eq!(o.parts.len(), 2);
        assert_eq!(o.parts[0].sections.len(), 2);
        assert_eq!(o.parts[0].sections[1].title, "促改革");
        assert_eq!(o.parts[1].sections[0].number, "三");
        assert_eq!(o.parts[1].sections[0].paras.len(), 1);
    }
}
