//! Stage 3 (default voice, plumbing): the eSpeak NG C library, loaded at run time.
//!
//! Hand-written from eSpeak NG 1.51 `speak_lib.h` (API revision 12), so building needs no
//! headers, no libclang and no eSpeak install. The library is loaded and initialized once
//! per process ([`Api::get`]) and never unloaded: it keeps global state and owns no thread
//! in synchronous mode, so keeping it until exit is both simplest and safe.

use std::ffi::{c_char, c_int, c_short, c_uint, c_void};
use std::sync::OnceLock;

use libloading::Library;

use crate::engine::EngineError;

/// `espeak_AUDIO_OUTPUT::AUDIO_OUTPUT_SYNCHRONOUS`: `espeak_Synth` returns after the
/// callback has seen all audio.
const AUDIO_OUTPUT_SYNCHRONOUS: c_int = 2;
/// Length in ms of the buffers handed to the callback.
const BUFFER_MS: c_int = 200;
/// `espeakINITIALIZE_DONT_EXIT`: without it a missing `espeak-ng-data` calls `exit(1)`.
const INITIALIZE_DONT_EXIT: c_int = 0x8000;
/// `espeakINITIALIZE_PHONEME_EVENTS | espeakINITIALIZE_PHONEME_IPA`: report each phoneme
/// said, by its IPA name, so callers can check what was spoken.
const INITIALIZE_PHONEME_EVENTS_IPA: c_int = 0x0001 | 0x0002;

/// `espeak_POSITION_TYPE::POS_CHARACTER`.
pub const POS_CHARACTER: c_int = 1;
/// `espeakCHARS_UTF8`; `espeakSSML` (0x10) is never set.
pub const CHARS_UTF8: c_uint = 1;
/// `espeakPHONEMES`: `[[...]]` holds phoneme mnemonics. Set only for text whose every
/// `[[` narrate wrote itself (see `EspeakEngine::synthesize`).
pub const PHONEMES: c_uint = 0x100;
/// `espeakPHONEMES_IPA` for `espeak_TextToPhonemes`.
pub const PHONEMES_IPA: c_int = 0x02;
/// `espeakPHONEMES_TIE`: join the letters of one phoneme (`t^ʃ`, `e^ɪ`) with the tie
/// character given in bits 8–23.
pub const PHONEMES_TIE: c_int = 0x80;

/// `espeak_PARAMETER` values.
pub const PARAM_RATE: c_int = 1;
pub const PARAM_PITCH: c_int = 3;
/// `espeakRATE_MINIMUM` and `espeakRATE_MAXIMUM`.
pub const RATE_RANGE: std::ops::RangeInclusive<u32> = 80..=450;

/// `espeak_ERROR::EE_OK`.
pub const EE_OK: c_int = 0;

/// `espeak_EVENT_TYPE` values the engine uses.
pub const EVENT_LIST_TERMINATED: c_int = 0;
pub const EVENT_WORD: c_int = 1;
pub const EVENT_PHONEME: c_int = 7;

/// `espeak_EVENT`, field for field. The enum `type` is an `int` on every ABI eSpeak NG
/// supports; on LP64 (x86_64, aarch64) the struct is 40 bytes with `user_data` at 24.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct Event {
    pub kind: c_int,
    pub unique_identifier: c_uint,
    /// 1-based character position of the event in the text.
    pub text_position: c_int,
    /// Word length in characters, for word events.
    pub length: c_int,
    /// Milliseconds from the start of this synthesis.
    pub audio_position: c_int,
    /// Sample index from the start of this synthesis.
    pub sample: c_int,
    pub user_data: *mut c_void,
    pub id: EventId,
}

/// The `id` union of `espeak_EVENT`.
#[repr(C)]
#[derive(Clone, Copy)]
pub union EventId {
    pub number: c_int,
    pub name: *const c_char,
    pub string: [c_char; 8],
}

#[cfg(target_pointer_width = "64")]
const _: () = {
    assert!(std::mem::size_of::<Event>() == 40);
    assert!(std::mem::offset_of!(Event, sample) == 20);
    assert!(std::mem::offset_of!(Event, user_data) == 24);
    assert!(std::mem::offset_of!(Event, id) == 32);
};

/// `espeak_VOICE`, used only as selection criteria for `espeak_SetVoiceByProperties`.
#[repr(C)]
pub struct VoiceSpec {
    pub name: *const c_char,
    pub languages: *const c_char,
    pub identifier: *const c_char,
    pub gender: u8,
    pub age: u8,
    pub variant: u8,
    pub xx1: u8,
    pub score: c_int,
    pub spare: *mut c_void,
}

#[cfg(target_pointer_width = "64")]
const _: () = {
    assert!(std::mem::size_of::<VoiceSpec>() == 40);
    assert!(std::mem::offset_of!(VoiceSpec, score) == 28);
    assert!(std::mem::offset_of!(VoiceSpec, spare) == 32);
};

/// `t_espeak_callback`: `int cb(short *wav, int numsamples, espeak_EVENT *events)`;
/// returns 0 to continue, 1 to abort.
pub type SynthCallback = extern "C" fn(*mut c_short, c_int, *mut Event) -> c_int;

type InitializeFn = unsafe extern "C" fn(c_int, c_int, *const c_char, c_int) -> c_int;
type SetSynthCallbackFn = unsafe extern "C" fn(Option<SynthCallback>);
type SetVoiceByNameFn = unsafe extern "C" fn(*const c_char) -> c_int;
type SetVoiceByPropertiesFn = unsafe extern "C" fn(*mut VoiceSpec) -> c_int;
type SetParameterFn = unsafe extern "C" fn(c_int, c_int, c_int) -> c_int;
type SynthFn = unsafe extern "C" fn(
    *const c_void,
    usize,
    c_uint,
    c_int,
    c_uint,
    c_uint,
    *mut c_uint,
    *mut c_void,
) -> c_int;
type SynchronizeFn = unsafe extern "C" fn() -> c_int;
type TextToPhonemesFn = unsafe extern "C" fn(*mut *const c_void, c_int, c_int) -> *const c_char;
type InfoFn = unsafe extern "C" fn(*mut *const c_char) -> *const c_char;

/// The entry points, resolved once. Calling any of them requires holding the engine lock
/// (see `EspeakEngine`), because the library keeps global state.
pub struct Api {
    pub set_voice_by_name: SetVoiceByNameFn,
    pub set_voice_by_properties: SetVoiceByPropertiesFn,
    pub set_parameter: SetParameterFn,
    pub synth: SynthFn,
    pub synchronize: SynchronizeFn,
    pub text_to_phonemes: TextToPhonemesFn,
    pub info: InfoFn,
    /// Hz, as returned by `espeak_Initialize`.
    pub sample_rate: u32,
    /// Keeps the code above mapped for the life of the process.
    _library: Library,
}

/// Why loading failed, kept so every later attempt reports the same thing.
#[derive(Debug, Clone)]
enum LoadError {
    Missing(String),
    Incompatible(String),
}

impl From<&LoadError> for EngineError {
    fn from(error: &LoadError) -> Self {
        match error {
            LoadError::Missing(detail) => EngineError::LibraryMissing {
                detail: detail.clone(),
            },
            LoadError::Incompatible(why) => EngineError::LibraryIncompatible(why.clone()),
        }
    }
}

/// File names tried in order; the first that loads wins.
fn candidates() -> &'static [&'static str] {
    if cfg!(target_os = "macos") {
        &[
            "libespeak-ng.1.dylib",
            "libespeak-ng.dylib",
            "/opt/homebrew/lib/libespeak-ng.1.dylib",
            "/opt/homebrew/lib/libespeak-ng.dylib",
            "/usr/local/lib/libespeak-ng.1.dylib",
            "/usr/local/lib/libespeak-ng.dylib",
        ]
    } else if cfg!(windows) {
        &["libespeak-ng.dll", "espeak-ng.dll"]
    } else {
        &["libespeak-ng.so.1", "libespeak-ng.so"]
    }
}

impl Api {
    /// Load and initialize the library on first use; later calls return the same result.
    pub fn get(callback: SynthCallback) -> Result<&'static Api, EngineError> {
        static API: OnceLock<Result<Api, LoadError>> = OnceLock::new();
        API.get_or_init(|| Api::load(candidates(), callback))
            .as_ref()
            .map_err(EngineError::from)
    }

    /// Load the first library in `names` that exists, resolve every symbol, then initialize.
    fn load(names: &[&str], callback: SynthCallback) -> Result<Api, LoadError> {
        let mut tried = Vec::new();
        let library = names.iter().find_map(|name| {
            // SAFETY: eSpeak NG's initializers only set up its own static data; loading it
            // has no other side effects.
            match unsafe { Library::new(*name) } {
                Ok(library) => Some(library),
                Err(error) => {
                    tried.push(format!("{name}: {error}"));
                    None
                }
            }
        });
        let library =
            library.ok_or_else(|| LoadError::Missing(format!("tried {}", tried.join("; "))))?;

        macro_rules! symbol {
            ($name:literal, $ty:ty) => {
                // SAFETY: the type is transcribed from `speak_lib.h` of eSpeak NG 1.51, whose
                // signatures are unchanged since API revision 10; the pointer is copied out
                // and only used while `_library` (moved into the `Api`) keeps it mapped.
                *unsafe { library.get::<$ty>(concat!($name, "\0").as_bytes()) }.map_err(|_| {
                    LoadError::Incompatible(format!("the library has no `{}`", $name))
                })?
            };
        }
        let initialize = symbol!("espeak_Initialize", InitializeFn);
        let set_synth_callback = symbol!("espeak_SetSynthCallback", SetSynthCallbackFn);
        let api = Api {
            set_voice_by_name: symbol!("espeak_SetVoiceByName", SetVoiceByNameFn),
            set_voice_by_properties: symbol!("espeak_SetVoiceByProperties", SetVoiceByPropertiesFn),
            set_parameter: symbol!("espeak_SetParameter", SetParameterFn),
            synth: symbol!("espeak_Synth", SynthFn),
            synchronize: symbol!("espeak_Synchronize", SynchronizeFn),
            text_to_phonemes: symbol!("espeak_TextToPhonemes", TextToPhonemesFn),
            info: symbol!("espeak_Info", InfoFn),
            sample_rate: 0,
            _library: library,
        };

        // SAFETY: runs once, inside the `OnceLock` initializer, before any other call into
        // the library; a NULL path means the default data directory.
        let rate = unsafe {
            initialize(
                AUDIO_OUTPUT_SYNCHRONOUS,
                BUFFER_MS,
                std::ptr::null(),
                INITIALIZE_DONT_EXIT | INITIALIZE_PHONEME_EVENTS_IPA,
            )
        };
        let sample_rate = u32::try_from(rate)
            .ok()
            .filter(|&rate| rate > 0)
            .ok_or_else(|| {
                LoadError::Incompatible(format!(
                    "espeak_Initialize failed (data directory {})",
                    api.data_path()
                ))
            })?;
        // With `INITIALIZE_DONT_EXIT`, missing voice data is only reported on stderr.
        let data = api.data_path();
        if !std::path::Path::new(&data).join("phontab").is_file() {
            return Err(LoadError::Missing(format!(
                "no voice data in `{data}` (package espeak-ng-data)"
            )));
        }
        // SAFETY: `callback` is an `extern "C"` function with the `t_espeak_callback`
        // signature that never unwinds, and it lives for the whole program.
        unsafe { set_synth_callback(Some(callback)) };
        Ok(Api { sample_rate, ..api })
    }

    /// Where the library looks for `espeak-ng-data`, for error messages.
    pub fn data_path(&self) -> String {
        let mut path: *const c_char = std::ptr::null();
        // SAFETY: `espeak_Info` only writes a pointer to its own static path buffer into
        // `path` and returns a static version string.
        unsafe { (self.info)(&mut path) };
        if path.is_null() {
            return "unknown".into();
        }
        // SAFETY: non-null, NUL-terminated static buffer owned by the library.
        unsafe { std::ffi::CStr::from_ptr(path) }
            .to_string_lossy()
            .into_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    extern "C" fn ignore(_: *mut c_short, _: c_int, _: *mut Event) -> c_int {
        0
    }

    #[test]
    fn a_missing_library_names_what_was_tried() {
        let error = Api::load(&["libnarrate-nonexistent.so.7", "libnope.so"], ignore)
            .err()
            .map(|e| EngineError::from(&e));
        match error {
            Some(EngineError::LibraryMissing { detail }) => {
                assert!(detail.contains("libnarrate-nonexistent.so.7"), "{detail}");
                assert!(detail.contains("libnope.so"), "{detail}");
            }
            other => panic!("{other:?}"),
        }
    }

    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    #[test]
    fn a_library_without_the_symbols_is_incompatible() {
        let error = Api::load(&["libm.so.6"], ignore)
            .err()
            .map(|e| EngineError::from(&e));
        match error {
            Some(EngineError::LibraryIncompatible(why)) => {
                assert!(why.contains("espeak_Initialize"), "{why}")
            }
            other => panic!("{other:?}"),
        }
    }
}
