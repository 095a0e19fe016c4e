//! Bytes → canonical text (before restoration).
//!
//! Order: size check → BOM sniff (UTF-8, UTF-16LE/BE) → binary sniff → UTF-8
//! validity → chardetng guess (GB18030/GBK, Big5, …) → decode → CRLF/CR → LF.
//! Decoding is strict: input with malformed sequences is refused rather than
//! silently filled with U+FFFD, so offsets never point at invented text.

use crate::error::{Error, Result};

/// Largest input accepted, in bytes. A plan is well under 1 MB; a 32 MB cap
/// keeps memory bounded (the whole text is held, indexed and stored) while
/// leaving room for the largest real documents (national plans ≈ 0.5 MB).
pub const MAX_INPUT_BYTES: u64 = 32 * 1024 * 1024;

/// Decoded text and what was learned on the way.
#[derive(Debug, Clone, PartialEq)]
pub struct Decoded {
    /// Text with LF line endings and no BOM.
    pub text: String,
    /// Name of the encoding the input was read as.
    pub encoding: &'static str,
    /// Whether a byte-order mark was removed.
    pub had_bom: bool,
    /// Whether CRLF or CR line endings were normalised.
    pub normalised_newlines: bool,
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
    let (text, encoding, had_bom) = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        (strict(encoding_rs::UTF_8, rest)?, "UTF-8", true)
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
            Err(_) => {
                let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
                det.feed(bytes, true);
                let enc = det.guess(None, chardetng::Utf8Detection::Deny);
                let enc = if enc == encoding_rs::UTF_8 {
                    encoding_rs::GB18030
                } else {
                    enc
                };
                (strict(enc, bytes)?, enc.name(), false)
            }
        }
    };
    if text.contains('\u{0}') {
        return Err(Error::Binary("it contains NUL characters".into()));
    }
    let normalised_newlines = text.contains('\r');
    let text = if normalised_newlines {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text
    };
    if text.trim().is_empty() {
        return Err(Error::Empty);
    }
    Ok(Decoded {
        text,
        encoding,
        had_bom,
        normalised_newlines,
    })
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
        (b"PK\x03\x04", "a ZIP archive (or a .docx/.xlsx file)"),
        (b"\xFF\xD8\xFF", "a JPEG image"),
        (b"GIF8", "a GIF image"),
        (b"\x1F\x8B", "a gzip archive"),
        (b"\xD0\xCF\x11\xE0", "an old Microsoft Office file"),
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
