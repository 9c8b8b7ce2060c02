//! Stage 2: [`Article`] in, [`Script`] out: chapters of paragraphs of sentences, each
//! sentence with its written form (for subtitles) and its spoken form (for the engine).
//!
//! [`sentences`] splits text, [`normalize`] turns written text into what a newsreader says,
//! [`names`] finds the proper names worth a pronunciation hint.

pub(crate) mod data;
pub mod lexicon;
pub mod long;
pub mod names;
pub mod normalize;
pub mod sentences;

#[cfg(test)]
mod script_snapshot;

use std::ops::Range;

use crate::article::{Article, BlockKind};
use lexicon::Lexicon;
pub use normalize::NumberStyle;

/// Compile the text stages' patterns now: a render calls this on another thread while
/// the voice loads and the article is cleaned. The normalizer's passes go last to first
/// (see [`normalize::warm_up`]), then the name finder's.
pub fn warm_up() {
    normalize::warm_up();
    let article = Article {
        title: None,
        byline: None,
        published: None,
        blocks: vec![crate::article::Block {
            kind: BlockKind::Paragraph,
            text: "Dr. Kim Yong-hyun met Rustem Umerov in Seoul.".to_owned(),
        }],
    };
    let _ = names::find(&article, &Lexicon::default());
}

/// What will be read aloud, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Script {
    pub chapters: Vec<Chapter>,
}

/// A stretch of narration that gets one marker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chapter {
    pub title: String,
    pub paragraphs: Vec<Paragraph>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paragraph {
    pub sentences: Vec<Sentence>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    /// As written in the article (subtitles show this).
    pub text: String,
    /// As a newsreader says it (the engine reads this), names still as written.
    pub spoken: String,
    /// How to say the lexicon names in `spoken`, in order, without overlaps.
    pub hints: Vec<NameHint>,
}

/// A pronunciation hint for one name in a sentence's spoken form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameHint {
    /// Byte range of the name in [`Sentence::spoken`].
    pub span: Range<usize>,
    /// Respelling, for engines without phoneme input.
    pub say: Option<String>,
    /// IPA; when present, this is what the engine says.
    pub ipa: Option<String>,
}

impl Sentence {
    /// One sentence: its spoken form (numbers in `style`) and the hints `lexicon` has for
    /// the names in it.
    pub fn new(text: &str, lexicon: &Lexicon, style: NumberStyle) -> Sentence {
        let spoken = normalize::normalize_in(text, style);
        let hints = lexicon
            .apply(&spoken)
            .into_iter()
            .map(|h| NameHint {
                span: h.span,
                say: h.entry.say.clone(),
                ipa: h.entry.ipa.clone(),
            })
            .collect();
        Sentence {
            text: text.to_owned(),
            spoken,
            hints,
        }
    }

    /// The spoken form with each hinted name replaced by its respelling (where it has
    /// one): for voices that take only text.
    pub fn respelled(&self) -> String {
        lexicon::respelled(
            &self.spoken,
            self.hints
                .iter()
                .map(|h| (h.span.clone(), h.say.as_deref())),
        )
    }
}

/// How many words of a paragraph label its chapter when the article has no headings.
const LABEL_WORDS: usize = 8;
/// Without headings, a chapter takes paragraphs until it has this many words: about two
/// and a half minutes at the default 165 words a minute, so chapters come at most one per
/// two minutes even read faster.
pub const CHAPTER_WORDS: usize = 400;

impl Script {
    /// Lay out an article for reading. The first chapter holds the headline, byline and
    /// date (when the article has them) and the paragraphs before the first heading; each
    /// section heading starts a chapter. An article without headings is cut into chapters
    /// of whole paragraphs of at least [`CHAPTER_WORDS`] words (a last piece under a third
    /// of that joins the chapter before). A chapter is labelled with its heading, the
    /// headline, or else its first words; nothing is said that the article does not say.
    /// Names the lexicon knows carry their hints; numbers are said in `style`.
    pub fn from_article(article: &Article, lexicon: &Lexicon, style: NumberStyle) -> Script {
        let paragraph = |text: &str| paragraph(lexicon, style, text);
        let mut intro = Vec::new();
        if let Some(title) = &article.title {
            intro.push(paragraph(title));
        }
        if let Some(byline) = &article.byline {
            let by = if byline.to_lowercase().starts_with("by ") {
                byline.clone()
            } else {
                format!("By {byline}")
            };
            intro.push(paragraph(&format!("{}.", by.trim_end_matches('.'))));
        }
        if let Some(date) = article
            .published
            .as_deref()
            .and_then(normalize::spoken_iso_date)
        {
            intro.push(paragraph(&date));
        }
        let label = article.title.clone().unwrap_or_else(|| {
            let first = article.blocks.first().map_or("", |b| b.text.as_str());
            first_words(first, LABEL_WORDS)
        });
        let mut chapters = vec![Chapter {
            title: label,
            paragraphs: intro,
        }];
        let has_headings = article.blocks.iter().any(|b| b.kind == BlockKind::Heading);
        let mut words = 0;
        for block in &article.blocks {
            let last = chapters.len() - 1;
            match (block.kind, has_headings) {
                (BlockKind::Heading, _) => chapters.push(Chapter {
                    title: block.text.clone(),
                    paragraphs: vec![paragraph(&block.text)],
                }),
                (BlockKind::Paragraph, true) => {
                    chapters[last].paragraphs.push(paragraph(&block.text))
                }
                (BlockKind::Paragraph, false) => {
                    if words >= CHAPTER_WORDS {
                        chapters.push(Chapter {
                            title: first_words(&block.text, LABEL_WORDS),
                            paragraphs: Vec::new(),
                        });
                        words = 0;
                    }
                    words += block.text.split_whitespace().count();
                    let last = chapters.len() - 1;
                    chapters[last].paragraphs.push(paragraph(&block.text));
                }
            }
        }
        if !has_headings
            && chapters.len() > 1
            && words < CHAPTER_WORDS / 3
            && let Some(tail) = chapters.pop()
        {
            let last = chapters.len() - 1;
            chapters[last].paragraphs.extend(tail.paragraphs);
        }
        chapters.retain(|c| c.paragraphs.iter().any(|p| !p.sentences.is_empty()));
        Script { chapters }
    }

    /// Every sentence, in reading order.
    pub fn sentences(&self) -> impl Iterator<Item = &Sentence> {
        self.chapters
            .iter()
            .flat_map(|c| &c.paragraphs)
            .flat_map(|p| &p.sentences)
    }
}

fn paragraph(lexicon: &Lexicon, style: NumberStyle, text: &str) -> Paragraph {
    Paragraph {
        sentences: sentences::split(text)
            .into_iter()
            .flat_map(long::split_long)
            .map(|s| Sentence::new(s, lexicon, style))
            .collect(),
    }
}

/// The first `n` words of `text`, with "…" when there were more.
/// At most [`MAX_LABEL_CHARS`] characters (a "word" can be a million digits long).
fn first_words(text: &str, n: usize) -> String {
    let words: Vec<&str> = text.split_whitespace().take(n + 1).collect();
    let head = words[..words.len().min(n)].join(" ");
    let cut = head.char_indices().nth(MAX_LABEL_CHARS).map(|(i, _)| i);
    if words.len() <= n && cut.is_none() {
        return head;
    }
    let head = &head[..cut.unwrap_or(head.len())];
    format!("{}…", head.trim_end_matches([',', ';', ':', '.']))
}

/// The longest chapter label made from a paragraph's first words.
const MAX_LABEL_CHARS: usize = 80;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::Block;

    fn article(blocks: &[(BlockKind, &str)]) -> Article {
        Article {
            title: Some("Headline".into()),
            byline: Some("Jane Doe".into()),
            published: Some("2024-11-27".into()),
            blocks: blocks
                .iter()
                .map(|(kind, text)| Block {
                    kind: *kind,
                    text: text.to_string(),
                })
                .collect(),
        }
    }

    #[test]
    fn a_label_from_one_endless_word_is_cut() {
        // A million-digit number made a chapter label (and a printed summary) of 1 MB.
        let label = first_words(&"7".repeat(1_000_000), LABEL_WORDS);
        assert_eq!(label.chars().count(), MAX_LABEL_CHARS + 1);
        assert!(label.ends_with('…'));
    }

    #[test]
    fn without_headings_chapters_are_groups_of_paragraphs_labelled_with_their_first_words() {
        let long = "word ".repeat(CHAPTER_WORDS - 1) + "end.";
        let article = article(&[
            (
                BlockKind::Paragraph,
                "One two three four five six seven eight nine ten.",
            ),
            (BlockKind::Paragraph, &long),
            (
                BlockKind::Paragraph,
                "Second chapter starts here and goes on.",
            ),
            (BlockKind::Paragraph, &long),
            (BlockKind::Paragraph, "A short tail."),
        ]);
        let script = Script::from_article(&article, &Lexicon::default(), NumberStyle::British);
        let titles: Vec<_> = script.chapters.iter().map(|c| c.title.as_str()).collect();
        assert_eq!(
            titles,
            ["Headline", "Second chapter starts here and goes on."]
        );
        let sizes: Vec<_> = script.chapters.iter().map(|c| c.paragraphs.len()).collect();
        assert_eq!(sizes, [5, 3]);
        assert_eq!(
            script.chapters[0].paragraphs[1].sentences[0].text,
            "By Jane Doe."
        );
    }

    #[test]
    fn without_a_title_nothing_extra_is_said_and_the_first_words_label_the_chapter() {
        let mut article = article(&[(BlockKind::Paragraph, "Hi.")]);
        article.title = None;
        article.byline = None;
        article.published = None;
        let script = Script::from_article(&article, &Lexicon::default(), NumberStyle::British);
        assert_eq!(script.chapters.len(), 1);
        assert_eq!(script.chapters[0].title, "Hi.");
        let said: Vec<_> = script.sentences().map(|s| s.spoken.as_str()).collect();
        assert_eq!(said, ["Hi."]);
    }

    #[test]
    fn with_headings_paragraphs_join_the_heading_before_them() {
        let article = article(&[
            (BlockKind::Paragraph, "Lead paragraph."),
            (BlockKind::Heading, "Background"),
            (BlockKind::Paragraph, "First. Second."),
            (BlockKind::Paragraph, "Third."),
        ]);
        let script = Script::from_article(&article, &Lexicon::default(), NumberStyle::British);
        let titles: Vec<_> = script.chapters.iter().map(|c| c.title.as_str()).collect();
        assert_eq!(titles, ["Headline", "Background"]);
        assert_eq!(script.chapters[0].paragraphs.len(), 4);
        assert_eq!(script.chapters[1].paragraphs.len(), 3);
        assert_eq!(script.sentences().count(), 8);
    }

    #[test]
    fn lexicon_names_carry_their_hints_and_respell_for_text_only_voices() {
        let article = article(&[(BlockKind::Paragraph, "Yoon Suk Yeol met Rustem Umerov.")]);
        let script = Script::from_article(&article, &Lexicon::builtin(), NumberStyle::British);
        let sentence = &script.chapters[0].paragraphs[3].sentences[0];
        assert_eq!(sentence.text, "Yoon Suk Yeol met Rustem Umerov.");
        let named: Vec<&str> = sentence
            .hints
            .iter()
            .map(|h| &sentence.spoken[h.span.clone()])
            .collect();
        assert_eq!(named, ["Yoon Suk Yeol", "Rustem Umerov"]);
        assert!(sentence.hints.iter().all(|h| h.ipa.is_some()));
        let respelled = sentence.respelled();
        assert!(!respelled.contains("Yeol"), "{respelled}");
        assert!(!respelled.contains("Umerov"), "{respelled}");
    }
}
