//! The text of a Word `.docx` file: a ZIP archive whose `word/document.xml`
//! holds the body as WordprocessingML.
//!
//! Only what a plan needs is read: the ZIP central directory, the one entry
//! `word/document.xml` (stored or deflated, decompressed with a size limit so
//! a ZIP bomb cannot exhaust memory), and in it the text runs (`<w:t>`), tabs,
//! line breaks and paragraph ends. Deleted text (`<w:delText>`), field codes
//! (`<w:instrText>`) and everything else are left out. Encrypted entries,
//! ZIP64 and other compression methods are refused with a reason.

/// Largest `word/document.xml` inflated, in bytes (a plan's XML is a few MB).
pub const MAX_XML_BYTES: usize = 64 * 1024 * 1024;

/// What went wrong reading a `.docx` file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DocxError {
    /// A ZIP archive without `word/document.xml` (an .xlsx, .pptx, or any other archive).
    NotDocx,
    /// A `.docx` whose text cannot be read, and why.
    Damaged(String),
}

/// Whether `bytes` start like a ZIP archive.
pub fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06")
}

/// The text of a `.docx` file: one paragraph a line.
pub fn to_text(bytes: &[u8]) -> Result<String, DocxError> {
    let xml = document_xml(bytes)?;
    let xml = std::str::from_utf8(&xml)
        .map_err(|_| DocxError::Damaged("word/document.xml is not UTF-8".into()))?;
    Ok(xml_text(xml))
}

fn u16_at(b: &[u8], at: usize) -> Option<usize> {
    b.get(at..at + 2)
        .map(|s| u16::from_le_bytes([s[0], s[1]]) as usize)
}

fn u32_at(b: &[u8], at: usize) -> Option<usize> {
    b.get(at..at + 4)
        .map(|s| u32::from_le_bytes([s[0], s[1], s[2], s[3]]) as usize)
}

fn damaged(what: &str) -> DocxError {
    DocxError::Damaged(what.to_string())
}

/// The inflated bytes of `word/document.xml`.
fn document_xml(b: &[u8]) -> Result<Vec<u8>, DocxError> {
    // End of central directory: 22 bytes plus a comment of up to 64 KiB, at the end.
    let min = b.len().saturating_sub(22 + 0xFFFF);
    let eocd = (min..b.len().saturating_sub(21))
        .rev()
        .find(|&i| b[i..].starts_with(b"PK\x05\x06"))
        .ok_or_else(|| damaged("the ZIP directory is missing (the file is cut short?)"))?;
    let entries = u16_at(b, eocd + 10).ok_or_else(|| damaged("bad ZIP directory"))?;
    let dir_at = u32_at(b, eocd + 16).ok_or_else(|| damaged("bad ZIP directory"))?;
    if dir_at == 0xFFFF_FFFF {
        return Err(damaged("ZIP64 archives are not supported"));
    }
    let mut at = dir_at;
    for _ in 0..entries {
        if b.get(at..at + 4) != Some(b"PK\x01\x02") {
            return Err(damaged("bad ZIP directory entry"));
        }
        let field = |off: usize| u16_at(b, at + off).ok_or_else(|| damaged("bad ZIP directory"));
        let flags = field(8)?;
        let method = field(10)?;
        let csize = u32_at(b, at + 20).ok_or_else(|| damaged("bad ZIP directory"))?;
        let usize_ = u32_at(b, at + 24).ok_or_else(|| damaged("bad ZIP directory"))?;
        let (name_len, extra_len, comment_len) = (field(28)?, field(30)?, field(32)?);
        let local = u32_at(b, at + 42).ok_or_else(|| damaged("bad ZIP directory"))?;
        let name = b
            .get(at + 46..at + 46 + name_len)
            .ok_or_else(|| damaged("bad ZIP directory"))?;
        at += 46 + name_len + extra_len + comment_len;
        if name != b"word/document.xml" {
            continue;
        }
        if flags & 1 != 0 {
            return Err(damaged("it is encrypted (password-protected)"));
        }
        if csize == 0xFFFF_FFFF || usize_ == 0xFFFF_FFFF || local == 0xFFFF_FFFF {
            return Err(damaged("ZIP64 archives are not supported"));
        }
        if b.get(local..local + 4) != Some(b"PK\x03\x04") {
            return Err(damaged("bad ZIP entry header"));
        }
        let lname = u16_at(b, local + 26).ok_or_else(|| damaged("bad ZIP entry header"))?;
        let lextra = u16_at(b, local + 28).ok_or_else(|| damaged("bad ZIP entry header"))?;
        let start = local + 30 + lname + lextra;
        let data = b
            .get(start..start.saturating_add(csize))
            .ok_or_else(|| damaged("word/document.xml is cut short"))?;
        return match method {
            0 if data.len() <= MAX_XML_BYTES => Ok(data.to_vec()),
            8 => miniz_oxide::inflate::decompress_to_vec_with_limit(data, MAX_XML_BYTES).map_err(
                |e| match e.status {
                    miniz_oxide::inflate::TINFLStatus::HasMoreOutput => {
                        damaged("word/document.xml inflates to more than 64 MiB (a ZIP bomb?)")
                    }
                    _ => damaged("word/document.xml cannot be decompressed"),
                },
            ),
            0 => Err(damaged("word/document.xml is larger than 64 MiB")),
            m => Err(DocxError::Damaged(format!(
                "word/document.xml uses ZIP compression method {m}, not stored or deflate"
            ))),
        };
    }
    Err(DocxError::NotDocx)
}

/// The text of WordprocessingML: `<w:t>` content, `<w:tab/>` as a tab,
/// `<w:br/>`/`<w:cr/>` and paragraph ends as newlines; empty paragraphs are
/// left out.
fn xml_text(xml: &str) -> String {
    let mut out = String::with_capacity(xml.len() / 4);
    let mut line = String::new();
    let mut in_text = false;
    let mut rest = xml;
    while let Some(lt) = rest.find('<') {
        if in_text {
            unescape_into(&rest[..lt], &mut line);
        }
        let after = &rest[lt..];
        let Some(gt) = after.find('>') else { break };
        let tag = &after[1..gt];
        rest = &after[gt + 1..];
        let closing = tag.starts_with('/');
        let name = tag
            .trim_start_matches('/')
            .split(|c: char| c.is_whitespace() || c == '/')
            .next()
            .unwrap_or("");
        match name {
            "w:t" => in_text = !closing && !tag.ends_with('/'),
            "w:tab" if !closing => line.push('\t'),
            "w:br" | "w:cr" if !closing => end_line(&mut line, &mut out),
            "w:p" if closing || tag.ends_with('/') => end_line(&mut line, &mut out),
            _ => {}
        }
    }
    end_line(&mut line, &mut out);
    out
}

fn end_line(line: &mut String, out: &mut String) {
    let t = line.trim();
    if !t.is_empty() {
        out.push_str(t);
        out.push('\n');
    }
    line.clear();
}

/// Append XML character data with its five predefined entities and numeric
/// references decoded (anything else is kept as written).
fn unescape_into(s: &str, out: &mut String) {
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp..];
        let Some(semi) = after[..after.len().min(12)].find(';') else {
            out.push('&');
            rest = &after[1..];
            continue;
        };
        let body = &after[1..semi];
        let c = match body {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => body
                .strip_prefix("#x")
                .map(|h| u32::from_str_radix(h, 16))
                .or_else(|| body.strip_prefix('#').map(str::parse::<u32>))
                .and_then(|r| r.ok())
                .map(|n| {
                    char::from_u32(n)
                        .filter(|c| *c != '\0')
                        .unwrap_or('\u{fffd}')
                }),
        };
        match c {
            Some(c) => {
                out.push(c);
                rest = &after[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_tabs_breaks_and_paragraphs() {
        let xml = r#"<?xml version="1.0"?><w:document><w:body>
            <w:p><w:r><w:t>一、</w:t></w:r><w:proofErr/><w:r><w:t xml:space="preserve">总体 </w:t></w:r><w:r><w:t>要求</w:t></w:r></w:p>
            <w:p/><w:p><w:r><w:instrText>PAGE</w:instrText><w:delText>删去</w:delText><w:t>甲&amp;乙</w:t><w:tab/><w:t>&#x4E19;</w:t><w:br/><w:t>丁</w:t></w:r></w:p>
            </w:body></w:document>"#;
        assert_eq!(xml_text(xml), "一、总体 要求\n甲&乙\t丙\n丁\n");
    }

    #[test]
    fn broken_archives_are_errors_not_panics() {
        assert!(matches!(to_text(b"PK\x03\x04"), Err(DocxError::Damaged(_))));
        assert!(matches!(
            to_text(b"PK\x05\x06\0\0\0\0\x01\0\x01\0\0\0\0\0\xff\xff\xff\x7f\0\0"),
            Err(DocxError::Damaged(_))
        ));
        assert_eq!(
            to_text(b"PK\x05\x06\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0"),
            Err(DocxError::NotDocx)
        );
    }
}
