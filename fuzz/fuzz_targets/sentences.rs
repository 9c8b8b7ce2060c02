//! Sentence splitting and the long-sentence guard: pieces non-empty and short enough.
//! The body is `bodies::sentences`, which `cargo test` also replays on the stable toolchain.
#![no_main]

#[path = "../bodies.rs"]
#[allow(dead_code)]
mod bodies;

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| bodies::sentences(bytes));
