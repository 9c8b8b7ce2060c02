//! Respellings by rule for names the lexicon lacks: romanised Korean (Revised
//! Romanization syllables), Chinese pinyin ([`super::pinyin`]) and Ukrainian/Russian
//! transliterations. One name in, an English-reader respelling out (lowercase, syllables
//! joined by hyphens), or nothing when no rule recognises the name.

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

/// A respelling of `name` if a rule recognises it: every word is respelled when the
/// name is Korean; only the recognised words when it is Ukrainian or Russian.
pub(super) fn respell(name: &str) -> Option<String> {
    let words: Vec<&str> = name.split(' ').collect();
    // Acronyms ("EU", "NATO") are read as written.
    let acronym = |w: &&str| w.chars().count() > 1 && !w.chars().any(char::is_lowercase);
    if words.iter().any(acronym) {
        return None;
    }
    if let Some(korean) = korean_name(&words) {
        return Some(korean);
    }
    if let Some(chinese) = super::pinyin::respell(name) {
        return Some(chinese);
    }
    let slavic: Vec<bool> = words.iter().map(|w| is_slavic(w)).collect();
    if !slavic.contains(&true) {
        return None;
    }
    let spoken: Vec<String> = words
        .iter()
        .zip(&slavic)
        .map(|(w, &s)| {
            if s || looks_slavic_given_name(w) {
                slavic_respelling(w)
            } else {
                (*w).to_owned()
            }
        })
        .collect();
    Some(spoken.join(" "))
}

// --- Korean --------------------------------------------------------------------------

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
fn korean_name(words: &[&str]) -> Option<String> {
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

/// Split `word` into onset-vowel-coda syllables, preferring a consonant as the next
/// syllable's onset ("yonhap" → yon-hap, "hana" → ha-na).
fn korean_syllables(word: &str) -> Option<Vec<Syllable>> {
    if word.is_empty() {
        return Some(Vec::new());
    }
    for onset in KO_ONSETS {
        let Some(rest) = word.strip_prefix(onset) else {
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
                if let Some(mut tail) = korean_syllables(rest) {
                    tail.insert(0, (*onset, *vowel, *coda));
                    return Some(tail);
                }
            }
        }
    }
    None
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

// --- Ukrainian and Russian -----------------------------------------------------------

/// Endings and letter groups of Ukrainian and Russian transliteration.
const SLAVIC_ENDINGS: &[&str] = &[
    "enko", "ov", "ova", "ev", "eva", "yev", "yeva", "sky", "skyi", "skyy", "skiy", "skii", "ska",
    "skaya", "vych", "ovich", "evich", "ovych", "ivna", "ovna", "yuk", "chuk", "iuk", "shyn",
    "kiv", "hiv", "aiv", "yiv", "tsov", "kov", "nko",
];
const SLAVIC_GROUPS: &[&str] = &["zh", "kh", "yi", "iy", "shch", "yy", "iia", "yuk"];

fn is_slavic(word: &str) -> bool {
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
fn looks_slavic_given_name(word: &str) -> bool {
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
fn slavic_respelling(word: &str) -> String {
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
    use super::*;

    #[test]
    fn korean_names_are_respelled_by_syllable() {
        assert_eq!(respell("Shin Won-sik").as_deref(), Some("sheen wun-sheek"));
        assert_eq!(
            respell("Lee Jae-myung").as_deref(),
            Some("lee jeh-mee-yung")
        );
        assert_eq!(
            respell("Kim Yong-hyun").as_deref(),
            Some("kim yong-hee-yun")
        );
        assert_eq!(respell("Yoon Suk Yeol").as_deref(), Some("yoon suk yul"));
        assert_eq!(respell("Park Chan-dae").as_deref(), Some("park chahn-deh"));
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

    #[test]
    fn english_names_that_parse_as_korean_are_left_alone() {
        for name in ["Michael", "Leon", "Raphael", "Gael", "Neon", "Michael Moon"] {
            assert_eq!(respell(name), None, "{name}");
        }
    }

    #[test]
    fn english_names_get_no_rule() {
        assert_eq!(respell("Joe Biden"), None);
        assert_eq!(respell("Boris Johnson"), None);
        assert_eq!(respell("Martin"), None);
        assert_eq!(
            respell("EU"),
            None,
            "'eu' is a Korean vowel, but EU is an acronym"
        );
        assert_eq!(
            respell("Tel Aviv"),
            None,
            "-iv is Ukrainian only after k, h, a, y"
        );
    }
}
