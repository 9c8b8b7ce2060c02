//! Stage 3: one sentence's spoken text in, f32 samples and word timings out.
//!
//! Every voice sits behind [`SpeechEngine`], so nothing before or after this stage
//! depends on which voice reads. [`espeak`] drives the eSpeak NG C library, [`piper`]
//! runs neural Piper voices with ONNX Runtime, [`mock`] makes fixed tones for tests.

pub mod espeak;
pub mod mock;
pub mod piper;

use crate::audio::SampleRate;

/// What to say and how.
#[derive(Debug, Clone, PartialEq)]
pub struct SynthesisRequest<'a> {
    /// The spoken form of one sentence.
    pub text: &'a str,
    /// Speaking rate in words per minute.
    pub rate_wpm: u32,
    /// Base pitch, 0–100 (50 is the voice's normal pitch).
    pub pitch: u8,
}

impl<'a> SynthesisRequest<'a> {
    pub fn new(text: &'a str) -> Self {
        SynthesisRequest {
            text,
            rate_wpm: DEFAULT_RATE_WPM,
            pitch: 50,
        }
    }
}

/// A comfortable newsreading pace.
pub const DEFAULT_RATE_WPM: u32 = 165;

/// Where a word starts in the audio.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WordTiming {
    /// Sample index from the start of this synthesis.
    pub sample: usize,
    /// Byte offset and length of the word in the request text.
    pub text_offset: usize,
    pub text_len: usize,
}

/// Audio for one request: mono f32 samples in −1..1 at the engine's sample rate.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Synthesis {
    pub samples: Vec<f32>,
    pub words: Vec<WordTiming>,
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
