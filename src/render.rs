//! Stages 2–4 together: a [`Script`] and a [`SpeechEngine`] in, a finished [`Track`] out.
//!
//! Hinted names reach the engine as phonemes: the hint's IPA, else its respelling turned
//! into IPA once by the engine itself ([`SpeechEngine::phonemize`]); an engine that cannot
//! phonemize gets the respelling as text.

use std::collections::HashMap;
use std::ops::ControlFlow;

use crate::audio::wav::MAX_SAMPLES;
use crate::audio::{Pauses, SampleRate, SampleSink, Track, WordStart};
use crate::engine::{
    DEFAULT_RATE_WPM, EngineError, Segment, SpeechEngine, SynthesisRequest, WordTiming,
};
use crate::speech::{Script, Sentence};

/// How a script is read: pace, pitch and the pauses between its pieces.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Delivery {
    /// Speaking rate in words per minute (eSpeak NG's rate; a neural voice's length scale
    /// is set to match it).
    pub rate_wpm: u32,
    /// Base pitch, 0–100 (50 is the voice's own).
    pub pitch: u8,
    pub pauses: Pauses,
}

impl Default for Delivery {
    fn default() -> Self {
        Delivery {
            rate_wpm: DEFAULT_RATE_WPM,
            pitch: 50,
            pauses: Pauses::default(),
        }
    }
}

/// Turns sentences into engine requests, remembering what each respelling phonemized to.
#[derive(Debug, Default)]
pub struct Requests {
    respellings: HashMap<String, Option<String>>,
    delivery: Delivery,
}

impl Requests {
    /// Requests read at `delivery`'s rate and pitch.
    pub fn new(delivery: Delivery) -> Self {
        Requests {
            respellings: HashMap::new(),
            delivery,
        }
    }

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
        let mut request = SynthesisRequest::from_segments(segments);
        request.rate_wpm = self.delivery.rate_wpm;
        request.pitch = self.delivery.pitch;
        Ok(request)
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

/// How far a render has got, after each sentence.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Progress {
    pub sentences_done: usize,
    pub sentences: usize,
    /// Seconds of audio made so far.
    pub seconds: f64,
}

/// Read a script aloud into `samples`: one marker per chapter, pauses between sentences,
/// paragraphs and chapters, at `delivery`'s rate and pitch. Each sentence's audio goes
/// into the track as soon as it and the ones before it are made, so a streaming sink
/// writes while later ones are read. When the sink stops taking audio
/// ([`SampleSink::stopped`]), the engine stops at once and the track is returned as far
/// as it got: finishing the sink reports why.
pub fn render<S: SampleSink>(
    script: &Script,
    engine: &mut dyn SpeechEngine,
    delivery: Delivery,
    samples: S,
    progress: &mut dyn FnMut(Progress),
) -> Result<Track<S>, EngineError> {
    let steps = layout(script, delivery.pauses);
    // One request list for the whole script, so engines that read sentences in parallel
    // keep every core busy even when chapters are a sentence long.
    let mut hints = Requests::new(delivery);
    let mut requests = Vec::new();
    for step in &steps {
        if let Step::Sentence(sentence) = step {
            requests.push(hints.request(sentence, engine)?);
        }
    }
    let mut track = Track::with_sink(engine.sample_rate(), samples);
    let mut steps = steps.into_iter();
    let mut said = requests.iter();
    engine.synthesize_in_order(&requests, &mut |audio| {
        let heard = said
            .next()
            .map(SynthesisRequest::written)
            .unwrap_or_default();
        for step in steps.by_ref() {
            match step {
                Step::Pause(seconds) => track.pause(seconds),
                Step::Mark(label) => track.mark(label),
                Step::Sentence(sentence) => {
                    let words = written_word_starts(&sentence.text, &heard, &audio.words);
                    track.push_sentence(&sentence.text, audio.samples, &words);
                    progress(Progress {
                        sentences_done: track.sentences.len(),
                        sentences: requests.len(),
                        seconds: track.duration_seconds(),
                    });
                    return if track.samples.stopped() {
                        ControlFlow::Break(())
                    } else {
                        ControlFlow::Continue(())
                    };
                }
            }
        }
        ControlFlow::Continue(())
    })?;
    if track.samples.stopped() {
        // The sink's own error (say, the WAV limit) is what the caller reports when it
        // finishes the sink; the sentences not read are not the engine's fault.
        return Ok(track);
    }
    for step in steps {
        match step {
            Step::Pause(seconds) => track.pause(seconds),
            Step::Mark(label) => track.mark(label),
            Step::Sentence(_) => {
                return Err(EngineError::Synthesis(
                    "the engine returned too few sentences".into(),
                ));
            }
        }
    }
    Ok(track)
}

/// How far ahead in the written sentence a spoken word is looked for.
const ALIGN_WINDOW: usize = 4;

/// Match the words the engine timed (offsets into `heard`, the text it was given) with
/// the words of the written sentence: a spoken word starts a written word when the two
/// are the same letters and digits, looked for a few words ahead. Written words read as
/// something else ("$5" said "five dollars") get no start of their own.
fn written_word_starts(written: &str, heard: &str, timings: &[WordTiming]) -> Vec<WordStart> {
    let key = |word: &str| -> String {
        word.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let words: Vec<(usize, String)> = written
        .split_whitespace()
        .map(|w| (w.as_ptr() as usize - written.as_ptr() as usize, key(w)))
        .collect();
    let mut next = 0;
    let mut starts = Vec::new();
    for timing in timings {
        let Some(spoken) = heard.get(timing.text_offset..timing.text_offset + timing.text_len)
        else {
            continue;
        };
        let spoken = key(spoken);
        if spoken.is_empty() {
            continue;
        }
        let found = words[next..]
            .iter()
            .take(ALIGN_WINDOW)
            .position(|(_, w)| *w == spoken);
        if let Some(k) = found {
            starts.push(WordStart {
                offset: words[next + k].0,
                sample: timing.sample,
            });
            next += k + 1;
        }
    }
    starts
}

/// Words per second no voice reads faster than at the default rate (360 a minute, 2.2
/// times the 165 asked for; eSpeak NG and Piper keep to within a few percent of it). At
/// another `--rate` the bound scales with the rate.
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

/// Refuse, before any audio is made, a script whose shortest possible reading at
/// `delivery` (every word at [`MAX_WORDS_PER_SECOND`] scaled by the rate, plus the pauses)
/// would not fit in a WAV file at `rate`. The recorder stops at the limit too, should a
/// voice read slower than this bound.
pub fn check_length(script: &Script, rate: SampleRate, delivery: Delivery) -> Result<(), TooLong> {
    let words_per_second =
        MAX_WORDS_PER_SECOND * f64::from(delivery.rate_wpm.max(1)) / f64::from(DEFAULT_RATE_WPM);
    let mut seconds = 0.0;
    for step in layout(script, delivery.pauses) {
        seconds += match step {
            Step::Pause(pause) => f64::from(pause),
            Step::Mark(_) => 0.0,
            Step::Sentence(sentence) => {
                sentence.spoken.split_whitespace().count() as f64 / words_per_second
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
    use crate::article::{Article, Block, BlockKind, paragraphs};
    use crate::audio::record::Recorder;
    use crate::engine::Synthesis;
    use crate::engine::mock::MockEngine;
    use crate::speech::NumberStyle;
    use crate::speech::lexicon::{Lexicon, Source};

    /// What eSpeak says for `text` with `lexicon`'s hints, as IPA phonemes.
    fn spoken_phonemes(text: &str, lexicon: &Lexicon) -> Option<String> {
        let (_lock, mut engine) = crate::engine::espeak::tests::engine()?;
        let sentence = Sentence::new(text, lexicon, NumberStyle::default());
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
    fn requests_carry_the_delivery_rate_and_pitch() {
        let delivery = Delivery {
            rate_wpm: 210,
            pitch: 30,
            ..Delivery::default()
        };
        let sentence = Sentence::new("Hello there.", &Lexicon::default(), NumberStyle::default());
        let request = Requests::new(delivery)
            .request(&sentence, &mut MockEngine)
            .unwrap();
        assert_eq!((request.rate_wpm, request.pitch), (210, 30));
    }

    #[test]
    fn spoken_words_are_matched_with_the_written_words_they_read() {
        let heard = "It cost five dollars today, Dr. Ruiz said.";
        let timings: Vec<WordTiming> = heard
            .split(' ')
            .scan(0, |at, w| {
                let timing = WordTiming {
                    sample: 100 * *at,
                    text_offset: heard[..].find(w).unwrap_or(0),
                    text_len: w.len(),
                };
                *at += 1;
                Some(timing)
            })
            .collect();
        let starts = written_word_starts("It cost $5 today, Dr. Ruiz said.", heard, &timings);
        let pairs: Vec<(usize, usize)> = starts.iter().map(|w| (w.offset, w.sample)).collect();
        assert_eq!(
            pairs,
            [(0, 0), (3, 100), (11, 400), (18, 500), (22, 600), (27, 700)]
        );
    }

    #[test]
    fn a_script_too_long_for_one_wav_is_refused_before_reading() {
        let article = |words: usize| Article {
            title: None,
            byline: None,
            published: None,
            blocks: paragraphs(&[&format!("{}.", vec!["word"; words].join(" "))]),
        };
        // At 384 kHz a WAV file holds 93 minutes: 40,000 words take at least 111.
        let rate = SampleRate(384_000);
        let check = |words| {
            let script =
                Script::from_article(&article(words), &Lexicon::default(), NumberStyle::default());
            check_length(&script, rate, Delivery::default())
        };
        assert!(check(1_000).is_ok());
        // Read at 80 words a minute, 20,000 words take at least 1.9 hours: too long there.
        let slow = Delivery {
            rate_wpm: 80,
            ..Delivery::default()
        };
        let script = Script::from_article(
            &article(20_000),
            &Lexicon::default(),
            NumberStyle::default(),
        );
        assert!(check(20_000).is_ok());
        assert!(check_length(&script, rate, slow).is_err());
        let error = check(40_000).unwrap_err();
        assert_eq!(error.rate, 384_000);
        assert!(error.hours > error.limit, "{error}");
        assert!(error.to_string().contains("split it into parts"), "{error}");
    }

    /// The mock voice, counting the sentences it is asked to read.
    struct Counting(usize);

    impl SpeechEngine for Counting {
        fn name(&self) -> &str {
            "counting"
        }

        fn sample_rate(&self) -> SampleRate {
            MockEngine.sample_rate()
        }

        fn synthesize(&mut self, request: &SynthesisRequest) -> Result<Synthesis, EngineError> {
            self.0 += 1;
            MockEngine.synthesize(request)
        }
    }

    #[test]
    fn the_engine_stops_when_the_recorder_stops_at_the_wav_limit() {
        // The recorder stopped at the limit, but the engine read on to the end of the
        // article, making audio nobody would write.
        let sentences = "The council met on Tuesday to vote on the bridge. ".repeat(400);
        let article = Article {
            title: None,
            byline: None,
            published: None,
            blocks: paragraphs(&[&sentences]),
        };
        let script = Script::from_article(&article, &Lexicon::default(), NumberStyle::default());
        let dir = tempfile::tempdir().unwrap();
        let rate = MockEngine.sample_rate();
        // Ten seconds: about four of the 2.5-second sentences.
        let recorder = Recorder::with_limit(&dir.path().join("a.wav"), rate, 10 * 22_050);
        let mut engine = Counting(0);
        let track = render(
            &script,
            &mut engine,
            Delivery::default(),
            recorder.unwrap(),
            &mut |_| {},
        )
        .expect("the engine is not at fault");
        let error = track.finish().err().expect("the recorder stopped");
        assert!(
            error
                .source
                .to_string()
                .contains("the most a WAV file holds")
        );
        // The recorder queues a few sentences ahead of its writer; none past those.
        assert!(engine.0 < 60, "{} of 400 sentences read", engine.0);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
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
                    kind: BlockKind::Heading,
                    text: "Six.".into(),
                },
            ],
        };
        let track = render(
            &Script::from_article(&article, &Lexicon::default(), NumberStyle::default()),
            &mut MockEngine,
            Delivery::default(),
            Vec::new(),
            &mut |_| {},
        )
        .unwrap();
        assert_eq!(track.markers.len(), 2);
        assert_eq!(track.sentences.len(), 4);
        assert_eq!(track.markers[0].sample, 0);
        assert_eq!(track.markers[1].sample, track.sentences[3].start);
        // the mock voice times every word it reads; the written words match them
        let words: Vec<usize> = track.sentences[2].words.iter().map(|w| w.offset).collect();
        assert_eq!(words, [0, 6, 11]);
        assert_eq!(track.sentences[2].words[0].sample, track.sentences[2].start);
        let gap = track.sentences[2].start - track.sentences[1].end;
        assert_eq!(gap, track.rate.samples(Pauses::default().sentence));
    }
}
