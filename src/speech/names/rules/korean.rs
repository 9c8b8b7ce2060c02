//! Korean names in Revised Romanization (and the usual spellings of family names) in,
//! English-reader respellings out: "Shin Won-sik" → "shin wun-sheek".

/// Korean syllable onsets, longest first.
const KO_ONSETS: &[&str] = &[
    "kk", "tt", "pp", "ss", "jj", "ch", "sh", "g", "k", "n", "d", "t", "r", "l", "m", "b", "p",
    "s", "j", "h", "",
];
/// Korean vowels, longest first (plus the common spellings "oo" and "ee").
const KO_VOWELS: &[&str] = &[
    "yae", "yeo", "wae", "yoo", "eo", "ae", "ya", "ye", "yo", "yu", "wa", "wo", "we", "wi", "oe",
    "eu", "ui", "oo", "ee", "a", "e", "i", "o", "u",
];
const KO_CODAS: &[&str] = &["ng", "k", "n", "l", "m", "p", "t", ""];

/// Korean family names in their usual (not Revised Romanization) spellings.
const KO_SURNAMES: &[(&str, &str)] = &[
    ("park", "park"),
    ("lee", "lee"),
    ("choi", "chay"),
    ("choe", "chay"),
    ("kim", "kim"),
    ("kang", "kahng"),
    ("cho", "choh"),
    ("jang", "jahng"),
    ("lim", "lim"),
    ("oh", "oh"),
    ("kwon", "kwon"),
    ("hwang", "hwahng"),
    ("ahn", "ahn"),
    ("ryu", "ryoo"),
    ("yoo", "yoo"),
    ("roh", "roh"),
    ("noh", "noh"),
    ("chung", "chung"),
    ("jung", "jong"),
    ("chun", "chun"),
    ("kwak", "kwahk"),
    ("chae", "cheh"),
];

type Syllable = (&'static str, &'static str, &'static str);

/// All words parse as Revised Romanization syllables (or are common family-name
/// spellings), and something marks the name as Korean: a hyphenated given name
/// ("Won-sik"), or a Korean family name first in a name of two or three words ("Yoon Suk
/// Yeol"). English names parse too ("Michael" = mi-chael), so parsing alone is not enough.
pub(super) fn respell(words: &[&str]) -> Option<String> {
    if words.is_empty() || words.len() > 3 {
        return None;
    }
    let mut evidence = false;
    let mut spoken = Vec::new();
    for word in words {
        let lower = word.to_lowercase();
        if let Some((_, said)) = KO_SURNAMES.iter().find(|(w, _)| *w == lower) {
            spoken.push((*said).to_owned());
            continue;
        }
        let parts: Vec<&str> = lower.split('-').collect();
        let mut syllables = Vec::new();
        for part in &parts {
            let parsed = korean_syllables(part)?;
            evidence |= parts.len() > 1 && parsed.len() == 1;
            syllables.extend(parsed);
        }
        spoken.push(
            syllables
                .iter()
                .map(|s| korean_syllable(*s))
                .collect::<Vec<_>>()
                .join("-"),
        );
    }
    let family = words[0].to_lowercase();
    evidence |= words.len() > 1
        && (KO_FAMILY.contains(&family.as_str()) || KO_SURNAMES.iter().any(|(w, _)| *w == family));
    evidence.then(|| spoken.join(" "))
}

/// Korean family names in Revised Romanization and common variants.
const KO_FAMILY: &[&str] = &[
    "yoon", "yun", "moon", "mun", "han", "shin", "sin", "seo", "suh", "song", "hong", "jeon", "ko",
    "go", "nam", "baek", "heo", "hur", "bae", "son", "sohn", "jo", "min", "byun", "byeon", "woo",
    "won", "ha", "gu", "koo", "na", "do", "cha", "joo", "ju", "jin", "ji", "eom", "um", "kong",
    "gong", "hyun", "yeo", "maeng", "ban", "pyo", "seong", "sung", "im", "yang", "jeong", "an",
    "shim", "sim", "kwak", "yu", "ryu", "lim", "kang", "jang", "hwang",
];

/// Whether `syllable` (lowercase) is one Korean syllable as Revised Romanization or
/// McCune-Reischauer (breves dropped: ŏ, ŭ as o, u) writes it. Neither has the vowels
/// "ai", "ao", "ei", "ia", "ie", "iu", "ou", "ua" or "uo" (Korean writes ae, ya, wa, wo),
/// and no Korean name has the syllable 웬 "wen": Wade-Giles "kuo", "tai", "chia", "hou" and
/// "wen" are not Korean.
pub(super) fn is_korean_syllable(syllable: &str) -> bool {
    let plain = syllable
        .replace('ŏ', "o")
        .replace('ŭ', "u")
        .replace(['\'', '’'], "");
    plain != "wen" && korean_syllables(&plain).is_some_and(|s| s.len() == 1)
}

/// Split `word` into onset-vowel-coda syllables, preferring a consonant as the next
/// syllable's onset ("yonhap" → yon-hap, "hana" → ha-na). Each suffix that cannot be
/// split is remembered, so the search is linear in the word's length (without that, a
/// word of alternating vowels backtracks exponentially).
fn korean_syllables(word: &str) -> Option<Vec<Syllable>> {
    let mut unsplittable = vec![false; word.len() + 1];
    let mut syllables = Vec::new();
    split_from(word, 0, &mut unsplittable, &mut syllables).then_some(syllables)
}

/// Split `word[at..]` onto `syllables`; false (with `syllables` as it was) if it cannot be.
fn split_from(
    word: &str,
    at: usize,
    unsplittable: &mut [bool],
    syllables: &mut Vec<Syllable>,
) -> bool {
    let word_rest = &word[at..];
    if word_rest.is_empty() {
        return true;
    }
    if unsplittable[at] {
        return false;
    }
    for onset in KO_ONSETS {
        let Some(rest) = word_rest.strip_prefix(onset) else {
            continue;
        };
        for vowel in KO_VOWELS {
            let Some(rest) = rest.strip_prefix(vowel) else {
                continue;
            };
            for coda in KO_CODAS {
                let Some(rest) = rest.strip_prefix(coda) else {
                    continue;
                };
                // A lone consonant before a vowel starts the next syllable instead.
                let next_is_vowel = rest.starts_with(['a', 'e', 'i', 'o', 'u', 'y', 'w']);
                if !coda.is_empty() && next_is_vowel {
                    continue;
                }
                syllables.push((*onset, *vowel, *coda));
                if split_from(word, word.len() - rest.len(), unsplittable, syllables) {
                    return true;
                }
                syllables.pop();
            }
        }
    }
    unsplittable[at] = true;
    false
}

/// One syllable as an English reader would spell it.
fn korean_syllable((onset, vowel, coda): Syllable) -> String {
    let onset = match onset {
        "kk" => "k",
        "tt" => "t",
        "pp" => "p",
        "ss" => "s",
        "jj" => "j",
        // 시 is "shee": s before i and wi sounds sh.
        "s" if matches!(vowel, "i" | "wi" | "ee") => "sh",
        other => other,
    };
    let open = coda.is_empty();
    let vowel = match vowel {
        "a" if open => "ah",
        "a" => "ah",
        "ae" | "e" | "oe" if open => "eh",
        "ae" | "e" => "e",
        "oe" | "we" | "wae" => {
            if open {
                "weh"
            } else {
                "we"
            }
        }
        "ya" => "yah",
        "yae" | "ye" if open => "yeh",
        "yae" | "ye" => "ye",
        "eo" | "eu" if open => "uh",
        "eo" | "eu" => "u",
        "yeo" if open => "yuh",
        "yeo" => "yu",
        "o" if open => "oh",
        "o" => "o",
        "wa" => "wah",
        "wo" => "wu",
        "wi" => "wee",
        "yo" if open => "yoh",
        "yo" => "yo",
        // Popular spellings write the "uh" of 석, 현, 명 as "u": Suk, Hyun, Myung.
        "u" if !open => "u",
        "yu" if !open => "yu",
        "u" | "oo" => "oo",
        "yu" | "yoo" => "yoo",
        _ => "ee", // i, ee, ui
    };
    // English readers say "hy", "my", "ny" as "high", "my", "nigh": spell them "hee-y".
    let glide = if vowel.starts_with('y') && matches!(onset, "h" | "m" | "n" | "b" | "g" | "k") {
        "ee-"
    } else {
        ""
    };
    let mut s = format!("{onset}{glide}{vowel}{coda}");
    // eSpeak reads "jung" like German; 정 is nearer "jong".
    if s == "jung" {
        s = "jong".into();
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn respell_name(name: &str) -> Option<String> {
        respell(&name.split(' ').collect::<Vec<_>>())
    }

    #[test]
    fn korean_names_are_respelled_by_syllable() {
        assert_eq!(
            respell_name("Shin Won-sik").as_deref(),
            Some("sheen wun-sheek")
        );
        assert_eq!(
            respell_name("Lee Jae-myung").as_deref(),
            Some("lee jeh-mee-yung")
        );
        assert_eq!(
            respell_name("Kim Yong-hyun").as_deref(),
            Some("kim yong-hee-yun")
        );
        assert_eq!(
            respell_name("Yoon Suk Yeol").as_deref(),
            Some("yoon suk yul")
        );
        assert_eq!(
            respell_name("Park Chan-dae").as_deref(),
            Some("park chahn-deh")
        );
    }

    #[test]
    fn alternating_vowels_before_a_korean_surname_do_not_backtrack_exponentially() {
        // 22 pairs took 5 s and each pair doubled it: 40 pairs would take weeks. A
        // watchdog, not a speed test: the answer takes microseconds.
        let (done, finished) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let word = format!("A{}eq", "ea".repeat(40));
            let _ = done.send(respell(&[word.as_str(), "Kim"]));
        });
        let result = finished.recv_timeout(std::time::Duration::from_secs(600));
        assert_eq!(result, Ok(None), "still backtracking after ten minutes");
    }

    #[test]
    fn wade_giles_syllables_are_not_korean_syllables() {
        for korean in [
            "kim", "jung", "han", "ko", "cho", "yeol", "won", "sik", "ch'ŏl",
        ] {
            assert!(is_korean_syllable(korean), "{korean}");
        }
        for wade_giles in ["kuo", "tai", "wen", "chia", "hou", "chiang", "kao", "mei"] {
            assert!(!is_korean_syllable(wade_giles), "{wade_giles}");
        }
    }

    #[test]
    fn english_names_that_parse_as_korean_are_left_alone() {
        for name in ["Michael", "Leon", "Raphael", "Gael", "Neon", "Michael Moon"] {
            assert_eq!(respell_name(name), None, "{name}");
        }
    }
}
