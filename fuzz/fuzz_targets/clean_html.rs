//! Decoding and HTML extraction (with the depth and size guards) of any bytes.
//! The body is `bodies::clean_html`, which `cargo test` also replays on the stable toolchain.
#![no_main]

#[path = "../bodies.rs"]
#[allow(dead_code)]
mod bodies;

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| bodies::clean_html(bytes));
