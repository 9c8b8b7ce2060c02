//! Stage 1c: an HTML page in, [`Article`] out.
//!
//! The body comes from `rs-trafilatura` (a Rust port of trafilatura; it scored best on the
//! extraction benchmark, see the commit log); title, byline and date come from `<meta>` and
//! JSON-LD first ([`meta`], read from the parsed page), then from the extractor's own
//! metadata. Pages nested too deeply for a
//! recursive extractor are flattened to text and go through the plain-text cleaner.

use super::dates::normalize_date;
use super::junk::{LineKind, classify, ends_sentence};
use super::phrases::is_staff_role;
use super::{Article, Block, BlockKind, CleanError};
use meta::{PageMeta, clean_value};
use regex::Regex;
use std::sync::LazyLock;

/// Deeper element nesting than this is not handed to the DOM extractor.
const MAX_DEPTH: usize = 1_000;
/// Pages larger than this are flattened to text: the DOM extractor slows down faster than
/// the page grows (on a page of 60,000 sibling paragraphs, 2 MB took 0.9 s, 8 MB 5 s and
/// 20 MB 43 s, most of it listing a node's children again and again).
const MAX_DOM_BYTES: usize = 6 * 1024 * 1024;
/// Pages with more elements than this are flattened too: the time grows with the square
/// of the element count (40,000 links: 11 s; pages of tiny paragraphs or table cells just
/// under [`MAX_DOM_BYTES`]: over 100 s). The most in 1,171 real pages of the evaluation
/// sets is 10,126.
const MAX_DOM_ELEMENTS: usize = 20_000;
/// Pages larger than this skip the second (Readability) extractor to bound the run time.
const MAX_FALLBACK_BYTES: usize = 4 * 1024 * 1024;
/// Stack for the extraction thread: the extractor walks the tree recursively.
const EXTRACT_STACK: usize = 256 * 1024 * 1024;

/// Whether decoded input is an HTML document rather than plain text: a document structure
/// (`<!DOCTYPE html>`, `<html>`, `<head>`, `<body>`, `<meta>`) anywhere, after however long a
/// script, style, comment or server warning, or a fragment with several block tags.
pub fn looks_like_html(text: &str) -> bool {
    static STRUCTURE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)<(!doctype\s+html|html|head|body|meta)[\s>/]").expect("static regex")
    });
    static BLOCK_TAG: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)</?(p|div|br|table|tr|td|li|ul|ol|h[1-6]|section|article|span|a)[\s>/]")
            .expect("static regex")
    });
    STRUCTURE.is_match(text)
        || BLOCK_TAG
            .find_iter(text)
            .nth(MIN_FRAGMENT_TAGS - 1)
            .is_some()
}

/// Block tags that make a text without `<html>` or `<body>` an HTML fragment.
const MIN_FRAGMENT_TAGS: usize = 6;

/// Extract the article of an HTML page.
pub fn extract(html: &str) -> Result<Article, CleanError> {
    let shape = shape(html);
    if html.len() > MAX_DOM_BYTES || shape.depth > MAX_DEPTH || shape.elements > MAX_DOM_ELEMENTS {
        return extract_flattened(html);
    }
    run_extractor(html, extract_in_place)
}

/// `extractor`'s article of the page, on a thread with a deep stack; when the extractor
/// panics (reported on stderr by the panic hook), the page read as text instead: that is
/// the extractor's bug, not the page's.
fn run_extractor(
    html: &str,
    extractor: fn(&str) -> Result<Article, CleanError>,
) -> Result<Article, CleanError> {
    let owned = html.to_owned();
    let worker = std::thread::Builder::new()
        .stack_size(EXTRACT_STACK)
        .spawn(move || extractor(&owned))
        .map_err(|_| CleanError::NoArticle)?;
    match worker.join() {
        Ok(article) => article,
        Err(_) => extract_flattened(html),
    }
}

/// The plain-text cleaner's article of the page's text, titled from `<meta>` or `<title>`.
fn extract_flattened(html: &str) -> Result<Article, CleanError> {
    let mut article = super::text::clean(&strip_tags(html))?;
    let meta = PageMeta::read_head(html);
    if let Some(title) = meta.og_title.or(meta.title_element) {
        article.title = Some(title);
    }
    Ok(article)
}

fn extract_in_place(html: &str) -> Result<Article, CleanError> {
    let options = rs_trafilatura::Options {
        output_markdown: true,
        // The default cuts the text at a million bytes, silently, and panics when that
        // falls inside a character; the page's size is bounded before this anyway.
        max_extracted_len: usize::MAX,
        ..rs_trafilatura::Options::default()
    };
    let result =
        rs_trafilatura::extract_with_options(html, &options).map_err(|_| CleanError::NoArticle)?;
    let headings = markdown_headings(result.content_markdown.as_deref().unwrap_or(""));
    let glued = inline::glued_pairs(html);
    let text = inline::rejoin(&result.content_text, &glued);
    let blocks = blocks_from_text(&text, &headings);
    let doc = dom_query::Document::from(html);
    let meta = PageMeta::read(&doc);
    let links = choice::link_texts(&doc);
    let fallback = (html.len() <= MAX_FALLBACK_BYTES)
        .then(|| {
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| readability_blocks(doc))).ok()
        })
        .flatten();
    let mut blocks = choice::choose(blocks, fallback.flatten(), &links);
    let extractor = &result.metadata;
    let titles = [meta.og_title.clone(), extractor.title.clone()];
    drop_leading_furniture(&mut blocks, &titles);
    drop_furniture(&mut blocks);
    cut_at_section_label(&mut blocks);
    drop_trailing_fragments(&mut blocks);
    if choice::is_grid(&blocks, &links) {
        return Err(CleanError::NotProse);
    }
    choice::drop_linked_headlines(&mut blocks, &links);
    if blocks.iter().all(|b| b.kind != BlockKind::Paragraph) {
        return Err(CleanError::NoArticle);
    }
    // A staff line ("Europe digital editor") in a title slot is never the headline.
    let title = [
        meta.og_title,
        meta.headline,
        extractor.title.as_deref().map(clean_value),
        meta.title_element,
    ]
    .into_iter()
    .flatten()
    .find(|t| !t.is_empty() && !is_staff_role(t));
    let byline = meta
        .byline
        .or_else(|| extractor.author.as_deref().map(clean_value))
        .filter(|a| !a.is_empty());
    if let Some(byline) = &byline {
        drop_author_bio(&mut blocks, byline);
    }
    let published = meta
        .published
        .and_then(|d| normalize_date(&d))
        .or_else(|| extractor.date.and_then(|d| normalize_date(&d.to_rfc3339())));
    Ok(Article {
        title,
        byline,
        published,
        blocks,
    })
}

/// Drop an author's biography among the last blocks: a paragraph that opens with the
/// byline's name (or the surname) and a verb of being ("Jane Roe is a reporter …", "Jan
/// Kowalski jest …").
fn drop_author_bio(blocks: &mut Vec<Block>, byline: &str) {
    const BEING: [&str; 8] = ["is", "was", "ist", "war", "es", "est", "jest", "è"];
    let names: Vec<&str> = byline
        .split([',', '&'])
        .flat_map(|n| n.split(" and "))
        .map(str::trim)
        .filter(|n| n.split_whitespace().count() >= 2)
        .collect();
    let tail = blocks.len().saturating_sub(2);
    let first_paragraph = blocks.iter().position(|b| b.kind == BlockKind::Paragraph);
    let mut i = tail;
    while i < blocks.len() {
        let text = &blocks[i].text;
        let bio = Some(i) != first_paragraph
            && names.iter().any(|name| {
                let surname = name.rsplit(' ').next().unwrap_or(name);
                [*name, surname].iter().any(|n| {
                    text.strip_prefix(n).is_some_and(|rest| {
                        let verb = rest.split_whitespace().next().unwrap_or("");
                        rest.starts_with(' ') && BEING.contains(&verb)
                    })
                })
            });
        if bio {
            blocks.remove(i);
        } else {
            i += 1;
        }
    }
}

/// Paragraphs of the extracted text; lines that were headings in the markdown become headings.
fn blocks_from_text(text: &str, headings: &[String]) -> Vec<Block> {
    text.lines()
        .map(collapse)
        .filter(|line| !line.is_empty())
        .map(|line| {
            let heading = headings.contains(&line) && !ends_sentence(&line);
            Block {
                kind: if heading {
                    BlockKind::Heading
                } else {
                    BlockKind::Paragraph
                },
                text: line,
            }
        })
        .collect()
}

/// The body as Readability (`dom_smoothie`) sees it, for pages where trafilatura picked a
/// small fragment such as a pull quote.
fn readability_blocks(doc: dom_query::Document) -> Option<Vec<Block>> {
    let mut readability = dom_smoothie::Readability::with_document(doc, None, None).ok()?;
    let article = readability.parse().ok()?;
    Some(blocks_from_text(&article.text_content, &[]))
}

fn word_count(blocks: &[Block]) -> usize {
    blocks
        .iter()
        .map(|b| b.text.split_whitespace().count())
        .sum()
}

/// Drop bylines, dates and captions that the extractor left above the first paragraph.
fn drop_leading_furniture(blocks: &mut Vec<Block>, titles: &[Option<String>]) {
    let titles: Vec<String> = titles.iter().flatten().map(|t| fold(t)).collect();
    let furniture = blocks
        .iter()
        .take(4)
        .take_while(|b| {
            let words = b.text.split_whitespace().count();
            let folded = fold(&b.text);
            let is_title = titles
                .iter()
                .any(|t| *t == folded || (folded.len() >= 20 && t.starts_with(&folded)));
            let stub = words <= 3 && b.text.chars().count() <= 30 && !ends_sentence(&b.text);
            is_title
                || stub
                || match classify(&b.text) {
                    LineKind::Byline | LineKind::Caption | LineKind::Promo => true,
                    LineKind::Junk => words <= 12,
                    _ => false,
                }
        })
        .count();
    blocks.drain(..furniture);
}

/// Lower-cased letters and digits only, for comparing a block with the page title.
fn fold(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Drop short furniture lines, bylines and captions anywhere in the extracted body.
fn drop_furniture(blocks: &mut Vec<Block>) {
    blocks.retain(|b| {
        let short = b.text.split_whitespace().count() <= 12;
        match classify(&b.text) {
            LineKind::Junk | LineKind::Byline => !short,
            LineKind::Caption | LineKind::Promo => false,
            _ => true,
        }
    });
}

/// Cut the body at a section label ("Related", "Read more") in its second half, unless
/// ordinary paragraphs resume after the list it heads (an inline "Don't miss" box): then drop
/// only the label and its list. A label in the first half is dropped alone.
fn cut_at_section_label(blocks: &mut Vec<Block>) {
    let total = word_count(blocks);
    let mut seen = 0;
    let mut i = 0;
    while i < blocks.len() {
        if seen * 2 >= total && classify(&blocks[i].text) == LineKind::Stop {
            let list = blocks[i + 1..]
                .iter()
                .take_while(|b| !is_paragraph(&b.text))
                .count();
            let rest = &blocks[i + 1 + list..];
            let resumes = rest
                .iter()
                .take_while(|b| classify(&b.text) != LineKind::Stop)
                .filter(|b| is_paragraph(&b.text))
                .count()
                >= MIN_RESUMED;
            if !resumes {
                blocks.truncate(i);
                return;
            }
            blocks.drain(i..=i + list);
            continue;
        }
        if classify(&blocks[i].text) == LineKind::Stop {
            // A section label in the first half heads nothing of the article.
            blocks.remove(i);
            continue;
        }
        seen += blocks[i].text.split_whitespace().count();
        i += 1;
    }
}

/// Drop the short lines without sentence punctuation after the article's last sentence:
/// tag and topic lists, link grids, labels and sign-offs (on trafilatura's 990-page set this
/// removed 30 snippets that must not be read for 15 that must). A body made only of such
/// lines, or ending in a long list of them, is left as it is.
fn drop_trailing_fragments(blocks: &mut Vec<Block>) {
    let fragment = |b: &Block| {
        !ends_sentence(&b.text) && b.text.split_whitespace().count() <= MAX_FRAGMENT_WORDS
    };
    let trailing = blocks.iter().rev().take_while(|b| fragment(b)).count();
    if trailing < blocks.len() && trailing <= MAX_FRAGMENT_RUN {
        blocks.truncate(blocks.len() - trailing);
    }
}

/// A longer run of short lines after the last sentence is a list that belongs to the
/// article (tour dates, qualified teams, poll results).
const MAX_FRAGMENT_RUN: usize = 8;

/// Words of a line after the last sentence that [`drop_trailing_fragments`] drops.
const MAX_FRAGMENT_WORDS: usize = 10;

/// Paragraphs after a section label's list that show the article goes on.
const MIN_RESUMED: usize = 3;

/// A full sentence of some length, as article paragraphs are and list entries are not.
fn is_paragraph(text: &str) -> bool {
    ends_sentence(text) && text.split_whitespace().count() >= 8
}

/// The text of `#`-headings in the extractor's markdown output.
fn markdown_headings(markdown: &str) -> Vec<String> {
    markdown
        .lines()
        .filter_map(|l| l.trim_start().strip_prefix('#'))
        .map(|h| collapse(&h.trim_start_matches('#').replace(['*', '_', '\\'], "")))
        .filter(|h| !h.is_empty())
        .collect()
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr", "param", "keygen",
];

/// Elements that end an open `<svg>` or `<math>` when they appear inside it (HTML's
/// "breakout" tags): the parser closes the foreign element and reads them as HTML.
const BREAKOUT: &[&str] = &[
    "b",
    "big",
    "blockquote",
    "body",
    "br",
    "center",
    "code",
    "dd",
    "div",
    "dl",
    "dt",
    "em",
    "embed",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "hr",
    "i",
    "img",
    "li",
    "listing",
    "menu",
    "meta",
    "nobr",
    "ol",
    "p",
    "pre",
    "ruby",
    "s",
    "small",
    "span",
    "strong",
    "strike",
    "sub",
    "sup",
    "table",
    "tt",
    "u",
    "ul",
    "var",
];

/// Elements whose start tag closes an open element of the same name (`<p>a<p>b`).
const SELF_ENDING: &[&str] = &["p", "li", "option", "tr", "td", "th", "dt", "dd"];

/// The deepest element nesting in the page, as an HTML parser would build it, or more
/// (never less), up to just past [`MAX_DEPTH`], where counting stops. Read from the tags
/// in one pass, linear in the page's length:
/// - `<div/>` opens a `div` (only void elements and elements inside `<svg>`/`<math>` can
///   close themselves);
/// - an end tag closes the innermost open element of its name and everything inside it,
///   and is ignored when no such element is open (`<div></span>` does not close the div);
/// - a tag without its `>` (`<a<a<a…`) costs one scan of the page in all, not one each.
#[cfg(test)]
fn nesting_depth(html: &str) -> usize {
    shape(html).depth
}

/// What decides whether the DOM extractor can take a page.
struct Shape {
    /// The deepest nesting (see [`nesting_depth`]).
    depth: usize,
    /// Elements opened (void ones included).
    elements: usize,
}

/// The page's [`Shape`], in one pass over its tags.
fn shape(html: &str) -> Shape {
    let bytes = html.as_bytes();
    let mut open: Vec<String> = Vec::new();
    let mut open_count: std::collections::HashMap<String, usize> = Default::default();
    let mut foreign = 0usize; // open <svg> and <math> elements
    let (mut deepest, mut elements) = (0usize, 0usize);
    // The next '>' at or after `i` (the page's length when there is none), found again
    // only once `i` passes it.
    let mut next_close: Option<usize> = None;
    let mut i = 0;
    while let Some(offset) = bytes[i..].iter().position(|&b| b == b'<') {
        i += offset + 1;
        let closing = bytes.get(i) == Some(&b'/');
        let start = if closing { i + 1 } else { i };
        let name_len = bytes[start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
        if name_len == 0 {
            continue;
        }
        let name = html[start..start + name_len].to_ascii_lowercase();
        elements += usize::from(!closing);
        if closing {
            if open_count.get(&name).is_some_and(|&n| n > 0) {
                while let Some(top) = open.pop() {
                    close(&top, &mut open_count, &mut foreign);
                    if top == name {
                        break;
                    }
                }
            }
            continue;
        }
        if VOID.contains(&name.as_str()) {
            continue;
        }
        if foreign > 0 && BREAKOUT.contains(&name.as_str()) {
            while let Some(top) = open.pop() {
                close(&top, &mut open_count, &mut foreign);
                if foreign == 0 {
                    break;
                }
            }
        }
        if foreign > 0 {
            if next_close.is_none_or(|end| end < i) {
                let found = bytes[i..].iter().position(|&b| b == b'>');
                next_close = Some(found.map_or(bytes.len(), |p| i + p));
            }
            let self_closing = next_close.is_some_and(|e| e < bytes.len() && bytes[e - 1] == b'/');
            if self_closing {
                continue;
            }
        }
        if SELF_ENDING.contains(&name.as_str()) && open.last() == Some(&name) {
            continue;
        }
        if name == "svg" || name == "math" {
            foreign += 1;
        }
        *open_count.entry(name.clone()).or_default() += 1;
        open.push(name);
        deepest = deepest.max(open.len());
        if deepest > MAX_DEPTH {
            // Deep enough to be flattened: stop before the stack of open elements holds
            // a whole flood (20 MB of `<a ` kept 400 MB of names).
            break;
        }
    }
    Shape {
        depth: deepest,
        elements,
    }
}

/// Bookkeeping for an element popped off [`nesting_depth`]'s stack.
fn close(
    name: &str,
    open_count: &mut std::collections::HashMap<String, usize>,
    foreign: &mut usize,
) {
    if let Some(n) = open_count.get_mut(name) {
        *n -= 1;
    }
    if name == "svg" || name == "math" {
        *foreign -= 1;
    }
}

/// The page's text with tags removed and block tags as line breaks (scripts and styles dropped).
pub(super) fn strip_tags(html: &str) -> String {
    static SCRIPT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?is)<(script|style|noscript|title)\b.*?</(script|style|noscript|title)\s*>")
            .expect("static regex")
    });
    static BLOCK: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?i)</?(p|div|h[1-6]|li|br|section|article|header|footer|tr|blockquote)\b[^>]*>",
        )
        .expect("static regex")
    });
    static TAG: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"<[^>]*>").expect("static regex"));
    let text = SCRIPT.replace_all(html, "");
    let text = BLOCK.replace_all(&text, "\n");
    html_escape::decode_html_entities(&TAG.replace_all(&text, "")).into_owned()
}

mod choice;
mod inline;
mod meta;
#[cfg(test)]
mod tests;
