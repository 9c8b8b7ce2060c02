//! Name lists that place a name in a language: towns and cities (GeoNames), given names
//! (nam_dict.txt, Faker) and surnames (Faker), one name in, the languages that use it
//! out. The files are built by `scripts/build_name_lists.py` from public data and compiled in; a lookup
//! is a binary search over the sorted text, so nothing is parsed or allocated up front.

const PLACES: &str = include_str!("../../../voices/places.tsv");
const GIVEN_NAMES: &str = include_str!("../../../voices/given-names.tsv");
const SURNAMES: &str = include_str!("../../../voices/surnames.tsv");

/// The language of the town or city called `name` (any case), if one holds that name.
pub(super) fn place(name: &str) -> Option<&'static str> {
    lookup(PLACES, &key(name))
}

/// A name as the lists hold it: lowercase, and Turkish İ as i ("İhsan" lowercases to i and
/// a combining dot above, and English news writes "Ihsan").
fn key(name: &str) -> String {
    name.to_lowercase().replace('\u{307}', "")
}

/// The languages (one or a few) that use the given name `word` (any case) most; a name
/// the list has only without accents is found by that spelling ("Ciarán" as "Ciaran").
pub(super) fn given_name(word: &str) -> Option<impl Iterator<Item = &'static str>> {
    let lower = key(word);
    lookup(GIVEN_NAMES, &lower)
        .or_else(|| {
            let plain = deunicode::deunicode(&lower);
            (plain != lower)
                .then(|| lookup(GIVEN_NAMES, &plain))
                .flatten()
        })
        .map(|codes| codes.split(','))
}

/// The languages (one to three) whose surname lists have `word` (any case), exactly as
/// written: a surname's accents belong to its language ("Araújo", "Kovács").
pub(super) fn surname(word: &str) -> Option<impl Iterator<Item = &'static str>> {
    lookup(SURNAMES, &key(word)).map(|codes| codes.split(','))
}

/// The value of `key` in a list of `key<TAB>value` lines sorted by key (after `#`
/// comment lines).
fn lookup(list: &'static str, key: &str) -> Option<&'static str> {
    let body = body(list);
    let (mut lo, mut hi) = (0, body.len());
    // Invariant: `lo` is a line start; the key, if present, starts in lo..hi.
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        // Byte positions: `mid` may fall inside a character, a line start never does.
        let start = body.as_bytes()[..mid]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1)
            .max(lo);
        let end = body[start..].find('\n').map_or(body.len(), |i| start + i);
        let line = &body[start..end];
        let (k, value) = line.split_once('\t')?;
        match k.cmp(key) {
            std::cmp::Ordering::Equal => return Some(value),
            std::cmp::Ordering::Less => lo = end + 1,
            std::cmp::Ordering::Greater => hi = start,
        }
    }
    None
}

/// `list` without its leading comment lines.
fn body(list: &str) -> &str {
    let mut rest = list;
    while rest.starts_with('#') {
        rest = rest.split_once('\n').map_or("", |(_, r)| r);
    }
    rest
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(list: &'static str) -> impl Iterator<Item = (&'static str, &'static str)> {
        body(list).lines().filter_map(|l| l.split_once('\t'))
    }

    #[test]
    fn every_list_is_sorted_lowercase_and_finds_each_of_its_names() {
        for list in [PLACES, GIVEN_NAMES, SURNAMES] {
            let keys: Vec<&str> = lines(list).map(|(k, _)| k).collect();
            assert!(keys.len() > 1000);
            assert!(keys.windows(2).all(|w| w[0] < w[1]), "sorted and unique");
            for (name, value) in lines(list) {
                assert_eq!(name, key(name));
                assert_eq!(lookup(list, name), Some(value), "{name}");
            }
        }
    }

    #[test]
    fn towns_and_given_names_are_placed_and_english_ones_are_not() {
        assert_eq!(place("Aachen"), Some("de"));
        assert_eq!(place("Brno"), Some("cs"));
        assert_eq!(place("Aalst"), Some("nl"), "Flanders is Dutch");
        assert_eq!(place("Bastogne"), Some("fr"), "Wallonia is French");
        // Regions, cantons and departments (ISO 3166-2) are places too.
        assert_eq!(place("Aargau"), Some("de"), "a German-speaking canton");
        assert_eq!(place("Abruzzo"), Some("it"));
        assert_eq!(place("Aisne"), Some("fr"));
        // A town the world names outweighs a bigger district nobody outside names:
        // Abrantes in Portugal over the Abrantes district of Madrid.
        assert_eq!(place("Abrantes"), Some("pt"));
        // A town in Portugal and in Brazil is European, as names are.
        assert_eq!(place("Amarante"), Some("pt"));
        assert_eq!(place("Alcobaça"), Some("pt"));
        let tr: Vec<&str> = given_name("Murat").unwrap().collect();
        assert_eq!(tr, ["tr"]);
        for turkish in ["İhsan", "Ihsan"] {
            let tr: Vec<&str> = given_name(turkish).unwrap().collect();
            assert_eq!(tr, ["tr"], "{turkish}: İ is i");
        }
        let ga: Vec<&str> = given_name("Ciarán").unwrap().collect();
        assert_eq!(ga, ["ga"], "found without its accent");
        for english in ["London", "Boston", "Munich", "Warsaw"] {
            assert_eq!(place(english), None, "{english}");
        }
        for english in ["John", "Mary", "Louis", "Martin"] {
            assert!(given_name(english).is_none(), "{english}");
        }
        assert_eq!(place("Zzzzzz"), None);
    }

    #[test]
    fn surnames_are_placed_and_english_or_widely_shared_ones_are_not() {
        let codes = |w: &str| surname(w).map(|c| c.collect::<Vec<_>>());
        assert_eq!(codes("Kovács"), Some(vec!["hu"]));
        assert_eq!(
            codes("Antunes"),
            Some(vec!["pt"]),
            "in pt_PT and pt_BR: European"
        );
        assert_eq!(codes("Abatantuono"), Some(vec!["it"]));
        // In Faker's English locales, or in eSpeak's English dictionary.
        for english in ["Smith", "Murphy", "Martin", "Garcia", "Miller"] {
            assert_eq!(codes(english), None, "{english}");
        }
        assert_eq!(
            codes("Kovacs"),
            None,
            "no accent-free fallback for surnames"
        );
        assert_eq!(place(""), None);
    }
}
