//! Resolving, once: command-line flags, the user's config file and the lexicons in, one
//! [`Settings`] value out, before any audio is made. Nothing after this reads raw flags,
//! the config file or the environment again (ripgrep's "high-level arguments").

use std::path::PathBuf;

use crate::article::Article;
use crate::cli::{LexiconArgs, VoiceArgs};
use crate::config::{LoadConfigError, UserConfig, Voice};
use crate::engine::{EngineError, SpeechEngine};
use crate::speech::lexicon::{Lexicon, LoadLexiconError};
use crate::speech::names::{self, NameReport};
use crate::speech::Script;

/// What a command needs to know about the process it runs in.
#[derive(Debug, Clone, Default)]
pub struct Environment {
    /// The running narrate executable, which eSpeak NG helper processes run; `None` (a
    /// library user, a test harness) reads everything in one process.
    pub program: Option<PathBuf>,
    /// Threads a voice may use; `None`: one per core. A batch running several articles
    /// at once gives each its share.
    pub threads: Option<usize>,
}

impl Environment {
    /// The environment of the `narrate` binary itself.
    pub fn of_this_process() -> Environment {
        Environment {
            program: std::env::current_exe().ok(),
            threads: None,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    #[error(transparent)]
    Config(#[from] LoadConfigError),
    #[error(transparent)]
    Voice(EngineError),
    #[error(transparent)]
    Lexicon(#[from] LoadLexiconError),
    /// Options that do not go together.
    #[error("{0}")]
    Usage(String),
}

impl SettingsError {
    /// Whether the user asked for something that cannot be (exit code 2), rather than a
    /// file that could not be read (exit code 1).
    pub fn is_usage(&self) -> bool {
        matches!(
            self,
            SettingsError::Config(_) | SettingsError::Voice(_) | SettingsError::Usage(_)
        )
    }
}

/// Everything a command that reads aloud runs with: the voice (resolved, not yet
/// loaded) and the lexicon (loaded).
#[derive(Debug, Clone)]
pub struct Settings {
    pub voice: Voice,
    pub lexicon: Lexicon,
    /// The narrate executable eSpeak NG helper processes run, if any.
    program: Option<PathBuf>,
    threads: Option<usize>,
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
        let name = match &voice.voice {
            Some(name) => name.clone(),
            None => UserConfig::load()?.default_voice().to_owned(),
        };
        let voice = Voice::resolve(&name).map_err(SettingsError::Voice)?;
        let mut loaded = Lexicon::with_user_default()?;
        for path in &lexicon.files {
            loaded = loaded.merge(Lexicon::load(path)?);
        }
        Ok(Settings {
            voice,
            lexicon: loaded,
            program: env.program.clone(),
            threads: env.threads,
        })
    }

    /// Load the voice's engine; an eSpeak NG voice may read long texts with helper
    /// processes when narrate's own executable is known.
    pub fn engine(&self) -> Result<Box<dyn SpeechEngine>, EngineError> {
        self.voice.engine(self.program.clone(), self.threads)
    }

    /// The article laid out for reading with every name hint applied, and the names that
    /// got no hint at all (see [`hinted_script`]).
    pub fn script(&self, article: &Article) -> (Script, Vec<String>) {
        hinted_script(article, &self.lexicon)
    }

    /// The lexicon with rule hints for the names it lacks (see [`with_rule_hints`]).
    pub fn hinted(&self, found: &[NameReport]) -> Lexicon {
        with_rule_hints(&self.lexicon, found)
    }
}

/// `article` laid out for reading with every name hint applied (`lexicon`'s entries, rule
/// hints for the names it lacks), and the names that got no hint at all (for the user to
/// add to a lexicon).
pub fn hinted_script(article: &Article, lexicon: &Lexicon) -> (Script, Vec<String>) {
    let found = names::find(article, lexicon);
    let unhinted = names::unhinted(&found)
        .into_iter()
        .map(str::to_owned)
        .collect();
    (
        Script::from_article(article, &with_rule_hints(lexicon, &found)),
        unhinted,
    )
}

/// `lexicon` with a hint for every name in `found` that it lacks and a rule can make:
/// lexicon entries first, rule-made hints (respellings or IPA) for the rest.
pub fn with_rule_hints(lexicon: &Lexicon, found: &[NameReport]) -> Lexicon {
    lexicon.clone().merge(names::rule_hints(found))
}
