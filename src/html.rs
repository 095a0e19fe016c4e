//! The text of an HTML page: a plan copied from a government web site is often
//! saved as `.html` (or pasted from one with its markup).
//!
//! Tags are dropped; `script`, `style`, `noscript`, `template`, `title` and
//! comments are dropped with their content; block elements (`p`, `div`, `br`,
//! `li`, `h1`–`h6`, `tr`, …) end a line; runs of white space inside a line
//! become one space; the common named entities and all numeric character
//! references are decoded. Each resulting line is trimmed and empty lines are
//! left out, which is the shape of a plan's plain text (one paragraph a line).
//! Never fails: malformed markup yields whatever text can be seen.

/// Whether decoded text looks like an HTML page rather than a plan that
/// happens to contain a `<`: it must open (after white space) with a doctype,
/// `<html>`, `<head>`, `<body>` or `<meta>`, or an XML declaration followed by
/// `<html`.
pub fn looks_like_html(text: &str) -> bool {
    let head: String = text
        .trim_start()
        .chars()
        .take(1024)
        .flat_map(char::to_lowercase)
        .collect();
    const OPENERS: &[&str] = &["<!doctype html", "<html", "<head", "<body", "<meta"];
    OPENERS.iter().any(|o| head.starts_with(o))
        || (head.starts_with("<?xml") && head.contains("<html"))
        || (head.starts_with("<!--") && head.contains("<html"))
}

/// Elements whose content is not page text.
const SKIPPED: &[&str] = &["script", "style", "noscript", "template", "title", "svg"];

/// Elements that start or end a line.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "br",
    "center",
    "dd",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "html",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "tbody",
    "tfoot",
    "thead",
    "tr",
    "ul",
];

/// The visible text of an HTML page, one block a line.
pub fn to_text(html: &str) -> String {
    let chars: Vec<char> = html.chars().collect();
    let mut out = String::with_capacity(html.len() / 2);
    let mut pre = 0usize; // depth of <pre>
    let mut i = 0usize;
    while i < chars.len() {
        let c = chars[i];
        if c == '<' {
            if let Some((tag, end)) = read_tag(&chars, i) {
                i = end;
                match tag {
                    Tag::Comment | Tag::Other => {}
                    Tag::Element { name, closing } => {
                        if !closing && SKIPPED.contains(&name.as_str()) {
                            i = skip_raw(&chars, i, &name);
                            continue;
                        }
                        if name == "pre" {
                            pre = if closing {
                                pre.saturating_sub(1)
                            } else {
                                pre + 1
                            };
                        }
                        if BLOCKS.contains(&name.as_str()) {
                            out.push('\n');
                        } else if matches!(name.as_str(), "td" | "th")
                            && !out.ends_with([' ', '\n'])
                        {
                            out.push(' ');
                        }
                    }
                }
                continue;
            }
            // a lone '<' is text
            out.push('<');
            i += 1;
        } else if c == '&' {
            let (decoded, next) = entity(&chars, i);
            out.push_str(&decoded);
            i = next;
        } else if c.is_whitespace() && c != '\u{3000}' && c != '\u{a0}' {
            if pre > 0 {
                out.push(c);
            } else if !out.ends_with([' ', '\n']) {
                out.push(' ');
            }
            i += 1;
        } else {
            out.push(c);
            i += 1;
        }
    }
    let mut text = String::with_capacity(out.len());
    for line in out.lines() {
        let line = line.trim();
        if !line.is_empty() {
            text.push_str(line);
            text.push('\n');
        }
    }
    text
}

enum Tag {
    Element { name: String, closing: bool },
    Comment,
    Other,
}

/// Read the tag that starts at `chars[at] == '<'`: what it is and the index
/// after it. `None` when the `<` does not start a tag (then it is text).
fn read_tag(chars: &[char], at: usize) -> Option<(Tag, usize)> {
    let rest = &chars[at + 1..];
    if rest.starts_with(&['!', '-', '-']) {
        let end = find(chars, at + 4, &['-', '-', '>']).map_or(chars.len(), |p| p + 3);
        return Some((Tag::Comment, end));
    }
    let first = *rest.first()?;
    if first == '!' || first == '?' {
        return Some((Tag::Other, skip_to_gt(chars, at + 1)));
    }
    let (closing, start) = if first == '/' {
        (true, at + 2)
    } else {
        (false, at + 1)
    };
    let mut j = start;
    while j < chars.len()
        && (chars[j].is_ascii_alphanumeric() || chars[j] == '-' || chars[j] == ':')
    {
        j += 1;
    }
    if j == start || !chars[start].is_ascii_alphabetic() {
        return None;
    }
    let name: String = chars[start..j]
        .iter()
        .collect::<String>()
        .to_ascii_lowercase();
    Some((Tag::Element { name, closing }, skip_to_gt(chars, j)))
}

/// The index after the `>` that closes a tag, honouring quoted attribute values.
fn skip_to_gt(chars: &[char], mut i: usize) -> usize {
    let mut quote: Option<char> = None;
    while i < chars.len() {
        let c = chars[i];
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '"' || c == '\'' => quote = Some(c),
            None if c == '>' => return i + 1,
            None => {}
        }
        i += 1;
    }
    chars.len()
}

/// Skip the content of a raw-text element up to and including `</name…>`.
fn skip_raw(chars: &[char], from: usize, name: &str) -> usize {
    let close: Vec<char> = format!("</{name}").chars().collect();
    let mut i = from;
    while i + close.len() <= chars.len() {
        if chars[i] == '<'
            && chars[i..i + close.len()]
                .iter()
                .zip(&close)
                .all(|(a, b)| a.to_ascii_lowercase() == *b)
        {
            return skip_to_gt(chars, i + close.len());
        }
        i += 1;
    }
    chars.len()
}

fn find(chars: &[char], from: usize, needle: &[char]) -> Option<usize> {
    if from > chars.len() {
        return None;
    }
    chars[from..]
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| from + p)
}

/// Decode the character reference at `chars[at] == '&'`: its text and the
/// index after it. An unknown or malformed reference is kept as written.
fn entity(chars: &[char], at: usize) -> (String, usize) {
    let end = (at + 1..chars.len().min(at + 34)).find(|&j| chars[j] == ';');
    let Some(end) = end else {
        return ("&".into(), at + 1);
    };
    let body: String = chars[at + 1..end].iter().collect();
    let numeric = |digits: &str, radix: u32| {
        u32::from_str_radix(digits, radix).ok().map(|n| match n {
            // NUL and code points that are not characters become U+FFFD, as in browsers
            0 => '\u{fffd}',
            n => char::from_u32(n).unwrap_or('\u{fffd}'),
        })
    };
    let c = if let Some(hex) = body.strip_prefix("#x").or_else(|| body.strip_prefix("#X")) {
        numeric(hex, 16)
    } else if let Some(dec) = body.strip_prefix('#') {
        numeric(dec, 10)
    } else {
        named(&body)
    };
    match c {
        Some(c) => (c.to_string(), end + 1),
        None => ("&".into(), at + 1),
    }
}

/// The named references that occur in Chinese government pages.
fn named(name: &str) -> Option<char> {
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        "ensp" => '\u{2002}',
        "emsp" => '\u{3000}',
        "thinsp" => '\u{2009}',
        "mdash" => '—',
        "ndash" => '–',
        "hellip" => '…',
        "ldquo" => '“',
        "rdquo" => '”',
        "lsquo" => '‘',
        "rsquo" => '’',
        "middot" => '·',
        "bull" => '•',
        "times" => '×',
        "divide" => '÷',
        "plusmn" => '±',
        "deg" => '°',
        "permil" => '‰',
        "copy" => '©',
        "reg" => '®',
        "yen" => '¥',
        "sup2" => '²',
        "sup3" => '³',
        "le" => '≤',
        "ge" => '≥',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_pages_not_plans() {
        assert!(looks_like_html("\n  <!DOCTYPE html><html>"));
        assert!(looks_like_html("<html lang=\"zh\">"));
        assert!(!looks_like_html("一、总体要求\n推进 a<b 的比较"));
    }

    #[test]
    fn text_of_a_page() {
        let page = "<!doctype html><html><head><title>标题</title>\
            <style>p{color:red}</style><script>var s='<p>不是正文</p>';</script></head>\
            <body><!-- 注释 <p>x</p> --><h1>一、总体要求</h1>\n<p>推进&ldquo;科创&rdquo;\n  走廊&amp;绿谷&#x3002;</p>\
            <p>a &lt; b&nbsp;&#20013;&unknown; & c</p><br><table><tr><td>甲</td><td>乙</td></tr></table></body></html>";
        assert_eq!(
            to_text(page),
            "一、总体要求\n推进“科创” 走廊&绿谷。\na < b 中&unknown; & c\n甲 乙\n"
        );
    }

    #[test]
    fn malformed_markup_never_fails() {
        for s in [
            "<",
            "<!--",
            "<a href=\"x",
            "&#xffffffff;",
            "&#0;",
            "<script>",
            "</",
            "<1>",
        ] {
            let _ = to_text(s);
        }
        assert_eq!(to_text("&#0;&#xD800;"), "\u{fffd}\u{fffd}\n");
        assert_eq!(to_text("1 <2 >3"), "1 <2 >3\n");
    }
}
