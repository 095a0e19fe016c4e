//! Masked characters and missing numerals.
//!
//! Copies of plans circulated on social media replace sensitive characters
//! (党, 政, 军, 黄 …) with `*` and sometimes drop runs of digits. [`restore`]
//! replaces each `*` in place (one character for one, so offsets hold) by the
//! candidate whose surrounding words are found in a lexicon of common Chinese
//! words, emits a `restored-char` diagnostic for each, leaves unsure ones as
//! `*` with a `masked-char` warning, and flags evident numeral gaps as
//! `missing-numeral` warnings. It never invents a number.

use std::sync::LazyLock;

use crate::model::{Diagnostic, Level, Span};

/// Characters that masks stand for, most frequent first.
const CANDIDATES: [char; 7] = ['党', '政', '军', '黄', '赌', '毒', '魂'];

/// Common words containing a commonly masked character (general Chinese
/// vocabulary of political and economic writing, not taken from one plan).
const WORDS: &[&str] = &[
    // 党
    "党的",
    "党员",
    "党组织",
    "党组",
    "党建",
    "党委",
    "党中央",
    "党群",
    "党性",
    "党外",
    "党派",
    "建党",
    "跟党",
    "共产党",
    "治党",
    "党政",
    "党风",
    "党纪",
    "党内",
    "党校",
    "党史",
    "党务",
    "入党",
    "全党",
    "爱党",
    "党和国家",
    "党领导",
    "党总揽",
    "党代会",
    "党章",
    "党工委",
    "民主党派",
    "无党派",
    "多党合作",
    "政党",
    "兴党",
    "强党",
    "管党",
    "听党话",
    "党旗",
    "党徽",
    "党课",
    "党费",
    "党支部",
    "党小组",
    // 政
    "政府",
    "政治",
    "政策",
    "财政",
    "行政",
    "新政",
    "家政",
    "政企",
    "政产学研",
    "政务",
    "民政",
    "政协",
    "参政",
    "议政",
    "资政",
    "执政",
    "施政",
    "政法",
    "政银",
    "简政",
    "政商",
    "邮政",
    "市政",
    "勤政",
    "廉政",
    "政令",
    "从政",
    "政绩",
    "政风",
    "德政",
    "仁政",
    "国政",
    "政权",
    "政事",
    "政界",
    "政坛",
    "政纲",
    // 军
    "军队",
    "军人",
    "领军",
    "冠军",
    "军民",
    "军事",
    "军政",
    "军工",
    "参军",
    "拥军",
    "建军",
    "强军",
    "领军企业",
    "领军人才",
    "冠军企业",
    "单项冠军",
    "军地",
    "军属",
    "军转",
    "亚军",
    "季军",
    "军团",
    "大军",
    "国军",
    "军区",
    "军营",
    "军种",
    "军费",
    // 黄
    "军政军民",
    "党政机关",
    "黄金",
    "黄河",
    "黄赌毒",
    "黄浦",
    "黄山",
    "黄海",
    "炎黄",
    "黄土",
    "黄梅",
    // 赌 毒
    "赌毒",
    "赌博",
    "黄赌",
    "毒品",
    "禁毒",
    "吸毒",
    "贩毒",
    "制毒",
    "涉毒",
    "禁赌",
    "涉赌",
    // 魂
    "铸魂",
    "灵魂",
    "国魂",
    "军魂",
    "魂魄",
    "魂工程",
];

/// The most frequent of those words: a tie between two readings goes to these.
const FREQUENT: &[&str] = &[
    "政府",
    "党员",
    "政策",
    "党的",
    "建党",
    "政治",
    "党建",
    "行政",
    "党委",
    "财政",
    "黄金",
    "军人",
    "党性",
    "党内",
    "党中央",
    "党组织",
    "共产党",
];

/// Result of restoration.
#[derive(Debug, Clone, PartialEq)]
pub struct Restored {
    /// The canonical text: masks replaced one-for-one.
    pub text: String,
    /// `restored-char`, `masked-char` and `missing-numeral` diagnostics.
    pub diagnostics: Vec<Diagnostic>,
    /// Original characters at each restored position (offset, `*`), for the UI.
    pub restored: Vec<(usize, char, char)>,
}

/// Restore masked characters and flag missing numerals.
pub fn restore(text: &str) -> Restored {
    let mut chars: Vec<char> = text.chars().collect();
    let mut diagnostics = Vec::new();
    let mut restored = Vec::new();
    let mut memo: std::collections::HashMap<(Vec<char>, usize, usize), Option<Vec<char>>> =
        std::collections::HashMap::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] != '*' {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && chars[i] == '*' {
            i += 1;
        }
        let run = i - start;
        // A long run of stars is decoration (******), not masking.
        if run > 3 || !is_cjk_context(&chars, start, i) {
            continue;
        }
        // A long text repeats its masked words: each distinct window is scored once.
        let lo = start.saturating_sub(5);
        let hi = (start + run + 5).min(chars.len());
        let key = (chars[lo..hi].to_vec(), start - lo, run);
        let fill = match memo.get(&key) {
            Some(f) => f.clone(),
            None => {
                let f = best_fill(&chars, start, run);
                memo.insert(key, f.clone());
                f
            }
        };
        match fill {
            Some(fill) => {
                for (k, c) in fill.iter().enumerate() {
                    chars[start + k] = *c;
                    restored.push((start + k, '*', *c));
                }
                for (k, c) in fill.iter().enumerate() {
                    let ctx: String = context(&chars, start + k);
                    diagnostics.push(Diagnostic {
                        level: Level::Info,
                        code: "restored-char".into(),
                        span: [start + k, start + k + 1],
                        message: format!("* restored as {c} ({ctx})"),
                    });
                }
            }
            None => {
                for k in 0..run {
                    let ctx: String = context(&chars, start + k);
                    diagnostics.push(Diagnostic {
                        level: Level::Warning,
                        code: "masked-char".into(),
                        span: [start + k, start + k + 1],
                        message: format!("masked character left as * (no sure restoration): {ctx}"),
                    });
                }
            }
        }
    }
    let text: String = chars.iter().collect();
    diagnostics.extend(missing_numerals(&chars));
    diagnostics.sort_by_key(|d| (d.span[0], d.span[1]));
    Restored {
        text,
        diagnostics,
        restored,
    }
}

fn is_cjk_context(chars: &[char], start: usize, end: usize) -> bool {
    let before = start.checked_sub(1).map(|j| chars[j]);
    let after = chars.get(end).copied();
    before.is_some_and(is_cjk) || after.is_some_and(is_cjk)
}

/// Is `c` a CJK ideograph?
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
}

fn context(chars: &[char], at: usize) -> String {
    let s = at.saturating_sub(6);
    let e = (at + 7).min(chars.len());
    chars[s..e]
        .iter()
        .map(|c| if *c == '\n' { '/' } else { *c })
        .collect()
}

/// Try every combination of candidates for a run of up to three stars and
/// keep the one whose window matches the most lexicon text; a tie or no match
/// at all is unsure.
fn best_fill(chars: &[char], start: usize, run: usize) -> Option<Vec<char>> {
    let lo = start.saturating_sub(5);
    let hi = (start + run + 5).min(chars.len());
    let mut window: Vec<char> = chars[lo..hi].to_vec();
    let off = start - lo;
    // The placements of words that could cover a filled position, whatever
    // the fill: the window's own characters match and each filled position
    // holds a candidate. Each fill then only checks the filled positions.
    let placements = placements(&window, off, off + run);
    let n = CANDIDATES.len();
    let combos = n.pow(run as u32);
    let mut best: Option<(usize, Vec<char>)> = None;
    let mut tie = false;
    for mut code in 0..combos {
        let mut fill = Vec::with_capacity(run);
        for _ in 0..run {
            fill.push(CANDIDATES[code % n]);
            code /= n;
        }
        for (k, c) in fill.iter().enumerate() {
            window[off + k] = *c;
        }
        let score = score(&window, off, off + run, &placements);
        if score == 0 {
            continue;
        }
        match &best {
            Some((b, _)) if score < *b => {}
            Some((b, _)) if score == *b => tie = true,
            _ => {
                best = Some((score, fill));
                tie = false;
            }
        }
    }
    match best {
        Some((_, fill)) if !tie => Some(fill),
        _ => None,
    }
}

/// A lexicon word as characters, with its weight (its length squared, three
/// times that for a [`FREQUENT`] word).
struct Word {
    chars: Vec<char>,
    weight: usize,
    /// A proper prefix is also a suffix (two occurrences could overlap).
    bordered: bool,
}

/// [`WORDS`] as characters, made once.
static WORD_LIST: LazyLock<Vec<Word>> = LazyLock::new(|| {
    WORDS
        .iter()
        .map(|w| {
            let chars: Vec<char> = w.chars().collect();
            let wl = chars.len();
            let weight = if FREQUENT.contains(w) {
                3 * wl * wl
            } else {
                wl * wl
            };
            let bordered = (1..wl).any(|k| chars[..k] == chars[wl - k..]);
            Word {
                chars,
                weight,
                bordered,
            }
        })
        .collect()
});

/// Where a word could lie over the filled positions `[from, to)` of
/// `window`: (word, start). Words whose occurrences can overlap are left to
/// [`score`]'s full scan.
fn placements(window: &[char], from: usize, to: usize) -> Vec<(&'static Word, usize)> {
    let mut out = Vec::new();
    for w in WORD_LIST.iter() {
        let wl = w.chars.len();
        if w.bordered || wl == 0 || wl > window.len() {
            continue;
        }
        let first = (from + 1).saturating_sub(wl);
        let last = (to - 1).min(window.len() - wl);
        for cpos in first..=last {
            let fits = w.chars.iter().enumerate().all(|(k, &c)| {
                let p = cpos + k;
                if (from..to).contains(&p) {
                    CANDIDATES.contains(&c)
                } else {
                    window[p] == c
                }
            });
            if fits {
                out.push((w, cpos));
            }
        }
    }
    out
}

/// Sum over lexicon words occurring in `window` that cover a filled position:
/// each filled position must be covered, longer words weigh more.
///
/// Occurrences are those `str::match_indices` finds, left to right without
/// overlap. A word that cannot overlap itself has no other occurrences, so
/// only its `placements` (made for these filled positions) are checked;
/// any other word is scanned for in the whole window.
fn score(window: &[char], from: usize, to: usize, placements: &[(&Word, usize)]) -> usize {
    let mut covered = vec![0usize; to - from];
    let mut cover = |cpos: usize, w: &Word| {
        let (a, b) = (from.max(cpos), to.min(cpos + w.chars.len()));
        if a < b {
            for c in &mut covered[a - from..b - from] {
                *c = (*c).max(w.weight);
            }
        }
    };
    for &(w, cpos) in placements {
        if window[cpos..cpos + w.chars.len()] == w.chars[..] {
            cover(cpos, w);
        }
    }
    for w in WORD_LIST.iter().filter(|w| w.bordered) {
        let wl = w.chars.len();
        if wl == 0 || wl > window.len() {
            continue;
        }
        // an occurrence starting after the last filled position covers none
        let last = (to - 1).min(window.len() - wl);
        let mut cpos = 0;
        while cpos <= last {
            if window[cpos..cpos + wl] == w.chars[..] {
                cover(cpos, w);
                cpos += wl;
            } else {
                cpos += 1;
            }
        }
    }
    if covered.contains(&0) {
        0
    } else {
        covered.iter().sum()
    }
}

/// Units that follow a number directly.
const UNITS: &[&str] = &[
    "万亿元",
    "亿元",
    "万元",
    "亿美元",
    "万美元",
    "元",
    "万人",
    "万户",
    "万亩",
    "万吨",
    "万千瓦",
    "千瓦",
    "亿",
    "万",
    "家",
    "个",
    "%",
    "％",
    "所",
    "项",
    "公里",
    "千米",
    "平方公里",
    "吨",
    "亩",
    "座",
    "条",
    "辆",
    "台",
    "套",
    "件",
    "人",
    "户",
    "岁",
    "倍",
    "天",
];
/// Verbs that introduce a quantity.
const QUANTITY_VERBS: &[&str] = &[
    "突破",
    "达到",
    "超过",
    "超",
    "达",
    "增加到",
    "提高到",
    "增长到",
    "提升到",
    "下降到",
    "降低到",
    "降至",
    "升至",
    "控制在",
    "保持在",
    "稳定在",
    "约",
    "累计",
    "新增",
    "新建",
    "引进",
    "培育",
    "建成",
    "实现",
    "完成",
    "年均",
    "增长",
    "以上",
    "不少于",
    "不低于",
    "力争",
];

/// Detect evident numeral gaps: a quantity verb directly before a unit
/// (突破亿元), a year with no digits ((年12月, 到年,), empty quotation marks
/// (“”), 世界强, and a lone 0 before a unit (突破0亿元).
fn missing_numerals(chars: &[char]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut push = |span: Span, what: &str| {
        let ctx = context(chars, span[0]);
        out.push(Diagnostic {
            level: Level::Warning,
            code: "missing-numeral".into(),
            span,
            message: format!("{what}: a numeral seems to be missing here ({ctx})"),
        });
    };
    let at = |i: usize| chars.get(i).copied();
    let verb_starts: Vec<char> = QUANTITY_VERBS
        .iter()
        .filter_map(|v| v.chars().next())
        .collect();
    for i in 0..chars.len() {
        // verb + unit
        let verbs = if verb_starts.contains(&chars[i]) {
            QUANTITY_VERBS
        } else {
            &[]
        };
        for v in verbs {
            if !starts_with_at(chars, i, v) {
                continue;
            }
            let vl = v.chars().count();
            let j = i + vl;
            if let Some(u) = UNITS.iter().find(|u| starts_with_at(chars, j, u)) {
                let ul = u.chars().count();
                // 达到万人 yes; a one-character unit that starts a word (家庭, 个人,
                // 人才) needs punctuation or 以上/左右/多 after it.
                if ul == 1
                    && at(j + ul).is_some_and(is_cjk)
                    && !matches!(at(j + ul), Some('以' | '左' | '多' | '元' | '人'))
                {
                    continue;
                }
                push([i, j + ul], "quantity with no number");
            }
        }
        let c = chars[i];
        // a year with no digits
        if c == '年' {
            let prev = i.checked_sub(1).and_then(at);
            let next = at(i + 1);
            let prev_ok = matches!(
                prev,
                Some('到' | '至' | '(' | '（' | '于' | '在' | '从' | '，' | ',' | '、' | '\n')
                    | None
            );
            let next_ok = matches!(
                next,
                Some(
                    ',' | '，' | '、' | '。' | ')' | '）' | '基' | '前' | '末' | '市' | '省' | '全'
                )
            ) || (next.is_some_and(|d| d.is_ascii_digit())
                && at(i + 2).is_some_and(|d| d.is_ascii_digit() || d == '月'))
                || (next.is_some_and(|d| d.is_ascii_digit()) && at(i + 2) == Some('月'));
            let prev_word = i >= 2
                && matches!(
                    (at(i - 2), prev),
                    (
                        Some(
                            '每' | '今'
                                | '明'
                                | '去'
                                | '全'
                                | '近'
                                | '多'
                                | '青'
                                | '老'
                                | '少'
                                | '中'
                                | '成'
                                | '周'
                                | '百'
                                | '千'
                                | '万'
                                | '历'
                        ),
                        _
                    )
                );
            if prev_ok && next_ok && !prev_word {
                push([i.saturating_sub(1), i + 1], "year with no digits");
            }
        }
        // empty quotation marks
        if c == '“' && at(i + 1) == Some('”') {
            push([i, i + 2], "empty quotation marks");
        }
        // 世界强 / 全球强 / 中国强 (N强)
        if c == '强' && i >= 2 {
            let w: String = chars[i - 2..i].iter().collect();
            if matches!(w.as_str(), "世界" | "全球" | "中国" | "全国")
                && !at(i + 1)
                    .is_some_and(|n| matches!(n, '国' | '省' | '市' | '化' | '大' | '劲' | '度'))
            {
                push([i - 2, i + 1], "ranking with no number");
            }
        }
        // lone 0 before a unit
        if c == '0'
            && !i
                .checked_sub(1)
                .and_then(at)
                .is_some_and(|p| p.is_ascii_digit() || p == '.' || p.is_ascii_alphabetic())
            && UNITS.iter().any(|u| starts_with_at(chars, i + 1, u))
        {
            push([i, i + 1], "truncated number (only 0 left)");
        }
    }
    out.sort_by_key(|d| d.span);
    out.dedup_by(|a, b| a.span[0] < b.span[1] && b.span[0] < a.span[1]);
    out
}

fn starts_with_at(chars: &[char], i: usize, w: &str) -> bool {
    w.chars()
        .enumerate()
        .all(|(k, wc)| chars.get(i + k) == Some(&wc))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(s: &str) -> String {
        restore(s).text
    }

    #[test]
    fn restores_by_context() {
        assert_eq!(r("中国共产*嘉兴市委"), "中国共产党嘉兴市委");
        assert_eq!(r("深化*府数字化转型"), "深化政府数字化转型");
        assert_eq!(r("打造“*金海岸经济带”"), "打造“黄金海岸经济带”");
        assert_eq!(r("国际行业领*企业"), "国际行业领军企业");
        assert_eq!(r("持续整治***,坚决"), "持续整治黄赌毒,坚决");
        assert_eq!(r("巩固***民团结"), "巩固军政军民团结");
        assert_eq!(r("强化*建统领"), "强化党建统领");
    }

    #[test]
    fn unsure_stays_and_is_flagged() {
        let out = restore("评分为*级");
        assert_eq!(out.text, "评分为*级");
        assert!(out.diagnostics.iter().any(|d| d.code == "masked-char"));
        assert_eq!(restore("a * b ****** c").text, "a * b ****** c");
    }

    #[test]
    fn offsets_are_kept() {
        let s = "一、坚持*的全面领导\n*府";
        let out = restore(s);
        assert_eq!(out.text.chars().count(), s.chars().count());
        let d = out
            .diagnostics
            .iter()
            .find(|d| d.code == "restored-char")
            .unwrap();
        assert_eq!(d.span, [4, 5]);
    }

    #[test]
    fn numerals() {
        for (s, n) in [
            ("全市地区生产总值突破亿元,财政", 1),
            ("(年12月29日通过)", 1),
            ("到年,地区生产总值达到亿元以上", 2),
            ("大学生“”引才计划", 1),
            ("吸引世界强、跨国公司", 1),
            ("突破0亿元", 1),
            ("达到66家,新增3.5%", 0),
            ("每年、全年、青年", 0),
        ] {
            let d: Vec<_> = restore(s)
                .diagnostics
                .into_iter()
                .filter(|d| d.code == "missing-numeral")
                .collect();
            assert_eq!(d.len(), n, "{s}: {d:?}");
        }
    }
}
