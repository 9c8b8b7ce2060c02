//! Stage 1: raw bytes (scraped text or HTML) in, [`Article`] out.
//!
//! [`clean`] decodes the bytes ([`decode`]), then sends HTML to [`html`] and everything
//! else to [`text`]; both produce the same `Article`.

pub mod dates;
pub mod decode;
pub mod html;
mod junk;
pub mod text;

use serde::{Deserialize, Serialize};

/// A cleaned article: what is worth reading aloud, nothing else.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Article {
    pub title: Option<String>,
    pub byline: Option<String>,
    /// Publication date as `YYYY-MM-DD`.
    pub published: Option<String>,
    pub blocks: Vec<Block>,
}

/// One block of the article body, in reading order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Block {
    pub kind: BlockKind,
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BlockKind {
    Heading,
    Paragraph,
}

/// Why an input could not be turned into an article.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum CleanError {
    #[error("the file is empty")]
    Empty,
    #[error("the file is binary data, not text or HTML")]
    Binary,
    #[error("no article text found")]
    NoArticle,
}

/// Paragraph blocks of the given texts, for tests of the body filters.
#[cfg(test)]
pub(crate) fn paragraphs(texts: &[&str]) -> Vec<Block> {
    texts
        .iter()
        .map(|t| Block {
            kind: BlockKind::Paragraph,
            text: t.to_string(),
        })
        .collect()
}

impl Article {
    /// The cleaned article as text, as `narrate clean` prints it: `title:`, `byline:`
    /// and `published:` lines, then the blocks, headings marked `## `.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        for (label, value) in [
            ("title", &self.title),
            ("byline", &self.byline),
            ("published", &self.published),
        ] {
            if let Some(value) = value {
                out.push_str(&format!("{label}: {value}\n"));
            }
        }
        for block in &self.blocks {
            let prefix = if block.kind == BlockKind::Heading {
                "## "
            } else {
                ""
            };
            out.push_str(&format!("\n{prefix}{}\n", block.text));
        }
        out
    }
}

/// Clean raw input bytes into an article.
pub fn clean(bytes: &[u8]) -> Result<Article, CleanError> {
    let text = decode::decode(bytes)?;
    let article = if html::looks_like_html(&text) {
        html::extract(&text)?
    } else {
        text::clean(&text)?
    };
    if article
        .blocks
        .iter()
        .all(|b| b.kind != BlockKind::Paragraph)
    {
        return Err(CleanError::NoArticle);
    }
    Ok(article)
}
