//! Stage 1: raw bytes (scraped text or HTML) in, [`Article`] out.
//!
//! [`clean`] decodes the bytes ([`decode`]), then sends HTML to [`html`], Markdown to
//! [`markdown`] and everything else to [`text`] (hard-wrapped lines joined first, see
//! [`wrap`]); all produce the same `Article`, whose texts then lose any markup, entity or
//! mojibake left (`markup`). Line furniture is recognised by patterns (`junk`) and by
//! per-language phrase data (`phrases`, files in `src/article/phrases/`). The back matter
//! of encyclopedia pages is dropped ([`reference`]). Any text with a word in it is an
//! article: when the cleaners find no body (a one-line note, a headline, an HTML
//! fragment), every paragraph is read.

pub mod dates;
pub mod decode;
pub mod html;
mod junk;
pub mod language;
pub mod markdown;
mod markup;
mod phrases;
pub mod reference;
pub mod text;
pub mod wrap;

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
    #[error("no article found: the page is a menu, a grid of links or a listing, not prose")]
    NotProse,
}

/// Paragraph blocks of the given texts (tests, fuzz targets).
pub fn paragraphs(texts: &[&str]) -> Vec<Block> {
    texts
        .iter()
        .map(|t| Block {
            kind: BlockKind::Paragraph,
            text: t.to_string(),
        })
        .collect()
}

/// The article with markup, entities, mojibake and code removed from every text a voice
/// reads ([`markup`]).
fn speech_safe(article: Article) -> Article {
    let said = |t: Option<String>| t.map(|t| markup::speech_text(&t)).filter(|t| !t.is_empty());
    Article {
        title: said(article.title),
        byline: said(article.byline),
        published: article.published,
        blocks: article
            .blocks
            .into_iter()
            .filter(|b| !markup::is_code(&b.text))
            .map(|b| Block {
                text: markup::speech_text(&b.text),
                ..b
            })
            .filter(|b| !b.text.is_empty())
            .collect(),
    }
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
    let html = html::looks_like_html(&text);
    let cleaned = if html {
        html::extract(&text)
    } else if markdown::looks_like_markdown(&text) {
        markdown::extract(&text)
    } else if looks_like_fragment(&text) {
        text::clean(&wrap::join_hard_wraps(&html::strip_tags(&text)))
    } else {
        text::clean(&wrap::join_hard_wraps(&text))
    };
    let mut article = match cleaned {
        Ok(article) => article,
        Err(CleanError::NoArticle) => every_paragraph(&text, html)?,
        Err(other) => return Err(other),
    };
    reference::drop_back_matter(&mut article.blocks);
    let article = speech_safe(article);
    if article
        .blocks
        .iter()
        .all(|b| b.kind != BlockKind::Paragraph)
    {
        return Err(CleanError::NoArticle);
    }
    Ok(article)
}

/// A piece of HTML without a document around it: `<p>Hello <b>world</b></p>`.
fn looks_like_fragment(text: &str) -> bool {
    let text = text.trim_start();
    text.starts_with('<') && text.contains("</")
}

/// The whole text as paragraphs, for inputs where the cleaners found no body: short
/// notes and headlines are articles too. Only text without a letter or digit is refused.
fn every_paragraph(text: &str, html: bool) -> Result<Article, CleanError> {
    let plain = if html || looks_like_fragment(text) {
        html::strip_tags(text)
    } else {
        text.to_owned()
    };
    let blocks: Vec<Block> = wrap::join_hard_wraps(&plain)
        .lines()
        .map(|line| line.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|line| line.chars().any(char::is_alphanumeric))
        .map(|text| Block {
            kind: BlockKind::Paragraph,
            text,
        })
        .collect();
    if blocks.is_empty() {
        return Err(CleanError::NoArticle);
    }
    Ok(Article {
        title: None,
        byline: None,
        published: None,
        blocks,
    })
}
