//! Thai names in the Royal Thai General System of Transcription (RTGS): one name in, English
//! IPA out. In RTGS "ph", "th" and "kh" are aspirated p, t and k (never English "f" or
//! "th"), "ch" is the "ch" of "church", "ae" the vowel of "cat" and a consonant ending a
//! syllable is said unreleased: k, t, p, or n for l and r. Names are read as RTGS when the
//! gazetteer lists them as Thai towns, when "Thai" is written before them, or when their
//! shape is Thai (see [`looks_thai`]).

/// Consonants, two-letter ones first.
const CONSONANTS: &[(&str, &str)] = &[
    ("kh", "k"),
    ("ph", "p"),
    ("th", "t"),
    ("ch", "tʃ"),
    ("ng", "ŋ"),
    ("k", "k"),
    ("g", "ɡ"),
    ("p", "p"),
    ("t", "t"),
    ("d", "d"),
    ("b", "b"),
    ("s", "s"),
    ("f", "f"),
    ("h", "h"),
    ("m", "m"),
    ("n", "n"),
    ("l", "l"),
    ("r", "ɹ"),
    ("y", "j"),
    ("w", "w"),
    ("v", "w"),
    ("j", "tʃ"),
];

/// Vowels and diphthongs, longest first.
const VOWELS: &[(&str, &str)] = &[
    ("uea", "ʊə"),
    ("ia", "iːa"),
    ("ua", "uːa"),
    ("ae", "æ"),
    ("ue", "ʊ"),
    ("oe", "ɜː"),
    ("ai", "aɪ"),
    ("ao", "aʊ"),
    ("a", "ɑː"),
    ("e", "eɪ"),
    ("i", "iː"),
    ("o", "oʊ"),
    ("u", "uː"),
];

/// Word endings and spellings that mark a word as RTGS (one listed twice counts twice): common name parts (-chai "victory",
/// -sak "power", -kun/-kul "family", -wong "lineage", -porn/-phon "blessing", -buri
/// "town", -thani "city") and spellings English and the European languages do not use.
const SHAPES: &[&str] = &[
    "-chai", "-sak", "-kul", "-wong", "-porn", "-phon", "-phong", "-thai", "-rat", "tth", "kh-",
    "-ttha", "aen", "uea", // Town-name parts only Thai has count twice.
    "-buri", "-buri", "-thani", "-thani", "-nakhon", "-nakhon",
];

/// True when `name`'s spelling is Thai: at least two of [`SHAPES`] over its words, a
/// syllable group linked by "-o-" ("Chan-o-cha") counting as one.
pub(super) fn looks_thai(name: &str) -> bool {
    let lower = name.to_lowercase();
    let hyphen_linked = lower.contains("-o-") as usize;
    let points: usize = lower
        .split([' ', '-'])
        .filter(|w| !w.is_empty())
        .map(|word| {
            SHAPES
                .iter()
                .filter(|s| super::super::origins::has_spelling(word, s))
                .count()
        })
        .sum();
    points + hyphen_linked >= 2
}

/// English IPA for an RTGS name, `None` when a word is not RTGS-shaped (a letter RTGS
/// does not use, or no vowel).
pub(super) fn ipa(name: &str) -> Option<String> {
    let words: Option<Vec<String>> = name
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(|w| {
            let parts: Option<Vec<String>> = w.split('-').map(word_ipa).collect();
            parts.map(|p| p.concat())
        })
        .collect();
    Some(words?.join(" "))
}

#[derive(Debug, PartialEq)]
enum Unit {
    Consonant(&'static str, &'static str),
    Vowel(&'static str),
}

fn units(word: &str) -> Option<Vec<Unit>> {
    let mut rest = word;
    let mut out = Vec::new();
    while !rest.is_empty() {
        if let Some((from, to)) = VOWELS.iter().find(|(from, _)| rest.starts_with(from)) {
            out.push(Unit::Vowel(to));
            rest = &rest[from.len()..];
        } else if let Some((from, to)) = CONSONANTS.iter().find(|(f, _)| rest.starts_with(f)) {
            out.push(Unit::Consonant(from, to));
            rest = &rest[from.len()..];
        } else {
            return None;
        }
    }
    out.iter()
        .any(|u| matches!(u, Unit::Vowel(_)))
        .then_some(out)
}

/// One word (or one hyphen-linked syllable group) in English IPA, stress on the first
/// syllable.
fn word_ipa(word: &str) -> Option<String> {
    let units = units(&word.to_lowercase())?;
    let mut out = String::from("ˈ");
    for (i, unit) in units.iter().enumerate() {
        match unit {
            Unit::Vowel(v) => out.push_str(v),
            Unit::Consonant(spelled, said) => {
                let before_vowel = matches!(units.get(i + 1), Some(Unit::Vowel(_)));
                let after_vowel = i > 0 && matches!(units[i - 1], Unit::Vowel(_));
                if before_vowel {
                    // "Sr-" is said "s-" (Srettha).
                    if *spelled == "r" && i == 1 && units[0] == Unit::Consonant("s", "s") {
                        continue;
                    }
                    // Every Thai syllable is said in full: a secondary stress keeps
                    // English from flapping or reducing it ("Sukhothai" with a real t).
                    let cluster = i == 1 && matches!(units[0], Unit::Consonant(..));
                    if i > 0 && !cluster {
                        out.push('ˌ');
                    }
                    out.push_str(said);
                } else if after_vowel || i > 0 {
                    out.push_str(&coda(spelled, units.get(i + 1)));
                } else {
                    out.push_str(said);
                }
            }
        }
    }
    Some(out)
}

/// A consonant ending a syllable: stops unreleased, l and r as n, an r before another
/// consonant silent ("Charn-").
fn coda(spelled: &str, next: Option<&Unit>) -> String {
    match spelled {
        "k" | "kh" | "g" => "k",
        "t" | "th" | "d" | "s" | "ch" | "j" => "t",
        "p" | "ph" | "b" | "f" => "p",
        "r" if next.is_some() => "",
        "l" | "r" | "n" => "n",
        "m" => "m",
        "ng" => "ŋ",
        "y" => "ɪ",
        "w" | "v" => "ʊ",
        "h" => "",
        _ => "",
    }
    .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aspirated_consonants_are_p_t_k_and_final_consonants_are_unreleased() {
        assert_eq!(ipa("Phuket").as_deref(), Some("ˈpuːˌkeɪt"));
        assert_eq!(ipa("Khon Kaen").as_deref(), Some("ˈkoʊn ˈkæn"));
        assert_eq!(ipa("Songkhla").as_deref(), Some("ˈsoʊŋkˌlɑː"));
        assert_eq!(ipa("Sukhothai").as_deref(), Some("ˈsuːˌkoʊˌtaɪ"));
        assert_eq!(ipa("Chiang Rai").as_deref(), Some("ˈtʃiːaŋ ˈɹaɪ"));
        assert_eq!(ipa("Prayut").as_deref(), Some("ˈpɹɑːˌjuːt"));
    }

    #[test]
    fn thai_shapes_are_told_apart_from_english_names() {
        assert!(looks_thai("Somsak Jeamteerasakul"));
        assert!(looks_thai("Khun Somchai"));
        assert!(looks_thai("Nonthaburi"), "a town-name part only Thai has");
        for english in [
            "Boris Johnson",
            "Thomas Smith",
            "Philip Roth",
            "Keith Urban",
        ] {
            assert!(!looks_thai(english), "{english}");
        }
    }

    #[test]
    fn letters_rtgs_does_not_use_are_not_read_as_thai() {
        assert_eq!(ipa("Zuckerberg"), None);
        assert_eq!(ipa("Quang"), None);
    }
}
