//! The ID3 writer and tag reader: title and chapters written read back equal.
//! The body is `bodies::id3`, which `cargo test` also replays on the stable toolchain.
#![no_main]

#[path = "../bodies.rs"]
#[allow(dead_code)]
mod bodies;

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| bodies::id3(bytes));
