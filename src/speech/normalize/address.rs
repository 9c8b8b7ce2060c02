//! Stage 2b, street addresses: "708 N 1st St, San City, CA 95051" in, "seven zero eight
//! North first Street, San City, California nine five zero five one" out.
//! Table: `voices/addresses.txt`.

use super::numbers::{cardinal, digits, ordinal};
use super::{replace, replace_open};
use crate::speech::data::{Columns, rows};
use regex::Regex;
use std::collections::HashMap;
use std::sync::OnceLock;

const ADDRESSES: &str = include_str!("../../../voices/addresses.txt");

struct Table {
    /// Suffixes (keyed lower-case), directions and states, to their spoken forms.
    suffixes: HashMap<String, String>,
    directions: HashMap<String, String>,
    states: HashMap<String, String>,
    street: Regex,
    state: Regex,
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| {
        let (mut suffixes, mut directions, mut states) =
            (HashMap::new(), HashMap::new(), HashMap::new());
        for row in rows("voices/addresses.txt", ADDRESSES, Columns::Bars, 3..=3) {
            if let [kind, written, spoken] = row.fields[..] {
                let map = match kind {
                    "suffix" => &mut suffixes,
                    "direction" => &mut directions,
                    "state" => &mut states,
                    other => row.reject(&format!("unknown kind {other:?}")),
                };
                let key = if kind == "suffix" {
                    written.to_lowercase()
                } else {
                    written.to_owned()
                };
                map.insert(key, spoken.to_owned());
            }
        }
        let alternatives = |m: &HashMap<String, String>| {
            let mut keys: Vec<String> = m.keys().map(|k| regex::escape(k)).collect();
            keys.sort_by_key(|k| std::cmp::Reverse(k.len()));
            keys.join("|")
        };
        let street = format!(
            r"(?-u:\b)(?P<num>[0-9]{{1,5}}) (?:(?P<dir>{}) )?(?P<name>(?:(?:\p{{Lu}}\p{{L}}*|[0-9]+(?:st|nd|rd|th)) ){{1,3}})(?P<suffix>(?i-u:{}))(?-u:\b)",
            alternatives(&directions),
            alternatives(&suffixes)
        );
        let state = format!(
            r", (?P<state>{})(?P<after>,|\s+[0-9]{{5}}(?-u:\b)|\s*$)",
            alternatives(&states)
        );
        Table {
            street: Regex::new(&street).expect("address words are escaped"),
            state: Regex::new(&state).expect("state codes are escaped"),
            suffixes,
            directions,
            states,
        }
    })
}

/// A house number as it is said: "12" twelve, "123" one twenty three, "708" seven zero
/// eight, "1211" twelve eleven, "1200" twelve hundred; longer ones digit by digit.
fn house_number(n: &str) -> String {
    let pair = |p: &str| match p.as_bytes() {
        [b'0', b'0'] => "hundred".to_owned(),
        [b'0', _] => digits(p),
        _ => cardinal(p, false),
    };
    match n.len() {
        1 | 2 => cardinal(n, false),
        3 => format!("{} {}", digits(&n[..1]), pair(&n[1..])),
        4 => format!("{} {}", cardinal(&n[..2], false), pair(&n[2..])),
        _ => digits(n),
    }
}

/// Street addresses, then state codes after a comma.
pub fn addresses(s: &str) -> String {
    let t = table();
    let s = replace(s, &t.street, |c| {
        let dir = c
            .name("dir")
            .and_then(|d| t.directions.get(d.as_str()))
            .map_or(String::new(), |d| format!("{d} "));
        let name: Vec<String> = c["name"]
            .split_whitespace()
            .map(|w| match w.strip_suffix(|ch: char| ch.is_alphabetic()) {
                Some(_) if w.starts_with(|ch: char| ch.is_ascii_digit()) => {
                    ordinal(w.trim_end_matches(char::is_alphabetic))
                }
                _ => w.to_owned(),
            })
            .collect();
        let suffix = t
            .suffixes
            .get(&c["suffix"].to_lowercase())
            .map_or(&c["suffix"], String::as_str);
        format!(
            "{} {dir}{} {suffix}",
            house_number(&c["num"]),
            name.join(" ")
        )
    });
    replace_open(&s, &t.state, |c| match t.states.get(&c["state"]) {
        Some(state) => format!(", {state}{}", &c["after"]),
        None => c[0].to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::super::normalize;

    #[test]
    fn street_addresses() {
        assert_eq!(
            normalize("708 N 1st St, San Jose, CA 95051"),
            "seven zero eight North first Street, San Jose, California nine five zero five one"
        );
        assert_eq!(
            normalize("She lived at 1428 Elm St. It was old."),
            "She lived at fourteen twenty eight Elm Street. It was old."
        );
        assert_eq!(
            normalize("In 1990 for the team"),
            "In nineteen ninety for the team"
        );
    }
}
