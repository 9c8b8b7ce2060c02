//! Stage 1c: an HTML page in, [`Article`] out.
//!
//! Placeholder until the extractor lands.

use super::{Article, CleanError};

/// Whether decoded input is an HTML document rather than plain text.
pub fn looks_like_html(text: &str) -> bool {
    let head: String = text
        .trim_start()
        .chars()
        .take(1024)
        .collect::<String>()
        .to_ascii_lowercase();
    head.starts_with("<!doctype html") || head.starts_with("<html") || head.contains("<body")
}

pub fn extract(_html: &str) -> Result<Article, CleanError> {
    Err(CleanError::NoArticle)
}
