//! The CLI's argument parsing and the queries it runs (node references,
//! search text, counties, kinds, limits, depths) against the shipped plan.
#![no_main]

#[path = "../bodies.rs"]
mod bodies;

libfuzzer_sys::fuzz_target!(|data: &[u8]| bodies::cli_args(data));
