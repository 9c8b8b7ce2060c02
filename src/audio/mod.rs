//! Stage 4: sentence audio in, one [`Track`] (f32 samples + chapter markers) out.
//!
//! One audio representation throughout: mono f32 in −1..1 at a [`SampleRate`]; conversion
//! to 16-bit happens only in [`wav`].

pub mod wav;

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
}

/// The whole narration: audio, chapter markers and sentence spans.
#[derive(Debug, Clone, PartialEq)]
pub struct Track {
    pub rate: SampleRate,
    pub samples: Vec<f32>,
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

/// The loudest a sample may be after [`Track::finish`] (−1 dBFS).
pub const PEAK_CEILING: f32 = 0.891;

impl Track {
    pub fn new(rate: SampleRate) -> Self {
        Track {
            rate,
            samples: Vec::new(),
            markers: Vec::new(),
            sentences: Vec::new(),
        }
    }

    pub fn duration_seconds(&self) -> f64 {
        self.rate.seconds(self.samples.len())
    }

    /// Append `seconds` of silence.
    pub fn pause(&mut self, seconds: f32) {
        let n = self.rate.samples(seconds);
        self.samples.resize(self.samples.len() + n, 0.0);
    }

    /// Mark the current end of the track as the start of a chapter.
    pub fn mark(&mut self, label: &str) {
        self.markers.push(Marker {
            sample: self.samples.len(),
            label: label.to_owned(),
        });
    }

    /// Append one sentence's audio and remember where it went.
    pub fn push_sentence(&mut self, text: &str, samples: &[f32]) {
        let start = self.samples.len();
        self.samples.extend_from_slice(samples);
        self.sentences.push(SentenceSpan {
            start,
            end: self.samples.len(),
            text: text.to_owned(),
        });
    }

    /// Peak-safe gain: scale the whole track so its loudest sample sits at
    /// [`PEAK_CEILING`] (quiet engines are raised, clipping ones lowered), then
    /// replace non-finite samples with silence.
    pub fn finish(&mut self) {
        for s in &mut self.samples {
            if !s.is_finite() {
                *s = 0.0;
            }
        }
        let peak = self.samples.iter().fold(0.0f32, |m, s| m.max(s.abs()));
        if peak > 1e-4 {
            let gain = (PEAK_CEILING / peak).min(4.0);
            for s in &mut self.samples {
                *s *= gain;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finish_brings_peak_to_the_ceiling_and_silences_nan() {
        let mut track = Track::new(SampleRate(8000));
        track.push_sentence("a", &[0.5, -2.0, f32::NAN, 1.0]);
        track.finish();
        assert_eq!(track.samples[1], -PEAK_CEILING);
        assert_eq!(track.samples[2], 0.0);
        assert!((track.samples[0] - 0.5 * PEAK_CEILING / 2.0).abs() < 1e-6);
    }

    #[test]
    fn finish_does_not_amplify_silence() {
        let mut track = Track::new(SampleRate(8000));
        track.pause(0.01);
        track.finish();
        assert!(track.samples.iter().all(|&s| s == 0.0));
    }

    #[test]
    fn markers_and_sentence_spans_follow_the_samples() {
        let mut track = Track::new(SampleRate(10));
        track.mark("Intro");
        track.push_sentence("One.", &[0.1; 5]);
        track.pause(0.3);
        track.mark("Next");
        track.push_sentence("Two.", &[0.1; 2]);
        assert_eq!(track.markers[1].sample, 8);
        assert_eq!(track.sentences[1].start, 8);
        assert_eq!(track.sentences[1].end, 10);
        assert_eq!(track.duration_seconds(), 1.0);
    }
}
