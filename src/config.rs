//! Resolving what the user asked for (voice names) into things that can run, before any
//! audio is made, and loading the lexicons.

use crate::engine::espeak::EspeakEngine;
use crate::engine::mock::MockEngine;
use crate::engine::piper::manifest::VoiceManifest;
use crate::engine::piper::{PiperEngine, VoiceFiles};
use crate::engine::{EngineError, SpeechEngine};
use crate::speech::lexicon::{Lexicon, LoadLexiconError};

/// The voice used when `--voice` is absent.
pub const DEFAULT_VOICE: &str = "en-us";

/// A voice the user can pick with `--voice`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Voice {
    /// An eSpeak NG voice by its name, e.g. `en-us`, `en-gb`.
    Espeak(String),
    /// A Piper neural voice by its manifest name, e.g. `en_US-joe-medium`.
    Piper(String),
    /// Fixed tones, for tests.
    Mock,
}

/// Voices listed by `narrate voices`: (name, description).
pub const KNOWN_VOICES: &[(&str, &str)] = &[
    ("en-us", "eSpeak NG, American English"),
    ("en-gb", "eSpeak NG, British English"),
    (
        "en_US-joe-medium",
        "Piper neural voice, American English (joe)",
    ),
    ("mock", "fixed tones per sentence, for tests"),
];

impl Voice {
    /// Resolve a `--voice` argument; `espeak:NAME` picks any eSpeak NG voice.
    pub fn resolve(name: Option<&str>) -> Result<Voice, EngineError> {
        let name = name.unwrap_or(DEFAULT_VOICE);
        if name == "mock" {
            return Ok(Voice::Mock);
        }
        if let Some(piper) = name.strip_prefix("piper:").or(Some(name)) {
            if VoiceManifest::find(piper).is_some() {
                return Ok(Voice::Piper(piper.to_owned()));
            }
        }
        let espeak = name.strip_prefix("espeak:").unwrap_or(name);
        let plausible = !espeak.is_empty()
            && espeak.len() <= 40
            && espeak
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_+/".contains(c));
        if plausible {
            Ok(Voice::Espeak(espeak.to_owned()))
        } else {
            Err(EngineError::UnknownVoice(name.to_owned()))
        }
    }

    /// Load the engine for this voice.
    pub fn engine(&self) -> Result<Box<dyn SpeechEngine>, EngineError> {
        Ok(match self {
            Voice::Espeak(name) => Box::new(EspeakEngine::new(name)?),
            Voice::Piper(name) => Box::new(PiperEngine::new(name, &VoiceFiles::installed(name)?)?),
            Voice::Mock => Box::new(MockEngine),
        })
    }
}

/// The pronunciation lexicon for a run: the built-in one, the per-user default file over
/// it, then each `--lexicon` file in order (later wins).
pub fn load_lexicon(files: &[std::path::PathBuf]) -> Result<Lexicon, LoadLexiconError> {
    let mut lexicon = Lexicon::with_user_default()?;
    for path in files {
        lexicon = lexicon.merge(Lexicon::load(path)?);
    }
    Ok(lexicon)
}
