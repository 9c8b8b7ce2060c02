//! Origin-aware pronunciation for names no lexicon or romanisation rule knows: a name in,
//! the language it is placed in and English IPA out. The languages, the spellings that
//! place a name in each, and each language's phoneme table are data
//! (`voices/origins.toml`). The pronunciation comes from eSpeak NG's own letter-to-sound
//! rules for that language (the `espeak-ng` program with the language's voice, one run per
//! language for all its names), then goes through the tables into the English phonemes
//! both engines take. Without `espeak-ng` the names keep no hint, as before.

use std::collections::BTreeMap;
use std::io::Write;
use std::process::{Command, Stdio};
use std::sync::OnceLock;

use serde::Deserialize;

use super::{Origin, lists};

const ORIGINS_TOML: &str = include_str!("../../../voices/origins.toml");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    common: Table,
    origin: Vec<Language>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Table {
    phonemes: BTreeMap<String, String>,
}

/// One language a name can be placed in.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Language {
    code: String,
    voice: String,
    letters: String,
    clusters: Vec<String>,
    #[serde(default)]
    demonyms: Vec<String>,
    phonemes: BTreeMap<String, String>,
    /// `phonemes`, longest first, as [`replace_all`] takes them (made once, at load).
    #[serde(skip)]
    longest_first: Vec<(String, String)>,
}

struct Origins {
    languages: Vec<Language>,
    common: Vec<(String, String)>,
}

fn origins() -> &'static Origins {
    static ORIGINS: OnceLock<Origins> = OnceLock::new();
    ORIGINS.get_or_init(|| {
        let file: File = toml::from_str(ORIGINS_TOML)
            .expect("voices/origins.toml parses (checked by a unit test)");
        let mut languages = file.origin;
        for language in &mut languages {
            language.longest_first = longest_first(&language.phonemes);
        }
        Origins {
            languages,
            common: longest_first(&file.common.phonemes),
        }
    })
}

fn longest_first(table: &BTreeMap<String, String>) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> =
        table.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
    pairs.sort_by_key(|(k, _)| std::cmp::Reverse(k.chars().count()));
    pairs
}

impl Language {
    pub(super) fn origin(&'static self) -> Origin {
        Origin(&self.code)
    }

    /// This language's points for one lowercase word.
    fn points(&self, word: &str) -> usize {
        let letters = if word.chars().any(|c| self.letters.contains(c)) {
            2
        } else {
            0
        };
        let clusters = self
            .clusters
            .iter()
            .filter(|c| has_spelling(word, c))
            .count();
        letters + clusters
    }

    /// `ipa` (this language's voice's IPA) in English phonemes.
    fn to_english(&self, ipa: &str) -> String {
        let ipa = replace_all(ipa, &self.longest_first);
        single_consonants(&replace_all(&ipa, &origins().common))
    }
}

/// Whether lowercase `word` has `spelling`: "-x" at its end, "x-" at its start, "x"
/// anywhere.
pub(super) fn has_spelling(word: &str, spelling: &str) -> bool {
    match (spelling.strip_prefix('-'), spelling.strip_suffix('-')) {
        (Some(end), _) => word.ends_with(end),
        (_, Some(start)) => word.starts_with(start),
        _ => word.contains(spelling),
    }
}

/// `ipa` with each doubled consonant (or length mark, "ɜːː") said once: English has no
/// long consonants, and eSpeak's Irish voice writes some twice ("Méabh" mˈeːvv).
fn single_consonants(ipa: &str) -> String {
    const VOWELS: &str = "aeiouyæɑɒɔəɚɛɜɪʊʌɐøœɨʉɯɤ";
    let mut out = String::with_capacity(ipa.len());
    let mut last = None;
    for c in ipa.chars() {
        let doubled = last == Some(c) && c.is_alphabetic() && !VOWELS.contains(c);
        if !doubled {
            out.push(c);
        }
        last = Some(c);
    }
    out
}

/// A Turkish name as English news writes it, with the dot of a capital İ dropped ("Ihsan",
/// "Ismail"), back in Turkish letters: eSpeak's Turkish voice reads a capital I as dotless
/// ı. A word written with Turkish letters (ı ğ ş ç ö ü) keeps its I ("Iğdır", "Işık").
fn dotted_capital_i(name: &str) -> String {
    name.split(' ')
        .map(|word| match word.strip_prefix('I') {
            Some(rest) if !rest.is_empty() && !rest.contains(['ı', 'ğ', 'ş', 'ç', 'ö', 'ü']) =>
            {
                format!("İ{rest}")
            }
            _ => word.to_owned(),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// eSpeak's IPA without its language-switch marks: a voice that takes a word for English
/// reads it so and writes "(en)bɹˈʌtʃ(fr)" (the French voice on "Bruch").
fn without_switches(ipa: &str) -> String {
    let mut out = String::with_capacity(ipa.len());
    let mut rest = ipa;
    while let Some(open) = rest.find('(') {
        out.push_str(&rest[..open]);
        rest = rest[open..]
            .find(')')
            .map_or("", |close| &rest[open + close + 1..]);
    }
    out.push_str(rest);
    out
}

/// Each table symbol replaced, longest first, left to right.
fn replace_all(ipa: &str, table: &[(String, String)]) -> String {
    let mut out = String::with_capacity(ipa.len());
    let mut rest = ipa;
    while let Some(c) = rest.chars().next() {
        match table
            .iter()
            .find(|(from, _)| rest.starts_with(from.as_str()))
        {
            Some((from, to)) => {
                out.push_str(to);
                rest = &rest[from.len()..];
            }
            None => {
                out.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
    }
    out
}

/// The language `name` is placed in: the most points over its words, at least 2, and no
/// tie.
pub(super) fn place(name: &str) -> Option<&'static Language> {
    placed(name, None, false).map(|(language, _)| language)
}

/// Like [`place`], with the name lists too (`voices/places.tsv`, `voices/given-names.tsv`,
/// `voices/surnames.tsv`): a town's name is worth 3 points to its language, a given name
/// or (for a word no given name) a surname 2 to the one language that uses it most (1
/// each when a few do).
pub(super) fn place_by_lists(name: &str) -> Option<&'static Language> {
    placed(name, None, true).map(|(language, _)| language)
}

/// Like [`place`], with the demonym written before the name ("turkish" in "Turkish
/// President …") worth 2 points to its language, and the name lists' points when `lists`
/// (names a romanisation rule already reads keep to their spelling: "Han Kuo-yu" is
/// Wade-Giles, whatever "Han" is in Dutch).
pub(super) fn place_in_context(
    name: &str,
    demonym: Option<&str>,
    lists: bool,
) -> Option<&'static Language> {
    placed(name, demonym, lists).map(|(language, _)| language)
}

/// Points from the name lists, per language code.
fn list_points(name: &str, words: &[String]) -> Vec<(&'static str, usize)> {
    // A lone "Wang" or "Lin" is a Chinese surname, whatever village or given name the
    // lists hold by that spelling.
    if let [word] = words
        && super::rules::one_chinese_syllable(word)
    {
        return Vec::new();
    }
    if let Some(code) = lists::place(name) {
        // A one-word town that is also a given name of other languages only ("Adolfo", a
        // Brazilian town and a Spanish and Italian name) is read as the given name: a
        // lone word in the news is more often the person than a town of 500 people.
        let person_elsewhere = words.len() == 1
            && lists::given_name(&words[0]).is_some_and(|mut codes| codes.all(|c| c != code));
        if !person_elsewhere {
            return vec![(code, 3)];
        }
    }
    let mut points: Vec<(&'static str, usize)> = Vec::new();
    for word in words {
        let codes: Vec<&str> = match lists::given_name(word) {
            Some(codes) => codes.collect(),
            None => match lists::surname(word) {
                Some(codes) => codes.collect(),
                None => continue,
            },
        };
        let each = if codes.len() == 1 { 2 } else { 1 };
        for code in codes {
            match points.iter_mut().find(|(c, _)| *c == code) {
                Some((_, p)) => *p += each,
                None => points.push((code, each)),
            }
        }
    }
    points
}

/// Demonyms that mark a name as said the English way: US newsreaders say Senator
/// Murkowski's name as Americans do ("mur-KOW-skee"), not as Polish ("moor-KOF-skee").
const ENGLISH_SPEAKING: &[&str] = &["american", "british", "australian", "canadian"];

fn placed(name: &str, demonym: Option<&str>, lists: bool) -> Option<(&'static Language, usize)> {
    if demonym.is_some_and(|d| ENGLISH_SPEAKING.contains(&d)) {
        return None;
    }
    let words: Vec<String> = name
        .split([' ', '-'])
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let listed = if lists {
        list_points(name, &words)
    } else {
        Vec::new()
    };
    let mut best: Option<(&Language, usize)> = None;
    let mut tie = false;
    for language in &origins().languages {
        let said = demonym.is_some_and(|d| language.demonyms.iter().any(|m| m == d));
        let from_lists: usize = listed
            .iter()
            .filter(|(code, _)| *code == language.code)
            .map(|(_, p)| p)
            .sum();
        let points: usize = words.iter().map(|w| language.points(w)).sum::<usize>()
            + if said { 2 } else { 0 }
            + from_lists;
        match best {
            Some((_, top)) if points == top => tie = true,
            Some((_, top)) if points < top => {}
            _ if points >= 2 => {
                best = Some((language, points));
                tie = false;
            }
            _ => {}
        }
    }
    best.filter(|_| !tie)
}

/// English IPA for each of `names`, all placed in `language`: eSpeak NG reads them with
/// the language's voice. `None` when `espeak-ng` cannot be run or answers oddly.
pub(super) fn english_ipa(language: &Language, names: &[&str]) -> Option<Vec<String>> {
    let mut child = Command::new("espeak-ng")
        .args(["-q", "--ipa", "-v", &language.voice])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    let mut input = String::new();
    for name in names {
        // One clause per line; nothing in a name can reach eSpeak as a command.
        let clean: String = name
            .chars()
            .map(|c| {
                if c.is_alphanumeric() || c == '\'' {
                    c
                } else {
                    ' '
                }
            })
            .collect();
        let clean = if language.code == "tr" {
            dotted_capital_i(&clean)
        } else {
            clean
        };
        input.push_str(clean.trim());
        input.push_str(".\n");
    }
    child.stdin.take()?.write_all(input.as_bytes()).ok()?;
    let output = child.wait_with_output().ok()?;
    let text = String::from_utf8(output.stdout).ok()?;
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    (output.status.success() && lines.len() == names.len()).then(|| {
        lines
            .iter()
            .map(|l| language.to_english(&without_switches(l)))
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(name: &str) -> Option<&'static str> {
        place(name).map(|l| l.code.as_str())
    }

    #[test]
    fn the_origins_file_parses_with_a_voice_and_cues_per_language() {
        let o = origins();
        assert!(o.languages.len() >= 10);
        for l in &o.languages {
            assert!(!l.voice.is_empty() && !l.code.is_empty());
            assert!(
                !l.letters.is_empty() || !l.clusters.is_empty() || !l.demonyms.is_empty(),
                "{}",
                l.code
            );
        }
    }

    #[test]
    fn names_are_placed_by_their_letters_and_spellings() {
        assert_eq!(code("Lech Wałęsa"), Some("pl"));
        assert_eq!(code("Radosław Sikorski"), Some("pl"));
        assert_eq!(code("Krzysztof Gawkowski"), Some("pl"));
        assert_eq!(code("Ekrem İmamoğlu"), Some("tr"));
        assert_eq!(code("Kemal Kılıçdaroğlu"), Some("tr"));
        assert_eq!(code("Szijjártó Péter"), Some("hu"));
        assert_eq!(code("Antonín Dvořák"), Some("cs"));
        assert_eq!(code("Călin Georgescu"), Some("ro"));
        assert_eq!(code("São Paulo"), Some("pt"));
    }

    #[test]
    fn a_demonym_before_the_name_places_it() {
        assert_eq!(code("Murat Kurum"), None);
        let tr = place_in_context("Murat Kurum", Some("turkish"), false).map(|l| l.code.as_str());
        assert_eq!(tr, Some("tr"));
        let hu = place_in_context("Szijjártó", Some("turkish"), false).map(|l| l.code.as_str());
        assert_eq!(hu, Some("hu"), "the spelling outweighs a stray demonym");
    }

    #[test]
    fn english_names_are_not_placed() {
        for name in [
            "Boris Johnson",
            "Jo Johnson",
            "Keir Starmer",
            "Joe Biden",
            "Louis",
        ] {
            assert_eq!(code(name), None, "{name}");
        }
    }

    #[test]
    fn surnames_place_names_and_a_lone_given_name_beats_a_small_town() {
        let code = |name: &str| place_by_lists(name).map(|l| l.code.as_str());
        assert_eq!(code("Ackermann"), Some("de"), "a German surname");
        assert_eq!(code("Abatantuono"), Some("it"), "an Italian surname");
        // "Adolfo" is a Brazilian town and a Spanish and Italian given name: not pt-br
        // (a tie between the name's languages places nothing).
        assert_ne!(code("Adolfo"), Some("pt-br"));
        assert_eq!(code("Aachen"), Some("de"), "a town no given name shares");
    }

    #[test]
    fn a_portuguese_nasal_vowel_before_a_consonant_keeps_one_n() {
        let pt = language("pt");
        assert_eq!(pt.to_english("ˌɐ̃ŋtˈunɨʃ"), "ˌantˈunəʃ");
        assert_eq!(pt.to_english("ˈɐ̃ŋkuɾɐ"), "ˈaŋkuɹɐ", "ŋ before k stays");
    }

    fn language(code: &str) -> &'static Language {
        origins().languages.iter().find(|l| l.code == code).unwrap()
    }

    #[test]
    fn a_reduced_portuguese_e_is_a_schwa_and_a_polish_y_stays_short_i() {
        assert_eq!(language("pt").to_english("ɐmɐɾˈɐ̃ŋtɨ"), "ɐmɐɹˈantə");
        assert_eq!(language("pl").to_english("kʃˈɨʃtɔv"), "kʃˈɪʃtɔv");
    }

    #[test]
    fn turkish_u_umlaut_is_oo_and_o_umlaut_stays_er() {
        let tr = language("tr");
        assert_eq!(tr.to_english("høsnˈø"), "huːsnˈuː", "Hüsnü");
        assert_eq!(tr.to_english("ɟˈœk"), "ɡˈɜːk", "Gök");
    }

    #[test]
    fn language_switch_marks_are_dropped() {
        assert_eq!(without_switches("(en)bɹˈʌtʃ(fr)"), "bɹˈʌtʃ");
        assert_eq!(without_switches("vˈaɪs (en)hˈaʊs(de)"), "vˈaɪs hˈaʊs");
        assert_eq!(without_switches("bˈɛɹk"), "bˈɛɹk");
    }

    #[test]
    fn german_u_before_r_keeps_its_vowel() {
        let de = language("de");
        assert_eq!(de.to_english("frˈaɪb??k"), "fɹˈaɪbʊɹk", "Freiburg");
        assert_eq!(de.to_english("kˈ??t"), "kˈʊɹt", "Kurt");
    }

    #[test]
    fn a_turkish_capital_i_without_its_dot_is_read_as_i() {
        assert_eq!(dotted_capital_i("Ihsan Kaya"), "İhsan Kaya");
        assert_eq!(dotted_capital_i("Iğdır Işık"), "Iğdır Işık");
        assert_eq!(dotted_capital_i("I Ali"), "I Ali");
    }

    #[test]
    fn czech_palatal_stops_are_said_ty_and_dy_and_before_i_t_and_d() {
        let cs = language("cs");
        assert_eq!(cs.to_english("frˈanciʃek"), "fɹˈantiʃek", "František");
        assert_eq!(cs.to_english("tscˈirat"), "tstˈiɹat", "Ctirad");
        assert_eq!(cs.to_english("ʃcˈastniː"), "ʃtjˈastniː", "Šťastný");
        assert_eq!(cs.to_english("ɟˈaːblitse"), "djˈaːblitse", "Ďáblice");
        // Hungarian gy and ty keep the common "j" and "ch" (Győr, "jur").
        assert_eq!(language("hu").to_english("ɟˈøːr"), "dʒˈɜːɹ");
    }

    #[test]
    fn a_doubled_consonant_is_said_once_and_doubled_vowels_stay() {
        assert_eq!(language("ga").to_english("mˈeːvv"), "mˈeːv", "Méabh");
        assert_eq!(single_consonants("ʃtʃˈɛtʃin"), "ʃtʃˈɛtʃin");
        assert_eq!(single_consonants("ɡɹˈaanna"), "ɡɹˈaana");
    }

    #[test]
    fn foreign_phonemes_become_english_ones() {
        let pl = place("Wałęsa").unwrap();
        assert_eq!(pl.to_english("vawˈɛ̃sa"), "vawˈɛnsa");
        assert_eq!(pl.to_english("ʃtʃˈɛtɕin"), "ʃtʃˈɛtʃin");
        assert_eq!(pl.to_english("kʃˈɨʃtɔv"), "kʃˈɪʃtɔv");
    }

    #[test]
    fn espeak_reads_each_name_with_its_languages_voice() {
        if super::super::tests::espeak_ng_missing() {
            return;
        }
        let pl = place("Wałęsa").unwrap();
        let ipa = english_ipa(pl, &["Lech Wałęsa", "Szczecin"]).expect("espeak-ng answers");
        assert_eq!(ipa.len(), 2);
        assert!(ipa[0].contains("vaw") && ipa[0].contains("ɛn"), "{ipa:?}");
        assert!(ipa[1].starts_with("ʃtʃ"), "{ipa:?}");
    }
}
