//! Stage 1c: Markdown in, [`Article`] out.
//!
//! Parsed with `pulldown-cmark` (CommonMark plus tables, strikethrough and YAML front
//! matter). Headings become heading blocks (a first-level heading before any text is the
//! title); paragraphs, list items, quotes and table rows become paragraphs; emphasis
//! markers vanish and links are read as their text. Code blocks, images and raw HTML are
//! skipped silently. Front matter `title:`, `author:` and `date:` give the metadata; without
//! them, a `By …` line before the body is the byline.

use pulldown_cmark::{Event, HeadingLevel, MetadataBlockKind, Options, Parser, Tag, TagEnd};

use super::dates::{normalize_date, parse_byline};
use super::{Article, Block, BlockKind, CleanError};

/// Whether decoded text is Markdown rather than scraped plain text: YAML front matter, an
/// ATX heading line, a fenced code block, or an inline link or bold span.
pub fn looks_like_markdown(text: &str) -> bool {
    let text = text.trim_start_matches('\u{feff}');
    if front_matter(text).is_some() {
        return true;
    }
    let mut markup = 0;
    for line in text.lines().take(2000) {
        let line = line.trim_end();
        let hashes = line.chars().take_while(|&c| c == '#').count();
        let heading = (1..=6).contains(&hashes)
            && line[hashes..].starts_with(' ')
            && line[hashes..].trim().chars().any(char::is_alphanumeric);
        if heading || line.starts_with("```") {
            return true;
        }
        if has_link(line) || has_bold(line) {
            markup += 1;
        }
    }
    markup >= 2
}

/// `[text](target)` somewhere in the line.
fn has_link(line: &str) -> bool {
    line.match_indices("](").any(|(i, _)| {
        line[..i].contains('[') && line[i + 2..].contains(')') && !line[i + 2..].starts_with(' ')
    })
}

/// `**text**` somewhere in the line.
fn has_bold(line: &str) -> bool {
    line.split("**").count() >= 3
}

/// The YAML front matter between `---` lines at the very start, without the fences.
fn front_matter(text: &str) -> Option<&str> {
    let rest = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))?;
    let end = rest
        .match_indices("\n---")
        .map(|(i, _)| i)
        .find(|&i| rest[i + 4..].starts_with(['\n', '\r']) || rest[i + 4..].is_empty())?;
    let block = &rest[..end];
    block
        .lines()
        .any(|l| l.split_once(':').is_some_and(|(k, _)| is_key(k)))
        .then_some(block)
}

fn is_key(key: &str) -> bool {
    !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// The metadata a front matter block gives.
#[derive(Debug, Default)]
struct FrontMatter {
    title: Option<String>,
    author: Option<String>,
    date: Option<String>,
}

/// `key: value` lines (quotes removed); `author` also takes a one-level list.
fn parse_front_matter(block: &str) -> FrontMatter {
    let mut meta = FrontMatter::default();
    let mut list_of: Option<String> = None;
    let mut authors: Vec<String> = Vec::new();
    for line in block.lines() {
        if let Some(item) = line.trim_start().strip_prefix("- ") {
            if list_of.as_deref().is_some_and(|k| k.starts_with("author")) {
                authors.push(unquote(item).to_owned());
            }
            continue;
        }
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        let key = key.trim().to_ascii_lowercase();
        let value = unquote(value.trim()).to_owned();
        list_of = value.is_empty().then(|| key.clone());
        if value.is_empty() {
            continue;
        }
        match key.as_str() {
            "title" => meta.title = Some(value),
            "author" | "authors" | "byline" => authors.push(value),
            "date" | "published" => meta.date = normalize_date(&value),
            _ => {}
        }
    }
    if !authors.is_empty() {
        meta.author = Some(join_names(&authors));
    }
    meta
}

fn unquote(value: &str) -> &str {
    let v = value.trim();
    for q in ['"', '\''] {
        if let Some(inner) = v.strip_prefix(q).and_then(|v| v.strip_suffix(q)) {
            return inner;
        }
    }
    v
}

/// "A", "A and B", "A, B and C".
fn join_names(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// Clean a Markdown document into an article.
pub fn extract(text: &str) -> Result<Article, CleanError> {
    let text = text.trim_start_matches('\u{feff}');
    let meta = front_matter(text)
        .map(parse_front_matter)
        .unwrap_or_default();
    let options = Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_FOOTNOTES;
    let mut reader = Reader::default();
    for event in Parser::new_ext(text, options) {
        reader.event(event);
    }
    let mut blocks = reader.blocks;
    let mut title = meta.title;
    // The headline repeated as the first heading is read once.
    if let (Some(title), Some(first)) = (&title, blocks.first())
        && first.kind == BlockKind::Heading
        && first.text.eq_ignore_ascii_case(title)
    {
        blocks.remove(0);
    }
    // A first-level heading before any paragraph is the headline.
    if title.is_none()
        && let Some(at) = reader
            .headline
            .filter(|&at| blocks[..at].iter().all(|b| b.kind == BlockKind::Heading))
    {
        title = Some(blocks.remove(at).text);
    }
    let mut byline = meta.author;
    if byline.is_none()
        && let Some(at) = blocks
            .iter()
            .take(3)
            .position(|b| b.kind == BlockKind::Paragraph)
        && let Some(names) = parse_byline(&blocks[at].text)
    {
        byline = Some(names);
        blocks.remove(at);
    }
    if blocks.iter().all(|b| b.kind != BlockKind::Paragraph) {
        return Err(CleanError::NoArticle);
    }
    Ok(Article {
        title,
        byline,
        published: meta.date,
        blocks,
    })
}

/// Collects blocks from parser events.
#[derive(Default)]
struct Reader {
    blocks: Vec<Block>,
    /// Index in `blocks` of the first first-level heading.
    headline: Option<usize>,
    text: String,
    /// Inside a code block, image, metadata block or raw HTML: text is not read.
    skipping: usize,
    /// The cells of the table row being read.
    cells: Vec<String>,
}

impl Reader {
    fn event(&mut self, event: Event) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(text) | Event::Code(text) if self.skipping == 0 => {
                self.text.push_str(&text);
            }
            Event::SoftBreak | Event::HardBreak if self.skipping == 0 => self.text.push(' '),
            _ => {}
        }
    }

    fn start(&mut self, tag: Tag) {
        match tag {
            Tag::CodeBlock(_) | Tag::Image { .. } | Tag::HtmlBlock | Tag::MetadataBlock(_) => {
                self.skipping += 1;
            }
            // A nested list ends the text of the item that holds it.
            Tag::Item | Tag::List(_) | Tag::BlockQuote(_) => self.flush(BlockKind::Paragraph),
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::CodeBlock
            | TagEnd::Image
            | TagEnd::HtmlBlock
            | TagEnd::MetadataBlock(MetadataBlockKind::YamlStyle)
            | TagEnd::MetadataBlock(MetadataBlockKind::PlusesStyle) => {
                self.skipping = self.skipping.saturating_sub(1);
            }
            TagEnd::Heading(level) => {
                if level == HeadingLevel::H1 && self.headline.is_none() && !self.text_is_blank() {
                    self.headline = Some(self.blocks.len());
                }
                self.flush(BlockKind::Heading);
            }
            TagEnd::TableCell => {
                let cell = collapse(&std::mem::take(&mut self.text));
                if !cell.is_empty() {
                    self.cells.push(cell);
                }
            }
            TagEnd::TableHead | TagEnd::TableRow => {
                self.text = std::mem::take(&mut self.cells).join(", ");
                self.flush(BlockKind::Paragraph);
            }
            TagEnd::Paragraph | TagEnd::Item | TagEnd::BlockQuote(_) => {
                self.flush(BlockKind::Paragraph);
            }
            _ => {}
        }
    }

    fn text_is_blank(&self) -> bool {
        self.text.trim().is_empty()
    }

    fn flush(&mut self, kind: BlockKind) {
        let text = collapse(&std::mem::take(&mut self.text));
        if !text.is_empty() {
            self.blocks.push(Block { kind, text });
        }
    }
}

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    const POST: &str = "---\ntitle: \"Harbour reopens\"\nauthor: Jane Doe\ndate: 2024-11-28\n---\n\n\
        # Background\n\nThe **harbour** reopened on *Monday*, the [port authority](https://example.com/port) said.\n\n\
        ## What changes\n\n- Ferries run hourly.\n- Cargo waits\n  until noon.\n\n> \"We are back,\" the mayor said.\n\n\
        ```\nlet x = 1;\n```\n\n![a crane](crane.png)\n\nMore `text` here.\n";

    #[test]
    fn front_matter_headings_lists_quotes_and_links_are_read_as_text() {
        assert!(looks_like_markdown(POST));
        let article = extract(POST).unwrap();
        assert_eq!(article.title.as_deref(), Some("Harbour reopens"));
        assert_eq!(article.byline.as_deref(), Some("Jane Doe"));
        assert_eq!(article.published.as_deref(), Some("2024-11-28"));
        let blocks: Vec<(BlockKind, &str)> = article
            .blocks
            .iter()
            .map(|b| (b.kind, b.text.as_str()))
            .collect();
        assert_eq!(
            blocks,
            [
                (BlockKind::Heading, "Background"),
                (
                    BlockKind::Paragraph,
                    "The harbour reopened on Monday, the port authority said."
                ),
                (BlockKind::Heading, "What changes"),
                (BlockKind::Paragraph, "Ferries run hourly."),
                (BlockKind::Paragraph, "Cargo waits until noon."),
                (BlockKind::Paragraph, "\"We are back,\" the mayor said."),
                (BlockKind::Paragraph, "More text here."),
            ]
        );
    }

    #[test]
    fn the_fixture_article_reads_as_a_newsreader_says_it() {
        use crate::speech::{NumberStyle, Script, lexicon::Lexicon};
        let text = include_str!("../../tests/fixtures/harbour-reopens.md");
        let script = Script::from_article(
            &extract(text).unwrap(),
            &Lexicon::default(),
            NumberStyle::American,
        );
        let mut out = String::new();
        for chapter in &script.chapters {
            out.push_str(&format!("## {}\n", chapter.title));
            for sentence in script_sentences(chapter) {
                out.push_str(&format!("{sentence}\n"));
            }
        }
        insta::assert_snapshot!(out);
    }

    fn script_sentences(chapter: &crate::speech::Chapter) -> Vec<&str> {
        chapter
            .paragraphs
            .iter()
            .flat_map(|p| &p.sentences)
            .map(|s| s.spoken.as_str())
            .collect()
    }

    #[test]
    fn a_first_heading_is_the_title_and_a_by_line_the_byline() {
        let article =
            extract("# Storm hits coast\n\nBy Ana Ruiz\n\nWinds reached 120 km/h.\n").unwrap();
        assert_eq!(article.title.as_deref(), Some("Storm hits coast"));
        assert_eq!(article.byline.as_deref(), Some("Ana Ruiz"));
        assert_eq!(article.blocks.len(), 1);
    }

    #[test]
    fn nested_lists_and_tables_keep_every_item() {
        let article = extract(
            "Intro text.\n\n1. First\n   - inner one\n   - inner two\n2. Second\n\n| City | Rain |\n| --- | --- |\n| Oslo | 12 mm |\n",
        )
        .unwrap();
        let texts: Vec<&str> = article.blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "Intro text.",
                "First",
                "inner one",
                "inner two",
                "Second",
                "City, Rain",
                "Oslo, 12 mm"
            ]
        );
    }

    #[test]
    fn scraped_text_is_not_taken_for_markdown() {
        for sample in [
            "kyiv-independent-2024-11-27",
            "wire-harbour-strike-2024-11-28",
        ] {
            let path = format!("{}/samples/{sample}.txt", env!("CARGO_MANIFEST_DIR"));
            let text = std::fs::read_to_string(path).unwrap();
            assert!(!looks_like_markdown(&text), "{sample}");
        }
        assert!(!looks_like_markdown("#Ukraine trends.\nPrice: 5 ** 2"));
    }
}
