//! Stage 2a: text in, sentences out (trimmed slices of the input, in order).
//!
//! The text is cut into whitespace-separated tokens; UAX #29 sentence bounds split tokens
//! where a script's own terminator has no space after it ("。"), and a rule layer decides,
//! between each pair of tokens, whether a sentence ends there: abbreviations (from
//! `voices/abbreviations.txt`), initials and dotted acronyms, ellipses, closing quotes and
//! brackets, numbered lists, bullets, missing spaces and line breaks. One pass, linear time.

mod abbreviations;
mod lists;
#[cfg(test)]
mod tests;
mod tokens;

pub(crate) use abbreviations::{Abbreviation, abbreviations};
use abbreviations::{abbreviation, is_sentence_starter};
use lists::{Lists, opens_list};
use tokens::{
    Token, dot_count, ends_terminal, is_bullet, is_bullet_char, is_dots, is_initial_or_acronym,
    is_opener, split_terminal, tokenize, word,
};

/// Split text into trimmed, non-empty sentences.
pub fn split(text: &str) -> Vec<&str> {
    let tokens = tokenize(text);
    let mut sentences = Vec::new();
    let mut first = 0; // first token of the current sentence
    let mut lists = Lists::default();
    let mut i = 0;
    while i < tokens.len() {
        if i > first && starts_sentence(text, &tokens, i, first, &lists) {
            sentences.push(&text[tokens[first].start..tokens[i - 1].end]);
            first = i;
        }
        if i == first || (i == first + 1 && is_bullet(word(text, tokens[first]))) {
            lists.note_first(word(text, tokens[i]));
        }
        // An ellipsis written as spaced dots is decided as one group with the word before.
        let dots_end = (i + 1..tokens.len())
            .take_while(|&j| is_dots(word(text, tokens[j])))
            .last();
        let (last, cut) = match dots_end {
            Some(j) => (j, ellipsis_cut(text, &tokens, i, j)),
            None => (
                i,
                ends_sentence(text, &tokens, i, first, &lists).then_some(i),
            ),
        };
        if let Some(c) = cut {
            sentences.push(&text[tokens[first].start..tokens[c].end]);
            first = c + 1;
        }
        i = last + 1;
    }
    if first < tokens.len()
        && let Some(last) = tokens.last()
    {
        sentences.push(&text[tokens[first].start..last.end]);
    }
    sentences
}

/// Whether token `i` opens a new sentence whatever came before: after a blank line, at a
/// bullet, at the next item of a numbered list, or at a line that starts like a sentence.
fn starts_sentence(text: &str, tokens: &[Token], i: usize, first: usize, lists: &Lists) -> bool {
    let here = word(text, tokens[i]);
    let before = word(text, tokens[i - 1]);
    if tokens[i].breaks_before >= 2 || is_bullet(here) {
        return true;
    }
    if is_bullet(before) && before.chars().all(is_bullet_char) {
        return false; // "• 10." — the bullet already opened this item
    }
    if lists.continues(here) || (ends_terminal(before) && opens_list(here)) {
        return true;
    }
    if tokens[i].breaks_before == 1 && ends_terminal(before) {
        return true; // "…its reporting.\n11:50 PM"
    }
    tokens[i].breaks_before == 1
        && i > first
        && !before.ends_with([',', '-', '–', '—', '(', ':'])
        && first_letter_is_upper(here)
}

/// Whether the sentence ends after token `i` (the next token is not a spaced ellipsis).
fn ends_sentence(text: &str, tokens: &[Token], i: usize, first: usize, lists: &Lists) -> bool {
    let here = word(text, tokens[i]);
    let Some(next) = tokens.get(i + 1).map(|&t| word(text, t)) else {
        return false; // the end of the text ends the sentence anyway
    };
    let (core, terminal) = split_terminal(here);
    if terminal.is_empty() || next.starts_with("--") || next.starts_with(['—', '–']) {
        return false; // "voila! -- you have cake" goes on after the dash
    }
    let at_list_start = i == first || (i == first + 1 && is_bullet(word(text, tokens[first])));
    if at_list_start && lists.is_marker(here) {
        return false;
    }
    let next_case = Case::of(next);
    if next_case == Case::Lower {
        return false;
    }
    if terminal.contains(['!', '?']) || !terminal.is_ascii() && !terminal.contains('…') {
        return true;
    }
    let dots = terminal.chars().filter(|&c| c == '.').count() + 3 * terminal.matches('…').count();
    if dots >= 2 {
        // "slowly... And" ends; "that.... She" ends; a two-dot typo is read as a period
        return next_case == Case::Upper || dots == 2;
    }
    if next_case == Case::Digit {
        return false;
    }
    let starter = is_sentence_starter(next);
    match abbreviation(core) {
        Some(Abbreviation::Title | Abbreviation::Joiner) => false,
        // "5 p.m. EST. Officials said": the time zone ends the sentence, not the time
        Some(Abbreviation::Time) if is_time_zone(next) => false,
        Some(Abbreviation::Time) => !is_short_opening(&text[tokens[first].start..tokens[i].end]),
        // "Samsung Co. Ltd., said": a chain of company abbreviations goes on
        Some(Abbreviation::General) if continues_chain(next) => false,
        // "Acme Inc. (“Acme”)": a bracket after an abbreviation goes on with the sentence
        Some(Abbreviation::General | Abbreviation::Month | Abbreviation::Numbered) => {
            !next.starts_with('(')
        }
        None if is_initial_or_acronym(core) => starter,
        None => true,
    }
}

/// The cut inside "word . . . Next": after the word when it had its own period and three
/// dots follow ("compounds. . . . The" — the ellipsis opens the next sentence), after the
/// dots when there are four in all ("period . . . . Next"), else none.
fn ellipsis_cut(text: &str, tokens: &[Token], i: usize, last_dot: usize) -> Option<usize> {
    let next = tokens.get(last_dot + 1).map(|&t| word(text, t))?;
    if Case::of(next) != Case::Upper {
        return None;
    }
    let own = split_terminal(word(text, tokens[i])).1.matches('.').count();
    let spaced: usize = tokens[i + 1..=last_dot]
        .iter()
        .map(|&t| dot_count(word(text, t)))
        .sum();
    if own >= 1 && spaced == 3 {
        Some(i)
    } else if own + spaced >= 4 {
        Some(last_dot)
    } else {
        None
    }
}

/// How the next token begins, after any opening quote or bracket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Case {
    Upper,
    Lower,
    Digit,
    Other,
}

impl Case {
    fn of(token: &str) -> Case {
        match token.trim_start_matches(is_opener).chars().next() {
            Some(c) if c.is_lowercase() => Case::Lower,
            Some(c) if c.is_uppercase() => Case::Upper,
            Some(c) if c.is_numeric() => Case::Digit,
            _ => Case::Other,
        }
    }
}

/// A time zone abbreviation ("EST", "GMT.", "E.S.T.").
fn is_time_zone(token: &str) -> bool {
    let letters: String = token
        .trim_end_matches([',', ';', ':', ')'])
        .chars()
        .filter(|&c| c != '.')
        .collect();
    crate::speech::normalize::TIME_ZONES.contains(&letters.as_str())
}

/// A company abbreviation written with its period that can follow another ("Co. Ltd.",
/// "Inc. Corp."): the table's `general` abbreviations of two to four letters.
fn continues_chain(token: &str) -> bool {
    let token = token.trim_end_matches([',', ';', ':', ')']);
    let Some(core) = token.strip_suffix('.') else {
        return false;
    };
    (2..=4).contains(&core.len())
        && core.chars().all(|c| c.is_ascii_alphabetic())
        && COMPANY_SUFFIXES.contains(&core.to_ascii_lowercase().as_str())
}

/// Abbreviations that close a company name and can follow one another.
const COMPANY_SUFFIXES: [&str; 8] = ["co", "corp", "inc", "ltd", "llc", "plc", "bros", "pty"];

fn first_letter_is_upper(token: &str) -> bool {
    Case::of(token) == Case::Upper
}

/// "At 5 a.m." — a few words opened by a preposition, which a time does not end.
fn is_short_opening(sentence: &str) -> bool {
    const OPENERS: [&str; 10] = [
        "at", "by", "before", "after", "until", "from", "since", "around", "about", "on",
    ];
    let mut words = sentence.split_whitespace();
    let first = words.next().unwrap_or("");
    first.len() <= 8 && OPENERS.contains(&first.to_lowercase().as_str()) && words.nth(3).is_none()
}
