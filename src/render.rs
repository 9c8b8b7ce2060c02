//! Stages 2–4 together: a [`Script`] and a [`SpeechEngine`] in, a finished [`Track`] out.

use crate::audio::{Pauses, Track};
use crate::engine::{EngineError, SpeechEngine, SynthesisRequest};
use crate::speech::Script;

/// Read a script aloud: one marker per chapter, pauses between sentences, paragraphs
/// and chapters, peak-safe gain at the end. Each sentence's audio goes into the track as
/// soon as it and the ones before it are made.
pub fn render(
    script: &Script,
    engine: &mut dyn SpeechEngine,
    pauses: Pauses,
) -> Result<Track, EngineError> {
    let steps = layout(script, pauses);
    // One request list for the whole script, so engines that read sentences in parallel
    // keep every core busy even when chapters are a sentence long.
    let requests: Vec<SynthesisRequest> = steps
        .iter()
        .filter_map(|step| match step {
            Step::Sentence { spoken, .. } => Some(SynthesisRequest::new(spoken)),
            _ => None,
        })
        .collect();
    let mut track = Track::new(engine.sample_rate());
    let mut steps = steps.into_iter();
    engine.synthesize_in_order(&requests, &mut |audio| {
        for step in steps.by_ref() {
            match step {
                Step::Pause(seconds) => track.pause(seconds),
                Step::Mark(label) => track.mark(label),
                Step::Sentence { text, .. } => {
                    track.push_sentence(text, &audio.samples);
                    return;
                }
            }
        }
    })?;
    for step in steps {
        match step {
            Step::Pause(seconds) => track.pause(seconds),
            Step::Mark(label) => track.mark(label),
            Step::Sentence { .. } => {
                return Err(EngineError::Synthesis(
                    "the engine returned too few sentences".into(),
                ))
            }
        }
    }
    track.finish();
    Ok(track)
}

/// One thing to put into the track, in order.
enum Step<'a> {
    Pause(f32),
    Mark(&'a str),
    Sentence { text: &'a str, spoken: &'a str },
}

/// The script as a flat list: chapter markers, pauses and sentences.
fn layout(script: &Script, pauses: Pauses) -> Vec<Step<'_>> {
    let mut steps = Vec::new();
    for (c, chapter) in script.chapters.iter().enumerate() {
        if c > 0 {
            steps.push(Step::Pause(pauses.chapter));
        }
        steps.push(Step::Mark(&chapter.title));
        for (p, paragraph) in chapter.paragraphs.iter().enumerate() {
            if p > 0 {
                steps.push(Step::Pause(pauses.paragraph));
            }
            for (s, sentence) in paragraph.sentences.iter().enumerate() {
                if s > 0 {
                    steps.push(Step::Pause(pauses.sentence));
                }
                steps.push(Step::Sentence {
                    text: &sentence.text,
                    spoken: &sentence.spoken,
                });
            }
        }
    }
    steps
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::{Article, Block, BlockKind};
    use crate::engine::mock::MockEngine;
    use crate::speech::lexicon::Lexicon;

    #[test]
    fn markers_start_where_their_chapter_first_sentence_starts() {
        let article = Article {
            title: Some("Title here".into()),
            byline: None,
            published: None,
            blocks: vec![
                Block {
                    kind: BlockKind::Paragraph,
                    text: "One two. Three four five.".into(),
                },
                Block {
                    kind: BlockKind::Paragraph,
                    text: "Six.".into(),
                },
            ],
        };
        let track = render(
            &Script::from_article(&article, &Lexicon::default()),
            &mut MockEngine,
            Pauses::default(),
        )
        .unwrap();
        assert_eq!(track.markers.len(), 3);
        assert_eq!(track.sentences.len(), 4);
        assert_eq!(track.markers[0].sample, 0);
        assert_eq!(track.markers[1].sample, track.sentences[1].start);
        assert_eq!(track.markers[2].sample, track.sentences[3].start);
        let gap = track.sentences[2].start - track.sentences[1].end;
        assert_eq!(gap, track.rate.samples(Pauses::default().sentence));
    }
}
