//! Stage 3 (default voice): one sentence's spoken text in, samples and word timings from
//! the eSpeak NG C library out.
//!
//! The library keeps global state, so a process holds at most one [`EspeakEngine`] at a
//! time: a second [`EspeakEngine::new`] while one is alive fails with
//! [`EngineError::Busy`]. Dropping the engine frees the slot; the library itself stays
//! loaded and initialized until the process exits.
//!
//! Text segments go in as plain UTF-8, never SSML, with `[[`, `]]` and control characters
//! neutralized (`plain_text`); phoneme segments go in as `[[...]]` blocks of eSpeak
//! mnemonics converted from IPA (`phonemes`). So a hint is said exactly as given, and an
//! article cannot smuggle commands or phonemes to the synthesizer.

mod data;
mod ffi;
pub mod helper;
mod phonemes;

use std::ffi::{CStr, CString, c_int, c_short, c_void};
use std::ops::{ControlFlow, Range};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};

use self::ffi::{Api, Event};
use super::{EngineError, Segment, SpeechEngine, Synthesis, SynthesisRequest, WordTiming};
use crate::audio::SampleRate;
use crate::schedule::Schedule;

/// Whether an [`EspeakEngine`] is alive in this process.
static IN_USE: AtomicBool = AtomicBool::new(false);

pub struct EspeakEngine {
    api: &'static Api,
    voice: String,
    name: String,
    /// The narrate executable that helper processes run, when long texts may use them.
    helper_program: Option<PathBuf>,
}

impl EspeakEngine {
    /// Load the library (once per process) and select a voice such as `en-us`.
    pub fn new(voice: &str) -> Result<Self, EngineError> {
        let api = Api::get(synth_callback)?;
        // The library trusts its data (a truncated file crashed it): check it first.
        data::check(std::path::Path::new(&api.data_path()), voice)
            .map_err(EngineError::EspeakData)?;
        if IN_USE
            .compare_exchange(false, true, Ordering::Acquire, Ordering::Relaxed)
            .is_err()
        {
            return Err(EngineError::Busy);
        }
        // From here on `engine` owns the slot; its `Drop` releases it on every path.
        let engine = EspeakEngine {
            api,
            voice: voice.to_owned(),
            name: format!("espeak-ng:{voice}"),
            helper_program: None,
        };
        if !engine.select_voice(voice) {
            return Err(EngineError::UnknownVoice(voice.to_owned()));
        }
        Ok(engine)
    }

    /// Let long texts be read with helper processes running `program`, a narrate
    /// executable (see [`helper`]). Without it, everything is read in this process.
    #[must_use]
    pub fn with_helpers(mut self, program: PathBuf) -> Self {
        self.helper_program = Some(program);
        self
    }

    /// Select a voice by its name (`English (America)`, or a file name such as `en-US`),
    /// else by language (`en-gb`), as the `espeak-ng -v` command does.
    fn select_voice(&self, voice: &str) -> bool {
        // eSpeak picks its default voice for an empty name; we want what was asked for.
        let Ok(c_voice) = CString::new(voice.trim()) else {
            return false;
        };
        if c_voice.is_empty() {
            return false;
        }
        // SAFETY: we hold the process's only engine slot, and `c_voice` is NUL-terminated
        // and outlives the call.
        if unsafe { (self.api.set_voice_by_name)(c_voice.as_ptr()) } == ffi::EE_OK {
            return true;
        }
        let mut spec = ffi::VoiceSpec {
            name: std::ptr::null(),
            languages: c_voice.as_ptr(),
            identifier: std::ptr::null(),
            gender: 0,
            age: 0,
            variant: 0,
            xx1: 0,
            score: 0,
            spare: std::ptr::null_mut(),
        };
        // SAFETY: as above; `spec` is a fully initialized `espeak_VOICE` whose strings
        // outlive the call, and the library only reads it.
        unsafe { (self.api.set_voice_by_properties)(&mut spec) == ffi::EE_OK }
    }

    /// The pronunciation eSpeak NG would use for `text`, in IPA, e.g. `həlˈoʊ` for
    /// `hello`. Clauses are joined with a space.
    pub fn text_to_ipa(&mut self, text: &str) -> Result<String, EngineError> {
        self.phonemes(text, ffi::PHONEMES_IPA)
    }

    /// As [`EspeakEngine::text_to_ipa`], with the letters of each phoneme joined by `^`
    /// (`həlˈo^ʊ`), so a diphthong or affricate is told from two phonemes side by side.
    pub fn text_to_tied_ipa(&mut self, text: &str) -> Result<String, EngineError> {
        let tie = ('^' as c_int) << 8;
        self.phonemes(text, ffi::PHONEMES_IPA | ffi::PHONEMES_TIE | tie)
    }

    fn phonemes(&mut self, text: &str, mode: c_int) -> Result<String, EngineError> {
        let c_text = CString::new(plain_text(text))
            .map_err(|_| EngineError::Synthesis("text contains a NUL byte".into()))?;
        let mut cursor: *const c_void = c_text.as_ptr().cast();
        let mut clauses = Vec::new();
        // Each call consumes at least one clause; the bound only guards against a library bug.
        for _ in 0..=text.len() {
            if cursor.is_null() {
                break;
            }
            // SAFETY: we hold the only engine; `cursor` points into `c_text`, which is
            // NUL-terminated and alive, and the library advances it within that buffer or
            // sets it to NULL.
            let phonemes =
                unsafe { (self.api.text_to_phonemes)(&mut cursor, ffi::CHARS_UTF8 as c_int, mode) };
            if !phonemes.is_null() {
                // SAFETY: the result is a NUL-terminated static buffer that stays valid until
                // the next call; it is copied out at once.
                let clause = unsafe { CStr::from_ptr(phonemes) }.to_string_lossy();
                let clause = clause.trim();
                if !clause.is_empty() {
                    clauses.push(clause.to_owned());
                }
            }
        }
        Ok(clauses.join(" "))
    }
}

impl Drop for EspeakEngine {
    fn drop(&mut self) {
        IN_USE.store(false, Ordering::Release);
    }
}

impl SpeechEngine for EspeakEngine {
    fn name(&self) -> &str {
        &self.name
    }

    fn sample_rate(&self) -> SampleRate {
        SampleRate(self.api.sample_rate)
    }

    fn synthesize(&mut self, request: &SynthesisRequest) -> Result<Synthesis, EngineError> {
        let input = Input::new(&request.segments);
        let c_text = CString::new(input.text.as_str())
            .map_err(|_| EngineError::Synthesis("text contains a NUL byte".into()))?;
        let rate = request
            .rate_wpm
            .clamp(*ffi::RATE_RANGE.start(), *ffi::RATE_RANGE.end());
        let pitch = request.pitch.min(100);
        // SAFETY: we hold the only engine, so nothing else touches the library's globals.
        unsafe {
            (self.api.set_parameter)(ffi::PARAM_RATE, rate as c_int, 0);
            (self.api.set_parameter)(ffi::PARAM_PITCH, c_int::from(pitch), 0);
        }
        let flags = if input.has_phonemes() {
            ffi::CHARS_UTF8 | ffi::PHONEMES
        } else {
            ffi::CHARS_UTF8
        };

        let mut collector = Collector::default();
        // SAFETY: synchronous mode: the callback runs on this thread before `espeak_Synth`
        // returns, and is the only user of `collector` through `user_data` meanwhile.
        // `c_text` is NUL-terminated and outlives the call; its size includes the NUL.
        let status = unsafe {
            (self.api.synth)(
                c_text.as_ptr().cast(),
                c_text.as_bytes_with_nul().len(),
                0,
                ffi::POS_CHARACTER,
                0,
                flags,
                std::ptr::null_mut(),
                (&raw mut collector).cast(),
            )
        };
        // SAFETY: as above; returns at once in synchronous mode.
        unsafe { (self.api.synchronize)() };
        if status != ffi::EE_OK {
            return Err(EngineError::Synthesis(format!(
                "espeak_Synth returned {status}"
            )));
        }
        if collector.panicked {
            return Err(EngineError::Synthesis(
                "collecting eSpeak NG output failed".into(),
            ));
        }
        let sent = word_timings(&input.text, &collector.words, collector.samples.len());
        Ok(Synthesis {
            words: input.to_written(&sent),
            samples: collector.samples,
            phonemes: collector.phonemes,
        })
    }

    fn phonemize(&mut self, text: &str) -> Result<Option<String>, EngineError> {
        self.text_to_ipa(text).map(Some)
    }

    /// Long texts are shared with helper processes, one per extra core (see [`helper`]):
    /// each reads whole sentences, and the results come back in order.
    fn synthesize_in_order(
        &mut self,
        requests: &[SynthesisRequest],
        each: &mut dyn FnMut(Synthesis) -> ControlFlow<()>,
    ) -> Result<(), EngineError> {
        let helpers: Vec<helper::Helper> = match &self.helper_program {
            Some(program) => (0..helper::wanted(requests.len()))
                .filter_map(|_| helper::Helper::start(program, &self.voice))
                .collect(),
            None => Vec::new(),
        };
        self.read_with_helpers(requests, helpers, each)
    }
}

impl EspeakEngine {
    /// Read `requests` in this process and `helpers`, results in order (see
    /// [`SpeechEngine::synthesize_in_order`]).
    fn read_with_helpers(
        &mut self,
        requests: &[SynthesisRequest],
        helpers: Vec<helper::Helper>,
        each: &mut dyn FnMut(Synthesis) -> ControlFlow<()>,
    ) -> Result<(), EngineError> {
        if helpers.is_empty() {
            for request in requests {
                crate::interrupt::check()?;
                if each(self.synthesize(request)?).is_break() {
                    break;
                }
            }
            return Ok(());
        }
        // This process is the first worker; each helper is another.
        let mut workers: Vec<Option<helper::Helper>> = std::iter::once(None)
            .chain(helpers.into_iter().map(Some))
            .collect();
        let local = std::sync::Mutex::new(self);
        // Each sentence goes to a process fixed by the text alone: eSpeak NG's output
        // depends slightly on what it read before, and the same article should always
        // render the same way.
        let assigned = helper::assign(requests, workers.len());
        crate::schedule::in_order(
            requests,
            &mut workers,
            Schedule::Assigned(&assigned),
            |worker, request| {
                crate::interrupt::check()?;
                if let Some(helper) = worker {
                    match helper.synthesize(request) {
                        Ok(answer) => return answer,
                        // A broken helper: this worker reads here from now on.
                        Err(_) => *worker = None,
                    }
                }
                let mut engine = local.lock().unwrap_or_else(|e| e.into_inner());
                engine.synthesize(request)
            },
            each,
        )
    }
}

/// The text handed to eSpeak for a request, and where each segment went in it.
struct Input {
    text: String,
    pieces: Vec<Piece>,
}

/// One segment: its bytes in [`Input::text`] and in the written sentence.
struct Piece {
    sent: Range<usize>,
    written: Range<usize>,
    phonemes: bool,
}

impl Input {
    fn new(segments: &[Segment]) -> Input {
        let mut input = Input {
            text: String::new(),
            pieces: Vec::with_capacity(segments.len()),
        };
        let mut written = 0;
        for segment in segments {
            let start = input.text.len();
            let phonemes = match segment {
                Segment::Text(text) => {
                    input.text.push_str(&plain_text(text));
                    false
                }
                Segment::Phonemes { ipa, .. } => {
                    // Spaces keep a neighbouring `[` or `]` of the text out of the brackets.
                    input.text.push_str(" [[");
                    input.text.push_str(&phonemes::ipa_to_mnemonics(ipa));
                    input.text.push_str("]] ");
                    true
                }
            };
            let len = segment.written().len();
            input.pieces.push(Piece {
                sent: start..input.text.len(),
                written: written..written + len,
                phonemes,
            });
            written += len;
        }
        input
    }

    fn has_phonemes(&self) -> bool {
        self.pieces.iter().any(|p| p.phonemes)
    }

    /// Timings against the sent text, moved to the written sentence: a word inside a
    /// phoneme block points at the whole written segment; repeats are dropped.
    fn to_written(&self, sent: &[WordTiming]) -> Vec<WordTiming> {
        let mut words: Vec<WordTiming> = Vec::with_capacity(sent.len());
        for timing in sent {
            let Some(piece) = self
                .pieces
                .iter()
                .find(|p| p.sent.contains(&timing.text_offset))
            else {
                continue;
            };
            let (text_offset, text_len) = if piece.phonemes {
                (piece.written.start, piece.written.len())
            } else {
                let start = timing.text_offset - piece.sent.start;
                let len = timing.text_len.min(piece.sent.len() - start);
                (piece.written.start + start, len)
            };
            let moved = WordTiming {
                text_offset,
                text_len,
                ..*timing
            };
            if words
                .last()
                .is_none_or(|last| moved.text_offset >= last.text_offset + last.text_len.max(1))
            {
                words.push(moved);
            }
        }
        words
    }
}

/// Make article text safe to read literally: `[[` would start phoneme input (so every
/// square bracket becomes a round one, which reads the same and cannot pair up with a
/// neighbouring segment's), control characters could start eSpeak's embedded commands
/// (`\x01`), and a NUL would end the C string early. Replacements keep every byte and
/// character offset, so eSpeak's positions still point into the caller's text.
fn plain_text(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '[' => '(',
            ']' => ')',
            // U+0080..U+009F take two bytes in UTF-8, like the no-break space.
            c if c.is_control() && c.len_utf8() == 2 => '\u{a0}',
            c if c.is_control() => ' ',
            c => c,
        })
        .collect()
}

/// A word event as eSpeak NG reported it.
#[derive(Debug, Clone, Copy)]
struct RawWord {
    /// 1-based character position.
    char_position: usize,
    /// Length in characters.
    char_len: usize,
    sample: usize,
}

/// What the callback gathers during one `espeak_Synth`.
#[derive(Default)]
struct Collector {
    samples: Vec<f32>,
    words: Vec<RawWord>,
    phonemes: Vec<String>,
    panicked: bool,
}

impl Collector {
    fn take(&mut self, wav: &[c_short], events: &[Event]) {
        for event in events {
            match event.kind {
                ffi::EVENT_WORD => self.words.push(RawWord {
                    char_position: usize::try_from(event.text_position).unwrap_or(0),
                    char_len: usize::try_from(event.length).unwrap_or(0),
                    sample: usize::try_from(event.sample).unwrap_or(0),
                }),
                ffi::EVENT_PHONEME => {
                    // SAFETY: phoneme events carry the phoneme's name in `id.string`.
                    let name = unsafe { event.id.string };
                    let bytes: Vec<u8> = name
                        .iter()
                        .take_while(|&&b| b != 0)
                        .map(|&b| b as u8)
                        .collect();
                    let name = String::from_utf8_lossy(&bytes);
                    if !name.is_empty() && !name.starts_with('_') {
                        self.phonemes.push(name.into_owned());
                    }
                }
                _ => {}
            }
        }
        self.samples
            .extend(wav.iter().map(|&s| f32::from(s) / 32_768.0));
    }
}

/// `t_espeak_callback`: copies samples and word events into the [`Collector`] that
/// `espeak_Synth` received as `user_data`. Never unwinds into C.
extern "C" fn synth_callback(wav: *mut c_short, numsamples: c_int, events: *mut Event) -> c_int {
    // SAFETY: eSpeak NG passes an event list terminated by `EVENT_LIST_TERMINATED`, valid
    // for the duration of this call.
    let events = unsafe { event_list(events) };
    let Some(user_data) = events.first().map(|e| e.user_data) else {
        return 0;
    };
    if user_data.is_null() {
        return 0;
    }
    // SAFETY: `user_data` is the `&mut Collector` that `synthesize` passed to `espeak_Synth`,
    // which is still running on this thread; nothing else accesses it meanwhile.
    let collector = unsafe { &mut *user_data.cast::<Collector>() };
    let wav = match usize::try_from(numsamples) {
        // SAFETY: eSpeak NG hands `numsamples` valid samples at `wav`.
        Ok(len) if len > 0 && !wav.is_null() => unsafe { std::slice::from_raw_parts(wav, len) },
        _ => &[],
    };
    let result = catch_unwind(AssertUnwindSafe(|| collector.take(wav, events)));
    if result.is_err() {
        collector.panicked = true;
        return 1;
    }
    0
}

/// The events up to (and including) the terminator, or none for a NULL list.
///
/// # Safety
/// `events` is NULL or points to an array terminated by `EVENT_LIST_TERMINATED`, valid for
/// the returned lifetime.
unsafe fn event_list<'a>(events: *mut Event) -> &'a [Event] {
    if events.is_null() {
        return &[];
    }
    let mut len = 0;
    // SAFETY: the caller guarantees the terminator exists, so every index read is in bounds.
    while unsafe { (*events.add(len)).kind } != ffi::EVENT_LIST_TERMINATED {
        len += 1;
    }
    // SAFETY: `len + 1` initialized events, as counted above.
    unsafe { std::slice::from_raw_parts(events, len + 1) }
}

/// Map eSpeak's 1-based character positions to byte offsets in `text`. eSpeak also reports
/// the parts of a spoken number (`1995` → `nineteen`, `hundred`, `ninety-five`) as words
/// starting inside the first; those, and any event that goes backwards, are dropped.
fn word_timings(text: &str, raw: &[RawWord], total_samples: usize) -> Vec<WordTiming> {
    let mut char_starts: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
    let chars = char_starts.len();
    char_starts.push(text.len());
    let mut words: Vec<WordTiming> = Vec::new();
    for word in raw {
        let Some(first) = word.char_position.checked_sub(1).filter(|&c| c < chars) else {
            continue;
        };
        let start = char_starts[first];
        let end = if word.char_len > 0 {
            char_starts[(first + word.char_len).min(chars)]
        } else {
            text[start..]
                .find(char::is_whitespace)
                .map_or(text.len(), |i| start + i)
        };
        let timing = WordTiming {
            sample: word.sample.min(total_samples),
            text_offset: start,
            text_len: end - start,
        };
        match words.last() {
            Some(last)
                if timing.text_offset < last.text_offset + last.text_len.max(1)
                    || timing.sample < last.sample => {}
            _ => words.push(timing),
        }
    }
    words
}

#[cfg(test)]
pub(crate) mod tests;
