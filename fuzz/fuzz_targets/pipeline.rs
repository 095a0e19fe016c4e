//! bytes → decode → restore → outline → extract (`planmap::build_bytes`).
#![no_main]

#[path = "../bodies.rs"]
mod bodies;

libfuzzer_sys::fuzz_target!(|data: &[u8]| bodies::pipeline(data));
