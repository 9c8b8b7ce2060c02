//! Stage 3 (studio voices): one sentence's spoken text in, 24 kHz samples from the
//! Kokoro-82M model out, run with ONNX Runtime.
//!
//! Text becomes IPA through eSpeak NG (with ties, per clause, its punctuation put back),
//! IPA becomes Kokoro's symbols ([`symbols::kokoro_symbols`]) and token ids from the
//! model's symbol table. Lexicon hints arrive as IPA and take the same path without
//! eSpeak. A sentence longer than the model takes ([`symbols::MAX_TOKENS`]) is read in
//! pieces cut at clauses, else between words. Each piece uses the voice's style row for
//! its length and a speed from the request's rate. As with Piper, the model opens in the
//! background while text is phonemized; then sentences run on one thread per core, all
//! on one shared session, and come back in order as they finish.

pub mod install;
pub mod manifest;
pub mod symbols;

use std::ops::ControlFlow;

use self::manifest::{KokoroFiles, KokoroManifest, PREFIX, data_dir_files};
use self::symbols::{MAX_TOKENS, Vocab, kokoro_symbols};
use super::espeak::EspeakEngine;
use super::onnx::{Input, Session, Sessions, load_runtime};
use super::piper::normalize_peak;
use super::piper::phonemes::clauses;
use super::{
    DEFAULT_RATE_WPM, EngineError, Segment, SpeechEngine, Synthesis, SynthesisRequest, voice_data,
};
use crate::audio::SampleRate;

/// Width of one style row.
const STYLE_WIDTH: usize = 256;
/// Rows in a style file: one per token count, 1 to 510.
const STYLE_ROWS: usize = 510;

pub struct KokoroEngine {
    name: String,
    sample_rate: SampleRate,
    british: bool,
    vocab: Vocab,
    styles: Styles,
    espeak: EspeakEngine,
    sessions: Sessions,
}

/// A voice's style rows: row `n − 1` conditions a piece of `n` tokens.
#[derive(Debug, Clone)]
pub struct Styles(Vec<f32>);

impl Styles {
    /// Raw little-endian f32 `[510, 1, 256]`, as the voice files are; anything else (a
    /// truncated file) is refused.
    pub fn parse(bytes: &[u8]) -> Result<Styles, String> {
        let expected = STYLE_ROWS * STYLE_WIDTH * 4;
        if bytes.len() != expected {
            return Err(format!("{} bytes, expected {expected}", bytes.len()));
        }
        let values: Vec<f32> = bytes
            .chunks_exact(4)
            .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            .collect();
        if values.iter().any(|v| !v.is_finite()) {
            return Err("the style holds values that are not numbers".into());
        }
        Ok(Styles(values))
    }

    fn row(&self, tokens: usize) -> &[f32] {
        let row = tokens.clamp(1, STYLE_ROWS) - 1;
        &self.0[row * STYLE_WIDTH..(row + 1) * STYLE_WIDTH]
    }
}

impl KokoroEngine {
    /// The installed voice `name` (`kokoro-af_heart`), reading `workers` sentences at
    /// once (default: one per core).
    pub fn installed(name: &str, workers: Option<usize>) -> Result<KokoroEngine, EngineError> {
        let manifest = KokoroManifest::shipped();
        let voice = manifest
            .voice(name)
            .ok_or_else(|| EngineError::UnknownVoice(name.to_owned()))?;
        let files = data_dir_files(&manifest, &voice)
            .ok_or_else(|| EngineError::VoiceNotInstalled(name.to_owned()))?;
        let data = super::piper::manifest::data_dir()
            .ok_or_else(|| EngineError::VoiceNotInstalled(name.to_owned()))?;
        // Sizes at every start, SHA-256 once per change (see `installed`).
        match self::manifest::check_voice(&data, &manifest, &voice) {
            Ok(()) => {}
            Err(super::installed::Damaged::Missing { .. }) => {
                return Err(EngineError::VoiceNotInstalled(name.to_owned()));
            }
            Err(damaged) => return Err(super::installed::voice_damaged(damaged)),
        }
        KokoroEngine::new(name, &files, manifest.sample_rate, voice.british, workers)
    }

    /// Load ONNX Runtime (once per process), the symbol table and the style, and start
    /// opening the model in the background.
    pub fn new(
        name: &str,
        files: &KokoroFiles,
        sample_rate: u32,
        british: bool,
        workers: Option<usize>,
    ) -> Result<KokoroEngine, EngineError> {
        if !(8_000..=192_000).contains(&sample_rate) {
            return Err(EngineError::VoiceData(format!(
                "{name}: sample rate {sample_rate} Hz is not usable"
            )));
        }
        let runtime = load_runtime()?;
        let json = std::fs::read_to_string(&files.vocab)
            .map_err(|e| voice_data(&files.vocab, e.to_string()))?;
        let vocab = Vocab::parse(&json).map_err(|e| voice_data(&files.vocab, e))?;
        let bytes =
            std::fs::read(&files.style).map_err(|e| voice_data(&files.style, e.to_string()))?;
        let styles = Styles::parse(&bytes).map_err(|e| voice_data(&files.style, e))?;
        let espeak = EspeakEngine::new(if british { "en-gb" } else { "en-us" })?;
        Ok(KokoroEngine {
            name: format!("kokoro:{}", name.strip_prefix(PREFIX).unwrap_or(name)),
            sample_rate: SampleRate(sample_rate),
            british,
            vocab,
            styles,
            espeak,
            sessions: Sessions::open_in_background(runtime, &files.model, workers),
        })
    }

    /// The sentence in Kokoro's symbols: text segments through eSpeak NG (tied IPA, clause
    /// punctuation kept), phoneme segments (lexicon hints) as given.
    pub fn symbols(&mut self, request: &SynthesisRequest) -> Result<String, EngineError> {
        symbols_for(&mut self.espeak, self.british, request)
    }

    fn job(&mut self, request: &SynthesisRequest) -> Result<Job, EngineError> {
        let symbols = self.symbols(request)?;
        let tokens = self.vocab.tokens(&symbols);
        Ok(Job {
            pieces: self.vocab.pieces(&tokens, MAX_TOKENS),
            speed: speed(request.rate_wpm),
        })
    }
}

/// See [`KokoroEngine::symbols`].
pub fn symbols_for(
    espeak: &mut EspeakEngine,
    british: bool,
    request: &SynthesisRequest,
) -> Result<String, EngineError> {
    let mut out = String::new();
    let mut add = |said: &str| {
        if said.is_empty() {
            return;
        }
        if !out.is_empty() && !out.ends_with(' ') {
            out.push(' ');
        }
        out.push_str(said);
    };
    for segment in &request.segments {
        match segment {
            Segment::Text(text) => {
                for (clause, mark) in clauses(text) {
                    let mut said = kokoro_symbols(&espeak.text_to_tied_ipa(clause)?, british);
                    said.extend(mark);
                    add(&said);
                }
            }
            Segment::Phonemes { ipa, .. } => add(&kokoro_symbols(ipa.trim(), british)),
        }
    }
    Ok(out)
}

/// The model's `speed` for a rate in words per minute (1.0 at the default rate).
fn speed(rate_wpm: u32) -> f32 {
    rate_wpm.clamp(80, 330) as f32 / DEFAULT_RATE_WPM as f32
}

/// One sentence ready for the model: its pieces of at most [`MAX_TOKENS`] tokens.
struct Job {
    pieces: Vec<Vec<i64>>,
    speed: f32,
}

impl Job {
    fn tokens(&self) -> usize {
        self.pieces.iter().map(Vec::len).sum()
    }
}

impl SpeechEngine for KokoroEngine {
    fn name(&self) -> &str {
        &self.name
    }

    fn sample_rate(&self) -> SampleRate {
        self.sample_rate
    }

    fn phonemize(&mut self, text: &str) -> Result<Option<String>, EngineError> {
        Ok(Some(self.espeak.text_to_ipa(text)?))
    }

    fn synthesize(&mut self, request: &SynthesisRequest) -> Result<Synthesis, EngineError> {
        let job = self.job(request)?;
        infer(self.sessions.first()?, &self.styles, &job)
    }

    /// Phonemize everything while the model opens, then run sentences on one thread and
    /// session per worker, and hand results back in order as they finish.
    fn synthesize_in_order(
        &mut self,
        requests: &[SynthesisRequest],
        each: &mut dyn FnMut(Synthesis) -> ControlFlow<()>,
    ) -> Result<(), EngineError> {
        let jobs = requests
            .iter()
            .map(|r| self.job(r))
            .collect::<Result<Vec<_>, _>>()?;
        let styles = &self.styles;
        self.sessions.run_in_order(
            &jobs,
            Job::tokens,
            |session, job| infer(session, styles, job),
            each,
        )
    }
}

/// Run the model on each piece of a sentence and join the audio.
fn infer(session: &mut Session, styles: &Styles, job: &Job) -> Result<Synthesis, EngineError> {
    let mut samples = Vec::new();
    for piece in &job.pieces {
        samples.extend(run_piece(session, styles, piece, job.speed)?);
    }
    normalize_peak(&mut samples);
    Ok(Synthesis {
        samples,
        ..Synthesis::default()
    })
}

/// One model call: the piece padded with token 0 at both ends, the style row for its
/// length, the speed.
fn run_piece(
    session: &mut Session,
    styles: &Styles,
    piece: &[i64],
    speed: f32,
) -> Result<Vec<f32>, EngineError> {
    if piece.is_empty() {
        return Ok(Vec::new());
    }
    let mut tokens = Vec::with_capacity(piece.len() + 2);
    tokens.push(0);
    tokens.extend_from_slice(piece);
    tokens.push(0);
    let n = tokens.len() as i64;
    let inputs = vec![
        ("tokens", Input::I64(tokens, vec![1, n])),
        (
            "style",
            Input::F32(
                styles.row(piece.len()).to_vec(),
                vec![1, STYLE_WIDTH as i64],
            ),
        ),
        ("speed", Input::F32(vec![speed], vec![1])),
    ];
    Ok(session.run(inputs, "audio")?)
}

#[cfg(test)]
mod tests;
