//! The commands that show what narrate would read, without making audio: `clean`,
//! `sentences`, `normalize` and `names` (whose `--audition` does make a WAV per name).

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use super::{lines, print_data, to_json};
use crate::article::Article;
use crate::cli::{NamesArgs, VoiceArgs};
use crate::config::Voice;
use crate::input::{display_name, read_article, read_text};
use crate::schedule::{default_jobs, map_parallel};
use crate::settings::{Environment, Settings, SettingsError};
use crate::speech::names::{self, NameReport};
use crate::speech::{self, NumberStyle};
use crate::{audition, output};

/// `narrate clean INPUT...`: one input printed as text or JSON; several cleaned in
/// parallel, printed in input order, each failure reported, and an error at the end if
/// any failed.
pub(super) fn clean(inputs: &[String], json: bool, jobs: Option<usize>) -> Result<()> {
    if let [input] = inputs {
        let article = read_article(input)?;
        return print_data(&if json {
            to_json(&article)?
        } else {
            article.to_text()
        });
    }
    let jobs = jobs.unwrap_or_else(default_jobs);
    let results = map_parallel(inputs, jobs, |input| read_article(input));
    let mut failed = 0;
    for (input, result) in inputs.iter().zip(&results) {
        let name = display_name(input);
        if let Err(error) = result {
            failed += 1;
            note!("narrate: {error:#}");
        }
        let text = match (result, json) {
            (Ok(article), true) => {
                serde_json::to_string(&Cleaned {
                    input: name,
                    article,
                })? + "\n"
            }
            (Err(error), true) => {
                serde_json::json!({ "input": name, "error": format!("{error:#}") }).to_string()
                    + "\n"
            }
            (Ok(article), false) => format!("==> {name} <==\n{}\n", article.to_text()),
            (Err(_), false) => continue,
        };
        print_data(&text)?;
    }
    if failed > 0 {
        anyhow::bail!("{failed} of {} inputs failed", inputs.len());
    }
    Ok(())
}

/// One line of `clean --json` output for several inputs: the article's keys plus `input`.
#[derive(serde::Serialize)]
struct Cleaned<'a> {
    input: &'a str,
    #[serde(flatten)]
    article: &'a Article,
}

/// `narrate sentences`: plain text split into sentences.
pub(super) fn sentences(input: Option<&str>, json: bool) -> Result<()> {
    let text = read_text(input)?;
    let sentences = speech::sentences::split(&text);
    print_data(&if json {
        to_json(&sentences)?
    } else {
        lines(&sentences)
    })
}

/// `narrate normalize`: each line as a newsreader says it; with `--voice`, numbers in
/// that voice's style.
pub(super) fn normalize(input: Option<&str>, voice: Option<&str>) -> Result<()> {
    let style = match voice {
        Some(name) => Voice::resolve(name)
            .map_err(SettingsError::Voice)?
            .number_style(),
        None => NumberStyle::British,
    };
    let text = read_text(input)?;
    let terminal = std::io::stdout().is_terminal();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for line in text.lines() {
        write_spoken_line(&mut out, line, style, terminal)?;
    }
    out.flush().context("cannot write to standard output")
}

/// A line as a newsreader says it, written to `out` as it is made: a line longer than a
/// sentence piece is read piece by piece, as `render` reads it, so memory stays that of
/// the input on a line of megabytes (whose spoken form is six times its size: one 5 MB
/// line of digits took 700 MB whole, 20 MB of them 374 MB when the pieces were joined).
fn write_spoken_line(
    out: &mut impl Write,
    line: &str,
    style: NumberStyle,
    terminal: bool,
) -> Result<()> {
    use speech::long::{MAX_PIECE_CHARS, split_long};
    let pieces = if line.len() <= MAX_PIECE_CHARS {
        vec![line]
    } else {
        split_long(line)
    };
    for (i, piece) in pieces.into_iter().enumerate() {
        let spoken = speech::normalize::normalize_in(piece, style);
        let separator = if i == 0 { "" } else { " " };
        let spoken = if terminal {
            super::printable(&spoken)
        } else {
            spoken.as_str().into()
        };
        write!(out, "{separator}{spoken}").context("cannot write to standard output")?;
    }
    writeln!(out).context("cannot write to standard output")
}

/// `narrate names`: the names in an article, their hints and where each hint comes from;
/// with `--audition DIR`, a WAV of each.
pub(super) fn names(args: &NamesArgs, env: &Environment) -> Result<()> {
    let voice = VoiceArgs {
        voice: args.voice.clone(),
    };
    let settings = Settings::resolve(&voice, &args.lexicon, env)?;
    let found = names::find(&read_article(&args.input)?, &settings.lexicon);
    if let Some(dir) = &args.audition {
        write_auditions(dir, &settings, &found)?;
    }
    print_data(&if args.json {
        to_json(&found)?
    } else {
        lines(&found.iter().map(table_row).collect::<Vec<_>>())
    })
}

/// `name  count  hint  source`, tab-separated.
fn table_row(name: &NameReport) -> String {
    let hint = name
        .respelling
        .as_deref()
        .or(name.ipa.as_deref())
        .unwrap_or("(no hint)");
    let source = name.source.map_or("-".to_owned(), |s| s.to_string());
    format!("{}\t{}\t{hint}\t{source}", name.name, name.count)
}

/// `narrate names --audition DIR`: every name's WAV, or (on any error) none of them.
fn write_auditions(dir: &Path, settings: &Settings, found: &[NameReport]) -> Result<()> {
    let mut engine = settings.engine()?;
    let files = audition::audition(found, &settings.hinted(found), engine.as_mut())?;
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let paths: Vec<PathBuf> = files.iter().map(|(name, _)| dir.join(name)).collect();
    let staged: Vec<(&Path, &[u8])> = paths
        .iter()
        .zip(&files)
        .map(|(path, (_, bytes))| (path.as_path(), bytes.as_slice()))
        .collect();
    output::write_all(&staged)?;
    note!("wrote {} auditions to {}", files.len(), dir.display());
    Ok(())
}
