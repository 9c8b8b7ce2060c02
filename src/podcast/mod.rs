//! Stage 5: a finished [`Track`] in, the files podcast players read out: the audio, the
//! Podcasting 2.0 chapters JSON ([`chapters_json`]) and a WebVTT transcript ([`webvtt`]),
//! staged in temporary files and renamed into place together ([`Outputs`]), and the
//! summary a render prints ([`summary`]).

pub mod batch;
pub mod episode;
pub mod feed;
pub mod fetch;
mod sidecars;
pub mod sources;

use std::path::Path;

use tempfile::NamedTempFile;

pub use self::sidecars::{chapters_json, webvtt};
use crate::article::Article;
use crate::audio::export::ExportError;
use crate::audio::record::{Recorder, Recording};
use crate::audio::{Exported, Format, Loudness, SampleRate, Tags, Target, Track};
use crate::cli::SidecarArgs;
use crate::output::{self, WriteError};

/// The files one render writes. Each is created (as a temporary file in its directory)
/// before any audio is made, so a path that cannot be written fails at once; they are
/// written and renamed into place together by [`Outputs::finish`], or removed when
/// dropped.
pub struct Outputs<'a> {
    audio: Vec<Target>,
    chapters_json: Option<(&'a Path, NamedTempFile)>,
    vtt: Option<(&'a Path, NamedTempFile)>,
}

/// What [`Outputs::finish`] wrote: the paths, and the audio's loudness.
pub struct Written {
    pub paths: Vec<std::path::PathBuf>,
    pub audio: Exported,
}

impl<'a> Outputs<'a> {
    /// Create the outputs' temporary files: every `(path, format)` in `audio` (an MP3
    /// and its WAV master, say) and the sidecars. The returned track takes the audio, at
    /// `rate`, while the engine reads ([`crate::render::render`] fills it).
    pub fn create(
        audio: &[(&Path, Format)],
        sidecars: &'a SidecarArgs,
        rate: SampleRate,
    ) -> Result<(Outputs<'a>, Track<Recorder>), WriteError> {
        let targets = audio
            .iter()
            .map(|&(path, format)| Target::create(path, format))
            .collect::<Result<Vec<_>, _>>()?;
        let first = audio.first().map_or(Path::new("."), |(path, _)| path);
        // Audio for standard output is recorded in the temporary folder.
        let scratch;
        let first = if first == Path::new(crate::audio::export::STDOUT) {
            scratch = std::env::temp_dir().join("narrate-recording");
            scratch.as_path()
        } else {
            first
        };
        let track = Track::recorded(first, rate)?;
        let temporary = |path: &'a Option<std::path::PathBuf>| {
            path.as_deref()
                .map(|p| output::temporary(p).map(|file| (p, file)))
                .transpose()
        };
        let outputs = Outputs {
            audio: targets,
            chapters_json: temporary(&sidecars.chapters_json)?,
            vtt: temporary(&sidecars.vtt)?,
        };
        Ok((outputs, track))
    }

    /// Write the audio of `track` (brought to `loudness`, tagged with `tags`, one chapter
    /// per marker) into every audio output, the sidecars from its markers and sentence
    /// timings, and move every file into place.
    pub fn finish(
        self,
        track: &Track<Recording>,
        tags: &Tags,
        loudness: Loudness,
    ) -> Result<Written, ExportError> {
        let mut audio = track.export(tags, loudness, self.audio)?;
        let mut staged = std::mem::take(&mut audio.files);
        if let Some((path, file)) = self.chapters_json {
            let json = chapters_json(track);
            staged.push((path.to_owned(), output::fill(path, file, json.as_bytes())?));
        }
        if let Some((path, file)) = self.vtt {
            let vtt = webvtt(track);
            staged.push((path.to_owned(), output::fill(path, file, vtt.as_bytes())?));
        }
        let paths: Vec<std::path::PathBuf> = staged.iter().map(|(p, _)| p.clone()).collect();
        output::persist_all(staged)?;
        Ok(Written { paths, audio })
    }
}

/// What an article's audio says about it: headline, byline, date (no album: a batch or
/// an episode sets that).
pub fn tags(article: &Article) -> Tags {
    Tags {
        title: article.title.clone(),
        artist: article.byline.clone(),
        album: None,
        date: article.published.clone(),
    }
}

/// What `narrate render` prints: title (else the first chapter's label), voice, duration, loudness, each chapter's start
/// and label, the files written.
pub fn summary<S>(title: Option<&str>, voice: &str, track: &Track<S>, written: &Written) -> String {
    let mut summary = format!(
        "{}\n  voice     {voice}\n  duration  {}\n  loudness  {}\n  chapters  {}\n",
        title
            .or(track.markers.first().map(|m| m.label.as_str()))
            .unwrap_or_default(),
        clock(track.duration_seconds()),
        loudness(&written.audio),
        track.markers.len(),
    );
    for marker in &track.markers {
        // A heading can be any length; the summary shows the start of it.
        let mut label: String = marker.label.chars().take(80).collect();
        if label.len() < marker.label.len() {
            label.push('…');
        }
        summary.push_str(&format!(
            "    {}  {}\n",
            clock(track.rate.seconds(marker.sample)),
            label
        ));
    }
    for path in &written.paths {
        summary.push_str(&format!("  wrote     {}\n", path.display()));
    }
    summary
}

/// The loudness of what was written and how it got there.
fn loudness(exported: &Exported) -> String {
    let lufs = |m: Option<f64>| m.map_or("silent".to_owned(), |l| format!("{l:.1} LUFS"));
    let mut line = format!(
        "{}, true peak {:.1} dBTP",
        lufs(exported.result.integrated),
        exported.result.peak
    );
    let adjustment = exported.adjustment;
    if adjustment.gain_db != 0.0 || adjustment.limit {
        line.push_str(&format!(
            " (recorded at {}, gain {:+.1} dB{})",
            lufs(exported.measured.integrated),
            adjustment.gain_db,
            if adjustment.limit {
                ", peaks limited"
            } else {
                ""
            }
        ));
    }
    line
}

/// `m:ss` for a duration in seconds.
fn clock(seconds: f64) -> String {
    let s = seconds.round() as u64;
    format!("{}:{:02}", s / 60, s % 60)
}
