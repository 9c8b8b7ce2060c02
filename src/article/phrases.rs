//! Stage 1 helper: one line in, its [`LineKind`] by the per-language phrase data out.
//!
//! The phrases live in `src/article/phrases/LANG.toml` (section labels such as "Mehr zum
//! Thema", navigation lines, teaser labels such as "Lea también:", paywall and copyright
//! notices), compiled into the binary and parsed once with `toml`. A line matches a label
//! when, lower-cased and without trailing punctuation, it equals it; teaser labels match
//! the part of the line before a colon; notices match anywhere in the line.

use super::junk::LineKind;
use serde::Deserialize;
use std::collections::HashSet;
use std::sync::LazyLock;

/// The data files, one per language.
const FILES: [(&str, &str); 7] = [
    ("de", include_str!("phrases/de.toml")),
    ("en", include_str!("phrases/en.toml")),
    ("es", include_str!("phrases/es.toml")),
    ("fr", include_str!("phrases/fr.toml")),
    ("it", include_str!("phrases/it.toml")),
    ("pl", include_str!("phrases/pl.toml")),
    ("pt", include_str!("phrases/pt.toml")),
];

/// One language's file.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PhraseFile {
    stop: Vec<String>,
    junk: Vec<String>,
    teaser: Vec<String>,
    notice: Vec<String>,
    roles: Vec<String>,
    function: Vec<String>,
}

/// All languages' phrases together.
struct Phrases {
    stop: HashSet<String>,
    junk: HashSet<String>,
    teaser: HashSet<String>,
    notice: Vec<String>,
    roles: HashSet<String>,
    function: HashSet<String>,
}

/// Teaser labels are this short; a longer text before a colon is a sentence.
const MAX_LABEL_CHARS: usize = 40;
/// A teaser line ("Label: headline") has at most this many words.
const MAX_TEASER_WORDS: usize = 40;
/// Notices longer than this are paragraphs that quote one.
const MAX_NOTICE_WORDS: usize = 60;

static PHRASES: LazyLock<Phrases> = LazyLock::new(|| {
    let mut all = Phrases {
        stop: HashSet::new(),
        junk: HashSet::new(),
        teaser: HashSet::new(),
        notice: Vec::new(),
        roles: HashSet::new(),
        function: HashSet::new(),
    };
    for (lang, text) in FILES {
        let file: PhraseFile =
            toml::from_str(text).unwrap_or_else(|e| panic!("src/article/phrases/{lang}.toml: {e}"));
        all.stop.extend(file.stop.iter().map(|p| fold(p)));
        all.junk.extend(file.junk.iter().map(|p| fold(p)));
        all.teaser.extend(file.teaser.iter().map(|p| fold(p)));
        all.notice
            .extend(file.notice.iter().map(|p| p.to_lowercase()));
        all.roles.extend(file.roles.iter().map(|p| fold(p)));
        all.function.extend(file.function.iter().cloned());
    }
    all
});

/// Lower-cased, whitespace collapsed, without trailing punctuation.
fn fold(text: &str) -> String {
    let lower = text.to_lowercase();
    let collapsed = lower.split_whitespace().collect::<Vec<_>>().join(" ");
    collapsed
        .trim_end_matches(|c: char| c.is_whitespace() || ":.!?…".contains(c))
        .to_owned()
}

/// The kind the phrase data gives a whitespace-collapsed line, if any: a section label
/// stops the body, a navigation line is junk, a teaser or notice is dropped at any length.
pub fn classify(line: &str) -> Option<LineKind> {
    let phrases = &*PHRASES;
    let folded = fold(line);
    if phrases.stop.contains(&folded) {
        return Some(LineKind::Stop);
    }
    if phrases.junk.contains(&folded) {
        return Some(LineKind::Junk);
    }
    let words = line.split_whitespace().count();
    if let Some((label, rest)) = folded.split_once(':') {
        let label = label.trim();
        if label.chars().count() <= MAX_LABEL_CHARS
            && !rest.trim().is_empty()
            && words <= MAX_TEASER_WORDS
            && phrases.teaser.contains(label)
        {
            return Some(LineKind::Promo);
        }
    }
    if words <= MAX_NOTICE_WORDS && phrases.notice.iter().any(|n| folded.contains(n.as_str())) {
        return Some(LineKind::Promo);
    }
    None
}

/// How many of the words are function words ("the", "und", "que", "się"…) of the
/// languages with phrase data; words are split at anything but letters and apostrophes.
pub fn function_words(text: &str) -> usize {
    let function = &PHRASES.function;
    text.split(|c: char| !c.is_alphabetic() && c != '\'')
        .filter(|w| !w.is_empty() && function.contains(&w.to_lowercase()))
        .count()
}

/// A staff line holds at most this many words ("Senior Europe digital editor").
const MAX_ROLE_WORDS: usize = 5;

/// Whether a line is a journalist's job title ("Europe digital editor", "Korrespondentin
/// in Brüssel"): a few words without digits or sentence punctuation that end or open with a
/// role from the phrase data.
pub fn is_staff_role(line: &str) -> bool {
    let folded = fold(line);
    let words: Vec<&str> = folded.split_whitespace().collect();
    if words.is_empty()
        || words.len() > MAX_ROLE_WORDS
        || folded.contains(|c: char| c.is_ascii_digit() || ".!?;\"“”".contains(c))
    {
        return false;
    }
    let roles = &PHRASES.roles;
    let n = words.len();
    (1..=2.min(n))
        .any(|k| roles.contains(&words[n - k..].join(" ")) || roles.contains(&words[..k].join(" ")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_phrase_file_parses_and_is_lower_case() {
        for (lang, text) in FILES {
            let file: PhraseFile =
                toml::from_str(text).unwrap_or_else(|e| panic!("{lang}.toml: {e}"));
            for phrase in [
                file.stop,
                file.junk,
                file.teaser,
                file.notice,
                file.roles,
                file.function,
            ]
            .concat()
            {
                assert_eq!(phrase, phrase.to_lowercase(), "{lang}.toml: {phrase:?}");
                assert_eq!(
                    fold(&phrase),
                    phrase,
                    "{lang}.toml: {phrase:?} has end punctuation"
                );
            }
        }
    }

    #[test]
    fn read_also_labels_in_several_languages_stop_the_body() {
        for line in [
            "Mehr zum Thema",
            "Das könnte Sie auch interessieren:",
            "Czytaj też",
            "À lire aussi",
            "Temas relacionados",
            "Related Topics",
        ] {
            assert_eq!(classify(line), Some(LineKind::Stop), "{line:?}");
        }
    }

    #[test]
    fn inline_read_also_teasers_are_dropped() {
        for line in [
            "Lea más: El gobierno anuncia un nuevo plan de vivienda",
            "Auch lesen: Wie der Stadtrat über die Brücke entschied",
            "Czytaj też: Sejm przyjął ustawę o budżecie",
            "Read more: Why prices are rising",
        ] {
            assert_eq!(classify(line), Some(LineKind::Promo), "{line:?}");
        }
    }

    #[test]
    fn paywall_and_copyright_notices_are_dropped() {
        for line in [
            "Möchten Sie weiterlesen?",
            "Pour lire la suite de cet article, abonnez-vous.",
            "Subscribe to continue reading this story.",
            "© 2024 Diario Ejemplo. Todos los derechos reservados.",
        ] {
            assert_eq!(classify(line), Some(LineKind::Promo), "{line:?}");
        }
    }

    #[test]
    fn staff_role_lines_are_recognised_and_headlines_are_not() {
        for line in [
            "Europe digital editor",
            "Senior political correspondent",
            "Korrespondentin in Brüssel",
            "Corresponsal en Washington",
        ] {
            assert!(is_staff_role(line), "{line:?}");
        }
        for line in [
            "Editor's picks from the weekend",
            "Bridge to close for repairs after engineers find cracks",
            "The editor resigned on Tuesday.",
            "Jane Roe",
        ] {
            assert!(!is_staff_role(line), "{line:?}");
        }
    }

    #[test]
    fn sentences_that_mention_a_label_are_left_alone() {
        for line in [
            "Der Stadtrat will mehr zum Thema Verkehr hören, sagte die Bürgermeisterin.",
            "Quelle der Zahlen ist das Statistische Bundesamt in Wiesbaden.",
            "Las etiquetas de los productos cambiarán el próximo año.",
        ] {
            assert_eq!(classify(line), None, "{line:?}");
        }
    }
}
