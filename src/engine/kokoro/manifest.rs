//! Voice data, not code: `voices/kokoro.toml` (the Kokoro model's parts, its symbol table,
//! the voice style files, their sizes and SHA-256, and the PyPI wheels and npm package
//! they come in) and where the installed files live.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::engine::installed::{self, Damaged, Expected};
use crate::engine::piper::manifest::{FileEntry, WheelSource};

const MANIFEST: &str = include_str!("../../../voices/kokoro.toml");

/// Voice names are `kokoro-` and the style's name, e.g. `kokoro-af_heart`.
pub const PREFIX: &str = "kokoro-";

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KokoroManifest {
    pub name: String,
    pub sample_rate: u32,
    pub license: String,
    pub upstream: String,
    pub model: Model,
    pub vocab: Vocab,
    pub voices: Voices,
}

/// The joined model file and the parts it is joined from.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Model {
    pub file: String,
    pub size: u64,
    pub sha256: String,
    pub part: Vec<Part>,
}

/// One part of the model: a member of its own wheel.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Part {
    pub member: String,
    pub size: u64,
    pub sha256: String,
    pub source: WheelSource,
}

/// The symbol table and the wheel it comes in.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Vocab {
    pub file: String,
    pub member: String,
    pub size: u64,
    pub sha256: String,
    pub source: WheelSource,
}

impl Vocab {
    pub fn entry(&self) -> FileEntry {
        FileEntry {
            file: self.file.clone(),
            member: self.member.clone(),
            size: Some(self.size),
            sha256: self.sha256.clone(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Voices {
    pub source: NpmSource,
    pub voice: Vec<VoiceEntry>,
}

/// An npm package tarball fetched with `npm pack`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NpmSource {
    pub package: String,
    pub version: String,
    pub tarball: String,
    pub tarball_sha256: String,
    pub upstream: String,
}

/// One voice style: raw f32 rows of 256, one per token count.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VoiceEntry {
    pub name: String,
    pub description: String,
    /// British voices read eSpeak's `en-gb` phonemes; the others `en-us`.
    pub british: bool,
    pub member: String,
    pub size: u64,
    pub sha256: String,
}

impl KokoroManifest {
    pub fn parse(text: &str) -> Result<Self, toml::de::Error> {
        toml::from_str(text)
    }

    /// The shipped manifest (a test parses it, so this cannot fail in a released binary).
    pub fn shipped() -> KokoroManifest {
        KokoroManifest::parse(MANIFEST)
            .unwrap_or_else(|e| panic!("voices/kokoro.toml is malformed: {e}"))
    }

    /// The voice called `name` (`kokoro-af_heart`), if the manifest has it.
    pub fn voice(&self, name: &str) -> Option<VoiceEntry> {
        let style = name.strip_prefix(PREFIX)?;
        self.voices.voice.iter().find(|v| v.name == style).cloned()
    }

    /// Every voice's full name and description, for `narrate voices`.
    pub fn names(&self) -> Vec<(String, String)> {
        let voices = self.voices.voice.iter();
        voices
            .map(|v| (format!("{PREFIX}{}", v.name), v.description.clone()))
            .collect()
    }
}

impl VoiceEntry {
    /// The style file's name on disk.
    pub fn file(&self) -> String {
        format!("{}.bin", self.name)
    }
}

/// The folder the model, the symbol table and `voices/` are installed in.
pub fn kokoro_dir(data: &Path) -> PathBuf {
    data.join("voices").join("kokoro")
}

/// An installed voice's files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KokoroFiles {
    pub model: PathBuf,
    pub vocab: PathBuf,
    pub style: PathBuf,
}

impl KokoroFiles {
    pub fn in_dir(dir: &Path, manifest: &KokoroManifest, voice: &VoiceEntry) -> KokoroFiles {
        KokoroFiles {
            model: dir.join(&manifest.model.file),
            vocab: dir.join(&manifest.vocab.file),
            style: dir.join("voices").join(voice.file()),
        }
    }
}

/// `voice`'s files in narrate's data folder, if there is one.
pub fn data_dir_files(manifest: &KokoroManifest, voice: &VoiceEntry) -> Option<KokoroFiles> {
    let data = crate::engine::piper::manifest::data_dir()?;
    Some(KokoroFiles::in_dir(&kokoro_dir(&data), manifest, voice))
}

/// Every file of `voice` checked (size, and SHA-256 once per change).
pub fn check_voice(
    data: &Path,
    manifest: &KokoroManifest,
    voice: &VoiceEntry,
) -> Result<(), Damaged> {
    let files = KokoroFiles::in_dir(&kokoro_dir(data), manifest, voice);
    let expected = |path: &Path, size: u64, sha256: &str| Expected {
        path: path.to_owned(),
        size: Some(size),
        sha256: sha256.to_owned(),
    };
    installed::verify(&[
        expected(&files.model, manifest.model.size, &manifest.model.sha256),
        expected(&files.vocab, manifest.vocab.size, &manifest.vocab.sha256),
        expected(&files.style, voice.size, &voice.sha256),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_manifest_names_four_parts_that_add_up_to_the_model() {
        let m = KokoroManifest::shipped();
        assert_eq!(m.sample_rate, 24_000);
        assert_eq!(m.model.part.len(), 4);
        let total: u64 = m.model.part.iter().map(|p| p.size).sum();
        assert_eq!(total, m.model.size);
        let mut shas = vec![
            &m.model.sha256,
            &m.vocab.sha256,
            &m.voices.source.tarball_sha256,
        ];
        shas.extend(m.model.part.iter().map(|p| &p.sha256));
        shas.extend(m.model.part.iter().map(|p| &p.source.wheel_sha256));
        shas.extend(m.voices.voice.iter().map(|v| &v.sha256));
        for sha in shas {
            assert_eq!(sha.len(), 64, "{sha}");
            assert!(sha.chars().all(|c| c.is_ascii_hexdigit()), "{sha}");
        }
    }

    #[test]
    fn voices_are_found_by_their_prefixed_name_only() {
        let m = KokoroManifest::shipped();
        for name in ["af_heart", "am_michael", "bf_emma", "bm_george"] {
            let voice = m.voice(&format!("kokoro-{name}")).unwrap();
            assert_eq!(voice.size, 510 * 256 * 4);
            assert_eq!(voice.member, format!("package/voices/{name}.bin"));
        }
        assert!(m.voice("af_heart").is_none());
        assert!(m.voice("kokoro-nobody").is_none());
        assert!(m.voice("kokoro-bf_emma").unwrap().british);
    }

    #[test]
    fn a_misspelt_key_is_refused() {
        assert!(KokoroManifest::parse(&MANIFEST.replace("tarball_sha256", "tarball_sha")).is_err());
    }
}
