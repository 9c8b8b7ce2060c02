//! `narrate render`: an article in, audio and its sidecars out, a summary printed.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};

use super::print_data;
use crate::article::Article;
use crate::audio::Pauses;
use crate::cli::RenderArgs;
#[cfg(feature = "system-voice")]
use crate::cli::{LexiconArgs, VoiceArgs};
use crate::engine::{DEFAULT_RATE_WPM, SpeechEngine};
use crate::input::{display_name, read_article};
use crate::podcast::{self, Outputs};
use crate::render::{Delivery, Progress};
use crate::settings::{Environment, LanguageChoice, Settings, Verbosity};
use crate::speech::{self, Script};

pub(super) fn render(args: &RenderArgs, env: &Environment) -> Result<()> {
    let started = Instant::now();
    crate::interrupt::install().context("cannot catch Ctrl-C")?;
    let (mut engine, article, script, settings) = prepare(args, env)?;
    let requested = output_path(args, &settings);
    check_paths(args, &requested)?;
    crate::interrupt::check()?;
    // `-o -`: the audio goes to standard output (never a file named `-`), the summary
    // to stderr; see `audio::export::Target::create`.
    let piped = requested == Path::new(crate::audio::export::STDOUT);
    let delivery = Delivery {
        rate_wpm: args
            .rate
            .or(settings.config.rate)
            .unwrap_or(DEFAULT_RATE_WPM),
        pitch: args.pitch.unwrap_or(50),
        pauses: Pauses {
            sentence: args
                .sentence_pause
                .map_or(Pauses::default().sentence, |ms| ms as f32 / 1000.0),
            ..Pauses::default()
        },
    };
    env.detail(&format!(
        "{} at {} words a minute, pitch {}, {} ms between sentences",
        engine.name(),
        delivery.rate_wpm,
        delivery.pitch,
        (delivery.pauses.sentence * 1000.0).round()
    ));
    // Every output file is created now, so a path that cannot be written fails before the
    // engine reads a word; the audio is written while the engine reads.
    crate::render::check_length(&script, engine.sample_rate(), delivery)
        .with_context(|| display_name(&args.input).to_owned())?;
    let format = args.audio.format_or(&requested, settings.config.format);
    let audio = [(requested.as_path(), format)];
    let (outputs, track) = Outputs::create(&audio, &args.sidecars, engine.sample_rate())?;
    let mut line = ProgressLine::new(env);
    let track = crate::render::render(
        &script,
        engine.as_mut(),
        delivery,
        track.samples,
        &mut |p| line.show(p),
    )
    .with_context(|| {
        format!(
            "{}: cannot read the article aloud",
            display_name(&args.input)
        )
    })?
    .finish()?;
    line.clear();
    let written = outputs.finish(&track, &podcast::tags(&article), args.audio.loudness)?;
    env.detail(&format!(
        "rendered in {:.2} s",
        started.elapsed().as_secs_f64()
    ));
    if piped {
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

/// Refuse, before anything is written, outputs that would destroy an input or each other,
/// and a sidecar sent to standard output (only the audio can go there, with `-o -`).
fn check_paths(args: &RenderArgs, output: &Path) -> Result<()> {
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
    let outputs: Vec<&Path> = std::iter::once(output)
        .filter(|o| *o != Path::new("-"))
        .chain(sidecars.iter().filter_map(|s| s.as_deref()))
        .collect();
    Ok(crate::output::check_distinct(&inputs, &outputs)?)
}

/// `-o`, else the input's name with `.wav` (`.mp3` with `--format mp3` or the config's
/// `format = "mp3"`) in the config's
/// `out_dir` (or here); standard input is `narration.wav`.
fn output_path(args: &RenderArgs, settings: &Settings) -> PathBuf {
    if let Some(path) = &args.output {
        return path.clone();
    }
    let stem = Path::new(&args.input)
        .file_stem()
        .filter(|_| args.input != "-")
        .map_or_else(|| "narration".into(), |s| s.to_string_lossy().into_owned());
    let extension = match args.audio.format.or(settings.config.format) {
        Some(crate::cli::AudioFormat::Mp3) => "mp3",
        _ => "wav",
    };
    let dir = settings.config.out_dir.clone().unwrap_or_default();
    dir.join(format!("{stem}.{extension}"))
}

/// A one-line progress report on a terminal's stderr, shown once a render has taken
/// [`PROGRESS_AFTER`] and redrawn at most a few times a second.
struct ProgressLine {
    started: Instant,
    last: Option<Instant>,
    enabled: bool,
}

/// Renders quicker than this show no progress.
const PROGRESS_AFTER: Duration = Duration::from_secs(2);

impl ProgressLine {
    fn new(env: &Environment) -> Self {
        ProgressLine {
            started: Instant::now(),
            last: None,
            enabled: env.verbosity >= Verbosity::Normal && std::io::stderr().is_terminal(),
        }
    }

    fn show(&mut self, p: Progress) {
        let now = Instant::now();
        let due = self
            .last
            .is_none_or(|last| now - last >= Duration::from_millis(250));
        if !self.enabled || now - self.started < PROGRESS_AFTER || !due {
            return;
        }
        self.last = Some(now);
        let seconds = p.seconds.round() as u64;
        eprint!(
            "\rreading: sentence {}/{}, {}:{:02} of audio ",
            p.sentences_done,
            p.sentences,
            seconds / 60,
            seconds % 60
        );
    }

    fn clear(&self) {
        if self.last.is_some() {
            eprint!("\r{:60}\r", "");
        }
    }
}

/// The voice loaded, the article read and cleaned, and its script with every hint. Two
/// threads share the work: this one resolves the settings and loads the voice, the other
/// reads and cleans the article and then compiles the speech stages' patterns last pass
/// first, while this one builds the script first pass first. When the article's language
/// calls for another voice, that one is loaded instead.
fn prepare(
    args: &RenderArgs,
    env: &Environment,
) -> Result<(Box<dyn SpeechEngine>, Article, Script, Settings)> {
    let input = args.input.as_str();
    std::thread::scope(|scope| {
        let (cleaned, article) = std::sync::mpsc::sync_channel(1);
        scope.spawn(move || {
            let _ = cleaned.send(read_article(input));
            speech::warm_up();
        });
        let mut settings = Settings::resolve(&args.voice, &args.lexicon, env)?;
        let mut engine = settings.engine()?;
        let article = article.recv().context("the article could not be read")??;
        let choice = settings.fit_language(&article, args.strict_language)?;
        match &choice {
            LanguageChoice::Kept => {}
            LanguageChoice::Switched { language, voice } => {
                env.note(&format!(
                    "the article is in {language}: reading it with the eSpeak NG voice `{voice}` \
                     (--voice picks another; names, numbers and sentence rules are English-only)"
                ));
                drop(engine); // eSpeak NG holds one voice per process
                engine = settings.engine()?;
            }
            LanguageChoice::Mismatch { language } => env.warn(&format!(
                "the article seems to be in {language}, which voice `{}` does not speak; \
                 reading it anyway (--strict-language stops instead)",
                settings.voice_name
            )),
        }
        let (script, unhinted) = settings.script(&article);
        if choice == LanguageChoice::Kept {
            warn_unhinted(env, &unhinted); // the name finder knows English names only
        }
        Ok((engine, article, script, settings))
    })
}

fn warn_unhinted(env: &Environment, unhinted: &[String]) {
    if !unhinted.is_empty() {
        env.warn(&format!(
            "no pronunciation hint for {} (add them to a lexicon): {}",
            unhinted.len(),
            unhinted.join(", ")
        ));
    }
}

/// `narrate speak`: read an article through the operating system's speech service.
#[cfg(feature = "system-voice")]
pub(super) fn speak(input: &str, lexicon: &LexiconArgs, env: &Environment) -> Result<()> {
    let settings = Settings::resolve(&VoiceArgs::default(), lexicon, env)?;
    let mut tts = tts::Tts::default().context("cannot reach the system speech service")?;
    let (script, unhinted) = settings.script(&read_article(input)?);
    warn_unhinted(env, &unhinted);
    for sentence in script.sentences() {
        tts.speak(sentence.respelled(), false)
            .context("system speech failed")?;
    }
    while tts.is_speaking().unwrap_or(false) {
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    Ok(())
}
