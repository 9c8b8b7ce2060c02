//! The WAV writer and marker reader: chapters written read back equal.
//! The body is `bodies::wav_roundtrip`, which `cargo test` also replays on the stable toolchain.
#![no_main]

#[path = "../bodies.rs"]
#[allow(dead_code)]
mod bodies;

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| bodies::wav_roundtrip(bytes));
