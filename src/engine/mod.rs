//! Stage 3: one sentence's spoken form in (text, and IPA for hinted names), f32 samples,
//! word timings and (where the engine reports them) the phonemes said out.
//!
//! Every voice sits behind [`SpeechEngine`], so nothing before or after this stage
//! depends on which voice reads. [`espeak`] drives the eSpeak NG C library, [`piper`]
//! runs neural Piper voices and [`kokoro`] the Kokoro-82M studio voices with ONNX Runtime
//! (one shared loader and session type, `onnx`), [`mock`] makes fixed tones for tests.

pub mod espeak;
pub mod kokoro;
pub mod mock;
mod onnx;
pub mod piper;

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Condvar, Mutex};

use crate::audio::SampleRate;

/// A piece of one sentence as an engine receives it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Segment {
    /// Words to read as written. Never markup: each engine neutralizes whatever its input
    /// format would treat as a command (eSpeak's `[[`, control characters).
    Text(String),
    /// Words given as IPA (a space between words, `ˈ`/`ˌ` for stress), e.g. a lexicon hint;
    /// `written` is how they appear in the sentence, for word timings.
    Phonemes { ipa: String, written: String },
}

impl Segment {
    /// The segment as written in the sentence.
    pub fn written(&self) -> &str {
        match self {
            Segment::Text(text) => text,
            Segment::Phonemes { written, .. } => written,
        }
    }
}

/// What to say and how.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SynthesisRequest {
    /// The spoken form of one sentence, in order.
    pub segments: Vec<Segment>,
    /// Speaking rate in words per minute.
    pub rate_wpm: u32,
    /// Base pitch, 0–100 (50 is the voice's normal pitch).
    pub pitch: u8,
}

impl SynthesisRequest {
    /// A request to read `text` as written.
    pub fn new(text: &str) -> Self {
        SynthesisRequest::from_segments(vec![Segment::Text(text.to_owned())])
    }

    pub fn from_segments(segments: Vec<Segment>) -> Self {
        SynthesisRequest {
            segments,
            rate_wpm: DEFAULT_RATE_WPM,
            pitch: 50,
        }
    }

    /// The sentence as written: what [`WordTiming`] offsets point into.
    pub fn written(&self) -> String {
        self.segments.iter().map(Segment::written).collect()
    }
}

/// A comfortable newsreading pace.
pub const DEFAULT_RATE_WPM: u32 = 165;

/// Where a word starts in the audio.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct WordTiming {
    /// Sample index from the start of this synthesis.
    pub sample: usize,
    /// Byte offset and length of the word in [`SynthesisRequest::written`].
    pub text_offset: usize,
    pub text_len: usize,
}

/// Audio for one request: mono f32 samples in −1..1 at the engine's sample rate.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Synthesis {
    pub samples: Vec<f32>,
    pub words: Vec<WordTiming>,
    /// The phonemes said, in IPA, where the engine reports them (eSpeak NG does): how tests
    /// and benchmarks check that a hint is what gets said.
    pub phonemes: Vec<String>,
}

/// A voice that turns text into audio.
pub trait SpeechEngine {
    /// Name shown to the user, e.g. `espeak-ng:en-us`.
    fn name(&self) -> &str;
    fn sample_rate(&self) -> SampleRate;
    fn synthesize(&mut self, request: &SynthesisRequest) -> Result<Synthesis, EngineError>;

    /// Read every request, handing each result to `each` in request order as soon as it
    /// and all before it are done, so callers can write audio out while later sentences
    /// are still being made. Engines that can work in parallel override this; the
    /// default reads one after the other.
    fn synthesize_in_order(
        &mut self,
        requests: &[SynthesisRequest],
        each: &mut dyn FnMut(Synthesis),
    ) -> Result<(), EngineError> {
        for request in requests {
            each(self.synthesize(request)?);
        }
        Ok(())
    }

    /// How this voice would say `text`, in IPA, when the engine can tell; lets respelling
    /// hints reach the engine as phonemes. `None` means "send the respelling as text".
    fn phonemize(&mut self, text: &str) -> Result<Option<String>, EngineError> {
        let _ = text;
        Ok(None)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    #[error("the eSpeak NG library is not installed ({detail})")]
    LibraryMissing { detail: String },
    #[error("the eSpeak NG library is too old or incomplete: {0}")]
    LibraryIncompatible(String),
    #[error("eSpeak NG is already in use in this process")]
    Busy,
    #[error("voice `{0}` is not available")]
    UnknownVoice(String),
    #[error("speech synthesis failed: {0}")]
    Synthesis(String),
    #[error("voice `{0}` is not installed")]
    VoiceNotInstalled(String),
    #[error("the ONNX Runtime library for neural voices is missing or unusable: {detail}")]
    RuntimeMissing { detail: String },
    #[error("voice data is unusable: {0}")]
    VoiceData(String),
}

impl EngineError {
    /// A line telling the user how to fix it, where one helps.
    pub fn hint(&self) -> Option<String> {
        match self {
            EngineError::LibraryMissing { .. } | EngineError::LibraryIncompatible(_) => Some(
                "install eSpeak NG: `apt-get install espeak-ng`, `dnf install espeak-ng` or `brew install espeak-ng`".into(),
            ),
            EngineError::VoiceNotInstalled(name) => {
                Some(format!("install it: `narrate voices install {name}`"))
            }
            EngineError::RuntimeMissing { .. } | EngineError::VoiceData(_) => Some(
                "reinstall the voice with `narrate voices install NAME`, or point ORT_DYLIB_PATH at libonnxruntime.so".into(),
            ),
            _ => None,
        }
    }
}

/// Which jobs each worker of [`in_order`] takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Schedule<'a> {
    /// Whichever worker is free takes the next job of this order (a permutation of the
    /// job indices: `0, 1, 2, …`, or e.g. [`longest_first_in_runs`]).
    Shared(&'a [usize]),
    /// Job `i` goes to worker `assigned[i]`: the same jobs always go to the same worker,
    /// for engines whose output depends on what they read before.
    Assigned(&'a [usize]),
}

/// Run `work` on every job, one thread per worker, and pass each result to `each` (on the
/// calling thread) in job order. A worker is whatever state one thread needs (a helper
/// process, nothing). The first error stops the workers and is returned. Results wait
/// only while an earlier job is still running, so memory stays bounded by a few
/// sentences whatever the number of jobs (for [`Schedule::Assigned`], as long as the
/// assignment interleaves the workers).
pub(crate) fn in_order<W: Send, J: Sync, T: Send, E: Send>(
    jobs: &[J],
    workers: &mut [W],
    schedule: Schedule,
    work: impl Fn(&mut W, &J) -> Result<T, E> + Sync,
    each: &mut dyn FnMut(T),
) -> Result<(), E> {
    assert!(!workers.is_empty(), "in_order needs a worker");
    match schedule {
        Schedule::Shared(order) => assert_eq!(order.len(), jobs.len(), "an order for every job"),
        Schedule::Assigned(to) => assert_eq!(to.len(), jobs.len(), "a worker for every job"),
    }
    let count = workers.len().min(jobs.len().max(1));
    let next = AtomicUsize::new(0);
    let progress = Progress::new(AHEAD_PER_WORKER * count);
    let (done, results) = mpsc::channel();
    std::thread::scope(|scope| {
        for (w, worker) in workers.iter_mut().take(count).enumerate() {
            let (done, next, progress, work) = (done.clone(), &next, &progress, &work);
            let mut mine = (0..jobs.len()).filter(move |&i| match schedule {
                Schedule::Shared(_) => true,
                Schedule::Assigned(to) => to.get(i).is_some_and(|&t| t.min(count - 1) == w),
            });
            scope.spawn(move || loop {
                let i = match schedule {
                    Schedule::Shared(order) => {
                        let at = next.fetch_add(1, Ordering::Relaxed);
                        order.get(at).copied().unwrap_or(jobs.len())
                    }
                    Schedule::Assigned(_) => mine.next().unwrap_or(jobs.len()),
                };
                let Some(job) = jobs.get(i) else { break };
                if !progress.wait_for_room(i) || done.send((i, work(worker, job))).is_err() {
                    break;
                }
            });
        }
        drop(done);
        let mut waiting = BTreeMap::new();
        let mut wanted = 0;
        for (i, result) in results {
            waiting.insert(i, result);
            while let Some(result) = waiting.remove(&wanted) {
                match result {
                    Ok(value) => each(value),
                    Err(e) => {
                        progress.stop();
                        return Err(e);
                    }
                }
                wanted += 1;
                progress.passed(wanted);
            }
        }
        Ok(())
    })
}

/// Jobs a worker may run ahead of the first result still awaited, per worker: enough to
/// keep every worker busy, few enough that results waiting for an earlier one stay a few
/// sentences however long the text and however unevenly the workers go.
const AHEAD_PER_WORKER: usize = 4;

/// A processing order for [`Schedule::Shared`]: runs of `run` jobs, each run longest
/// first by `size`, so a text does not end with one worker idle while another reads a
/// long sentence. Runs no longer than the window of [`in_order`] keep results
/// waiting for earlier ones to a few sentences.
pub(crate) fn longest_first_in_runs(sizes: &[usize], run: usize) -> Vec<usize> {
    let mut order: Vec<usize> = (0..sizes.len()).collect();
    for chunk in order.chunks_mut(run.max(1)) {
        chunk.sort_by_key(|&i| (std::cmp::Reverse(sizes[i]), i));
    }
    order
}

/// How far the results handed on have got, for workers to wait on.
struct Progress {
    state: Mutex<(usize, bool)>,
    changed: Condvar,
    window: usize,
}

impl Progress {
    fn new(window: usize) -> Self {
        Progress {
            state: Mutex::new((0, false)),
            changed: Condvar::new(),
            window: window.max(1),
        }
    }

    /// Wait until job `i` is within the window; `false` when the run stopped.
    fn wait_for_room(&self, i: usize) -> bool {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        while !state.1 && i >= state.0 + self.window {
            state = self.changed.wait(state).unwrap_or_else(|e| e.into_inner());
        }
        !state.1
    }

    /// Results up to (not including) job `wanted` have been handed on.
    fn passed(&self, wanted: usize) {
        self.state.lock().unwrap_or_else(|e| e.into_inner()).0 = wanted;
        self.changed.notify_all();
    }

    fn stop(&self) {
        self.state.lock().unwrap_or_else(|e| e.into_inner()).1 = true;
        self.changed.notify_all();
    }
}

#[cfg(test)]
mod tests {
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
        let alternate: Vec<usize> = (0..23).map(|i| i / 3 % 2).collect();
        let sizes: Vec<usize> = (0..23).map(|i| i * 7 % 10).collect();
        let longest_first = longest_first_in_runs(&sizes, 4);
        let in_order_: Vec<usize> = (0..23).collect();
        for schedule in [
            Schedule::Shared(&in_order_),
            Schedule::Shared(&longest_first),
            Schedule::Assigned(&alternate),
        ] {
            for workers in [1, 2, 3] {
                let mut seen = Vec::new();
                let mut pool = vec![(); workers];
                in_order(&jobs, &mut pool, schedule, |(), i| uneven(i), &mut |i| {
                    seen.push(i)
                })
                .unwrap();
                assert_eq!(seen, jobs, "{workers} workers, {schedule:?}");
            }
        }
    }

    #[test]
    fn assigned_jobs_go_to_their_worker_every_time() {
        let jobs: Vec<usize> = (0..10).collect();
        let assigned = [0, 0, 1, 1, 2, 2, 0, 0, 1, 1];
        for _ in 0..3 {
            let mut seen = Vec::new();
            let mut pool = [0usize, 1, 2];
            in_order(
                &jobs,
                &mut pool,
                Schedule::Assigned(&assigned),
                |w, i| uneven(i).map(|i| (i, *w)),
                &mut |done| seen.push(done),
            )
            .unwrap();
            let workers: Vec<usize> = seen.iter().map(|&(_, w)| w).collect();
            assert_eq!(workers, assigned);
        }
    }

    #[test]
    fn the_first_failing_job_stops_the_run_after_every_earlier_result() {
        let jobs: Vec<usize> = (0..40).collect();
        let mut seen = Vec::new();
        let err = in_order(
            &jobs,
            &mut [(), ()],
            Schedule::Shared(&(0..40).collect::<Vec<_>>()),
            |(), i| {
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
    fn workers_wait_rather_than_run_far_ahead_of_a_slow_job() {
        use std::sync::atomic::AtomicBool;
        let jobs: Vec<usize> = (0..40).collect();
        let first_done = AtomicBool::new(false);
        let started_early = Mutex::new(Vec::new());
        in_order(
            &jobs,
            &mut [(), ()],
            Schedule::Shared(&(0..40).collect::<Vec<_>>()),
            |(), &i| {
                if i == 0 {
                    std::thread::sleep(Duration::from_millis(200));
                    first_done.store(true, Ordering::SeqCst);
                } else if !first_done.load(Ordering::SeqCst) {
                    started_early.lock().unwrap().push(i);
                }
                Ok::<_, ()>(i)
            },
            &mut |_| {},
        )
        .unwrap();
        let early = started_early.into_inner().unwrap();
        assert!(!early.is_empty());
        assert!(early.iter().all(|&i| i < 2 * AHEAD_PER_WORKER), "{early:?}");
    }

    #[test]
    fn runs_are_read_longest_first() {
        assert_eq!(
            longest_first_in_runs(&[1, 5, 3, 9, 2, 7, 4], 3),
            [1, 2, 0, 3, 5, 4, 6]
        );
        assert_eq!(longest_first_in_runs(&[2, 2, 1], 2), [0, 1, 2]);
    }

    #[test]
    fn no_jobs_make_no_results() {
        let mut seen = Vec::new();
        in_order(
            &[] as &[usize],
            &mut [(), ()],
            Schedule::Shared(&[]),
            |(), i| uneven(i),
            &mut |i| seen.push(i),
        )
        .unwrap();
        assert!(seen.is_empty());
    }
}
