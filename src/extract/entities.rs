//! Named entities (strategy, platform, project, program, industry, organization).
//!
//! Rule-based and general: nothing here (or in `assets/lexicon/entities.toml`)
//! is specific to one plan. Candidates come from
//!
//! 1. a domain lexicon of industries, national strategies, party/state bodies
//!    and national programmes common to Chinese plans;
//! 2. kind suffixes (…战略, …试验区, …研究院, …铁路, …计划, …大学 …): the text
//!    left of the suffix is walked back to the clause boundary and trimmed at
//!    the rightmost clause verb / function word (推进, 加快, 建设, 的, 等 …), then
//!    leading modifiers (高水平, 积极 …) are stripped;
//! 3. quoted names (“最多跑一次”改革, 数字经济“一号工程”, “尖峰”“尖兵”计划);
//! 4. list patterns `A、B、C等…HEAD` (等新兴产业, 等创新载体, 等城际项目);
//! 5. fixed formulas (party congresses and plenums, 中共X市委, 平安/法治/清廉 + place);
//! 6. China's standard Party and state organs and people's organisations
//!    (`assets/lexicon/institutions.toml`), with the level the text writes
//!    before them (市人大, 省政协);
//! 7. a quoted name before a head word that names a scheme only after one
//!    (“…”制度, “…”…体系, “…”…模式), and quoted names standing alone after
//!    an implementing verb (推进“…”“…”).
//!
//! Stop-lists drop generic carrier types, honorary titles, spirits and goal
//! descriptors. Mentions are every standalone occurrence of the label or an
//! alias, excluding those nested inside a longer entity.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use regex::Regex;
use serde::Deserialize;

use super::EntityHit;
use crate::model::{NodeKind, Span};

const LEXICON_TOML: &str = include_str!("../../assets/lexicon/entities.toml");
const INSTITUTIONS_TOML: &str = include_str!("../../assets/lexicon/institutions.toml");

/// Longest name considered (chars).
const MAX_NAME: usize = 32;
/// How far left of a suffix the clause walk goes (chars).
const MAX_WALK: usize = 40;

#[derive(Debug, Default, Deserialize)]
struct KindLists {
    #[serde(default)]
    strategy: Vec<String>,
    #[serde(default)]
    platform: Vec<String>,
    #[serde(default)]
    project: Vec<String>,
    #[serde(default)]
    program: Vec<String>,
    #[serde(default)]
    industry: Vec<String>,
    #[serde(default)]
    organization: Vec<String>,
}

impl KindLists {
    fn iter(&self) -> impl Iterator<Item = (NodeKind, &String)> {
        self.strategy
            .iter()
            .map(|s| (NodeKind::Strategy, s))
            .chain(self.platform.iter().map(|s| (NodeKind::Platform, s)))
            .chain(self.project.iter().map(|s| (NodeKind::Project, s)))
            .chain(self.program.iter().map(|s| (NodeKind::Program, s)))
            .chain(self.industry.iter().map(|s| (NodeKind::Industry, s)))
            .chain(
                self.organization
                    .iter()
                    .map(|s| (NodeKind::Organization, s)),
            )
    }
}

#[derive(Debug, Deserialize)]
struct Brands {
    not_places: Vec<String>,
    prefixes: Vec<String>,
    extra_places: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct Trim {
    cut: Vec<String>,
    lead: Vec<String>,
    lead_np: Vec<String>,
    nocut: Vec<String>,
    function: Vec<String>,
    conj: Vec<String>,
    strategy_cut: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct Stop {
    exact: Vec<String>,
    contains: Vec<String>,
    bad_start: Vec<String>,
    /// Quantifiers that make what follows a category, not a name.
    category_before: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct Lists {
    #[serde(flatten)]
    heads: KindLists,
    reject: Vec<String>,
    weak_heads: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct Hints {
    infra: Vec<String>,
    facility_center: Vec<String>,
    numerals: String,
    develop_verbs: Vec<String>,
    economy_stop: Vec<String>,
    industry_next: String,
}

#[derive(Debug, Deserialize)]
struct Reform {
    markers: Vec<String>,
    reject: Vec<String>,
    #[serde(default)]
    long_reject: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct QuotedProgram {
    verbs: Vec<String>,
    /// Verbs after which a quoted coined name of a place-like scheme
    /// (创建“…区”, 打造“…城市”) is a programme.
    #[serde(default)]
    coined_verbs: Vec<String>,
    #[serde(default)]
    coined_heads: Vec<String>,
    /// Counted bundles of facilities (“五馆一院”): the facility words.
    #[serde(default)]
    bundle_items: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct QuotedHead {
    heads: Vec<String>,
    adjacent: Vec<String>,
    descriptive: Vec<String>,
    gap: usize,
}

#[derive(Debug, Deserialize)]
struct LexFile {
    quoted_head: QuotedHead,
    alias: HashMap<String, String>,
    reform: Reform,
    quoted_program: QuotedProgram,
    lexicon: KindLists,
    brands: Brands,
    suffix: KindLists,
    suffix_next: HashMap<String, Vec<String>>,
    suffix_prev: HashMap<String, Vec<String>>,
    trim: Trim,
    stop: Stop,
    lists: Lists,
    hints: Hints,
}

#[derive(Debug, Deserialize)]
struct Institutions {
    names: Vec<String>,
    levels: Vec<String>,
    level_not_after: String,
    not_after: HashMap<String, Vec<String>>,
    not_before: HashMap<String, Vec<String>>,
}

#[derive(Debug, Deserialize)]
struct InstitutionsFile {
    institutions: Institutions,
}

struct Lex {
    f: LexFile,
    inst: Institutions,
    inst_ac: AhoCorasick,
    lex_ac: AhoCorasick,
    lex_items: Vec<(NodeKind, String)>,
    lex_kind: HashMap<String, NodeKind>,
    suf_ac: AhoCorasick,
    suf_items: Vec<(NodeKind, String)>,
    stop_exact: HashSet<String>,
    /// `stop.contains` as one automaton.
    stop_contains: AhoCorasick,
    re_plenum: Regex,
    re_congress: Regex,
    re_prov_plenum: Regex,
    re_local_session: Regex,
    re_cpc_committee: Regex,
    re_central: Regex,
    re_place: Regex,
    re_economy: Regex,
}

/// The lexicon without some of its names, once set (see [`drop_lexicon_names`]).
static REDUCED: OnceLock<Lex> = OnceLock::new();

fn lex() -> &'static Lex {
    static LEX: OnceLock<Lex> = OnceLock::new();
    REDUCED
        .get()
        .unwrap_or_else(|| LEX.get_or_init(|| build_lex(&|_| false)))
}

/// For measurement (`planmap eval --without-gold-lexicon`): from now on this
/// process extracts entities without the lexicon names (domain lexicon and
/// institutions) for which `drop` is true, as for a plan the lexicon was not
/// written beside. Only the first call takes effect; returns how many names
/// are left out.
pub fn drop_lexicon_names(drop: &dyn Fn(&str) -> bool) -> usize {
    let full = build_lex(&|_| false);
    let reduced = REDUCED.get_or_init(|| build_lex(drop));
    full.lex_items.len() + full.inst.names.len()
        - reduced.lex_items.len()
        - reduced.inst.names.len()
}

fn build_lex(drop: &dyn Fn(&str) -> bool) -> Lex {
    {
        let mut f: LexFile =
            toml::from_str(LEXICON_TOML).expect("assets/lexicon/entities.toml is valid");
        let mut inst = toml::from_str::<InstitutionsFile>(INSTITUTIONS_TOML)
            .expect("assets/lexicon/institutions.toml is valid")
            .institutions;
        let l = &mut f.lexicon;
        for v in [
            &mut l.strategy,
            &mut l.platform,
            &mut l.project,
            &mut l.program,
            &mut l.industry,
            &mut l.organization,
            &mut inst.names,
        ] {
            v.retain(|n| !drop(n));
        }
        let inst_ac = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .kind(Some(AhoCorasickKind::ContiguousNFA))
            .build(&inst.names)
            .expect("institution automaton");
        let lex_items: Vec<(NodeKind, String)> =
            f.lexicon.iter().map(|(k, s)| (k, s.clone())).collect();
        let lex_ac = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .kind(Some(AhoCorasickKind::ContiguousNFA))
            .build(lex_items.iter().map(|(_, s)| s.as_str()))
            .expect("lexicon automaton");
        let lex_kind = lex_items.iter().map(|(k, s)| (unquote(s), *k)).collect();
        let suf_items: Vec<(NodeKind, String)> =
            f.suffix.iter().map(|(k, s)| (k, s.clone())).collect();
        let suf_ac = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .kind(Some(AhoCorasickKind::ContiguousNFA))
            .build(suf_items.iter().map(|(_, s)| s.as_str()))
            .expect("suffix automaton");
        let stop_exact = f.stop.exact.iter().cloned().collect();
        let stop_contains = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .kind(Some(AhoCorasickKind::ContiguousNFA))
            .build(&f.stop.contains)
            .expect("stop automaton");
        let n = "[一二三四五六七八九十]";
        Lex {
            re_plenum: Regex::new(&format!(
                r"(?:党的)?(?:二?十{n}?|{n})届{n}中(?:、{n}中)*全会"
            ))
            .unwrap(),
            re_congress: Regex::new(&format!(r"党的(?:二?十{n}?|{n})大")).unwrap(),
            re_prov_plenum: Regex::new(&format!(
                r"(?:省委|市委|县委|区委)(?:二?十{n}?|{n})届{n}+次全(?:会|体会议)"
            ))
            .unwrap(),
            re_local_session: Regex::new(&format!(
                r"中国共产党\p{{Han}}{{2,8}}?第{n}+届委员会第{n}+次全体会议"
            ))
            .unwrap(),
            re_cpc_committee: Regex::new(r"中共(\p{Han}{2,4}?)(市委|省委|县委|区委)").unwrap(),
            re_central: Regex::new(r"中央(?:和|、|及|决策|部署|精神|赋予|要求|关于)").unwrap(),
            re_place: Regex::new(r"(\p{Han}{2})(?:市|省)").unwrap(),
            re_economy: Regex::new(&format!(
                r"(?:{})(\p{{Han}}{{2,6}}?)经济",
                f.hints.develop_verbs.join("|")
            ))
            .unwrap(),
            f,
            inst,
            inst_ac,
            lex_ac,
            lex_items,
            lex_kind,
            suf_ac,
            suf_items,
            stop_exact,
            stop_contains,
        }
    }
}

fn doc_places(text: &str) -> HashSet<String> {
    let lx = lex();
    let mut places: HashSet<String> = lx.f.brands.extra_places.iter().cloned().collect();
    for m in lx.re_place.captures_iter(text) {
        let after = text[m.get(0).map(|x| x.end()).unwrap_or(0)..]
            .chars()
            .next();
        if matches!(after, Some('场' | '民' | '值' | '份' | '域')) {
            continue;
        }
        let verb =
            lx.f.trim
                .cut
                .iter()
                .chain(&lx.f.trim.lead)
                .any(|w| w == &m[1]);
        if !verb && !lx.f.brands.not_places.iter().any(|w| w == &m[1]) {
            places.insert(m[1].to_string());
        }
    }
    places
}

/// Where a candidate came from; a lower value wins a label's kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Src {
    Lexicon,
    Pattern,
    Suffix,
    List,
}

#[derive(Debug, Clone)]
struct Cand {
    kind: NodeKind,
    label: String,
    src: Src,
    aliases: Vec<String>,
}

fn unquote(s: &str) -> String {
    s.chars()
        .filter(|c| !matches!(c, '“' | '”' | '"'))
        .collect()
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
}

fn is_name_char(c: char) -> bool {
    is_cjk(c) || c.is_ascii_alphanumeric() || matches!(c, '·' | '+' | '—' | '-' | '－' | '_' | '〇')
}

fn is_numeral(c: char) -> bool {
    lex().f.hints.numerals.contains(c)
}

fn s(chars: &[char]) -> String {
    chars.iter().collect()
}

fn starts_at(chars: &[char], i: usize, w: &[char]) -> bool {
    // compared char by char: most words differ at the first one
    i + w.len() <= chars.len() && w.iter().zip(&chars[i..]).all(|(a, b)| a == b)
}

fn ends_at(chars: &[char], end: usize, w: &[char]) -> bool {
    end >= w.len() && chars[end - w.len()..end] == *w
}

/// Characters plus a mask of positions strictly inside a lexicon term (no cut there).
struct Ctx {
    chars: Vec<char>,
    inlex: Vec<bool>,
}

/// Text with byte → char index map.
struct Doc {
    chars: Vec<char>,
    /// byte offset → char index (only valid at char boundaries).
    b2c: Vec<usize>,
}

impl Doc {
    fn new(text: &str) -> Doc {
        let chars: Vec<char> = text.chars().collect();
        let mut b2c = vec![0usize; text.len() + 1];
        let mut ci = 0;
        for (bi, ch) in text.char_indices() {
            for k in 0..ch.len_utf8() {
                b2c[bi + k] = ci;
            }
            ci += 1;
        }
        b2c[text.len()] = ci;
        Doc { chars, b2c }
    }
}

/// Find the matching opening bracket/quote for a closer at `close` (exclusive scan left).
fn match_left(
    chars: &[char],
    close: usize,
    open: &[char],
    closer: &[char],
    limit: usize,
) -> Option<usize> {
    let lo = close.saturating_sub(limit);
    let mut depth = 0usize;
    let mut j = close;
    while j > lo {
        j -= 1;
        let c = chars[j];
        if closer.contains(&c) {
            depth += 1;
        } else if open.contains(&c) {
            if depth == 0 {
                return Some(j);
            }
            depth -= 1;
        } else if matches!(c, '\n' | '。' | ';' | '\u{FF1B}') {
            return None;
        }
    }
    None
}

fn match_right(chars: &[char], open: usize, closer: &[char], limit: usize) -> Option<usize> {
    let hi = (open + 1 + limit).min(chars.len());
    (open + 1..hi)
        .take_while(|&j| !matches!(chars[j], '\n' | '。' | ';' | '\u{FF1B}'))
        .find(|&j| closer.contains(&chars[j]))
}

/// Walk left from `pos` over name characters, quoted segments and brackets, up to a clause boundary.
fn walk_left(chars: &[char], pos: usize) -> usize {
    let mut i = pos;
    while i > 0 && pos - i < MAX_WALK {
        let c = chars[i - 1];
        if c == '”' {
            match match_left(chars, i - 1, &['“'], &['”'], 40) {
                Some(j) => i = j,
                None => break,
            }
        } else if c == ')' || c == '\u{FF09}' {
            match match_left(chars, i - 1, &['(', '\u{FF08}'], &[')', '\u{FF09}'], 16) {
                Some(j) => i = j,
                None => break,
            }
        } else if c == '—' && i >= 2 && chars[i - 2] == '—' {
            break;
        } else if is_name_char(c) {
            i -= 1;
        } else {
            break;
        }
    }
    i
}

/// Positions of `[start, end)` that lie inside a quote or bracket (so no cut happens there).
fn protected(chars: &[char], start: usize, end: usize) -> Vec<bool> {
    let mut p = vec![false; end - start];
    let mut depth_q = 0i32;
    let mut depth_b = 0i32;
    for i in start..end {
        let c = chars[i];
        match c {
            '“' => depth_q += 1,
            '(' | '\u{FF08}' => depth_b += 1,
            _ => {}
        }
        p[i - start] = depth_q > 0 || depth_b > 0;
        match c {
            '”' => depth_q = (depth_q - 1).max(0),
            ')' | '\u{FF09}' => depth_b = (depth_b - 1).max(0),
            _ => {}
        }
    }
    p
}

fn chars_of(v: &[String]) -> Vec<Vec<char>> {
    v.iter().map(|w| w.chars().collect()).collect()
}

/// The trim word lists as characters, made once (trim runs for every candidate).
struct TrimWords {
    strategy_cut: Vec<Vec<char>>,
    cuts: Vec<Vec<char>>,
    /// First characters of `strategy_cut` and `cuts` (sorted), so positions
    /// where no word starts are skipped; `None` when a list has an empty word.
    strategy_cut_firsts: Option<Vec<char>>,
    cuts_firsts: Option<Vec<char>>,
    conj: Vec<Vec<char>>,
    leads_program: Vec<Vec<char>>,
    leads_other: Vec<Vec<char>>,
    /// Programme suffixes: a programme name ending right before 和 is a whole
    /// name, so 和 there joins two names.
    program_heads: Vec<Vec<char>>,
    /// Organisation suffixes: 和 after one also joins two names.
    org_heads: Vec<Vec<char>>,
}

/// Build the lexicon's automata and word lists now (see [`super::warm_up`]).
pub(crate) fn warm_up() {
    trim_words();
}

fn trim_words() -> &'static TrimWords {
    static W: OnceLock<TrimWords> = OnceLock::new();
    W.get_or_init(|| {
        let t = &lex().f.trim;
        let mut cuts = chars_of(&t.cut);
        cuts.extend(chars_of(&t.function));
        let mut leads_program = chars_of(&t.lead);
        leads_program.extend(chars_of(&t.cut));
        let mut leads_other = leads_program.clone();
        leads_other.extend(chars_of(&t.lead_np));
        let firsts = |ws: &[Vec<char>]| -> Option<Vec<char>> {
            let mut v = ws
                .iter()
                .map(|w| w.first().copied())
                .collect::<Option<Vec<char>>>()?;
            v.sort_unstable();
            v.dedup();
            Some(v)
        };
        let strategy_cut = chars_of(&t.strategy_cut);
        TrimWords {
            strategy_cut_firsts: firsts(&strategy_cut),
            cuts_firsts: firsts(&cuts),
            strategy_cut,
            cuts,
            conj: chars_of(&t.conj),
            program_heads: chars_of(&lex().f.suffix.program),
            org_heads: chars_of(&lex().f.suffix.organization),
            leads_program,
            leads_other,
        }
    })
}

/// Trim a candidate `[start, end)` whose kind word starts at `core_end`: cut at the rightmost
/// clause word that leaves at least `min_core` characters, then strip leading modifiers.
fn trim(
    cx: &Ctx,
    start: usize,
    core_end: usize,
    end: usize,
    kind: NodeKind,
    min_core: usize,
) -> Option<usize> {
    let tw = trim_words();
    let chars = &cx.chars[..];
    let inlex = |p: usize| cx.inlex.get(p).copied().unwrap_or(false);
    let prot = protected(chars, start, end);
    let (cuts, cut_firsts) = if kind == NodeKind::Strategy {
        (&tw.strategy_cut, &tw.strategy_cut_firsts)
    } else {
        (&tw.cuts, &tw.cuts_firsts)
    };
    let conj = &tw.conj;
    let mut best = start;
    let mut dangling = false;
    for i in start..core_end {
        if prot[i - start] || inlex(i) {
            continue;
        }
        let mut try_cut = |w_end: usize| {
            if w_end <= core_end && inlex(w_end) {
                return;
            }
            // a programme may be named for what it builds (…体系建设试点)
            if kind == NodeKind::Program
                && min_core > 0
                && w_end == core_end
                && ends_at(chars, w_end, &['建', '设'])
            {
                return;
            }
            // 美丽X建设三年行动计划: what is left after 建设 only dates the programme
            if kind == NodeKind::Program && min_core > 0 && period_only(&chars[w_end..core_end]) {
                return;
            }
            if w_end <= core_end && core_end - w_end < min_core && w_end > start {
                // a clause word right before the kind word: the kind word is a bare noun
                dangling = true;
            }
            if w_end <= core_end
                && core_end - w_end >= min_core
                && w_end > best
                && !prot
                    .get(w_end.saturating_sub(start + 1))
                    .copied()
                    .unwrap_or(false)
            {
                best = w_end;
            }
        };
        let may_cut = match cut_firsts {
            Some(f) => f.binary_search(&chars[i]).is_ok(),
            None => true,
        };
        if may_cut {
            for w in cuts {
                if starts_at(chars, i, w) {
                    try_cut(i + w.len());
                }
            }
        }
        if kind != NodeKind::Strategy {
            for w in conj {
                if starts_at(chars, i, w) {
                    let next_quote = chars.get(i + w.len()) == Some(&'“');
                    let prev_quote = i > 0 && chars[i - 1] == '”';
                    let prev_name = tw.program_heads.iter().any(|h| ends_at(chars, i, h))
                        || tw.org_heads.iter().any(|h| ends_at(chars, i, h));
                    if kind != NodeKind::Program || next_quote || prev_quote || prev_name {
                        try_cut(i + w.len());
                    }
                }
            }
        }
    }
    if dangling && min_core > 0 {
        return None;
    }
    // Strip leading modifiers repeatedly.
    let leads = match kind {
        NodeKind::Strategy => &tw.strategy_cut,
        NodeKind::Program => &tw.leads_program,
        _ => &tw.leads_other,
    };
    let mut st = best;
    loop {
        let mut moved = false;
        for w in leads {
            if starts_at(chars, st, w)
                && st + w.len() <= core_end
                && core_end - (st + w.len()) >= min_core
                && !inlex(st + w.len())
            {
                st += w.len();
                moved = true;
                break;
            }
        }
        if !moved {
            break;
        }
    }
    // a name of a place-like kind does not open with a verb it could not shed (优化京港)
    if !matches!(kind, NodeKind::Program | NodeKind::Strategy)
        && min_core > 0
        && leads
            .iter()
            .any(|w| starts_at(chars, st, w) && !inlex(st + w.len()))
    {
        return None;
    }
    // A quoted nickname followed by its type word (“五纵五横”国省道网, “揭榜挂帅”机制):
    // the name starts at the quote.
    if let Some(q) = (st..core_end).find(|&i| chars[i] == '“') {
        if q > st {
            if let Some(qe) = match_right(chars, q, &['”'], 40).filter(|&qe| qe > q + 1) {
                let numbered = chars[q + 1..qe].first().is_some_and(|c| is_numeral(*c));
                let _ = numbered;
                if qe + 1 < end && kind != NodeKind::Program {
                    st = q;
                }
            }
        }
    }
    Some(st)
}

/// Whether a programme's core is only a period or round (三年行动, 2026年,
/// 新一轮, 第六轮三年行动): a word that cuts there is part of the name.
fn period_only(core: &[char]) -> bool {
    let mut c = core;
    for tail in [
        &['行', '动'][..],
        &['专', '项', '行', '动'][..],
        &['攻', '坚'][..],
    ] {
        if c.ends_with(tail) {
            c = &c[..c.len() - tail.len()];
            break;
        }
    }
    !c.is_empty()
        && c.iter().any(|&x| x == '年' || x == '轮')
        && c.iter()
            .all(|&x| x.is_ascii_digit() || is_numeral(x) || "年轮第新度〇零".contains(x))
}

/// Is `name` acceptable as an entity of `kind`?
fn valid(name: &str, kind: NodeKind) -> bool {
    let lx = lex();
    let n = name.chars().count();
    if !(2..=MAX_NAME).contains(&n) {
        return false;
    }
    let bare = unquote(name);
    if bare.chars().count() < 2 || lx.stop_exact.contains(name) || lx.stop_exact.contains(&bare) {
        return false;
    }
    // contains-checks only on the part outside quotes
    let mut outside = String::new();
    let mut depth = 0;
    for c in name.chars() {
        match c {
            '“' => depth += 1,
            '”' => depth = (depth - 1).max(0),
            _ if depth == 0 => outside.push(c),
            _ => {}
        }
    }
    // an institute or memorial of a spirit (…精神研究院) is an organisation, not a spirit
    if ["研究院", "研究会", "纪念馆", "学院"]
        .iter()
        .any(|h| name.ends_with(h))
    {
        outside = outside.replace("精神", "").replace("思想", "");
    }
    if lx.stop_contains.is_match(&outside) {
        return false;
    }
    // a national or provincial pilot keeps its level (全国…建设试点)
    let leveled_pilot = kind == NodeKind::Program
        && name.ends_with("试点")
        && ["全国", "省级"].iter().any(|w| name.starts_with(w));
    if !leveled_pilot
        && lx
            .f
            .stop
            .bad_start
            .iter()
            .any(|w| name.starts_with(w.as_str()))
    {
        return false;
    }
    let first = name.chars().next().unwrap_or(' ');
    if first.is_ascii_digit() && kind != NodeKind::Industry {
        return false;
    }
    if name.contains('、') && !name.contains('“') && kind != NodeKind::Organization {
        return false;
    }
    // unbalanced quotes / brackets
    let cnt = |c: char| name.chars().filter(|x| *x == c).count();
    if cnt('“') != cnt('”') || cnt('(') + cnt('\u{FF08}') != cnt(')') + cnt('\u{FF09}') {
        return false;
    }
    true
}

/// Decide the kind of a …工程 / …中心 name.
fn refine_kind(name: &str, kind: NodeKind, suffix: &str) -> NodeKind {
    let lx = lex();
    if suffix == "研究院" && (name.contains("精神") || name.contains("思想")) {
        return NodeKind::Organization;
    }
    if suffix == "工程" {
        if lx.f.hints.infra.iter().any(|w| name.contains(w.as_str())) {
            return NodeKind::Project;
        }
        return NodeKind::Program;
    }
    if suffix == "中心"
        && lx
            .f
            .hints
            .facility_center
            .iter()
            .any(|w| name.contains(w.as_str()))
    {
        return NodeKind::Project;
    }
    kind
}

struct Found {
    cands: Vec<Cand>,
    /// `valid` answers, by kind and name: a long text names the same things
    /// again and again.
    checked: HashMap<String, Vec<(NodeKind, bool)>>,
}

impl Found {
    fn add(&mut self, kind: NodeKind, label: String, src: Src) {
        let known = self
            .checked
            .get(label.as_str())
            .and_then(|ks| ks.iter().find(|(k, _)| *k == kind))
            .map(|(_, ok)| *ok);
        let ok = match known {
            Some(ok) => ok,
            None => {
                let ok = valid(&label, kind);
                self.checked
                    .entry(label.clone())
                    .or_default()
                    .push((kind, ok));
                ok
            }
        };
        if ok {
            self.cands.push(Cand {
                kind,
                label,
                src,
                aliases: Vec::new(),
            });
        }
    }
}

/// Extract named entities from canonical (restored) text.
pub fn extract_entities(text: &str) -> Vec<EntityHit> {
    if text.is_empty() {
        return Vec::new();
    }
    let lx = lex();
    let doc = Doc::new(text);
    // lexicon terms in the text: (term, char start, char end), found once
    let lex_matches: Vec<(usize, usize, usize)> = lx
        .lex_ac
        .find_iter(text)
        .map(|m| (m.pattern().as_usize(), doc.b2c[m.start()], doc.b2c[m.end()]))
        .collect();
    let mut inlex = vec![false; doc.chars.len() + 1];
    for &(_, s0, e0) in &lex_matches {
        for x in inlex.iter_mut().take(e0).skip(s0 + 1) {
            *x = true;
        }
    }
    // no cut inside function-word compounds (面向, 自由 …)
    static NOCUT: OnceLock<Option<AhoCorasick>> = OnceLock::new();
    if let Some(nc) = NOCUT.get_or_init(|| {
        AhoCorasick::builder()
            .kind(Some(AhoCorasickKind::DFA))
            .build(&lx.f.trim.nocut)
            .ok()
    }) {
        for m in nc.find_iter(text) {
            let (s0, e0) = (doc.b2c[m.start()], doc.b2c[m.end()]);
            for x in inlex.iter_mut().take(e0).skip(s0 + 1) {
                *x = true;
            }
        }
    }
    let cx = Ctx {
        chars: doc.chars.clone(),
        inlex,
    };
    let mut found = Found {
        cands: Vec::new(),
        checked: HashMap::new(),
    };

    lexicon_hits(&lex_matches, &doc, &mut found);
    institution_hits(text, &doc, &mut found);
    suffix_hits(text, &doc, &cx, &mut found);
    list_hits(&cx, &mut found);
    quoted_head_hits(&doc, &mut found);
    let places = doc_places(text);
    pattern_hits(text, &doc, &places, &mut found);

    // ---- choose one kind per label
    let mut by_label: BTreeMap<String, Cand> = BTreeMap::new();
    for c in found.cands {
        match by_label.get_mut(&c.label) {
            Some(prev) => {
                if c.src < prev.src {
                    let mut aliases = std::mem::take(&mut prev.aliases);
                    aliases.extend(c.aliases.iter().cloned());
                    *prev = Cand { aliases, ..c };
                } else {
                    prev.aliases.extend(c.aliases.iter().cloned());
                }
            }
            None => {
                by_label.insert(c.label.clone(), c);
            }
        }
    }
    // A label that is a lexicon term of another kind keeps the lexicon's kind.
    for c in by_label.values_mut() {
        if let Some(k) = lx.lex_kind.get(&unquote(&c.label)) {
            c.kind = *k;
        }
    }

    // ---- merge obvious aliases: “X” vs X; P+X vs X (P = 国家/中国/省/市/a place of the text)
    let mut prefixes: Vec<String> = vec!["国家".into(), "中国".into(), "省".into(), "市".into()];
    prefixes.extend(places.iter().cloned());
    // by_label iterates in sorted order; each label's facts are worked out once
    let labels: Vec<&String> = by_label.keys().collect();
    let facts: Vec<(NodeKind, String, usize)> = by_label
        .values()
        .map(|c| (c.kind, unquote(&c.label), c.label.chars().count()))
        .collect();
    // A label can only merge into a label that ends with it or has the same
    // unquoted text: index every label by its suffixes and its unquoted text,
    // so a list of thousands of names is not compared pair by pair.
    let mut partners: HashMap<&str, Vec<usize>> = HashMap::new();
    for (li, long) in labels.iter().enumerate() {
        for (b, _) in long.char_indices() {
            partners.entry(&long[b..]).or_default().push(li);
        }
        if facts[li].1 != **long {
            partners.entry(facts[li].1.as_str()).or_default().push(li);
        }
    }
    let mut merged = vec![false; labels.len()];
    let mut merged_into: BTreeMap<String, String> = BTreeMap::new();
    for (si, short) in labels.iter().enumerate() {
        let (sk, ref s_bare, s_len) = facts[si];
        let s_quoted = short.starts_with('“');
        let s_tail_kind = matches!(sk, NodeKind::Platform | NodeKind::Project);
        let mut cands: Vec<usize> = partners
            .get(short.as_str())
            .into_iter()
            .chain(partners.get(s_bare.as_str()))
            .flatten()
            .copied()
            .collect();
        // the first fitting label in sorted order wins, as in a full scan
        cands.sort_unstable();
        cands.dedup();
        for li in cands {
            let long = labels[li];
            if li == si || merged[li] {
                continue;
            }
            let (lk, ref l_bare, l_len) = facts[li];
            if lk != sk {
                continue;
            }
            let same_quoted = l_len > s_len && l_bare == s_bare;
            let ends = long.len() > short.len() && long.ends_with(short.as_str());
            let prefixed = ends
                && s_len >= 4
                && prefixes
                    .iter()
                    .any(|p| long.len() == p.len() + short.len() && long.starts_with(p.as_str()));
            let tail = ends && s_tail_kind && s_len >= 4 && l_len >= s_len + 2 && !s_quoted;
            if same_quoted || prefixed || tail {
                merged_into.insert((*short).clone(), (*long).clone());
                merged[si] = true;
                break;
            }
        }
    }
    for (short, long) in &lx.f.alias {
        if by_label.contains_key(short) && by_label.contains_key(long) {
            merged_into.insert(short.clone(), long.clone());
        }
    }
    // a name found on its own that a longer name gives as its short form (市委 of 中共X市委)
    for (label, c) in &by_label {
        for a in &c.aliases {
            if a != label && by_label.get(a).is_some_and(|o| o.kind == c.kind) {
                merged_into.insert(a.clone(), label.clone());
            }
        }
    }
    // follow chains (A → B → C) to their end so the merge order does not matter
    let finals: Vec<(String, String)> = merged_into
        .keys()
        .map(|short| {
            let mut end = &merged_into[short];
            let mut hops = 0;
            while let Some(next) = merged_into.get(end) {
                if hops > merged_into.len() || next == short {
                    break;
                }
                end = next;
                hops += 1;
            }
            (short.clone(), end.clone())
        })
        .collect();
    for (short, long) in &finals {
        if short == long {
            continue;
        }
        if let Some(c) = by_label.remove(short) {
            if let Some(target) = by_label.get_mut(long) {
                target.aliases.push(short.clone());
                target.aliases.extend(c.aliases);
            } else {
                by_label.insert(short.clone(), c);
            }
        }
    }

    let mut ents: Vec<Cand> = by_label.into_values().collect();
    ents.sort_by(|a, b| a.label.cmp(&b.label));
    for e in &mut ents {
        e.aliases.retain(|a| a != &e.label);
        e.aliases.sort();
        e.aliases.dedup();
    }

    // ---- mentions
    let names: Vec<(usize, String)> = ents
        .iter()
        .enumerate()
        .flat_map(|(i, e)| {
            std::iter::once((i, e.label.clone()))
                .chain(e.aliases.iter().map(move |a| (i, a.clone())))
        })
        .collect();
    let ac = match AhoCorasick::builder()
        .match_kind(MatchKind::Standard)
        .build(names.iter().map(|(_, n)| n.as_str()))
    {
        Ok(ac) => ac,
        Err(_) => return Vec::new(),
    };
    let mut occ: Vec<(usize, usize, usize)> = Vec::new(); // (start, end, entity)
    for m in ac.find_overlapping_iter(text) {
        let (ei, _) = &names[m.pattern().as_usize()];
        occ.push((doc.b2c[m.start()], doc.b2c[m.end()], *ei));
    }
    occ.sort_by_key(|&(s, e, i)| (s, std::cmp::Reverse(e), i));
    occ.dedup();
    // standalone = not strictly inside the span of another entity's occurrence
    let mut mentions: Vec<Vec<Span>> = vec![Vec::new(); ents.len()];
    let mut max_end: Vec<(usize, usize, usize)> = Vec::new(); // running containers (start,end,entity)
    for &(s0, e0, i) in &occ {
        max_end.retain(|&(_, e, _)| e > s0);
        let nested = max_end
            .iter()
            .any(|&(s, e, j)| j != i && s <= s0 && e0 <= e && (e - s) > (e0 - s0));
        if !nested {
            mentions[i].push([s0, e0]);
        }
        max_end.push((s0, e0, i));
    }
    let mut out = Vec::new();
    for (i, e) in ents.into_iter().enumerate() {
        let mut m = std::mem::take(&mut mentions[i]);
        m.sort();
        m.dedup();
        // an item only ever seen inside a longer name is kept only for organisations
        if m.is_empty() && e.kind != NodeKind::Organization {
            continue;
        }
        out.push(EntityHit {
            kind: e.kind,
            label: e.label,
            aliases: e.aliases,
            mentions: m,
        });
    }
    out.sort_by(|a, b| {
        a.mentions
            .first()
            .cmp(&b.mentions.first())
            .then(a.label.cmp(&b.label))
    });
    out
}

/// Lexicon terms; a term written in quotes keeps them.
fn lexicon_hits(lex_matches: &[(usize, usize, usize)], doc: &Doc, found: &mut Found) {
    let lx = lex();
    let chars = &doc.chars;
    for &(pattern, s0, e0) in lex_matches {
        let (kind, term) = &lx.lex_items[pattern];
        // 数字产业化, 产业数字化: a process, not the industry
        if chars.get(e0) == Some(&'化') {
            continue;
        }
        // a short term glued into a longer ASCII token (5G in 5GHz)
        if term.chars().all(|c| c.is_ascii_alphanumeric())
            && (chars.get(e0).is_some_and(|c| c.is_ascii_alphanumeric())
                || (s0 > 0 && chars[s0 - 1].is_ascii_alphanumeric()))
        {
            continue;
        }
        let quoted =
            s0 > 0 && chars[s0 - 1] == '“' && chars.get(e0) == Some(&'”') && !term.starts_with('“');
        // a word fused into a longer quoted name (北斗 in “北斗七星”营商环境, 大数据 in
        // “三医大数据中心”) is part of that name; one joined by + or 、 (“人工智能+”,
        // “跨境电商+海外仓”) is still named
        let fused = (s0 > 0 && is_cjk(chars[s0 - 1])) || chars.get(e0).is_some_and(|c| is_cjk(*c));
        if !quoted && fused && inside_quote(chars, s0, e0) {
            continue;
        }
        let label = if quoted {
            format!("“{term}”")
        } else {
            term.clone()
        };
        found.add(*kind, label, Src::Lexicon);
    }
}

/// Party and state organs and people's organisations, with a level written
/// right before them (市人大, 省政协).
fn institution_hits(text: &str, doc: &Doc, found: &mut Found) {
    let lx = lex();
    let inst = &lx.inst;
    let chars = &doc.chars;
    let clash = |table: &HashMap<String, Vec<String>>, name: &str, c: Option<char>| {
        c.is_some_and(|c| {
            table
                .get(name)
                .is_some_and(|v| v.iter().any(|w| w.starts_with(c)))
        })
    };
    for m in lx.inst_ac.find_iter(text) {
        let name = &inst.names[m.pattern().as_usize()];
        let (s0, e0) = (doc.b2c[m.start()], doc.b2c[m.end()]);
        let prev = s0.checked_sub(1).map(|i| chars[i]);
        if clash(&inst.not_after, name, prev)
            || clash(&inst.not_before, name, chars.get(e0).copied())
        {
            continue;
        }
        // a level word is the name's own only where it does not end a word
        // of its own (社区工会, 城市工会)
        let level = inst.levels.iter().find(|l| {
            let l: Vec<char> = l.chars().collect();
            ends_at(chars, s0, &l)
                && (s0 == l.len() || !inst.level_not_after.contains(chars[s0 - l.len() - 1]))
        });
        let label = match level {
            Some(l) if !inst.levels.iter().any(|x| name.starts_with(x.as_str())) => {
                format!("{l}{name}")
            }
            _ => name.clone(),
        };
        found.add(NodeKind::Organization, label, Src::Lexicon);
    }
}

/// Names ending in a kind suffix.
fn suffix_hits(text: &str, doc: &Doc, cx: &Ctx, found: &mut Found) {
    let lx = lex();
    let chars = &doc.chars;
    // longest suffix per end position
    let mut best: BTreeMap<usize, (usize, usize)> = BTreeMap::new(); // end -> (start, item)
    for m in lx.suf_ac.find_overlapping_iter(text) {
        let (s0, e0) = (doc.b2c[m.start()], doc.b2c[m.end()]);
        let idx = m.pattern().as_usize();
        match best.get(&e0) {
            Some(&(s1, _)) if s1 <= s0 => {}
            _ => {
                best.insert(e0, (s0, idx));
            }
        }
    }
    for (&e0, &(s0, idx)) in &best {
        let (kind, suffix) = &lx.suf_items[idx];
        // next/previous character constraints
        if let Some(bad) = lx.f.suffix_next.get(suffix) {
            if let Some(nc) = chars.get(e0) {
                let ns = nc.to_string();
                if bad.contains(&ns) {
                    continue;
                }
            }
        }
        if let Some(bad) = lx.f.suffix_prev.get(suffix) {
            if s0 > 0 {
                let before: String = chars[s0.saturating_sub(3)..s0].iter().collect();
                if bad.iter().any(|b| before.ends_with(b.as_str())) {
                    continue;
                }
            }
        }
        // an industry head inside a longer noun phrase (文化产业空间布局) only modifies it
        if *kind == NodeKind::Industry
            && chars
                .get(e0)
                .is_some_and(|c| is_cjk(*c) && !lx.f.hints.industry_next.contains(*c))
        {
            continue;
        }
        let mut end = e0;
        // a trailing section in brackets (苏台高速(嘉兴段), 配水工程(杭州方向))
        if matches!(chars.get(end), Some('(' | '\u{FF08}')) {
            if let Some(close) = match_right(chars, end, &[')', '\u{FF09}'], 10) {
                if chars[end + 1..close].iter().all(|c| is_cjk(*c)) {
                    end = close + 1;
                }
            }
        } else if ["走廊", "大走廊", "高速", "铁路", "公路", "通道"].contains(&suffix.as_str())
        {
            // G60科创走廊嘉兴段
            if let Some(k) = (end + 1..(end + 5).min(chars.len())).find(|&k| chars[k] == '段') {
                if chars[end..k].iter().all(|c| is_cjk(*c)) && k - end >= 2 {
                    end = k + 1;
                }
            }
        }
        // inside quotes: the name is the quoted text
        // ")网": the name runs through the bracket
        let walk_from = if suffix.starts_with(')') || suffix.starts_with('\u{FF09}') {
            match match_left(chars, s0, &['(', '\u{FF08}'], &[')', '\u{FF09}'], 16) {
                Some(j) => j,
                None => continue,
            }
        } else {
            s0
        };
        let mut start = walk_left(chars, walk_from);
        let opened_quote = start > 0 && chars[start - 1] == '“';
        let mut quoted = false;
        if opened_quote {
            if let Some(close) = match_right(chars, start - 1, &['”'], 40) {
                if close == end {
                    quoted = true;
                } else if close > end {
                    // a kind word inside a longer quoted text
                    continue;
                }
            }
        }
        if quoted {
            // the quote is part of a longer name (“一环…一通道”快速路网): that name is found by its own suffix
            if chars.get(end + 1).is_some_and(|c| is_cjk(*c))
                && !matches!(chars[end + 1], '和' | '等' | '的' | '为' | '与' | '及')
            {
                let rest: String = chars[end + 1..(end + 3).min(chars.len())].iter().collect();
                if ![
                    "建设", "全面", "持续", "引才", "品牌", "发展", "取得", "加快", "基本",
                ]
                .iter()
                .any(|w| rest.starts_with(w))
                {
                    continue;
                }
            }
            let qs = start - 1;
            let inner_first = chars[start];
            end += 1; // include ”
            start = qs;
            // a numbered nickname (“一号工程”, “十大专项行动”) keeps its subject
            if is_numeral(inner_first) && kind == &NodeKind::Program {
                let ws = walk_left(chars, qs);
                if ws < qs {
                    if let Some(t) = trim(cx, ws, qs, end, *kind, 0) {
                        if t < qs && !chars[t..qs].contains(&'”') {
                            start = t;
                        }
                    }
                }
            }
        } else {
            let min_core = 2;
            match trim(cx, start, walk_from, end, *kind, min_core) {
                Some(t) => start = t,
                None => continue,
            }
        }
        if end <= start || s0 < start || end - start > MAX_NAME {
            continue;
        }
        // 建设一批文化产业园区: after a quantifier the words name a category
        let before: String = chars[start.saturating_sub(3)..start].iter().collect();
        if lx
            .f
            .stop
            .category_before
            .iter()
            .any(|q| before.ends_with(q.as_str()))
        {
            continue;
        }
        // the core (text before the suffix) must be a name: at least two characters
        let core: String = chars[start..s0]
            .iter()
            .filter(|c| !matches!(c, '“' | '”'))
            .collect();
        if core.chars().count() < 2 && !quoted {
            continue;
        }
        if quoted && chars[start + 1..s0].is_empty() {
            continue;
        }
        // “尖峰”“尖兵”“领雁”“领航”计划: each quoted item is a name of the kind
        let quotes = quoted_run(chars, start, s0);
        if quotes.len() >= 2 {
            for (qs, qe) in quotes {
                found.add(*kind, s(&chars[qs..qe]), Src::Suffix);
            }
            continue;
        }
        let name = s(&chars[start..end]);
        if lx
            .f
            .trim
            .lead
            .iter()
            .chain(lx.f.trim.cut.iter())
            .any(|w| *w == core)
        {
            continue;
        }
        let name_len = unquote(&name).chars().count();
        if name_len > 22 && kind != &NodeKind::Organization
            || name_len > 10 && kind == &NodeKind::Industry
        {
            continue;
        }
        // 推出长江经济带: a short verb before a lexicon term
        if let Some(lt) = lx
            .lex_items
            .iter()
            .map(|(_, t)| t)
            .find(|t| name.ends_with(t.as_str()) && name.len() > t.len())
        {
            if name.chars().count() - lt.chars().count() <= 2 {
                continue;
            }
        }
        if suffix == "改革" && !name.contains('”') {
            let rf = &lx.f.reform;
            // a reform named for a long object (要素市场化配置改革, 新时代教育评价改革)
            let long = core.chars().count() >= 6
                && !core.ends_with('性')
                && !rf.long_reject.iter().any(|m| core.contains(m.as_str()));
            let core_ok = core.ends_with('化')
                || long
                || rf.markers.iter().any(|m| core.contains(m.as_str()));
            let rejected = rf.reject.iter().any(|m| {
                // 市场化 rejects only a reform that is nothing but 市场化
                if m == "市场化" {
                    core.ends_with(m.as_str())
                } else {
                    name.contains(m.as_str())
                }
            });
            if !core_ok || rejected {
                continue;
            }
        }
        let k = refine_kind(&name, *kind, suffix);
        // a strategy core needs some content (not 发展战略, 国家战略)
        if k == NodeKind::Strategy && ends_at(&chars[..start], start, &['国', '家']) {
            continue;
        }
        found.add(k, name, Src::Suffix);
    }
}

/// Whether `[s0, e0)` lies inside one quoted text “…” (opened at most 20
/// characters before it, in the same clause).
fn inside_quote(chars: &[char], s0: usize, e0: usize) -> bool {
    match_left(chars, s0, &['“'], &['”'], 20)
        .and_then(|open| match_right(chars, open, &['”'], 40))
        .is_some_and(|close| close >= e0)
}

/// Adjacent quoted segments filling `[start, end)` exactly.
fn quoted_run(chars: &[char], start: usize, end: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = start;
    while i < end {
        if chars[i] != '“' {
            return Vec::new();
        }
        match match_right(chars, i, &['”'], 20) {
            Some(c) if c < end && c > i + 1 => {
                out.push((i, c + 1));
                i = c + 1;
            }
            _ => return Vec::new(),
        }
    }
    out
}

/// A quoted name followed by a short description and a head word that names a
/// scheme only after a quoted name: “甲乙”制度, “甲乙”丙丁服务体系 (the whole
/// is the name), “甲乙”丙丁治理模式 (the quoted name alone is the name).
fn quoted_head_hits(doc: &Doc, found: &mut Found) {
    let lx = lex();
    let qh = &lx.f.quoted_head;
    let chars = &doc.chars;
    // (head, whether the quoted name alone is the name when the head is adjacent)
    let heads: Vec<(Vec<char>, bool, bool)> = chars_of(&qh.heads)
        .into_iter()
        .map(|h| (h, false, false))
        .chain(chars_of(&qh.adjacent).into_iter().map(|h| (h, false, true)))
        .chain(
            chars_of(&qh.descriptive)
                .into_iter()
                .map(|h| (h, true, true)),
        )
        .collect();
    for (close, &c) in chars.iter().enumerate() {
        if c != '”' {
            continue;
        }
        let Some(open) = match_left(chars, close, &['“'], &['”'], 20) else {
            continue;
        };
        let inner = &chars[open + 1..close];
        let counted = inner.len() > 1 && is_numeral(inner[0]) && inner[1] == '个';
        if inner.len() < 2 || counted {
            continue;
        }
        // the first head within the gap, over Han characters only
        let mut hit = None;
        let mut k = close + 1;
        while k <= close + 1 + qh.gap && hit.is_none() {
            hit = heads.iter().find(|(h, _, _)| starts_at(chars, k, h)).map(
                |(h, adjacent_whole, gap_alone)| {
                    let alone = if k == close + 1 {
                        *adjacent_whole
                    } else {
                        *gap_alone
                    };
                    (k + h.len(), alone)
                },
            );
            if !chars.get(k).is_some_and(|c| is_cjk(*c)) {
                break;
            }
            k += 1;
        }
        let Some((end, descriptive)) = hit else {
            continue;
        };
        // a head glued to more text (体系化, 制度性) is no head
        if chars
            .get(end)
            .is_some_and(|c| matches!(c, '化' | '性' | '型' | '式'))
        {
            continue;
        }
        if descriptive {
            let kind = if qh
                .descriptive
                .iter()
                .any(|h| h == "平台" && ends_at(chars, end, &['平', '台']))
            {
                NodeKind::Project
            } else {
                NodeKind::Program
            };
            found.add(kind, s(&chars[open..close + 1]), Src::Suffix);
        } else {
            let name = s(&chars[open..end]);
            let infra =
                lx.f.hints
                    .infra
                    .iter()
                    .any(|w| s(&chars[close + 1..end]).contains(w.as_str()));
            let kind = if infra {
                NodeKind::Project
            } else {
                NodeKind::Program
            };
            found.add(kind, name, Src::Suffix);
        }
    }
}

/// `A、B、C(和D)等…HEAD` lists.
fn list_hits(cx: &Ctx, found: &mut Found) {
    let lx = lex();
    let chars = &cx.chars[..];
    let heads: Vec<(NodeKind, Vec<char>)> =
        lx.f.lists
            .heads
            .iter()
            .map(|(k, h)| (k, h.chars().collect()))
            .collect();
    let rejects = chars_of(&lx.f.lists.reject);
    let hard = |c: char| {
        matches!(
            c,
            ',' | '\u{FF0C}'
                | '。'
                | ';'
                | '\u{FF1B}'
                | ':'
                | '\u{FF1A}'
                | '!'
                | '?'
                | '\n'
                | '\r'
                | '\u{FF01}'
                | '\u{FF1F}'
        )
    };
    for k in 0..chars.len() {
        if chars[k] != '等' {
            continue;
        }
        // head within a short window after 等
        let wend = (k + 1..(k + 18).min(chars.len()))
            .find(|&j| hard(chars[j]))
            .unwrap_or((k + 18).min(chars.len()));
        let mut head: Option<(usize, NodeKind, usize)> = None; // (pos, kind, len)
        'outer: for j in k + 1..wend {
            if rejects.iter().any(|r| starts_at(chars, j, r)) {
                break;
            }
            let mut bestlen = 0;
            let mut bestkind = None;
            for (hk, h) in &heads {
                if starts_at(chars, j, h) && j + h.len() <= wend && h.len() > bestlen {
                    bestlen = h.len();
                    bestkind = Some(*hk);
                }
            }
            if let Some(hk) = bestkind {
                head = Some((j, hk, bestlen));
                break 'outer;
            }
        }
        let Some((hpos, hkind, hlen)) = head else {
            continue;
        };
        let head_word = s(&chars[hpos..hpos + hlen]);
        // items: back to the clause boundary, split on 、 (and 和/与)
        let mut b = k;
        while b > 0 && k - b < 120 {
            let c = chars[b - 1];
            if c == '”' {
                match match_left(chars, b - 1, &['“'], &['”'], 40) {
                    Some(j) => {
                        b = j;
                        continue;
                    }
                    None => break,
                }
            }
            if c == ')' || c == '\u{FF09}' {
                match match_left(chars, b - 1, &['(', '\u{FF08}'], &[')', '\u{FF09}'], 16) {
                    Some(j) => {
                        b = j;
                        continue;
                    }
                    None => break,
                }
            }
            if c == '、' || is_name_char(c) {
                b -= 1;
            } else {
                break;
            }
        }
        if b >= k {
            continue;
        }
        // the first item may start with a clause verb (重点打造新材料)
        let first_end = (b..k).find(|&i| chars[i] == '、').unwrap_or(k);
        match trim(cx, b, first_end, first_end, hkind, 2) {
            Some(t) => b = t,
            None => continue,
        }
        let prot = protected(chars, b, k);
        let mut pieces: Vec<(usize, usize)> = Vec::new();
        let mut ps = b;
        for i in b..k {
            if chars[i] == '、' && !prot[i - b] {
                pieces.push((ps, i));
                ps = i + 1;
            }
        }
        pieces.push((ps, k));
        if pieces.len() < 2 {
            continue;
        }
        // split 和/与 inside items
        let mut items: Vec<(usize, usize)> = Vec::new();
        for (a, z) in pieces {
            let mut cur = a;
            for i in a..z {
                if (chars[i] == '和' || chars[i] == '与')
                    && i > cur + 1
                    && i + 2 < z
                    && !prot[i - b]
                {
                    items.push((cur, i));
                    cur = i + 1;
                }
            }
            items.push((cur, z));
        }
        let names: Vec<String> = items.iter().map(|&(a, z)| s(&chars[a..z])).collect();
        // industry lists need known industry terms: most of them for a weak head (领域, 行业 …)
        if hkind == NodeKind::Industry {
            // an item ending in an industry head word (…产业, …旅游业) names one too
            let known = names
                .iter()
                .filter(|n| {
                    lx.lex_kind.get(&unquote(n)) == Some(&NodeKind::Industry)
                        || lx.suf_items.iter().any(|(k, h)| {
                            *k == NodeKind::Industry
                                && n.ends_with(h.as_str())
                                && n.chars().count() >= h.chars().count() + 2
                        })
                })
                .count();
            let weak = lx.f.lists.weak_heads.contains(&head_word);
            if known == 0 || (weak && known * 2 < names.len()) {
                continue;
            }
        }
        for n in names {
            let nl = n.chars().count();
            if nl > 16 || n.contains('的') || n.contains('“') && !n.starts_with('“') {
                continue;
            }
            if hkind == NodeKind::Industry
                && (nl > 10
                    || lx
                        .suf_items
                        .iter()
                        .any(|(k, sfx)| *k == NodeKind::Platform && n.ends_with(sfx.as_str())))
            {
                continue;
            }
            if let Some(k2) = lx.lex_kind.get(&unquote(&n)) {
                if *k2 != hkind {
                    continue;
                }
            }
            found.add(hkind, n, Src::List);
        }
    }
}

/// Fixed formulas: congresses, plenums, party committees, governance brands, …经济.
fn pattern_hits(text: &str, doc: &Doc, places: &HashSet<String>, found: &mut Found) {
    let lx = lex();
    let chars = &doc.chars;
    for re in [
        &lx.re_plenum,
        &lx.re_congress,
        &lx.re_prov_plenum,
        &lx.re_local_session,
    ] {
        for m in re.find_iter(text) {
            found.add(NodeKind::Organization, m.as_str().to_string(), Src::Pattern);
        }
    }
    for c in lx.re_cpc_committee.captures_iter(text) {
        let full = c.get(0).map(|m| m.as_str().to_string()).unwrap_or_default();
        if valid(&full, NodeKind::Organization) {
            found.cands.push(Cand {
                kind: NodeKind::Organization,
                label: full,
                src: Src::Pattern,
                aliases: vec![c[2].to_string()],
            });
        }
    }
    for m in lx.re_central.find_iter(text) {
        let s0 = doc.b2c[m.start()];
        if s0 > 0 && matches!(chars[s0 - 1], '党' | '共' | '在') {
            continue;
        }
        found.add(NodeKind::Organization, "中央".to_string(), Src::Pattern);
    }
    // governance brands: 平安X, 法治X, 清廉X, 健康X (X a place of the document)
    let places: Vec<&String> = places.iter().collect();
    let names: Vec<String> =
        lx.f.brands
            .prefixes
            .iter()
            .flat_map(|p| places.iter().map(move |pl| format!("{p}{pl}")))
            .collect();
    // a name is present where its prefix occurs followed by its place: look
    // at each occurrence of each prefix (overlapping ones too), however long
    // the text is
    let mut present = vec![false; names.len()];
    for (pi, p) in lx.f.brands.prefixes.iter().enumerate() {
        let mut from = 0;
        while let Some(k) = text[from..].find(p.as_str()) {
            let at = from + k;
            let rest = &text[at + p.len()..];
            for (j, pl) in places.iter().enumerate() {
                if rest.starts_with(pl.as_str()) {
                    present[pi * places.len() + j] = true;
                }
            }
            // the next occurrence may start inside this one
            match text[at..].chars().next() {
                Some(c) => from = at + c.len_utf8(),
                None => break,
            }
        }
    }
    for (name, present) in names.into_iter().zip(present) {
        if present {
            found.add(NodeKind::Program, name, Src::Pattern);
        }
    }
    // 积极引导“两进两回”, 强化“甲乙联动”“丙丁统筹”: quoted names standing
    // alone right after an implementing verb
    let verbs = chars_of(&lx.f.quoted_program.verbs);
    for (i, &c) in chars.iter().enumerate() {
        // “互联网+…” is the national formula for a programme wherever it stands
        let formula = starts_at(chars, i + 1, &['互', '联', '网', '+']);
        if c != '“' || !(formula || verbs.iter().any(|v| ends_at(chars, i, v))) {
            continue;
        }
        let mut run = Vec::new();
        let mut at = i;
        while chars.get(at) == Some(&'“') {
            match match_right(chars, at, &['”'], 14) {
                Some(close) if close > at + 2 => {
                    run.push((at, close + 1));
                    at = close + 1;
                }
                _ => break,
            }
        }
        let ends_clause = chars.get(at).is_some_and(|n| {
            matches!(
                n,
                ',' | '\u{FF0C}' | '。' | '、' | ';' | '\u{FF1B}' | '和' | '等'
            )
        });
        if run.is_empty() || !ends_clause {
            continue;
        }
        for (qs, qe) in run {
            let inner = &chars[qs + 1..qe - 1];
            // slogans of counted items (“四个意识”) and periods (“十四五”) are no programmes
            let counted = inner.len() > 1 && is_numeral(inner[0]) && inner[1] == '个';
            if counted || inner.iter().all(|c| is_numeral(*c)) {
                continue;
            }
            found.add(NodeKind::Program, s(&chars[qs..qe]), Src::List);
        }
    }
    // 创建“甲乙区”, 打造“丙丁城市”: a quoted coined name of a place-like
    // scheme standing alone after a building verb
    let qp = &lx.f.quoted_program;
    let coined_verbs = chars_of(&qp.coined_verbs);
    let coined_heads = chars_of(&qp.coined_heads);
    for (i, &c) in chars.iter().enumerate() {
        if c != '“' || !coined_verbs.iter().any(|v| ends_at(chars, i, v)) {
            continue;
        }
        let Some(close) = match_right(chars, i, &['”'], 16) else {
            continue;
        };
        let inner = &chars[i + 1..close];
        let standalone = chars.get(close + 1).map_or(true, |n| !is_cjk(*n))
            || matches!(chars[close + 1], '和' | '等' | '与' | '及');
        if inner.len() >= 3
            && standalone
            && inner.iter().all(|c| is_name_char(*c))
            && coined_heads.iter().any(|h| inner.ends_with(h))
        {
            found.add(NodeKind::Program, s(&chars[i..close + 1]), Src::List);
        }
    }
    // “五馆一院”: a counted bundle of facilities is a project
    let items = chars_of(&qp.bundle_items);
    for (i, &c) in chars.iter().enumerate() {
        if c != '“' {
            continue;
        }
        let Some(close) = match_right(chars, i, &['”'], 12) else {
            continue;
        };
        let mut k = i + 1;
        let mut groups = 0;
        while k < close && is_numeral(chars[k]) {
            match items.iter().find(|w| starts_at(chars, k + 1, w)) {
                Some(w) if k + 1 + w.len() <= close => {
                    k += 1 + w.len();
                    groups += 1;
                }
                _ => break,
            }
        }
        if groups >= 2 && k == close {
            found.add(NodeKind::Project, s(&chars[i..close + 1]), Src::Pattern);
        }
    }
    // 发展夜间经济, 培育临空经济 …
    // (培育发展生态休闲体验经济: further verbs and modifiers are stripped)
    let h = &lx.f.hints;
    for c in lx.re_economy.captures_iter(text) {
        let mut x = &c[1];
        while let Some(w) = h
            .develop_verbs
            .iter()
            .chain(&lx.f.trim.lead)
            .find(|w| x.starts_with(w.as_str()) && x.len() > w.len())
        {
            x = &x[w.len()..];
        }
        if x.chars().count() < 2
            || h.economy_stop.iter().any(|w| x.ends_with(w.as_str()))
            || lx
                .f
                .trim
                .function
                .iter()
                .chain(&lx.f.trim.conj)
                .any(|w| x.contains(w.as_str()))
        {
            continue;
        }
        found.add(NodeKind::Industry, format!("{x}经济"), Src::Pattern);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexicon_parses() {
        let _ = lex();
    }
}
