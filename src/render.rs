//! Stages 2–4 together: a [`Script`] and a [`SpeechEngine`] in, a finished [`Track`] out.

use crate::audio::{Pauses, Track};
use crate::engine::{EngineError, SpeechEngine, SynthesisRequest};
use crate::speech::Script;

/// Read a script aloud: one marker per chapter, pauses between sentences, paragraphs
/// and chapters, peak-safe gain at the end.
pub fn render(
    script: &Script,
    engine: &mut dyn SpeechEngine,
    pauses: Pauses,
) -> Result<Track, EngineError> {
    // One batch for the whole script, so engines that can read sentences in parallel
    // keep every core busy even when chapters are a sentence long.
    let requests: Vec<SynthesisRequest> = script
        .sentences()
        .map(|sentence| SynthesisRequest::new(&sentence.spoken))
        .collect();
    let mut audio = engine.synthesize_batch(&requests)?.into_iter();
    let mut track = Track::new(engine.sample_rate());
    for (c, chapter) in script.chapters.iter().enumerate() {
        if c > 0 {
            track.pause(pauses.chapter);
        }
        track.mark(&chapter.title);
        for (p, paragraph) in chapter.paragraphs.iter().enumerate() {
            if p > 0 {
                track.pause(pauses.paragraph);
            }
            for (s, sentence) in paragraph.sentences.iter().enumerate() {
                if s > 0 {
                    track.pause(pauses.sentence);
                }
                let samples = audio.next().ok_or_else(|| {
                    EngineError::Synthesis("the engine returned too few sentences".into())
                })?;
                track.push_sentence(&sentence.text, &samples.samples);
            }
        }
    }
    track.finish();
    Ok(track)
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
