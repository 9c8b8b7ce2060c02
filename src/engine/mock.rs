//! Stage 3 (tests): spoken text in, a fixed tone per sentence out.
//!
//! Deterministic and instant, so integration tests check markers, pauses and sidecars
//! without a speech library. Each word lasts [`WORD_SECONDS`]; the tone's pitch depends
//! on the sentence's length so neighbouring sentences sound different.

use super::{EngineError, SpeechEngine, Synthesis, SynthesisRequest, WordTiming};
use crate::audio::SampleRate;

pub const WORD_SECONDS: f32 = 0.25;
const RATE: SampleRate = SampleRate(22_050);

#[derive(Debug, Default)]
pub struct MockEngine;

impl SpeechEngine for MockEngine {
    fn name(&self) -> &str {
        "mock"
    }

    fn sample_rate(&self) -> SampleRate {
        RATE
    }

    fn synthesize(&mut self, request: &SynthesisRequest) -> Result<Synthesis, EngineError> {
        let word_samples = (WORD_SECONDS * RATE.0 as f32) as usize;
        let text = request.written();
        let frequency = 220.0 + 20.0 * (text.len() % 12) as f32;
        let mut synthesis = Synthesis::default();
        let mut offset = 0;
        for word in text.split_whitespace() {
            let start = text[offset..].find(word).map_or(offset, |i| offset + i);
            offset = start + word.len();
            synthesis.words.push(WordTiming {
                sample: synthesis.samples.len(),
                text_offset: start,
                text_len: word.len(),
            });
            let base = synthesis.samples.len();
            synthesis.samples.extend((0..word_samples).map(|i| {
                let t = (base + i) as f32 / RATE.0 as f32;
                0.3 * (std::f32::consts::TAU * frequency * t).sin()
            }));
        }
        Ok(synthesis)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_word_gets_a_quarter_second_and_a_timing() {
        let out = MockEngine
            .synthesize(&SynthesisRequest::new("three short words"))
            .unwrap();
        assert_eq!(out.samples.len(), 3 * 5512);
        let offsets: Vec<_> = out
            .words
            .iter()
            .map(|w| (w.sample, w.text_offset))
            .collect();
        assert_eq!(offsets, [(0, 0), (5512, 6), (11024, 12)]);
        assert!(out.samples.iter().all(|s| s.abs() <= 0.3));
    }
}
