//! Sentence splitting, then the long-sentence guard: every piece is a non-empty slice of
//! at most the guard's length.
#![no_main]
use libfuzzer_sys::fuzz_target;
use narrate::speech::long::{split_long, MAX_PIECE_CHARS};

fuzz_target!(|text: &str| {
    for sentence in narrate::speech::sentences::split(text) {
        assert!(!sentence.is_empty());
        for piece in split_long(sentence) {
            assert!(!piece.is_empty() && piece.chars().count() <= MAX_PIECE_CHARS);
        }
    }
});
