//! The `narrate` binary: parse arguments, run one command, print any error once.

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

use narrate::cli::Cli;
use narrate::commands;
use narrate::settings::Environment;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let Err(error) = commands::run(cli, &Environment::of_this_process()) else {
        return ExitCode::SUCCESS;
    };
    let Some(code) = commands::exit_code(&error) else {
        return ExitCode::SUCCESS;
    };
    // A closed stderr cannot be told anything; the exit code still says it failed.
    let mut stderr = std::io::stderr().lock();
    let _ = writeln!(stderr, "narrate: {error:#}");
    if let Some(hint) = commands::hint(&error) {
        let _ = writeln!(stderr, "hint: {hint}");
    }
    ExitCode::from(code)
}
