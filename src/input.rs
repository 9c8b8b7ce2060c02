//! Reading what the user named: a file or standard input (`-`), as bytes, as a cleaned
//! [`Article`] or as plain text, with errors that name the input.

use std::io::Read;

use anyhow::{Context, Result};

use crate::article::{self, Article};

/// How an input is named in messages: its path, or `<stdin>` for `-`.
pub fn display_name(input: &str) -> &str {
    if input == "-" {
        "<stdin>"
    } else {
        input
    }
}

/// The bytes of a file, or of standard input for `-`.
pub fn read_bytes(input: &str) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    if input == "-" {
        std::io::stdin()
            .read_to_end(&mut bytes)
            .context("cannot read standard input")?;
    } else {
        bytes = std::fs::read(input).with_context(|| format!("cannot read {input}"))?;
    }
    Ok(bytes)
}

/// The article in a file or standard input, cleaned.
pub fn read_article(input: &str) -> Result<Article> {
    let bytes = read_bytes(input)?;
    article::clean(&bytes).with_context(|| display_name(input).to_owned())
}

/// Plain text from a file or standard input (absent: standard input), decoded like an
/// article.
pub fn read_text(input: Option<&str>) -> Result<String> {
    let input = input.unwrap_or("-");
    let bytes = read_bytes(input)?;
    if bytes.is_empty() {
        return Ok(String::new());
    }
    article::decode::decode(&bytes).with_context(|| display_name(input).to_owned())
}
