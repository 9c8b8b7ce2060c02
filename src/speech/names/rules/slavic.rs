//! Ukrainian and Russian transliterations in, English-reader respellings out:
//! "Syrskyi" → "sir-skee", "Khmara" → "kuh-mah-rah".

/// Endings and letter groups of Ukrainian and Russian transliteration.
const SLAVIC_ENDINGS: &[&str] = &[
    "enko", "ov", "ova", "ev", "eva", "yev", "yeva", "sky", "skyi", "skyy", "skiy", "skii", "ska",
    "skaya", "vych", "ovich", "evich", "ovych", "ivna", "ovna", "yuk", "chuk", "iuk", "shyn",
    "kiv", "hiv", "aiv", "yiv", "tsov", "kov", "nko",
];
const SLAVIC_GROUPS: &[&str] = &["zh", "kh", "yi", "iy", "shch", "yy", "iia", "yuk"];

/// True when `word` has an ending or letter group of Ukrainian or Russian transliteration.
pub(super) fn is_slavic(word: &str) -> bool {
    let lower = word.to_lowercase();
    if lower.chars().count() < 4 || !lower.chars().all(|c| c.is_ascii_lowercase() || c == '-') {
        return false;
    }
    // The letter before an ending must be a consonant (Zelenska, not Alaska) and "-ii"
    // follows a consonant (Oleksii, not Hawaii).
    let vowel = |c: Option<char>| c.is_some_and(|c| "aeiouy".contains(c));
    let before = |ending: &str| lower[..lower.len() - ending.len()].chars().next_back();
    SLAVIC_ENDINGS.iter().any(|e| {
        lower.ends_with(e) && lower.len() > e.len() + 1 && !(e.starts_with('s') && vowel(before(e)))
    }) || (lower.ends_with("ii") && !vowel(before("ii")))
        || SLAVIC_GROUPS.iter().any(|g| lower.contains(g))
}

/// Given names with "y" between consonants ("Dmytro", "Mykola") go with a Slavic surname.
pub(super) fn looks_slavic_given_name(word: &str) -> bool {
    let lower: Vec<char> = word.to_lowercase().chars().collect();
    let consonant = |c: char| c.is_ascii_lowercase() && !"aeiouy".contains(c);
    lower
        .windows(3)
        .any(|w| consonant(w[0]) && w[1] == 'y' && consonant(w[2]))
}

/// Phoneme-ish units of a transliteration: (spelling, is_vowel).
fn slavic_units(word: &str) -> Vec<(&'static str, bool)> {
    const UNITS: &[(&str, &str, bool)] = &[
        ("shch", "shch", false),
        ("zh", "zh", false),
        ("kh", "k", false),
        ("ch", "ch", false),
        ("sh", "sh", false),
        ("ts", "ts", false),
        ("yi", "yee", true),
        ("yy", "ee", true),
        ("iy", "ee", true),
        ("ii", "ee", true),
        ("ia", "yah", true),
        ("ya", "yah", true),
        ("ye", "yeh", true),
        ("yu", "yoo", true),
        ("iu", "yoo", true),
        ("yo", "yoh", true),
        ("a", "ah", true),
        ("e", "eh", true),
        ("i", "ee", true),
        ("o", "oh", true),
        ("u", "oo", true),
        ("y", "ih", true),
    ];
    let lower = word.to_lowercase();
    let mut rest = lower.as_str();
    let mut out = Vec::new();
    while let Some(c) = rest.chars().next() {
        if let Some((from, to, vowel)) = UNITS.iter().find(|(from, _, _)| rest.starts_with(from)) {
            // Final "-yi" after a consonant is the "-ee" of Syrskyi, not the "yee" of Kyiv.
            let after_consonant = out.last().is_some_and(|(_, v)| !v);
            let to = if *from == "yi" && rest.len() == 2 && after_consonant {
                "ee"
            } else {
                to
            };
            out.push((to, *vowel));
            rest = &rest[from.len()..];
        } else {
            out.push((consonant_spelling(c), false));
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

fn consonant_spelling(c: char) -> &'static str {
    match c {
        'b' => "b",
        'c' | 'k' | 'q' => "k",
        'd' => "d",
        'f' => "f",
        'g' => "g",
        'h' => "h",
        'j' => "j",
        'l' => "l",
        'm' => "m",
        'n' => "n",
        'p' => "p",
        'r' => "r",
        's' => "s",
        't' => "t",
        'v' | 'w' => "v",
        'x' => "ks",
        'z' => "z",
        _ => "",
    }
}

/// Syllables of a transliterated word: a consonant between vowels starts the next
/// syllable; of two or more, the first closes the syllable before.
pub(super) fn respelling(word: &str) -> String {
    let units = slavic_units(word);
    let vowels: Vec<usize> = (0..units.len()).filter(|&i| units[i].1).collect();
    if vowels.is_empty() {
        return word.to_lowercase();
    }
    // Where each syllable after the first starts: with the last consonant between two
    // vowels, or the last two when they make an onset ("tr", "sk").
    // Consonants before a "y" vowel close the syllable before instead ("lits-yah", not
    // "lih-tsyah", which English readers say with "eye").
    let mut starts = Vec::new();
    for pair in vowels.windows(2) {
        let mut start = pair[1].saturating_sub(1).max(pair[0] + 1);
        if start > pair[0] + 1 && is_onset_pair(units[start - 1].0, units[start].0) {
            start -= 1;
        }
        if units[pair[1]].0.starts_with('y') {
            start = pair[1];
        }
        starts.push(start);
    }
    let mut syllables = Vec::new();
    // A word-initial cluster English cannot start with gets an "uh": "kuh-mah-rah".
    let onset: Vec<&str> = units[..vowels[0]].iter().map(|(c, _)| *c).collect();
    if onset.len() > 1 && !is_english_onset(&onset) {
        syllables.push(format!("{}uh", onset[0]));
    }
    let mut from = if syllables.is_empty() { 0 } else { 1 };
    for &start in starts.iter().chain(std::iter::once(&units.len())) {
        let syllable: Vec<(&str, bool)> = units[from..start].to_vec();
        syllables.push(spell_slavic_syllable(&syllable));
        from = start;
    }
    syllables.join("-")
}

fn is_onset_pair(first: &str, second: &str) -> bool {
    let stop = |c: &str| matches!(c, "p" | "b" | "t" | "d" | "k" | "g");
    (matches!(first, "s" | "sh" | "z") && stop(second))
        || (stop(first) && matches!(second, "r" | "l" | "v"))
}

/// Consonant clusters that begin English words (so any English voice reads them).
fn is_english_onset(cluster: &[&str]) -> bool {
    let stop = |c: &str| matches!(c, "p" | "b" | "t" | "d" | "k" | "g");
    match cluster {
        [_] => true,
        ["s", second] => stop(second) || matches!(*second, "m" | "n" | "l"),
        // "pr", "bl", "tr", "kr", but not "tl", "dl".
        [first, second] => {
            let stop_liquid = stop(first)
                && matches!(*second, "r" | "l")
                && !(matches!(*first, "t" | "d") && *second == "l");
            stop_liquid
                || (matches!(*first, "f" | "sh") && *second == "r")
                || (*first, *second) == ("f", "l")
        }
        ["s", second, "r"] => matches!(*second, "t" | "k" | "p"),
        _ => false,
    }
}

/// A closed syllable takes the short spelling of its vowel ("len", "rov", "keev").
fn spell_slavic_syllable(units: &[(&str, bool)]) -> String {
    let closed = units.last().is_some_and(|(_, vowel)| !vowel);
    units
        .iter()
        .map(|(s, vowel)| match (*s, *vowel && closed) {
            ("eh", true) => "e",
            ("oh", true) => "o",
            ("ih", true) => "i",
            ("yeh", true) => "ye",
            ("yoh", true) => "yo",
            (s, _) => s,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    fn respell(name: &str) -> Option<String> {
        super::super::respell(name).map(|said| said.say)
    }

    #[test]
    fn slavic_respellings_avoid_clusters_english_reads_as_letters() {
        assert_eq!(respell("Khmara").as_deref(), Some("kuh-mah-rah"));
        assert_eq!(respell("Zhmailo").as_deref(), Some("zhuh-mah-ee-loh"));
        assert_eq!(
            respell("Kyslytsya Kovalenko").as_deref(),
            Some("kis-lits-yah koh-vah-len-koh")
        );
    }

    #[test]
    fn ukrainian_and_russian_names_are_respelled() {
        assert_eq!(respell("Umerov").as_deref(), Some("oo-meh-rov"));
        assert_eq!(
            respell("Dmytro Syrskyi Kuleba").as_deref(),
            Some("duh-mih-troh sir-skee Kuleba"),
            "a given name goes with a Slavic surname; Kuleba has no sign"
        );
        assert_eq!(respell("Zelenskyy").as_deref(), Some("zeh-len-skee"));
        assert_eq!(respell("Kharkiv").as_deref(), Some("kahr-keev"));
        assert_eq!(respell("Martin Fornusek"), None);
    }
}
