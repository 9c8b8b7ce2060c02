//! The user's config file and the voices a user can name; [`crate::settings`] resolves
//! them with the command line into what a run uses.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::engine::espeak::EspeakEngine;
use crate::engine::kokoro::KokoroEngine;
use crate::engine::kokoro::manifest::KokoroManifest;
use crate::engine::mock::MockEngine;
use crate::engine::piper::manifest::VoiceManifest;
use crate::engine::piper::{PiperEngine, VoiceFiles};
use crate::engine::{EngineError, SpeechEngine};
use crate::speech::NumberStyle;
use crate::speech::lexicon::user_default_path;

/// The voice used when neither `--voice` nor the user's config names one.
pub const DEFAULT_VOICE: &str = "en-us";

/// The per-user settings file, `$XDG_CONFIG_HOME/narrate/config.toml` (else
/// `~/.config/narrate/config.toml`), beside the per-user lexicon:
///
/// ```toml
/// voice = "en_US-joe-medium"     # used when --voice is absent
/// rate = 180                     # words per minute when --rate is absent
/// lexicon = ["~/names.toml"]     # read after the per-user lexicon, before --lexicon
/// out_dir = "~/Podcasts"         # where `render` writes when -o is absent
/// format = "mp3"                 # `render` without -o or --format; `batch` without --format
/// ```
///
/// Relative paths are taken from the config file's folder; `~/` is the home folder.
#[derive(Debug, Default, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UserConfig {
    pub voice: Option<String>,
    pub rate: Option<u32>,
    #[serde(default)]
    pub lexicon: Vec<PathBuf>,
    pub out_dir: Option<PathBuf>,
    pub format: Option<crate::cli::AudioFormat>,
}

#[derive(Debug, thiserror::Error)]
pub enum LoadConfigError {
    #[error("cannot read {}: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}{}: {}", path.display(), line.map(|l| format!(":{l}")).unwrap_or_default(), message.trim_end())]
    Parse {
        path: PathBuf,
        /// The line the mistake is on (1-based), when it is known.
        line: Option<usize>,
        message: String,
    },
}

impl UserConfig {
    /// Where the user's config lives, whether or not it exists.
    pub fn path() -> Option<PathBuf> {
        user_default_path().map(|lexicon| lexicon.with_file_name("config.toml"))
    }

    /// The user's config; empty when the file does not exist (a folder, a broken link or
    /// an unreadable file in its place is an error, not an empty config).
    pub fn load() -> Result<UserConfig, LoadConfigError> {
        match UserConfig::path() {
            Some(path) if std::fs::symlink_metadata(&path).is_ok() => UserConfig::load_from(&path),
            _ => Ok(UserConfig::default()),
        }
    }

    pub fn load_from(path: &Path) -> Result<UserConfig, LoadConfigError> {
        let text = crate::speech::lexicon::read_text_file(path).map_err(|source| {
            LoadConfigError::Read {
                path: path.to_owned(),
                source,
            }
        })?;
        let parse_error = |line: Option<usize>, message: String| LoadConfigError::Parse {
            path: path.to_owned(),
            line,
            message,
        };
        let mut config: UserConfig = toml::from_str(&text).map_err(|e| {
            let line = e
                .span()
                .map(|span| crate::speech::lexicon::line_of(&text, span.start));
            parse_error(line, e.message().to_owned())
        })?;
        if let Some(rate) = config.rate
            && !(80..=450).contains(&rate)
        {
            let line = text
                .lines()
                .position(|l| l.trim_start().starts_with("rate"))
                .map(|i| i + 1);
            return Err(parse_error(
                line,
                format!("rate = {rate}: words per minute must be 80 to 450"),
            ));
        }
        let base = path.parent().unwrap_or(Path::new("."));
        for file in &mut config.lexicon {
            *file = resolve_path(base, file);
        }
        if let Some(dir) = &mut config.out_dir {
            *dir = resolve_path(base, dir);
        }
        Ok(config)
    }

    /// The voice to use when `--voice` is absent.
    pub fn default_voice(&self) -> &str {
        self.voice.as_deref().unwrap_or(DEFAULT_VOICE)
    }
}

/// `~/x` under the home folder, a relative path under `base`, an absolute one as is.
fn resolve_path(base: &Path, path: &Path) -> PathBuf {
    match (path.strip_prefix("~"), std::env::var_os("HOME")) {
        (Ok(rest), Some(home)) => PathBuf::from(home).join(rest),
        _ => base.join(path),
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

/// The known voice nearest to `name`, which is not one: the same letters with case, `_`
/// and `-` folded (`en_us` → `en-us`), else the closest within two edits.
pub fn suggest_voice(name: &str) -> Option<String> {
    let fold = |s: &str| s.to_lowercase().replace('_', "-");
    let bare = name
        .strip_prefix("espeak:")
        .or_else(|| name.strip_prefix("piper:"))
        .unwrap_or(name);
    let wanted = fold(bare);
    let candidates = voice_names();
    if let Some(same) = candidates.iter().find(|c| fold(c) == wanted && *c != name) {
        return Some(same.clone());
    }
    candidates
        .into_iter()
        .map(|c| (edit_distance(&fold(&c), &wanted), c))
        .filter(|(d, _)| *d <= 2)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Every voice name `--voice` takes without a prefix: the listed voices and the eSpeak NG
/// voice of every language narrate detects.
pub fn voice_names() -> Vec<String> {
    let mut names: Vec<String> = KNOWN_VOICES.iter().map(|(n, _)| (*n).to_owned()).collect();
    for voice in crate::article::language::espeak_voices() {
        if !names.iter().any(|n| n == voice) {
            names.push(voice.to_owned());
        }
    }
    names
}

/// What to tell a user whose voice name is unknown: the nearest name and the list.
pub fn unknown_voice_hint(name: &str) -> String {
    let listed: Vec<&str> = KNOWN_VOICES.iter().map(|(n, _)| *n).collect();
    let list = format!(
        "voices: {}; any eSpeak NG voice as espeak:NAME (`espeak-ng --voices` lists them)",
        listed.join(", ")
    );
    match suggest_voice(name) {
        Some(near) => format!("did you mean `{near}`? {list}"),
        None => list,
    }
}

/// Levenshtein distance, for suggestions between short names.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1)
                .min(row[j] + 1)
                .min(diagonal + usize::from(ca != cb));
            diagonal = above;
        }
    }
    row[b.len()]
}

impl Voice {
    /// How this voice says numbers: American voices drop the "and" after "hundred",
    /// British and other English voices keep it; a voice for another language is given
    /// numbers as written (it reads them in its own language; the normalizer is English).
    pub fn number_style(&self) -> NumberStyle {
        let name = match self {
            Voice::Espeak(name) | Voice::Piper(name) => name.as_str(),
            // Kokoro's voice names start with their accent: `af_`/`am_` American,
            // `bf_`/`bm_` British.
            Voice::Kokoro(name) if name.starts_with("kokoro-a") => return NumberStyle::American,
            Voice::Kokoro(_) | Voice::Mock => return NumberStyle::British,
        };
        match crate::article::language::Language::of_voice(name) {
            Some(language) if language.code != "eng" => NumberStyle::AsWritten,
            _ if name.to_lowercase().replace('_', "-").starts_with("en-us") => {
                NumberStyle::American
            }
            _ => NumberStyle::British,
        }
    }

    /// Resolve a voice name; `espeak:NAME` picks any eSpeak NG voice.
    pub fn resolve(name: &str) -> Result<Voice, EngineError> {
        if name == "mock" {
            return Ok(Voice::Mock);
        }
        if KokoroManifest::shipped().voice(name).is_some() {
            return Ok(Voice::Kokoro(name.to_owned()));
        }
        if let Some(piper) = name.strip_prefix("piper:").or(Some(name))
            && VoiceManifest::find(piper).is_some()
        {
            return Ok(Voice::Piper(piper.to_owned()));
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
            Voice::Piper(name) => Box::new(PiperEngine::new(
                name,
                &VoiceFiles::installed(name)?,
                threads,
            )?),
            Voice::Kokoro(name) => Box::new(KokoroEngine::installed(name, threads)?),
            Voice::Mock => Box::new(MockEngine),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_config_sets_the_format_when_neither_flag_nor_extension_does() {
        use crate::audio::{Format, Loudness};
        use crate::cli::{AudioArgs, AudioFormat};
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(&path, "format = \"mp3\"\n").unwrap();
        let configured = UserConfig::load_from(&path).unwrap().format;
        assert_eq!(configured, Some(AudioFormat::Mp3));
        let mut args = AudioArgs {
            format: None,
            bitrate: 64,
            loudness: Loudness::default(),
        };
        let mp3 = Format::Mp3 { kbps: 64 };
        assert_eq!(args.format_or(Path::new("news"), configured), mp3);
        assert_eq!(
            args.format_or(Path::new("news.wav"), configured),
            Format::Wav
        );
        assert_eq!(args.format_or(Path::new("news"), None), Format::Wav);
        args.format = Some(AudioFormat::Wav);
        assert_eq!(
            args.format_or(Path::new("news.mp3"), configured),
            Format::Wav
        );
        std::fs::write(&path, "format = \"ogg\"\n").unwrap();
        assert!(UserConfig::load_from(&path).is_err());
    }

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
    fn config_errors_give_the_line() {
        // They named only the file.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        let name = path.display().to_string();
        for (text, line) in [
            ("# voices\nvoice = \"en-us\"\nrate = \"fast\"\n", 3),
            ("voice = \"en-us\"\n\nvoise = 1\n", 3),
            ("voice = \"en-us\"\nrate = 20\n", 2),
            ("voice = \"en-us\n", 1),
        ] {
            std::fs::write(&path, text).unwrap();
            let err = UserConfig::load_from(&path).unwrap_err().to_string();
            assert!(
                err.starts_with(&format!("{name}:{line}: ")),
                "{text:?}: {err}"
            );
        }
    }

    #[test]
    fn a_folder_in_place_of_the_config_or_a_lexicon_is_an_error() {
        // A lexicon path that was a folder was silently ignored.
        let dir = tempfile::tempdir().unwrap();
        let err = UserConfig::load_from(dir.path()).unwrap_err();
        assert!(
            format!("{:#}", anyhow::Error::from(err)).ends_with("it is a directory, not a file")
        );
        let err = crate::speech::lexicon::Lexicon::load(dir.path()).unwrap_err();
        let message = format!("{:#}", anyhow::Error::from(err));
        assert!(message.starts_with("cannot read lexicon"), "{message}");
        assert!(
            message.ends_with("it is a directory, not a file"),
            "{message}"
        );
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

    #[test]
    fn a_mistyped_voice_gets_the_nearest_name() {
        assert_eq!(suggest_voice("en_us").as_deref(), Some("en-us"));
        assert_eq!(suggest_voice("EN-GB").as_deref(), Some("en-gb"));
        assert_eq!(suggest_voice("espeak:en_gb").as_deref(), Some("en-gb"));
        assert_eq!(
            suggest_voice("en_US-joe-medum").as_deref(),
            Some("en_US-joe-medium")
        );
        assert_eq!(suggest_voice("klingon"), None);
        assert!(unknown_voice_hint("en_us").starts_with("did you mean `en-us`?"));
    }

    #[test]
    fn voices_say_numbers_in_their_locale() {
        assert_eq!(
            Voice::Espeak("en-us".into()).number_style(),
            NumberStyle::American
        );
        assert_eq!(
            Voice::Piper("en_US-joe-medium".into()).number_style(),
            NumberStyle::American
        );
        assert_eq!(
            Voice::Espeak("en-gb".into()).number_style(),
            NumberStyle::British
        );
        assert_eq!(
            Voice::Espeak("de".into()).number_style(),
            NumberStyle::AsWritten
        );
    }

    #[test]
    fn config_keys_set_rate_lexicons_and_output_folder() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(
            &path,
            "voice = \"en-gb\"\nrate = 180\nlexicon = [\"names.toml\"]\nout_dir = \"audio\"\n",
        )
        .unwrap();
        let config = UserConfig::load_from(&path).unwrap();
        assert_eq!(config.rate, Some(180));
        assert_eq!(config.lexicon, [dir.path().join("names.toml")]);
        assert_eq!(config.out_dir, Some(dir.path().join("audio")));
        std::fs::write(&path, "rate = 5\n").unwrap();
        let err = UserConfig::load_from(&path).unwrap_err().to_string();
        assert!(err.contains("80 to 450"), "{err}");
    }
}
