//! Spoken forms of any text in each number style, and of those spoken forms.
//! The body is `bodies::normalize`, which `cargo test` also replays on the stable toolchain.
#![no_main]

#[path = "../bodies.rs"]
#[allow(dead_code)]
mod bodies;

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| bodies::normalize(bytes));
