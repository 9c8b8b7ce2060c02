//! The few ONNX Runtime calls the neural voices (Piper, Kokoro) need: load the shared
//! library at run time, open a model, run it on int64/f32 tensors, read back one f32 tensor.
//!
//! `ort-sys` supplies the C API's struct layouts; the library itself is opened with
//! `libloading` like eSpeak NG, so building narrate needs no ONNX Runtime. (The `ort`
//! crate's `load-dynamic` mode pulls `ndarray` into every crate of the build, whose
//! operator impls break type inference elsewhere in narrate.)

use std::ffi::{c_char, c_void, CStr, CString};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::thread::JoinHandle;

use super::piper::manifest::{data_dir, runtime_library, RuntimeManifest};
use super::EngineError;

use ort_sys::{
    GraphOptimizationLevel, ONNXTensorElementDataType, OrtAllocatorType, OrtApi, OrtApiBase,
    OrtEnv, OrtLoggingLevel, OrtMemType, OrtMemoryInfo, OrtSession, OrtSessionOptions,
    OrtStatusPtr, OrtValue, ORT_API_VERSION,
};

/// The loaded library, its API table, one environment and CPU memory info for the process.
pub struct Runtime {
    api: &'static OrtApi,
    env: *mut OrtEnv,
    cpu: *mut OrtMemoryInfo,
    version: String,
}

// SAFETY: the ONNX Runtime C API is thread-safe for environments and memory infos; they
// live (leaked) for the whole process and are only passed to the library.
unsafe impl Send for Runtime {}
unsafe impl Sync for Runtime {}

/// The ONNX Runtime library, loaded once per process from narrate's data folder or
/// `ORT_DYLIB_PATH`. The installed copy is checked against the size in
/// `voices/onnxruntime.toml` first: a truncated library would crash the process (SIGBUS)
/// when loaded, so it is refused with a message instead.
pub fn load_runtime() -> Result<&'static Runtime, EngineError> {
    let missing = |detail: String| EngineError::RuntimeMissing { detail };
    let path = runtime_library(data_dir().as_deref())
        .ok_or_else(|| missing("no data folder (set XDG_DATA_HOME or HOME)".into()))?;
    let size = std::fs::metadata(&path)
        .ok()
        .filter(|m| m.is_file())
        .map(|m| m.len())
        .ok_or_else(|| missing(format!("{} not found", path.display())))?;
    let overridden = std::env::var_os("ORT_DYLIB_PATH").is_some_and(|p| !p.is_empty());
    let expected = RuntimeManifest::shipped().library.size;
    if let Some(expected) = expected.filter(|&e| !overridden && e != size) {
        return Err(missing(format!(
            "{}: {size} bytes, expected {expected} (truncated or replaced)",
            path.display()
        )));
    }
    runtime(&path).map_err(missing)
}

/// Load the library at `path` once per process; later calls return the same runtime
/// (or the same error) whatever path they pass.
pub fn runtime(path: &Path) -> Result<&'static Runtime, String> {
    static RUNTIME: OnceLock<Result<Runtime, String>> = OnceLock::new();
    RUNTIME
        .get_or_init(|| Runtime::load(path))
        .as_ref()
        .map_err(Clone::clone)
}

impl Runtime {
    fn load(path: &Path) -> Result<Runtime, String> {
        let where_ = path.display();
        // SAFETY: loading ONNX Runtime runs its initializers, which have no preconditions.
        let library = unsafe { libloading::Library::new(path) }.map_err(|e| format!("{e}"))?;
        // SAFETY: `OrtGetApiBase` has this signature in every ONNX Runtime release.
        let base = unsafe {
            library.get::<unsafe extern "system" fn() -> *const OrtApiBase>(b"OrtGetApiBase\0")
        }
        .map_err(|e| format!("{where_}: not ONNX Runtime ({e})"))?;
        // SAFETY: the library stays loaded for the process (leaked below); the base and the
        // API table it returns are static in the library.
        let (api, version) = unsafe {
            let base = base();
            if base.is_null() {
                return Err(format!("{where_}: OrtGetApiBase returned nothing"));
            }
            let version = CStr::from_ptr(((*base).GetVersionString)())
                .to_string_lossy()
                .into_owned();
            let api = ((*base).GetApi)(ORT_API_VERSION);
            if api.is_null() {
                return Err(format!(
                    "{where_}: ONNX Runtime {version} is too old (API {ORT_API_VERSION} needed)"
                ));
            }
            (&*api, version)
        };
        std::mem::forget(library);
        let mut env = std::ptr::null_mut();
        let mut cpu = std::ptr::null_mut();
        // SAFETY: valid API table; out-pointers are valid for writes; the log id is a
        // NUL-terminated static string.
        unsafe {
            check(
                api,
                (api.CreateEnv)(
                    OrtLoggingLevel::ORT_LOGGING_LEVEL_ERROR,
                    c"narrate".as_ptr(),
                    &mut env,
                ),
            )?;
            check(
                api,
                (api.CreateCpuMemoryInfo)(
                    OrtAllocatorType::OrtArenaAllocator,
                    OrtMemType::OrtMemTypeDefault,
                    &mut cpu,
                ),
            )?;
        }
        Ok(Runtime {
            api,
            env,
            cpu,
            version,
        })
    }

    /// The library's version, e.g. `1.23.2`.
    pub fn version(&self) -> &str {
        &self.version
    }
}

/// Turn an `OrtStatus` into a message, freeing it.
///
/// # Safety
/// `status` must come from a call into `api`.
unsafe fn check(api: &OrtApi, status: OrtStatusPtr) -> Result<(), String> {
    if status.0.is_null() {
        return Ok(());
    }
    let message = CStr::from_ptr((api.GetErrorMessage)(status.0))
        .to_string_lossy()
        .into_owned();
    (api.ReleaseStatus)(status.0);
    Err(message)
}

/// One loaded model. Several threads may run it at once, each call on its own thread.
pub struct Session {
    runtime: &'static Runtime,
    ptr: *mut OrtSession,
}

// SAFETY: ONNX Runtime documents `OrtSession` as safe to move between threads and to `Run`
// concurrently from several threads; it is released once, in `Drop`.
unsafe impl Send for Session {}
unsafe impl Sync for Session {}

/// Session settings for small CPU-bound models run from several threads: no intra-op
/// thread pool (each `run` works on its caller's thread), no busy-waiting threads that
/// would steal a core from the other caller on a shared machine.
const CONFIG_ENTRIES: &[(&CStr, &CStr)] = &[
    (c"session.intra_op.allow_spinning", c"0"),
    (c"session.inter_op.allow_spinning", c"0"),
];

impl Session {
    /// Open the model at `path`; each `run` uses `threads` intra-op threads.
    ///
    /// ONNX Runtime spends most of the opening optimizing the graph, so the optimized
    /// graph is cached beside the model on first use (`NAME.optimized-ORTVERSION.onnx`,
    /// at the level that does not depend on the CPU) and opened instead from then on, in
    /// about a third of the time. A cache older than the model, or one that does not open,
    /// is replaced; where the folder is read-only there is no cache.
    pub fn open(runtime: &'static Runtime, path: &Path, threads: usize) -> Result<Self, String> {
        let cache = optimized_path(path, runtime.version());
        if is_fresh(&cache, path) {
            match Session::create(runtime, &cache, threads, None) {
                Ok(session) => return Ok(session),
                Err(_) => {
                    let _ = std::fs::remove_file(&cache);
                }
            }
        }
        let Some(dir) = path.parent() else {
            return Session::create(runtime, path, threads, None);
        };
        let Ok(staged) = tempfile::Builder::new()
            .prefix(".narrate-optimized-")
            .suffix(".onnx")
            .tempfile_in(dir)
        else {
            return Session::create(runtime, path, threads, None);
        };
        match Session::create(runtime, path, threads, Some(staged.path())) {
            Ok(session) => {
                let _ = staged.persist(&cache);
                Ok(session)
            }
            // Saving can fail (a full disk); the model itself may still open.
            Err(_) => Session::create(runtime, path, threads, None),
        }
    }

    /// Open the model at `path`; with `save`, at the CPU-independent optimization level,
    /// writing the optimized graph there.
    fn create(
        runtime: &'static Runtime,
        path: &Path,
        threads: usize,
        save: Option<&Path>,
    ) -> Result<Self, String> {
        let api = runtime.api;
        let c_string = |path: &Path| {
            CString::new(path.as_os_str().as_encoded_bytes())
                .map_err(|_| "model path contains a NUL byte".to_owned())
        };
        let c_path = c_string(path)?;
        let c_save = save.map(c_string).transpose()?;
        let level = if save.is_some() {
            GraphOptimizationLevel::ORT_ENABLE_EXTENDED
        } else {
            GraphOptimizationLevel::ORT_ENABLE_ALL
        };
        let mut options: *mut OrtSessionOptions = std::ptr::null_mut();
        let mut ptr = std::ptr::null_mut();
        // SAFETY: valid API table and environment; out-pointers valid for writes; `c_path`
        // outlives the call; the options are released on every path after creation.
        unsafe {
            check(api, (api.CreateSessionOptions)(&mut options))?;
            let result = (|| {
                check(
                    api,
                    (api.SetIntraOpNumThreads)(options, threads.clamp(1, 64) as i32),
                )?;
                check(api, (api.SetInterOpNumThreads)(options, 1))?;
                for (key, value) in CONFIG_ENTRIES {
                    check(
                        api,
                        (api.AddSessionConfigEntry)(options, key.as_ptr(), value.as_ptr()),
                    )?;
                }
                check(api, (api.SetSessionGraphOptimizationLevel)(options, level))?;
                if let Some(save) = &c_save {
                    check(api, (api.SetOptimizedModelFilePath)(options, save.as_ptr()))?;
                }
                check(
                    api,
                    (api.CreateSession)(runtime.env, c_path.as_ptr(), options, &mut ptr),
                )
            })();
            (api.ReleaseSessionOptions)(options);
            result?;
        }
        Ok(Session { runtime, ptr })
    }

    /// Run the model: named inputs in, the first output out as f32 values. Safe to call
    /// from several threads at once.
    pub fn run(&self, inputs: &mut [(&CStr, Input)], output: &CStr) -> Result<Vec<f32>, String> {
        let api = self.runtime.api;
        let mut values: Vec<*mut OrtValue> = Vec::with_capacity(inputs.len());
        let result = (|| {
            for (_, input) in inputs.iter_mut() {
                values.push(self.tensor(input)?);
            }
            let names: Vec<*const c_char> = inputs.iter().map(|(n, _)| n.as_ptr()).collect();
            let output_names = [output.as_ptr()];
            let mut out: *mut OrtValue = std::ptr::null_mut();
            // SAFETY: names and values are parallel arrays of `inputs.len()` live entries;
            // one output name and one out slot.
            unsafe {
                check(
                    api,
                    (api.Run)(
                        self.ptr,
                        std::ptr::null(),
                        names.as_ptr(),
                        values.as_ptr().cast(),
                        values.len(),
                        output_names.as_ptr(),
                        1,
                        &mut out,
                    ),
                )?;
            }
            // SAFETY: `out` is a tensor value the run just created; it is released here.
            unsafe {
                let samples = self.read_f32(out);
                (api.ReleaseValue)(out);
                samples
            }
        })();
        for value in values {
            // SAFETY: each was created by `tensor` and is released once.
            unsafe { (api.ReleaseValue)(value) };
        }
        result
    }

    /// A tensor over `input`'s data (borrowed: the data must outlive the value).
    fn tensor(&self, input: &mut Input) -> Result<*mut OrtValue, String> {
        let api = self.runtime.api;
        let (data, bytes, shape, kind): (*mut c_void, usize, &[i64], _) = match input {
            Input::I64(data, shape) => (
                data.as_mut_ptr().cast(),
                data.len() * 8,
                shape,
                ONNXTensorElementDataType::ONNX_TENSOR_ELEMENT_DATA_TYPE_INT64,
            ),
            Input::F32(data, shape) => (
                data.as_mut_ptr().cast(),
                data.len() * 4,
                shape,
                ONNXTensorElementDataType::ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT,
            ),
        };
        let mut value = std::ptr::null_mut();
        // SAFETY: `data` points to `bytes` bytes that outlive the value (the caller keeps
        // `inputs` alive until the values are released in `run`); `shape` is read during
        // the call only.
        unsafe {
            check(
                api,
                (api.CreateTensorWithDataAsOrtValue)(
                    self.runtime.cpu,
                    data,
                    bytes,
                    shape.as_ptr(),
                    shape.len(),
                    kind,
                    &mut value,
                ),
            )?;
        }
        Ok(value)
    }

    /// Copy out a float tensor's values.
    ///
    /// # Safety
    /// `value` must be a live tensor value from this runtime.
    unsafe fn read_f32(&self, value: *mut OrtValue) -> Result<Vec<f32>, String> {
        let api = self.runtime.api;
        let mut info = std::ptr::null_mut();
        check(api, (api.GetTensorTypeAndShape)(value, &mut info))?;
        let mut count = 0usize;
        let counted = check(api, (api.GetTensorShapeElementCount)(info, &mut count));
        (api.ReleaseTensorTypeAndShapeInfo)(info);
        counted?;
        let mut data: *mut c_void = std::ptr::null_mut();
        check(api, (api.GetTensorMutableData)(value, &mut data))?;
        if count == 0 || data.is_null() {
            return Ok(Vec::new());
        }
        Ok(std::slice::from_raw_parts(data.cast::<f32>(), count).to_vec())
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        // SAFETY: created by `CreateSession`, released once.
        unsafe { (self.runtime.api.ReleaseSession)(self.ptr) };
    }
}

/// The model's one session, opened on a background thread: opening takes most of a
/// second, which overlaps with cleaning the article and phonemizing it.
pub struct SessionSlot {
    model: PathBuf,
    opening: Option<JoinHandle<Result<Session, EngineError>>>,
    ready: Option<Session>,
}

impl SessionSlot {
    pub fn open_in_background(runtime: &'static Runtime, model: &Path) -> SessionSlot {
        let path = model.to_owned();
        let opening = std::thread::spawn(move || {
            Session::open(runtime, &path, 1).map_err(|e| voice_data(&path, e))
        });
        SessionSlot {
            model: model.to_owned(),
            opening: Some(opening),
            ready: None,
        }
    }

    /// The session, waiting for it to open if need be.
    pub fn session(&mut self) -> Result<&Session, EngineError> {
        if let Some(opening) = self.opening.take() {
            let opened = opening.join().unwrap_or_else(|_| {
                Err(voice_data(&self.model, "opening the model panicked".into()))
            })?;
            self.ready = Some(opened);
        }
        self.ready
            .as_ref()
            .ok_or_else(|| voice_data(&self.model, "the model could not be opened".into()))
    }
}

/// A voice file that cannot be used, named.
pub fn voice_data(path: &Path, detail: String) -> EngineError {
    EngineError::VoiceData(format!("{}: {detail}", path.display()))
}

/// Where the optimized copy of `model` is cached for ONNX Runtime `version`.
fn optimized_path(model: &Path, version: &str) -> PathBuf {
    let stem = model.file_stem().unwrap_or_default().to_string_lossy();
    model.with_file_name(format!("{stem}.optimized-{version}.onnx"))
}

/// Whether `cache` exists and is not older than `model`.
fn is_fresh(cache: &Path, model: &Path) -> bool {
    let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    match (modified(cache), modified(model)) {
        (Some(cache), Some(model)) => cache >= model,
        _ => false,
    }
}

/// A model input: values and shape.
pub enum Input {
    I64(Vec<i64>, Vec<i64>),
    F32(Vec<f32>, Vec<i64>),
}
