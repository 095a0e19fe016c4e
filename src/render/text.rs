//! Untrusted text: cleaning, XML escaping, width estimates and line wrapping.

/// `s` without characters XML 1.0 forbids or that draw nothing useful (C0 and
/// C1 controls, noncharacters), tabs as spaces, line and paragraph separators
/// as `\n` when `keep_newlines` (else spaces), at most `max_chars` characters
/// (longer text ends in `…`).
pub(crate) fn clean(s: &str, max_chars: usize, keep_newlines: bool) -> String {
    let mut out = String::new();
    let mut n = 0;
    for c in s.chars() {
        let c = match c {
            '\n' | '\u{2028}' | '\u{2029}' => {
                if keep_newlines {
                    '\n'
                } else {
                    ' '
                }
            }
            '\r' => continue,
            '\t' => ' ',
            c if (c as u32) < 0x20 || (0x7f..=0x9f).contains(&(c as u32)) => continue,
            c if is_nonchar(c) => continue,
            c => c,
        };
        if n == max_chars {
            out.pop();
            out.push('…');
            break;
        }
        out.push(c);
        n += 1;
    }
    out
}

fn is_nonchar(c: char) -> bool {
    let u = c as u32;
    (0xfdd0..=0xfdef).contains(&u) || (u & 0xfffe) == 0xfffe
}

/// Escape for XML text and attribute values (one escaper for every XML the crate writes).
pub(crate) use crate::export::xml as esc;

/// Wide (CJK, full-width) characters: one em.
fn is_wide(c: char) -> bool {
    let u = c as u32;
    (0x1100..=0x115f).contains(&u)
        || (0x2e80..=0xa4cf).contains(&u)
        || (0xac00..=0xd7a3).contains(&u)
        || (0xf900..=0xfaff).contains(&u)
        || (0xfe30..=0xfe4f).contains(&u)
        || (0xff00..=0xff60).contains(&u)
        || (0xffe0..=0xffe6).contains(&u)
        || (0x20000..=0x3fffd).contains(&u)
}

/// Estimated advance of `c` in em (Noto Sans SC; generous for Latin).
pub(crate) fn em_width(c: char) -> f64 {
    if is_wide(c) {
        return 1.0;
    }
    match c {
        ' ' => 0.28,
        'i' | 'j' | 'l' | '.' | ',' | ':' | ';' | '!' | '\'' | '|' => 0.3,
        'f' | 't' | 'r' | '(' | ')' | '[' | ']' | '-' => 0.38,
        'm' | 'w' | 'M' | 'W' | '@' | '%' => 0.88,
        'A'..='Z' => 0.66,
        '0'..='9' => 0.56,
        'a'..='z' => 0.55,
        '\u{2014}' | '\u{2026}' | '\u{201c}' | '\u{201d}' | '\u{2018}' | '\u{2019}' => 1.0,
        '\u{00b7}' => 1.0, // full width in Noto Sans CJK SC
        c if (c as u32) < 0x2000 => 0.62,
        _ => 1.0,
    }
}

/// Estimated width of `s` in em.
pub(crate) fn em_len(s: &str) -> f64 {
    s.chars().map(em_width).sum()
}

/// Characters that must not start a line (they stay at the end of the last).
fn no_break_before(c: char) -> bool {
    "，。、；：！？）》」』】〕〉”’…—%％,.;:!?)]}·".contains(c)
}

/// Characters that must not end a line (they move to the next).
fn no_break_after(c: char) -> bool {
    "（《「『【〔〈“‘([{".contains(c)
}

/// Split `s` into tokens: each wide character alone, runs of other
/// non-space characters (words, numbers) together, spaces alone.
fn tokens(s: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut word = String::new();
    for c in s.chars() {
        if is_wide(c) || c == ' ' || no_break_before(c) || no_break_after(c) {
            if !word.is_empty() {
                out.push(std::mem::take(&mut word));
            }
            out.push(c.to_string());
        } else {
            word.push(c);
        }
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

/// Wrap `s` into lines at most `max_em` wide (Chinese at any character, Latin
/// words whole unless longer than a line, no closing punctuation at the start
/// of a line), honouring `\n`; at most `max_lines` lines, the last ending in
/// `…` when text is left over. Never returns more than `max_lines` lines.
pub(crate) fn wrap(s: &str, max_em: f64, max_lines: usize) -> Vec<String> {
    let max_em = if max_em.is_finite() {
        max_em.max(1.0)
    } else {
        1.0
    };
    let max_lines = max_lines.max(1);
    let mut lines: Vec<String> = Vec::new();
    let mut truncated = false;
    'paragraphs: for para in s.split('\n') {
        let mut line = String::new();
        let mut width = 0.0;
        let mut toks: Vec<String> = tokens(para);
        toks.reverse(); // pop from the end = take from the front
        while let Some(tok) = toks.pop() {
            let tw = em_len(&tok);
            if tok == " " && line.is_empty() {
                continue;
            }
            let first = tok.chars().next().unwrap_or(' ');
            let fits = width + tw <= max_em + 1e-9;
            if fits || line.is_empty() || (no_break_before(first) && tok.chars().count() == 1) {
                if !fits && line.is_empty() && tok.chars().count() > 1 {
                    // a word longer than a line: split it by characters
                    let mut chars: Vec<char> = tok.chars().collect();
                    let mut take = 0;
                    let mut w = 0.0;
                    while take < chars.len() && (take == 0 || w + em_width(chars[take]) <= max_em) {
                        w += em_width(chars[take]);
                        take += 1;
                    }
                    let rest: String = chars.split_off(take).into_iter().collect();
                    line.extend(chars);
                    width += w;
                    if !rest.is_empty() {
                        toks.push(rest);
                    }
                } else {
                    line.push_str(&tok);
                    width += tw;
                }
                continue;
            }
            // break before `tok`; an opening bracket at the end moves along
            let mut carry = None;
            if let Some(last) = line.chars().last() {
                if no_break_after(last) && line.chars().count() > 1 {
                    line.pop();
                    carry = Some(last);
                }
            }
            if lines.len() + 1 == max_lines {
                lines.push(line);
                truncated = true;
                break 'paragraphs;
            }
            lines.push(std::mem::take(&mut line));
            width = 0.0;
            toks.push(tok);
            if let Some(c) = carry {
                toks.push(c.to_string());
            }
        }
        let line = line.trim_end().to_string();
        if lines.len() == max_lines {
            truncated = true;
            break;
        }
        lines.push(line);
    }
    // drop trailing blank lines made by trailing newlines
    while lines.len() > 1 && lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    if truncated {
        if let Some(last) = lines.last_mut() {
            let mut t = last.trim_end().to_string();
            while !t.is_empty() && em_len(&t) + 1.0 > max_em {
                t.pop();
            }
            t.push('…');
            *last = t;
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cleans_and_escapes() {
        assert_eq!(clean("a\u{0}b\u{1b}c\u{85}d\u{fffe}e", 100, false), "abcde");
        assert_eq!(clean("a\nb\tc", 100, true), "a\nb c");
        assert_eq!(clean("a\nb", 100, false), "a b");
        assert_eq!(clean("一二三四五", 3, false), "一二…");
        assert_eq!(
            esc("<script>alert(1)</script>&\"'"),
            "&lt;script&gt;alert(1)&lt;/script&gt;&amp;&quot;&apos;"
        );
    }

    #[test]
    fn wraps_chinese_per_character() {
        let l = wrap("嘉兴市祥符荡科创绿谷建设工程", 9.0, 5);
        assert_eq!(l, vec!["嘉兴市祥符荡科创绿", "谷建设工程"]);
        // closing punctuation stays on the line
        let l = wrap("一二三四五六七八九，十", 9.0, 5);
        assert_eq!(l[0], "一二三四五六七八九，");
        // opening bracket moves to the next line
        let l = wrap("一二三四五六七八《九十》", 9.0, 5);
        assert_eq!(l[0], "一二三四五六七八");
        assert_eq!(l[1], "《九十》");
    }

    #[test]
    fn wraps_latin_words_and_truncates() {
        let l = wrap("hello world again", 6.0, 5);
        assert!(l.iter().all(|x| em_len(x) <= 6.0 + 1e-9), "{l:?}");
        assert_eq!(l.concat().replace(' ', ""), "helloworldagain");
        let l = wrap("一二三四五六七八九十一二三四五六七八九十", 5.0, 2);
        assert_eq!(l.len(), 2);
        assert!(l[1].ends_with('…'));
        assert!(em_len(&l[1]) <= 5.0);
        let long = "x".repeat(100);
        let l = wrap(&long, 3.0, 100);
        assert!(l.iter().all(|x| !x.is_empty()));
        assert_eq!(l.concat(), long);
        assert_eq!(wrap("", 3.0, 2), vec![String::new()]);
        assert_eq!(wrap("a\nb", 3.0, 5), vec!["a", "b"]);
        assert_eq!(wrap("a", f64::NAN, 0), vec!["a"]);
    }
}
