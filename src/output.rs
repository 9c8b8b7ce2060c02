//! Writing finished outputs: every file goes to a temporary file in its own directory
//! first and is renamed into place only when all of them were written, so a failure
//! never leaves a half-written file or a partial set behind.

use std::io::Write;
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;

#[derive(Debug, thiserror::Error)]
#[error("cannot write {}", path.display())]
pub struct WriteError {
    pub path: PathBuf,
    pub source: std::io::Error,
}

/// Write each `(path, bytes)`; on error nothing new is left on disk.
pub fn write_all(files: &[(&Path, &[u8])]) -> Result<(), WriteError> {
    let staged = files
        .iter()
        .map(|&(path, bytes)| Ok((path, stage(path, bytes)?)))
        .collect::<Result<Vec<_>, WriteError>>()?;
    persist_all(staged)
}

/// An empty temporary file in `path`'s directory, to become `path` by [`persist_all`];
/// dropped unpersisted, it is removed.
pub fn temporary(path: &Path) -> Result<NamedTempFile, WriteError> {
    let error = |source| WriteError {
        path: path.to_owned(),
        source,
    };
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if path.is_dir() {
        return Err(error(std::io::Error::other("it is a directory")));
    }
    if !dir.is_dir() {
        let missing = format!("directory {} does not exist", dir.display());
        return Err(error(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            missing,
        )));
    }
    // tempfile's own message repeats the temporary path; the kind says enough.
    tempfile::Builder::new()
        .prefix(".narrate-")
        .tempfile_in(dir)
        .map_err(|e| error(std::io::Error::new(e.kind(), e.kind().to_string())))
}

/// `bytes` in a temporary file that is to become `path`.
pub fn stage(path: &Path, bytes: &[u8]) -> Result<NamedTempFile, WriteError> {
    fill(path, temporary(path)?, bytes)
}

/// Write `bytes` into `file`, a [`temporary`] for `path`.
pub fn fill(
    path: &Path,
    mut file: NamedTempFile,
    bytes: &[u8],
) -> Result<NamedTempFile, WriteError> {
    file.write_all(bytes)
        .and_then(|()| file.flush())
        .map_err(|source| WriteError {
            path: path.to_owned(),
            source,
        })?;
    Ok(file)
}

/// Move every staged file into place, once all of them were written.
pub fn persist_all<P: AsRef<Path>>(staged: Vec<(P, NamedTempFile)>) -> Result<(), WriteError> {
    for (path, file) in staged {
        let path = path.as_ref();
        file.persist(path).map_err(|e| WriteError {
            path: path.to_owned(),
            source: e.error,
        })?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_every_file() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a.wav"), dir.path().join("b.vtt"));
        write_all(&[(&a, b"one"), (&b, b"two")]).unwrap();
        assert_eq!(std::fs::read(&a).unwrap(), b"one");
        assert_eq!(std::fs::read(&b).unwrap(), b"two");
    }

    #[test]
    fn a_bad_second_path_leaves_nothing_behind() {
        let dir = tempfile::tempdir().unwrap();
        let good = dir.path().join("good.wav");
        let bad = dir.path().join("missing-dir/out.vtt");
        let err = write_all(&[(&good, b"one"), (&bad, b"two")]).unwrap_err();
        assert_eq!(err.path, bad);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
