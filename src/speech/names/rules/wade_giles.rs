//! Chinese names written in Wade-Giles or the Taiwanese spellings built on it
//! ("Kaohsiung", "Hou Yu-ih", "Chiang Ching-kuo"): one name in, the same name in Hanyu
//! Pinyin syllables out (then said by the pinyin rule), or nothing when the name is not
//! clearly Wade-Giles. The conversion table is data (`voices/wade-giles.toml`).

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;

use super::pinyin::{self, Syllable};

const TABLE_TOML: &str = include_str!("../../../../voices/wade-giles.toml");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Table {
    initials: BTreeMap<String, String>,
    finals: BTreeMap<String, String>,
    syllables: BTreeMap<String, String>,
}

/// The table, with initials and finals longest first.
struct Parsed {
    initials: Vec<(String, String)>,
    finals: Vec<(String, String)>,
    syllables: BTreeMap<String, String>,
}

fn table() -> &'static Parsed {
    static TABLE: OnceLock<Parsed> = OnceLock::new();
    TABLE.get_or_init(|| {
        let t: Table = toml::from_str(TABLE_TOML)
            .expect("voices/wade-giles.toml parses (checked by a unit test)");
        let longest = |m: BTreeMap<String, String>| {
            let mut v: Vec<(String, String)> = m.into_iter().collect();
            v.sort_by_key(|(k, _)| std::cmp::Reverse(k.len()));
            v
        };
        Parsed {
            initials: longest(t.initials),
            finals: longest(t.finals),
            syllables: t.syllables,
        }
    })
}

/// Spellings only Wade-Giles uses: one of them, or a hyphenated given name ("Ing-wen",
/// which pinyin writes as one word), marks a name as Wade-Giles.
const ONLY_WADE_GILES: &[&str] = &[
    "hs", "ts", "tz", "ss", "sz", "ieh", "ih", "ien", "uei", "erh", "eou",
];

/// Whether `name` uses a spelling only Wade-Giles has (checked before Korean).
pub(super) fn only_wade_giles(name: &str) -> bool {
    let lower = name.to_lowercase();
    lower.split([' ', '-']).any(|word| {
        split(word).is_some_and(|syllables| {
            syllables
                .iter()
                .any(|wg| ONLY_WADE_GILES.iter().any(|s| wg.contains(s)))
        })
    })
}

/// Whether a word of `name` has a Wade-Giles syllable that Korean romanisation cannot
/// write as one syllable ("Kuo" in "Han Kuo-yu", "tai" in "Cho Jung-tai", "Wen" in "Ko
/// Wen-je"): such a name is Chinese, not Korean, though its shape is the same.
pub(super) fn has_non_korean_syllable(name: &str) -> bool {
    let lower = name.to_lowercase().replace(['\'', '’'], "");
    lower.split([' ', '-']).any(|word| {
        split(word).is_some_and(|syllables| {
            syllables
                .iter()
                .any(|wg| !super::korean::is_korean_syllable(wg))
        })
    })
}

/// The name as pinyin syllables, word by word, when it is clearly Wade-Giles.
pub(super) fn syllables(name: &str) -> Option<Vec<Vec<Syllable>>> {
    let words: Vec<&str> = name.split(' ').collect();
    if words.is_empty() || words.len() > 3 {
        return None;
    }
    let mut evidence = false;
    let mut all = Vec::new();
    for word in &words {
        let lower = word.to_lowercase().replace(['\'', '’'], "");
        let parts: Vec<&str> = lower.split('-').collect();
        evidence |= parts.len() > 1;
        let mut syllables = Vec::new();
        for part in parts {
            for wg in split(part)? {
                evidence |= ONLY_WADE_GILES.iter().any(|s| wg.contains(s));
                // "Taichung": "ung" after another syllable (one-syllable "Chung" and
                // "Hung" are also Korean or English).
                evidence |= wg.ends_with("ung") && !syllables.is_empty();
                syllables.extend(pinyin::parse(&to_pinyin(&wg))?);
            }
        }
        if syllables.is_empty() || syllables.len() > 3 {
            return None;
        }
        all.push(syllables);
    }
    evidence.then_some(all)
}

/// One word split into Wade-Giles syllables (initial + final, longest first).
pub(super) fn split(word: &str) -> Option<Vec<String>> {
    if word.is_empty() {
        return Some(Vec::new());
    }
    let t = table();
    // Whole syllables the table lists ("jeou", "ih") first, longest first.
    let mut whole: Vec<&String> = t.syllables.keys().collect();
    whole.sort_by_key(|k| std::cmp::Reverse(k.len()));
    for syllable in whole {
        // "erh" is a syllable of its own ("Erhan" is Turkish, not "erh-an").
        if syllable == "erh" && word != "erh" {
            continue;
        }
        if let Some(mut tail) = word.strip_prefix(syllable.as_str()).and_then(split) {
            tail.insert(0, syllable.clone());
            return Some(tail);
        }
    }
    for (initial, _) in &t.initials {
        let Some(rest) = word.strip_prefix(initial.as_str()) else {
            continue;
        };
        for (fin, _) in &t.finals {
            let Some(rest) = rest.strip_prefix(fin.as_str()) else {
                continue;
            };
            // Wade-Giles writes pinyin's "e" as "o" or "ê" except after these ("je",
            // "te", "che"): "Melih" is not "me-lih".
            if fin == "e"
                && !matches!(
                    initial.as_str(),
                    "ch" | "sh" | "j" | "ts" | "tz" | "t" | "k" | "l" | "y"
                )
            {
                continue;
            }
            let syllable = format!("{initial}{fin}");
            if initial.is_empty()
                && !t.syllables.contains_key(&syllable)
                && !fin.starts_with(['a', 'e', 'o'])
            {
                continue;
            }
            if let Some(mut tail) = split(rest) {
                tail.insert(0, syllable);
                return Some(tail);
            }
        }
    }
    None
}

/// One Wade-Giles syllable in pinyin.
fn to_pinyin(syllable: &str) -> String {
    let t = table();
    if let Some(whole) = t.syllables.get(syllable) {
        return whole.clone();
    }
    for (initial, py_initial) in &t.initials {
        let Some(fin) = syllable.strip_prefix(initial.as_str()) else {
            continue;
        };
        let Some((_, py_final)) = t.finals.iter().find(|(f, _)| f == fin) else {
            continue;
        };
        let onset = if initial == "ch" && py_final.starts_with('i') {
            "q"
        } else {
            py_initial.as_str()
        };
        return format!("{onset}{py_final}");
    }
    syllable.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pinyin_of(name: &str) -> Option<String> {
        syllables(name).map(|words| {
            words
                .iter()
                .map(|w| w.iter().map(|(i, f)| format!("{i}{f}")).collect::<String>())
                .collect::<Vec<_>>()
                .join(" ")
        })
    }

    #[test]
    fn wade_giles_names_become_pinyin() {
        assert_eq!(pinyin_of("Kaohsiung").as_deref(), Some("kaoxiong"));
        assert_eq!(
            pinyin_of("Cho Jung-tai").as_deref(),
            Some("chuo rongtai"),
            "o after ch is uo"
        );
        assert_eq!(
            pinyin_of("Ko Wen-je").as_deref(),
            Some("ke wenre"),
            "after k it is e"
        );
        assert_eq!(pinyin_of("Taichung").as_deref(), Some("taichong"));
        assert_eq!(pinyin_of("Hsinchu").as_deref(), Some("xinchu"));
        assert_eq!(
            pinyin_of("Chiang Ching-kuo").as_deref(),
            Some("qiang qingkuo")
        );
        assert_eq!(pinyin_of("Hou Yu-ih").as_deref(), Some("hou yuyi"));
        assert_eq!(pinyin_of("Ma Ying-jeou").as_deref(), Some("ma yingqiu"));
        assert_eq!(
            pinyin_of("Hsieh Chang-ting").as_deref(),
            Some("xie changting")
        );
    }

    #[test]
    fn other_names_are_not_wade_giles() {
        for name in [
            "Chung",
            "Hung",
            "Joe Biden",
            "Xi Jinping",
            "Tottenham",
            "Lin",
        ] {
            assert_eq!(pinyin_of(name), None, "{name}");
        }
    }
}
