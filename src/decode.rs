//! Bytes → canonical text (before restoration).
//!
//! Order: size check → Word `.docx` (ZIP) → BOM sniff (UTF-8, UTF-16LE/BE) →
//! binary sniff → UTF-8 validity → nearly-valid UTF-8 → chardetng guess
//! (GB18030/GBK, Big5, …) → decode → CRLF/CR → LF → HTML page → text.
//!
//! Decoding is strict, with one exception: UTF-8 in which at least 99 % of
//! the non-ASCII bytes form valid sequences (a file damaged in a few places)
//! is decoded with U+FFFD for each bad sequence and a `decode-replaced`
//! warning at each, rather than guessed as another encoding and turned into
//! mojibake. Anything else malformed is refused, so offsets never point at
//! invented text.
//!
//! ## Why a size limit rather than a streamed build
//!
//! A plan is well under 1 MB of text (the shipped one is 71 KB; a national
//! five-year plan about 0.5 MB). Every later stage needs the whole text at
//! once — the outline is read across lines, links compare every measure with
//! every other, the graph is built and indexed in memory, and the database
//! stores the full text for the evidence reader — so streaming the decoder
//! alone would bound nothing. Instead input over [`MAX_INPUT_BYTES`] is
//! refused before it is read: `build_file` checks the file's size first and
//! reads at most one byte past the limit, so a 200 MB file or an endless
//! stream costs no more than 32 MiB of memory.

use crate::error::{Error, Result};
use crate::model::{Diagnostic, Level};
use crate::{docx, html};

/// Largest input accepted, in bytes. A plan is well under 1 MB; a 32 MB cap
/// keeps memory bounded (the whole text is held, indexed and stored) while
/// leaving room for the largest real documents (national plans ≈ 0.5 MB).
pub const MAX_INPUT_BYTES: u64 = 32 * 1024 * 1024;

/// Most `decode-replaced` diagnostics reported one by one; further
/// replacements are summed up in one more.
pub const MAX_REPLACED_DIAGNOSTICS: usize = 50;

/// Decoded text and what was learned on the way.
#[derive(Debug, Clone, PartialEq)]
pub struct Decoded {
    /// Text with LF line endings and no BOM.
    pub text: String,
    /// Name of the encoding the input was read as.
    pub encoding: &'static str,
    /// What the text was taken out of: `text`, `HTML` or `Word .docx`.
    pub container: &'static str,
    /// Whether a byte-order mark was removed.
    pub had_bom: bool,
    /// Whether CRLF or CR line endings were normalised.
    pub normalised_newlines: bool,
    /// Warnings about the decoding (`decode-replaced`), with character spans
    /// into `text`.
    pub diagnostics: Vec<Diagnostic>,
}

/// Decode raw bytes into canonical (unrestored) text.
pub fn decode(bytes: &[u8]) -> Result<Decoded> {
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err(Error::TooLarge {
            size: bytes.len() as u64,
            limit: MAX_INPUT_BYTES,
        });
    }
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(Error::Empty);
    }
    if docx::is_zip(bytes) {
        let text = docx::to_text(bytes).map_err(|e| match e {
            docx::DocxError::NotDocx => {
                Error::Binary("it is a ZIP archive but not a Word .docx file".into())
            }
            docx::DocxError::Damaged(why) => Error::Binary(format!(
                "it looks like a Word .docx file, but its text cannot be read: {why}; \
                 save it again in Word, or as plain text (文件 → 另存为 → 纯文本)"
            )),
        })?;
        return finish(text, "UTF-8", "Word .docx", false, false);
    }
    let mut lossy = false;
    let (text, encoding, had_bom) = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        match strict(encoding_rs::UTF_8, rest) {
            Ok(t) => (t, "UTF-8", true),
            Err(e) => match nearly_utf8(rest) {
                Some(t) => {
                    lossy = true;
                    (t, "UTF-8", true)
                }
                None => return Err(e),
            },
        }
    } else if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        (strict(encoding_rs::UTF_16LE, rest)?, "UTF-16LE", true)
    } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        (strict(encoding_rs::UTF_16BE, rest)?, "UTF-16BE", true)
    } else if let Some(enc) = sniff_utf16(bytes) {
        (strict(enc, bytes)?, enc.name(), false)
    } else {
        if let Some(kind) = sniff_binary(bytes) {
            return Err(Error::Binary(kind));
        }
        match std::str::from_utf8(bytes) {
            Ok(s) => (s.to_string(), "UTF-8", false),
            Err(_) => match nearly_utf8(bytes) {
                Some(t) => {
                    lossy = true;
                    (t, "UTF-8", false)
                }
                None => {
                    let mut det =
                        chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
                    det.feed(bytes, true);
                    let enc = det.guess(None, chardetng::Utf8Detection::Deny);
                    let enc = if enc == encoding_rs::UTF_8 {
                        encoding_rs::GB18030
                    } else {
                        enc
                    };
                    (strict(enc, bytes)?, enc.name(), false)
                }
            },
        }
    };
    if let Some(pos) = text.find('\u{0}') {
        let line = text[..pos].matches('\n').count() + 1;
        return Err(Error::Binary(format!(
            "it contains NUL characters, the first on line {line}"
        )));
    }
    let normalised_newlines = text.contains('\r');
    let text = if normalised_newlines {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text
    };
    if html::looks_like_html(&text) {
        let mut d = finish(html::to_text(&text), encoding, "HTML", had_bom, lossy)?;
        d.normalised_newlines = normalised_newlines;
        return Ok(d);
    }
    let mut d = finish(text, encoding, "text", had_bom, lossy)?;
    d.normalised_newlines = normalised_newlines;
    Ok(d)
}

/// The last checks on decoded text, and the `decode-replaced` diagnostics.
fn finish(
    text: String,
    encoding: &'static str,
    container: &'static str,
    had_bom: bool,
    lossy: bool,
) -> Result<Decoded> {
    if text.contains('\u{0}') {
        return Err(Error::Binary("it contains NUL characters".into()));
    }
    if text.trim().is_empty() {
        return Err(if container == "text" {
            Error::Empty
        } else {
            Error::Binary(format!("it is {} with no text in it", article(container)))
        });
    }
    let diagnostics = if lossy { replaced(&text) } else { Vec::new() };
    Ok(Decoded {
        text,
        encoding,
        container,
        had_bom,
        normalised_newlines: false,
        diagnostics,
    })
}

fn article(container: &str) -> String {
    match container {
        "HTML" => "an HTML page".into(),
        c => format!("a {c} file"),
    }
}

/// UTF-8 with a few bad sequences: when at least 99 % of the non-ASCII bytes
/// (and at least 30 of them) form valid UTF-8, the text with each bad
/// sequence replaced by U+FFFD. `None` for anything else (another encoding).
fn nearly_utf8(bytes: &[u8]) -> Option<String> {
    let (mut good, mut bad) = (0usize, 0usize);
    let mut rest = bytes;
    loop {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                good += s.bytes().filter(|b| !b.is_ascii()).count();
                break;
            }
            Err(e) => {
                let valid = e.valid_up_to();
                good += rest[..valid].iter().filter(|b| !b.is_ascii()).count();
                let n = e.error_len().unwrap_or(rest.len() - valid);
                bad += n;
                rest = &rest[valid + n..];
            }
        }
    }
    if good >= 30 && bad * 100 <= (good + bad) {
        Some(String::from_utf8_lossy(bytes).into_owned())
    } else {
        None
    }
}

/// One `decode-replaced` warning per run of U+FFFD, up to
/// [`MAX_REPLACED_DIAGNOSTICS`], then one that counts the rest.
fn replaced(text: &str) -> Vec<Diagnostic> {
    let mut runs: Vec<[usize; 2]> = Vec::new();
    for (i, c) in text.chars().enumerate() {
        if c == '\u{fffd}' {
            match runs.last_mut() {
                Some(r) if r[1] == i => r[1] = i + 1,
                _ => runs.push([i, i + 1]),
            }
        }
    }
    let mut out: Vec<Diagnostic> = runs
        .iter()
        .take(MAX_REPLACED_DIAGNOSTICS)
        .map(|&span| Diagnostic {
            level: Level::Warning,
            code: "decode-replaced".into(),
            span,
            message: format!(
                "{} invalid UTF-8 byte sequence{} replaced by U+FFFD (\u{fffd})",
                span[1] - span[0],
                if span[1] - span[0] == 1 {
                    " was"
                } else {
                    "s were"
                }
            ),
        })
        .collect();
    if runs.len() > MAX_REPLACED_DIAGNOSTICS {
        let more = &runs[MAX_REPLACED_DIAGNOSTICS..];
        out.push(Diagnostic {
            level: Level::Warning,
            code: "decode-replaced".into(),
            span: [more[0][0], more[more.len() - 1][1]],
            message: format!(
                "{} more places with invalid UTF-8 were replaced by U+FFFD (\u{fffd})",
                more.len()
            ),
        });
    }
    out
}

fn strict(enc: &'static encoding_rs::Encoding, bytes: &[u8]) -> Result<String> {
    let (cow, had_errors) = enc.decode_without_bom_handling(bytes);
    if had_errors {
        return Err(Error::Undecodable);
    }
    Ok(cow.into_owned())
}

/// UTF-16 without a BOM: many NUL bytes in alternating positions.
fn sniff_utf16(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    if bytes.len() < 4 || bytes.len() % 2 != 0 {
        return None;
    }
    let sample = &bytes[..bytes.len().min(4096)];
    let (mut even, mut odd) = (0usize, 0usize);
    for (i, b) in sample.iter().enumerate() {
        if *b == 0 {
            if i % 2 == 0 {
                even += 1
            } else {
                odd += 1
            }
        }
    }
    let half = sample.len() / 2;
    // ASCII-heavy UTF-16 has a NUL in nearly every other byte; CJK-heavy UTF-16
    // has few. Only the former can be told apart from binary without a BOM.
    if odd * 10 > half * 4 && even * 20 < half {
        Some(encoding_rs::UTF_16LE)
    } else if even * 10 > half * 4 && odd * 20 < half {
        Some(encoding_rs::UTF_16BE)
    } else {
        None
    }
}

/// Known binary signatures, or a high share of control bytes.
fn sniff_binary(bytes: &[u8]) -> Option<String> {
    const MAGIC: &[(&[u8], &str)] = &[
        (b"\x89PNG\r\n\x1a\n", "a PNG image"),
        (b"%PDF-", "a PDF document"),
        (b"\xFF\xD8\xFF", "a JPEG image"),
        (b"GIF8", "a GIF image"),
        (b"\x1F\x8B", "a gzip archive"),
        (b"\xD0\xCF\x11\xE0", "an old Word .doc (or other Office) file: save it as .docx or as plain text, 文件 → 另存为 → 纯文本"),
        (b"SQLite format 3\0", "an SQLite database"),
        (b"\x7FELF", "an executable"),
    ];
    for (magic, what) in MAGIC {
        if bytes.starts_with(magic) {
            return Some(format!("it looks like {what}"));
        }
    }
    let sample = &bytes[..bytes.len().min(8192)];
    let nul = sample.iter().filter(|b| **b == 0).count();
    let ctrl = sample
        .iter()
        .filter(|b| **b < 0x20 && !matches!(**b, b'\n' | b'\r' | b'\t' | 0x0C))
        .count();
    if nul > 0 && std::str::from_utf8(bytes).is_err() {
        return Some("it contains NUL bytes".into());
    }
    if ctrl * 20 > sample.len() {
        return Some("it is mostly control bytes".into());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_bom_crlf() {
        let d = decode("\u{feff}一、标题\r\n正文\r最后".as_bytes()).unwrap();
        assert_eq!(d.text, "一、标题\n正文\n最后");
        assert!(d.had_bom && d.normalised_newlines);
    }

    #[test]
    fn gbk_and_utf16() {
        let s = "中共嘉兴市委关于制定嘉兴市国民经济和社会发展第十四个五年规划的建议。加快建设长三角核心区。";
        let (gbk, _, _) = encoding_rs::GBK.encode(s);
        assert_eq!(decode(&gbk).unwrap().text, s);
        let mut le = vec![0xFF, 0xFE];
        for u in s.encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(decode(&le).unwrap().text, s);
    }

    #[test]
    fn refusals() {
        assert!(matches!(decode(b""), Err(Error::Empty)));
        assert!(matches!(decode(b" \n\t"), Err(Error::Empty)));
        assert!(matches!(
            decode(b"\x89PNG\r\n\x1a\n\0\0"),
            Err(Error::Binary(_))
        ));
        assert!(matches!(decode(b"%PDF-1.4 ..."), Err(Error::Binary(_))));
        assert!(matches!(decode(b"abc\0def\xff"), Err(Error::Binary(_))));
    }
}
