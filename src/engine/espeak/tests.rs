//! Tests against the installed eSpeak NG; each skips when the library is missing.

use std::sync::{Mutex, MutexGuard};

use super::*;
use crate::engine::Segment;

/// One engine per process, and the test harness runs tests on parallel threads.
static SERIAL: Mutex<()> = Mutex::new(());

/// The en-us engine with the test lock held, or `None` (after saying so) without eSpeak NG.
/// Every test in the crate that needs eSpeak goes through here.
pub(crate) fn engine() -> Option<(MutexGuard<'static, ()>, EspeakEngine)> {
    engine_for("en-us")
}

/// The engine for `voice` with the test lock held, or `None` without eSpeak NG.
pub(crate) fn engine_for(voice: &str) -> Option<(MutexGuard<'static, ()>, EspeakEngine)> {
    let guard = SERIAL
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    match EspeakEngine::new(voice) {
        Ok(engine) => Some((guard, engine)),
        Err(EngineError::LibraryMissing { .. }) => {
            eprintln!("skipping: eSpeak NG library not installed");
            None
        }
        Err(other) => panic!("cannot start eSpeak NG: {other}"),
    }
}

fn seconds(engine: &EspeakEngine, synthesis: &Synthesis) -> f32 {
    synthesis.samples.len() as f32 / engine.sample_rate().0 as f32
}

const SENTENCE: &str = "Hello world, this is a test.";

#[test]
fn a_sentence_is_a_few_seconds_of_audible_speech() {
    let Some((_lock, mut engine)) = engine() else {
        return;
    };
    assert_eq!(engine.name(), "espeak-ng:en-us");
    assert_eq!(engine.sample_rate(), SampleRate(22_050));
    let out = engine.synthesize(&SynthesisRequest::new(SENTENCE)).unwrap();
    let secs = seconds(&engine, &out);
    assert!((1.0..6.0).contains(&secs), "{secs} s");
    assert!(out.samples.iter().all(|s| (-1.0..=1.0).contains(s)));
    let rms = (out.samples.iter().map(|s| s * s).sum::<f32>() / out.samples.len() as f32).sqrt();
    assert!(rms > 0.02, "rms {rms}");
}

#[test]
fn word_timings_point_at_each_word_in_order() {
    let Some((_lock, mut engine)) = engine() else {
        return;
    };
    let out = engine.synthesize(&SynthesisRequest::new(SENTENCE)).unwrap();
    let words: Vec<&str> = out
        .words
        .iter()
        .map(|w| &SENTENCE[w.text_offset..w.text_offset + w.text_len])
        .collect();
    assert_eq!(words, ["Hello", "world", "this", "is", "a", "test"]);
    assert_eq!(out.words[0].sample, 0);
    assert!(out.words.windows(2).all(|w| w[0].sample < w[1].sample));
    assert!(out.words.last().unwrap().sample < out.samples.len());
}

#[test]
fn offsets_are_bytes_even_after_accents_and_numbers() {
    let Some((_lock, mut engine)) = engine() else {
        return;
    };
    let text = "  Café über naïve résumé, 1995 costs more.";
    let out = engine.synthesize(&SynthesisRequest::new(text)).unwrap();
    let words: Vec<&str> = out
        .words
        .iter()
        .map(|w| &text[w.text_offset..w.text_offset + w.text_len])
        .collect();
    assert_eq!(
        words,
        ["Café", "über", "naïve", "résumé", "1995", "costs", "more"]
    );
}

#[test]
fn a_faster_rate_is_shorter() {
    let Some((_lock, mut engine)) = engine() else {
        return;
    };
    let mut request = SynthesisRequest::new(SENTENCE);
    request.rate_wpm = 120;
    let slow = engine.synthesize(&request).unwrap();
    request.rate_wpm = 300;
    let fast = engine.synthesize(&request).unwrap();
    let (slow, fast) = (seconds(&engine, &slow), seconds(&engine, &fast));
    assert!(fast < 0.7 * slow, "fast {fast} s, slow {slow} s");
}

#[test]
fn pitch_changes_the_audio_not_the_length() {
    let Some((_lock, mut engine)) = engine() else {
        return;
    };
    let mut request = SynthesisRequest::new(SENTENCE);
    request.pitch = 10;
    let low = engine.synthesize(&request).unwrap();
    request.pitch = 90;
    let high = engine.synthesize(&request).unwrap();
    assert_ne!(low.samples, high.samples);
    let ratio = low.samples.len() as f32 / high.samples.len() as f32;
    assert!((0.9..1.1).contains(&ratio), "{ratio}");
}

#[test]
fn hello_in_ipa() {
    let Some((_lock, mut engine)) = engine() else {
        return;
    };
    assert_eq!(engine.text_to_ipa("hello").unwrap(), "həlˈoʊ");
    assert_eq!(
        engine.text_to_ipa("Hello, world. Tomato").unwrap(),
        "həlˈoʊ wˈɜːld təmˈeɪɾoʊ"
    );
    assert_eq!(engine.text_to_ipa("").unwrap(), "");
}

#[test]
fn double_brackets_are_read_as_text_not_phonemes() {
    let Some((_lock, mut engine)) = engine() else {
        return;
    };
    let injected = "[[h@l'oU]]";
    assert_ne!(engine.text_to_ipa(injected).unwrap(), "həlˈoʊ");
    let out = engine.synthesize(&SynthesisRequest::new(injected)).unwrap();
    // Read as text, the letters are spelled one by one; as phonemes it would be one word.
    assert!(out.words.len() >= 3, "{:?}", out.words);
}

#[test]
fn nul_bytes_do_not_cut_the_text() {
    let Some((_lock, mut engine)) = engine() else {
        return;
    };
    let out = engine
        .synthesize(&SynthesisRequest::new("one\0two"))
        .unwrap();
    assert_eq!(out.words.len(), 2);
}

#[test]
fn one_engine_per_process_and_unknown_voices_are_refused() {
    let Some((_lock, engine)) = engine() else {
        return;
    };
    assert!(matches!(EspeakEngine::new("en-us"), Err(EngineError::Busy)));
    drop(engine);
    for voice in ["xx-nope", "no\0voice", ""] {
        match EspeakEngine::new(voice) {
            Err(EngineError::UnknownVoice(name)) => assert_eq!(name, voice),
            other => panic!("{voice:?}: {:?}", other.map(|e| e.name().to_owned())),
        }
    }
    // A refused voice frees the slot again; `en-gb` is found by language.
    let mut british = EspeakEngine::new("en-gb").unwrap();
    assert_eq!(british.text_to_ipa("tomato").unwrap(), "təmˈɑːtəʊ");
}

#[test]
fn word_timings_drop_number_parts_and_backward_events() {
    let text = "in 1995 now";
    let raw = [
        (1, 2, 0),
        (4, 4, 10),
        (5, 4, 20),
        (5, 4, 30),
        (9, 3, 40),
        (3, 0, 50),
    ]
    .map(|(char_position, char_len, sample)| RawWord {
        char_position,
        char_len,
        sample,
    });
    let offsets: Vec<_> = word_timings(text, &raw, 45)
        .iter()
        .map(|w| (w.text_offset, w.text_len, w.sample))
        .collect();
    assert_eq!(offsets, [(0, 2, 0), (3, 4, 10), (8, 3, 40)]);
}

#[test]
fn plain_text_keeps_offsets() {
    let text = "a [[[b]] c\0d\u{1}e\u{85}f";
    let plain = plain_text(text);
    assert_eq!(plain, "a (((b)) c d e\u{a0}f");
    assert_eq!(plain.len(), text.len());
    assert_eq!(plain.chars().count(), text.chars().count());
}

fn said(engine: &mut EspeakEngine, segments: Vec<Segment>) -> Synthesis {
    engine
        .synthesize(&SynthesisRequest::from_segments(segments))
        .unwrap()
}

fn text(s: &str) -> Segment {
    Segment::Text(s.to_owned())
}

fn phonemes(ipa: &str, written: &str) -> Segment {
    Segment::Phonemes {
        ipa: ipa.to_owned(),
        written: written.to_owned(),
    }
}

#[test]
fn a_phoneme_segment_is_said_as_given() {
    let Some((_lock, mut engine)) = engine() else {
        return;
    };
    // eSpeak reads "Zyx" as letters or guesses; the hint says "zeeks".
    let plain = said(&mut engine, vec![text("Meet Zyx today.")]);
    let hinted = said(
        &mut engine,
        vec![text("Meet "), phonemes("zˈiːks", "Zyx"), text(" today.")],
    );
    let joined = |s: &Synthesis| s.phonemes.concat();
    assert!(joined(&hinted).contains("ziːks"), "{:?}", hinted.phonemes);
    assert!(!joined(&plain).contains("ziːks"), "{:?}", plain.phonemes);
    // Word timings point into the written sentence, the hinted name as one word.
    let written = "Meet Zyx today.";
    let words: Vec<&str> = hinted
        .words
        .iter()
        .map(|w| &written[w.text_offset..w.text_offset + w.text_len])
        .collect();
    assert_eq!(words, ["Meet", "Zyx", "today"]);
}

#[test]
fn espeaks_own_ipa_round_trips_through_phoneme_input() {
    let Some((_lock, mut engine)) = engine() else {
        return;
    };
    for word in [
        "Worcester",
        "Natchitoches",
        "butter",
        "Rotterdam",
        "beer",
        "Cyril",
        "sharing",
        "starry",
        "story",
        "sure",
        "fire",
        "Peter Olsen",
        "Europe",
        "during",
    ] {
        let ipa = engine.text_to_ipa(word).unwrap();
        let from_text = said(&mut engine, vec![text(word)]).phonemes;
        let from_ipa = said(&mut engine, vec![phonemes(&ipa, word)]).phonemes;
        assert_eq!(from_ipa, from_text, "{word}: {ipa}");
    }
}

#[test]
fn injection_attempts_in_text_are_read_as_text() {
    let Some((_lock, mut engine)) = engine() else {
        return;
    };
    let as_phonemes = said(&mut engine, vec![phonemes("dʒˈɑːn", "John")]).phonemes;
    for attack in [
        "[[dZ'A:n]]",
        "x[[dZ'A:n]]",
        "<speak><phoneme alphabet=\"ipa\" ph=\"dʒɑn\">x</phoneme></speak>",
        "\u{1}80S x",
    ] {
        let out = said(&mut engine, vec![text(attack), phonemes("ɐ", "a")]);
        let n = as_phonemes.len();
        assert!(
            !out.phonemes.windows(n).any(|w| w == as_phonemes.as_slice()),
            "{attack}: {:?}",
            out.phonemes
        );
        assert!(out.words.len() >= 2, "{attack}: {:?}", out.words);
    }
    // Split across segments, the two halves of `[[` cannot pair up either.
    let split = said(&mut engine, vec![text("x["), text("[dZ'A:n]]")]);
    assert!(split.words.len() >= 2, "{:?}", split.words);
}

#[cfg(unix)]
#[test]
fn sentences_of_a_helper_that_cannot_answer_are_read_here() {
    let Some((_lock, mut engine)) = engine() else {
        return;
    };
    // `false` starts and exits at once: every helper breaks on its first sentence.
    let requests: Vec<SynthesisRequest> = (0..12)
        .map(|i| SynthesisRequest::new(&format!("Sentence number {i} is read.")))
        .collect();
    let helpers: Vec<_> = (0..2)
        .filter_map(|_| helper::Helper::start(std::path::Path::new("false"), "en-us"))
        .collect();
    assert_eq!(helpers.len(), 2);
    let mut got = Vec::new();
    engine
        .read_with_helpers(&requests, helpers, &mut |s| {
            got.push(s);
            ControlFlow::Continue(())
        })
        .unwrap();
    assert_eq!(got.len(), requests.len());
    assert!(
        got.iter()
            .all(|s| s.samples.len() > 10_000 && s.words.len() >= 5)
    );
}

#[test]
fn sentences_go_to_processes_by_length_with_a_head_start_here() {
    let short = SynthesisRequest::new("Short one.");
    let long = SynthesisRequest::new(&"A long sentence with many words in it. ".repeat(20));
    let requests = [long.clone(), short.clone(), short.clone(), long, short];
    let assigned = helper::assign(&requests, 2);
    assert_eq!(assigned, helper::assign(&requests, 2));
    assert_eq!(assigned[0], 0);
    assert_eq!(assigned[1], 1);
    assert!(assigned.contains(&1) && assigned.iter().filter(|&&p| p == 0).count() >= 2);
    assert_eq!(helper::assign(&requests, 1), [0; 5]);
}
