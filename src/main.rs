//! The `narrate` binary: parse arguments, run one command, print any error once.

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

use narrate::cli::Cli;
use narrate::commands;
use narrate::settings::{Environment, Verbosity};

fn main() -> ExitCode {
    // Helper processes for another narrate (not commands: clap never lists or suggests
    // them): an eSpeak NG reader, or one article of a batch.
    let args: Vec<String> = std::env::args().collect();
    match args.as_slice() {
        [_, mode, voice] if mode == narrate::engine::espeak::helper::COMMAND => {
            return report(narrate::engine::espeak::helper::serve(voice).map_err(Into::into));
        }
        [_, mode] if mode == narrate::podcast::batch::ARTICLE_COMMAND => {
            let env = Environment::of_this_process(Verbosity::Quiet);
            return report(narrate::podcast::batch::serve_article(&env));
        }
        _ => {}
    }
    let cli = Cli::parse();
    let verbosity = match (cli.quiet, cli.verbose) {
        (true, _) => Verbosity::Quiet,
        (_, true) => Verbosity::Verbose,
        _ => Verbosity::Normal,
    };
    report(commands::run(cli, &Environment::of_this_process(verbosity)))
}

/// The exit code for a run's result, with any error printed once.
fn report(result: anyhow::Result<()>) -> ExitCode {
    let Err(error) = result else {
        return ExitCode::SUCCESS;
    };
    let Some(code) = commands::exit_code(&error) else {
        return ExitCode::SUCCESS;
    };
    // A closed stderr cannot be told anything; the exit code still says it failed.
    let mut stderr = std::io::stderr().lock();
    let message = format!("narrate: {error:#}");
    let _ = writeln!(stderr, "{}", commands::printable(&message));
    if let Some(hint) = commands::hint(&error) {
        let _ = writeln!(stderr, "hint: {}", commands::printable(&hint));
    }
    ExitCode::from(code)
}
