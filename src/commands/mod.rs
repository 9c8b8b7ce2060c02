//! The commands: resolved settings in, work done, data printed on stdout. `main` only
//! parses the command line, calls [`run`] and turns an error into a message and an exit
//! code ([`exit_code`]).

mod batch;
mod inspect;
mod render;
mod voices;

use std::io::Write;

use anyhow::{Context, Result};

use crate::cli::{Cli, Command};
use crate::engine::piper::install::InstallError;
use crate::settings::{Environment, SettingsError};

/// Run the command `cli` names.
pub fn run(cli: Cli, env: &Environment) -> Result<()> {
    match cli.command {
        Command::EspeakHelper { voice } => Ok(crate::engine::espeak::helper::serve(&voice)?),
        Command::Render(args) => render::render(&args, env),
        Command::Batch(args) => batch::batch(&args, env),
        Command::Episode(args) => batch::episode(&args, env),
        Command::BatchArticle => crate::podcast::batch::serve_article(env),
        Command::Clean { inputs, json, jobs } => inspect::clean(&inputs, json, jobs),
        Command::Sentences { input, json } => inspect::sentences(input.as_deref(), json),
        Command::Normalize { input } => inspect::normalize(input.as_deref()),
        Command::Names(args) => inspect::names(&args, env),
        Command::Voices { action } => voices::voices(action),
        #[cfg(feature = "system-voice")]
        Command::Speak { input, lexicon } => render::speak(&input, &lexicon, env),
    }
}

/// What a failed run exits with: `None` for a closed output pipe (not an error: exit 0
/// quietly), 2 when the user asked for something that cannot be (an unknown voice, a bad
/// config file; clap's own usage errors exit 2 too), else 1 (an input or output failed).
pub fn exit_code(error: &anyhow::Error) -> Option<u8> {
    let broken_pipe = error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    });
    if broken_pipe {
        return None;
    }
    let usage = error.chain().any(|cause| {
        cause
            .downcast_ref::<SettingsError>()
            .is_some_and(SettingsError::is_usage)
            || matches!(
                cause.downcast_ref::<InstallError>(),
                Some(InstallError::UnknownVoice(_))
            )
    });
    Some(if usage { 2 } else { 1 })
}

/// A line telling the user how to fix `error`, where one helps.
pub fn hint(error: &anyhow::Error) -> Option<String> {
    error.chain().find_map(|cause| {
        if let Some(engine) = cause.downcast_ref::<crate::engine::EngineError>() {
            engine.hint()
        } else {
            cause
                .downcast_ref::<InstallError>()
                .and_then(InstallError::hint)
        }
    })
}

/// Data goes to stdout; a closed pipe surfaces as a `BrokenPipe` error, which
/// [`exit_code`] turns into a quiet exit.
fn print_data(text: &str) -> Result<()> {
    std::io::stdout()
        .lock()
        .write_all(text.as_bytes())
        .context("cannot write to standard output")
}

fn to_json<T: serde::Serialize + ?Sized>(value: &T) -> Result<String> {
    Ok(serde_json::to_string_pretty(value)? + "\n")
}

fn lines<S: AsRef<str>>(items: &[S]) -> String {
    items.iter().map(|s| format!("{}\n", s.as_ref())).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exit_codes_say_what_failed() {
        let pipe = anyhow::Error::new(std::io::Error::from(std::io::ErrorKind::BrokenPipe))
            .context("cannot write to standard output");
        assert_eq!(exit_code(&pipe), None);
        let voice = anyhow::Error::new(SettingsError::Voice(
            crate::engine::EngineError::UnknownVoice("xx!".into()),
        ));
        assert_eq!(exit_code(&voice), Some(2));
        let input = anyhow::anyhow!("cannot read missing.txt");
        assert_eq!(exit_code(&input), Some(1));
    }
}
