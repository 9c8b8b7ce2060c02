//! Stage 2c: an article and a lexicon in, the proper names it mentions out, each with how
//! narrate will say it (for pronunciation hints).
//!
//! `runs` finds candidate names in each text; here they are counted, later part-mentions
//! ("Yoon" after "Yoon Suk Yeol") folded into the full name, place words inside longer
//! names ("Kursk" in "Kursk Oblast") listed too, and each name given a hint from the
//! lexicon, else from `rules` (Korean, pinyin, Ukrainian/Russian).

mod lists;
mod origins;
mod rules;
mod runs;
mod words;

use serde::Serialize;

use crate::article::{Article, BlockKind};
pub use crate::speech::lexicon::Origin;
use crate::speech::lexicon::{Entry, Hinted, Lexicon, MatchMode, Source};
use words::Words;

/// One proper name and how narrate will say it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NameReport {
    pub name: String,
    pub count: usize,
    pub respelling: Option<String>,
    pub ipa: Option<String>,
    /// Where the hint came from (`builtin`, `user`, `rule:LANG`), `None` without a hint.
    pub source: Option<Source>,
}

/// The rule-made hints among `reports` (respellings and IPA), as a lexicon to merge over
/// the loaded one so that rendering says those names the way `narrate names` reports them.
pub fn rule_hints(reports: &[NameReport]) -> Lexicon {
    Lexicon::new(
        reports
            .iter()
            .filter_map(|r| {
                let source @ Source::Rule(_) = r.source? else {
                    return None;
                };
                if r.respelling.is_none() && r.ipa.is_none() {
                    return None;
                }
                Some(Entry {
                    text: r.name.clone(),
                    say: r.respelling.clone(),
                    ipa: r.ipa.clone(),
                    mode: MatchMode::Case,
                    note: None,
                    source,
                })
            })
            .collect(),
    )
}

/// A name being counted.
#[derive(Debug)]
struct Tally {
    name: String,
    count: usize,
    /// Found as a part of a longer name rather than written alone.
    derived: bool,
    /// The first demonym written before it ("turkish"), a clue to its origin.
    demonym: Option<String>,
}

/// `first` (the title or byline), then the text of every block of `kind`.
fn texts<'a>(first: &'a Option<String>, article: &'a Article, kind: BlockKind) -> Vec<&'a str> {
    first
        .iter()
        .map(String::as_str)
        .chain(
            article
                .blocks
                .iter()
                .filter(|b| b.kind == kind)
                .map(|b| b.text.as_str()),
        )
        .collect()
}

/// The proper names of `article` (title, byline, blocks) in order of first mention.
pub fn find(article: &Article, lexicon: &Lexicon) -> Vec<NameReport> {
    // Headlines: the title and section headings; they may be in Title Case.
    let headlines = texts(&article.title, article, BlockKind::Heading);
    let body = texts(&article.byline, article, BlockKind::Paragraph);
    let lowercase = runs::lowercase_words(headlines.iter().chain(&body).copied());
    let (title_case, sentence_case): (Vec<&str>, Vec<&str>) =
        headlines.iter().partition(|t| runs::is_title_case(t));
    let prose: Vec<&str> = sentence_case.into_iter().chain(body).collect();
    let inside = runs::capitalized_inside_sentences(prose.iter().copied());

    let mut tallies: Vec<Tally> = Vec::new();
    for text in &prose {
        for candidate in runs::candidates(text, &lowercase) {
            if let Some(parts) = known_parts(&candidate, lexicon) {
                for part in parts {
                    add(&mut tallies, part, false);
                }
                continue;
            }
            let name = candidate.words.join(" ");
            // One capitalized word opening a sentence is a name only when something
            // says so: it is capitalized elsewhere too, the lexicon or a rule knows it,
            // or its letters are not English ("Łódź", "Szczecin").
            let corroborated = !candidate.lone_opener
                || inside.contains(&name.to_lowercase())
                || lexicon.lookup(&name).is_some()
                || rules::respell(&name).is_some()
                || rules::english::exception(&name).is_some()
                || !name.is_ascii()
                // Spelling only: a list would take an English word opening a sentence
                // ("Ferry operators …") for a given name.
                || origins::place(&name).is_some();
            if corroborated {
                add_with(&mut tallies, &name, false, candidate.demonym.as_deref());
            }
        }
    }
    // In Title Case Headlines every word is capitalized: keep only names known otherwise.
    for text in title_case {
        for candidate in runs::candidates(text, &lowercase) {
            if let Some(parts) = known_parts(&candidate, lexicon) {
                for part in parts {
                    add(&mut tallies, part, false);
                }
                continue;
            }
            let name = candidate.words;
            let joined = name.join(" ");
            if known(&tallies, &joined) || lexicon.lookup(&joined).is_some() {
                add(&mut tallies, &joined, false);
                continue;
            }
            for word in name {
                if known(&tallies, &word) || lexicon.lookup(&word).is_some() {
                    add(&mut tallies, &word, false);
                }
            }
        }
    }
    add_inner_places(&mut tallies, lexicon);
    fold_part_mentions(&mut tallies);
    let demonyms: Vec<Option<String>> = tallies.iter().map(|t| t.demonym.clone()).collect();
    let mut reports: Vec<NameReport> = tallies
        .into_iter()
        .map(|t| report(t.name, t.count, lexicon))
        .collect();
    add_origin_hints(&mut reports, &demonyms);
    reports
}

/// The hint narrate uses for one name: the lexicon's, else a romanisation rule's, else
/// the pronunciation of the language the name is placed in, else none.
pub fn hint(name: &str, lexicon: &Lexicon) -> NameReport {
    let mut reports = vec![report(name.to_owned(), 1, lexicon)];
    add_origin_hints(&mut reports, &[None]);
    reports.remove(0)
}

/// What placed `name` in a language when it has no lexicon entry: `"spelling"` (its
/// letters and spellings, `voices/origins.toml`), `"list"` (only with the gazetteer or a
/// given-name list), `None` when neither places it. For measuring the method.
pub fn placed_by(name: &str) -> Option<&'static str> {
    let thai_town = lists::place(name) == Some("th");
    let thai = rules::thai(name, false).is_some();
    if origins::place(name).is_some() || (thai && !thai_town) {
        Some("spelling")
    } else if origins::place_by_lists(name).is_some() || thai_town {
        Some("list")
    } else {
        None
    }
}

/// Hints for the names still without one that can be placed in a language
/// (`voices/origins.toml`): eSpeak NG reads them with that language's voice, one run per
/// language. `demonyms[i]` is the demonym written before name `i`, if any.
fn add_origin_hints(reports: &mut [NameReport], demonyms: &[Option<String>]) {
    // "Thai Prime Minister …": a name of RTGS letters is read as RTGS.
    for (r, demonym) in reports.iter_mut().zip(demonyms) {
        if r.source.is_none()
            && demonym.as_deref() == Some("thai")
            && let Some(said) = rules::thai(&r.name, true)
        {
            r.respelling = Some(said.say);
            r.ipa = said.ipa;
            r.source = Some(Source::Rule(said.origin));
        }
    }
    let mut by_language: Vec<(&'static origins::Language, Vec<usize>)> = Vec::new();
    for (i, r) in reports.iter().enumerate() {
        if r.name.split(' ').any(is_acronym) {
            continue;
        }
        // A name placed in a language overrules a romanisation rule that also fits its
        // letters ("Cihan" is Turkish, not pinyin; "Andrzejewska" Polish, not Ukrainian).
        if matches!(r.source, Some(Source::Builtin | Source::User))
            || r.source == Some(Source::Rule(rules::ENGLISH))
            || r.source == Some(Source::Rule(rules::THAI))
        {
            continue;
        }
        let demonym = demonyms.get(i).and_then(Option::as_deref);
        // The name lists place only names no rule reads, or reads as a run of syllables
        // from words the lists all hold.
        let lists = r.source.is_none() || listed_past_rule(r);
        let Some(language) = origins::place_in_context(&r.name, demonym, lists) else {
            continue;
        };
        match by_language
            .iter_mut()
            .find(|(l, _)| std::ptr::eq(*l, language))
        {
            Some((_, names)) => names.push(i),
            None => by_language.push((language, vec![i])),
        }
    }
    for (language, indices) in by_language {
        let names: Vec<&str> = indices.iter().map(|&i| reports[i].name.as_str()).collect();
        let Some(ipa) = origins::english_ipa(language, &names) else {
            continue;
        };
        for (i, ipa) in indices.into_iter().zip(ipa) {
            reports[i].respelling = None;
            reports[i].ipa = Some(ipa);
            reports[i].source = Some(Source::Rule(language.origin()));
        }
    }
}

/// Whether a name a romanisation rule reads is still one for the name lists: every word a
/// listed given name or surname, and every word more than one syllable by the rule.
/// "Muhsin" and "Ihsan Kaya" are Turkish names, not Wade-Giles "moo-shin" and "yee-sahn
/// kah-yah"; a one-syllable word ("Wang", "Han") stays the rule's, whatever the lists say.
fn listed_past_rule(r: &NameReport) -> bool {
    let Some(said) = &r.respelling else {
        return false;
    };
    let words: Vec<&str> = r.name.split(' ').collect();
    let syllables: Vec<&str> = said.split(' ').collect();
    words.len() == syllables.len()
        && syllables.iter().all(|s| s.contains('-'))
        && words
            .iter()
            .all(|w| lists::given_name(w).is_some() || lists::surname(w).is_some())
}

/// "Moscow-Pyongyang": the parts of a hyphenated candidate when each is a name the lexicon
/// knows; "Kramp-Karrenbauer" and "Baden-Württemberg" stay whole.
fn known_parts<'a>(candidate: &'a runs::Candidate, lexicon: &Lexicon) -> Option<Vec<&'a str>> {
    if !candidate.compound {
        return None;
    }
    let parts: Vec<&str> = candidate.words[0].split('-').collect();
    parts
        .iter()
        .all(|p| lexicon.lookup(p).is_some())
        .then_some(parts)
}

fn key(name: &str) -> String {
    name.to_lowercase()
}

fn known(tallies: &[Tally], name: &str) -> bool {
    let k = key(name);
    tallies.iter().any(|t| key(&t.name) == k)
}

fn add(tallies: &mut Vec<Tally>, name: &str, derived: bool) {
    add_with(tallies, name, derived, None);
}

fn add_with(tallies: &mut Vec<Tally>, name: &str, derived: bool, demonym: Option<&str>) {
    let k = key(name);
    match tallies.iter_mut().find(|t| key(&t.name) == k) {
        Some(t) => {
            t.count += 1;
            t.derived &= derived;
            if t.demonym.is_none() {
                t.demonym = demonym.map(str::to_owned);
            }
        }
        None => tallies.push(Tally {
            name: name.to_owned(),
            count: 1,
            derived,
            demonym: demonym.map(str::to_owned),
        }),
    }
}

/// True when the last word of `name` makes it a place or organisation ("Kursk Oblast").
fn ends_in_kind(name: &str) -> bool {
    let words: Vec<&str> = name.split(' ').collect();
    words.len() > 1
        && words
            .last()
            .is_some_and(|w| Words::get().is_kind(&w.to_lowercase()))
}

/// "Kursk Oblast" names the place "Kursk"; "Kyiv Independent" mentions "Kyiv" when the
/// lexicon knows it. List those inner names too, counted once per mention of the whole.
fn add_inner_places(tallies: &mut Vec<Tally>, lexicon: &Lexicon) {
    let lists = Words::get();
    let wholes: Vec<(String, usize)> = tallies
        .iter()
        .filter(|t| ends_in_kind(&t.name))
        .map(|t| (t.name.clone(), t.count))
        .collect();
    for (whole, count) in wholes {
        let mut inner: Vec<String> = Vec::new();
        let words: Vec<&str> = whole.split(' ').collect();
        let last = words[words.len() - 1].to_lowercase();
        let head = words[..words.len() - 1].join(" ");
        let head_is_name = head
            .split(' ')
            .any(|w| !lists.is_never_alone(&w.to_lowercase()));
        if lists.is_place_kind(&last) && head_is_name {
            inner.push(head);
        }
        for hint in lexicon.apply(&whole) {
            if hint.span.len() < whole.len() {
                inner.push(whole[hint.span].to_owned());
            }
        }
        inner.dedup_by_key(|n| key(n));
        for name in inner {
            for _ in 0..count {
                add(tallies, &name, true);
            }
        }
    }
}

/// A name written alone that is a part of exactly one longer person-like name ("Umerov",
/// "Yoon") counts toward that name. Places and organisations ("Kyiv Independent") and
/// "North Korea"-like names do not take in their parts.
fn fold_part_mentions(tallies: &mut Vec<Tally>) {
    let lists = Words::get();
    let mut i = 0;
    while i < tallies.len() {
        let part: Vec<String> = tallies[i].name.split(' ').map(bare_key).collect();
        let hosts: Vec<usize> = (0..tallies.len())
            .filter(|&j| j != i && !tallies[i].derived)
            .filter(|&j| {
                let whole: Vec<String> = tallies[j].name.split(' ').map(bare_key).collect();
                whole.len() > part.len()
                    && !ends_in_kind(&tallies[j].name)
                    && !lists.is_direction(&whole[0])
                    && whole.windows(part.len()).any(|w| w == part.as_slice())
            })
            .collect();
        if let [host] = hosts.as_slice() {
            let count = tallies[i].count;
            tallies[*host].count += count;
            tallies.remove(i);
        } else {
            i += 1;
        }
    }
}

/// A word's key without a particle prefix: "al-Assad" and "Assad" are the same surname.
fn bare_key(word: &str) -> String {
    let lower = key(word);
    match lower.split_once('-') {
        Some((particle, rest)) if Words::get().is_particle(particle) => rest.to_owned(),
        _ => lower,
    }
}

/// The hint for one name: the lexicon's entry for the whole name, else its entries for
/// the parts (rules or the written word for the rest), else a rule, else none.
fn report(name: String, count: usize, lexicon: &Lexicon) -> NameReport {
    if let Some(entry) = lexicon.lookup(&name) {
        return NameReport {
            respelling: entry.say.clone(),
            ipa: entry.ipa.clone(),
            source: Some(entry.source),
            name,
            count,
        };
    }
    let hints = lexicon.apply(&name);
    let with_say: Vec<_> = hints.iter().filter(|h| h.entry.say.is_some()).collect();
    if !with_say.is_empty() {
        let mut spoken = String::new();
        let mut at = 0;
        for h in &with_say {
            spoken.push_str(&respell_gap(&name[at..h.span.start]));
            spoken.push_str(h.entry.say.as_deref().unwrap_or_default());
            at = h.span.end;
        }
        spoken.push_str(&respell_gap(&name[at..]));
        let user = with_say.iter().any(|h| h.entry.source == Source::User);
        return NameReport {
            respelling: Some(spoken),
            ipa: joined_ipa(&name, &hints),
            source: Some(if user { Source::User } else { Source::Builtin }),
            name,
            count,
        };
    }
    if let Some(ipa) = rules::english::exception(&name) {
        return NameReport {
            respelling: None,
            ipa: Some(ipa.to_owned()),
            source: Some(Source::Rule(rules::ENGLISH)),
            name,
            count,
        };
    }
    match rules::respell(&name) {
        Some(said) => NameReport {
            respelling: Some(said.say),
            ipa: said.ipa,
            source: Some(Source::Rule(said.origin)),
            name,
            count,
        },
        None => NameReport {
            respelling: None,
            ipa: None,
            source: None,
            name,
            count,
        },
    }
}

/// The parts' IPA joined with spaces, when the hints cover every word of `name` and each
/// has IPA.
fn joined_ipa(name: &str, hints: &[Hinted]) -> Option<String> {
    let mut at = 0;
    let mut parts = Vec::with_capacity(hints.len());
    for h in hints {
        if name[at..h.span.start].chars().any(char::is_alphanumeric) {
            return None;
        }
        parts.push(h.entry.ipa.as_deref()?);
        at = h.span.end;
    }
    let rest_is_words = name[at..].chars().any(char::is_alphanumeric);
    (!rest_is_words && !parts.is_empty()).then(|| parts.join(" "))
}

/// The names in `reports` that have no hint, leaving out acronyms ("NATO", "ING"): every
/// voice reads those as written, letter by letter or as a word, as newsreaders do.
pub fn unhinted(reports: &[NameReport]) -> Vec<&str> {
    reports
        .iter()
        .filter(|r| r.source.is_none())
        .map(|r| r.name.as_str())
        .filter(|name| !name.split(' ').any(is_acronym))
        .collect()
}

fn is_acronym(word: &str) -> bool {
    word.chars().count() > 1
        && word
            .chars()
            .all(|c| c.is_uppercase() || c.is_ascii_digit() || c == '&')
}

/// The words between lexicon matches, respelled by rule where one applies.
fn respell_gap(gap: &str) -> String {
    let trimmed = gap.trim();
    if trimmed.is_empty() {
        return gap.to_owned();
    }
    match rules::respell(trimmed) {
        Some(said) => gap.replace(trimmed, &said.say),
        None => gap.to_owned(),
    }
}

#[cfg(test)]
mod tests;
