//! Stage 4 (second pass): a recorded track (a [`Recording`] with markers) in, the final
//! audio files out: WAV and/or MP3, brought to the loudness target on the way.
//!
//! One pass over the recording applies the gain that takes its measured loudness to the
//! target, runs the true-peak limiter when the gain would push peaks past the ceiling, and
//! feeds every [`Target`] at once, so a caller can make an MP3 and a WAV master from one
//! render. The loudness of what was written is measured on the way too ([`Exported`]).

use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;

use super::id3::{self, Tags};
use super::loudness::{
    Adjustment, LIMIT_DBTP, Limiter, Loudness, MP3_LIMIT_DBTP, Measurement, Meter,
};
use super::record::Recording;
use super::{Marker, Track, mp3, wav};
use crate::output::{self, WriteError};

/// An audio file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// 16-bit PCM with `cue `/`LIST` chapter chunks.
    Wav,
    /// Constant bit rate MP3 (kbit/s) with ID3v2.3 tags and chapters.
    Mp3 { kbps: u32 },
}

impl Format {
    /// Bit rate of MP3 output unless asked otherwise: 64 kbit/s mono, plenty for speech.
    pub const DEFAULT_KBPS: u32 = 64;

    /// The format a file name asks for: `.mp3` or `.wav` (any case).
    pub fn from_path(path: &Path) -> Option<Format> {
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        match extension.as_str() {
            "wav" => Some(Format::Wav),
            "mp3" => Some(Format::Mp3 {
                kbps: Format::DEFAULT_KBPS,
            }),
            _ => None,
        }
    }

    /// The usual file extension.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Wav => "wav",
            Format::Mp3 { .. } => "mp3",
        }
    }
}

/// Why the final audio could not be made.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Write(#[from] WriteError),
    #[error("cannot write {}", path.display())]
    Wav {
        path: PathBuf,
        source: wav::WavError,
    },
    #[error("cannot write {}", path.display())]
    Mp3 {
        path: PathBuf,
        source: mp3::Mp3Error,
    },
    #[error("cannot write {}: the ID3 tag failed", path.display())]
    Tag { path: PathBuf, source: ::id3::Error },
}

/// One file to make: its path, format, and the temporary file it is written to first
/// (`None`: standard output, for the path `-`).
pub struct Target {
    pub path: PathBuf,
    pub format: Format,
    file: Option<NamedTempFile>,
}

impl Target {
    /// A file that is to become `path`; the temporary file is created now, so a path that
    /// cannot be written fails before any audio is made. `-` is standard output: a WAV
    /// goes out front to back as the last pass makes it ([`wav::Stream`]); an MP3, whose
    /// LAME Info frame is written over its first frame at the end, goes into an unnamed
    /// temporary file first and is copied out when finished.
    pub fn create(path: &Path, format: Format) -> Result<Target, WriteError> {
        let file = if path == STDOUT {
            None
        } else {
            Some(output::temporary(path)?)
        };
        Ok(Target {
            path: path.to_owned(),
            format,
            file,
        })
    }
}

/// The output path that means standard output.
pub const STDOUT: &str = "-";

/// The files written (still temporary: [`output::persist_all`] moves them into place,
/// together with any sidecars) and the loudness before and after.
pub struct Exported {
    pub files: Vec<(PathBuf, NamedTempFile)>,
    /// The recording as measured in the first pass.
    pub measured: Measurement,
    pub adjustment: Adjustment,
    /// What was written, before MP3 encoding (integrated loudness and true peak).
    pub result: Measurement,
}

impl Track<Recording> {
    /// Make the final files of this track in one pass: every target gets the same audio,
    /// brought to `loudness`; MP3s get `tags` and one chapter per marker, WAVs the markers
    /// as cue points. See [`export`].
    pub fn export(
        &self,
        tags: &Tags,
        loudness: Loudness,
        targets: Vec<Target>,
    ) -> Result<Exported, ExportError> {
        export(&self.samples, &self.markers, tags, loudness, targets)
    }
}

/// An open output of [`export`].
enum Encoder {
    Wav(wav::Writer),
    /// A WAV on standard output.
    WavOut(wav::Stream<std::io::BufWriter<std::io::Stdout>>),
    /// An MP3, and the same file to copy to standard output when it is finished.
    Mp3(mp3::Writer, Option<std::fs::File>),
}

/// Make the final files from `recording` in one pass: the gain to `loudness` (with the
/// true-peak limiter when needed), then every target. `markers` are the chapters: cue
/// points in a WAV, `CHAP` frames (ending where the next begins) in an MP3.
pub fn export(
    recording: &Recording,
    markers: &[Marker],
    tags: &Tags,
    loudness: Loudness,
    targets: Vec<Target>,
) -> Result<Exported, ExportError> {
    let rate = recording.rate;
    let chapters = id3::chapter_times(markers, rate, recording.len);
    let mut encoders = Vec::with_capacity(targets.len());
    for target in &targets {
        let open_error = |source| WriteError {
            path: target.path.clone(),
            source,
        };
        // The temporary file, or for standard output an unnamed one (MP3 only).
        let open = || {
            match &target.file {
                Some(file) => file.reopen(),
                None => tempfile::tempfile(),
            }
            .map_err(open_error)
        };
        let encoder = match target.format {
            Format::Wav if target.file.is_none() => {
                let out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout());
                Encoder::WavOut(wav::Stream::new(out, rate, recording.len, markers).map_err(
                    |source| ExportError::Wav {
                        path: target.path.clone(),
                        source,
                    },
                )?)
            }
            Format::Wav => Encoder::Wav(wav::Writer::new(open()?, rate).map_err(|source| {
                ExportError::Wav {
                    path: target.path.clone(),
                    source,
                }
            })?),
            Format::Mp3 { kbps } => {
                let tag = id3::tag_bytes(tags, &chapters).map_err(|source| ExportError::Tag {
                    path: target.path.clone(),
                    source,
                })?;
                let file = open()?;
                let copy = match target.file {
                    Some(_) => None,
                    None => Some(file.try_clone().map_err(open_error)?),
                };
                Encoder::Mp3(
                    mp3::Writer::new(file, rate.0, kbps, &tag).map_err(|source| {
                        ExportError::Mp3 {
                            path: target.path.clone(),
                            source,
                        }
                    })?,
                    copy,
                )
            }
        };
        encoders.push(encoder);
    }

    let read_error = |source| {
        let path = targets
            .first()
            .map_or_else(PathBuf::new, |t| t.path.clone());
        ExportError::Write(WriteError { path, source })
    };
    // One set of samples feeds every target: held lower when one of them is an MP3.
    let any_mp3 = targets
        .iter()
        .any(|t| matches!(t.format, Format::Mp3 { .. }));
    let ceiling_db = if any_mp3 { MP3_LIMIT_DBTP } else { LIMIT_DBTP };
    let adjustment = calibrate(recording, loudness, ceiling_db).map_err(read_error)?;
    let mut meter = Meter::new(rate.0);
    adjust(recording, adjustment, |samples| {
        meter.add(samples);
        for (encoder, target) in encoders.iter_mut().zip(&targets) {
            match encoder {
                Encoder::Wav(w) => w.write(samples).map_err(|source| ExportError::Wav {
                    path: target.path.clone(),
                    source,
                })?,
                Encoder::WavOut(w) => w.write(samples).map_err(|source| ExportError::Wav {
                    path: target.path.clone(),
                    source,
                })?,
                Encoder::Mp3(m, _) => m.write(samples).map_err(|source| ExportError::Mp3 {
                    path: target.path.clone(),
                    source,
                })?,
            }
        }
        Ok(())
    })
    .map_err(|e| e.into_export(read_error))?;
    let result = meter.measurement();

    let mut files = Vec::with_capacity(targets.len());
    for (encoder, target) in encoders.into_iter().zip(targets) {
        let path = target.path;
        match encoder {
            Encoder::Wav(w) => w.finish(markers).map_err(|source| ExportError::Wav {
                path: path.clone(),
                source,
            })?,
            Encoder::WavOut(w) => {
                w.finish().map_err(|source| ExportError::Wav {
                    path: path.clone(),
                    source,
                })?;
            }
            Encoder::Mp3(m, copy) => {
                m.finish().map_err(|source| ExportError::Mp3 {
                    path: path.clone(),
                    source,
                })?;
                if let Some(file) = copy {
                    copy_to_stdout(file).map_err(|source| WriteError {
                        path: path.clone(),
                        source,
                    })?;
                }
            }
        }
        if let Some(file) = target.file {
            files.push((path, file));
        }
    }
    Ok(Exported {
        files,
        measured: recording.loudness,
        adjustment,
        result,
    })
}

/// A finished file (at any position) copied to standard output from its start.
fn copy_to_stdout(mut file: std::fs::File) -> std::io::Result<()> {
    use std::io::{Seek, Write};
    file.seek(std::io::SeekFrom::Start(0))?;
    let mut out = std::io::stdout().lock();
    std::io::copy(&mut file, &mut out)?;
    out.flush()
}

/// An error while adjusting: reading the recording, or what the caller did with the audio.
enum PassError<E> {
    Read(std::io::Error),
    Feed(E),
}

impl PassError<ExportError> {
    fn into_export(self, read: impl Fn(std::io::Error) -> ExportError) -> ExportError {
        match self {
            PassError::Read(e) => read(e),
            PassError::Feed(e) => e,
        }
    }
}

/// One pass over `recording` with `adjustment` applied, handing the result to `feed` a
/// chunk at a time.
fn adjust<E>(
    recording: &Recording,
    adjustment: Adjustment,
    mut feed: impl FnMut(&[f32]) -> Result<(), E>,
) -> Result<(), PassError<E>> {
    let gain = adjustment.gain();
    let mut limiter = adjustment
        .limit
        .then(|| Limiter::with_ceiling(recording.rate.0, gain, adjustment.ceiling_db));
    let mut chunks = recording.chunks().map_err(PassError::Read)?;
    let mut samples = Vec::new();
    let mut limited = Vec::new();
    while chunks.next_into(&mut samples).map_err(PassError::Read)? {
        match &mut limiter {
            Some(limiter) => {
                limited.clear();
                limiter.process(&samples, &mut limited);
                feed(&limited).map_err(PassError::Feed)?;
            }
            None => {
                if gain != 1.0 {
                    samples.iter_mut().for_each(|s| *s *= gain);
                }
                feed(&samples).map_err(PassError::Feed)?;
            }
        }
    }
    if let Some(limiter) = &mut limiter {
        limited.clear();
        limiter.flush(&mut limited);
        feed(&limited).map_err(PassError::Feed)?;
    }
    Ok(())
}

/// Trial passes (limiter and loudness meter only) that [`calibrate`] may take.
const CALIBRATION_PASSES: usize = 3;

/// How close to the target calibration aims, in LU.
const CALIBRATION_TOLERANCE: f64 = 0.1;

/// The adjustment that brings `recording` to `loudness`. A plain gain is exact; the
/// limiter takes loudness off with the peaks (more, the more gain), so then the gain is
/// found by the secant method from trial passes, at most [`CALIBRATION_PASSES`].
fn calibrate(
    recording: &Recording,
    loudness: Loudness,
    ceiling_db: f64,
) -> std::io::Result<Adjustment> {
    let mut adjustment = Adjustment::with_ceiling(recording.loudness, loudness, ceiling_db);
    let (Loudness::Target(target), true) = (loudness, adjustment.limit) else {
        return Ok(adjustment);
    };
    // (gain, loudness reached) of the last trial; without limiting, 1 LU per dB.
    let mut last: Option<(f64, f64)> = None;
    for _ in 0..CALIBRATION_PASSES {
        let mut meter = Meter::integrated_only(recording.rate.0);
        let trial = adjust(recording, adjustment, |samples| {
            meter.add(samples);
            Ok::<(), std::convert::Infallible>(())
        });
        if let Err(PassError::Read(e)) = trial {
            return Err(e);
        }
        let Some(reached) = meter.measurement().integrated else {
            break;
        };
        if (target - reached).abs() < CALIBRATION_TOLERANCE {
            break;
        }
        let slope = match last {
            Some((gain, before)) if adjustment.gain_db != gain => {
                ((reached - before) / (adjustment.gain_db - gain)).clamp(0.2, 1.0)
            }
            _ => 1.0,
        };
        last = Some((adjustment.gain_db, reached));
        adjustment.gain_db += (target - reached) / slope;
    }
    Ok(adjustment)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audio::SampleRate;
    use crate::audio::loudness::tests::speechlike;
    use crate::audio::record::Recorder;

    /// A recorded track of three chapters of speech-like sound, and the same in memory.
    fn tracks(dir: &Path, rate: SampleRate, peak: f32) -> (Track<Recording>, Track) {
        let mut memory = Track::new(rate);
        let mut recorded = Track::with_sink(rate, Recorder::create(&dir.join("x"), rate).unwrap());
        for chapter in ["One", "Two’s", "Three"] {
            let audio = speechlike(rate.0, 1.3, peak);
            memory.mark(chapter);
            recorded.mark(chapter);
            memory.push_sentence("A sentence.", audio.clone(), &[]);
            recorded.push_sentence("A sentence.", audio, &[]);
            memory.pause(0.3);
            recorded.pause(0.3);
        }
        (recorded.finish().unwrap(), memory)
    }

    fn export_to(
        dir: &Path,
        track: &Track<Recording>,
        name: &str,
        loudness: Loudness,
    ) -> (Vec<u8>, Exported) {
        let path = dir.join(name);
        let format = Format::from_path(&path).unwrap();
        let exported = track
            .export(
                &Tags::default(),
                loudness,
                vec![Target::create(&path, format).unwrap()],
            )
            .unwrap();
        let bytes = std::fs::read(exported.files[0].1.path()).unwrap();
        (bytes, exported)
    }

    #[test]
    fn without_loudness_a_recorded_track_exports_what_encode_makes_in_memory() {
        let dir = tempfile::tempdir().unwrap();
        let (recorded, memory) = tracks(dir.path(), SampleRate(22_050), 0.5);
        let (bytes, exported) = export_to(dir.path(), &recorded, "out.wav", Loudness::Off);
        assert_eq!(bytes, wav::encode(&memory).unwrap());
        assert_eq!(exported.adjustment, Adjustment::NONE);
    }

    #[test]
    fn normalized_output_reaches_the_target_with_true_peaks_under_the_ceiling() {
        let dir = tempfile::tempdir().unwrap();
        for (rate, peak) in [(22_050, 1.0), (24_000, 0.05)] {
            let (recorded, _) = tracks(dir.path(), SampleRate(rate), peak);
            let (bytes, exported) =
                export_to(dir.path(), &recorded, "out.wav", Loudness::default());
            let lufs = exported.result.integrated.unwrap();
            assert!((lufs + 16.0).abs() < 0.3, "{rate} Hz: {lufs} LUFS");
            assert!(exported.result.peak <= -1.0, "{:?}", exported.result);
            assert_eq!(wav::read_markers(&bytes).unwrap(), recorded.markers);
        }
    }

    #[test]
    fn an_mp3_starts_with_its_id3_chapters_then_lame_info_frame() {
        let dir = tempfile::tempdir().unwrap();
        let rate = SampleRate(22_050);
        let (recorded, _) = tracks(dir.path(), rate, 0.5);
        let (bytes, _) = export_to(dir.path(), &recorded, "out.mp3", Loudness::default());
        let (_, chapters) = id3::read_tag(&bytes).unwrap();
        let titles: Vec<&str> = chapters.iter().map(|c| c.title.as_str()).collect();
        assert_eq!(titles, ["One", "Two’s", "Three"]);
        assert_eq!(chapters[2].end_ms, id3::milliseconds(rate, recorded.len));
        // The tag's size (syncsafe) says where the first frame begins: LAME's Info frame.
        let size = bytes[6..10]
            .iter()
            .fold(0usize, |n, &b| n << 7 | b as usize);
        let frame = &bytes[10 + size..];
        assert_eq!(frame[0], 0xFF);
        assert!(frame[..200].windows(4).any(|w| w == b"Info"));
        assert!(frame[..200].windows(4).any(|w| w == b"LAME"));
    }
}
