//! A batch's finished articles in, one episode out: a spoken intro (show title, date,
//! number of stories), then every article in input order with a pause between stories,
//! brought to the loudness target as one piece: `DIR/NAME.mp3` (or `.wav`),
//! `.chapters.json` and `.vtt`.
//!
//! Chapters: the MP3 (ID3 `CHAP`/`CTOC`) and the WAV cues hold the top-level chapters
//! only, the intro and one per story titled with its headline; the chapters JSON also
//! holds each story's own section chapters, as `"toc": false` entries. The episode is
//! made from the articles' lossless masters, never by reading them again, so shards on
//! several machines and one run on one machine give the same episode.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::batch::{Plan, Record, STATE_DIR, batch_tags, hash_hex, write_json};
use super::{Outputs, webvtt};
use crate::audio::{SentenceSpan, Track};
use crate::cli::SidecarArgs;
use crate::output;
use crate::settings::{Environment, Settings};
use crate::speech::{Chapter, Paragraph, Script, Sentence, sentences};

/// Silence between two stories, in seconds.
const STORY_PAUSE: f32 = 1.5;

/// What a finished episode is, for the feed and for re-runs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EpisodeRecord {
    pub name: String,
    pub key: String,
    pub title: String,
    pub date: String,
    pub audio: String,
    pub stories: Vec<String>,
    pub seconds: f64,
    /// Articles of the plan left out because they failed.
    pub failed: usize,
}

impl EpisodeRecord {
    fn path(dir: &Path, name: &str) -> PathBuf {
        dir.join(STATE_DIR)
            .join("episodes")
            .join(format!("{name}.json"))
    }

    pub fn load(dir: &Path, name: &str) -> Option<EpisodeRecord> {
        let text = std::fs::read_to_string(EpisodeRecord::path(dir, name)).ok()?;
        serde_json::from_str(&text).ok()
    }

    pub fn files(&self) -> Vec<String> {
        vec![
            self.audio.clone(),
            format!("{}.chapters.json", self.name),
            format!("{}.vtt", self.name),
        ]
    }
}

/// How [`assemble`] ended.
pub enum Assembled {
    Made(EpisodeRecord),
    /// Nothing changed since the last run: the files are as they were.
    Reused(EpisodeRecord),
}

impl Assembled {
    pub fn record(&self) -> &EpisodeRecord {
        match self {
            Assembled::Made(r) | Assembled::Reused(r) => r,
        }
    }
}

/// Make (or reuse) episode `name` of the batch in `dir` from every finished article of
/// its plan. Articles that failed are left out; an article with no record at all (a
/// shard that has not run) is an error naming it.
pub fn assemble(dir: &Path, name: &str, env: &Environment) -> anyhow::Result<Assembled> {
    if name.is_empty() || name.contains(['/', '\\']) || name.starts_with('.') {
        anyhow::bail!("episode name `{name}` must be a plain file name");
    }
    let plan = Plan::load(dir)?;
    let mut stories = Vec::new();
    let mut missing = Vec::new();
    let mut failed = 0;
    for identity in &plan.identities {
        match Record::load(dir, identity) {
            Some(record) if record.failed.is_some() => failed += 1,
            Some(record) if record.done.is_some() => stories.push(record),
            _ => missing.push(identity.as_str()),
        }
    }
    if !missing.is_empty() {
        anyhow::bail!(
            "{}: {} of {} articles are not finished yet (run every shard first): {}",
            dir.display(),
            missing.len(),
            plan.identities.len(),
            missing.join(", ")
        );
    }
    if stories.is_empty() {
        anyhow::bail!(
            "{}: no finished article to make an episode of",
            dir.display()
        );
    }
    let date = newest_date(&stories).unwrap_or_else(|| plan.date.clone());
    let intro = intro_text(plan.album.as_deref(), &plan.date, stories.len());
    let mut hasher = format!("{}\n{name}\n{intro}\n", env!("CARGO_PKG_VERSION"));
    for story in &stories {
        hasher.push_str(&story.key);
        hasher.push('\n');
    }
    let key = hash_hex(hasher.as_bytes());
    if let Some(record) = EpisodeRecord::load(dir, name)
        && record.key == key
        && record.files().iter().all(|f| dir.join(f).is_file())
    {
        return Ok(Assembled::Reused(record));
    }

    let settings = Settings::resolve(&plan.voice_args(), &plan.lexicon_args(), env)?;
    let mut engine = settings.engine()?;
    let audio_name = format!("{name}.{}", plan.format().extension());
    let audio_path = dir.join(&audio_name);
    let no_sidecars = SidecarArgs::default();
    let (outputs, mut track) = Outputs::create(
        &[(audio_path.as_path(), plan.format())],
        &no_sidecars,
        engine.sample_rate(),
    )?;
    let intro_title = match &plan.album {
        Some(album) => format!("{album}: {}", spoken_date(&plan.date)),
        None => spoken_date(&plan.date),
    };
    let script = Script {
        chapters: vec![Chapter {
            title: intro_title.clone(),
            paragraphs: vec![Paragraph {
                sentences: sentences::split(&intro)
                    .into_iter()
                    .map(|s| Sentence::new(s, &settings.lexicon, settings.voice.number_style()))
                    .collect(),
            }],
        }],
    };
    track.append(crate::render::render(
        &script,
        engine.as_mut(),
        plan.delivery(),
        Vec::new(),
        &mut |_| {},
    )?);
    let mut top_level = vec![0];
    for story in &stories {
        let done = story.done.as_ref().expect("finished stories have results");
        if done.rate != track.rate.0 {
            anyhow::bail!(
                "{}: read at {} Hz, the episode's voice reads at {} Hz; run the batch again",
                story.identity,
                done.rate,
                track.rate.0
            );
        }
        track.pause(STORY_PAUSE);
        let offset = track.len;
        top_level.push(track.markers.len());
        track.append_wav(&dir.join(&story.master))?;
        track.sentences.extend(
            done.sentences
                .iter()
                .map(|(start, end, text)| SentenceSpan {
                    start: start + offset,
                    end: end + offset,
                    text: text.clone(),
                    words: Vec::new(),
                }),
        );
    }
    let mut track = track.finish()?;
    let chapters = chapters_with_toc(&track, &top_level);
    let vtt = webvtt(&track);
    track.markers = top_level
        .iter()
        .filter_map(|&i| track.markers.get(i).cloned())
        .collect();
    let title = match &plan.album {
        Some(album) => format!("{album}, {}", spoken_date(&plan.date)),
        None => format!("News, {}", spoken_date(&plan.date)),
    };
    let tags = batch_tags(&title, plan.album.as_deref(), &date);
    outputs.finish(&track, &tags, plan.loudness())?;
    let chapters_path = dir.join(format!("{name}.chapters.json"));
    let vtt_path = dir.join(format!("{name}.vtt"));
    output::write_all(&[
        (chapters_path.as_path(), chapters.as_bytes()),
        (vtt_path.as_path(), vtt.as_bytes()),
    ])?;
    let record = EpisodeRecord {
        name: name.to_owned(),
        key,
        title,
        date,
        audio: audio_name,
        stories: stories.iter().map(|s| s.title.clone()).collect(),
        seconds: track.duration_seconds(),
        failed,
    };
    write_json(&EpisodeRecord::path(dir, name), &record)?;
    Ok(Assembled::Made(record))
}

/// Podcasting 2.0 chapters of the whole episode: the top-level ones in the table of
/// contents, each story's section chapters with `"toc": false`.
fn chapters_with_toc<S>(track: &Track<S>, top_level: &[usize]) -> String {
    let chapters: Vec<serde_json::Value> = track
        .markers
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let mut entry = serde_json::json!({
                "startTime": (track.rate.seconds(m.sample) * 1000.0).round() / 1000.0,
                "title": m.label,
            });
            if !top_level.contains(&i) {
                entry["toc"] = serde_json::Value::Bool(false);
            }
            entry
        })
        .collect();
    let json = serde_json::json!({ "version": "1.2.0", "chapters": chapters });
    serde_json::to_string_pretty(&json).unwrap_or_default() + "\n"
}

/// What the intro says: "Morning news for Saturday, November 30. 12 stories."
pub fn intro_text(album: Option<&str>, date: &str, stories: usize) -> String {
    let show = album.unwrap_or("The news");
    let count = if stories == 1 {
        "One story.".to_owned()
    } else {
        format!("{stories} stories.")
    };
    format!("{show} for {}. {count}", spoken_date(date))
}

/// `Saturday, November 30` for `2024-11-30`; the text itself when it is not a date.
pub fn spoken_date(date: &str) -> String {
    chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d")
        .map(|d| d.format("%A, %B %-d").to_string())
        .unwrap_or_else(|_| date.to_owned())
}

fn newest_date(stories: &[Record]) -> Option<String> {
    stories
        .iter()
        .filter_map(|s| s.published.clone())
        .filter(|d| super::batch::is_date(d))
        .max()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_intro_names_the_show_the_day_and_the_number_of_stories() {
        assert_eq!(
            intro_text(Some("Morning news"), "2024-11-30", 12),
            "Morning news for Saturday, November 30. 12 stories."
        );
        assert_eq!(
            intro_text(None, "2026-12-01", 1),
            "The news for Tuesday, December 1. One story."
        );
    }
}
