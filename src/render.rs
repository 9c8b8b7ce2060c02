//! Stages 2–4 together: a [`Script`] and a [`SpeechEngine`] in, a finished [`Track`] out.
//!
//! Hinted names reach the engine as phonemes: the hint's IPA, else its respelling turned
//! into IPA once by the engine itself ([`SpeechEngine::phonemize`]); an engine that cannot
//! phonemize gets the respelling as text.

use std::collections::HashMap;

use crate::audio::wav::MAX_SAMPLES;
use crate::audio::{Pauses, SampleRate, SampleSink, Track};
use crate::engine::{EngineError, Segment, SpeechEngine, SynthesisRequest};
use crate::speech::{Script, Sentence};

/// Turns sentences into engine requests, remembering what each respelling phonemized to.
#[derive(Debug, Default)]
pub struct Requests {
    respellings: HashMap<String, Option<String>>,
}

impl Requests {
    /// The request for `sentence`: text, with each hinted name as phonemes.
    pub fn request(
        &mut self,
        sentence: &Sentence,
        engine: &mut dyn SpeechEngine,
    ) -> Result<SynthesisRequest, EngineError> {
        let spoken = &sentence.spoken;
        let mut segments = Vec::with_capacity(2 * sentence.hints.len() + 1);
        let mut at = 0;
        for hint in &sentence.hints {
            let written = &spoken[hint.span.clone()];
            let ipa = match (&hint.ipa, &hint.say) {
                (Some(ipa), _) => Some(ipa.clone()),
                (None, Some(say)) => self.phonemize(say, engine)?,
                (None, None) => None,
            };
            let segment = match (ipa, &hint.say) {
                (Some(ipa), _) => Segment::Phonemes {
                    ipa,
                    written: written.to_owned(),
                },
                (None, Some(say)) => Segment::Text(say.clone()),
                (None, None) => continue,
            };
            if at < hint.span.start {
                segments.push(Segment::Text(spoken[at..hint.span.start].to_owned()));
            }
            segments.push(segment);
            at = hint.span.end;
        }
        if at < spoken.len() || segments.is_empty() {
            segments.push(Segment::Text(spoken[at..].to_owned()));
        }
        Ok(SynthesisRequest::from_segments(segments))
    }

    fn phonemize(
        &mut self,
        say: &str,
        engine: &mut dyn SpeechEngine,
    ) -> Result<Option<String>, EngineError> {
        if let Some(known) = self.respellings.get(say) {
            return Ok(known.clone());
        }
        let ipa = engine.phonemize(say)?.filter(|ipa| !ipa.trim().is_empty());
        self.respellings.insert(say.to_owned(), ipa.clone());
        Ok(ipa)
    }
}

/// Read a script aloud into `samples`: one marker per chapter, pauses between sentences,
/// paragraphs and chapters. Each sentence's audio goes into the track as soon as it and
/// the ones before it are made, so a streaming sink writes while later ones are read.
pub fn render<S: SampleSink>(
    script: &Script,
    engine: &mut dyn SpeechEngine,
    pauses: Pauses,
    samples: S,
) -> Result<Track<S>, EngineError> {
    let steps = layout(script, pauses);
    // One request list for the whole script, so engines that read sentences in parallel
    // keep every core busy even when chapters are a sentence long.
    let mut hints = Requests::default();
    let mut requests = Vec::new();
    for step in &steps {
        if let Step::Sentence(sentence) = step {
            requests.push(hints.request(sentence, engine)?);
        }
    }
    let mut track = Track::with_sink(engine.sample_rate(), samples);
    let mut steps = steps.into_iter();
    engine.synthesize_in_order(&requests, &mut |audio| {
        for step in steps.by_ref() {
            match step {
                Step::Pause(seconds) => track.pause(seconds),
                Step::Mark(label) => track.mark(label),
                Step::Sentence(sentence) => {
                    track.push_sentence(&sentence.text, audio.samples);
                    return;
                }
            }
        }
    })?;
    for step in steps {
        match step {
            Step::Pause(seconds) => track.pause(seconds),
            Step::Mark(label) => track.mark(label),
            Step::Sentence(_) => {
                return Err(EngineError::Synthesis(
                    "the engine returned too few sentences".into(),
                ))
            }
        }
    }
    Ok(track)
}

/// Words per second no voice reads faster than (360 a minute; eSpeak NG's default is 175,
/// Piper voices read about 160).
const MAX_WORDS_PER_SECOND: f64 = 6.0;

/// The script would make more audio than one WAV file holds.
#[derive(Debug, thiserror::Error)]
#[error(
    "the article would take at least {hours:.0} hours to read, more than a WAV file holds \
     ({limit:.0} hours at {rate} Hz); split it into parts"
)]
pub struct TooLong {
    pub hours: f64,
    pub limit: f64,
    pub rate: u32,
}

/// Refuse, before any audio is made, a script whose shortest possible reading (every word
/// at [`MAX_WORDS_PER_SECOND`], plus the pauses) would not fit in a WAV file at `rate`.
pub fn check_length(script: &Script, rate: SampleRate, pauses: Pauses) -> Result<(), TooLong> {
    let mut seconds = 0.0;
    for step in layout(script, pauses) {
        seconds += match step {
            Step::Pause(pause) => f64::from(pause),
            Step::Mark(_) => 0.0,
            Step::Sentence(sentence) => {
                sentence.spoken.split_whitespace().count() as f64 / MAX_WORDS_PER_SECOND
            }
        };
    }
    let limit = MAX_SAMPLES as f64 / f64::from(rate.0);
    if seconds > limit {
        return Err(TooLong {
            hours: seconds / 3600.0,
            limit: limit / 3600.0,
            rate: rate.0,
        });
    }
    Ok(())
}

/// One thing to put into the track, in order.
enum Step<'a> {
    Pause(f32),
    Mark(&'a str),
    Sentence(&'a Sentence),
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
                steps.push(Step::Sentence(sentence));
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
    use crate::speech::lexicon::{Lexicon, Source};

    /// What eSpeak says for `text` with `lexicon`'s hints, as IPA phonemes.
    fn spoken_phonemes(text: &str, lexicon: &Lexicon) -> Option<String> {
        let (_lock, mut engine) = crate::engine::espeak::tests::engine()?;
        let sentence = Sentence::new(text, lexicon);
        let request = Requests::default().request(&sentence, &mut engine).unwrap();
        Some(engine.synthesize(&request).unwrap().phonemes.concat())
    }

    fn user_lexicon(toml: &str) -> Lexicon {
        let path = std::path::Path::new("mine.toml");
        Lexicon::builtin().merge(Lexicon::from_toml(toml, path, Source::User).unwrap())
    }

    #[test]
    fn a_user_ipa_hint_is_what_espeak_says() {
        let text = "Officials in Qwghlm agreed.";
        let Some(plain) = spoken_phonemes(text, &Lexicon::builtin()) else {
            return;
        };
        let lexicon = user_lexicon("[[name]]\ntext = \"Qwghlm\"\nipa = \"kwˈɪɡləm\"\n");
        let hinted = spoken_phonemes(text, &lexicon).unwrap_or_default();
        assert!(hinted.contains("kwɪɡləm"), "{hinted}");
        assert!(!plain.contains("kwɪɡləm"), "{plain}");
    }

    #[test]
    fn brackets_in_article_text_beside_a_hint_stay_text() {
        // The article tries to wrap the hinted name's phoneme block in its own brackets and
        // to open one of its own; both must be read as text.
        let lexicon = user_lexicon("[[name]]\ntext = \"Qwghlm\"\nipa = \"kwˈɪɡləm\"\n");
        let Some(said) = spoken_phonemes("Meet [Qwghlm] and [[dZ'A:n]] now.", &lexicon) else {
            return;
        };
        assert!(said.contains("kwɪɡləm"), "{said}");
        let john = spoken_phonemes("John", &Lexicon::default()).unwrap_or_default();
        assert!(!said.contains(&john), "{said} contains {john}");
    }

    #[test]
    fn a_user_respelling_reaches_espeak_as_the_phonemes_it_reads_as() {
        let text = "Officials in Qwghlm agreed.";
        let lexicon = user_lexicon("[[name]]\ntext = \"Qwghlm\"\nsay = \"kwig-lum\"\n");
        let Some(hinted) = spoken_phonemes(text, &lexicon) else {
            return;
        };
        let respelled = spoken_phonemes("Officials in kwig-lum agreed.", &Lexicon::builtin());
        assert_eq!(Some(hinted), respelled);
    }

    #[test]
    fn a_script_too_long_for_one_wav_is_refused_before_reading() {
        let article = |words: usize| Article {
            title: None,
            byline: None,
            published: None,
            blocks: vec![Block {
                kind: BlockKind::Paragraph,
                text: format!("{}.", vec!["word"; words].join(" ")),
            }],
        };
        // At 384 kHz a WAV file holds 93 minutes: 40,000 words take at least 111.
        let rate = SampleRate(384_000);
        let check = |words| {
            let script = Script::from_article(&article(words), &Lexicon::default());
            check_length(&script, rate, Pauses::default())
        };
        assert!(check(1_000).is_ok());
        let error = check(40_000).unwrap_err();
        assert_eq!(error.rate, 384_000);
        assert!(error.hours > error.limit, "{error}");
        assert!(error.to_string().contains("split it into parts"), "{error}");
    }

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
            Vec::new(),
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
