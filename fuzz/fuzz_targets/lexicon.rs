//! Lexicon parsing (TOML and PLS) and applying what parsed to the same text.
//! The body is `bodies::lexicon`, which `cargo test` also replays on the stable toolchain.
#![no_main]

#[path = "../bodies.rs"]
#[allow(dead_code)]
mod bodies;

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| bodies::lexicon(bytes));
