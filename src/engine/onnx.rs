//! Stage 3 helper for the neural voices (Piper, Kokoro): ONNX Runtime through the `ort`
//! crate's safe API. In: the installed runtime library and a model file; out: sessions
//! that turn int64/f32 tensors into one f32 tensor.
//!
//! The runtime is a shared library opened at run time (`ort`'s `load-dynamic`): the copy
//! `voices install` puts in narrate's data folder, or `ORT_DYLIB_PATH`, so building
//! narrate needs no ONNX Runtime. The unsafe code lives in `ort`, which owns the C API;
//! this module has none.
//!
//! Settings: each session runs on its caller's thread (one intra-op thread, one inter-op
//! thread, no spinning threads that would steal a core on a shared machine), and the
//! optimized graph is cached beside the model. A session runs one call at a time
//! (`ort`'s `Session::run` takes `&mut self`), so each worker thread has its own
//! [`Session`]; the sessions of one model share their pre-packed weights
//! ([`PrepackedWeights`]).

use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};
use std::thread::JoinHandle;

use ort::session::builder::{GraphOptimizationLevel, PrepackedWeights, SessionBuilder};
use ort::value::Tensor;

use super::piper::manifest::{check_runtime, data_dir, runtime_library};
use super::{EngineError, Synthesis};
use crate::schedule::{Schedule, default_workers, in_order, longest_first_in_runs};

/// Why ONNX Runtime cannot be used. Kept for the whole process (the library loads once),
/// so it can be cloned.
#[derive(Debug, Clone, thiserror::Error)]
pub enum RuntimeError {
    #[error("no data folder (set XDG_DATA_HOME or HOME)")]
    NoDataDir,
    #[error("{}: not found", .0.display())]
    NotFound(PathBuf),
    /// The library does not load, is not ONNX Runtime or is too old (the message names
    /// the file).
    #[error("{0}")]
    Load(Arc<ort::LoadDynamicError>),
    /// The installed copy fails its size or SHA-256 check.
    #[error("{0}")]
    Damaged(String),
}

/// Why a model cannot be opened or run.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    #[error("voice data is unusable: {}: {error}", path.display())]
    Open { path: PathBuf, error: ort::Error },
    #[error("voice data is unusable: {}: opening the model panicked", .0.display())]
    OpenPanicked(PathBuf),
    #[error("speech synthesis failed: {0}")]
    Run(ort::Error),
    #[error("speech synthesis failed: the model has no output `{0}`")]
    NoOutput(String),
}

/// The loaded ONNX Runtime: proof that the library is loaded, and the key its optimized
/// models are cached under.
#[derive(Debug)]
pub struct Runtime {
    build: String,
}

impl Runtime {
    /// A short name of the library's build (its git commit), for cache file names.
    pub fn build(&self) -> &str {
        &self.build
    }
}

/// The ONNX Runtime library, loaded once per process from narrate's data folder or
/// `ORT_DYLIB_PATH`. The installed copy is checked first (size, and SHA-256 unless its
/// stamp vouches for it: `piper::manifest::check_runtime`): a truncated library would
/// crash the process (SIGBUS) when loaded, so it is refused with a message instead. Later
/// calls return the same runtime (or the same error).
pub fn load_runtime() -> Result<&'static Runtime, RuntimeError> {
    static RUNTIME: OnceLock<Result<Runtime, RuntimeError>> = OnceLock::new();
    RUNTIME.get_or_init(load).as_ref().map_err(Clone::clone)
}

fn load() -> Result<Runtime, RuntimeError> {
    let data = data_dir();
    check_runtime(data.as_deref()).map_err(|damaged| RuntimeError::Damaged(damaged.to_string()))?;
    let path = runtime_library(data.as_deref()).ok_or(RuntimeError::NoDataDir)?;
    if !path.is_file() {
        return Err(RuntimeError::NotFound(path));
    }
    ort::init_from(&path)
        .map_err(|e| RuntimeError::Load(Arc::new(e)))?
        .with_name("narrate")
        .commit();
    Ok(Runtime {
        build: build_key(ort::info()),
    })
}

/// The build's git commit from ONNX Runtime's build info (`… git-commit-id=fab30a4, …`),
/// else a hash of the whole string.
fn build_key(info: &str) -> String {
    let commit = info
        .split([',', ' '])
        .find_map(|field| field.strip_prefix("git-commit-id="))
        .filter(|id| !id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric()));
    match commit {
        Some(id) => id.to_owned(),
        None => {
            use sha2::{Digest, Sha256};
            let digest = Sha256::digest(info.as_bytes());
            digest[..6].iter().map(|b| format!("{b:02x}")).collect()
        }
    }
}

/// One opened model. It runs one call at a time; give each worker thread its own.
pub struct Session(ort::session::Session);

/// A model input: values and shape.
pub enum Input {
    I64(Vec<i64>, Vec<i64>),
    F32(Vec<f32>, Vec<i64>),
}

impl Session {
    /// Open the model at `path`, sharing pre-packed weights with the other sessions of
    /// `weights`.
    ///
    /// ONNX Runtime spends most of the opening optimizing the graph, so the optimized
    /// graph is cached beside the model on first use (`NAME.optimized-BUILD.onnx`, at the
    /// level that does not depend on the CPU) and opened instead from then on, in about a
    /// third of the time. A cache older than the model, or one that does not open, is
    /// replaced (and caches of other runtime builds removed); where the folder is
    /// read-only there is no cache.
    pub fn open(
        runtime: &Runtime,
        path: &Path,
        weights: &PrepackedWeights,
    ) -> Result<Session, ModelError> {
        let cache = optimized_path(path, runtime.build());
        if is_fresh(&cache, path) {
            match Session::create(path, &cache, weights, None) {
                Ok(session) => return Ok(session),
                Err(_) => {
                    let _ = std::fs::remove_file(&cache);
                }
            }
        }
        let Some(dir) = path.parent() else {
            return Session::create(path, path, weights, None);
        };
        let Ok(staged) = tempfile::Builder::new()
            .prefix(".narrate-optimized-")
            .suffix(".onnx")
            .tempfile_in(dir)
        else {
            return Session::create(path, path, weights, None);
        };
        match Session::create(path, path, weights, Some(staged.path())) {
            Ok(session) => {
                if staged.persist(&cache).is_ok() {
                    remove_other_caches(path, &cache);
                }
                Ok(session)
            }
            // Saving can fail (a full disk); the model itself may still open.
            Err(_) => Session::create(path, path, weights, None),
        }
    }

    /// Open `file` (the model at `model`, or its cached optimized copy); with `save`, at
    /// the CPU-independent optimization level, writing the optimized graph there.
    fn create(
        model: &Path,
        file: &Path,
        weights: &PrepackedWeights,
        save: Option<&Path>,
    ) -> Result<Session, ModelError> {
        let level = if save.is_some() {
            GraphOptimizationLevel::Level2
        } else {
            GraphOptimizationLevel::All
        };
        let configure = || -> ort::Result<SessionBuilder> {
            let builder = SessionBuilder::new()?
                .with_intra_threads(1)?
                .with_inter_threads(1)?
                .with_intra_op_spinning(false)?
                .with_inter_op_spinning(false)?
                .with_optimization_level(level)?
                .with_prepacked_weights(weights)?;
            Ok(match save {
                Some(save) => builder.with_optimized_model_path(save)?,
                None => builder,
            })
        };
        let session = configure()
            .and_then(|mut builder| builder.commit_from_file(file))
            .map_err(|e| ModelError::Open {
                path: model.to_owned(),
                error: e,
            })?;
        Ok(Session(session))
    }

    /// Run the model: named inputs in, the output `output` out as f32 values.
    pub fn run(
        &mut self,
        inputs: Vec<(&'static str, Input)>,
        output: &str,
    ) -> Result<Vec<f32>, ModelError> {
        let mut values = Vec::with_capacity(inputs.len());
        for (name, input) in inputs {
            let value = match input {
                Input::I64(data, shape) => Tensor::from_array((shape, data))
                    .map_err(ModelError::Run)?
                    .into_dyn(),
                Input::F32(data, shape) => Tensor::from_array((shape, data))
                    .map_err(ModelError::Run)?
                    .into_dyn(),
            };
            values.push((name, value));
        }
        let outputs = self.0.run(values).map_err(ModelError::Run)?;
        let value = outputs
            .get(output)
            .ok_or_else(|| ModelError::NoOutput(output.to_owned()))?;
        let (_, samples) = value.try_extract_tensor::<f32>().map_err(ModelError::Run)?;
        Ok(samples.to_vec())
    }
}

/// The sessions of one model, one per worker thread, and how many workers read at once.
/// The first session opens on a background thread as soon as the engine is made (opening
/// takes most of a second, which overlaps with cleaning the article and phonemizing it);
/// more open, side by side, when an article has work for more workers.
pub struct Sessions {
    runtime: &'static Runtime,
    model: PathBuf,
    weights: PrepackedWeights,
    opening: Option<JoinHandle<Result<Session, ModelError>>>,
    ready: Vec<Session>,
    /// Sentences run at once, each on its own thread and session (single-threaded runs
    /// side by side beat one run on several threads for models this small). One per
    /// core unless the caller says otherwise.
    workers: usize,
}

impl Sessions {
    /// Start opening `model`; `workers` sessions (default: one per core) read at once.
    pub fn open_in_background(
        runtime: &'static Runtime,
        model: &Path,
        workers: Option<usize>,
    ) -> Sessions {
        let weights = PrepackedWeights::new();
        let opening = {
            let (path, weights) = (model.to_owned(), weights.clone());
            std::thread::spawn(move || Session::open(runtime, &path, &weights))
        };
        Sessions {
            runtime,
            model: model.to_owned(),
            weights,
            opening: Some(opening),
            ready: Vec::new(),
            workers: workers.unwrap_or_else(default_workers).max(1),
        }
    }

    /// Run `infer` on every job, one session per worker, and hand the results back in
    /// order as they finish, so audio streams out while later sentences are still made.
    /// Jobs go longest first within runs (`size`), so the article does not end with one
    /// core idle while another reads a long sentence.
    pub fn run_in_order<J: Sync>(
        &mut self,
        jobs: &[J],
        size: impl Fn(&J) -> usize,
        infer: impl Fn(&mut Session, &J) -> Result<Synthesis, EngineError> + Sync,
        each: &mut dyn FnMut(Synthesis) -> ControlFlow<()>,
    ) -> Result<(), EngineError> {
        let sizes: Vec<usize> = jobs.iter().map(size).collect();
        let order = longest_first_in_runs(&sizes, self.workers * 2);
        let sessions = self.take(self.workers.min(jobs.len()))?;
        in_order(
            jobs,
            sessions,
            Schedule::Shared(&order),
            |session, job| {
                crate::interrupt::check()?;
                infer(session, job)
            },
            each,
        )
    }

    /// `count` sessions (at least one), waiting for them to open if need be.
    pub fn take(&mut self, count: usize) -> Result<&mut [Session], ModelError> {
        if let Some(opening) = self.opening.take() {
            let opened = opening
                .join()
                .unwrap_or_else(|_| Err(ModelError::OpenPanicked(self.model.clone())))?;
            self.ready.push(opened);
        }
        let count = count.max(1);
        let missing = count.saturating_sub(self.ready.len());
        if missing > 0 {
            let (runtime, model, weights) = (self.runtime, &self.model, &self.weights);
            let opened: Vec<Result<Session, ModelError>> = std::thread::scope(|scope| {
                let handles: Vec<_> = (0..missing)
                    .map(|_| scope.spawn(|| Session::open(runtime, model, weights)))
                    .collect();
                handles
                    .into_iter()
                    .map(|h| {
                        h.join()
                            .unwrap_or_else(|_| Err(ModelError::OpenPanicked(model.clone())))
                    })
                    .collect()
            });
            for session in opened {
                self.ready.push(session?);
            }
        }
        Ok(&mut self.ready[..count])
    }

    /// The first session, for one request at a time.
    pub fn first(&mut self) -> Result<&mut Session, ModelError> {
        Ok(&mut self.take(1)?[0])
    }
}

/// Where the optimized copy of `model` is cached for the runtime build `build`.
fn optimized_path(model: &Path, build: &str) -> PathBuf {
    let stem = model.file_stem().unwrap_or_default().to_string_lossy();
    model.with_file_name(format!("{stem}.optimized-{build}.onnx"))
}

/// Remove the caches of `model` made by other runtime builds than `keep`'s.
fn remove_other_caches(model: &Path, keep: &Path) {
    let (Some(dir), Some(stem)) = (model.parent(), model.file_stem()) else {
        return;
    };
    let prefix = format!("{}.optimized-", stem.to_string_lossy());
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with(&prefix) && name.ends_with(".onnx") && path != keep {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// Whether `cache` exists and is not older than `model`.
fn is_fresh(cache: &Path, model: &Path) -> bool {
    let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    match (modified(cache), modified(model)) {
        (Some(cache), Some(model)) => cache >= model,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cache_is_named_after_the_runtime_build() {
        let info = "ORT Build Info: git-branch=HEAD, git-commit-id=fab30a4, fp8-kv-cache=1, build type=Release";
        assert_eq!(build_key(info), "fab30a4");
        let other = build_key("ORT Build Info: build type=Release");
        assert_eq!(other.len(), 12);
        assert_ne!(other, build_key("ORT Build Info: build type=Debug"));
        assert_eq!(
            optimized_path(Path::new("/v/joe.onnx"), "fab30a4"),
            Path::new("/v/joe.optimized-fab30a4.onnx")
        );
    }

    #[test]
    fn caches_of_other_runtime_builds_are_removed_and_the_model_kept() {
        let dir = tempfile::tempdir().unwrap();
        let model = dir.path().join("joe.onnx");
        let keep = optimized_path(&model, "new");
        for name in [
            "joe.onnx",
            "joe.optimized-1.32.0.onnx",
            "joe.optimized-new.onnx",
        ] {
            std::fs::write(dir.path().join(name), b"x").unwrap();
        }
        std::fs::write(dir.path().join("ann.optimized-1.onnx"), b"x").unwrap();
        remove_other_caches(&model, &keep);
        let mut left: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(
            left,
            ["ann.optimized-1.onnx", "joe.onnx", "joe.optimized-new.onnx"]
        );
    }
}
