//! Piper's text front end: spoken text in, eSpeak NG IPA (with clause punctuation put
//! back) out; IPA in, model input ids out, exactly as Piper maps them.
//!
//! The two steps are separate so a segment that already has IPA (a lexicon hint) can go
//! straight to [`VoiceConfig::ids_for_ipa`] without eSpeak.

use std::collections::HashMap;

use serde::Deserialize;

use crate::engine::EngineError;
use crate::engine::espeak::EspeakEngine;

/// The parts of a Piper voice's `.onnx.json` that synthesis needs.
#[derive(Debug, Clone, Deserialize)]
pub struct VoiceConfig {
    pub audio: AudioConfig,
    pub espeak: EspeakConfig,
    pub inference: InferenceConfig,
    #[serde(default = "one")]
    pub num_speakers: u32,
    /// Each phoneme (one Unicode character) to its ids.
    pub phoneme_id_map: HashMap<String, Vec<i64>>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct AudioConfig {
    pub sample_rate: u32,
}

#[derive(Debug, Clone, Deserialize)]
pub struct EspeakConfig {
    pub voice: String,
}

#[derive(Debug, Clone, Copy, Deserialize)]
pub struct InferenceConfig {
    pub noise_scale: f32,
    pub length_scale: f32,
    pub noise_w: f32,
}

fn one() -> u32 {
    1
}

/// Padding after every phoneme, begin and end of the utterance.
const PAD: char = '_';
const BOS: char = '^';
const EOS: char = '$';

/// Clause punctuation that Piper keeps in the phoneme string (eSpeak drops it).
pub const CLAUSE_PUNCTUATION: &[char] = &[',', '.', ';', ':', '!', '?'];

impl VoiceConfig {
    /// Parse and check a config: a sample rate of 0 or scales that are not positive
    /// numbers would crash or silence synthesis later, so they are refused here.
    pub fn parse(json: &str) -> Result<Self, String> {
        let config: VoiceConfig = serde_json::from_str(json).map_err(|e| e.to_string())?;
        let rate = config.audio.sample_rate;
        if !(8_000..=192_000).contains(&rate) {
            return Err(format!("audio.sample_rate {rate} is not a usable rate"));
        }
        let InferenceConfig {
            noise_scale,
            length_scale,
            noise_w,
        } = config.inference;
        for (name, value) in [
            ("noise_scale", noise_scale),
            ("length_scale", length_scale),
            ("noise_w", noise_w),
        ] {
            if !(value.is_finite() && (0.0..=10.0).contains(&value))
                || name == "length_scale" && value == 0.0
            {
                return Err(format!("inference.{name} {value} is out of range"));
            }
        }
        if config.num_speakers == 0 {
            return Err("num_speakers is 0".into());
        }
        Ok(config)
    }

    fn ids(&self, phoneme: char) -> Option<&[i64]> {
        let mut buf = [0u8; 4];
        self.phoneme_id_map
            .get(phoneme.encode_utf8(&mut buf) as &str)
            .map(Vec::as_slice)
    }

    /// Model input ids for an IPA string as Piper makes them: BOS and the pad id, then each
    /// known phoneme's ids each followed by the pad id, then EOS. Characters the voice does
    /// not know are dropped.
    pub fn ids_for_ipa(&self, ipa: &str) -> Vec<i64> {
        let pad = self.ids(PAD).unwrap_or(&[]);
        let mut ids = Vec::with_capacity(2 * ipa.len() + 3);
        ids.extend_from_slice(self.ids(BOS).unwrap_or(&[]));
        ids.extend_from_slice(pad);
        for phoneme in ipa.chars() {
            if let Some(found) = self.ids(phoneme) {
                ids.extend_from_slice(found);
                ids.extend_from_slice(pad);
            }
        }
        ids.extend_from_slice(self.ids(EOS).unwrap_or(&[]));
        ids
    }
}

/// A sentence's IPA as Piper builds it: eSpeak NG's phonemes per clause, each followed by
/// its punctuation, clauses joined by a space. Empty when the text has nothing to say.
pub fn text_to_ipa(espeak: &mut EspeakEngine, text: &str) -> Result<String, EngineError> {
    let mut ipa = String::new();
    for (clause, mark) in clauses(text) {
        let phonemes = espeak.text_to_ipa(clause)?;
        if phonemes.is_empty() {
            continue;
        }
        if !ipa.is_empty() {
            ipa.push(' ');
        }
        ipa.push_str(&phonemes);
        ipa.extend(mark);
    }
    Ok(ipa)
}

/// Split spoken text into clauses at clause punctuation followed by a space or the end,
/// keeping the mark: `("Hello", Some(','))`, `("world", Some('.'))`. eSpeak NG's IPA has no
/// punctuation, and Piper voices were trained with it, so it is put back per clause.
pub fn clauses(text: &str) -> Vec<(&str, Option<char>)> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let at_end = chars.peek().is_none();
        let at_break = at_end || chars.peek().is_some_and(|(_, next)| next.is_whitespace());
        // "p.m." and "U.S." inside a sentence are abbreviations, not clause ends.
        let word = text[..i].rsplit(char::is_whitespace).next().unwrap_or("");
        let abbreviation = c == '.' && word.contains('.') && !at_end;
        if CLAUSE_PUNCTUATION.contains(&c) && at_break && !abbreviation {
            let clause = text[start..i].trim();
            if !clause.is_empty() {
                out.push((clause, Some(c)));
            }
            start = i + c.len_utf8();
        }
    }
    let rest = text[start..].trim();
    if !rest.is_empty() {
        out.push((rest, None));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A tiny voice: pad 0, BOS 1, EOS 2, space 3, `h` 20, `ə` 21, `l` 22, `ˈ` 23 and
    /// `oʊ` as two phonemes 24, 25; one phoneme with two ids (`,` → 8, 9).
    fn tiny() -> VoiceConfig {
        VoiceConfig::parse(
            r#"{
                "audio": {"sample_rate": 16000},
                "espeak": {"voice": "en-us"},
                "inference": {"noise_scale": 0.667, "length_scale": 1, "noise_w": 0.8},
                "phoneme_id_map": {
                    "_": [0], "^": [1], "$": [2], " ": [3], ",": [8, 9],
                    "h": [20], "ə": [21], "l": [22], "ˈ": [23], "o": [24], "ʊ": [25]
                }
            }"#,
        )
        .unwrap()
    }

    #[test]
    fn ids_are_bos_then_each_phoneme_padded_then_eos() {
        assert_eq!(
            tiny().ids_for_ipa("həlˈoʊ"),
            vec![1, 0, 20, 0, 21, 0, 22, 0, 23, 0, 24, 0, 25, 0, 2]
        );
    }

    #[test]
    fn unknown_characters_are_dropped_and_multi_id_phonemes_kept_whole() {
        assert_eq!(tiny().ids_for_ipa("h§l, h"), {
            vec![1, 0, 20, 0, 22, 0, 8, 9, 0, 3, 0, 20, 0, 2]
        });
    }

    #[test]
    fn empty_text_is_just_bos_and_eos() {
        assert_eq!(tiny().ids_for_ipa(""), vec![1, 0, 2]);
    }

    #[test]
    fn a_config_with_sample_rate_zero_or_a_bad_scale_is_refused_with_the_field() {
        let good = r#"{"audio": {"sample_rate": 22050}, "espeak": {"voice": "en-us"},
            "inference": {"noise_scale": 0.667, "length_scale": 1, "noise_w": 0.8},
            "phoneme_id_map": {"_": [0]}}"#;
        assert!(VoiceConfig::parse(good).is_ok());
        let zero = good.replace("22050", "0");
        let err = VoiceConfig::parse(&zero).unwrap_err();
        assert!(err.contains("sample_rate 0"), "{err}");
        let err = VoiceConfig::parse(&good.replace("\"length_scale\": 1", "\"length_scale\": 0"))
            .unwrap_err();
        assert!(err.contains("length_scale"), "{err}");
        let err = VoiceConfig::parse(&good.replace("0.8", "-1")).unwrap_err();
        assert!(err.contains("noise_w"), "{err}");
    }

    #[test]
    fn a_config_without_a_phoneme_map_is_refused() {
        assert!(VoiceConfig::parse(r#"{"audio": {"sample_rate": 1}}"#).is_err());
    }

    #[test]
    fn clauses_keep_their_punctuation_but_not_inside_numbers_or_abbreviations() {
        assert_eq!(
            clauses("Hello, world. It cost 3.5 U.S. dollars at 5 p.m. today!"),
            vec![
                ("Hello", Some(',')),
                ("world", Some('.')),
                ("It cost 3.5 U.S. dollars at 5 p.m. today", Some('!')),
            ]
        );
        assert_eq!(
            clauses("Made in the U.S."),
            vec![("Made in the U.S", Some('.'))]
        );
        assert_eq!(clauses("no stop"), vec![("no stop", None)]);
        assert!(clauses("  ").is_empty());
    }
}
