//! Stage 5: a finished [`Track`] in, the files podcast players read out: the audio, the
//! Podcasting 2.0 chapters JSON ([`chapters_json`]) and a WebVTT transcript ([`webvtt`]),
//! staged in temporary files and renamed into place together ([`Outputs`]), and the
//! summary a render prints ([`summary`]).

mod sidecars;

use std::path::Path;

use tempfile::NamedTempFile;

pub use self::sidecars::{chapters_json, webvtt};
use crate::audio::{wav, SampleRate, Track};
use crate::cli::SidecarArgs;
use crate::output::{self, WriteError};

/// The files one render writes. Each is created (as a temporary file in its directory)
/// before any audio is made, so a path that cannot be written fails at once; they are
/// renamed into place together by [`Outputs::finish`], or removed when dropped.
pub struct Outputs<'a> {
    audio: &'a Path,
    chapters_json: Option<(&'a Path, NamedTempFile)>,
    vtt: Option<(&'a Path, NamedTempFile)>,
}

impl<'a> Outputs<'a> {
    /// Create the outputs' temporary files; the returned stream takes the audio, at
    /// `rate`, while the engine reads.
    pub fn create(
        audio: &'a Path,
        sidecars: &'a SidecarArgs,
        rate: SampleRate,
    ) -> Result<(Outputs<'a>, wav::Stream), WriteError> {
        let stream = wav::Stream::create(audio, rate)?;
        let temporary = |path: &'a Option<std::path::PathBuf>| {
            path.as_deref()
                .map(|p| output::temporary(p).map(|file| (p, file)))
                .transpose()
        };
        let outputs = Outputs {
            audio,
            chapters_json: temporary(&sidecars.chapters_json)?,
            vtt: temporary(&sidecars.vtt)?,
        };
        Ok((outputs, stream))
    }

    /// Finish the audio with `track`'s chapter markers, write the sidecars from its
    /// markers and sentence timings, and move every file into place; the paths written.
    pub fn finish(self, track: &mut Track<wav::Stream>) -> Result<Vec<&'a Path>, WriteError> {
        let mut staged = vec![(self.audio, track.samples.finish(&track.markers)?)];
        if let Some((path, file)) = self.chapters_json {
            staged.push((
                path,
                output::fill(path, file, chapters_json(track).as_bytes())?,
            ));
        }
        if let Some((path, file)) = self.vtt {
            staged.push((path, output::fill(path, file, webvtt(track).as_bytes())?));
        }
        let paths = staged.iter().map(|(path, _)| *path).collect();
        output::persist_all(staged)?;
        Ok(paths)
    }
}

/// What `narrate render` prints: title, voice, duration, each chapter's start and label,
/// the files written.
pub fn summary<S: crate::audio::SampleSink>(
    title: Option<&str>,
    voice: &str,
    track: &Track<S>,
    files: &[&Path],
) -> String {
    let mut summary = format!(
        "{}\n  voice     {voice}\n  duration  {}\n  chapters  {}\n",
        title.unwrap_or("(untitled)"),
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
    for path in files {
        summary.push_str(&format!("  wrote     {}\n", path.display()));
    }
    summary
}

/// `m:ss` for a duration in seconds.
fn clock(seconds: f64) -> String {
    let s = seconds.round() as u64;
    format!("{}:{:02}", s / 60, s % 60)
}
