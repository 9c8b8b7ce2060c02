//! Stage 2: [`Article`] in, [`Script`] out: chapters of paragraphs of sentences, each
//! sentence with its written form (for subtitles) and its spoken form (for the engine).
//!
//! [`sentences`] splits text, [`normalize`] turns written text into what a newsreader says,
//! [`names`] finds the proper names worth a pronunciation hint.

pub mod lexicon;
pub mod names;
pub mod normalize;
pub mod sentences;

#[cfg(test)]
mod script_snapshot;

use crate::article::{Article, BlockKind};
use lexicon::Lexicon;

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
    /// As a newsreader says it (the engine reads this).
    pub spoken: String,
}

/// How many words of a paragraph label its chapter when the article has no headings.
const LABEL_WORDS: usize = 8;

impl Script {
    /// Lay out an article for reading: the headline chapter (headline, byline, date, and
    /// any paragraphs before the first heading), then one chapter per section heading;
    /// an article without headings gets one chapter per paragraph instead. Names the
    /// lexicon knows are replaced by their respellings in the spoken form.
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
            .map(|s| Sentence {
                text: s.to_owned(),
                spoken: lexicon.respell(&normalize::normalize(s)),
            })
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
    fn lexicon_names_are_respelled_in_the_spoken_form_only() {
        let article = article(&[(BlockKind::Paragraph, "Yoon Suk Yeol met Rustem Umerov.")]);
        let script = Script::from_article(&article, &Lexicon::builtin());
        let sentence = &script.chapters[1].paragraphs[0].sentences[0];
        assert_eq!(sentence.text, "Yoon Suk Yeol met Rustem Umerov.");
        assert!(!sentence.spoken.contains("Yeol"), "{}", sentence.spoken);
        assert!(!sentence.spoken.contains("Umerov"), "{}", sentence.spoken);
    }
}
