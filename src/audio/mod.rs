//! Stage 4: sentence audio in, one [`Track`] (f32 samples + chapter markers) out.
//!
//! One audio representation throughout: mono f32 in −1..1 at a [`SampleRate`]; conversion
//! to 16-bit or MP3 happens only in the writers ([`wav`], [`mp3`]).
//!
//! Making a file takes two passes, so memory stays flat however long the track:
//!
//! 1. [`Track::recorded`]: the engine's samples go to a temporary file beside the output
//!    as they are made ([`record::Recorder`]), their loudness measured on the way.
//! 2. [`Track::export`] ([`export::export`]): one pass over that file brings it to the
//!    loudness target ([`loudness`]) and writes every output at once: WAV with cue
//!    chunks, MP3 with ID3v2.3 tags and chapters ([`id3`]).
//!
//! An episode is the same: [`Track::append`] and [`Track::append_wav`] put finished
//! tracks one after another into a recorded track, markers moved along, and one export
//! normalizes the whole.

pub mod export;
pub mod id3;
pub mod loudness;
pub mod mp3;
pub mod record;
pub mod wav;

pub use export::{Exported, Format, Target};
pub use id3::Tags;
pub use loudness::Loudness;

/// Samples per second of a mono signal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SampleRate(pub u32);

impl SampleRate {
    /// Number of samples in `seconds`.
    pub fn samples(self, seconds: f32) -> usize {
        (seconds * self.0 as f32).round() as usize
    }

    /// Seconds that `samples` last.
    pub fn seconds(self, samples: usize) -> f64 {
        samples as f64 / f64::from(self.0)
    }
}

/// A labelled point in the audio (a chapter start).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marker {
    /// Sample-frame index from the start of the track.
    pub sample: usize,
    pub label: String,
}

/// Where one sentence sits in the track.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentenceSpan {
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// Where the voice began the written words it could be matched with, in order
    /// (subtitles time each word from these); empty when the voice reports no timings.
    pub words: Vec<WordStart>,
}

/// The start of one written word of a sentence in the audio.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WordStart {
    /// Byte offset of the word in [`SentenceSpan::text`].
    pub offset: usize,
    /// Sample index: from the start of the sentence when handed to
    /// [`Track::push_sentence`], from the start of the track once in it.
    pub sample: usize,
}

/// Where a track's samples go as they are made: memory (`Vec<f32>`), or a file written
/// while later sentences are still being read ([`record::Recorder`]).
pub trait SampleSink {
    /// One sentence's audio as the engine made it; the sink stores it at [`level`].
    fn push_audio(&mut self, samples: Vec<f32>);
    /// Audio already at the track's level (from another track), stored as it is.
    fn push_leveled(&mut self, samples: Vec<f32>);
    fn push_silence(&mut self, count: usize);
    /// Whether the sink has stopped taking audio (its output failed: the WAV limit, a
    /// full disk, a closed pipe), so reading on would be wasted: the error waits for
    /// whoever finishes the sink.
    fn stopped(&self) -> bool {
        false
    }
}

impl SampleSink for Vec<f32> {
    fn push_audio(&mut self, samples: Vec<f32>) {
        self.extend(samples.into_iter().map(level));
    }

    fn push_leveled(&mut self, samples: Vec<f32>) {
        self.extend(samples);
    }

    fn push_silence(&mut self, count: usize) {
        self.resize(self.len() + count, 0.0);
    }
}

/// The whole narration: audio (in memory or on its way to a file), chapter markers and
/// sentence spans.
#[derive(Debug, Clone, PartialEq)]
pub struct Track<S = Vec<f32>> {
    pub rate: SampleRate,
    pub samples: S,
    /// Samples so far.
    pub len: usize,
    pub markers: Vec<Marker>,
    pub sentences: Vec<SentenceSpan>,
}

/// Silence between the pieces of a narration, in seconds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pauses {
    pub sentence: f32,
    pub paragraph: f32,
    pub chapter: f32,
}

impl Default for Pauses {
    fn default() -> Self {
        Pauses {
            sentence: 0.35,
            paragraph: 0.75,
            chapter: 1.2,
        }
    }
}

/// The loudest a sample may be in a track (−1 dBFS).
pub const PEAK_CEILING: f32 = 0.891;

/// Peak-safe gain for one engine sample: engines deliver full-scale audio (peaks up to
/// 1.0), which goes into the track at [`PEAK_CEILING`]; anything louder is clipped there
/// and a non-finite sample becomes silence. A fixed gain rather than one measured over the
/// whole track, so audio can be written out as it is made.
pub fn level(sample: f32) -> f32 {
    if sample.is_finite() {
        (sample * PEAK_CEILING).clamp(-PEAK_CEILING, PEAK_CEILING)
    } else {
        0.0
    }
}

impl Track {
    pub fn new(rate: SampleRate) -> Self {
        Track::with_sink(rate, Vec::new())
    }
}

impl<S> Track<S> {
    pub fn duration_seconds(&self) -> f64 {
        self.rate.seconds(self.len)
    }
}

impl<S: SampleSink> Track<S> {
    pub fn with_sink(rate: SampleRate, samples: S) -> Self {
        Track {
            rate,
            samples,
            len: 0,
            markers: Vec::new(),
            sentences: Vec::new(),
        }
    }

    /// Append `seconds` of silence.
    pub fn pause(&mut self, seconds: f32) {
        let n = self.rate.samples(seconds);
        self.samples.push_silence(n);
        self.len += n;
    }

    /// Mark the current end of the track as the start of a chapter.
    pub fn mark(&mut self, label: &str) {
        self.markers.push(Marker {
            sample: self.len,
            label: label.to_owned(),
        });
    }

    /// Append one sentence's audio and remember where it and its words went.
    pub fn push_sentence(&mut self, text: &str, samples: Vec<f32>, words: &[WordStart]) {
        let start = self.len;
        self.len += samples.len();
        self.samples.push_audio(samples);
        self.sentences.push(SentenceSpan {
            start,
            end: self.len,
            text: text.to_owned(),
            words: words
                .iter()
                .map(|w| WordStart {
                    offset: w.offset,
                    sample: start + w.sample,
                })
                .collect(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_go_in_at_the_ceiling_clipped_and_without_nan() {
        let mut track = Track::new(SampleRate(8000));
        track.push_sentence("a", vec![0.5, -2.0, f32::NAN, 1.0, f32::INFINITY], &[]);
        assert_eq!(
            track.samples,
            [0.5 * PEAK_CEILING, -PEAK_CEILING, 0.0, PEAK_CEILING, 0.0]
        );
    }

    #[test]
    fn a_pause_is_silence() {
        let mut track = Track::new(SampleRate(8000));
        track.pause(0.01);
        assert_eq!(track.len, 80);
        assert!(track.samples.iter().all(|&s| s == 0.0));
    }

    #[test]
    fn markers_and_sentence_spans_follow_the_samples() {
        let mut track = Track::new(SampleRate(10));
        track.mark("Intro");
        track.push_sentence("One.", vec![0.1; 5], &[]);
        track.pause(0.3);
        track.mark("Next");
        track.push_sentence("Two.", vec![0.1; 2], &[]);
        assert_eq!(track.markers[1].sample, 8);
        assert_eq!(track.sentences[1].start, 8);
        assert_eq!(track.sentences[1].end, 10);
        assert_eq!(track.duration_seconds(), 1.0);
    }
}
