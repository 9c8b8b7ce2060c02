//! Respellings by rule for Chinese names in Hanyu Pinyin without tone marks ("Zhao Leji",
//! "Cai Qi"): one name in, an English-reader respelling out, or nothing when the name
//! is not clearly pinyin.

/// Initials, longest first; "" for syllables that start with a vowel.
const INITIALS: &[&str] = &[
    "zh", "ch", "sh", "b", "p", "m", "f", "d", "t", "n", "l", "g", "k", "h", "j", "q", "x", "r",
    "z", "c", "s", "y", "w", "",
];
/// Finals, longest first.
const FINALS: &[&str] = &[
    "iang", "iong", "uang", "ang", "eng", "ing", "ong", "ian", "iao", "uai", "uan", "ai", "ao",
    "an", "ei", "en", "er", "ia", "ie", "in", "iu", "ou", "ua", "ui", "un", "uo", "ue", "a", "e",
    "i", "o", "u",
];

type Syllable = (&'static str, &'static str);

/// A respelling when every word is pinyin and something marks it as such: an initial
/// English spells otherwise (x, q, zh, c) or a final like "iu", "ui", "uo", "ian".
pub(super) fn respell(name: &str) -> Option<String> {
    let words: Vec<&str> = name.split(' ').collect();
    if words.is_empty() || words.len() > 3 {
        return None;
    }
    let mut evidence = false;
    let mut spoken = Vec::new();
    for word in &words {
        let lower = word.to_lowercase();
        let syllables = parse(&lower)?;
        if syllables.is_empty() || syllables.len() > 3 {
            return None;
        }
        evidence |= syllables.iter().any(|(i, f)| {
            matches!(*i, "x" | "q" | "zh" | "c")
                || matches!(
                    *f,
                    "iu" | "ui" | "uo" | "ian" | "iang" | "iong" | "ie" | "ue" | "iao"
                )
        });
        spoken.push(
            syllables
                .iter()
                .map(|s| spell(*s))
                .collect::<Vec<_>>()
                .join("-"),
        );
    }
    evidence.then(|| spoken.join(" "))
}

fn parse(word: &str) -> Option<Vec<Syllable>> {
    if word.is_empty() {
        return Some(Vec::new());
    }
    for initial in INITIALS {
        let Some(rest) = word.strip_prefix(initial) else {
            continue;
        };
        for fin in FINALS {
            if initial.is_empty() && !fin.starts_with(['a', 'o', 'e']) {
                continue;
            }
            let Some(rest) = rest.strip_prefix(fin) else {
                continue;
            };
            if let Some(mut tail) = parse(rest) {
                tail.insert(0, (*initial, *fin));
                return Some(tail);
            }
        }
    }
    None
}

/// One syllable for an English reader.
fn spell((initial, fin): Syllable) -> String {
    let palatal = matches!(initial, "j" | "q" | "x" | "y");
    let sibilant = matches!(initial, "z" | "c" | "s" | "zh" | "ch" | "sh" | "r");
    let onset = match initial {
        "zh" => "j",
        "q" => "ch",
        "x" => "sh",
        "c" => "ts",
        other => other,
    };
    let rhyme = match fin {
        "a" => "ah",
        "o" => "aw",
        "e" if initial == "y" => "eh",
        "e" => "uh",
        "i" if sibilant => "uh",
        "i" => "ee",
        "u" => "oo",
        "ai" => "ai",
        "ao" => "ao",
        "ei" => "ay",
        "ou" => "oh",
        "an" if initial == "y" => "en",
        "an" => "ahn",
        "en" => "un",
        "ang" => "ahng",
        "eng" => "ung",
        "ong" => "ong",
        "er" => "ar",
        "in" => "in",
        "ing" => "ing",
        "ia" => "ee-ah",
        "ie" => "ee-eh",
        "iao" => "ee-ao",
        "iu" => "ee-oh",
        "ian" => "ee-en",
        "iang" => "ee-ahng",
        "iong" => "ee-ong",
        "uan" if palatal => "oo-en",
        "un" if palatal => "oon",
        "ue" => "oo-eh",
        "ua" => "wah",
        "uo" => "waw",
        "uai" => "wai",
        "ui" => "way",
        "uan" => "wahn",
        "un" => "wun",
        _ => "wahng", // uang
    };
    // After y the glide is already there: "yee", "yahng" not "yee-ahng".
    let rhyme = if initial == "y" {
        rhyme.strip_prefix("ee-").unwrap_or(rhyme)
    } else {
        rhyme
    };
    // English starts words with "gw", "kw", "dw", "tw", "sw", but not "hw" or "shw":
    // there the glide becomes its own "oo".
    let rhyme = match rhyme.strip_prefix('w') {
        Some(rest) if !matches!(onset, "g" | "k" | "d" | "t" | "s" | "" | "w") => {
            format!("oo-{}", rest.trim_start_matches('-'))
        }
        _ => rhyme.to_owned(),
    };
    format!("{onset}{rhyme}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_names_are_respelled() {
        assert_eq!(respell("Xi Jinping").as_deref(), Some("shee jin-ping"));
        assert_eq!(respell("Zhao Leji").as_deref(), Some("jao luh-jee"));
        assert_eq!(respell("Cai Qi").as_deref(), Some("tsai chee"));
        assert_eq!(
            respell("Wang Huning").as_deref(),
            None,
            "nothing marks it as pinyin"
        );
        assert_eq!(
            respell("Ding Xuexiang").as_deref(),
            Some("ding shoo-eh-shee-ahng")
        );
        assert_eq!(respell("Zhou Enlai").as_deref(), Some("joh un-lai"));
        assert_eq!(respell("Huang Kunming").as_deref(), None);
        assert_eq!(respell("Huang Xuan").as_deref(), Some("hoo-ahng shoo-en"));
    }

    #[test]
    fn english_words_are_not_pinyin() {
        assert_eq!(respell("Joe Biden"), None);
        assert_eq!(respell("Xavier"), None);
        assert_eq!(respell("Shane"), None);
    }
}
