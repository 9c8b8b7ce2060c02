//! The `narrate` binary: parse arguments, run one command, print any error once.

mod cli;

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::Parser;

use cli::{Cli, Command, VoicesAction};
use narrate::article::{self, Article, BlockKind};
use narrate::audio::{wav, Pauses};
use narrate::config::{load_lexicon, UserConfig, Voice, KNOWN_VOICES};
use narrate::engine::piper::install::{install_voice, is_voice_installed, InstallError};
use narrate::engine::EngineError;
use narrate::speech::lexicon::Lexicon;
use narrate::speech::{self, names, Script};
use narrate::{audition, batch, output, podcast, render};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("narrate: {error:#}");
            let hint = match error.downcast_ref::<EngineError>() {
                Some(engine) => engine.hint(),
                None => error.downcast_ref::<InstallError>().and_then(|e| e.hint()),
            };
            if let Some(hint) = hint {
                eprintln!("hint: {hint}");
            }
            ExitCode::from(1)
        }
    }
}

fn run(cli: Cli) -> Result<()> {
    if let Ok(program) = std::env::current_exe() {
        narrate::engine::espeak::helper::enable(program);
    }
    match cli.command {
        Command::EspeakHelper { voice } => Ok(narrate::engine::espeak::helper::serve(&voice)?),
        Command::Render {
            input,
            output,
            voice,
            lexicon,
            chapters_json,
            vtt,
        } => {
            let request = RenderRequest {
                input,
                output,
                voice,
                lexicon,
                chapters_json,
                vtt,
            };
            render_article(&request)
        }
        Command::Clean { inputs, json, jobs } => match inputs.as_slice() {
            [input] => {
                let article = read_article(input)?;
                print_data(&if json {
                    to_json(&article)?
                } else {
                    article_text(&article)
                })
            }
            _ => clean_all(&inputs, json, jobs.unwrap_or_else(batch::default_jobs)),
        },
        Command::Sentences { input, json } => {
            let text = read_text(input.as_deref())?;
            let sentences = speech::sentences::split(&text);
            print_data(&if json {
                to_json(&sentences)?
            } else {
                lines(&sentences)
            })
        }
        Command::Normalize { input } => {
            let text = read_text(input.as_deref())?;
            let spoken: Vec<String> = text.lines().map(speech::normalize::normalize).collect();
            print_data(&lines(&spoken))
        }
        Command::Names {
            input,
            json,
            lexicon,
            audition,
            voice,
        } => {
            let lexicon = load_lexicon(&lexicon)?;
            let names = names::find(&read_article(&input)?, &lexicon);
            if let Some(dir) = &audition {
                write_auditions(dir, voice.as_deref(), &names, &lexicon)?;
            }
            let text = if json {
                to_json(&names)?
            } else {
                let rows: Vec<String> = names
                    .iter()
                    .map(|n| {
                        let hint = n
                            .respelling
                            .as_deref()
                            .or(n.ipa.as_deref())
                            .unwrap_or("(no hint)");
                        let source = n.source.as_deref().unwrap_or("-");
                        format!("{}\t{}\t{}\t{}", n.name, n.count, hint, source)
                    })
                    .collect();
                lines(&rows)
            };
            print_data(&text)
        }
        Command::Voices { action: None } => {
            print_data(&lines(&voice_list(UserConfig::load()?.default_voice())))
        }
        Command::Voices {
            action: Some(VoicesAction::Install { name }),
        } => {
            let done = install_voice(&name)?;
            for path in &done.written {
                eprintln!("installed {}", path.display());
            }
            for path in &done.kept {
                eprintln!("already installed {}", path.display());
            }
            print_data(&format!("{name}\tinstalled\n"))
        }
        #[cfg(feature = "system-voice")]
        Command::Speak { input, lexicon } => {
            let lexicon = load_lexicon(&lexicon)?;
            speak(&read_article(&input)?, lexicon)
        }
    }
}

/// `narrate voices`: every known voice, the default marked, Piper voices marked installed
/// or not.
fn voice_list(default_voice: &str) -> Vec<String> {
    KNOWN_VOICES
        .iter()
        .map(|(name, about)| {
            let default = if *name == default_voice {
                " (default)"
            } else {
                ""
            };
            let state = match is_voice_installed(name) {
                Some(true) => " (installed)",
                Some(false) => " (not installed)",
                None => "",
            };
            format!("{name}\t{about}{default}{state}")
        })
        .collect()
}

/// `--voice`, else the user config's voice, else the built-in default.
fn chosen_voice(voice: Option<&str>) -> Result<Voice> {
    let name = match voice {
        Some(name) => name.to_owned(),
        None => UserConfig::load()?.default_voice().to_owned(),
    };
    Ok(Voice::resolve(&name)?)
}

/// `narrate names --audition DIR`: every name's WAV, or (on any error) none of them.
fn write_auditions(
    dir: &Path,
    voice: Option<&str>,
    names: &[names::NameReport],
    lexicon: &Lexicon,
) -> Result<()> {
    let mut engine = chosen_voice(voice)?.engine()?;
    let files = audition::audition(names, lexicon, engine.as_mut())?;
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let paths: Vec<PathBuf> = files.iter().map(|(name, _)| dir.join(name)).collect();
    let staged: Vec<(&Path, &[u8])> = paths
        .iter()
        .zip(&files)
        .map(|(path, (_, bytes))| (path.as_path(), bytes.as_slice()))
        .collect();
    output::write_all(&staged)?;
    eprintln!("wrote {} auditions to {}", files.len(), dir.display());
    Ok(())
}

struct RenderRequest {
    input: String,
    output: PathBuf,
    voice: Option<String>,
    lexicon: Vec<PathBuf>,
    chapters_json: Option<PathBuf>,
    vtt: Option<PathBuf>,
}

fn render_article(request: &RenderRequest) -> Result<()> {
    // Before the engine can start, two threads share the work: this one loads the voice
    // and the lexicon, the other reads and cleans the article and then compiles the speech
    // stages' patterns last pass first, while this one builds the script first pass first.
    // Then the WAV file is written while the engine reads.
    let (mut engine, article, script) = std::thread::scope(|scope| {
        let (cleaned, article) = std::sync::mpsc::sync_channel(1);
        scope.spawn(move || {
            let _ = cleaned.send(read_article(&request.input));
            speech::warm_up();
        });
        let engine = chosen_voice(request.voice.as_deref())?.engine()?;
        let lexicon = load_lexicon(&request.lexicon)?;
        let article = article.recv().context("the article could not be read")??;
        let script = script_with_hints(&article, lexicon);
        anyhow::Ok((engine, article, script))
    })?;
    // Every output file is created now, so a path that cannot be written fails before the
    // engine reads a word.
    let stream = wav::Stream::create(&request.output, engine.sample_rate())?;
    let chapters_file = sidecar_file(request.chapters_json.as_deref())?;
    let vtt_file = sidecar_file(request.vtt.as_deref())?;
    let mut track = render::render(&script, engine.as_mut(), Pauses::default(), stream)
        .with_context(|| {
            format!(
                "{}: cannot read the article aloud",
                input_name(&request.input)
            )
        })?;
    let mut staged = vec![(
        request.output.as_path(),
        track.samples.finish(&track.markers)?,
    )];
    if let Some((path, file)) = chapters_file {
        let json = podcast::chapters_json(&track);
        staged.push((path, output::fill(path, file, json.as_bytes())?));
    }
    if let Some((path, file)) = vtt_file {
        let vtt = podcast::webvtt(&track);
        staged.push((path, output::fill(path, file, vtt.as_bytes())?));
    }
    let files: Vec<&Path> = staged.iter().map(|(path, _)| *path).collect();
    output::persist_all(staged)?;

    let mut summary = format!(
        "{}\n  voice     {}\n  duration  {}\n  chapters  {}\n",
        article.title.as_deref().unwrap_or("(untitled)"),
        engine.name(),
        clock(track.duration_seconds()),
        track.markers.len(),
    );
    for marker in &track.markers {
        summary.push_str(&format!(
            "    {}  {}\n",
            clock(track.rate.seconds(marker.sample)),
            marker.label
        ));
    }
    for path in &files {
        summary.push_str(&format!("  wrote     {}\n", path.display()));
    }
    print_data(&summary)
}

/// The temporary file for an optional sidecar, paired with its path.
fn sidecar_file(path: Option<&Path>) -> Result<Option<(&Path, tempfile::NamedTempFile)>> {
    Ok(path
        .map(|p| output::temporary(p).map(|file| (p, file)))
        .transpose()?)
}

/// `m:ss` for a duration in seconds.
fn clock(seconds: f64) -> String {
    let s = seconds.round() as u64;
    format!("{}:{:02}", s / 60, s % 60)
}

fn input_name(input: &str) -> &str {
    if input == "-" {
        "<stdin>"
    } else {
        input
    }
}

fn read_bytes(input: &str) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    if input == "-" {
        std::io::stdin()
            .read_to_end(&mut bytes)
            .context("cannot read standard input")?;
    } else {
        bytes = std::fs::read(input).with_context(|| format!("cannot read {input}"))?;
    }
    Ok(bytes)
}

fn read_article(input: &str) -> Result<Article> {
    let bytes = read_bytes(input)?;
    article::clean(&bytes).with_context(|| input_name(input).to_owned())
}

/// Plain text from a file or standard input, decoded like an article.
fn read_text(input: Option<&str>) -> Result<String> {
    let input = input.unwrap_or("-");
    let bytes = read_bytes(input)?;
    if bytes.is_empty() {
        return Ok(String::new());
    }
    article::decode::decode(&bytes).with_context(|| input_name(input).to_owned())
}

/// One line of `clean --json` output for several inputs: the article's keys plus `input`.
#[derive(serde::Serialize)]
struct Cleaned<'a> {
    input: &'a str,
    #[serde(flatten)]
    article: &'a Article,
}

/// Clean several inputs in parallel; print each result in input order, report each failure
/// on stderr, and fail at the end if any input failed.
fn clean_all(inputs: &[String], json: bool, jobs: usize) -> Result<()> {
    let results = batch::map_parallel(inputs, jobs, |input| read_article(input));
    let mut failed = 0;
    for (input, result) in inputs.iter().zip(&results) {
        let name = input_name(input);
        if let Err(error) = result {
            failed += 1;
            eprintln!("narrate: {error:#}");
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
            (Ok(article), false) => format!("==> {name} <==\n{}\n", article_text(article)),
            (Err(_), false) => continue,
        };
        print_data(&text)?;
    }
    if failed > 0 {
        anyhow::bail!("{failed} of {} inputs failed", inputs.len());
    }
    Ok(())
}

fn article_text(article: &Article) -> String {
    let mut out = String::new();
    for (label, value) in [
        ("title", &article.title),
        ("byline", &article.byline),
        ("published", &article.published),
    ] {
        if let Some(value) = value {
            out.push_str(&format!("{label}: {value}\n"));
        }
    }
    for block in &article.blocks {
        let prefix = if block.kind == BlockKind::Heading {
            "## "
        } else {
            ""
        };
        out.push_str(&format!("\n{prefix}{}\n", block.text));
    }
    out
}

fn to_json<T: serde::Serialize + ?Sized>(value: &T) -> Result<String> {
    Ok(serde_json::to_string_pretty(value)? + "\n")
}

fn lines<S: AsRef<str>>(items: &[S]) -> String {
    items.iter().map(|s| format!("{}\n", s.as_ref())).collect()
}

/// Data goes to stdout; a closed pipe is not an error.
fn print_data(text: &str) -> Result<()> {
    match std::io::stdout().lock().write_all(text.as_bytes()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other.context("cannot write to standard output"),
    }
}

/// Lay the article out for reading with every name hint applied: lexicon entries first,
/// rule-made respellings for the names no lexicon knows; warn about names with neither.
fn script_with_hints(article: &Article, lexicon: Lexicon) -> Script {
    let found = names::find(article, &lexicon);
    let unhinted = names::unhinted(&found);
    if !unhinted.is_empty() {
        eprintln!(
            "warning: no pronunciation hint for {} (add them to a lexicon): {}",
            unhinted.len(),
            unhinted.join(", ")
        );
    }
    Script::from_article(article, &lexicon.merge(names::rule_hints(&found)))
}

#[cfg(feature = "system-voice")]
fn speak(article: &Article, lexicon: Lexicon) -> Result<()> {
    let mut tts = tts::Tts::default().context("cannot reach the system speech service")?;
    let script = script_with_hints(article, lexicon);
    for sentence in script.sentences() {
        tts.speak(sentence.respelled(), false)
            .context("system speech failed")?;
    }
    while tts.is_speaking().unwrap_or(false) {
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    Ok(())
}
