//! Stage 3 (default voice): spoken text in, samples from the eSpeak NG C library out.
//!
//! Placeholder until the FFI lands.

use super::{EngineError, SpeechEngine, Synthesis, SynthesisRequest};
use crate::audio::SampleRate;

pub struct EspeakEngine {
    name: String,
}

impl EspeakEngine {
    /// Load the library and select a voice such as `en-us`.
    pub fn new(voice: &str) -> Result<Self, EngineError> {
        Err(EngineError::LibraryMissing {
            detail: format!("voice {voice}: not implemented"),
        })
    }
}

impl SpeechEngine for EspeakEngine {
    fn name(&self) -> &str {
        &self.name
    }

    fn sample_rate(&self) -> SampleRate {
        SampleRate(22_050)
    }

    fn synthesize(&mut self, _request: &SynthesisRequest) -> Result<Synthesis, EngineError> {
        Err(EngineError::Synthesis("not implemented".into()))
    }
}
