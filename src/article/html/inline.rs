//! Stage 1c helper: the page's inline-element joins in, extracted text without the spaces
//! the extractor put at them out.
//!
//! trafilatura's text joins the text of every element with a space, so a drop cap
//! (`<span>T</span>he`), a superscript (`m<sup>2</sup>`), emphasis inside a word
//! (`s<em>elbst</em>`) or a link before punctuation (`<a>BGB</a>)`) comes out as "T he",
//! "m 2", "s elbst", "BGB )". Inline elements join their text without a space: the pairs of
//! words the page glues across an inline tag are collected from the source, and the
//! extracted text loses the space between exactly those pairs.

use regex::Regex;
use std::collections::HashSet;
use std::sync::LazyLock;

/// A run of inline tags (opening or closing, one or more in a row).
static INLINE_TAGS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?:</?(?:a|abbr|b|bdi|cite|code|em|font|i|mark|q|s|small|span|strong|sub|sup|time|u)\b[^<>]*>)+",
    )
    .expect("static regex")
});

/// Most pairs one page may contribute (bounds the work on pathological pages).
const MAX_PAIRS: usize = 2_000;

/// The pairs of words the page writes glued together across inline tags, as
/// `("left right", "leftright")`.
pub fn glued_pairs(html: &str) -> Vec<(String, String)> {
    let body = html
        .to_ascii_lowercase()
        .find("<body")
        .map_or(html, |start| &html[start..]);
    let text_char = |c: char| !c.is_whitespace() && c != '<' && c != '>';
    let mut seen = HashSet::new();
    let mut pairs = Vec::new();
    for tags in INLINE_TAGS.find_iter(body) {
        let before = &body[..tags.start()];
        let left_start = before
            .char_indices()
            .rev()
            .take_while(|(_, c)| text_char(*c))
            .last()
            .map_or(before.len(), |(i, _)| i);
        let after = &body[tags.end()..];
        let right_len = after
            .char_indices()
            .find(|(_, c)| !text_char(*c))
            .map_or(after.len(), |(i, _)| i);
        let (left, right) = (decode(&before[left_start..]), decode(&after[..right_len]));
        let clean = |t: &str| !t.is_empty() && !t.contains(char::is_whitespace);
        if clean(&left) && clean(&right) {
            let spaced = format!("{left} {right}");
            if seen.insert(spaced.clone()) {
                pairs.push((spaced, format!("{left}{right}")));
                if pairs.len() == MAX_PAIRS {
                    break;
                }
            }
        }
    }
    pairs
}

fn decode(token: &str) -> String {
    html_escape::decode_html_entities(token).into_owned()
}

/// The text with the space of each glued pair removed.
pub fn rejoin(text: &str, pairs: &[(String, String)]) -> String {
    let mut text = text.to_owned();
    for (spaced, glued) in pairs {
        if text.contains(spaced.as_str()) {
            text = text.replace(spaced.as_str(), glued);
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drop_caps_superscripts_and_emphasis_inside_words_rejoin() {
        let html = r#"<body><p><span class="dc">Z</span>imbabwe has 5000 m<sup>2</sup> of s<em>elbst</em>gebaut (<a href="/x">BGB</a>).</p></body>"#;
        let pairs = glued_pairs(html);
        let text = rejoin("Z imbabwe has 5000 m 2 of s elbst gebaut ( BGB ).", &pairs);
        assert_eq!(text, "Zimbabwe has 5000 m2 of selbstgebaut (BGB).");
    }

    #[test]
    fn words_separated_in_the_page_stay_separate() {
        let html = "<body><p>The <b>old</b> bridge</p></body>";
        assert!(glued_pairs(html).is_empty());
        assert_eq!(
            rejoin("The old bridge", &glued_pairs(html)),
            "The old bridge"
        );
    }
}
