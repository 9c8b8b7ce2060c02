//! Stage 1b: scraped plain text in, [`Article`] out.
//!
//! Placeholder: every blank-line separated block becomes a paragraph; the first is the title.

use super::{Article, Block, BlockKind, CleanError};

pub fn clean(text: &str) -> Result<Article, CleanError> {
    let mut blocks: Vec<String> = text
        .split("\n\n")
        .map(|b| b.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|b| !b.is_empty())
        .collect();
    if blocks.is_empty() {
        return Err(CleanError::NoArticle);
    }
    let title = blocks.remove(0);
    Ok(Article {
        title: Some(title),
        byline: None,
        published: None,
        blocks: blocks
            .into_iter()
            .map(|text| Block {
                kind: BlockKind::Paragraph,
                text,
            })
            .collect(),
    })
}
