//! The outline of a plan: title, front matter, table of contents, parts,
//! sections (two levels and boxes), paragraphs, closing and page debris.
//!
//! Parsing never fails: [`parse`] returns the tree it understood plus
//! diagnostics. Every stage is linear in the text (one pass to classify the
//! lines, one to find a table of contents, one to vote on the levels, one to
//! build the tree). Recognised forms:
//! - parts: `一、…`, `第一部分 …`, `第一篇 …` or `第一章 …`, numbered in
//!   sequence. Which marker is a part is decided by what the document uses:
//!   the highest of 篇 › 部分 › 章 › 节 that occurs at least twice from 一,
//!   else `一、`; anything else is one implicit part;
//! - sections, level 2 (a part's direct divisions): under 篇 the 章 (running
//!   on through the document), under `一、` a numeral alone on a line with its
//!   title on the next (`一` / title), a numeral glued to the end of the
//!   previous paragraph (`…先锋作用。一`), `（一）` / `(一)`, `1.` / `1、`
//!   lead sentences, `（1）` / `(1)`; under 章 or 部分 the 节, `一、`, `（一）`…
//!   The form is the one the parts open with (a vote over the parts), so
//!   `1.` items inside a `（一）` section stay paragraphs. Numbering may
//!   restart per part or run on through the document;
//! - sections, level 3, only below formal 篇/部分/章 parts: `第一节` below a 章,
//!   or the form the level-2 sections open with (`（一）` under `一、` in an
//!   action plan);
//! - boxes (`专栏1 重大平台`, `专栏 一 …`, `专栏3：…`; the title may be on the
//!   next line): a section with [`Section::boxed`] one level below the
//!   division it sits in, whose item lines, up to the next heading, are its
//!   paragraphs (numbered items inside a box stay items);
//! - a table of contents (`目录` followed by heading lines, often with page
//!   numbers or dot leaders `第一章 总体要求……3`; or, without `目录`, a run of
//!   heading lines with no body between them whose first top heading repeats
//!   in the body) is not outline: its lines go to [`Outline::toc`] with an
//!   info diagnostic `table-of-contents`, and parts and sections come from
//!   the body;
//! - headings with trailing page numbers (`第三章 推进创新 15`,
//!   `（二）…………8`): the page number is not part of the title;
//! - the title (first short lines), an adoption note `（…通过）`, a preamble,
//!   a closing (slogans and the final appeal) and page debris (编辑/…,
//!   预览时标签不可点, `- 3 -` …) that is kept out of the sections.

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
    /// `（一）title`, `(一)`, `（1）`, `(1)`.
    Paren,
    /// `1.` lead sentence.
    Arabic,
    /// `一、title` below a formal part (第一章 …).
    Dun,
    /// `第一章`, `第一节`, `第一部分` below a higher division.
    Chapter,
    /// A box: `专栏1 title`.
    Box,
}

/// A numbered section (or a box).
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    /// Numeral as written (`一`, or `1` for the arabic styles; a box's
    /// number, or its ordinal in the document when it has none).
    pub number: String,
    /// Title text.
    pub title: String,
    /// Span of the numeral (or whole marker).
    pub number_span: Span,
    /// Span of the title.
    pub title_span: Span,
    /// Heading style.
    pub style: SectionStyle,
    /// Body paragraphs (char spans), not those of its subsections.
    pub paras: Vec<Span>,
    /// From the numeral to the end of the last paragraph (of its
    /// subsections too).
    pub span: Span,
    /// 2 for a part's direct divisions, 3 below them, 4 for a box in a
    /// level-3 section.
    pub level: u8,
    /// Index (in the part's `sections`) of the section this one sits in.
    pub parent: Option<usize>,
    /// A box (专栏).
    pub boxed: bool,
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
    /// Sections of every level in document order; a subsection follows its
    /// parent ([`Section::parent`]).
    pub sections: Vec<Section>,
    /// From the heading to the end of the part.
    pub span: Span,
    /// True when the document has no part headings and this part stands for the whole body.
    pub implicit: bool,
}

impl Part {
    /// The outline path of section `si`: the part's numeral, then each
    /// level's number as written (`三.一`, `二.五.2`, a box `二.五.专栏1`).
    pub fn path(&self, si: usize) -> String {
        let mut chain = Vec::new();
        let mut at = Some(si);
        // parents come earlier in the list: the walk ends
        while let Some(i) = at {
            let Some(s) = self.sections.get(i) else { break };
            chain.push(if s.boxed {
                format!("专栏{}", s.number)
            } else {
                s.number.clone()
            });
            at = s.parent.filter(|p| *p < i);
        }
        chain.push(self.number.clone());
        chain.reverse();
        chain.join(".")
    }
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
    /// Lines of a table of contents (not outline).
    pub toc: Vec<Span>,
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

/// A page number alone on a line: `3`, `- 3 -`, `—12—`, `第3页`, `3/45`.
fn is_page_number(t: &str) -> bool {
    if t.chars().count() > 12 {
        return false;
    }
    let core: Vec<char> = t
        .chars()
        .filter(|c| {
            !matches!(
                c,
                '-' | '—' | '–' | '第' | '页' | '共' | '/' | ' ' | '\u{3000}'
            )
        })
        .collect();
    (1..=4).contains(&core.len()) && core.iter().all(char::is_ascii_digit)
}

/// Page debris from web copies (WeChat and the like) and page numbers.
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
        || is_page_number(t)
}

/// Heading markers, highest first. `Lone` stands for the lone and glued
/// numerals, which only ever divide a `一、` part.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Rank {
    /// 第一篇
    Pian,
    /// 第一部分
    Bufen,
    /// 第一章
    Zhang,
    /// 第一节
    Jie,
    /// 一、
    Dun,
    /// 一 (alone) / …。一 (glued)
    Lone,
    /// （一）
    ParenCn,
    /// 1.
    Arabic,
    /// （1）
    ParenAr,
}

const RANKS: usize = 9;

impl Rank {
    fn formal(self) -> bool {
        matches!(self, Rank::Pian | Rank::Bufen | Rank::Zhang | Rank::Jie)
    }
    fn style(self) -> SectionStyle {
        match self {
            Rank::Pian | Rank::Bufen | Rank::Zhang | Rank::Jie => SectionStyle::Chapter,
            Rank::Dun => SectionStyle::Dun,
            Rank::Lone => SectionStyle::Lone,
            Rank::ParenCn | Rank::ParenAr => SectionStyle::Paren,
            Rank::Arabic => SectionStyle::Arabic,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Kind {
    Debris,
    /// 目录 / 目 录 / 目次
    TocMark,
    /// A heading: marker, value, numeral as written, title start (chars
    /// within the line).
    Head(Rank, u32, String, usize),
    Lone(u32, String),
    Glued(u32, String), // numeral at the end
    /// 专栏: number as written, title start.
    Box(Option<String>, usize),
    Text,
}

impl Kind {
    fn rank(&self) -> Option<Rank> {
        match self {
            Kind::Head(r, ..) => Some(*r),
            Kind::Lone(..) | Kind::Glued(..) => Some(Rank::Lone),
            _ => None,
        }
    }
    fn value(&self) -> u32 {
        match self {
            Kind::Head(_, n, ..) | Kind::Lone(n, _) | Kind::Glued(n, _) => *n,
            _ => 0,
        }
    }
}

/// Leader characters between a heading and its page number.
fn is_leader(c: char) -> bool {
    matches!(c, '…' | '⋯' | '.' | '·' | '．' | '_' | '-' | '—')
}

/// Where a heading's text ends before a trailing page number or dot
/// leaders (`第一章 总体要求……3`, `一、总体要求 12`, `前言………`): the
/// line's length when it has neither.
fn content_end(cs: &[char]) -> usize {
    let back =
        |to: usize, f: &dyn Fn(char) -> bool| cs[..to].iter().rev().take_while(|c| f(**c)).count();
    let digits = back(cs.len(), &|c| c.is_ascii_digit());
    if digits > 4 {
        return cs.len();
    }
    let e0 = cs.len() - digits;
    let e1 = e0 - back(e0, &|c| c.is_whitespace());
    let leaders = back(e1, &is_leader);
    let e2 = e1 - leaders;
    let e3 = e2 - back(e2, &|c| c.is_whitespace());
    let strong = leaders >= 2 || cs[e2..e1].iter().any(|c| matches!(c, '…' | '⋯'));
    let cut = if strong {
        e3
    } else if digits > 0 && leaders == 0 && e1 < e0 {
        e1
    } else {
        return cs.len();
    };
    // something must remain, and hold a word
    if cut == 0 || !cs[..cut].iter().any(|c| crate::restore::is_cjk(*c)) {
        return cs.len();
    }
    cut
}

/// Classify a line; also where its content ends (before a page number).
fn classify(t: &str) -> (Kind, usize) {
    let cs: Vec<char> = t.chars().collect();
    if is_debris(t) {
        return (Kind::Debris, cs.len());
    }
    let squeezed: String = cs.iter().filter(|c| !c.is_whitespace()).collect();
    if matches!(squeezed.as_str(), "目录" | "目次" | "目錄") {
        return (Kind::TocMark, cs.len());
    }
    let end = content_end(&cs);
    let head = &cs[..end];
    // 专栏1 title
    if let Some(k) = box_heading(head) {
        return (k, end);
    }
    // 一、title
    if let Some(p) = head.iter().take(4).position(|c| *c == '、') {
        let num: String = head[..p].iter().collect();
        if is_cn_numeral_str(&num) && head.len() > p + 1 {
            return (
                Kind::Head(Rank::Dun, cn_number(&num).unwrap_or(0), num, p + 1),
                end,
            );
        }
    }
    // 第一章 / 第一部分 / 第一篇 / 第一节
    if let Some(k) = formal_heading(head) {
        return (k, end);
    }
    let bare = t.trim_end_matches(['、', '．', '.']);
    if is_cn_numeral_str(bare) {
        return (
            Kind::Lone(cn_number(bare).unwrap_or(0), bare.to_string()),
            cs.len(),
        );
    }
    if matches!(head.first(), Some('（' | '(')) {
        if let Some(close) = head.iter().take(6).position(|c| matches!(c, '）' | ')')) {
            let num: String = head[1..close].iter().collect();
            if head.len() > close + 1 {
                if is_cn_numeral_str(&num) {
                    let n = cn_number(&num).unwrap_or(0);
                    return (Kind::Head(Rank::ParenCn, n, num, close + 1), end);
                }
                if (1..=3).contains(&num.len()) && num.chars().all(|c| c.is_ascii_digit()) {
                    let n = num.parse().unwrap_or(0);
                    return (Kind::Head(Rank::ParenAr, n, num, close + 1), end);
                }
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
                let n = digits.parse().unwrap_or(0);
                let at = digits.len() + 1;
                return (Kind::Head(Rank::Arabic, n, digits, at), end.max(at));
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
            return (Kind::Glued(cn_number(&tail).unwrap_or(0), tail), cs.len());
        }
    }
    (Kind::Text, end)
}

/// `第一篇 …`, `第一部分 …`, `第一章 …`, `第一节 …` (also `第1章`): a short
/// line without a full stop.
fn formal_heading(cs: &[char]) -> Option<Kind> {
    if cs.first() != Some(&'第') {
        return None;
    }
    let numeral = cs[1..]
        .iter()
        .take_while(|c| "零〇一二三四五六七八九十两".contains(**c) || c.is_ascii_digit())
        .count();
    if numeral == 0 || numeral > 3 {
        return None;
    }
    let num: String = cs[1..1 + numeral].iter().collect();
    let n = if num.chars().all(|c| c.is_ascii_digit()) {
        num.parse().ok()
    } else {
        cn_number(&num)
    }
    .filter(|n| *n > 0)?;
    let m = 1 + numeral;
    let (rank, after) = match (cs.get(m), cs.get(m + 1)) {
        (Some('篇'), _) => (Rank::Pian, m + 1),
        (Some('章'), _) => (Rank::Zhang, m + 1),
        (Some('节'), _) => (Rank::Jie, m + 1),
        (Some('部'), Some('分')) => (Rank::Bufen, m + 2),
        _ => return None,
    };
    let rest = &cs[after..];
    if rest.len() > 60 || rest.contains(&'。') {
        return None;
    }
    // the title starts after spaces or a separator
    let gap = rest
        .iter()
        .take_while(|c| c.is_whitespace() || matches!(c, '、' | '：' | ':' | '　'))
        .count();
    // 第三章规定的… is a sentence, not a heading: a title right after the
    // marker must be short
    if gap == 0 && rest.len() > 30 {
        return None;
    }
    Some(Kind::Head(rank, n, num, after + gap))
}

/// `专栏1 重大平台`, `专栏 一 …`, `专栏3：…`, `专栏1-2`, `专栏：…`.
fn box_heading(cs: &[char]) -> Option<Kind> {
    if cs.len() < 2 || cs[0] != '专' || cs[1] != '栏' || cs.len() > 50 || cs.contains(&'。') {
        return None;
    }
    let mut i = 2;
    while i < cs.len() && cs[i].is_whitespace() {
        i += 1;
    }
    let start = i;
    if cs.get(i).is_some_and(char::is_ascii_digit) {
        while i < cs.len()
            && (cs[i].is_ascii_digit()
                || (matches!(cs[i], '-' | '.' | '．' | '—')
                    && cs.get(i + 1).is_some_and(char::is_ascii_digit)))
        {
            i += 1;
        }
    } else {
        while i < cs.len() && i - start < 3 && "一二三四五六七八九十".contains(cs[i]) {
            i += 1;
        }
        // 专栏一体化… is not a numeral: a numeral ends at a separator or the line
        if i > start
            && !(i == cs.len()
                || cs[i].is_whitespace()
                || matches!(cs[i], '：' | ':' | '、' | '.' | '．' | '　'))
        {
            i = start;
        }
    }
    let num: Option<String> = (i > start).then(|| cs[start..i].iter().collect());
    if let Some(n) = &num {
        if !n
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '-' | '.' | '．' | '—'))
            && !is_cn_numeral_str(n)
        {
            return None;
        }
    }
    let gap = cs[i..]
        .iter()
        .take_while(|c| c.is_whitespace() || matches!(c, '：' | ':' | '、' | '.' | '．'))
        .count();
    let at = i + gap;
    let title = cs.len() - at;
    // 专栏 alone or 专栏建设… is not a box heading
    if num.is_none() && (title == 0 || title > 30 || (gap == 0 && start == 2)) {
        return None;
    }
    Some(Kind::Box(num, at))
}

fn looks_like_title(t: &str) -> bool {
    let n = t.chars().count();
    n > 0 && n <= 60 && !t.trim_end_matches('。').contains('。')
}

/// Split a heading-with-body line at its title: up to the first 。 (or ；/：)
/// within 60 characters; the whole line when it is short and unpunctuated.
fn split_title(cs: &[char], from: usize) -> (usize, usize, Option<usize>) {
    let from = from.min(cs.len());
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

/// A line's text up to `end`, without spaces, page numbers or leaders: what a
/// table-of-contents entry and its heading in the body have in common.
fn toc_key(t: &str, end: usize) -> String {
    let mut k: Vec<char> = t.chars().take(end).filter(|c| !c.is_whitespace()).collect();
    while k
        .last()
        .is_some_and(|c| c.is_ascii_digit() || is_leader(*c))
    {
        k.pop();
    }
    k.into_iter().collect()
}

/// Could a line stand in a table of contents?
fn tocish(k: &Kind, t: &str, end: usize) -> bool {
    match k {
        Kind::Head(..) | Kind::Lone(..) | Kind::Box(..) | Kind::Debris => true,
        Kind::TocMark | Kind::Glued(..) => false,
        Kind::Text => {
            end < t.chars().count()
                || (t.chars().count() <= 30 && !t.contains(['。', '，', '；', ',', ';']))
        }
    }
}

/// The table of contents: lines `start..body`. After a `目录` line it is
/// the run of heading lines that follows, up to the second occurrence of its
/// first top heading (same marker and number), where the body starts.
/// Without one, a run of at least four heading lines before the first body
/// paragraph whose first top heading comes again, word for word.
fn find_toc(ls: &[Line], kinds: &[(Kind, usize)]) -> Option<(usize, usize)> {
    let run_end = |from: usize| {
        let mut j = from;
        while j < ls.len() && tocish(&kinds[j].0, &ls[j].text, kinds[j].1) {
            j += 1;
        }
        j
    };
    let key = |j: usize| toc_key(&ls[j].text, kinds[j].1);
    // heading lines of the run, its first top heading
    let top = |from: usize, to: usize| -> (usize, Option<usize>) {
        let mut heads = 0;
        let mut first: Option<(Rank, usize)> = None;
        for (j, (k, _)) in kinds.iter().enumerate().take(to).skip(from) {
            if let Kind::Head(r, ..) = k {
                heads += 1;
                if first.map_or(true, |(fr, _)| *r < fr) {
                    first = Some((*r, j));
                }
            }
        }
        (heads, first.map(|(_, j)| j))
    };
    // after a 目录 line
    if let Some(m) = kinds.iter().position(|(k, _)| *k == Kind::TocMark) {
        let to = run_end(m + 1);
        let (heads, first) = top(m + 1, to);
        if heads >= 2 {
            let again = first.and_then(|f| {
                let (r, n) = (kinds[f].0.rank(), kinds[f].0.value());
                (f + 1..to).find(|j| {
                    matches!(kinds[*j].0, Kind::Head(..))
                        && kinds[*j].0.rank() == r
                        && kinds[*j].0.value() == n
                })
            });
            // without a repetition, the contents end at their last entry
            // (a heading of the body's own front matter, 序言, stays there)
            let last = (m + 1..to)
                .rev()
                .find(|j| {
                    matches!(kinds[*j].0, Kind::Head(..))
                        || kinds[*j].1 < ls[*j].text.chars().count()
                })
                .map_or(to, |j| j + 1);
            return Some((m, again.unwrap_or(last)));
        }
    }
    let mut j = 0;
    while j < ls.len() {
        let t = &ls[j].text;
        if !tocish(&kinds[j].0, t, kinds[j].1) && t.chars().count() > 40 {
            break;
        }
        let to = run_end(j);
        if to == j {
            j += 1;
            continue;
        }
        let (heads, first) = top(j, to);
        if let (true, Some(f)) = (heads >= 4, first) {
            let k = key(f);
            // the contents start at their first heading (not at the title)
            let start = (j..to)
                .find(|x| {
                    matches!(kinds[*x].0, Kind::Head(..))
                        || kinds[*x].1 < ls[*x].text.chars().count()
                })
                .unwrap_or(j);
            if let Some(a) = (f + 1..to).find(|x| key(*x) == k) {
                return Some((start, a));
            }
            // or later in the body
            let later = (to..ls.len()).any(|x| matches!(kinds[x].0, Kind::Head(..)) && key(x) == k);
            return later.then_some((start, to));
        }
        j = to;
    }
    None
}

/// Which markers are parts, sections and subsections.
#[derive(Debug, Clone, Copy, Default)]
struct Levels {
    part: Option<Rank>,
    l2: Option<Rank>,
    l3: Option<Rank>,
}

fn decide_levels(kinds: &[(Kind, usize)]) -> Levels {
    let mut count = [0usize; RANKS];
    // where each marker is first numbered 1
    let mut one = [usize::MAX; RANKS];
    let mut lone = 0;
    for (j, (k, _)) in kinds.iter().enumerate() {
        if let Some(r) = k.rank() {
            count[r as usize] += 1;
            if k.value() == 1 {
                one[r as usize] = one[r as usize].min(j);
            }
        }
        lone += usize::from(matches!(k, Kind::Lone(..)));
    }
    let used = |r: Rank| count[r as usize] >= 2;
    let lone_style = lone >= 2 || count[Rank::Lone as usize] >= 3;
    // the parts are the marker that opens the body: 第一篇 before the 第一章
    // it holds, 一、 before a 第一节 in a title line
    let part = [Rank::Pian, Rank::Bufen, Rank::Zhang, Rank::Jie]
        .into_iter()
        .filter(|r| used(*r))
        .chain([Rank::Dun])
        .filter(|r| one[*r as usize] < usize::MAX)
        .min_by_key(|r| one[*r as usize]);
    let minor = [Rank::ParenCn, Rank::Arabic, Rank::ParenAr];
    let l2 = match part {
        None => {
            if lone_style {
                Some(Rank::Lone)
            } else {
                minor.into_iter().find(|r| used(*r))
            }
        }
        Some(Rank::Dun) => {
            if lone_style {
                Some(Rank::Lone)
            } else {
                vote(kinds, Rank::Dun, &minor, &used)
            }
        }
        Some(p) => below(kinds, p, &used),
    };
    let l3 = match (part, l2) {
        (Some(p), Some(s)) if p.formal() => below(kinds, s, &used),
        _ => None,
    };
    Levels { part, l2, l3 }
}

/// The division below `upper`: the next formal marker in use (章 below 篇,
/// 节 below 章), else the form `upper`'s divisions open with.
fn below(kinds: &[(Kind, usize)], upper: Rank, used: &dyn Fn(Rank) -> bool) -> Option<Rank> {
    let formal = [Rank::Bufen, Rank::Zhang, Rank::Jie];
    if let Some(r) = formal.into_iter().find(|r| *r > upper && used(*r)) {
        return Some(r);
    }
    let cands: Vec<Rank> = [Rank::Dun, Rank::ParenCn, Rank::Arabic, Rank::ParenAr]
        .into_iter()
        .filter(|r| *r > upper)
        .collect();
    vote(kinds, upper, &cands, used)
}

/// The form most divisions of `anchor` open with (the first heading of a
/// candidate form after each `anchor` heading); ties go to the higher form.
fn vote(
    kinds: &[(Kind, usize)],
    anchor: Rank,
    cands: &[Rank],
    used: &dyn Fn(Rank) -> bool,
) -> Option<Rank> {
    let mut tally = [0usize; RANKS];
    let mut open = false;
    for (k, _) in kinds {
        let Some(r) = k.rank() else { continue };
        if r <= anchor {
            open = r == anchor;
        } else if open && cands.contains(&r) && used(r) {
            tally[r as usize] += 1;
            open = false;
        }
    }
    cands
        .iter()
        .copied()
        .filter(|r| tally[*r as usize] > 0)
        .min_by_key(|r| (std::cmp::Reverse(tally[*r as usize]), *r))
}

/// The open divisions of the part being read.
#[derive(Debug, Default)]
struct Open {
    /// Level-2 section (index in the part's sections).
    l2: Option<usize>,
    /// Level-3 section.
    l3: Option<usize>,
    /// Box, and the markers its items have used.
    boxed: Option<usize>,
    box_items: [bool; RANKS],
    /// Level-2 sections in this part, level-3 in the open level-2 one.
    l2_count: u32,
    l3_count: u32,
}

impl Open {
    /// Where a paragraph goes: the innermost open division.
    fn target(&self) -> Option<usize> {
        self.boxed.or(self.l3).or(self.l2)
    }
}

/// Parse the outline. Never fails.
pub fn parse(text: &str) -> Outline {
    let ls = lines(text);
    let kinds: Vec<(Kind, usize)> = ls.iter().map(|l| classify(&l.text)).collect();
    let mut o = Outline::default();

    let toc = find_toc(&ls, &kinds);
    let (toc_start, body) = toc.unwrap_or((ls.len(), 0));
    if let Some((s, e)) = toc {
        o.diagnostics.push(Diagnostic {
            level: Level::Info,
            code: "table-of-contents".into(),
            span: [ls[s].span[0], ls[e - 1].span[1]],
            message: format!(
                "a table of contents ({} lines) is left out of the outline: parts and sections come from the body",
                e - s
            ),
        });
    }
    let lv = decide_levels(&kinds[body..]);
    let is_part = |k: &Kind, one: bool| matches!(k, Kind::Head(r, n, ..) if Some(*r) == lv.part && (!one || *n == 1));

    let mut i = 0;
    // Front matter: title lines, adoption note, table of contents, preamble.
    let first_part = if lv.part.is_some() {
        (body..ls.len())
            .find(|j| is_part(&kinds[*j].0, true))
            .unwrap_or(ls.len())
    } else {
        (body..ls.len())
            .find(|j| {
                let k = &kinds[*j].0;
                let opens = match lv.l2 {
                    Some(Rank::Lone) => matches!(k, Kind::Lone(1, _)),
                    Some(r) => matches!(k, Kind::Head(x, 1, ..) if *x == r),
                    None => false,
                };
                opens || ls[*j].text.chars().count() > 200
            })
            .unwrap_or(ls.len())
    };
    while i < first_part && i < toc_start && i < 3 {
        let t = &ls[i].text;
        if kinds[i].0 == Kind::Debris {
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
        if (toc_start..body).contains(&i) {
            o.toc.push(ls[i].span);
        } else if kinds[i].0 == Kind::Debris {
            o.debris.push(ls[i].span);
        } else {
            o.front.push(ls[i].span);
        }
        i += 1;
    }

    let doc_end = ls.last().map(|l| l.span[1]).unwrap_or(0);
    let mut last_part_no = 0u32;
    // the last number of a part-like list that restarted from 一
    let mut relist = 0u32;
    let mut global2 = 0u32;
    let mut global3 = 0u32;
    let mut boxes = 0u32;
    let mut open = Open::default();
    // Pending glued numeral: (value, numeral, span).
    let mut pending: Option<(u32, String, Span)> = None;
    if lv.part.is_none() && i < ls.len() {
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
        let (kind, end) = &kinds[i];
        let end = *end;
        let cs: Vec<char> = l.text.chars().collect();
        match kind {
            Kind::Debris => {
                o.debris.push(l.span);
                i += 1;
                continue;
            }
            // a list numbered again from 一 (an annex of 民生实事 after the
            // last part) goes on with its own numbering: its 四、 is not part 四
            Kind::Head(r, n, ..)
                if Some(*r) == lv.part
                    && (*n == 1 || *n == relist + 1)
                    && (*n != last_part_no + 1 || l.text.ends_with('。'))
                    && last_part_no > 0 =>
            {
                relist = *n;
            }
            Kind::Head(r, n, num, at) if Some(*r) == lv.part && *n == last_part_no + 1 => {
                last_part_no = *n;
                let at = (*at).min(end);
                let title: String = cs[at..end].iter().collect::<String>().trim().to_string();
                let lead_ws = cs[at..end].iter().take_while(|c| c.is_whitespace()).count();
                let trail_ws = cs[at..end]
                    .iter()
                    .rev()
                    .take_while(|c| c.is_whitespace())
                    .count();
                let title_end = (l.span[0] + end - trail_ws).max(l.span[0] + at + lead_ws);
                o.parts.push(Part {
                    number: num.clone(),
                    title,
                    heading: l.span,
                    title_span: [l.span[0] + at + lead_ws, title_end],
                    lead: vec![],
                    sections: vec![],
                    span: l.span,
                    implicit: false,
                });
                pending = None;
                open = Open::default();
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
        let in_part = open.l2_count;
        let gs = global2;
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
                    level: 2,
                    parent: None,
                    boxed: false,
                });
                global2 = global2.max(n);
            }
        }
        // inside a box, numbered items of the minor forms are the box's own
        // (they restart, or their form was seen in it) unless they go on
        // with the sections' numbering
        let box_item = |r: Rank, n: u32, open: &Open| {
            let next = if Some(r) == lv.l3 {
                open.l3_count + 1
            } else {
                in_part + 1
            };
            open.boxed.is_some()
                && !r.formal()
                && r != Rank::Dun
                && r != Rank::Lone
                && (open.box_items[r as usize] || (n != next && !(Some(r) == lv.l2 && n == gs + 1)))
        };
        if new_section.is_none() {
            match kind.clone() {
                Kind::Lone(n, num) if lv.l2 == Some(Rank::Lone) => {
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
                    let heading_next = |k: &Kind| match k {
                        Kind::Head(r, ..) => matches!(r, Rank::Dun | Rank::Zhang | Rank::Bufen),
                        Kind::Lone(..) => true,
                        _ => false,
                    };
                    match next {
                        Some(nl) if !heading_next(&kinds[i + 1].0) => {
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
                                level: 2,
                                parent: None,
                                boxed: false,
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
                    global2 = global2.max(n);
                    if new_section.is_none() {
                        i += 1;
                        continue;
                    }
                }
                Kind::Glued(n, num)
                    if lv.l2 == Some(Rank::Lone)
                        && expected(n)
                        && ls.get(i + 1).is_some_and(|nl| looks_like_title(&nl.text)) =>
                {
                    let nl = num.chars().count();
                    let para = [l.span[0], l.span[1] - nl];
                    push_para(part, open.target(), para);
                    pending = Some((n, num, [l.span[1] - nl, l.span[1]]));
                    i += 1;
                    continue;
                }
                Kind::Head(r, n, num, at)
                    if (Some(r) == lv.l2 || (Some(r) == lv.l3 && open.l2.is_some()))
                        && !box_item(r, n, &open) =>
                {
                    let level3 = Some(r) == lv.l3;
                    let (ts, te, body) = split_title(&cs[..end.max(at).min(cs.len())], at);
                    let title: String = cs[ts..te].iter().collect::<String>().trim().to_string();
                    let mut paras = vec![];
                    if let Some(b) = body {
                        paras.push([l.span[0] + b, l.span[0] + end]);
                    }
                    let ok = if level3 {
                        n == open.l3_count + 1 || n == global3 + 1
                    } else {
                        expected(n)
                    };
                    if !ok {
                        o.diagnostics.push(Diagnostic {
                            level: Level::Warning,
                            code: "section-numbering".into(),
                            span: l.span,
                            message: format!("section {num} is out of sequence"),
                        });
                    }
                    if level3 {
                        global3 = global3.max(n);
                    } else {
                        global2 = global2.max(n);
                    }
                    let lead_ws = cs[ts..te].iter().take_while(|c| c.is_whitespace()).count();
                    let trail_ws = cs[ts..te]
                        .iter()
                        .rev()
                        .take_while(|c| c.is_whitespace())
                        .count();
                    new_section = Some(Section {
                        number: num,
                        title,
                        number_span: [l.span[0], l.span[0] + at],
                        title_span: [
                            l.span[0] + ts + lead_ws,
                            (l.span[0] + te - trail_ws).max(l.span[0] + ts + lead_ws),
                        ],
                        style: r.style(),
                        paras,
                        span: [l.span[0], l.span[0] + end.max(at)],
                        level: if level3 { 3 } else { 2 },
                        parent: if level3 { open.l2 } else { None },
                        boxed: false,
                    });
                }
                Kind::Head(r, n, ..) if box_item(r, n, &open) => {
                    open.box_items[r as usize] = true;
                }
                Kind::Box(num, at) => {
                    boxes += 1;
                    let number = num.unwrap_or_else(|| boxes.to_string());
                    let at = at.min(end);
                    let mut title: String =
                        cs[at..end].iter().collect::<String>().trim().to_string();
                    let mut title_span = [l.span[0] + at, l.span[0] + end];
                    let mut span = l.span;
                    // the title on the next line
                    if title.is_empty() {
                        if let Some(nl) = ls.get(i + 1) {
                            let short = nl.text.chars().count() <= 30;
                            if kinds[i + 1].0 == Kind::Text && short && looks_like_title(&nl.text) {
                                title = nl.text.clone();
                                title_span = nl.span;
                                span[1] = nl.span[1];
                                consumed = 2;
                            }
                        }
                    }
                    let parent = open.l3.or(open.l2);
                    let level = parent
                        .and_then(|p| part.sections.get(p))
                        .map(|p| p.level + 1)
                        .unwrap_or(2);
                    new_section = Some(Section {
                        number,
                        title,
                        number_span: [l.span[0], l.span[0] + at],
                        title_span,
                        style: SectionStyle::Box,
                        paras: vec![],
                        span,
                        level,
                        parent,
                        boxed: true,
                    });
                }
                _ => {}
            }
        }
        if let Some(s) = new_section {
            let idx = part.sections.len();
            if s.boxed {
                open.boxed = Some(idx);
                open.box_items = [false; RANKS];
            } else if s.level == 3 {
                open.l3 = Some(idx);
                open.l3_count += 1;
                open.boxed = None;
            } else {
                open.l2 = Some(idx);
                open.l3 = None;
                open.boxed = None;
                open.l2_count += 1;
                open.l3_count = 0;
            }
            part.span[1] = s.span[1];
            part.sections.push(s);
            i += consumed;
            continue;
        }
        push_para(part, open.target(), l.span);
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
    }
    // a division spans its subsections
    for part in &mut o.parts {
        for si in (0..part.sections.len()).rev() {
            if let Some(p) = part.sections[si].parent.filter(|p| *p < si) {
                let end = part.sections[si].span[1];
                let ps = &mut part.sections[p].span;
                ps[1] = ps[1].max(end);
            }
        }
    }
    if let Some(part) = o.parts.last_mut() {
        part.span[1] = part
            .sections
            .iter()
            .map(|s| s.span[1])
            .max()
            .or(part.lead.last().map(|p| p[1]))
            .unwrap_or(part.heading[1]);
    }
    o
}

fn push_para(part: &mut Part, target: Option<usize>, span: Span) {
    match target.and_then(|t| part.sections.get_mut(t)) {
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

    #[test]
    fn page_numbers_leave_titles() {
        let end = |t: &str| {
            let cs: Vec<char> = t.chars().collect();
            cs[..content_end(&cs)].iter().collect::<String>()
        };
        assert_eq!(end("第一章　总体要求……3"), "第一章　总体要求");
        assert_eq!(end("一、发展基础　12"), "一、发展基础");
        assert_eq!(end("前言………"), "前言");
        assert_eq!(end("第二节 主要目标 ... 45"), "第二节 主要目标");
        // figures in a title stay
        assert_eq!(end("展望2035"), "展望2035");
        assert_eq!(end("2.5"), "2.5");
        assert_eq!(end("（三）到2030年"), "（三）到2030年");
    }

    #[test]
    fn a_renumbered_annex_is_not_parts() {
        let t = "某省政府工作报告\n一、回顾\n（一）稳增长。全年增长5%。\n（二）促改革。深化改革。\n二、任务\n（一）扩内需。提振消费。\n（二）强产业。做强制造。\n附件：民生实事\n一、提高低保标准。\n二、建设养老床位。\n三、新建幼儿园。\n四、改造老旧小区。\n";
        let o = parse(t);
        assert_eq!(o.parts.len(), 2);
        let last = o.parts[1].sections.last().unwrap();
        assert_eq!(last.title, "强产业");
        assert_eq!(last.paras.len(), 6);
    }

    #[test]
    fn levels_follow_the_document() {
        // 第一章 over 一、 over （一）
        let t = "方案\n第一章 总体要求\n一、目标\n推进建设。\n第二章 任务\n一、产业\n（一）制造。推进制造。\n（二）服务。发展服务。\n二、城市\n（一）交通。建设交通。\n";
        let o = parse(t);
        assert_eq!(o.parts.len(), 2);
        let p = &o.parts[1];
        let got: Vec<(u8, String)> = (0..p.sections.len())
            .map(|si| (p.sections[si].level, p.path(si)))
            .collect();
        assert_eq!(
            got,
            [
                (2, "二.一".to_string()),
                (3, "二.一.一".to_string()),
                (3, "二.一.二".to_string()),
                (2, "二.二".to_string()),
                (3, "二.二.一".to_string())
            ]
        );
        // 一、 over （一） in a 建议: no level 3
        let t = "建议\n一、总体\n（一）目标。推进。\n1.建设。\n2.发展。\n（二）任务。推进。\n二、产业\n（三）制造。推进。\n";
        let o = parse(t);
        assert!(o.sections().all(|(_, s)| s.level == 2));
        assert_eq!(o.sections().count(), 3);
        assert_eq!(o.parts[0].sections[0].paras.len(), 3);
    }
}
