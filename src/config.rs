//! The user's config file and the voices a user can name; [`crate::settings`] resolves
//! them with the command line into what a run uses.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::engine::espeak::EspeakEngine;
use crate::engine::kokoro::manifest::KokoroManifest;
use crate::engine::kokoro::KokoroEngine;
use crate::engine::mock::MockEngine;
use crate::engine::piper::manifest::VoiceManifest;
use crate::engine::piper::{PiperEngine, VoiceFiles};
use crate::engine::{EngineError, SpeechEngine};
use crate::speech::lexicon::user_default_path;

/// The voice used when neither `--voice` nor the user's config names one.
pub const DEFAULT_VOICE: &str = "en-us";

/// The per-user settings file, `$XDG_CONFIG_HOME/narrate/config.toml` (else
/// `~/.config/narrate/config.toml`), beside the per-user lexicon:
///
/// ```toml
/// voice = "en_US-joe-medium"   # used when --voice is absent
/// ```
#[derive(Debug, Default, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UserConfig {
    pub voice: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum LoadConfigError {
    #[error("cannot read {}: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}: {}", path.display(), message.trim_end())]
    Parse { path: PathBuf, message: String },
}

impl UserConfig {
    /// Where the user's config lives, whether or not it exists.
    pub fn path() -> Option<PathBuf> {
        user_default_path().map(|lexicon| lexicon.with_file_name("config.toml"))
    }

    /// The user's config; empty when the file does not exist.
    pub fn load() -> Result<UserConfig, LoadConfigError> {
        match UserConfig::path() {
            Some(path) if path.is_file() => UserConfig::load_from(&path),
            _ => Ok(UserConfig::default()),
        }
    }

    pub fn load_from(path: &Path) -> Result<UserConfig, LoadConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| LoadConfigError::Read {
            path: path.to_owned(),
            source,
        })?;
        toml::from_str(&text).map_err(|e| LoadConfigError::Parse {
            path: path.to_owned(),
            message: e.message().to_owned(),
        })
    }

    /// The voice to use when `--voice` is absent.
    pub fn default_voice(&self) -> &str {
        self.voice.as_deref().unwrap_or(DEFAULT_VOICE)
    }
}

/// A voice the user can pick with `--voice`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Voice {
    /// An eSpeak NG voice by its name, e.g. `en-us`, `en-gb`.
    Espeak(String),
    /// A Piper neural voice by its manifest name, e.g. `en_US-joe-medium`.
    Piper(String),
    /// A Kokoro studio voice, e.g. `kokoro-af_heart`.
    Kokoro(String),
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
    (
        "kokoro-af_heart",
        "Kokoro studio voice, American English (heart)",
    ),
    (
        "kokoro-am_michael",
        "Kokoro studio voice, American English (michael)",
    ),
    (
        "kokoro-bf_emma",
        "Kokoro studio voice, British English (emma)",
    ),
    (
        "kokoro-bm_george",
        "Kokoro studio voice, British English (george)",
    ),
    ("mock", "fixed tones per sentence, for tests"),
];

impl Voice {
    /// Resolve a voice name; `espeak:NAME` picks any eSpeak NG voice.
    pub fn resolve(name: &str) -> Result<Voice, EngineError> {
        if name == "mock" {
            return Ok(Voice::Mock);
        }
        if KokoroManifest::shipped().voice(name).is_some() {
            return Ok(Voice::Kokoro(name.to_owned()));
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

    /// Load the engine for this voice. An eSpeak NG voice given `helper_program` (a
    /// narrate executable) reads long texts with helper processes too; a neural voice
    /// runs on `threads` threads (default: one per core).
    pub fn engine(
        &self,
        helper_program: Option<PathBuf>,
        threads: Option<usize>,
    ) -> Result<Box<dyn SpeechEngine>, EngineError> {
        Ok(match self {
            Voice::Espeak(name) => {
                let engine = EspeakEngine::new(name)?;
                Box::new(match helper_program {
                    Some(program) => engine.with_helpers(program),
                    None => engine,
                })
            }
            Voice::Piper(name) => {
                let engine = PiperEngine::new(name, &VoiceFiles::installed(name)?)?;
                Box::new(match threads {
                    Some(threads) => engine.with_workers(threads),
                    None => engine,
                })
            }
            Voice::Kokoro(name) => Box::new(KokoroEngine::installed(name)?),
            Voice::Mock => Box::new(MockEngine),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_config_file_sets_the_default_voice() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(&path, "voice = \"en_US-joe-medium\"\n").unwrap();
        let config = UserConfig::load_from(&path).unwrap();
        assert_eq!(config.default_voice(), "en_US-joe-medium");
        assert_eq!(UserConfig::default().default_voice(), DEFAULT_VOICE);
    }

    #[test]
    fn a_misspelt_config_key_is_refused_naming_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(&path, "voise = \"x\"\n").unwrap();
        let err = UserConfig::load_from(&path).unwrap_err().to_string();
        assert!(err.starts_with(&path.display().to_string()), "{err}");
        assert!(err.contains("voise"), "{err}");
        assert!(!err.contains('\n'), "{err}");
    }

    #[test]
    fn voice_names_resolve_to_their_engine() {
        assert_eq!(
            Voice::resolve("en_US-joe-medium").unwrap(),
            Voice::Piper("en_US-joe-medium".into())
        );
        assert_eq!(
            Voice::resolve("espeak:en-gb").unwrap(),
            Voice::Espeak("en-gb".into())
        );
        assert_eq!(
            Voice::resolve("kokoro-af_heart").unwrap(),
            Voice::Kokoro("kokoro-af_heart".into())
        );
        assert!(Voice::resolve("no such voice!").is_err());
    }
}
