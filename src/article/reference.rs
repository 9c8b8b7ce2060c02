//! Stage 1, after any cleaner: article blocks in, the same blocks without an encyclopedia
//! page's apparatus out.
//!
//! Encyclopedia-style pages (Wikipedia and its copies) end with reference lists, "See
//! also", external links, navigation boxes and category lines, and mark sources inline
//! (`[12]`, `[citation needed]`, `[edit]`). None of it is read: the body ends at the first
//! back-matter heading that follows some text, category and "Retrieved from" lines go, and
//! inline marks are removed.

use std::sync::LazyLock;

use regex::Regex;

use super::{Block, BlockKind};

/// Section headings after which nothing is read.
const BACK_MATTER: &[&str] = &[
    "references",
    "see also",
    "external links",
    "further reading",
    "bibliography",
    "notes and references",
    "references and notes",
    "footnotes",
    "citations",
    "works cited",
    "sources and further reading",
];

/// Drop back matter, page apparatus lines and inline source marks.
pub fn drop_back_matter(blocks: &mut Vec<Block>) {
    let cut = blocks.iter().enumerate().position(|(i, block)| {
        i > 0
            && blocks[..i].iter().any(|b| b.kind == BlockKind::Paragraph)
            && is_back_matter_heading(block)
    });
    if let Some(cut) = cut {
        blocks.truncate(cut);
    }
    blocks.retain(|b| !is_apparatus(&b.text));
    static MARK: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\[ ?(?:[0-9]{1,3}|[a-z]|note [0-9]+|citation needed|edit|clarification needed|who\?|when\?|better source needed) ?\]")
            .expect("static regex")
    });
    for block in blocks.iter_mut() {
        if MARK.is_match(&block.text) {
            let text = MARK.replace_all(&block.text, "");
            block.text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        }
    }
    blocks.retain(|b| !b.text.is_empty());
}

/// A heading (or a short line standing for one) that opens the back matter.
fn is_back_matter_heading(block: &Block) -> bool {
    let text = block.text.to_lowercase().replace("[ edit ]", "[edit]");
    let text = text.trim_end_matches("[edit]").trim().trim_end_matches(':');
    let short = block.kind == BlockKind::Heading || text.split_whitespace().count() <= 4;
    short && BACK_MATTER.contains(&text)
}

/// A line of page apparatus: categories, the page's source and edit notice, a reference
/// entry (`^ Smith, J. (2001) …`).
fn is_apparatus(text: &str) -> bool {
    [
        "Categories:",
        "Category:",
        "Retrieved from ",
        "This page was last edited",
        "^ ",
    ]
    .iter()
    .any(|p| text.starts_with(p))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block(kind: BlockKind, text: &str) -> Block {
        Block {
            kind,
            text: text.into(),
        }
    }

    #[test]
    fn references_see_also_and_categories_are_not_read() {
        let mut blocks = vec![
            block(
                BlockKind::Paragraph,
                "The bridge opened in 1932.[3] It is 503 m long.[citation needed]",
            ),
            block(BlockKind::Heading, "History [ edit ]"),
            block(BlockKind::Paragraph, "Work began in 1923.[a]"),
            block(BlockKind::Heading, "See also"),
            block(BlockKind::Paragraph, "^ Smith, J. (2001). Bridges."),
            block(BlockKind::Paragraph, "List of bridges"),
            block(BlockKind::Paragraph, "References [ edit ]"),
            block(BlockKind::Paragraph, "^ Smith, J. (2001). Bridges."),
            block(BlockKind::Paragraph, "Categories: Bridges | 1932 works"),
        ];
        drop_back_matter(&mut blocks);
        let texts: Vec<&str> = blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "The bridge opened in 1932. It is 503 m long.",
                "History",
                "Work began in 1923."
            ]
        );
    }

    #[test]
    fn a_news_paragraph_about_references_stays() {
        let mut blocks = vec![
            block(BlockKind::Paragraph, "Notes from the meeting were shared."),
            block(
                BlockKind::Paragraph,
                "References to the report were removed.",
            ),
        ];
        let before = blocks.clone();
        drop_back_matter(&mut blocks);
        assert_eq!(blocks, before);
    }
}
