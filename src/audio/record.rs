//! Stage 4 (first pass): a track's samples in as the engine makes them, a [`Recording`]
//! out: the samples in a temporary file (raw 32-bit float) and their loudness, measured
//! while they were written. [`super::export`] makes the final files from it.

use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, SyncSender};
use std::thread::JoinHandle;

use tempfile::NamedTempFile;

use super::loudness::{Measurement, Meter};
use super::wav::MAX_SAMPLES;
use super::{SampleRate, SampleSink, SentenceSpan, Track, WordStart, level};
use crate::output::{self, WriteError};

/// A piece of a track on its way to [`Recorder`]'s writer thread.
enum Piece {
    /// Engine audio, stored at [`level`].
    Audio(Vec<f32>),
    /// Audio already at the track's level.
    Leveled(Vec<f32>),
    Silence(usize),
}

/// Sentences between the track and the writer thread: enough to keep the engine busy,
/// few enough that memory stays flat however long the article.
const STREAM_DEPTH: usize = 32;

/// Samples read or written at a time.
pub(crate) const CHUNK: usize = 1 << 15;

/// The first pass of an output: samples go to a thread that measures their loudness and
/// writes them into a temporary file beside the output while later sentences are still
/// being read. [`Recorder::finish`] hands over the [`Recording`]. Dropped unfinished, the
/// temporary file is removed.
pub struct Recorder {
    path: PathBuf,
    pieces: Option<SyncSender<Piece>>,
    /// Set by the writer thread the moment it fails, so the engine stops before its next
    /// sentence rather than when the queue between them next fills.
    failed: Arc<AtomicBool>,
    writer: Option<JoinHandle<Result<Recording, WriteError>>>,
}

/// A track's samples on disk (f32, native order, in a temporary file that is removed
/// when this is dropped) with their measured loudness.
pub struct Recording {
    pub rate: SampleRate,
    /// Samples in the file.
    pub len: usize,
    pub loudness: Measurement,
    file: NamedTempFile,
}

impl Recorder {
    /// Start recording the audio of an output that is to become `path` (its temporary
    /// file goes into `path`'s directory; fails now if that cannot be written).
    pub fn create(path: &Path, rate: SampleRate) -> Result<Recorder, WriteError> {
        Recorder::with_limit(path, rate, MAX_SAMPLES)
    }

    /// [`Recorder::create`] stopping at `limit` samples instead of a WAV file's
    /// [`MAX_SAMPLES`].
    pub(crate) fn with_limit(
        path: &Path,
        rate: SampleRate,
        limit: usize,
    ) -> Result<Recorder, WriteError> {
        let file = output::temporary(path)?;
        let (pieces, received) = std::sync::mpsc::sync_channel(STREAM_DEPTH);
        let owned = path.to_owned();
        let failed = Arc::new(AtomicBool::new(false));
        let failing = Arc::clone(&failed);
        let writer = std::thread::spawn(move || {
            let recorded = record(file, rate, limit, received);
            failing.store(recorded.is_err(), Ordering::SeqCst);
            recorded.map_err(|source| WriteError {
                path: owned,
                source,
            })
        });
        Ok(Recorder {
            path: path.to_owned(),
            pieces: Some(pieces),
            failed,
            writer: Some(writer),
        })
    }

    fn send(&mut self, piece: Piece) {
        // A writer that stopped has an error waiting for `finish`.
        if let Some(pieces) = &self.pieces
            && pieces.send(piece).is_err()
        {
            self.pieces = None;
        }
    }

    /// Wait for the writer and hand over what it recorded. The recorder takes no more
    /// audio after this.
    pub fn finish(&mut self) -> Result<Recording, WriteError> {
        self.pieces = None;
        let Some(writer) = self.writer.take() else {
            let finished = std::io::Error::other("the recording was already finished");
            return Err(WriteError {
                path: self.path.clone(),
                source: finished,
            });
        };
        writer
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    }
}

impl Drop for Recorder {
    fn drop(&mut self) {
        self.pieces = None;
        if let Some(writer) = self.writer.take() {
            let _ = writer.join();
        }
    }
}

impl SampleSink for Recorder {
    fn push_audio(&mut self, samples: Vec<f32>) {
        self.send(Piece::Audio(samples));
    }

    fn push_leveled(&mut self, samples: Vec<f32>) {
        self.send(Piece::Leveled(samples));
    }

    fn push_silence(&mut self, count: usize) {
        self.send(Piece::Silence(count));
    }

    fn stopped(&self) -> bool {
        self.pieces.is_none() || self.failed.load(Ordering::SeqCst)
    }
}

fn record(
    mut file: NamedTempFile,
    rate: SampleRate,
    limit: usize,
    pieces: Receiver<Piece>,
) -> std::io::Result<Recording> {
    let mut meter = Meter::sample_peak(rate.0);
    let mut len = 0;
    {
        let mut out = BufWriter::with_capacity(1 << 16, file.as_file_mut());
        let mut write = |samples: &[f32]| -> std::io::Result<()> {
            if len + samples.len() > limit {
                return Err(past_the_wav_limit(rate, limit));
            }
            meter.add(samples);
            len += samples.len();
            samples
                .iter()
                .try_for_each(|s| out.write_all(&s.to_ne_bytes()))
        };
        let silence = vec![0.0; 4096];
        for piece in pieces {
            match piece {
                Piece::Audio(mut samples) => {
                    samples.iter_mut().for_each(|s| *s = level(*s));
                    write(&samples)?;
                }
                Piece::Leveled(samples) => write(&samples)?,
                Piece::Silence(mut count) => {
                    while count > 0 {
                        let n = count.min(silence.len());
                        write(&silence[..n])?;
                        count -= n;
                    }
                }
            }
        }
        out.flush()?;
    }
    Ok(Recording {
        rate,
        len,
        loudness: meter.measurement(),
        file,
    })
}

/// The recording stopped at [`MAX_SAMPLES`]: the check before synthesis
/// ([`crate::render::check_length`]) assumes the fastest reading, so a slow voice can
/// still get here, but no temporary file grows past what one WAV file holds.
fn past_the_wav_limit(rate: SampleRate, limit: usize) -> std::io::Error {
    let hours = rate.seconds(limit) / 3600.0;
    std::io::Error::other(format!(
        "the audio passed {hours:.1} hours, the most a WAV file holds at {} Hz; split the \
         article into parts",
        rate.0
    ))
}

impl Recording {
    /// The samples from the start, [`CHUNK`] at a time.
    pub fn chunks(&self) -> std::io::Result<Chunks> {
        Ok(Chunks {
            file: BufReader::with_capacity(1 << 16, self.file.reopen()?),
            left: self.len,
            bytes: Vec::new(),
        })
    }
}

/// Reads a [`Recording`]'s samples back in order.
pub struct Chunks {
    file: BufReader<File>,
    left: usize,
    bytes: Vec<u8>,
}

impl Chunks {
    /// The next samples into `samples` (replacing what it held); `false` at the end.
    pub fn next_into(&mut self, samples: &mut Vec<f32>) -> std::io::Result<bool> {
        samples.clear();
        let n = self.left.min(CHUNK);
        if n == 0 {
            return Ok(false);
        }
        self.bytes.resize(n * 4, 0);
        self.file.read_exact(&mut self.bytes)?;
        samples.extend(
            self.bytes
                .chunks_exact(4)
                .map(|b| f32::from_ne_bytes([b[0], b[1], b[2], b[3]])),
        );
        self.left -= n;
        Ok(true)
    }
}

impl Track<Recorder> {
    /// A track recorded into a file that is to become `path` (see [`Recorder::create`]).
    pub fn recorded(path: &Path, rate: SampleRate) -> Result<Self, WriteError> {
        Ok(Track::with_sink(rate, Recorder::create(path, rate)?))
    }

    /// Wait for the last samples to be written; the track's audio is then a [`Recording`]
    /// ready for [`Track::export`].
    pub fn finish(mut self) -> Result<Track<Recording>, WriteError> {
        let recording = self.samples.finish()?;
        Ok(Track {
            rate: self.rate,
            samples: recording,
            len: self.len,
            markers: std::mem::take(&mut self.markers),
            sentences: std::mem::take(&mut self.sentences),
        })
    }
}

impl<S: SampleSink> Track<S> {
    /// Append a finished in-memory track (an episode's intro, say): its samples as they
    /// are, its markers and sentence spans moved by this track's length.
    pub fn append(&mut self, other: Track) {
        let offset = self.len;
        self.markers.extend(other.markers.into_iter().map(|mut m| {
            m.sample += offset;
            m
        }));
        self.sentences.extend(other.sentences.into_iter().map(|s| {
            SentenceSpan {
                start: s.start + offset,
                end: s.end + offset,
                text: s.text,
                words: s
                    .words
                    .into_iter()
                    .map(|w| WordStart {
                        offset: w.offset,
                        sample: w.sample + offset,
                    })
                    .collect(),
            }
        }));
        self.len += other.samples.len();
        self.samples.push_leveled(other.samples);
    }
}

/// A finished WAV that could not be appended to a track.
#[derive(Debug, thiserror::Error)]
#[error("{}: {problem}", path.display())]
pub struct AppendError {
    pub path: PathBuf,
    pub problem: String,
}

impl<S: SampleSink> Track<S> {
    /// Append a WAV file that narrate wrote (an article's master, for an episode): its
    /// samples as they are, a piece at a time, and its cue markers moved by this track's
    /// length. The file must be mono at this track's rate.
    pub fn append_wav(&mut self, path: &Path) -> Result<(), AppendError> {
        let problem = |problem: String| AppendError {
            path: path.to_owned(),
            problem,
        };
        let mut file = File::open(path).map_err(|e| problem(format!("cannot read it: {e}")))?;
        let markers = super::wav::read_file_markers(&mut file)
            .map_err(|e| problem(format!("cannot read its chapters: {e}")))?;
        let reader = hound::WavReader::new(BufReader::new(file))
            .map_err(|e| problem(format!("not a WAV file narrate can read: {e}")))?;
        let spec = reader.spec();
        if spec.channels != 1 || spec.sample_rate != self.rate.0 {
            return Err(problem(format!(
                "{} channels at {} Hz; the track is mono at {} Hz",
                spec.channels, spec.sample_rate, self.rate.0
            )));
        }
        let offset = self.len;
        let mut appended = 0;
        let mut pending = Vec::with_capacity(CHUNK);
        let mut flush = |pending: &mut Vec<f32>, track: &mut Self| {
            appended += pending.len();
            track.samples.push_leveled(std::mem::take(pending));
        };
        let damaged = |e: hound::Error| problem(format!("damaged audio: {e}"));
        match spec.sample_format {
            hound::SampleFormat::Int => {
                let scale = ((1i64 << (spec.bits_per_sample - 1)) - 1) as f32;
                for sample in reader.into_samples::<i32>() {
                    pending.push(sample.map_err(damaged)? as f32 / scale);
                    if pending.len() == CHUNK {
                        flush(&mut pending, self);
                    }
                }
            }
            hound::SampleFormat::Float => {
                for sample in reader.into_samples::<f32>() {
                    pending.push(sample.map_err(damaged)?);
                    if pending.len() == CHUNK {
                        flush(&mut pending, self);
                    }
                }
            }
        }
        flush(&mut pending, self);
        self.len += appended;
        self.markers.extend(markers.into_iter().map(|mut m| {
            m.sample += offset;
            m
        }));
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recording_stops_at_the_wav_limit_and_leaves_no_file() {
        // The 4 GiB limit was found only after writing the audio (an 18 GB temporary
        // file); a slow voice can pass the check made before synthesis.
        let dir = tempfile::tempdir().unwrap();
        let rate = SampleRate(22_050);
        let limit = 360 * 22_050;
        let mut recorder = Recorder::with_limit(&dir.path().join("a.wav"), rate, limit).unwrap();
        for _ in 0..4 {
            recorder.push_silence(100 * 22_050);
        }
        let error = recorder.finish().err().expect("stopped at the limit");
        assert_eq!(
            error.source.to_string(),
            "the audio passed 0.1 hours, the most a WAV file holds at 22050 Hz; split the \
             article into parts"
        );
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
