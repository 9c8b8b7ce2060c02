//! `narrate batch` and `narrate episode`: a day's news in, per-article files, an episode
//! and a feed out, with a progress bar on a terminal and a summary at the end.

use std::io::IsTerminal;
use std::path::Path;
use std::time::Instant;

use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::print_data;
use crate::cli::{AudioFormat, BatchArgs, EpisodeArgs, FeedArgs};
use crate::podcast::batch::{BatchRun, Outcome, Plan, Record};
use crate::podcast::episode::{self, Assembled, EpisodeRecord};
use crate::podcast::feed::{self, Channel, Item};
use crate::podcast::sources;
use crate::schedule::default_jobs;
use crate::settings::Environment;

pub(super) fn batch(args: &BatchArgs, env: &Environment) -> Result<()> {
    let started = Instant::now();
    let dir = &args.out_dir;
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let program = env
        .program
        .clone()
        .context("cannot find the narrate executable to read articles with")?;
    let sources = sources::expand(&args.inputs);
    let config = crate::config::UserConfig::load()?;
    let format = match args.audio.format.or(config.format) {
        Some(AudioFormat::Wav) => "wav",
        Some(AudioFormat::Mp3) | None => "mp3",
    };
    let plan = Plan {
        voice: args.voice.voice.clone(),
        lexicons: args.lexicon.files.clone(),
        format: format.to_owned(),
        kbps: args.audio.bitrate,
        loudness: match args.audio.loudness {
            crate::audio::Loudness::Target(lufs) => Some(lufs),
            crate::audio::Loudness::Off => None,
        },
        album: args.feed.feed_title.clone(),
        rate_wpm: config.rate,
        date: args
            .date
            .clone()
            .unwrap_or_else(|| chrono::Utc::now().format("%Y-%m-%d").to_string()),
        identities: sources.iter().map(|s| s.identity.clone()).collect(),
    };
    // Settings are checked once here, so a bad voice name fails before any work.
    crate::settings::Settings::resolve(&plan.voice_args(), &plan.lexicon_args(), env)?;
    let run = BatchRun {
        dir,
        plan,
        sources,
        jobs: args.jobs.unwrap_or_else(default_jobs).max(1),
        force: args.force,
        shard: args.shard,
        program,
    };
    let total = run
        .sources
        .iter()
        .filter(|s| args.shard.is_none_or(|shard| shard.takes(&s.identity)))
        .count();
    let bar = progress_bar(total as u64, args.feed.quiet);
    let audio_seconds = std::sync::Mutex::new(0.0f64);
    let outcomes = run.run(&|outcome| {
        match outcome {
            Outcome::Failed { identity, reason } => {
                bar.suspend(|| note!("narrate: {identity}: {reason}"));
            }
            Outcome::Rendered(r) | Outcome::Reused(r) => {
                let mut seconds = audio_seconds.lock().unwrap_or_else(|e| e.into_inner());
                *seconds += r.done.as_ref().map_or(0.0, |d| d.seconds());
                bar.set_message(format!("{:.1} min of audio", *seconds / 60.0));
            }
        }
        bar.inc(1);
    })?;
    bar.finish_and_clear();

    let count = |f: fn(&Outcome) -> bool| outcomes.iter().filter(|o| f(o)).count();
    let rendered = count(|o| matches!(o, Outcome::Rendered(_)));
    let reused = count(|o| matches!(o, Outcome::Reused(_)));
    let failed = count(|o| matches!(o, Outcome::Failed { .. }));
    let seconds: f64 = outcomes
        .iter()
        .filter_map(|o| match o {
            Outcome::Rendered(r) | Outcome::Reused(r) => r.done.as_ref().map(|d| d.seconds()),
            Outcome::Failed { .. } => None,
        })
        .sum();
    let mut summary = String::new();
    if let Some(shard) = args.shard {
        summary.push_str(&format!("shard {}/{}\n", shard.index, shard.count));
    }
    let wall = started.elapsed().as_secs_f64();
    summary.push_str(&format!(
        "articles  {} ({rendered} rendered, {reused} reused, {failed} failed)\naudio     {}\nwall      {wall:.1} s ({:.1}x real time)\n",
        outcomes.len(),
        clock(seconds),
        if wall > 0.0 { seconds / wall } else { 0.0 },
    ));
    let finished: Vec<Record> = outcomes
        .into_iter()
        .filter_map(|o| match o {
            Outcome::Rendered(r) | Outcome::Reused(r) => Some(r),
            Outcome::Failed { .. } => None,
        })
        .collect();
    if args.shard.is_none() {
        summary.push_str(&episode_and_feed(dir, &args.feed, &finished, env)?);
    } else if args.feed.episode.is_some() || args.feed.feed.is_some() {
        summary.push_str("episode   made by `narrate episode` once every shard has run\n");
    }
    print_data(&summary)?;
    if failed > 0 {
        anyhow::bail!("{failed} of {} articles failed", failed + finished.len());
    }
    Ok(())
}

pub(super) fn episode(args: &EpisodeArgs, env: &Environment) -> Result<()> {
    if args.feed.episode.is_none() && args.feed.feed.is_none() {
        return Err(crate::settings::SettingsError::Usage(
            "`narrate episode` needs --episode NAME or --feed FILE".into(),
        )
        .into());
    }
    let plan = Plan::load(&args.dir)?;
    let finished: Vec<Record> = plan
        .identities
        .iter()
        .filter_map(|id| Record::load(&args.dir, id))
        .filter(|r| r.failed.is_none() && r.done.is_some())
        .collect();
    print_data(&episode_and_feed(&args.dir, &args.feed, &finished, env)?)
}

/// Make the episode and update the feed as `feed` asks; the summary lines.
fn episode_and_feed(
    dir: &Path,
    feed: &FeedArgs,
    finished: &[Record],
    env: &Environment,
) -> Result<String> {
    let mut summary = String::new();
    let mut items = Vec::new();
    if let Some(name) = &feed.episode {
        let assembled = episode::assemble(dir, name, env)?;
        let record = assembled.record();
        summary.push_str(&format!(
            "episode   {} ({}, {} stories{}) {}\n",
            dir.join(&record.audio).display(),
            clock(record.seconds),
            record.stories.len(),
            if record.failed > 0 {
                format!(", {} left out", record.failed)
            } else {
                String::new()
            },
            if matches!(assembled, Assembled::Reused(_)) {
                "unchanged"
            } else {
                "written"
            }
        ));
        items.push(episode_item(dir, record)?);
    } else {
        for record in finished {
            items.push(article_item(dir, record)?);
        }
    }
    if let (Some(path), Some(base_url)) = (&feed.feed, &feed.base_url) {
        let title = feed
            .feed_title
            .clone()
            .unwrap_or_else(|| "narrate".to_owned());
        let channel = Channel {
            description: format!("{title}, read by narrate"),
            title,
            base_url: base_url.clone(),
            language: "en".to_owned(),
            image: feed.feed_image.clone(),
        };
        let added = feed::update(path, &channel, &items, feed.feed_keep)?;
        summary.push_str(&format!(
            "feed      {} ({added} new item{})\n",
            path.display(),
            if added == 1 { "" } else { "s" }
        ));
    }
    Ok(summary)
}

fn episode_item(dir: &Path, record: &EpisodeRecord) -> Result<Item> {
    Ok(Item {
        title: record.title.clone(),
        description: record.stories.join(" · "),
        date: record.date.clone(),
        guid: record.key[..32].to_owned(),
        audio_bytes: file_size(&dir.join(&record.audio))?,
        audio_type: audio_type(&record.audio),
        audio: record.audio.clone(),
        seconds: record.seconds,
        chapters: format!("{}.chapters.json", record.name),
        transcript: format!("{}.vtt", record.name),
    })
}

fn article_item(dir: &Path, record: &Record) -> Result<Item> {
    Ok(Item {
        title: record.title.clone(),
        description: record.summary.clone(),
        date: record.published.clone().unwrap_or_default(),
        guid: record.key[..32].to_owned(),
        audio_bytes: file_size(&dir.join(&record.audio))?,
        audio_type: audio_type(&record.audio),
        audio: record.audio.clone(),
        seconds: record.done.as_ref().map_or(0.0, |d| d.seconds()),
        chapters: format!("{}.chapters.json", record.name),
        transcript: format!("{}.vtt", record.name),
    })
}

fn file_size(path: &Path) -> Result<u64> {
    Ok(std::fs::metadata(path)
        .with_context(|| format!("cannot read {}", path.display()))?
        .len())
}

fn audio_type(file: &str) -> &'static str {
    if file.ends_with(".wav") {
        "audio/wav"
    } else {
        "audio/mpeg"
    }
}

/// A bar on stderr when it is a terminal (and not `--quiet`): articles done of all,
/// minutes of audio made, time left.
fn progress_bar(total: u64, quiet: bool) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
    if let Ok(style) =
        ProgressStyle::with_template("{bar:30} {pos}/{len} articles, {msg}, {eta} left")
    {
        bar.set_style(style);
    }
    bar
}

/// `m:ss` (or `h:mm:ss`).
fn clock(seconds: f64) -> String {
    let s = seconds.round() as u64;
    if s >= 3600 {
        format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
    } else {
        format!("{}:{:02}", s / 60, s % 60)
    }
}
