//! `narrate render`: an article in, audio and its sidecars out, a summary printed.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use super::print_data;
use crate::article::Article;
use crate::audio::Pauses;
use crate::cli::{LexiconArgs, RenderArgs, VoiceArgs};
use crate::engine::SpeechEngine;
use crate::input::{display_name, read_article};
use crate::podcast::{self, Outputs};
use crate::settings::{Environment, Settings};
use crate::speech::{self, Script};

pub(super) fn render(args: &RenderArgs, env: &Environment) -> Result<()> {
    check_paths(args)?;
    crate::interrupt::install().context("cannot catch Ctrl-C")?;
    let (mut engine, article, script) = prepare(&args.input, &args.voice, &args.lexicon, env)?;
    crate::interrupt::check()?;
    crate::render::check_length(&script, engine.sample_rate(), Pauses::default())
        .with_context(|| display_name(&args.input).to_owned())?;
    // `-o -`: the audio is made in a private temporary directory and copied to standard
    // output when it is finished (never a file named `-`).
    let piped = args.output == Path::new("-");
    let scratch = if piped {
        Some(tempfile::tempdir().context("cannot make a temporary directory")?)
    } else {
        None
    };
    let output = match &scratch {
        Some(dir) => dir.path().join("audio"),
        None => args.output.clone(),
    };
    // Every output file is created now, so a path that cannot be written fails before the
    // engine reads a word; the audio is written while the engine reads.
    let audio = [(output.as_path(), args.audio.format_for(&args.output))];
    let (outputs, track) = Outputs::create(&audio, &args.sidecars, engine.sample_rate())?;
    let track = crate::render::render(&script, engine.as_mut(), Pauses::default(), track.samples)
        .with_context(|| {
            format!(
                "{}: cannot read the article aloud",
                display_name(&args.input)
            )
        })?
        .finish()?;
    let mut written = outputs.finish(&track, &podcast::tags(&article), args.audio.loudness)?;
    if piped {
        written.paths.retain(|p| *p != output);
        let mut file = std::fs::File::open(&output).context("cannot read the finished audio")?;
        std::io::copy(&mut file, &mut std::io::stdout().lock())
            .context("cannot write the audio to standard output")?;
        // Standard output holds the audio: the summary goes with the diagnostics.
        let summary = podcast::summary(article.title.as_deref(), engine.name(), &track, &written);
        note!("{}", summary.trim_end());
        return Ok(());
    }
    print_data(&podcast::summary(
        article.title.as_deref(),
        engine.name(),
        &track,
        &written,
    ))
}

/// Refuse, before anything is read, outputs that would destroy an input or each other,
/// and a sidecar sent to standard output (only the audio can go there, with `-o -`).
fn check_paths(args: &RenderArgs) -> Result<()> {
    let sidecars = [&args.sidecars.chapters_json, &args.sidecars.vtt];
    if sidecars
        .iter()
        .any(|s| s.as_deref() == Some(Path::new("-")))
    {
        anyhow::bail!(
            "only the audio can go to standard output (-o -); name a file for the sidecars"
        );
    }
    let mut inputs: Vec<&Path> = args.lexicon.files.iter().map(PathBuf::as_path).collect();
    if args.input != "-" {
        inputs.push(Path::new(&args.input));
    }
    let outputs: Vec<&Path> = std::iter::once(args.output.as_path())
        .filter(|o| *o != Path::new("-"))
        .chain(sidecars.iter().filter_map(|s| s.as_deref()))
        .collect();
    Ok(crate::output::check_distinct(&inputs, &outputs)?)
}

/// The voice loaded, the article read and cleaned, and its script with every hint. Two
/// threads share the work: this one resolves the settings and loads the voice, the other
/// reads and cleans the article and then compiles the speech stages' patterns last pass
/// first, while this one builds the script first pass first.
fn prepare(
    input: &str,
    voice: &VoiceArgs,
    lexicon: &LexiconArgs,
    env: &Environment,
) -> Result<(Box<dyn SpeechEngine>, Article, Script)> {
    std::thread::scope(|scope| {
        let (cleaned, article) = std::sync::mpsc::sync_channel(1);
        scope.spawn(move || {
            let _ = cleaned.send(read_article(input));
            speech::warm_up();
        });
        let settings = Settings::resolve(voice, lexicon, env)?;
        let engine = settings.engine()?;
        let article = article.recv().context("the article could not be read")??;
        let (script, unhinted) = settings.script(&article);
        warn_unhinted(&unhinted);
        Ok((engine, article, script))
    })
}

fn warn_unhinted(unhinted: &[String]) {
    if !unhinted.is_empty() {
        note!(
            "warning: no pronunciation hint for {} (add them to a lexicon): {}",
            unhinted.len(),
            unhinted.join(", ")
        );
    }
}

/// `narrate speak`: read an article through the operating system's speech service.
#[cfg(feature = "system-voice")]
pub(super) fn speak(input: &str, lexicon: &LexiconArgs, env: &Environment) -> Result<()> {
    let settings = Settings::resolve(&VoiceArgs::default(), lexicon, env)?;
    let mut tts = tts::Tts::default().context("cannot reach the system speech service")?;
    let (script, unhinted) = settings.script(&read_article(input)?);
    warn_unhinted(&unhinted);
    for sentence in script.sentences() {
        tts.speak(sentence.respelled(), false)
            .context("system speech failed")?;
    }
    while tts.is_speaking().unwrap_or(false) {
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    Ok(())
}
