//! Plain-text cleaning: any bytes that do not look like HTML.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let _ = narrate::article::text::clean(text);
});
