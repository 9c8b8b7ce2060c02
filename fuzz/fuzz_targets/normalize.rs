//! Spoken forms of any text, in each number style; the spoken form of a spoken form must
//! not panic either (the normalizer runs on its own output when a sentence is re-read).
#![no_main]
use libfuzzer_sys::fuzz_target;
use narrate::speech::normalize::{normalize_in, NumberStyle};

fuzz_target!(|text: &str| {
    for style in [NumberStyle::British, NumberStyle::American, NumberStyle::AsWritten] {
        let spoken = normalize_in(text, style);
        let _ = normalize_in(&spoken, style);
    }
});
