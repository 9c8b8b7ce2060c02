//! Markdown extraction and sniffing of any text: no block is blank.
//! The body is `bodies::markdown`, which `cargo test` also replays on the stable toolchain.
#![no_main]

#[path = "../bodies.rs"]
#[allow(dead_code)]
mod bodies;

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| bodies::markdown(bytes));
