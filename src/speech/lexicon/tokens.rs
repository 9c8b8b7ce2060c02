//! Words of a text with their byte spans, and the separators between them: what lexicon
//! entries are matched against. A word is a maximal run of letters, marks and digits, so
//! "Kyiv" never matches inside "Kyivstar" and does match in "Moscow-Kyiv".

use std::ops::Range;

/// A text split into words; the separators are the text between their spans.
#[derive(Debug)]
pub(super) struct Tokens<'a> {
    pub(super) spans: Vec<Range<usize>>,
    text: &'a str,
    /// Each word lowercased (for case-insensitive matching).
    pub(super) lower: Vec<String>,
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

impl<'a> Tokens<'a> {
    pub(super) fn new(text: &'a str) -> Tokens<'a> {
        let mut spans = Vec::new();
        let mut start = None;
        for (i, c) in text.char_indices() {
            match (is_word_char(c), start) {
                (true, None) => start = Some(i),
                (false, Some(s)) => {
                    spans.push(s..i);
                    start = None;
                }
                _ => {}
            }
        }
        if let Some(s) = start {
            spans.push(s..text.len());
        }
        let lower = spans
            .iter()
            .map(|r| text[r.clone()].to_lowercase())
            .collect();
        Tokens { spans, text, lower }
    }

    pub(super) fn len(&self) -> usize {
        self.spans.len()
    }

    pub(super) fn word(&self, i: usize) -> &'a str {
        &self.text[self.spans[i].clone()]
    }

    /// The separator between word `i - 1` and word `i`.
    pub(super) fn sep_before(&self, i: usize) -> &'a str {
        &self.text[self.spans[i - 1].end..self.spans[i].start]
    }
}

/// Separators match when both are whitespace, or equal with apostrophes folded.
pub(super) fn same_separator(entry: &str, text: &str) -> bool {
    let fold = |s: &str| s.replace('’', "'");
    if entry.trim().is_empty() {
        !text.is_empty() && text.trim().is_empty()
    } else {
        fold(entry) == fold(text)
    }
}
