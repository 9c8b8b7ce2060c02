//! Stage 3 (default voice, input): IPA in, eSpeak NG's English phoneme mnemonics out, for
//! `[[...]]` phoneme input.
//!
//! The table covers the IPA eSpeak NG itself writes for English (so its own output converts
//! back exactly) and the common symbols of other languages' IPA, each mapped to the nearest
//! English phoneme. Marks English cannot say (aspiration, palatalization, unreleased stops,
//! nasal vowels) are dropped, as is anything unknown. The output holds only table
//! mnemonics and spaces, so it can never close the `[[...]]` block it is put in.

/// IPA → eSpeak NG mnemonic, matched longest first.
const TABLE: &[(&str, &str)] = &[
    // Stress and word breaks.
    ("ˈ", "'"),
    ("'", "'"),
    ("ˌ", ","),
    (" ", " "),
    // Diphthongs and r-coloured vowels, as eSpeak's en-us writes them.
    ("aɪə", "aI@"),
    ("aɪɚ", "aI3"),
    ("aɪ", "aI"),
    ("aʊ", "aU"),
    ("eɪ", "eI"),
    ("oʊ", "oU"),
    ("əʊ", "oU"),
    ("ɔɪ", "OI"),
    ("ɑːɹ", "A@"),
    ("ɑɹ", "A@"),
    ("ɔːɹ", "O@"),
    ("ɔɹ", "O@"),
    ("oːɹ", "o@"),
    ("oɹ", "o@"),
    ("ɛɹ", "e@"),
    ("eə", "e@"),
    ("ɪɹ", "i@3"),
    ("ɪə", "i@"),
    ("iə", "i@"),
    ("ʊɹ", "U@"),
    ("ʊə", "U@"),
    ("ɜː", "3:"),
    ("ɝ", "3:"),
    ("ɜ", "3:"),
    ("ɚ", "3"),
    ("əl", "@L"),
    // Plain vowels.
    ("ɑː", "A:"),
    ("ɑ", "A:"),
    ("a", "A:"),
    ("ɒ", "0"),
    ("æ", "a"),
    ("ɐ", "a#"),
    ("ə", "@"),
    ("ɛ", "E"),
    ("e", "E"),
    ("iː", "i:"),
    ("i", "i"),
    ("ɪ", "I"),
    ("ᵻ", "I#"),
    ("ɨ", "I"),
    ("ɔː", "O:"),
    ("ɔ", "O"),
    ("oː", "oU"),
    ("o", "oU"),
    ("ʊ", "U"),
    ("uː", "u:"),
    ("u", "u:"),
    ("y", "u:"),
    ("ɯ", "u:"),
    ("ʌ", "V"),
    ("ɤ", "V"),
    ("ø", "3:"),
    ("œ", "3:"),
    ("ɘ", "@"),
    ("ɵ", "@"),
    // Syllabic consonants.
    ("n̩", "n-"),
    ("l̩", "l-"),
    ("m̩", "m-"),
    // Affricates, with or without a tie.
    ("t͡ʃ", "tS"),
    ("tʃ", "tS"),
    ("d͡ʒ", "dZ"),
    ("dʒ", "dZ"),
    ("t͡ɕ", "tS"),
    ("tɕ", "tS"),
    ("d͡ʑ", "dZ"),
    ("dʑ", "dZ"),
    ("t͡s", "ts"),
    ("d͡z", "dz"),
    // Consonants.
    ("b", "b"),
    ("β", "v"),
    ("c", "k"),
    ("ç", "h"),
    ("d", "d"),
    ("ð", "D"),
    ("f", "f"),
    ("ɡ", "g"),
    ("g", "g"),
    ("ɣ", "g"),
    ("ɟ", "g"),
    ("h", "h"),
    ("ɦ", "h"),
    ("ħ", "h"),
    ("j", "j"),
    ("k", "k"),
    ("q", "k"),
    ("l", "l"),
    ("ɫ", "l"),
    ("ʎ", "lj"),
    ("m", "m"),
    ("n", "n"),
    ("ɲ", "nj"),
    ("ŋ", "N"),
    ("p", "p"),
    ("ɹ", "r"),
    ("r", "r"),
    ("ʁ", "r"),
    ("ʀ", "r"),
    ("ɾ", "t#"),
    ("s", "s"),
    ("ʃ", "S"),
    ("ɕ", "S"),
    ("ʂ", "S"),
    ("t", "t"),
    ("θ", "T"),
    ("v", "v"),
    ("ʋ", "v"),
    ("w", "w"),
    ("ʍ", "w"),
    ("x", "x"),
    ("χ", "x"),
    ("z", "z"),
    ("ʒ", "Z"),
    ("ʑ", "Z"),
    ("ʐ", "Z"),
    ("ʔ", "?"),
];

/// An r-coloured vowel before another vowel: the plain vowel, then `r` starting the next
/// syllable ("Cyril" `s'Ir@L`, "starry" `st'A:ri`), as eSpeak writes it.
const BEFORE_VOWEL: &[(&str, &str)] = &[
    ("ɑːɹ", "A:r"),
    ("ɑɹ", "A:r"),
    ("ɔːɹ", "o@r"),
    ("ɔɹ", "o@r"),
    ("oːɹ", "o@r"),
    ("oɹ", "o@r"),
    ("ɛɹ", "e@r"),
    ("ɪɹ", "Ir"),
    ("ʊɹ", "Ur"),
    ("əl", "@l"),
];

const VOWELS: &str = "aeiouyæɑɒɐəɛɪʊʌɔɜɚɝᵻøœɨɯɤɘɵ";

fn starts_with_vowel(ipa: &str) -> bool {
    ipa.trim_start_matches(['ˈ', 'ˌ', '\''])
        .chars()
        .next()
        .is_some_and(|c| VOWELS.contains(c))
}

/// eSpeak NG phoneme mnemonics for `ipa`, words separated by one space.
pub(super) fn ipa_to_mnemonics(ipa: &str) -> String {
    let mut out = String::with_capacity(ipa.len());
    let mut rest = ipa.trim();
    while let Some(c) = rest.chars().next() {
        let found = TABLE
            .iter()
            .filter(|(symbol, _)| rest.starts_with(symbol))
            .max_by_key(|(symbol, _)| symbol.len());
        match found {
            Some((symbol, mnemonic)) => {
                let after = &rest[symbol.len()..];
                let mnemonic = match BEFORE_VOWEL.iter().find(|(s, _)| s == symbol) {
                    Some((_, linked)) if starts_with_vowel(after) => linked,
                    _ => mnemonic,
                };
                if *mnemonic != " " || !out.ends_with(' ') {
                    out.push_str(mnemonic);
                }
                rest = after;
            }
            // Length marks, diacritics, syllable dots and unknown symbols.
            None => {
                if c.is_whitespace() && !out.ends_with(' ') {
                    out.push(' ');
                }
                rest = &rest[c.len_utf8()..];
            }
        }
    }
    out.trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn espeaks_own_english_ipa_converts_to_its_mnemonics() {
        assert_eq!(ipa_to_mnemonics("wˈʊstɚ"), "w'Ust3");
        assert_eq!(ipa_to_mnemonics("nˈætʃɪtˌɑːtʃᵻz"), "n'atSIt,A:tSI#z");
        assert_eq!(ipa_to_mnemonics("jˈuːn sˈʊkjˈʌl"), "j'u:n s'Ukj'Vl");
        assert_eq!(ipa_to_mnemonics("bˈʌɾɚ"), "b'Vt#3");
        assert_eq!(ipa_to_mnemonics("bˈɪɹ"), "b'i@3");
        assert_eq!(ipa_to_mnemonics("sˈɪɹəl"), "s'Ir@L");
        assert_eq!(ipa_to_mnemonics("stˈɑːɹi"), "st'A:ri");
    }

    #[test]
    fn foreign_marks_fold_to_the_nearest_english_phoneme() {
        assert_eq!(ipa_to_mnemonics("ˈputʲɪn"), "'pu:tIn");
        assert_eq!(ipa_to_mnemonics("kim dʑʌŋ.un"), "kim dZVNu:n");
        assert_eq!(ipa_to_mnemonics("makʁɔ̃"), "mA:krO");
    }

    #[test]
    fn every_symbol_of_the_builtin_lexicon_has_a_mnemonic() {
        let known = |c: char| TABLE.iter().any(|(ipa, _)| ipa.contains(c)) || c == 'ː';
        for entry in crate::speech::lexicon::Lexicon::builtin().entries() {
            let ipa = entry.ipa.as_deref().unwrap_or_default();
            let unknown: String = ipa.chars().filter(|&c| !known(c)).collect();
            assert!(
                unknown.is_empty(),
                "{}: {ipa:?} has {unknown:?}",
                entry.text
            );
        }
    }

    #[test]
    fn markup_in_ipa_cannot_close_the_phoneme_block() {
        let out = ipa_to_mnemonics("a]] <speak>[[x\u{1}");
        assert!(
            !out.contains(']') && !out.contains('[') && !out.contains('<'),
            "{out}"
        );
        assert!(!out.contains('\u{1}'), "{out}");
    }
}
