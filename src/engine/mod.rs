//! Stage 3: one sentence's spoken form in (text, and IPA for hinted names), f32 samples,
//! word timings and (where the engine reports them) the phonemes said out.
//!
//! Every voice sits behind [`SpeechEngine`], so nothing before or after this stage
//! depends on which voice reads. [`espeak`] drives the eSpeak NG C library, [`piper`]
//! runs neural Piper voices and [`kokoro`] the Kokoro-82M studio voices with ONNX Runtime
//! (one shared loader and session type, `onnx`), [`mock`] makes fixed tones for tests.

pub mod espeak;
pub mod installed;
pub mod kokoro;
pub mod mock;
pub mod onnx;
pub mod piper;

use std::ops::ControlFlow;

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
    /// are still being made. `each` answers [`ControlFlow::Break`] when the audio can go
    /// nowhere (its output failed): the engine then stops at once and returns `Ok`.
    /// Engines that can work in parallel override this; the default reads one after the
    /// other.
    fn synthesize_in_order(
        &mut self,
        requests: &[SynthesisRequest],
        each: &mut dyn FnMut(Synthesis) -> ControlFlow<()>,
    ) -> Result<(), EngineError> {
        for request in requests {
            crate::interrupt::check()?;
            if each(self.synthesize(request)?).is_break() {
                break;
            }
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
    #[error("eSpeak NG's voice data is damaged: {0}")]
    EspeakData(String),
    #[error("eSpeak NG is already in use in this process")]
    Busy,
    #[error("voice `{0}` is not available")]
    UnknownVoice(String),
    #[error("speech synthesis failed: {0}")]
    Synthesis(String),
    #[error("voice `{0}` is not installed")]
    VoiceNotInstalled(String),
    // Not `#[from]`: that would make it the source too, and `{:#}` would say it twice.
    #[error("the ONNX Runtime library for neural voices is missing or unusable: {0}")]
    RuntimeMissing(onnx::RuntimeError),
    #[error(transparent)]
    Model(#[from] onnx::ModelError),
    #[error("voice data is unusable: {0}")]
    VoiceData(String),
    #[error(transparent)]
    Interrupted(#[from] crate::interrupt::Interrupted),
}

impl From<onnx::RuntimeError> for EngineError {
    fn from(error: onnx::RuntimeError) -> Self {
        EngineError::RuntimeMissing(error)
    }
}

/// A voice file that cannot be used, named.
pub fn voice_data(path: &std::path::Path, detail: impl std::fmt::Display) -> EngineError {
    EngineError::VoiceData(format!("{}: {detail}", path.display()))
}

impl EngineError {
    /// A line telling the user how to fix it, where one helps.
    pub fn hint(&self) -> Option<String> {
        match self {
            EngineError::LibraryMissing { .. } | EngineError::LibraryIncompatible(_) => Some(
                "install eSpeak NG: `apt-get install espeak-ng`, `dnf install espeak-ng` or `brew install espeak-ng`".into(),
            ),
            EngineError::EspeakData(_) => Some(
                "reinstall eSpeak NG's data: `apt-get install --reinstall espeak-ng-data` (or your system's package)".into(),
            ),
            EngineError::VoiceNotInstalled(name) => {
                Some(format!("install it: `narrate voices install {name}`"))
            }
            EngineError::RuntimeMissing(_)
            | EngineError::VoiceData(_)
            | EngineError::Model(onnx::ModelError::Open { .. }) => Some(
                "reinstall the voice with `narrate voices install NAME`, or point ORT_DYLIB_PATH at libonnxruntime.so".into(),
            ),
            _ => None,
        }
    }
}
