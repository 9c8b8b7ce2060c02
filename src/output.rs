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
    check_target(path).map_err(error)?;
    if !dir.is_dir() {
        let missing = format!("directory {} does not exist", dir.display());
        return Err(error(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            missing,
        )));
    }
    remove_leftovers(dir);
    // tempfile's own message repeats the temporary path; the kind says enough.
    let mut builder = tempfile::Builder::new();
    builder.prefix(TEMPORARY_PREFIX);
    // The usual mode for a new file (0666 less the umask), not tempfile's 0600.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    let file = builder
        .tempfile_in(dir)
        .map_err(|e| error(std::io::Error::new(e.kind(), e.kind().to_string())))?;
    // Held until the file is closed (by this process or by its death), so a later run
    // can tell a live run's temporary file from one a killed run left.
    let _ = file.as_file().try_lock();
    Ok(file)
}

/// How every temporary output file's name starts.
pub const TEMPORARY_PREFIX: &str = ".narrate-";

/// A leftover this old, unlocked, is removed: no run of a narrate that takes the lock is
/// using it, and a minute keeps clear of any run that does not lock.
const LEFTOVER_AGE: std::time::Duration = std::time::Duration::from_secs(60);

/// Remove the temporary files that killed runs (SIGKILL, a power cut: nothing could clean
/// up) left in `dir`: regular `.narrate-*` files no process holds locked, untouched for
/// [`LEFTOVER_AGE`]. Anything else, and anything that cannot be checked, is left alone.
pub fn remove_leftovers(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        if !name.to_string_lossy().starts_with(TEMPORARY_PREFIX) {
            continue;
        }
        let path = entry.path();
        let stale = std::fs::symlink_metadata(&path).is_ok_and(|meta| {
            meta.is_file()
                && meta
                    .modified()
                    .ok()
                    .and_then(|m| m.elapsed().ok())
                    .is_some_and(|age| age >= LEFTOVER_AGE)
        });
        if !stale {
            continue;
        }
        // A run that is alive holds its lock; taking it means nobody is writing.
        let Ok(file) = std::fs::File::open(&path) else {
            continue;
        };
        if file.try_lock().is_ok() {
            let _ = std::fs::remove_file(&path);
        }
    }
}

/// Whether `path` may be replaced by a renamed file: only a regular file or a new name.
/// A symbolic link, a directory, a device or a FIFO is refused (renaming over a link or a
/// device node would replace it, not write through it).
fn check_target(path: &Path) -> std::io::Result<()> {
    let problem = match std::fs::symlink_metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e),
        Ok(meta) if meta.file_type().is_symlink() => {
            "it is a symbolic link (name the file it points to instead)"
        }
        Ok(meta) if meta.is_dir() => "it is a directory",
        Ok(meta) if !meta.is_file() => "it is a device, FIFO or socket, not a regular file",
        Ok(_) => return Ok(()),
    };
    Err(std::io::Error::other(problem))
}

/// Refuse a run whose outputs would overwrite one of its inputs or each other (`-o x.wav
/// --vtt x.wav`): the same canonical location or, for files that exist, the same file.
pub fn check_distinct(inputs: &[&Path], outputs: &[&Path]) -> Result<(), WriteError> {
    let places: Vec<Option<Place>> = outputs.iter().map(|p| Place::of(p)).collect();
    for (i, (path, place)) in outputs.iter().zip(&places).enumerate() {
        let Some(place) = place else { continue };
        let refuse = |why: &str| WriteError {
            path: path.to_path_buf(),
            source: std::io::Error::other(why.to_owned()),
        };
        if let Some(input) = inputs
            .iter()
            .find(|input| Place::of(input).is_some_and(|p| p.same(place)))
        {
            return Err(refuse(&format!(
                "it is the input {}; choose another output name",
                input.display()
            )));
        }
        if places[..i].iter().flatten().any(|p| p.same(place)) {
            return Err(refuse("two outputs of this run name the same file"));
        }
    }
    Ok(())
}

/// Where a path leads: its canonical location, and its file identity when it exists.
struct Place {
    location: PathBuf,
    #[cfg(unix)]
    identity: Option<(u64, u64)>,
}

impl Place {
    /// `None` when the path's directory does not exist (writing fails on that anyway).
    fn of(path: &Path) -> Option<Place> {
        let location = match std::fs::canonicalize(path) {
            Ok(location) => location,
            Err(_) => {
                let dir = match path.parent() {
                    Some(p) if !p.as_os_str().is_empty() => p,
                    _ => Path::new("."),
                };
                std::fs::canonicalize(dir).ok()?.join(path.file_name()?)
            }
        };
        #[cfg(unix)]
        let identity = {
            use std::os::unix::fs::MetadataExt;
            std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
        };
        Some(Place {
            location,
            #[cfg(unix)]
            identity,
        })
    }

    fn same(&self, other: &Place) -> bool {
        #[cfg(unix)]
        if let (Some(a), Some(b)) = (self.identity, other.identity) {
            return a == b;
        }
        self.location == other.location
    }
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
///
/// The renames of one call happen under an exclusive lock on each directory they go to
/// (taken in one order, so two runs never wait on each other in a circle): runs writing
/// the same outputs at once leave a set from one run, never the audio of one beside the
/// sidecars of another.
pub fn persist_all<P: AsRef<Path>>(staged: Vec<(P, NamedTempFile)>) -> Result<(), WriteError> {
    let _locks = lock_directories(staged.iter().map(|(path, _)| path.as_ref()));
    for (path, file) in staged {
        let path = path.as_ref();
        file.persist(path).map_err(|e| WriteError {
            path: path.to_owned(),
            source: e.error,
        })?;
    }
    Ok(())
}

/// Exclusive locks on the directories of `paths`, held while the value lives. A directory
/// that cannot be opened or locked (a file system without locks) goes unlocked: the
/// renames are still each atomic.
fn lock_directories<'a>(paths: impl Iterator<Item = &'a Path>) -> Vec<std::fs::File> {
    let mut dirs: Vec<PathBuf> = paths
        .filter_map(|path| {
            let dir = match path.parent() {
                Some(p) if !p.as_os_str().is_empty() => p,
                _ => Path::new("."),
            };
            std::fs::canonicalize(dir).ok()
        })
        .collect();
    dirs.sort();
    dirs.dedup();
    dirs.iter()
        .filter_map(|dir| {
            let handle = std::fs::File::open(dir).ok()?;
            handle.lock().ok()?;
            Some(handle)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_set_of_outputs_is_renamed_under_its_directory_lock() {
        // Five renders to one path at once left the WAV of one beside the VTT of another.
        let dir = tempfile::tempdir().unwrap();
        let (wav, vtt) = (dir.path().join("x.wav"), dir.path().join("x.vtt"));
        let staged = vec![
            (wav.clone(), stage(&wav, b"audio").unwrap()),
            (vtt.clone(), stage(&vtt, b"cues").unwrap()),
        ];
        let held = std::fs::File::open(dir.path()).unwrap();
        held.lock().unwrap();
        let renames = std::thread::spawn(move || persist_all(staged));
        std::thread::sleep(std::time::Duration::from_millis(300));
        assert!(
            !wav.exists() && !vtt.exists(),
            "renamed while another run held the lock"
        );
        held.unlock().unwrap();
        renames.join().unwrap().unwrap();
        assert_eq!(std::fs::read(&wav).unwrap(), b"audio");
        assert_eq!(std::fs::read(&vtt).unwrap(), b"cues");
    }

    #[test]
    fn writes_every_file() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a.wav"), dir.path().join("b.vtt"));
        write_all(&[(&a, b"one"), (&b, b"two")]).unwrap();
        assert_eq!(std::fs::read(&a).unwrap(), b"one");
        assert_eq!(std::fs::read(&b).unwrap(), b"two");
    }

    #[test]
    fn links_directories_and_devices_are_refused_as_outputs() {
        // Each was replaced by a regular file.
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("target.wav");
        std::fs::write(&target, b"keep").unwrap();
        let link = dir.path().join("link.wav");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        // A FIFO stands for devices too: a test must not risk replacing /dev/null.
        let fifo = dir.path().join("fifo.wav");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        assert!(made.is_ok_and(|s| s.success()), "mkfifo");
        for (path, why) in [
            (link.as_path(), "symbolic link"),
            (dir.path(), "directory"),
            (fifo.as_path(), "FIFO"),
        ] {
            let err = write_all(&[(path, b"new")]).unwrap_err();
            assert!(err.source.to_string().contains(why), "{path:?}: {err:?}");
        }
        assert_eq!(std::fs::read(&target).unwrap(), b"keep");
        assert!(std::fs::symlink_metadata(&link).unwrap().is_symlink());
    }

    #[test]
    fn outputs_get_the_usual_mode() {
        // Every output was 0600.
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.wav");
        write_all(&[(&path, b"one")]).unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        let status = std::fs::read_to_string("/proc/self/status").unwrap();
        let umask = status
            .lines()
            .find_map(|l| l.strip_prefix("Umask:"))
            .and_then(|m| u32::from_str_radix(m.trim(), 8).ok())
            .expect("Linux reports the umask");
        assert_eq!(mode, 0o666 & !umask, "{mode:o} with umask {umask:o}");
    }

    #[test]
    fn an_output_equal_to_an_input_or_another_output_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("article.txt");
        std::fs::write(&input, b"text").unwrap();
        let roundabout = dir.path().join("sub/../article.txt");
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        let hard = dir.path().join("hard.txt");
        std::fs::hard_link(&input, &hard).unwrap();
        for output in [&input, &roundabout, &hard] {
            let err = check_distinct(&[&input], &[output]).unwrap_err();
            assert!(err.source.to_string().contains("it is the input"), "{err}");
        }
        let (wav, vtt) = (dir.path().join("x.wav"), dir.path().join("./x.wav"));
        let err = check_distinct(&[&input], &[&wav, &vtt]).unwrap_err();
        assert!(err.source.to_string().contains("same file"), "{err}");
        let other = dir.path().join("x.vtt");
        assert!(check_distinct(&[&input], &[&wav, &other]).is_ok());
    }

    #[test]
    fn a_killed_runs_temporary_files_are_removed_and_a_live_runs_kept() {
        // SIGKILL left `.narrate-*` files of up to 18 GB for good.
        let dir = tempfile::tempdir().unwrap();
        let old = std::time::SystemTime::now() - 2 * LEFTOVER_AGE;
        let leftover = dir.path().join(".narrate-killed");
        std::fs::write(&leftover, b"audio").unwrap();
        let live = temporary(&dir.path().join("live.wav")).unwrap();
        let other = dir.path().join(".narrate-dir");
        std::fs::create_dir(&other).unwrap();
        let keep = dir.path().join("kept.wav");
        std::fs::write(&keep, b"audio").unwrap();
        for path in [&leftover, &live.path().to_owned(), &keep] {
            let file = std::fs::File::options().write(true).open(path).unwrap();
            file.set_modified(old).unwrap();
        }
        let young = dir.path().join(".narrate-young");
        std::fs::write(&young, b"audio").unwrap();
        let _next = temporary(&dir.path().join("next.wav")).unwrap();
        assert!(!leftover.exists(), "the killed run's file is removed");
        assert!(live.path().exists(), "a live run's file is kept");
        assert!(young.exists() && other.is_dir() && keep.exists());
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
