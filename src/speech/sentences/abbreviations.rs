//! Stage 2a, abbreviations: the table of abbreviations (`voices/abbreviations.txt`) and of
//! words that start sentences (`voices/sentence-starters.txt`), shared with the normalizer.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::tokens::is_opener;
use crate::speech::data::{Columns, rows};

/// How an abbreviation behaves at the end of a would-be sentence (`voices/abbreviations.txt`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Abbreviation {
    /// Comes before a name or number: never ends a sentence ("Mr.", "St.").
    Title,
    /// Only ever inside a sentence ("vs.", "e.g.").
    Joiner,
    /// "a.m.", "p.m.": ends a sentence before a capitalised word, unless it closes a short
    /// opening phrase ("At 5 a.m. Mr. Smith went").
    Time,
    /// A month: ends a sentence before a capitalised word, never before a day number.
    Month,
    /// Anything else: ends a sentence before a capitalised word ("Co. It closed").
    General,
    /// Like `General`, but only read out in full before a number ("No. 5", "p. 55").
    Numbered,
}

/// One row of the abbreviation table.
#[derive(Debug, Clone)]
pub(crate) struct AbbreviationEntry {
    /// As written in the table, without the final period ("Dr", "e.g").
    pub written: String,
    pub kind: Abbreviation,
    /// What a newsreader says, None to keep the written form.
    pub spoken: Option<String>,
}

const ABBREVIATIONS: &str = include_str!("../../../voices/abbreviations.txt");
const SENTENCE_STARTERS: &str = include_str!("../../../voices/sentence-starters.txt");

/// The abbreviation table, keyed by the lower-cased abbreviation without its final period.
pub(crate) fn abbreviations() -> &'static HashMap<String, AbbreviationEntry> {
    static TABLE: OnceLock<HashMap<String, AbbreviationEntry>> = OnceLock::new();
    TABLE.get_or_init(|| {
        rows(
            "voices/abbreviations.txt",
            ABBREVIATIONS,
            Columns::Spaces,
            3..=3,
        )
        .into_iter()
        .map(|row| {
            let [written, kind, spoken] = row.fields[..] else {
                unreachable!("rows() checked the field count")
            };
            let kind = match kind {
                "title" => Abbreviation::Title,
                "joiner" => Abbreviation::Joiner,
                "time" => Abbreviation::Time,
                "month" => Abbreviation::Month,
                "number" => Abbreviation::Numbered,
                "general" => Abbreviation::General,
                other => row.reject(&format!("unknown kind {other:?}")),
            };
            let spoken = (spoken != "-").then(|| spoken.to_owned());
            let entry = AbbreviationEntry {
                written: written.to_owned(),
                kind,
                spoken,
            };
            (written.to_lowercase(), entry)
        })
        .collect()
    })
}

pub(super) fn abbreviation(core: &str) -> Option<Abbreviation> {
    abbreviations()
        .get(&core.to_lowercase())
        .map(|entry| entry.kind)
}

pub(super) fn is_sentence_starter(token: &str) -> bool {
    static STARTERS: OnceLock<Vec<&'static str>> = OnceLock::new();
    let word = token.trim_start_matches(is_opener);
    let word = word
        .split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
        .next()
        .unwrap_or(word);
    STARTERS
        .get_or_init(|| {
            rows(
                "voices/sentence-starters.txt",
                SENTENCE_STARTERS,
                Columns::Spaces,
                1..=1,
            )
            .into_iter()
            .map(|row| row.fields[0])
            .collect()
        })
        .contains(&word)
}
