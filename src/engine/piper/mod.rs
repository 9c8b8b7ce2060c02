//! Stage 3 (neural voices): one sentence's spoken text in, samples from a Piper VITS model
//! out, run with ONNX Runtime.
//!
//! Text becomes IPA through eSpeak NG (the engine owns the process's one
//! [`EspeakEngine`]), IPA becomes ids through the voice's `phoneme_id_map`, and the model
//! turns ids into 22,050 Hz audio. ONNX Runtime is a shared library loaded at run time
//! (from narrate's data folder, or `ORT_DYLIB_PATH`), so building narrate needs neither
//! it nor a model. The model opens in the background while text is phonemized; then
//! sentences run on one thread per core, all on one shared session, and come back in
//! order as they finish, so audio streams out while later sentences are still made.

pub mod install;
pub mod manifest;
pub mod phonemes;

use std::ops::ControlFlow;
use std::path::PathBuf;

use super::onnx::{Input, Session, Sessions, load_runtime};

use self::manifest::{VoiceManifest, check_voice, data_dir, voice_dir};
use self::phonemes::VoiceConfig;
use super::espeak::EspeakEngine;
use super::installed::{Damaged, voice_damaged};
use super::{
    DEFAULT_RATE_WPM, EngineError, Segment, SpeechEngine, Synthesis, SynthesisRequest, voice_data,
};
use crate::audio::SampleRate;

pub struct PiperEngine {
    name: String,
    config: VoiceConfig,
    espeak: EspeakEngine,
    sessions: Sessions,
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
        // A truncated model failed deep inside ONNX Runtime: name it here instead.
        match check_voice(&data, &manifest) {
            Ok(()) => {}
            Err(Damaged::Missing { .. }) => {
                return Err(EngineError::VoiceNotInstalled(name.to_owned()));
            }
            Err(damaged) => return Err(voice_damaged(damaged)),
        }
        Ok(files)
    }
}

impl PiperEngine {
    /// Load ONNX Runtime (once per process) and the voice's config, and start opening
    /// the model in the background. `workers`: sentences read at once (default: one per
    /// core), e.g. fewer when several articles are read side by side.
    pub fn new(
        name: &str,
        files: &VoiceFiles,
        workers: Option<usize>,
    ) -> Result<Self, EngineError> {
        let runtime = load_runtime()?;
        let json = std::fs::read_to_string(&files.config)
            .map_err(|e| voice_data(&files.config, e.to_string()))?;
        let config = VoiceConfig::parse(&json).map_err(|e| voice_data(&files.config, e))?;
        let espeak = EspeakEngine::new(&config.espeak.voice)?;
        Ok(PiperEngine {
            name: format!("piper:{name}"),
            config,
            espeak,
            sessions: Sessions::open_in_background(runtime, &files.model, workers),
        })
    }

    /// Model input ids and scales for one request: text segments through eSpeak NG,
    /// phoneme segments (lexicon hints) as they are.
    fn job(&mut self, request: &SynthesisRequest) -> Result<Job, EngineError> {
        let mut ipa = String::new();
        for segment in &request.segments {
            let said = match segment {
                Segment::Text(text) => phonemes::text_to_ipa(&mut self.espeak, text)?,
                Segment::Phonemes { ipa, .. } => ipa.trim().to_owned(),
            };
            if said.is_empty() {
                continue;
            }
            if !ipa.is_empty() {
                ipa.push(' ');
            }
            ipa.push_str(&said);
        }
        let ids = if ipa.is_empty() {
            Vec::new()
        } else {
            self.config.ids_for_ipa(&ipa)
        };
        Ok(Job {
            ids,
            scales: self.scales(request.rate_wpm),
        })
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

/// One sentence ready for the model.
struct Job {
    ids: Vec<i64>,
    scales: [f32; 3],
}

impl SpeechEngine for PiperEngine {
    fn name(&self) -> &str {
        &self.name
    }

    fn sample_rate(&self) -> SampleRate {
        SampleRate(self.config.audio.sample_rate)
    }

    fn phonemize(&mut self, text: &str) -> Result<Option<String>, EngineError> {
        Ok(Some(phonemes::text_to_ipa(&mut self.espeak, text)?))
    }

    fn synthesize(&mut self, request: &SynthesisRequest) -> Result<Synthesis, EngineError> {
        let job = self.job(request)?;
        let multi = self.config.num_speakers > 1;
        infer(self.sessions.first()?, &job, multi)
    }

    /// Phonemize everything while the model opens, then run sentences on one thread and
    /// session per worker, and hand results back in order as they finish.
    fn synthesize_in_order(
        &mut self,
        requests: &[SynthesisRequest],
        each: &mut dyn FnMut(Synthesis) -> ControlFlow<()>,
    ) -> Result<(), EngineError> {
        let jobs = requests
            .iter()
            .map(|r| self.job(r))
            .collect::<Result<Vec<_>, _>>()?;
        let multi = self.config.num_speakers > 1;
        self.sessions.run_in_order(
            &jobs,
            |job| job.ids.len(),
            |session, job| infer(session, job, multi),
            each,
        )
    }
}

/// Run the model once: ids in, f32 audio out.
fn infer(session: &mut Session, job: &Job, multi_speaker: bool) -> Result<Synthesis, EngineError> {
    if job.ids.is_empty() {
        return Ok(Synthesis::default());
    }
    let n = job.ids.len() as i64;
    let mut inputs = vec![
        ("input", Input::I64(job.ids.clone(), vec![1, n])),
        ("input_lengths", Input::I64(vec![n], vec![1])),
        ("scales", Input::F32(job.scales.to_vec(), vec![3])),
    ];
    if multi_speaker {
        inputs.push(("sid", Input::I64(vec![0], vec![1])));
    }
    let mut samples = session.run(inputs, "output")?;
    normalize_peak(&mut samples);
    Ok(Synthesis {
        samples,
        ..Synthesis::default()
    })
}

/// Scale one sentence so its peak is full scale, as Piper itself does by default
/// (`normalize_audio`): the model's raw level varies from voice to voice and sentence to
/// sentence, and the track takes engines' audio at full scale.
pub(crate) fn normalize_peak(samples: &mut [f32]) {
    let peak = samples
        .iter()
        .filter(|s| s.is_finite())
        .fold(0.0f32, |m, s| m.max(s.abs()));
    if peak > 1e-8 {
        samples.iter_mut().for_each(|s| *s /= peak);
    }
}

#[cfg(test)]
mod tests;
