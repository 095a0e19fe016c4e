//! Helpers shared by the integration tests.
#![allow(dead_code)]

/// A fresh temporary folder `planmap-<what>-…` in cargo's temporary folder
/// for integration tests (removed when dropped).
pub fn tmp(what: &str) -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix(&format!("planmap-{what}-"))
        .tempdir_in(env!("CARGO_TARGET_TMPDIR"))
        .unwrap()
}

/// Parse `s` as XML (panicking with the position when it is not well formed)
/// and count its elements.
pub fn well_formed_xml(s: &str) -> usize {
    let mut r = quick_xml::Reader::from_str(s);
    let mut elements = 0;
    loop {
        match r.read_event() {
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(quick_xml::events::Event::Start(_) | quick_xml::events::Event::Empty(_)) => {
                elements += 1
            }
            Ok(_) => {}
            Err(e) => panic!("not well-formed XML at {}: {e}", r.buffer_position()),
        }
    }
    elements
}
