//! The commands: resolved settings in, work done, data printed on stdout. `main` only
//! parses the command line, calls [`run`] and turns an error into a message and an exit
//! code ([`exit_code`]).

/// `eprintln!` that escapes control characters and ignores a closed or broken stderr
/// (which made `eprintln!` panic, exit 101): diagnostics are worth nothing to a reader
/// who is gone.
macro_rules! note {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let text = format!($($arg)*);
        let _ = writeln!(std::io::stderr(), "{}", $crate::commands::printable(&text));
    }};
}

mod batch;
mod inspect;
mod render;
mod voices;

use std::io::Write;

use anyhow::{Context, Result};

use clap::CommandFactory;

use crate::cli::{Cli, Command};
use crate::engine::piper::install::InstallError;
use crate::settings::{Environment, SettingsError};

/// Run the command `cli` names.
pub fn run(cli: Cli, env: &Environment) -> Result<()> {
    crate::input::set_max_input(cli.max_input);
    match cli.command {
        Command::Render(args) => render::render(&args, env),
        Command::Batch(args) => batch::batch(&args, env),
        Command::Episode(args) => batch::episode(&args, env),
        Command::Clean { inputs, json, jobs } => inspect::clean(&inputs, json, jobs),
        Command::Sentences { input, json } => inspect::sentences(input.as_deref(), json),
        Command::Normalize { input, voice } => {
            inspect::normalize(input.as_deref(), voice.as_deref())
        }
        Command::Names(args) => inspect::names(&args, env),
        Command::Voices { action } => voices::voices(action, env),
        Command::Completions { shell } => {
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "narrate", &mut script);
            print_data(&String::from_utf8_lossy(&script))
        }
        Command::Man => {
            let mut page = Vec::new();
            clap_mangen::Man::new(Cli::command())
                .render(&mut page)
                .context("cannot render the manual page")?;
            print_data(&String::from_utf8_lossy(&page))
        }
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
    let interrupted = error.chain().find_map(|cause| {
        cause.downcast_ref::<crate::interrupt::Interrupted>().or(
            match cause.downcast_ref::<crate::engine::EngineError>() {
                Some(crate::engine::EngineError::Interrupted(i)) => Some(i),
                _ => None,
            },
        )
    });
    if let Some(interrupted) = interrupted {
        return Some(interrupted.exit_code);
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
        let engine = cause.downcast_ref::<crate::engine::EngineError>().or(
            match cause.downcast_ref::<SettingsError>() {
                Some(SettingsError::Voice(engine) | SettingsError::Engine(engine)) => Some(engine),
                _ => None,
            },
        );
        if let Some(crate::engine::EngineError::UnknownVoice(name)) = engine {
            Some(crate::config::unknown_voice_hint(name))
        } else if let Some(engine) = engine {
            engine.hint()
        } else {
            cause
                .downcast_ref::<InstallError>()
                .and_then(InstallError::hint)
        }
    })
}

/// Data goes to stdout (control characters escaped when that is a terminal); a closed
/// pipe surfaces as a `BrokenPipe` error, which [`exit_code`] turns into a quiet exit.
fn print_data(text: &str) -> Result<()> {
    use std::io::IsTerminal;
    let mut stdout = std::io::stdout().lock();
    let text = if stdout.is_terminal() {
        printable(text)
    } else {
        text.into()
    };
    stdout
        .write_all(text.as_bytes())
        .context("cannot write to standard output")
}

/// `text` with control characters other than line breaks and tabs (a terminal escape
/// sequence starts with one) written as `\u{1b}`: for anything from an article or a file
/// name that reaches a terminal.
pub fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    let control = |c: char| c.is_control() && c != '\n' && c != '\t';
    if !text.chars().any(control) {
        return text.into();
    }
    text.chars()
        .map(|c| {
            if control(c) {
                c.escape_unicode().to_string()
            } else {
                c.to_string()
            }
        })
        .collect::<String>()
        .into()
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
    fn control_characters_are_escaped_for_the_terminal() {
        assert_eq!(printable("a\x1b[31mb\n"), "a\\u{1b}[31mb\n");
        assert_eq!(printable("plain\ttext"), "plain\ttext");
    }

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
        let term =
            crate::engine::EngineError::from(crate::interrupt::Interrupted { exit_code: 143 });
        assert_eq!(
            exit_code(&anyhow::Error::new(term).context("a.txt")),
            Some(143)
        );
    }
}
