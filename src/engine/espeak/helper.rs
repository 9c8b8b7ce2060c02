//! Helper processes: more eSpeak NG engines for long texts.
//!
//! The library keeps global state, so a process holds one engine. On a machine with
//! several cores, [`EspeakEngine`]'s `synthesize_in_order` starts copies of narrate
//! (`narrate __espeak-helper VOICE`, one per extra core) that each read whole sentences
//! while this process reads others, and the results are put back in order. A request goes
//! to a helper's standard input as one JSON line; the answer is one JSON line (word
//! timings and phonemes, or an error) followed by the samples as little-endian `f32`.
//! A helper that cannot start or stops answering is dropped and its sentence is read in
//! this process, so helpers can only make a render faster, never break it.

use std::io::{BufRead, BufReader, BufWriter, Read, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

use serde::{Deserialize, Serialize};

use super::EspeakEngine;
use crate::engine::{EngineError, SpeechEngine, Synthesis, SynthesisRequest, WordTiming};

/// The hidden subcommand a helper runs.
pub const COMMAND: &str = "__espeak-helper";

/// Below this many sentences a text is read in this process alone: starting a helper
/// costs about as much as reading a few sentences.
const MIN_SENTENCES: usize = 8;

/// About how many characters this process reads while a helper starts (a new process,
/// eSpeak NG loading its data): the helpers' handicap in [`assign`].
const START_CHARS: usize = 400;

/// How many helpers to start for `sentences` requests: one per core beyond the first (at
/// most 7), or `NARRATE_ESPEAK_HELPERS` when set (0 turns them off); none for short texts.
pub(super) fn wanted(sentences: usize) -> usize {
    if sentences < MIN_SENTENCES {
        return 0;
    }
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let default = cores.saturating_sub(1).min(7);
    let helpers = std::env::var("NARRATE_ESPEAK_HELPERS")
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(default);
    helpers.min(sentences / 4)
}

/// Which process reads each request (0 is this one, then the helpers): in order, each to
/// the process that would be free first, counting characters and the helpers' start-up.
/// Depends only on the requests, so a text always goes the same way.
pub(super) fn assign(requests: &[SynthesisRequest], processes: usize) -> Vec<usize> {
    let mut busy: Vec<usize> = (0..processes.max(1))
        .map(|p| if p == 0 { 0 } else { START_CHARS })
        .collect();
    requests
        .iter()
        .map(|request| {
            let (p, _) = busy
                .iter()
                .enumerate()
                .min_by_key(|&(p, &chars)| (chars, p))
                .expect("at least one process");
            busy[p] += request.written().chars().count();
            p
        })
        .collect()
}

/// A helper's answer to one request, before its samples.
#[derive(Default, Serialize, Deserialize)]
struct Answer {
    samples: usize,
    words: Vec<WordTiming>,
    phonemes: Vec<String>,
    error: Option<String>,
}

/// A running helper process.
pub(super) struct Helper {
    child: Child,
    input: ChildStdin,
    output: BufReader<ChildStdout>,
}

impl Helper {
    /// Start `program` (a narrate executable) as a helper reading with `voice`; `None`
    /// when it cannot start.
    pub(super) fn start(program: &Path, voice: &str) -> Option<Helper> {
        let mut child = Command::new(program)
            .arg(COMMAND)
            .arg(voice)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .ok()?;
        let input = child.stdin.take()?;
        let output = BufReader::with_capacity(1 << 16, child.stdout.take()?);
        Some(Helper {
            child,
            input,
            output,
        })
    }

    /// Have the helper read `request`. The outer error means the helper is broken (it
    /// exited, or answered garbage); the inner one is the engine's own answer.
    pub(super) fn synthesize(
        &mut self,
        request: &SynthesisRequest,
    ) -> std::io::Result<Result<Synthesis, EngineError>> {
        let mut line = serde_json::to_vec(request)?;
        line.push(b'\n');
        self.input.write_all(&line)?;
        self.input.flush()?;
        let mut header = String::new();
        if self.output.read_line(&mut header)? == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        let answer: Answer = serde_json::from_str(&header)?;
        if let Some(error) = answer.error {
            return Ok(Err(EngineError::Synthesis(error)));
        }
        let mut bytes = vec![0; answer.samples * 4];
        self.output.read_exact(&mut bytes)?;
        let samples = bytes
            .chunks_exact(4)
            .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            .collect();
        Ok(Ok(Synthesis {
            samples,
            words: answer.words,
            phonemes: answer.phonemes,
        }))
    }
}

impl Drop for Helper {
    fn drop(&mut self) {
        // A helper holds no state worth saving; closing its input would end it too.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The helper's side: answer requests from standard input on standard output until the
/// input ends.
pub fn serve(voice: &str) -> Result<(), EngineError> {
    let mut engine = EspeakEngine::new(voice)?;
    let broken = |e: std::io::Error| EngineError::Synthesis(format!("helper I/O: {e}"));
    let mut out = BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    for line in std::io::stdin().lock().lines() {
        let line = line.map_err(broken)?;
        let answer = serde_json::from_str::<SynthesisRequest>(&line)
            .map_err(|e| EngineError::Synthesis(format!("bad request: {e}")))
            .and_then(|request| engine.synthesize(&request));
        let (header, samples) = match answer {
            Ok(synthesis) => (
                Answer {
                    samples: synthesis.samples.len(),
                    words: synthesis.words,
                    phonemes: synthesis.phonemes,
                    error: None,
                },
                synthesis.samples,
            ),
            Err(error) => (
                Answer {
                    error: Some(error.to_string()),
                    ..Answer::default()
                },
                Vec::new(),
            ),
        };
        serde_json::to_writer(&mut out, &header).map_err(|e| broken(e.into()))?;
        out.write_all(b"\n").map_err(broken)?;
        for sample in samples {
            out.write_all(&sample.to_le_bytes()).map_err(broken)?;
        }
        out.flush().map_err(broken)?;
    }
    Ok(())
}
