//! Respellings by rule for names the lexicon lacks: one name in, an English-reader
//! respelling out (lowercase, syllables joined by hyphens), or nothing when no rule
//! recognises the name. One module per writing system: Korean (Revised Romanization),
//! Chinese (pinyin, and Wade-Giles through a table to pinyin), Ukrainian and Russian
//! (transliteration), English names whose spelling misleads (a list and patterns).

use super::Origin;

pub(super) mod english;
mod korean;
mod pinyin;
mod slavic;

/// English names said another way than spelled (`rule:en`).
pub(super) const ENGLISH: Origin = Origin("en");

/// The language of `name` and a respelling, if a rule recognises it: every word is
/// respelled when the name is Korean; only the recognised words when it is Ukrainian or
/// Russian.
pub(super) fn respell(name: &str) -> Option<(Origin, String)> {
    let words: Vec<&str> = name.split(' ').collect();
    // Acronyms ("EU", "NATO") are read as written.
    let acronym = |w: &&str| w.chars().count() > 1 && !w.chars().any(char::is_lowercase);
    if words.iter().any(acronym) {
        return None;
    }
    if let Some(korean) = korean::respell(&words) {
        return Some((Origin::KOREAN, korean));
    }
    if let Some(chinese) = pinyin::respell(name) {
        return Some((Origin::CHINESE, chinese));
    }
    let slavic: Vec<bool> = words.iter().map(|w| slavic::is_slavic(w)).collect();
    if !slavic.contains(&true) {
        return english::respell(name).map(|spoken| (ENGLISH, spoken));
    }
    let spoken: Vec<String> = words
        .iter()
        .zip(&slavic)
        .map(|(w, &s)| {
            if s || slavic::looks_slavic_given_name(w) {
                slavic::respelling(w)
            } else {
                (*w).to_owned()
            }
        })
        .collect();
    Some((Origin::EAST_SLAVIC, spoken.join(" ")))
}

#[cfg(test)]
mod tests {
    use super::*;

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
