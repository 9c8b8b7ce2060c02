//! Unit tests that need neither a model nor ONNX Runtime; rendering with a real voice is
//! tested through the binary in `tests/cli.rs` (eSpeak NG allows one engine per process).

use super::*;

fn job(len: usize) -> (Vec<i64>, ()) {
    (vec![0; len], ())
}

#[test]
fn batches_are_shared_out_evenly_and_every_job_once() {
    let jobs: Vec<_> = [50, 10, 40, 20, 30].into_iter().map(job).collect();
    let shares = share_out(&jobs, 2);
    let load = |share: &Vec<usize>| share.iter().map(|&i| jobs[i].0.len()).sum::<usize>();
    assert_eq!(load(&shares[0]), 80);
    assert_eq!(load(&shares[1]), 70);
    let mut all: Vec<usize> = shares.concat();
    all.sort();
    assert_eq!(all, vec![0, 1, 2, 3, 4]);
}

#[test]
fn one_worker_takes_everything() {
    let jobs: Vec<_> = [3, 1].into_iter().map(job).collect();
    assert_eq!(share_out(&jobs, 1), vec![vec![0, 1]]);
    assert_eq!(share_out::<()>(&[], 2), vec![Vec::<usize>::new(), vec![]]);
}

#[test]
fn an_unknown_piper_voice_is_refused_by_name() {
    let err = VoiceFiles::installed("xx_XX-nobody-low").unwrap_err();
    assert!(matches!(err, EngineError::UnknownVoice(_)), "{err}");
}

#[test]
fn empty_ids_make_no_audio_without_touching_a_session() {
    // `infer` returns before it would need a session, so none is built here; the empty case
    // is checked through `ids` → `phoneme_ids`, which yields nothing for text without words.
    assert!(clauses("  ").is_empty());
}
