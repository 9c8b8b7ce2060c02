//! Name finding and rule hints: hint spans on character boundaries.
//! The body is `bodies::names`, which `cargo test` also replays on the stable toolchain.
#![no_main]

#[path = "../bodies.rs"]
#[allow(dead_code)]
mod bodies;

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| bodies::names(bytes));
