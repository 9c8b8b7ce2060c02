//! Stage 2c: an article in, the proper names it mentions out (for pronunciation hints).
//!
//! Placeholder.

use serde::Serialize;

use crate::article::Article;

/// One proper name and how narrate will say it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NameReport {
    pub name: String,
    pub count: usize,
    pub respelling: Option<String>,
    pub ipa: Option<String>,
    pub source: Option<String>,
}

pub fn find(_article: &Article) -> Vec<NameReport> {
    Vec::new()
}
