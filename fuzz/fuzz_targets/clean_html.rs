//! Decoding and HTML extraction (with the depth and size guards) of any bytes.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let _ = narrate::article::clean(bytes);
    if let Ok(text) = std::str::from_utf8(bytes) {
        let _ = narrate::article::html::extract(text);
    }
});
