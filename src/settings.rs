//! Resolving, once: command-line flags, the user's config file and the lexicons in, one
//! [`Settings`] value out, before any audio is made. Nothing after this reads raw flags,
//! the config file or the environment again (ripgrep's "high-level arguments").

use std::path::PathBuf;

use crate::article::Article;
use crate::article::language::Language;
use crate::cli::{LexiconArgs, VoiceArgs};
use crate::config::{LoadConfigError, UserConfig, Voice};
use crate::engine::{EngineError, SpeechEngine};
use crate::speech::lexicon::{Lexicon, LoadLexiconError};
use crate::speech::names::{self, NameReport};
use crate::speech::{NumberStyle, Script};

/// What a command needs to know about the process it runs in.
#[derive(Debug, Clone, Default)]
pub struct Environment {
    /// The running narrate executable, which eSpeak NG helper processes run; `None` (a
    /// library user, a test harness) reads everything in one process.
    pub program: Option<PathBuf>,
    /// Threads a voice may use; `None`: one per core. A batch running several articles
    /// at once gives each its share.
    pub threads: Option<usize>,
    /// How much to say on stderr besides errors.
    pub verbosity: Verbosity,
}

/// How much a run says on stderr besides errors (`--quiet`, `--verbose`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verbosity {
    /// Errors only.
    Quiet,
    /// Errors, warnings, notes and progress on a terminal.
    #[default]
    Normal,
    /// Also what was decided and how long it took.
    Verbose,
}

impl Environment {
    /// The environment of the `narrate` binary itself.
    pub fn of_this_process(verbosity: Verbosity) -> Environment {
        Environment {
            program: std::env::current_exe().ok(),
            threads: None,
            verbosity,
        }
    }

    /// A warning on stderr, unless quiet.
    pub fn warn(&self, message: &str) {
        if self.verbosity >= Verbosity::Normal {
            eprintln!("warning: {message}");
        }
    }

    /// A note on stderr, unless quiet.
    pub fn note(&self, message: &str) {
        if self.verbosity >= Verbosity::Normal {
            eprintln!("note: {message}");
        }
    }

    /// A detail on stderr, only when verbose.
    pub fn detail(&self, message: &str) {
        if self.verbosity >= Verbosity::Verbose {
            eprintln!("info: {message}");
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    #[error(transparent)]
    Config(#[from] LoadConfigError),
    /// A voice the user named that cannot be (a usage error).
    #[error(transparent)]
    Voice(EngineError),
    /// A voice that exists but cannot be loaded here (not installed, no library).
    #[error(transparent)]
    Engine(EngineError),
    #[error(transparent)]
    Lexicon(#[from] LoadLexiconError),
    /// Options that do not go together.
    #[error("{0}")]
    Usage(String),
    #[error("the article is in {language}, which voice `{voice}` does not speak")]
    Language { language: String, voice: String },
}

impl SettingsError {
    /// Whether the user asked for something that cannot be (exit code 2), rather than a
    /// file that could not be read (exit code 1).
    pub fn is_usage(&self) -> bool {
        matches!(
            self,
            SettingsError::Config(_)
                | SettingsError::Voice(_)
                | SettingsError::Usage(_)
                | SettingsError::Language { .. }
        )
    }
}

/// Everything a command that reads aloud runs with: the voice (resolved, not yet
/// loaded), the lexicon (loaded) and the user's config.
#[derive(Debug, Clone)]
pub struct Settings {
    pub voice: Voice,
    /// The voice as the user named it (`--voice`, the config, or the default), for
    /// messages.
    pub voice_name: String,
    /// Whether `--voice` chose it; otherwise the article's language may choose another.
    pub voice_chosen: bool,
    pub lexicon: Lexicon,
    pub config: UserConfig,
    /// The narrate executable eSpeak NG helper processes run, if any.
    program: Option<PathBuf>,
    threads: Option<usize>,
}

/// What the article's language did to the voice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LanguageChoice {
    /// The voice speaks it, or the language is not known for sure.
    Kept,
    /// The default voice was replaced by the eSpeak NG voice for the language.
    Switched { language: String, voice: String },
    /// The chosen voice does not speak it and reads it anyway.
    Mismatch { language: String },
}

impl Settings {
    /// Resolve `--voice` (else the user config's voice, else the built-in default) and
    /// load the lexicons: the built-in one, the per-user default file over it, then each
    /// `--lexicon` file in order (later wins). The user config is read once, here.
    pub fn resolve(
        voice: &VoiceArgs,
        lexicon: &LexiconArgs,
        env: &Environment,
    ) -> Result<Settings, SettingsError> {
        let config = UserConfig::load()?;
        let name = match &voice.voice {
            Some(name) => name.clone(),
            None => config.default_voice().to_owned(),
        };
        let voice_chosen = voice.voice.is_some();
        let voice = Voice::resolve(&name).map_err(SettingsError::Voice)?;
        let mut loaded = Lexicon::with_user_default()?;
        for path in config.lexicon.iter().chain(&lexicon.files) {
            loaded = loaded.merge(Lexicon::load(path)?);
        }
        env.detail(&format!("voice {name}, {} lexicon entries", loaded.len()));
        Ok(Settings {
            voice,
            voice_name: name,
            voice_chosen,
            lexicon: loaded,
            config,
            program: env.program.clone(),
            threads: env.threads,
        })
    }

    /// Load the voice's engine; an eSpeak NG voice may read long texts with helper
    /// processes when narrate's own executable is known. An unknown voice is reported by
    /// the name the user gave it.
    pub fn engine(&self) -> Result<Box<dyn SpeechEngine>, SettingsError> {
        self.voice
            .engine(self.program.clone(), self.threads)
            .map_err(|error| match error {
                EngineError::UnknownVoice(_) => {
                    SettingsError::Voice(EngineError::UnknownVoice(self.voice_name.clone()))
                }
                other => SettingsError::Engine(other),
            })
    }

    /// Fit the voice to the article's language: a default voice that does not speak it
    /// gives way to the eSpeak NG voice for it; a voice chosen with `--voice` stays, and
    /// with `strict` that is an error.
    pub fn fit_language(
        &mut self,
        article: &Article,
        strict: bool,
    ) -> Result<LanguageChoice, SettingsError> {
        let Some(language) = crate::article::language::detect(article) else {
            return Ok(LanguageChoice::Kept);
        };
        let Some(spoken) = Language::of_voice(&self.voice_name) else {
            return Ok(LanguageChoice::Kept); // the mock voice speaks no language
        };
        if spoken.code == language.code {
            return Ok(LanguageChoice::Kept);
        }
        match language.espeak_voice {
            Some(voice) if !self.voice_chosen => {
                self.voice = Voice::Espeak(voice.to_owned());
                self.voice_name = voice.to_owned();
                Ok(LanguageChoice::Switched {
                    language: language.name.to_owned(),
                    voice: voice.to_owned(),
                })
            }
            _ if strict => Err(SettingsError::Language {
                language: language.name.to_owned(),
                voice: self.voice_name.clone(),
            }),
            _ => Ok(LanguageChoice::Mismatch {
                language: language.name.to_owned(),
            }),
        }
    }

    /// The article laid out for reading with every name hint applied, numbers in the
    /// voice's style, and the names that got no hint at all (see [`hinted_script`]).
    pub fn script(&self, article: &Article) -> (Script, Vec<String>) {
        hinted_script(article, &self.lexicon, self.voice.number_style())
    }

    /// The lexicon with rule hints for the names it lacks (see [`with_rule_hints`]).
    pub fn hinted(&self, found: &[NameReport]) -> Lexicon {
        with_rule_hints(&self.lexicon, found)
    }
}

/// `article` laid out for reading with every name hint applied (`lexicon`'s entries, rule
/// hints for the names it lacks), and the names that got no hint at all (for the user to
/// add to a lexicon).
pub fn hinted_script(
    article: &Article,
    lexicon: &Lexicon,
    style: NumberStyle,
) -> (Script, Vec<String>) {
    let found = names::find(article, lexicon);
    let unhinted = names::unhinted(&found)
        .into_iter()
        .map(str::to_owned)
        .collect();
    (
        Script::from_article(article, &with_rule_hints(lexicon, &found), style),
        unhinted,
    )
}

/// `lexicon` with a hint for every name in `found` that it lacks and a rule can make:
/// lexicon entries first, rule-made hints (respellings or IPA) for the rest.
pub fn with_rule_hints(lexicon: &Lexicon, found: &[NameReport]) -> Lexicon {
    lexicon.clone().merge(names::rule_hints(found))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::paragraphs;
    use crate::engine::SynthesisRequest;

    fn settings(voice: &str, chosen: bool) -> Settings {
        Settings {
            voice: Voice::resolve(voice).unwrap(),
            voice_name: voice.to_owned(),
            voice_chosen: chosen,
            lexicon: Lexicon::default(),
            config: UserConfig::default(),
            program: None,
            threads: None,
        }
    }

    fn article(text: &str) -> Article {
        Article {
            title: None,
            byline: None,
            published: None,
            blocks: paragraphs(&[text]),
        }
    }

    const GERMAN: &str = "Die Bundesregierung hat am Mittwoch ein neues Gesetz beschlossen, \
        das die Rechte der Mieter in den großen Städten stärken soll.";
    const SPANISH: &str = "El Gobierno aprobó el miércoles una nueva ley que refuerza los \
        derechos de los inquilinos en las grandes ciudades del país.";

    #[test]
    fn german_and_spanish_articles_are_read_by_their_espeak_voices() {
        for (text, voice, word, phonemes) in [
            (GERMAN, "de", "Mittwoch", "vɔx"),
            (SPANISH, "es", "ciudades", "θjuð"),
        ] {
            let mut settings = settings("en-us", false);
            let choice = settings.fit_language(&article(text), false).unwrap();
            assert!(
                matches!(&choice, LanguageChoice::Switched { voice: v, .. } if v == voice),
                "{choice:?}"
            );
            assert_eq!(settings.voice, Voice::Espeak(voice.to_owned()));
            assert_eq!(settings.voice.number_style(), NumberStyle::AsWritten);
            let Some((_lock, mut engine)) = crate::engine::espeak::tests::engine_for(voice) else {
                return;
            };
            let said = engine.synthesize(&SynthesisRequest::new(word)).unwrap();
            let said = said.phonemes.concat();
            assert!(said.contains(phonemes), "{voice}: {word} said {said}");
        }
    }

    #[test]
    fn a_chosen_voice_stays_and_strict_language_refuses_it() {
        let mut settings = settings("en-gb", true);
        let choice = settings.fit_language(&article(GERMAN), false).unwrap();
        assert_eq!(
            choice,
            LanguageChoice::Mismatch {
                language: "German".into()
            }
        );
        assert_eq!(settings.voice, Voice::Espeak("en-gb".into()));
        let err = settings.fit_language(&article(GERMAN), true).unwrap_err();
        assert!(err.is_usage());
        assert_eq!(
            err.to_string(),
            "the article is in German, which voice `en-gb` does not speak"
        );
        let english = article("The council approved the budget on Tuesday after a long debate.");
        assert_eq!(
            settings.fit_language(&english, true).unwrap(),
            LanguageChoice::Kept
        );
    }
}
