//! eSpeak NG's data folder checked before a voice reads from it: the folder and a voice
//! name in, `Ok` or the damaged file out. The library trusts its data: a truncated
//! `phondata` made it read past the end (a segfault) and a missing `en_dict` gave two
//! seconds of noise and exit 0. The files come from the system's package, with no
//! checksum narrate could know, so they are checked by their own structure: the phoneme
//! tables are there, every offset `phondata-manifest` lists lies inside `phondata`, and
//! the voice's dictionary has its header (1024 hash buckets, then the offset of its rules,
//! inside the file).

use std::path::Path;

/// Hash buckets at the start of every compiled `*_dict` (eSpeak NG's `N_HASH_DICT`).
const HASH_BUCKETS: u32 = 1024;

/// Check `data` for reading with `voice`; the problem, naming the file, if any.
pub fn check(data: &Path, voice: &str) -> Result<(), String> {
    for name in ["phontab", "phonindex", "intonations"] {
        read_nonempty(&data.join(name))?;
    }
    let phondata = data.join("phondata");
    let size = read_nonempty(&phondata)?.len() as u64;
    if let Ok(manifest) = std::fs::read_to_string(data.join("phondata-manifest")) {
        let end = manifest
            .lines()
            .filter_map(|line| line.split_whitespace().nth(1))
            .filter_map(|offset| u64::from_str_radix(offset.strip_prefix("0x")?, 16).ok())
            .max();
        if let Some(end) = end.filter(|&end| end >= size) {
            return Err(format!(
                "{}: {size} bytes, but phondata-manifest has data at byte {end} (truncated)",
                phondata.display()
            ));
        }
    }
    if let Some(dictionary) = dictionary(data, voice) {
        let path = data.join(format!("{dictionary}_dict"));
        let bytes = read_nonempty(&path)?;
        let word = |i: usize| {
            bytes
                .get(4 * i..4 * i + 4)
                .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        };
        let sound = matches!((word(0), word(1)),
            (Some(HASH_BUCKETS), Some(rules)) if rules > 8 && u64::from(rules) < bytes.len() as u64);
        if !sound {
            return Err(format!(
                "{}: not a compiled eSpeak NG dictionary, or truncated",
                path.display()
            ));
        }
    }
    Ok(())
}

/// A file's bytes, refused when missing or empty.
fn read_nonempty(path: &Path) -> Result<Vec<u8>, String> {
    match std::fs::read(path) {
        Ok(bytes) if !bytes.is_empty() => Ok(bytes),
        Ok(_) => Err(format!("{}: empty", path.display())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            Err(format!("{} is missing", path.display()))
        }
        Err(e) => Err(format!("cannot read {}: {e}", path.display())),
    }
}

/// The dictionary `voice` reads: its voice file's `dictionary` line, else its language up
/// to the first `-` (`en-us` → `en`), as eSpeak NG picks it. The voice file is the one
/// under `lang/` named `voice` (any case), else whose `name` or first `language` is
/// `voice`; `None` when there is none (eSpeak NG then refuses the voice itself).
fn dictionary(data: &Path, voice: &str) -> Option<String> {
    let voice = voice.trim().to_ascii_lowercase();
    let mut files = Vec::new();
    collect_files(&data.join("lang"), 0, &mut files);
    let read = |path: &Path| std::fs::read_to_string(path).ok();
    let field = |text: &str, key: &str| {
        text.lines().find_map(|line| {
            let (k, v) = line.trim().split_once(char::is_whitespace)?;
            (k == key).then(|| v.trim().to_owned())
        })
    };
    let language = |text: &str| {
        field(text, "language").and_then(|v| v.split_whitespace().next().map(str::to_owned))
    };
    let by_file = files.iter().find(|p| {
        p.file_name()
            .is_some_and(|n| n.to_string_lossy().to_ascii_lowercase() == voice)
    });
    let text = match by_file {
        Some(path) => read(path)?,
        None => files.iter().filter_map(|p| read(p)).find(|text| {
            field(text, "name").is_some_and(|n| n.to_ascii_lowercase() == voice)
                || language(text).is_some_and(|l| l.to_ascii_lowercase() == voice)
        })?,
    };
    let dictionary = field(&text, "dictionary").or_else(|| {
        let language = language(&text)?;
        Some(language.split('-').next()?.to_ascii_lowercase())
    })?;
    // A name that is a path would not be eSpeak's either.
    (!dictionary.is_empty() && dictionary.chars().all(|c| c.is_ascii_alphanumeric()))
        .then_some(dictionary)
}

/// Every file under `dir`, a few levels deep (eSpeak NG's `lang/` is two).
fn collect_files(dir: &Path, depth: usize, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        match entry.file_type() {
            Ok(t) if t.is_dir() && depth < 4 => collect_files(&path, depth + 1, out),
            Ok(t) if t.is_file() => out.push(path),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The system's data folder, if eSpeak NG's data is installed where Debian puts it.
    fn system_data() -> Option<std::path::PathBuf> {
        [
            "/usr/lib/x86_64-linux-gnu/espeak-ng-data",
            "/usr/share/espeak-ng-data",
        ]
        .iter()
        .map(std::path::PathBuf::from)
        .find(|p| p.join("phondata").is_file())
    }

    /// A copy of the parts of `data` that [`check`] reads (the voice files as links).
    fn copy(data: &Path, dir: &Path) {
        for name in [
            "phontab",
            "phonindex",
            "intonations",
            "phondata",
            "phondata-manifest",
            "en_dict",
        ] {
            std::fs::copy(data.join(name), dir.join(name)).unwrap();
        }
        std::os::unix::fs::symlink(data.join("lang"), dir.join("lang")).unwrap();
    }

    #[test]
    fn the_installed_data_passes_and_voices_find_their_dictionary() {
        let Some(data) = system_data() else {
            eprintln!("skipping: no eSpeak NG data");
            return;
        };
        assert_eq!(check(&data, "en-us"), Ok(()));
        assert_eq!(dictionary(&data, "en-us").as_deref(), Some("en"));
        assert_eq!(dictionary(&data, "en-GB").as_deref(), Some("en"));
        assert_eq!(dictionary(&data, "nb").as_deref(), Some("no"));
        assert_eq!(dictionary(&data, "de").as_deref(), Some("de"));
    }

    #[test]
    fn truncated_phondata_and_a_missing_or_truncated_dictionary_are_refused() {
        // A truncated phondata segfaulted inside the library; a missing en_dict gave two
        // seconds of noise and exit 0.
        let Some(data) = system_data() else {
            eprintln!("skipping: no eSpeak NG data");
            return;
        };
        let dir = tempfile::tempdir().unwrap();
        copy(&data, dir.path());
        assert_eq!(check(dir.path(), "en-us"), Ok(()));
        let phondata = std::fs::read(data.join("phondata")).unwrap();
        std::fs::write(dir.path().join("phondata"), &phondata[..phondata.len() / 2]).unwrap();
        let error = check(dir.path(), "en-us").unwrap_err();
        assert!(
            error.contains("phondata: ") && error.ends_with("(truncated)"),
            "{error}"
        );
        std::fs::write(dir.path().join("phondata"), &phondata).unwrap();
        let dict = std::fs::read(data.join("en_dict")).unwrap();
        std::fs::write(dir.path().join("en_dict"), &dict[..4096]).unwrap();
        let error = check(dir.path(), "en-us").unwrap_err();
        assert!(
            error.ends_with("en_dict: not a compiled eSpeak NG dictionary, or truncated"),
            "{error}"
        );
        std::fs::remove_file(dir.path().join("en_dict")).unwrap();
        let error = check(dir.path(), "en-us").unwrap_err();
        assert!(error.ends_with("en_dict is missing"), "{error}");
    }
}
