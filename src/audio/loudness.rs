//! Stage 4 (loudness): samples in, their EBU R128 loudness ([`Meter`]) out; and a gain plus
//! a true-peak look-ahead [`Limiter`] that brings a track to a target without overs.
//!
//! A track is measured while it is written (first pass) and brought to the target while
//! it is encoded (second pass), so nothing but a few milliseconds of audio is held.

use std::collections::VecDeque;

use ebur128::{EbuR128, Mode};

/// What to do with a track's loudness.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Loudness {
    /// Keep the engine's level (the fixed, peak-safe gain of [`super::level`]).
    Off,
    /// Bring the integrated loudness to this many LUFS, true peak at most [`TRUE_PEAK_CEILING_DBTP`].
    Target(f64),
}

impl Default for Loudness {
    /// −16 LUFS, what Apple asks of podcast episodes.
    fn default() -> Self {
        Loudness::Target(-16.0)
    }
}

/// The highest true peak a normalized track may reach, in dBTP (Apple: ≤ −1 dBTP).
pub const TRUE_PEAK_CEILING_DBTP: f64 = -1.0;

/// Where the limiter holds true peaks: below [`TRUE_PEAK_CEILING_DBTP`], leaving room for
/// MP3 encoding, which moves peaks by a few tenths of a dB.
const LIMIT_DBTP: f64 = -2.0;

/// The most a quiet track is raised, in dB: beyond this it is noise, not speech.
const MAX_GAIN_DB: f64 = 30.0;

impl std::str::FromStr for Loudness {
    type Err = String;

    /// `off`, or a target in LUFS such as `-16` (from −40 to −5).
    fn from_str(text: &str) -> Result<Self, String> {
        if text.eq_ignore_ascii_case("off") {
            return Ok(Loudness::Off);
        }
        match text.trim().parse::<f64>() {
            Ok(lufs) if (-40.0..=-5.0).contains(&lufs) => Ok(Loudness::Target(lufs)),
            _ => Err(format!(
                "expected `off` or a loudness in LUFS from -40 to -5, not `{text}`"
            )),
        }
    }
}

/// Loudness and peak of some audio.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Measurement {
    /// Integrated loudness in LUFS; `None` for silence (nothing above the gate).
    pub integrated: Option<f64>,
    /// The highest peak in dBFS (−∞ for silence): the true peak (dBTP) when `true_peak`,
    /// else the highest sample.
    pub peak: f64,
    pub true_peak: bool,
}

/// EBU R128 integrated loudness and peak of a mono signal, fed in pieces. Memory does
/// not grow with the length (the gating blocks are kept as a histogram).
pub struct Meter {
    ebu: EbuR128,
    peak: Option<Mode>,
}

impl Meter {
    /// Integrated loudness and true peak (4× oversampled).
    pub fn new(rate: u32) -> Meter {
        Meter::with(rate, Some(Mode::TRUE_PEAK))
    }

    /// Integrated loudness and sample peak: a fraction of the work of [`Meter::new`].
    pub fn sample_peak(rate: u32) -> Meter {
        Meter::with(rate, Some(Mode::SAMPLE_PEAK))
    }

    /// Integrated loudness alone.
    pub fn integrated_only(rate: u32) -> Meter {
        Meter::with(rate, None)
    }

    fn with(rate: u32, peak: Option<Mode>) -> Meter {
        let mode = Mode::I | Mode::HISTOGRAM | peak.unwrap_or(Mode::empty());
        // The only errors are for zero channels or a rate outside 1 Hz..2.8 MHz.
        let ebu = EbuR128::new(1, rate, mode)
            .unwrap_or_else(|e| panic!("ebur128 refused mono at {rate} Hz: {e}"));
        Meter { ebu, peak }
    }

    pub fn add(&mut self, samples: &[f32]) {
        // Fails only for a frame count that is not a multiple of the channel count (1).
        let _ = self.ebu.add_frames_f32(samples);
    }

    pub fn measurement(&self) -> Measurement {
        let integrated = self
            .ebu
            .loudness_global()
            .ok()
            .filter(|lufs| lufs.is_finite());
        let true_peak = self.peak == Some(Mode::TRUE_PEAK);
        let peak = match self.peak {
            Some(Mode::TRUE_PEAK) => self.ebu.true_peak(0),
            Some(_) => self.ebu.sample_peak(0),
            None => Ok(f64::NAN),
        };
        Measurement {
            integrated,
            peak: 20.0 * peak.unwrap_or(f64::NAN).log10(),
            true_peak,
        }
    }
}

/// How far a true peak may lie above the highest sample, in dB, for deciding whether
/// the limiter is needed from a sample peak (speech at 16–48 kHz stays well inside).
const INTER_SAMPLE_MARGIN_DB: f64 = 3.0;

/// How a measured track is brought to a target: a gain, and whether its peaks then need
/// the limiter.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Adjustment {
    pub gain_db: f64,
    pub limit: bool,
}

impl Adjustment {
    pub const NONE: Adjustment = Adjustment {
        gain_db: 0.0,
        limit: false,
    };

    /// The gain that takes `measured` to `loudness`; the limiter when the gain would push
    /// the true peak past the ceiling.
    pub fn new(measured: Measurement, loudness: Loudness) -> Adjustment {
        match (loudness, measured.integrated) {
            (Loudness::Target(target), Some(integrated)) => {
                let gain_db = (target - integrated).min(MAX_GAIN_DB);
                let margin = if measured.true_peak {
                    0.0
                } else {
                    INTER_SAMPLE_MARGIN_DB
                };
                Adjustment {
                    gain_db,
                    limit: measured.peak + gain_db + margin > LIMIT_DBTP,
                }
            }
            _ => Adjustment::NONE,
        }
    }

    pub fn gain(&self) -> f32 {
        10f64.powf(self.gain_db / 20.0) as f32
    }
}

/// Half the length of the true-peak interpolation filter, in samples.
const HALF_TAPS: usize = 8;
/// Points between two samples where the true peak is estimated (4× oversampling).
const PHASES: [f32; 3] = [0.25, 0.5, 0.75];

/// A look-ahead peak limiter that keeps the true peak (4× oversampled, like BS.1770) of
/// its output at or below a ceiling. Gain falls over the look-ahead window before a peak
/// (never after it, so no peak gets through) and recovers with a release time.
///
/// Per sample: the gain each sample may have at most (`ceiling / peak`), its minimum over
/// the next `window` samples, the release, then the mean of the last `window` of those;
/// that mean is below every sample's own limit within the window, so the ceiling holds.
/// The output runs `window + HALF_TAPS` samples behind the input; [`Limiter::flush`]
/// returns the rest.
pub struct Limiter {
    gain: f32,
    ceiling: f32,
    window: usize,
    release: f32,
    filter: [[f32; 2 * HALF_TAPS]; 3],
    /// The last `2 * HALF_TAPS` input samples (after `gain`), for interpolation.
    recent: [f32; 2 * HALF_TAPS],
    /// How much of `recent` holds samples (all of it once started).
    filled: usize,
    /// The peak between the sample being detected and the one before.
    peak_before: f32,
    /// Samples whose gain is not known yet, oldest first; `false` for the silence around
    /// the real ones, which is not output.
    pending: VecDeque<(f32, bool)>,
    /// Sliding minimum of the allowed gains: (index, gain), increasing gains.
    minima: VecDeque<(usize, f32)>,
    /// Allowed gains pushed so far.
    detected: usize,
    released: f32,
    /// The last `window` released gains and their sum.
    smoothing: VecDeque<f32>,
    sum: f64,
    /// Real samples taken in and given out.
    taken: usize,
    given: usize,
}

impl Limiter {
    /// A limiter for audio at `rate` Hz that first multiplies by `gain`.
    pub fn new(rate: u32, gain: f32) -> Limiter {
        let window = (rate as usize / 200).max(1); // 5 ms
        let release = 1.0 - (-1.0 / (0.08 * rate as f32)).exp(); // 80 ms
        let mut filter = [[0.0; 2 * HALF_TAPS]; 3];
        for (phase, taps) in PHASES.iter().zip(&mut filter) {
            for (k, tap) in taps.iter_mut().enumerate() {
                // Sample k sits at offset (k − HALF_TAPS + 1) from the left sample.
                let t = phase - (k as f32 - HALF_TAPS as f32 + 1.0);
                let hann = 0.5 + 0.5 * (std::f32::consts::PI * t / (HALF_TAPS as f32 + 1.0)).cos();
                *tap = sinc(t) * hann;
            }
        }
        let mut limiter = Limiter {
            gain,
            ceiling: 10f64.powf(LIMIT_DBTP / 20.0) as f32,
            window,
            release,
            filter,
            recent: [0.0; 2 * HALF_TAPS],
            // Silence before the first sample, so it has neighbours to interpolate with.
            filled: HALF_TAPS - 1,
            peak_before: 0.0,
            pending: VecDeque::new(),
            minima: VecDeque::new(),
            detected: 0,
            released: 1.0,
            smoothing: std::iter::repeat_n(1.0, window).collect(),
            sum: window as f64,
            taken: 0,
            given: 0,
        };
        // Silence before the first sample, so the gain can fall before it.
        for _ in 0..window {
            limiter.push(0.0, false, &mut Vec::new());
        }
        limiter
    }

    /// Take `input`, append what is ready to `output`.
    pub fn process(&mut self, input: &[f32], output: &mut Vec<f32>) {
        for &sample in input {
            self.taken += 1;
            self.push(sample * self.gain, true, output);
        }
    }

    /// The samples still held back.
    pub fn flush(&mut self, output: &mut Vec<f32>) {
        while self.given < self.taken {
            self.push(0.0, false, output);
        }
    }

    fn push(&mut self, sample: f32, real: bool, output: &mut Vec<f32>) {
        self.pending.push_back((sample, real));
        if self.filled < self.recent.len() {
            self.recent[self.filled] = sample;
            self.filled += 1;
            if self.filled < self.recent.len() {
                return;
            }
        } else {
            self.recent.copy_within(1.., 0);
            self.recent[2 * HALF_TAPS - 1] = sample;
        }
        // `recent[HALF_TAPS - 1]` is the sample being detected; interpolate up to the next.
        let left = self.recent[HALF_TAPS - 1];
        let right = self.recent[HALF_TAPS];
        let mut between = left.abs().max(right.abs());
        // Between two samples under half the ceiling the signal stays under it (a true
        // peak 6 dB over its neighbours takes a pathological signal): skip the filter.
        if between >= 0.5 * self.ceiling {
            for taps in &self.filter {
                let value: f32 = taps.iter().zip(&self.recent).map(|(t, s)| t * s).sum();
                between = between.max(value.abs());
            }
        }
        let peak = left.abs().max(between).max(self.peak_before);
        self.peak_before = between;
        let allowed = if peak > self.ceiling {
            self.ceiling / peak
        } else {
            1.0
        };
        self.push_allowed(allowed, output);
    }

    /// The gain sample `detected` may have; once `window` more are known, release, smooth
    /// and output the sample they decide.
    fn push_allowed(&mut self, allowed: f32, output: &mut Vec<f32>) {
        let index = self.detected;
        self.detected += 1;
        while self.minima.back().is_some_and(|&(_, g)| g >= allowed) {
            self.minima.pop_back();
        }
        self.minima.push_back((index, allowed));
        let Some(first) = (index + 1).checked_sub(self.window) else {
            return;
        };
        while self.minima.front().is_some_and(|&(i, _)| i < first) {
            self.minima.pop_front();
        }
        let held = self.minima.front().map_or(1.0, |&(_, g)| g);
        self.released = held.min(self.released + (1.0 - self.released) * self.release);
        self.sum += f64::from(self.released) - f64::from(self.smoothing.pop_front().unwrap_or(1.0));
        self.smoothing.push_back(self.released);
        let gain = (self.sum / self.window as f64) as f32;
        // The oldest pending sample is sample `first`.
        if let Some((sample, true)) = self.pending.pop_front() {
            output.push(sample * gain);
            self.given += 1;
        }
    }
}

fn sinc(t: f32) -> f32 {
    if t.abs() < 1e-6 {
        1.0
    } else {
        let x = std::f32::consts::PI * t;
        x.sin() / x
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Seconds of a speech-like test signal at `rate`: a buzz of harmonics in syllables,
    /// with a few sharp clicks, its sample peak at `peak`.
    pub(crate) fn speechlike(rate: u32, seconds: f32, peak: f32) -> Vec<f32> {
        let n = (rate as f32 * seconds) as usize;
        let mut samples: Vec<f32> = (0..n)
            .map(|i| {
                let t = i as f32 / rate as f32;
                let pitch = 120.0 + 30.0 * (t * 1.3).sin();
                let buzz: f32 = (1..12)
                    .map(|h| (std::f32::consts::TAU * pitch * h as f32 * t).sin() / h as f32)
                    .sum();
                let syllable = (std::f32::consts::PI * t * 4.0).sin().max(0.0);
                let click = if i % 9_973 < 3 { 3.0 } else { 0.0 };
                buzz * syllable + click
            })
            .collect();
        let max = samples.iter().fold(0f32, |m, s| m.max(s.abs()));
        samples.iter_mut().for_each(|s| *s *= peak / max);
        samples
    }

    fn measure(rate: u32, samples: &[f32]) -> Measurement {
        let mut meter = Meter::new(rate);
        meter.add(samples);
        meter.measurement()
    }

    fn limit(rate: u32, gain: f32, input: &[f32]) -> Vec<f32> {
        let mut limiter = Limiter::new(rate, gain);
        let mut out = Vec::new();
        for part in input.chunks(1000) {
            limiter.process(part, &mut out);
        }
        limiter.flush(&mut out);
        out
    }

    #[test]
    fn the_limiter_keeps_true_peaks_under_the_ceiling_at_every_engine_rate() {
        for rate in [22_050, 24_000, 16_000] {
            let input = speechlike(rate, 3.0, 0.9);
            let out = limit(rate, 4.0, &input); // +12 dB: peaks near +11 dBFS
            assert_eq!(out.len(), input.len());
            let peak = measure(rate, &out).peak;
            assert!(peak <= LIMIT_DBTP + 0.2, "{rate} Hz: {peak} dBTP");
            assert!(
                peak > LIMIT_DBTP - 1.0,
                "{rate} Hz: limited too much, {peak} dBTP"
            );
        }
    }

    #[test]
    fn below_the_ceiling_the_limiter_is_a_plain_gain() {
        let input = speechlike(22_050, 1.0, 0.2);
        let out = limit(22_050, 1.5, &input);
        for (a, b) in input.iter().zip(&out) {
            assert!((a * 1.5 - b).abs() < 1e-6);
        }
    }

    #[test]
    fn the_adjustment_reaches_the_target_and_limits_only_when_peaks_would_pass_it() {
        let measured = Measurement {
            integrated: Some(-23.0),
            peak: -10.0,
            true_peak: true,
        };
        let quiet = Adjustment::new(measured, Loudness::Target(-16.0));
        assert_eq!(quiet.gain_db, 7.0);
        assert!(!quiet.limit);
        let peaky = Measurement {
            peak: -3.0,
            ..measured
        };
        assert!(Adjustment::new(peaky, Loudness::Target(-16.0)).limit);
        // A sample peak leaves room for peaks between the samples.
        let sampled = Measurement {
            true_peak: false,
            ..measured
        };
        assert!(
            !Adjustment::new(
                Measurement {
                    true_peak: true,
                    ..sampled
                },
                Loudness::Target(-16.0)
            )
            .limit
        );
        assert!(Adjustment::new(sampled, Loudness::Target(-16.0)).limit);
        assert_eq!(Adjustment::new(peaky, Loudness::Off), Adjustment::NONE);
        let silence = Measurement {
            integrated: None,
            peak: f64::NEG_INFINITY,
            true_peak: false,
        };
        assert_eq!(
            Adjustment::new(silence, Loudness::default()),
            Adjustment::NONE
        );
    }

    #[test]
    fn loudness_parses_off_and_targets_and_refuses_the_rest() {
        assert_eq!("off".parse(), Ok(Loudness::Off));
        assert_eq!("-16".parse(), Ok(Loudness::Target(-16.0)));
        assert_eq!("-23.5".parse(), Ok(Loudness::Target(-23.5)));
        assert!("16".parse::<Loudness>().is_err());
        assert!("loud".parse::<Loudness>().is_err());
    }
}
