//! Stage 3 (neural voices): one sentence's spoken text in, samples from a Piper VITS model
//! out, run with ONNX Runtime.
//!
//! Text becomes IPA through eSpeak NG (the engine owns the process's one
//! [`EspeakEngine`]), IPA becomes ids through the voice's `phoneme_id_map`, and the model
//! turns ids into 22,050 Hz audio. ONNX Runtime is a shared library loaded at run time
//! (from narrate's data folder, or `ORT_DYLIB_PATH`), so building narrate needs neither
//! it nor a model. Batches of sentences run on two single-threaded sessions on two
//! threads, which beats one session with two threads on a small voice.

pub mod install;
pub mod manifest;
mod onnx;
pub mod phonemes;

use std::path::{Path, PathBuf};

use self::onnx::{Input, Session};

use self::manifest::{data_dir, runtime_library, voice_dir, VoiceManifest};
use self::phonemes::{clauses, VoiceConfig};
use super::espeak::EspeakEngine;
use super::{EngineError, SpeechEngine, Synthesis, SynthesisRequest, DEFAULT_RATE_WPM};
use crate::audio::SampleRate;

/// Sessions, and so threads, a batch is spread over.
const WORKERS: usize = 2;

pub struct PiperEngine {
    name: String,
    config: VoiceConfig,
    espeak: EspeakEngine,
    sessions: Vec<Session>,
}

/// A voice's files on disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VoiceFiles {
    pub model: PathBuf,
    pub config: PathBuf,
}

impl VoiceFiles {
    /// The installed files of the known voice `name`.
    pub fn installed(name: &str) -> Result<VoiceFiles, EngineError> {
        let manifest =
            VoiceManifest::find(name).ok_or_else(|| EngineError::UnknownVoice(name.to_owned()))?;
        let data = data_dir().ok_or_else(|| EngineError::VoiceNotInstalled(name.to_owned()))?;
        let dir = voice_dir(&data, name);
        let files = VoiceFiles {
            model: dir.join(&manifest.model.file),
            config: dir.join(&manifest.config.file),
        };
        if files.model.is_file() && files.config.is_file() {
            Ok(files)
        } else {
            Err(EngineError::VoiceNotInstalled(name.to_owned()))
        }
    }
}

impl PiperEngine {
    /// Load ONNX Runtime (once per process), the voice's config and model.
    pub fn new(name: &str, files: &VoiceFiles) -> Result<Self, EngineError> {
        load_runtime()?;
        let json = std::fs::read_to_string(&files.config)
            .map_err(|e| voice_data(&files.config, e.to_string()))?;
        let config =
            VoiceConfig::parse(&json).map_err(|e| voice_data(&files.config, e.to_string()))?;
        let espeak = EspeakEngine::new(&config.espeak.voice)?;
        // Opening a session takes most of a second; open them side by side.
        let sessions = std::thread::scope(|scope| {
            let opening: Vec<_> = (0..WORKERS)
                .map(|_| scope.spawn(|| open_session(&files.model)))
                .collect();
            opening
                .into_iter()
                .map(|h| {
                    h.join().unwrap_or_else(|_| {
                        Err(voice_data(
                            &files.model,
                            "opening the model panicked".into(),
                        ))
                    })
                })
                .collect::<Result<Vec<_>, _>>()
        })?;
        Ok(PiperEngine {
            name: format!("piper:{name}"),
            config,
            espeak,
            sessions,
        })
    }

    /// Model input ids for one sentence: IPA per clause with its punctuation put back.
    fn ids(&mut self, text: &str) -> Result<Vec<i64>, EngineError> {
        let mut ipa = String::new();
        for (clause, mark) in clauses(text) {
            let phonemes = self.espeak.text_to_ipa(clause)?;
            if phonemes.is_empty() {
                continue;
            }
            if !ipa.is_empty() {
                ipa.push(' ');
            }
            ipa.push_str(&phonemes);
            ipa.extend(mark);
        }
        if ipa.is_empty() {
            return Ok(Vec::new());
        }
        Ok(self.config.phoneme_ids(&ipa))
    }

    fn scales(&self, rate_wpm: u32) -> [f32; 3] {
        let inference = self.config.inference;
        let pace = DEFAULT_RATE_WPM as f32 / rate_wpm.clamp(80, 450) as f32;
        [
            inference.noise_scale,
            inference.length_scale * pace,
            inference.noise_w,
        ]
    }
}

impl SpeechEngine for PiperEngine {
    fn name(&self) -> &str {
        &self.name
    }

    fn sample_rate(&self) -> SampleRate {
        SampleRate(self.config.audio.sample_rate)
    }

    fn synthesize(&mut self, request: &SynthesisRequest) -> Result<Synthesis, EngineError> {
        let ids = self.ids(request.text)?;
        let scales = self.scales(request.rate_wpm);
        let multi = self.config.num_speakers > 1;
        infer(&mut self.sessions[0], &ids, scales, multi)
    }

    fn synthesize_batch(
        &mut self,
        requests: &[SynthesisRequest],
    ) -> Result<Vec<Synthesis>, EngineError> {
        let jobs = requests
            .iter()
            .map(|r| Ok((self.ids(r.text)?, self.scales(r.rate_wpm))))
            .collect::<Result<Vec<_>, EngineError>>()?;
        let multi = self.config.num_speakers > 1;
        let shares = share_out(&jobs, self.sessions.len());
        let mut results: Vec<Option<Result<Synthesis, EngineError>>> =
            (0..jobs.len()).map(|_| None).collect();
        std::thread::scope(|scope| {
            let handles: Vec<_> = self
                .sessions
                .iter_mut()
                .zip(&shares)
                .map(|(session, share)| {
                    let jobs = &jobs;
                    scope.spawn(move || {
                        share
                            .iter()
                            .map(|&i| (i, infer(session, &jobs[i].0, jobs[i].1, multi)))
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            for handle in handles {
                // A panicked worker leaves its results empty: reported below.
                if let Ok(done) = handle.join() {
                    done.into_iter().for_each(|(i, r)| results[i] = Some(r));
                }
            }
        });
        results
            .into_iter()
            .map(|r| {
                r.unwrap_or_else(|| Err(EngineError::Synthesis("a synthesis thread failed".into())))
            })
            .collect()
    }
}

/// Indices of `jobs` for each of `workers`, longest job first to the least loaded worker,
/// so both finish at about the same time.
fn share_out<T>(jobs: &[(Vec<i64>, T)], workers: usize) -> Vec<Vec<usize>> {
    let mut order: Vec<usize> = (0..jobs.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(jobs[i].0.len()));
    let mut shares = vec![Vec::new(); workers.max(1)];
    let mut load = vec![0usize; workers.max(1)];
    for i in order {
        let least = (0..load.len()).min_by_key(|&w| load[w]).unwrap_or(0);
        load[least] += jobs[i].0.len();
        shares[least].push(i);
    }
    shares
}

/// Run the model once: ids in, f32 audio out.
fn infer(
    session: &mut Session,
    ids: &[i64],
    scales: [f32; 3],
    multi_speaker: bool,
) -> Result<Synthesis, EngineError> {
    if ids.is_empty() {
        return Ok(Synthesis::default());
    }
    let n = ids.len() as i64;
    let mut inputs = vec![
        (c"input", Input::I64(ids.to_vec(), vec![1, n])),
        (c"input_lengths", Input::I64(vec![n], vec![1])),
        (c"scales", Input::F32(scales.to_vec(), vec![3])),
    ];
    if multi_speaker {
        inputs.push((c"sid", Input::I64(vec![0], vec![1])));
    }
    let samples = session
        .run(&mut inputs, c"output")
        .map_err(EngineError::Synthesis)?;
    Ok(Synthesis {
        samples,
        words: Vec::new(),
    })
}

fn open_session(model: &Path) -> Result<Session, EngineError> {
    Session::open(load_runtime()?, model, 1).map_err(|e| voice_data(model, e))
}

fn voice_data(path: &Path, detail: String) -> EngineError {
    EngineError::VoiceData(format!("{}: {detail}", path.display()))
}

/// The ONNX Runtime library, loaded once per process from narrate's data folder or
/// `ORT_DYLIB_PATH`.
fn load_runtime() -> Result<&'static onnx::Runtime, EngineError> {
    let missing = |detail: String| EngineError::RuntimeMissing { detail };
    let path = runtime_library(data_dir().as_deref())
        .ok_or_else(|| missing("no data folder (set XDG_DATA_HOME or HOME)".into()))?;
    if !path.is_file() {
        return Err(missing(format!("{} not found", path.display())));
    }
    onnx::runtime(&path).map_err(missing)
}

#[cfg(test)]
mod tests;
