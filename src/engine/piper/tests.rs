//! Unit tests that need neither a model nor ONNX Runtime; rendering with a real voice is
//! tested through the binary in `tests/cli.rs` (eSpeak NG allows one engine per process).

use super::*;

#[test]
fn an_unknown_piper_voice_is_refused_by_name() {
    let err = VoiceFiles::installed("xx_XX-nobody-low").unwrap_err();
    assert!(matches!(err, EngineError::UnknownVoice(_)), "{err}");
}

#[test]
fn each_sentence_is_brought_to_full_scale_like_piper_does() {
    let mut quiet = vec![0.1, -0.25, f32::NAN, 0.05];
    normalize_peak(&mut quiet);
    assert_eq!(quiet[..2], [0.4, -1.0]);
    let mut silence = vec![0.0; 4];
    normalize_peak(&mut silence);
    assert_eq!(silence, [0.0; 4]);
}

#[test]
fn the_optimized_model_is_cached_beside_the_model_and_a_broken_or_old_cache_replaced() {
    let (Ok(runtime), Ok(files)) = (load_runtime(), VoiceFiles::installed("en_US-joe-medium"))
    else {
        eprintln!("skipping: the en_US-joe-medium voice and ONNX Runtime are not installed");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("voice.onnx");
    std::fs::copy(&files.model, &model).unwrap();
    let cache = dir
        .path()
        .join(format!("voice.optimized-{}.onnx", runtime.build()));
    let old_build = dir.path().join("voice.optimized-1.32.0.onnx");
    std::fs::write(&old_build, b"an older runtime's cache").unwrap();
    let weights = ort::session::builder::PrepackedWeights::new();

    Session::open(runtime, &model, &weights).unwrap();
    let written = std::fs::metadata(&cache)
        .expect("first open writes the cache")
        .len();
    assert!(written > 1_000_000, "{written} bytes");
    assert!(!old_build.exists(), "another build's cache is removed");

    std::fs::write(&cache, b"not a model").unwrap();
    Session::open(runtime, &model, &weights).expect("a broken cache falls back to the model");
    Session::open(runtime, &model, &weights).unwrap();
    assert!(std::fs::metadata(&cache).unwrap().len() > 1_000_000);
    let leftovers = std::fs::read_dir(dir.path()).unwrap().count();
    assert_eq!(leftovers, 2, "only the model and its cache");
}
