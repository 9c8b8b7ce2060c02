//! Respellings by rule for Chinese names in Hanyu Pinyin without tone marks ("Zhao Leji",
//! "Cai Qi"): one name in, an English-reader respelling and English IPA out, or nothing
//! when the name is not clearly pinyin. The IPA is what the voice is sent, so nothing
//! depends on how eSpeak would read the respelling ("jung" as "yung", "hway" as the
//! letter h); the respelling is what `narrate names` shows.

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

pub(super) type Syllable = (&'static str, &'static str);

/// A name as pinyin syllables, word by word, when every word is pinyin and something
/// marks it as such: an initial English spells otherwise (x, q, zh, c) or a final like
/// "iu", "ui", "uo", "ian".
pub(super) fn syllables(name: &str) -> Option<Vec<Vec<Syllable>>> {
    let words: Vec<&str> = name.split(' ').collect();
    if words.is_empty() || words.len() > 3 {
        return None;
    }
    let mut evidence = false;
    let mut all = Vec::new();
    // One word alone ("Canberra", "Arouca") needs more than a "c" to be pinyin.
    let c_counts = words.len() > 1;
    for word in &words {
        let lower = word.to_lowercase();
        let syllables = parse(&lower)?;
        if syllables.is_empty() || syllables.len() > 3 {
            return None;
        }
        evidence |= syllables.iter().any(|(i, f)| {
            matches!(*i, "x" | "q" | "zh")
                || (*i == "c" && c_counts)
                || matches!(
                    *f,
                    "iu" | "ui" | "uo" | "ian" | "iang" | "iong" | "ie" | "ue" | "iao"
                )
        });
        all.push(syllables);
    }
    evidence.then_some(all)
}

/// The respelling of a name already split into syllables: syllables joined by hyphens.
pub(super) fn respelling(words: &[Vec<Syllable>]) -> String {
    words
        .iter()
        .map(|w| w.iter().map(|s| spell(*s)).collect::<Vec<_>>().join("-"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// English IPA for a name already split into syllables, stress on each word's first.
pub(super) fn ipa(words: &[Vec<Syllable>]) -> String {
    words
        .iter()
        .map(|w| {
            w.iter()
                .enumerate()
                .map(|(n, s)| format!("{}{}", if n == 0 { "ˈ" } else { "ˌ" }, ipa_of(*s)))
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A respelling when the name is clearly pinyin (see [`syllables`]).
#[cfg(test)]
fn respell(name: &str) -> Option<String> {
    syllables(name).map(|w| respelling(&w))
}

/// One word as syllables (`None` when it is not pinyin).
pub(super) fn parse(word: &str) -> Option<Vec<Syllable>> {
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
            if !allowed(initial, fin) {
                continue;
            }
            if let Some(mut tail) = parse(rest) {
                tail.insert(0, (*initial, *fin));
                return Some(tail);
            }
        }
    }
    None
}

/// Pinyin's own limits on which finals follow an initial: j, q, x only before i and ü
/// (written u); "er" only alone. ("Aleixo", "Cetinje" are not pinyin.)
fn allowed(initial: &str, fin: &str) -> bool {
    match initial {
        "j" | "q" | "x" => fin.starts_with(['i', 'u']),
        "" => true,
        _ => fin != "er",
    }
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

/// One syllable in English IPA, the sounds English newsreaders use for it.
fn ipa_of((initial, fin): Syllable) -> String {
    let palatal = matches!(initial, "j" | "q" | "x" | "y");
    let sibilant = matches!(initial, "z" | "c" | "s" | "zh" | "ch" | "sh" | "r");
    let onset = match initial {
        "zh" | "j" => "dʒ",
        "ch" | "q" => "tʃ",
        "sh" | "x" => "ʃ",
        "r" => "ɹ",
        "z" => "dz",
        "c" => "ts",
        "g" => "ɡ",
        "y" => "j",
        other => other,
    };
    let rhyme = match fin {
        "a" => "ɑː",
        "o" => "ɔː",
        "e" if initial == "y" => "ɛ",
        "e" => "ə",
        "i" if sibilant => "ə",
        "i" => "iː",
        "u" => "uː",
        "ai" => "aɪ",
        "ao" => "aʊ",
        "ei" => "eɪ",
        "ou" => "oʊ",
        "an" if initial == "y" => "ɛn",
        "an" => "ɑːn",
        "en" => "ən",
        "ang" => "ɑːŋ",
        "eng" => "əŋ",
        "ong" => "ʊŋ",
        "er" => "ɑːɹ",
        "in" => "ɪn",
        "ing" => "ɪŋ",
        "ia" => "jɑː",
        "ie" => "jɛ",
        "iao" => "jaʊ",
        "iu" => "joʊ",
        "ian" => "jɛn",
        "iang" => "jɑːŋ",
        "iong" => "jʊŋ",
        "uan" if palatal => "wɛn",
        "un" if palatal => "uːn",
        "ue" => "wɛ",
        "ua" => "wɑː",
        "uo" => "wɔː",
        "uai" => "waɪ",
        "ui" => "weɪ",
        "uan" => "wɑːn",
        "un" => "wən",
        _ => "wɑːŋ", // uang
    };
    // After y the glide is already there: "yi" is [jiː], "yan" [jɛn], not [jjɛn].
    let rhyme = if initial == "y" {
        rhyme.strip_prefix('j').unwrap_or(rhyme)
    } else {
        rhyme
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
    fn the_ipa_is_what_english_newsreaders_say() {
        let ipa_of_name = |name: &str| syllables(name).map(|w| ipa(&w));
        assert_eq!(ipa_of_name("Xi Jinping").as_deref(), Some("ˈʃiː ˈdʒɪnˌpɪŋ"));
        assert_eq!(ipa_of_name("Cai Qi").as_deref(), Some("ˈtsaɪ ˈtʃiː"));
        assert_eq!(
            ipa_of_name("Zheng Shanjie").as_deref(),
            Some("ˈdʒəŋ ˈʃɑːnˌdʒjɛ"),
            "zheng is [dʒəŋ]: the respelling \"jung\" was read by eSpeak as \"yung\""
        );
        assert_eq!(
            ipa_of_name("Huang Xuan").as_deref(),
            Some("ˈhwɑːŋ ˈʃwɛn"),
            "no letter h is spelled out"
        );
    }

    #[test]
    fn english_words_are_not_pinyin() {
        assert_eq!(respell("Joe Biden"), None);
        assert_eq!(respell("Xavier"), None);
        assert_eq!(respell("Shane"), None);
        for place in ["Canberra", "Arouca", "Aleixo", "Cetinje"] {
            assert_eq!(respell(place), None, "{place}");
        }
    }
}
