//! Stages 2–4 for single names: name reports and a lexicon in, one short WAV per name out,
//! so a person can listen to each hint (`narrate names --audition DIR`).

use std::collections::HashSet;

use crate::audio::{Track, wav};
use crate::engine::{EngineError, SpeechEngine};
use crate::render::Requests;
use crate::speech::lexicon::Lexicon;
use crate::speech::names::NameReport;
use crate::speech::{NumberStyle, Sentence};

#[derive(Debug, thiserror::Error)]
pub enum AuditionError {
    #[error("cannot say {name:?}")]
    Engine { name: String, source: EngineError },
    #[error("cannot encode {name:?}")]
    Wav { name: String, source: wav::WavError },
}

/// One WAV per name, said with the hint `lexicon` gives it (for what `narrate render`
/// would say, a lexicon with the rule hints merged: [`crate::settings::Settings::hinted`]):
/// `(file name, bytes)`, file names slugged from the names and unique.
pub fn audition(
    reports: &[NameReport],
    lexicon: &Lexicon,
    engine: &mut dyn SpeechEngine,
) -> Result<Vec<(String, Vec<u8>)>, AuditionError> {
    let mut requests = Requests::default();
    let mut taken = HashSet::new();
    let mut files = Vec::with_capacity(reports.len());
    for report in reports {
        let name = &report.name;
        let engine_error = |source| AuditionError::Engine {
            name: name.clone(),
            source,
        };
        let sentence = Sentence::new(name, lexicon, NumberStyle::default());
        let request = requests.request(&sentence, engine).map_err(engine_error)?;
        let audio = engine.synthesize(&request).map_err(engine_error)?;
        let mut track = Track::new(engine.sample_rate());
        track.mark(name);
        track.push_sentence(name, audio.samples, &[]);
        let bytes = wav::encode(&track).map_err(|source| AuditionError::Wav {
            name: name.clone(),
            source,
        })?;
        files.push((unique(&mut taken, slug(name)) + ".wav", bytes));
    }
    Ok(files)
}

/// A file-name stem: lowercase letters and digits, other runs as one `-`.
fn slug(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars().flat_map(char::to_lowercase) {
        // Combining marks ("İ" lowercases to "i" and a combining dot) belong to their letter.
        if ('\u{300}'..='\u{36f}').contains(&c) {
            continue;
        }
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-');
    if out.is_empty() {
        "name".to_owned()
    } else {
        out.to_owned()
    }
}

/// `stem`, or `stem-2`, `stem-3`, … when taken.
fn unique(taken: &mut HashSet<String>, stem: String) -> String {
    let mut candidate = stem.clone();
    let mut n = 2;
    while !taken.insert(candidate.clone()) {
        candidate = format!("{stem}-{n}");
        n += 1;
    }
    candidate
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::mock::MockEngine;

    #[test]
    fn slugs_are_lowercase_words_joined_by_hyphens() {
        assert_eq!(slug("Shin Won-sik"), "shin-won-sik");
        assert_eq!(slug("Liège"), "liège");
        assert_eq!(slug("Ekrem İmamoğlu"), "ekrem-imamoğlu");
        assert_eq!(slug("../etc/passwd"), "etc-passwd");
        assert_eq!(slug("?!"), "name");
    }

    #[test]
    fn one_wav_per_name_with_unique_file_names() {
        let report = |name: &str| NameReport {
            name: name.into(),
            count: 1,
            respelling: None,
            ipa: None,
            source: None,
        };
        let reports = [report("Kyiv"), report("KYIV"), report("Yoon Suk Yeol")];
        let files = audition(&reports, &Lexicon::builtin(), &mut MockEngine).unwrap();
        let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["kyiv.wav", "kyiv-2.wav", "yoon-suk-yeol.wav"]);
        let markers = wav::read_markers(&files[2].1).unwrap();
        assert_eq!(markers[0].label, "Yoon Suk Yeol");
    }
}
