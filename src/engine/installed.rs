//! Installed voice files and the ONNX Runtime library, checked before they are loaded:
//! expected files (path, size, SHA-256 from the shipped manifests) in, `Ok` or what is
//! wrong out. A truncated library crashed the process when loaded (SIGBUS) and a
//! truncated model failed deep inside ONNX Runtime; both are refused here with the file's
//! name instead, and `narrate voices` says "damaged" rather than "installed".
//!
//! Sizes are checked at every load. Hashing 35–92 MB at every start would cost a third of
//! a second, so the SHA-256 is checked once per change: a stamp (`.verified` in the
//! file's folder, written after a verified install or the first verified load) records
//! each file's hash with the size and modification time it had, and a file whose size or
//! time no longer matches is hashed again before it is used.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::EngineError;
use super::piper::manifest::sha256_file;

/// The stamp's name in each folder of installed files.
pub const STAMP: &str = ".verified";

/// One installed file as its manifest describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expected {
    pub path: PathBuf,
    /// Checked at every load when the manifest gives it.
    pub size: Option<u64>,
    pub sha256: String,
}

/// What is wrong with an installed file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Damaged {
    #[error("{} is missing", path.display())]
    Missing { path: PathBuf },
    #[error("{}: {actual} bytes, expected {expected} (truncated or replaced)", path.display())]
    Size {
        path: PathBuf,
        actual: u64,
        expected: u64,
    },
    #[error("{}: SHA-256 {actual}, expected {expected} (damaged or replaced)", path.display())]
    Checksum {
        path: PathBuf,
        actual: String,
        expected: String,
    },
    #[error("cannot read {}: {detail}", path.display())]
    Unreadable { path: PathBuf, detail: String },
}

impl Damaged {
    /// The file the problem is with.
    pub fn path(&self) -> &Path {
        match self {
            Damaged::Missing { path }
            | Damaged::Size { path, .. }
            | Damaged::Checksum { path, .. }
            | Damaged::Unreadable { path, .. } => path,
        }
    }
}

/// A damaged voice file as the engines report it.
pub fn voice_damaged(damaged: Damaged) -> EngineError {
    EngineError::VoiceData(damaged.to_string())
}

/// Check every file (size now; SHA-256 unless the stamp vouches for it), stamping the
/// ones that had to be hashed and matched. The first problem found is returned.
pub fn verify(files: &[Expected]) -> Result<(), Damaged> {
    for file in files {
        verify_one(file)?;
    }
    Ok(())
}

fn verify_one(file: &Expected) -> Result<(), Damaged> {
    let path = &file.path;
    let meta = match std::fs::metadata(path) {
        Ok(meta) if meta.is_file() => meta,
        Ok(_) => {
            return Err(Damaged::Unreadable {
                path: path.clone(),
                detail: "not a regular file".into(),
            });
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(Damaged::Missing { path: path.clone() });
        }
        Err(e) => {
            return Err(Damaged::Unreadable {
                path: path.clone(),
                detail: e.to_string(),
            });
        }
    };
    if let Some(expected) = file.size.filter(|&size| size != meta.len()) {
        return Err(Damaged::Size {
            path: path.clone(),
            actual: meta.len(),
            expected,
        });
    }
    let seen = Seen::of(&meta, &file.sha256);
    let (dir, name) = split(path);
    let mut stamp = read_stamp(&dir);
    if stamp.get(&name) == Some(&seen) {
        return Ok(());
    }
    let actual = sha256_file(path).map_err(|e| Damaged::Unreadable {
        path: path.clone(),
        detail: e.to_string(),
    })?;
    if !actual.eq_ignore_ascii_case(&file.sha256) {
        return Err(Damaged::Checksum {
            path: path.clone(),
            actual,
            expected: file.sha256.clone(),
        });
    }
    // Best effort: a folder that cannot be written only costs a hash at every load.
    stamp.insert(name, seen);
    let _ = write_stamp(&dir, &stamp);
    Ok(())
}

/// A file as the stamp remembers it: the hash it matched, with its size and time then.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Seen {
    sha256: String,
    size: u64,
    modified_ns: i128,
}

impl Seen {
    fn of(meta: &std::fs::Metadata, sha256: &str) -> Seen {
        let modified_ns = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(-1, |d| d.as_nanos() as i128);
        Seen {
            sha256: sha256.to_ascii_lowercase(),
            size: meta.len(),
            modified_ns,
        }
    }
}

fn split(path: &Path) -> (PathBuf, String) {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    (dir, name)
}

/// The stamp of `dir`: file name → what was seen. A missing or garbled stamp is empty.
fn read_stamp(dir: &Path) -> BTreeMap<String, Seen> {
    let text = std::fs::read_to_string(dir.join(STAMP)).unwrap_or_default();
    text.lines()
        .filter_map(|line| {
            let mut fields = line.splitn(4, ' ');
            let sha256 = fields.next()?.to_owned();
            let size = fields.next()?.parse().ok()?;
            let modified_ns = fields.next()?.parse().ok()?;
            let name = fields.next()?.to_owned();
            Some((
                name,
                Seen {
                    sha256,
                    size,
                    modified_ns,
                },
            ))
        })
        .collect()
}

fn write_stamp(
    dir: &Path,
    stamp: &BTreeMap<String, Seen>,
) -> Result<(), crate::output::WriteError> {
    let text: String = stamp
        .iter()
        .map(|(name, seen)| {
            format!(
                "{} {} {} {name}\n",
                seen.sha256, seen.size, seen.modified_ns
            )
        })
        .collect();
    crate::output::write_all(&[(&dir.join(STAMP), text.as_bytes())])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::piper::manifest::sha256_hex;

    fn expected(path: &Path, bytes: &[u8]) -> Expected {
        Expected {
            path: path.to_owned(),
            size: Some(bytes.len() as u64),
            sha256: sha256_hex(bytes).unwrap(),
        }
    }

    #[test]
    fn a_good_file_is_stamped_once_then_trusted_while_unchanged() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("model.onnx");
        std::fs::write(&path, b"the model").unwrap();
        let file = expected(&path, b"the model");
        assert_eq!(verify(std::slice::from_ref(&file)), Ok(()));
        let stamp = std::fs::read_to_string(dir.path().join(STAMP)).unwrap();
        assert!(stamp.starts_with(&file.sha256) && stamp.ends_with(" model.onnx\n"));
        assert_eq!(verify(&[file]), Ok(()));
    }

    #[test]
    fn truncated_and_same_size_damaged_files_are_refused_by_name() {
        // A truncated libonnxruntime.so crashed the process (SIGBUS) when loaded.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("libonnxruntime.so");
        std::fs::write(&path, b"the library").unwrap();
        let file = expected(&path, b"the library");
        verify(std::slice::from_ref(&file)).unwrap();
        std::fs::write(&path, b"the lib").unwrap();
        let error = verify(std::slice::from_ref(&file)).unwrap_err();
        assert_eq!(
            error.to_string(),
            format!(
                "{}: 7 bytes, expected 11 (truncated or replaced)",
                path.display()
            )
        );
        // The same size, other bytes, written after the stamp: hashed again.
        std::fs::write(&path, b"the LIBRARY").unwrap();
        let later = std::time::SystemTime::now() + std::time::Duration::from_secs(5);
        std::fs::File::options()
            .write(true)
            .open(&path)
            .unwrap()
            .set_modified(later)
            .unwrap();
        let error = verify(std::slice::from_ref(&file)).unwrap_err();
        assert!(matches!(error, Damaged::Checksum { .. }), "{error}");
        assert!(
            error.to_string().contains("(damaged or replaced)"),
            "{error}"
        );
        std::fs::remove_file(&path).unwrap();
        assert_eq!(
            verify(&[file]),
            Err(Damaged::Missing { path: path.clone() })
        );
    }
}
