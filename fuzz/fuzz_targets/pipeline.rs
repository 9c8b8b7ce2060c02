//! The whole text pipeline up to the engine requests (mock voice), as `render` runs it.
//! The body is `bodies::pipeline`, which `cargo test` also replays on the stable toolchain.
#![no_main]

#[path = "../bodies.rs"]
#[allow(dead_code)]
mod bodies;

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| bodies::pipeline(bytes));
