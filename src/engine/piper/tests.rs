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
