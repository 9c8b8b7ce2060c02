//! Unit tests with a tiny stand-in model (`testdata/tiny.onnx`: the real model's inputs
//! and output, audio = the padded tokens × speed, then the style row), so the token
//! framing, the style row, the speed and the hint path are checked without the 92 MB
//! model. The real model is tested through the binary in `tests/cli.rs`.

use super::*;
use crate::engine::espeak::tests::engine as espeak_lock;

/// A vocab with the symbols of the test sentences.
const VOCAB: &str = r#"{"vocab": {" ": 16, ",": 3, ".": 4, "A": 24, "I": 25, "O": 31,
    "T": 36, "d": 46, "h": 50, "j": 52, "k": 53, "l": 54, "m": 55, "n": 56, "s": 61,
    "t": 62, "u": 63, "w": 65, "ə": 83, "ɛ": 86, "ɜ": 87, "ɪ": 102, "ɹ": 123,
    "ʊ": 135, "ʌ": 138, "ˈ": 156, "ˌ": 157}}"#;

/// Row r of the style holds r + 1 in every column.
fn style_bytes() -> Vec<u8> {
    (0..STYLE_ROWS)
        .flat_map(|r| std::iter::repeat_n((r + 1) as f32, STYLE_WIDTH))
        .flat_map(f32::to_le_bytes)
        .collect()
}

/// The stand-in voice in a temporary folder.
fn tiny_voice(dir: &Path) -> KokoroFiles {
    let files = KokoroFiles {
        model: dir.join("tiny.onnx"),
        vocab: dir.join("vocab.json"),
        style: dir.join("style.bin"),
    };
    std::fs::write(&files.model, include_bytes!("testdata/tiny.onnx")).unwrap();
    std::fs::write(&files.vocab, VOCAB).unwrap();
    std::fs::write(&files.style, style_bytes()).unwrap();
    files
}

use std::path::Path;

/// The stand-in engine with the eSpeak test lock held, or `None` (said) when eSpeak NG or
/// ONNX Runtime is missing.
fn tiny_engine(dir: &Path) -> Option<(std::sync::MutexGuard<'static, ()>, KokoroEngine)> {
    let (lock, espeak) = espeak_lock()?;
    drop(espeak);
    if load_runtime().is_err() {
        eprintln!(
            "skipping: ONNX Runtime not installed (`narrate voices install kokoro-af_heart`)"
        );
        return None;
    }
    let engine =
        KokoroEngine::new("kokoro-af_test", &tiny_voice(dir), 24_000, false, None).unwrap();
    Some((lock, engine))
}

fn normalized(mut raw: Vec<f32>) -> Vec<f32> {
    normalize_peak(&mut raw);
    raw
}

#[test]
fn a_hint_reaches_the_model_as_kokoro_symbols_with_padding_style_row_and_speed() {
    let dir = tempfile::tempdir().unwrap();
    let Some((_lock, mut engine)) = tiny_engine(dir.path()) else {
        return;
    };
    assert_eq!(engine.sample_rate(), SampleRate(24_000));
    assert_eq!(engine.name(), "kokoro:af_test");
    // "Yoon" as a lexicon hint: no eSpeak, straight to symbols.
    let mut request = SynthesisRequest::from_segments(vec![Segment::Phonemes {
        ipa: "jˈuːn".into(),
        written: "Yoon".into(),
    }]);
    request.rate_wpm = DEFAULT_RATE_WPM * 2;
    assert_eq!(engine.symbols(&request).unwrap(), "jˈun");
    let out = engine.synthesize(&request).unwrap();
    // [0, j, ˈ, u, n, 0] × speed 2, then style row 4 (4 tokens), which holds 4.0.
    let mut raw: Vec<f32> = [0.0, 52.0, 156.0, 63.0, 56.0, 0.0]
        .iter()
        .map(|v| v * 2.0)
        .collect();
    raw.extend([4.0; STYLE_WIDTH]);
    assert_eq!(out.samples, normalized(raw));
}

#[test]
fn text_goes_through_tied_espeak_ipa_with_clause_marks_and_hints_between() {
    let dir = tempfile::tempdir().unwrap();
    let Some((_lock, mut engine)) = tiny_engine(dir.path()) else {
        return;
    };
    let request = SynthesisRequest::from_segments(vec![
        Segment::Text("Hello, I met ".into()),
        Segment::Phonemes {
            ipa: "jˈuːn sˈʊkjˌʌl".into(),
            written: "Yoon Suk Yeol".into(),
        },
        Segment::Text(" today.".into()),
    ]);
    let symbols = engine.symbols(&request).unwrap();
    // eSpeak leaves "I" unstressed here.
    assert_eq!(symbols, "həlˈO, I mˈɛt jˈun sˈʊkjˌʌl tədˈA.");
}

#[test]
fn a_sentence_over_the_token_limit_is_read_in_pieces_each_with_its_own_row() {
    let dir = tempfile::tempdir().unwrap();
    let Some((_lock, mut engine)) = tiny_engine(dir.path()) else {
        return;
    };
    // 200 hinted words of 4 symbols and a space: 999 tokens, so two pieces.
    let words = vec!["mˈIn"; 200].join(" ");
    let request = SynthesisRequest::from_segments(vec![Segment::Phonemes {
        ipa: words.clone(),
        written: words,
    }]);
    let job = engine.job(&request).unwrap();
    assert_eq!(job.tokens(), 200 * 5 - 2);
    assert_eq!(job.pieces.len(), 2);
    assert!(job.pieces.iter().all(|p| p.len() <= MAX_TOKENS));
    // Cut between words: each piece starts with `m` and ends with `n`.
    assert!(
        job.pieces
            .iter()
            .all(|p| p[0] == 55 && p[p.len() - 1] == 56)
    );
    let out = engine.synthesize(&request).unwrap();
    let expected = job
        .pieces
        .iter()
        .map(|p| p.len() + 2 + STYLE_WIDTH)
        .sum::<usize>();
    assert_eq!(out.samples.len(), expected);
}

#[test]
fn a_truncated_style_file_is_refused_by_name() {
    assert!(Styles::parse(&style_bytes()).is_ok());
    let err = Styles::parse(&style_bytes()[..1000]).unwrap_err();
    assert!(err.contains("1000 bytes, expected 522240"), "{err}");
    let mut nan = style_bytes();
    nan[..4].copy_from_slice(&f32::NAN.to_le_bytes());
    assert!(Styles::parse(&nan).is_err());
}

#[test]
fn an_unknown_kokoro_voice_is_refused_by_name() {
    let err = KokoroEngine::installed("kokoro-nobody", None)
        .err()
        .unwrap();
    assert!(matches!(err, EngineError::UnknownVoice(_)), "{err}");
}

#[test]
fn speed_follows_the_rate_and_is_one_at_the_default() {
    assert_eq!(speed(DEFAULT_RATE_WPM), 1.0);
    assert!(speed(330) <= 2.0 && speed(1) >= 0.48);
}
