//! `narrate render`: an article in, audio and its sidecars out, a summary printed.

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
    let (mut engine, article, script) = prepare(&args.input, &args.voice, &args.lexicon, env)?;
    // Every output file is created now, so a path that cannot be written fails before the
    // engine reads a word; the audio is written while the engine reads.
    let audio = [(args.output.as_path(), args.audio.format_for(&args.output))];
    let (outputs, track) = Outputs::create(&audio, &args.sidecars, engine.sample_rate())?;
    let track = crate::render::render(&script, engine.as_mut(), Pauses::default(), track.samples)
        .with_context(|| {
            format!(
                "{}: cannot read the article aloud",
                display_name(&args.input)
            )
        })?
        .finish()?;
    let written = outputs.finish(&track, &podcast::tags(&article), args.audio.loudness)?;
    print_data(&podcast::summary(
        article.title.as_deref(),
        engine.name(),
        &track,
        &written,
    ))
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
        eprintln!(
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
