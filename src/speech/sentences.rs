//! Stage 2a: text in, sentences out.
//!
//! Placeholder: UAX #29 sentence bounds only.

use unicode_segmentation::UnicodeSegmentation;

/// Split text into trimmed, non-empty sentences.
pub fn split(text: &str) -> Vec<&str> {
    text.split_sentence_bounds()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect()
}
