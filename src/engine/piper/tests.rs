//! Unit tests that need neither a model nor ONNX Runtime; rendering with a real voice is
//! tested through the binary in `tests/cli.rs` (eSpeak NG allows one engine per process).

use std::time::Duration;

use super::*;

/// Job `i` sleeps `i`-dependent milliseconds so later jobs often finish first.
fn uneven(i: &usize) -> Result<usize, String> {
    std::thread::sleep(Duration::from_millis([9, 1, 5, 0, 3][*i % 5]));
    Ok(*i)
}

#[test]
fn results_come_back_in_job_order_whatever_order_they_finish_in() {
    let jobs: Vec<usize> = (0..23).collect();
    for workers in [1, 2, 3] {
        let mut seen = Vec::new();
        in_order(&jobs, workers, uneven, &mut |i| seen.push(i)).unwrap();
        assert_eq!(seen, jobs, "{workers} workers");
    }
}

#[test]
fn the_first_failing_job_stops_the_run_after_every_earlier_result() {
    let jobs: Vec<usize> = (0..40).collect();
    let mut seen = Vec::new();
    let err = in_order(
        &jobs,
        2,
        |i| {
            if *i == 7 {
                Err(format!("job {i}"))
            } else {
                uneven(i)
            }
        },
        &mut |i| seen.push(i),
    )
    .unwrap_err();
    assert_eq!(err, "job 7");
    assert_eq!(seen, (0..7).collect::<Vec<_>>());
}

#[test]
fn no_jobs_make_no_results() {
    let mut seen = Vec::new();
    in_order(&[] as &[usize], 2, uneven, &mut |i| seen.push(i)).unwrap();
    assert!(seen.is_empty());
}

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
