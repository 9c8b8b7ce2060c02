//! Spoken forms, with and without the spans back into the written text.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let _ = narrate::speech::normalize::normalize(text);
    let spoken = narrate::speech::normalize::normalize_with_spans(text);
    for word in &spoken.words {
        assert!(word.source.end <= text.len());
    }
});
