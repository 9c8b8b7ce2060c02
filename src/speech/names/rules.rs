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
mod thai;
mod wade_giles;

/// English names said another way than spelled (`rule:en`).
pub(super) const ENGLISH: Origin = Origin("en");
/// Thai names in RTGS (`rule:th`).
pub(super) const THAI: Origin = Origin("th");

/// What a rule makes of a name: its language, a respelling (what `narrate names` shows
/// and, without `ipa`, what the voice reads) and, for Chinese, the IPA the voice is sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Respelled {
    pub(super) origin: Origin,
    pub(super) say: String,
    pub(super) ipa: Option<String>,
}

/// The language of `name` and how to say it, if a rule recognises it: every word is
/// respelled when the name is Korean or Chinese (pinyin, or Wade-Giles through pinyin);
/// only the recognised words when it is Ukrainian or Russian.
pub(super) fn respell(name: &str) -> Option<Respelled> {
    let said = |origin, say: String| Respelled {
        origin,
        say,
        ipa: None,
    };
    let words: Vec<&str> = name.split(' ').collect();
    // Acronyms ("EU", "NATO") are read as written.
    let acronym = |w: &&str| w.chars().count() > 1 && !w.chars().any(char::is_lowercase);
    if words.iter().any(acronym) {
        return None;
    }
    if let Some(thai) = thai(name, false) {
        return Some(thai);
    }
    // Spellings only Wade-Giles has ("Chen Chien-jen"), or a syllable Korean romanisation
    // cannot write ("Cho Jung-tai", "Han Kuo-yu"), come before Korean, whose hyphenated
    // given names look alike.
    if (wade_giles::only_wade_giles(name) || wade_giles::has_non_korean_syllable(name))
        && let Some(chinese) = chinese(name)
    {
        return Some(chinese);
    }
    if let Some(korean) = korean::respell(&words) {
        return Some(said(Origin::KOREAN, korean));
    }
    if let Some(chinese) = chinese(name) {
        return Some(chinese);
    }
    let slavic: Vec<bool> = words.iter().map(|w| slavic::is_slavic(w)).collect();
    if !slavic.contains(&true) {
        return english::respell(name).map(|spoken| said(ENGLISH, spoken));
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
    Some(said(Origin::EAST_SLAVIC, spoken.join(" ")))
}

/// A Thai name in RTGS, when the gazetteer lists it as a Thai town, its shape is Thai or
/// `said_thai` ("Thai" is written before it): the name as written and its IPA.
pub(super) fn thai(name: &str, said_thai: bool) -> Option<Respelled> {
    if !(said_thai || super::lists::place(name) == Some("th") || thai::looks_thai(name)) {
        return None;
    }
    Some(Respelled {
        origin: THAI,
        say: name.to_owned(),
        ipa: Some(thai::ipa(name)?),
    })
}

/// Whether `word` is one syllable of pinyin or Wade-Giles ("Wang", "Hsu", "Lin"): alone in
/// the news, such a word is a Chinese surname far more often than a European village.
pub(super) fn one_chinese_syllable(word: &str) -> bool {
    let lower = word.to_lowercase();
    pinyin::parse(&lower).is_some_and(|s| s.len() == 1)
        || wade_giles::split(&lower).is_some_and(|s| s.len() == 1)
}

/// A Chinese name in pinyin or Wade-Giles: its respelling and IPA.
fn chinese(name: &str) -> Option<Respelled> {
    let words = pinyin::syllables(name).or_else(|| wade_giles::syllables(name))?;
    Some(Respelled {
        origin: Origin::CHINESE,
        say: pinyin::respelling(&words),
        ipa: Some(pinyin::ipa(&words)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_syllable_korean_cannot_write_makes_a_hyphenated_name_wade_giles() {
        for name in ["Cho Jung-tai", "Han Kuo-yu", "Ko Wen-je", "Lin Chia-lung"] {
            let said = respell(name).unwrap();
            assert_eq!(said.origin, Origin::CHINESE, "{name}");
        }
        for name in [
            "Shin Won-sik",
            "Lee Jae-myung",
            "Kim Yong-hyun",
            "Yoon Suk Yeol",
            "Park Chan-dae",
            "Han Seung-soo",
        ] {
            let said = respell(name).unwrap();
            assert_eq!(said.origin, Origin::KOREAN, "{name}");
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
