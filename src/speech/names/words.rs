//! The word lists of `voices/name-words.toml`: capitalized words that are not names,
//! titles, demonyms, particles and the kind words that end place and organisation names.

use std::collections::HashSet;
use std::sync::OnceLock;

use serde::Deserialize;

const NAME_WORDS_TOML: &str = include_str!("../../../voices/name-words.toml");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Lists {
    not_names: Vec<String>,
    titles: Vec<String>,
    roles: Vec<String>,
    demonyms: Vec<String>,
    directions: Vec<String>,
    months_and_days: Vec<String>,
    particles: Vec<String>,
    kinds: Vec<String>,
    place_kinds: Vec<String>,
    compound_suffixes: Vec<String>,
}

/// The lists as lowercase sets.
#[derive(Debug)]
pub(super) struct Words {
    not_names: HashSet<String>,
    titles: HashSet<String>,
    roles: HashSet<String>,
    demonyms: HashSet<String>,
    directions: HashSet<String>,
    months_and_days: HashSet<String>,
    particles: HashSet<String>,
    kinds: HashSet<String>,
    place_kinds: HashSet<String>,
    compound_suffixes: HashSet<String>,
}

fn set(list: Vec<String>) -> HashSet<String> {
    list.into_iter().map(|w| w.to_lowercase()).collect()
}

impl Words {
    pub(super) fn get() -> &'static Words {
        static WORDS: OnceLock<Words> = OnceLock::new();
        WORDS.get_or_init(|| {
            let lists: Lists = toml::from_str(NAME_WORDS_TOML)
                .expect("voices/name-words.toml parses (checked by a unit test)");
            Words {
                not_names: set(lists.not_names),
                titles: set(lists.titles),
                roles: set(lists.roles),
                demonyms: set(lists.demonyms),
                directions: set(lists.directions),
                months_and_days: set(lists.months_and_days),
                particles: set(lists.particles),
                kinds: set(lists.kinds),
                place_kinds: set(lists.place_kinds),
                compound_suffixes: set(lists.compound_suffixes),
            }
        })
    }

    /// A word that can be dropped from the front of a name ("The", "President", "Ukrainian").
    pub(super) fn is_prefix_word(&self, lower: &str) -> bool {
        self.not_names.contains(lower)
            || self.titles.contains(lower)
            || self.demonyms.contains(lower)
            || self.months_and_days.contains(lower)
    }

    /// A short form of a month or day ("Sun", "Sat", "Mar"), also a name ("Sun Yat-sen").
    pub(super) fn is_date_abbreviation(&self, lower: &str) -> bool {
        self.months_and_days.contains(lower)
            && lower != "may"
            && (lower.len() <= 3 || matches!(lower, "sept" | "tues" | "thurs"))
    }

    /// A word that is never a name by itself.
    pub(super) fn is_never_alone(&self, lower: &str) -> bool {
        self.is_prefix_word(lower) || self.directions.contains(lower) || self.kinds.contains(lower)
    }

    /// A title that ends a role before a name, even after a place ("Istanbul Mayor").
    pub(super) fn is_role(&self, lower: &str) -> bool {
        self.roles.contains(lower)
    }

    pub(super) fn is_direction(&self, lower: &str) -> bool {
        self.directions.contains(lower)
    }

    pub(super) fn is_demonym(&self, lower: &str) -> bool {
        self.demonyms.contains(lower)
    }

    pub(super) fn is_particle(&self, lower: &str) -> bool {
        self.particles.contains(lower)
    }

    pub(super) fn is_kind(&self, lower: &str) -> bool {
        self.kinds.contains(lower)
    }

    pub(super) fn is_place_kind(&self, lower: &str) -> bool {
        self.place_kinds.contains(lower)
    }

    pub(super) fn is_compound_suffix(&self, lower: &str) -> bool {
        self.compound_suffixes.contains(lower)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_word_lists_parse_and_are_lowercase() {
        let w = Words::get();
        assert!(w.is_prefix_word("president") && w.is_demonym("ukrainian"));
        assert!(w.is_particle("bin") && w.is_place_kind("oblast") && w.is_kind("independent"));
        let lists: Lists = toml::from_str(NAME_WORDS_TOML).expect("parses");
        for word in lists
            .not_names
            .iter()
            .chain(&lists.titles)
            .chain(&lists.roles)
            .chain(&lists.demonyms)
        {
            assert_eq!(word, &word.to_lowercase());
        }
        for role in &lists.roles {
            assert!(w.titles.contains(role), "role {role:?} is also a title");
        }
    }
}
