//! Stage 5: a finished [`Track`] in, the files podcast players read out: the audio, the
//! Podcasting 2.0 chapters JSON ([`chapters_json`]) and a WebVTT transcript ([`webvtt`]),
//! staged in temporary files and renamed into place together ([`Outputs`]), and the
//! summary a render prints ([`summary`]).

mod sidecars;

use std::path::Path;

use tempfile::NamedTempFile;

pub use self::sidecars::{chapters_json, webvtt};
use crate::audio::pipe::Pipe;
use crate::audio::{wav, SampleRate, Track};
use crate::cli::SidecarArgs;
use crate::output::{self, WriteError};

/// The files one render writes. Each is created (as a temporary file in its directory)
/// before any audio is made, so a path that cannot be written fails at once; they are
/// renamed into place together by [`Outputs::finish`], or removed when dropped.
pub struct Outputs<'a> {
    /// `None` when the audio goes to standard output ([`Outputs::create_piped`]).
    audio: Option<&'a Path>,
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
        Ok((Outputs::sidecars(Some(audio), sidecars)?, stream))
    }

    /// Like [`Outputs::create`] for `-o -`: the audio goes to standard output as a WAV
    /// stream ([`Pipe`]), the sidecars to their files.
    pub fn create_piped(
        sidecars: &'a SidecarArgs,
        rate: SampleRate,
    ) -> Result<(Outputs<'a>, Pipe<std::io::Stdout>), WriteError> {
        let outputs = Outputs::sidecars(None, sidecars)?;
        Ok((outputs, Pipe::new(std::io::stdout(), rate)))
    }

    fn sidecars(audio: Option<&'a Path>, sidecars: &'a SidecarArgs) -> Result<Self, WriteError> {
        let temporary = |path: &'a Option<std::path::PathBuf>| {
            path.as_deref()
                .map(|p| output::temporary(p).map(|file| (p, file)))
                .transpose()
        };
        Ok(Outputs {
            audio,
            chapters_json: temporary(&sidecars.chapters_json)?,
            vtt: temporary(&sidecars.vtt)?,
        })
    }

    /// Finish the audio with `track`'s chapter markers, write the sidecars from its
    /// markers and sentence timings, and move every file into place; the paths written.
    pub fn finish(self, track: &mut Track<wav::Stream>) -> Result<Vec<&'a Path>, WriteError> {
        let audio = self.audio.expect("a file for the audio");
        let staged = vec![(audio, track.samples.finish(&track.markers)?)];
        self.persist(staged, track)
    }

    /// [`Outputs::finish`] for [`Outputs::create_piped`]: flush the stream (a closed pipe
    /// is a `BrokenPipe` error), then write the sidecars.
    pub fn finish_piped<W: std::io::Write>(
        self,
        track: &mut Track<Pipe<W>>,
    ) -> Result<Vec<&'a Path>, WriteError> {
        track.samples.finish().map_err(|source| WriteError {
            path: "<stdout>".into(),
            source,
        })?;
        self.persist(Vec::new(), track)
    }

    /// Write the sidecars after `staged`, and move every file into place.
    fn persist<S>(
        self,
        mut staged: Vec<(&'a Path, NamedTempFile)>,
        track: &Track<S>,
    ) -> Result<Vec<&'a Path>, WriteError> {
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
