//! Stage 2: [`Article`] in, [`Script`] out: chapters of paragraphs of sentences, each
//! sentence with its written form (for subtitles) and its spoken form (for the engine).
//!
//! [`sentences`] splits text, [`normalize`] turns written text into what a newsreader says,
//! [`names`] finds the proper names worth a pronunciation hint.

pub(crate) mod data;
pub mod lexicon;
pub mod names;
pub mod normalize;
pub mod sentences;

#[cfg(test)]
mod script_snapshot;

use std::ops::Range;

use crate::article::{Article, BlockKind};
use lexicon::Lexicon;

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
    /// One sentence: its spoken form and the hints `lexicon` has for the names in it.
    pub fn new(text: &str, lexicon: &Lexicon) -> Sentence {
        let spoken = normalize::normalize(text);
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

impl Script {
    /// Lay out an article for reading: the headline chapter (headline, byline, date, and
    /// any paragraphs before the first heading), then one chapter per section heading;
    /// an article without headings gets one chapter per paragraph instead. Names the
    /// lexicon knows carry its hints.
    pub fn from_article(article: &Article, lexicon: &Lexicon) -> Script {
        let title = article
            .title
            .clone()
            .unwrap_or_else(|| "Untitled".to_owned());
        let mut intro = vec![paragraph(lexicon, &title)];
        if let Some(byline) = &article.byline {
            let by = if byline.to_lowercase().starts_with("by ") {
                byline.clone()
            } else {
                format!("By {byline}")
            };
            intro.push(paragraph(
                lexicon,
                &format!("{}.", by.trim_end_matches('.')),
            ));
        }
        if let Some(date) = article
            .published
            .as_deref()
            .and_then(normalize::spoken_iso_date)
        {
            intro.push(paragraph(lexicon, &date));
        }
        let mut chapters = vec![Chapter {
            title,
            paragraphs: intro,
        }];
        let has_headings = article.blocks.iter().any(|b| b.kind == BlockKind::Heading);
        for block in &article.blocks {
            match (block.kind, has_headings) {
                (BlockKind::Heading, _) => chapters.push(Chapter {
                    title: block.text.clone(),
                    paragraphs: vec![paragraph(lexicon, &block.text)],
                }),
                (BlockKind::Paragraph, true) => {
                    let last = chapters.len() - 1;
                    chapters[last]
                        .paragraphs
                        .push(paragraph(lexicon, &block.text));
                }
                (BlockKind::Paragraph, false) => chapters.push(Chapter {
                    title: first_words(&block.text, LABEL_WORDS),
                    paragraphs: vec![paragraph(lexicon, &block.text)],
                }),
            }
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

fn paragraph(lexicon: &Lexicon, text: &str) -> Paragraph {
    Paragraph {
        sentences: sentences::split(text)
            .into_iter()
            .map(|s| Sentence::new(s, lexicon))
            .collect(),
    }
}

/// The first `n` words of `text`, with "…" when there were more.
fn first_words(text: &str, n: usize) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.len() <= n {
        words.join(" ")
    } else {
        let head = words[..n].join(" ");
        format!("{}…", head.trim_end_matches([',', ';', ':', '.']))
    }
}

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
    fn without_headings_each_paragraph_is_a_chapter_labelled_with_its_first_words() {
        let article = article(&[
            (
                BlockKind::Paragraph,
                "One two three four five six seven eight nine ten.",
            ),
            (BlockKind::Paragraph, "Short one."),
        ]);
        let script = Script::from_article(&article, &Lexicon::default());
        let titles: Vec<_> = script.chapters.iter().map(|c| c.title.as_str()).collect();
        assert_eq!(
            titles,
            [
                "Headline",
                "One two three four five six seven eight…",
                "Short one."
            ]
        );
        assert_eq!(
            script.chapters[0].paragraphs[1].sentences[0].text,
            "By Jane Doe."
        );
    }

    #[test]
    fn with_headings_paragraphs_join_the_heading_before_them() {
        let article = article(&[
            (BlockKind::Paragraph, "Lead paragraph."),
            (BlockKind::Heading, "Background"),
            (BlockKind::Paragraph, "First. Second."),
            (BlockKind::Paragraph, "Third."),
        ]);
        let script = Script::from_article(&article, &Lexicon::default());
        let titles: Vec<_> = script.chapters.iter().map(|c| c.title.as_str()).collect();
        assert_eq!(titles, ["Headline", "Background"]);
        assert_eq!(script.chapters[0].paragraphs.len(), 4);
        assert_eq!(script.chapters[1].paragraphs.len(), 3);
        assert_eq!(script.sentences().count(), 8);
    }

    #[test]
    fn lexicon_names_carry_their_hints_and_respell_for_text_only_voices() {
        let article = article(&[(BlockKind::Paragraph, "Yoon Suk Yeol met Rustem Umerov.")]);
        let script = Script::from_article(&article, &Lexicon::builtin());
        let sentence = &script.chapters[1].paragraphs[0].sentences[0];
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
