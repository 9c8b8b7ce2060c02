//! One text in, the candidate names in it out: runs of capitalized words (with particles
//! such as "bin" or "van der" inside), titles, roles, demonyms and sentence-initial
//! ordinary words removed from the front, possessive "'s" dropped.

use std::collections::HashSet;
use std::sync::OnceLock;

use regex::Regex;

use super::words::Words;
use crate::speech::sentences::{Abbreviation, abbreviations};

/// A word of the text as the finder sees it.
#[derive(Debug, Clone)]
struct Word<'a> {
    text: &'a str,
    /// First word of a sentence (or of the text).
    sentence_start: bool,
    /// Something other than plain spaces separates it from the word before.
    break_before: bool,
    /// It ended in "'s", which is not part of `text`.
    possessive: bool,
}

/// True when a full stop after `lower` does not end a sentence: titles ("Dr."), months
/// ("Nov."), "No." and joiners ("vs.") from `voices/abbreviations.txt`, and initials.
fn keeps_sentence_open(lower: &str) -> bool {
    if lower.chars().count() == 1 {
        return true;
    }
    abbreviations().get(lower).is_some_and(|a| {
        matches!(
            a.kind,
            Abbreviation::Title
                | Abbreviation::Month
                | Abbreviation::Numbered
                | Abbreviation::Joiner
        )
    })
}

fn word_pattern() -> &'static Regex {
    static WORD: OnceLock<Regex> = OnceLock::new();
    WORD.get_or_init(|| {
        Regex::new(r"[\p{L}\p{M}\p{N}]+(?:['’\-][\p{L}\p{M}\p{N}]+)*")
            .expect("the word pattern compiles")
    })
}

fn words(text: &str) -> Vec<Word<'_>> {
    let mut out: Vec<Word> = Vec::new();
    let mut prev_end = 0;
    let mut prev_lower = String::new();
    for m in word_pattern().find_iter(text) {
        let gap = &text[prev_end..m.start()];
        let ends_sentence = gap.contains(['.', '!', '?', ':', ';', '…', '\n']);
        let after_abbreviation = gap.starts_with('.') && keeps_sentence_open(&prev_lower);
        let sentence_start = out.is_empty() || (ends_sentence && !after_abbreviation);
        let break_before = out.is_empty() || !gap.chars().all(|c| c == ' ' || c == '\u{a0}');
        let raw = m.as_str();
        prev_lower = raw.to_lowercase();
        prev_end = m.end();
        let lists = Words::get();
        // "We’ve", "Don't": contractions are not names.
        let contraction = [
            "'ve", "'re", "'ll", "'d", "n't", "'m", "’ve", "’re", "’ll", "’d", "n’t", "’m",
        ]
        .iter()
        .any(|c| prev_lower.ends_with(c));
        if contraction {
            out.push(Word {
                text: "",
                sentence_start,
                break_before: true,
                possessive: false,
            });
            continue;
        }
        // "Pentagon-led": the English suffix is not part of the name.
        let raw = match raw.rsplit_once('-') {
            Some((head, suffix)) if lists.is_compound_suffix(&suffix.to_lowercase()) => head,
            _ => raw,
        };
        let (body, possessive) = match raw.strip_suffix("'s").or_else(|| raw.strip_suffix("’s")) {
            Some(body) if !body.is_empty() => (body, true),
            _ => (raw, false),
        };
        out.push(Word {
            text: body,
            sentence_start,
            break_before,
            possessive,
        });
    }
    out
}

fn starts_upper(s: &str) -> bool {
    s.chars().next().is_some_and(char::is_uppercase)
}

/// Capitalized, or a particle joined to a capitalized word ("al-Assad").
fn is_capitalized(word: &str, lists: &Words) -> bool {
    if starts_upper(word) {
        return true;
    }
    match word.split_once('-') {
        Some((particle, rest)) => lists.is_particle(particle) && starts_upper(rest),
        None => false,
    }
}

/// Every word written in lowercase somewhere in `texts` (so "Experts" at a sentence start
/// is an ordinary word when "experts" appears too).
pub(super) fn lowercase_words<'a>(texts: impl IntoIterator<Item = &'a str>) -> HashSet<String> {
    texts
        .into_iter()
        .flat_map(|t| word_pattern().find_iter(t))
        .map(|m| m.as_str())
        .filter(|w| w.chars().next().is_some_and(char::is_lowercase))
        .map(str::to_lowercase)
        .collect()
}

/// True when most longer words of `text` are capitalized, as in a Title Case Headline.
pub(super) fn is_title_case(text: &str) -> bool {
    let long: Vec<&str> = word_pattern()
        .find_iter(text)
        .map(|m| m.as_str())
        .filter(|w| w.chars().count() >= 4)
        .collect();
    long.len() >= 4 && long.iter().filter(|w| starts_upper(w)).count() * 10 >= long.len() * 8
}

/// A possible name: its words, and whether it is one word that opens a sentence (which
/// may be an ordinary word: "Test results came in").
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Candidate {
    pub(super) words: Vec<String>,
    pub(super) lone_opener: bool,
    /// One hyphenated word of capitalized parts ("Moscow-Pyongyang", "Kramp-Karrenbauer"):
    /// several names or one, which the caller decides.
    pub(super) compound: bool,
    /// The demonym written before the name, lowercase ("turkish" in "Turkish President
    /// Recep Tayyip Erdoğan").
    pub(super) demonym: Option<String>,
}

/// Every word (and part of a hyphenated word) written capitalized somewhere other than
/// at the start of a sentence.
pub(super) fn capitalized_inside_sentences<'a>(
    texts: impl IntoIterator<Item = &'a str>,
) -> HashSet<String> {
    let mut out = HashSet::new();
    for text in texts {
        for word in words(text).into_iter().filter(|w| !w.sentence_start) {
            for part in std::iter::once(word.text).chain(word.text.split('-')) {
                if starts_upper(part) {
                    out.insert(part.to_lowercase());
                }
            }
        }
    }
    out
}

/// The candidate names in `text`, in order.
pub(super) fn candidates(text: &str, lowercase: &HashSet<String>) -> Vec<Candidate> {
    let lists = Words::get();
    let mut out = Vec::new();
    let mut run: Vec<Word> = Vec::new();
    let mut american = false;
    for word in split_compounds(words(text), lists) {
        let joins = !word.break_before && run.last().is_some_and(|w| !w.possessive);
        if !joins {
            flush(&mut run, lowercase, lists, &mut out, &mut american);
        }
        let particle = lists.is_particle(&word.text.to_lowercase()) && !run.is_empty();
        if is_capitalized(word.text, lists) || particle {
            run.push(word);
        } else {
            flush(&mut run, lowercase, lists, &mut out, &mut american);
        }
    }
    flush(&mut run, lowercase, lists, &mut out, &mut american);
    out
}

/// US-only titles: the name after one is American ("Sen. Lisa Murkowski"). Written with a
/// full stop they end a run of their own, so the clue is carried to the next run.
const US_TITLES: &[&str] = &["sen", "rep", "congressman", "congresswoman"];

/// [`finish`], carrying a US title alone in its run to the candidates of the next run.
fn flush(
    run: &mut Vec<Word>,
    lowercase: &HashSet<String>,
    lists: &Words,
    out: &mut Vec<Candidate>,
    american: &mut bool,
) {
    if run.is_empty() {
        return;
    }
    let lone_title = matches!(run.as_slice(),
        [w] if US_TITLES.contains(&w.text.trim_end_matches('.').to_lowercase().as_str()));
    let before = out.len();
    finish(run, lowercase, lists, out);
    if *american {
        for c in &mut out[before..] {
            c.demonym.get_or_insert_with(|| "american".to_owned());
        }
    }
    *american = lone_title;
}

/// "Russian-North Korean": a hyphenated word of capitalized parts, one of them an
/// ordinary word, is several words with a break between them.
fn split_compounds<'a>(words: Vec<Word<'a>>, lists: &Words) -> Vec<Word<'a>> {
    let mut out = Vec::with_capacity(words.len());
    for word in words {
        let parts: Vec<&str> = word.text.split('-').collect();
        let split = parts.len() > 1
            && parts.iter().all(|p| starts_upper(p))
            && parts
                .iter()
                .any(|p| lists.is_never_alone(&p.to_lowercase()));
        if !split {
            out.push(word);
            continue;
        }
        let last = parts.len() - 1;
        for (i, part) in parts.into_iter().enumerate() {
            out.push(Word {
                text: part,
                sentence_start: word.sentence_start && i == 0,
                break_before: word.break_before || i > 0,
                possessive: word.possessive && i == last,
            });
        }
    }
    out
}

/// Turn a finished run into zero or more candidates and clear it.
fn finish(
    run: &mut Vec<Word>,
    lowercase: &HashSet<String>,
    lists: &Words,
    out: &mut Vec<Candidate>,
) {
    let mut words: &[Word] = run;
    // The last demonym before the name ("Turkish President …"), a clue to its origin.
    let mut demonym = None;
    // "Istanbul Mayor Ekrem İmamoğlu": a role inside the run ends whatever came before it
    // (a place or an organisation, a candidate of its own).
    if let Some(role) = (1..words.len().saturating_sub(1))
        .rev()
        .find(|&i| lists.is_role(&words[i].text.to_lowercase()))
    {
        demonym = words[..role]
            .iter()
            .map(|w| w.text.to_lowercase())
            .rfind(|w| lists.is_demonym(w));
        let mut head = words[..role].to_vec();
        while head
            .last()
            .is_some_and(|w| lists.is_prefix_word(&w.text.to_lowercase()))
        {
            head.pop();
        }
        finish(&mut head, lowercase, lists, out);
        words = &words[role + 1..];
    }
    // Drop titles, roles, demonyms and ordinary sentence openers from the front.
    while let Some((first, rest)) = words.split_first() {
        let lower = first.text.to_lowercase();
        let ordinary_opener = first.sentence_start && lowercase.contains(&lower);
        // "Sun Yat-sen", "Sat Jan 6": a short month or day name is a date word only
        // before a number or another date word.
        let name_not_date = lists.is_date_abbreviation(&lower)
            && rest.first().is_some_and(|w| {
                !w.text.starts_with(|c: char| c.is_ascii_digit())
                    && !lists.is_prefix_word(&w.text.to_lowercase())
            });
        let prefix = lists.is_prefix_word(&lower) && !name_not_date;
        if ordinary_opener || prefix || lists.is_particle(&lower) {
            if lists.is_demonym(&lower) {
                demonym = Some(lower);
            } else if US_TITLES.contains(&lower.trim_end_matches('.')) {
                // US-only titles: "Sen. Lisa Murkowski" is American.
                demonym = Some("american".to_owned());
            }
            words = rest;
        } else if lists.is_direction(&lower)
            && rest
                .first()
                .is_some_and(|w| lists.is_demonym(&w.text.to_lowercase()))
        {
            words = &rest[1..];
        } else {
            break;
        }
    }
    while let Some((last, rest)) = words.split_last() {
        if lists.is_particle(&last.text.to_lowercase()) {
            words = rest;
        } else {
            break;
        }
    }
    let texts: Vec<String> = words.iter().map(|w| w.text.to_owned()).collect();
    let lone_opener = matches!(words, [only] if only.sentence_start);
    run.clear();
    let all_ordinary = texts.iter().all(|w| {
        let lower = w.to_lowercase();
        lists.is_never_alone(&lower) || w.chars().all(|c| c.is_numeric()) || w.chars().count() < 2
    });
    if texts.is_empty() || all_ordinary {
        return;
    }
    let compound = match texts.as_slice() {
        [only] => {
            let parts: Vec<&str> = only.split('-').collect();
            parts.len() > 1
                && !lists.is_particle(&parts[0].to_lowercase())
                && parts.iter().all(|p| starts_upper(p))
        }
        _ => false,
    };
    out.push(Candidate {
        words: texts,
        lone_opener: lone_opener && !compound,
        compound,
        demonym,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> Vec<String> {
        candidates(text, &lowercase_words([text]))
            .into_iter()
            .map(|c| c.words.join(" "))
            .collect()
    }

    fn compounds(text: &str) -> Vec<String> {
        candidates(text, &lowercase_words([text]))
            .into_iter()
            .filter(|c| c.compound)
            .map(|c| c.words.join(" "))
            .collect()
    }

    #[test]
    fn titles_and_demonyms_come_off_the_front() {
        assert_eq!(
            names("South Korean President Yoon Suk Yeol met Defense Minister Rustem Umerov."),
            ["Yoon Suk Yeol", "Rustem Umerov"]
        );
        assert_eq!(
            names("He met National Security Adviser Shin Won-sik in Seoul."),
            ["Shin Won-sik", "Seoul"]
        );
    }

    #[test]
    fn particles_stay_inside_names_only() {
        assert_eq!(
            names("Crown Prince Mohammed bin Salman spoke to Ursula von der Leyen and al-Assad."),
            ["Mohammed bin Salman", "Ursula von der Leyen", "al-Assad"]
        );
        assert_eq!(names("It was de facto over."), Vec::<String>::new());
    }

    #[test]
    fn possessives_end_a_name() {
        assert_eq!(
            names("North Korea's dispatch and Russia's Vladimir Putin’s plans"),
            ["North Korea", "Russia", "Vladimir Putin"]
        );
    }

    #[test]
    fn ordinary_sentence_openers_are_not_names() {
        let text = "During the talks, the experts spoke. Experts agree. Neither side moved. \
                    More recently, Pyongyang said so. Several were there. On Nov. 27 Kim left.";
        assert_eq!(names(text), ["Pyongyang", "Kim"]);
    }

    #[test]
    fn contractions_and_english_suffixes_are_not_names() {
        assert_eq!(
            names("We’ve seen the Pentagon-led effort and Russian-backed forces. Don't."),
            ["Pentagon"]
        );
    }

    #[test]
    fn compounds_of_names_are_marked_and_ordinary_words_split_off() {
        assert_eq!(
            names("the Moscow-Pyongyang ties and Russian-North Korean trade"),
            ["Moscow-Pyongyang"]
        );
        assert_eq!(
            compounds("Moscow-Pyongyang ties and Annegret Kramp-Karrenbauer"),
            ["Moscow-Pyongyang"]
        );
    }

    #[test]
    fn a_demonym_before_a_name_is_kept_as_a_clue() {
        let found = candidates(
            "Turkish President Recep Tayyip Erdoğan met Murat.",
            &HashSet::new(),
        );
        assert_eq!(found[0].words.join(" "), "Recep Tayyip Erdoğan");
        assert_eq!(found[0].demonym.as_deref(), Some("turkish"));
        assert_eq!(found[1].demonym, None);
    }

    #[test]
    fn a_role_after_a_place_ends_the_place_and_starts_the_name() {
        assert_eq!(
            names("Istanbul Mayor Ekrem İmamoğlu met Tokyo Governor Yuriko Koike."),
            ["Istanbul", "Ekrem İmamoğlu", "Tokyo", "Yuriko Koike"]
        );
        assert_eq!(
            names("Polish Prime Minister Donald Tusk and Vice President JD Vance"),
            ["Donald Tusk", "JD Vance"]
        );
    }

    #[test]
    fn title_case_is_recognised() {
        assert!(is_title_case(
            "South Korean President Meets Ukraine's Delegation In Seoul"
        ));
        assert!(!is_title_case(
            "South Korean president meets Ukraine's delegation to discuss Moscow-Pyongyang ties"
        ));
    }
}
