//! Stage 2b, money and measures: "$988 million", "€40bn", "$0.45", "155 mm", "300 km/h",
//! "-5°C", "82%" in; "nine hundred eighty eight million dollars", "forty five cents",
//! "one hundred and fifty five millimeters" out. Tables: `voices/currencies.txt`,
//! `voices/units.txt`.

use super::numbers::{cardinal, decimal};
use super::{regex, replace};
use crate::speech::data::{Columns, rows};
use regex::Regex;
use std::collections::HashMap;
use std::sync::OnceLock;

const CURRENCIES: &str = include_str!("../../../voices/currencies.txt");
const UNITS: &str = include_str!("../../../voices/units.txt");

struct Currency {
    one: String,
    many: String,
    minor_one: String,
    minor_many: String,
}

fn currencies() -> &'static (HashMap<String, Currency>, Regex) {
    static TABLE: OnceLock<(HashMap<String, Currency>, Regex)> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = HashMap::new();
        let mut symbols = Vec::new();
        for row in rows("voices/currencies.txt", CURRENCIES, Columns::Bars, 5..=5) {
            if let [symbol, one, many, minor_one, minor_many] = row.fields[..] {
                symbols.push(regex::escape(symbol));
                let currency = Currency {
                    one: one.to_owned(),
                    many: many.to_owned(),
                    minor_one: minor_one.to_owned(),
                    minor_many: minor_many.to_owned(),
                };
                table.insert(symbol.to_owned(), currency);
            }
        }
        symbols.sort_by_key(|s| std::cmp::Reverse(s.len()));
        let pattern = format!(
            r"(-)?({})(?: ?([0-9]{{1,3}}(?:,[0-9]{{3}})+|[0-9]+))?(?:\.([0-9]+))?(?: ?(thousand|million|billion|trillion|(?i-u:bn|tn|trn|[kmbt])(?-u:\b)))?(?:/(\p{{L}}+)(?-u:\b))?",
            symbols.join("|")
        );
        let re = Regex::new(&pattern).expect("currency symbols are escaped");
        (table, re)
    })
}

/// A scale word or its short form ("bn", "m", "k").
fn scale_word(s: &str) -> &str {
    match s.to_lowercase().as_str() {
        "k" | "thousand" => "thousand",
        "m" | "million" => "million",
        "b" | "bn" | "billion" => "billion",
        "t" | "tn" | "trn" | "trillion" => "trillion",
        _ => "",
    }
}

/// Amounts after a currency symbol.
pub fn money(s: &str) -> String {
    let (table, re) = currencies();
    replace(s, re, |c| {
        let Some(cur) = table.get(&c[2]) else {
            return c[0].to_owned();
        };
        let minus = if c.get(1).is_some() { "minus " } else { "" };
        let per = c
            .get(6)
            .and_then(|u| unit(u.as_str(), true))
            .map_or(String::new(), |u| format!(" per {}", u.0));
        let int: String = c.get(3).map_or("", |m| m.as_str()).replace(',', "");
        let frac = c.get(4).map(|m| m.as_str());
        if int.is_empty() && frac.is_none() {
            // a symbol on its own: "$ and %" → "dollar and %"
            return format!(
                "{}{}",
                cur.one,
                c.get(6)
                    .map_or(String::new(), |u| format!("/{}", u.as_str()))
            );
        }
        let words = if let Some(scale) = c.get(5) {
            let n = decimal(&int, frac, false);
            format!("{n} {} {}", scale_word(scale.as_str()), cur.many)
        } else {
            amount(cur, &int, frac)
        };
        format!("{minus}{words}{per}")
    })
}

/// "20", "5" → "twenty dollars fifty cents"; "1", None → "one dollar"; "0", "45" →
/// "forty five cents"; three significant decimals are read as a decimal.
fn amount(cur: &Currency, int: &str, frac: Option<&str>) -> String {
    let frac = frac.unwrap_or("");
    let frac = if frac.len() > 2 && frac[2..].bytes().all(|b| b == b'0') {
        &frac[..2]
    } else {
        frac
    };
    if frac.len() > 2 {
        return format!("{} {}", decimal(int, Some(frac), true), cur.many);
    }
    let cents: u32 = match frac.len() {
        0 => 0,
        1 => frac.parse::<u32>().unwrap_or(0) * 10,
        _ => frac.parse().unwrap_or(0),
    };
    let whole = int.trim_start_matches('0');
    let major = match whole {
        "" => None,
        "1" => Some(format!("one {}", cur.one)),
        _ => Some(format!("{} {}", cardinal(whole, true), cur.many)),
    };
    let minor = match cents {
        0 => None,
        1 => Some(format!("one {}", cur.minor_one)),
        n => Some(format!(
            "{} {}",
            cardinal(&n.to_string(), true),
            cur.minor_many
        )),
    };
    match (major, minor) {
        (Some(a), Some(b)) => format!("{a} {b}"),
        (Some(a), None) => a,
        (None, Some(b)) => b,
        (None, None) => format!("zero {}", cur.many),
    }
}

struct Unit {
    one: String,
    many: String,
    per_only: bool,
}

fn units() -> &'static (HashMap<String, Unit>, Regex) {
    static TABLE: OnceLock<(HashMap<String, Unit>, Regex)> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = HashMap::new();
        let mut symbols = Vec::new();
        for row in rows("voices/units.txt", UNITS, Columns::Bars, 3..=4) {
            if let [symbol, one, many, rest @ ..] = &row.fields[..] {
                let per_only = match rest {
                    [] => false,
                    ["per"] => true,
                    _ => row.reject("the fourth field can only be `per`"),
                };
                let unit = Unit {
                    one: (*one).to_owned(),
                    many: (*many).to_owned(),
                    per_only,
                };
                symbols.push(regex::escape(symbol));
                table.insert((*symbol).to_owned(), unit);
            }
        }
        symbols.sort_by_key(|s| std::cmp::Reverse(s.len()));
        let alternatives = symbols.join("|");
        let pattern = format!(
            r"(?:(?P<from>[0-9]{{1,3}}(?:,[0-9]{{3}})+|[0-9]+)(?:\.(?P<from_frac>[0-9]+))? to )?(?:^|(?-u:\b)|(?P<minus>-))(?P<int>[0-9]{{1,3}}(?:,[0-9]{{3}})+|[0-9]+)(?:\.(?P<frac>[0-9]+))?(?: (?P<scale>thousand|million|billion)(?-u:\b))?(?: ?(?P<mixed>[0-9]+/[0-9]+))?(?P<sep>[ -]?|/)(?i-u:(?P<unit>{alternatives}))(?:/(?i-u:(?P<per>{alternatives})))?(?:(?P<next> \p{{Ll}}+)(?-u:\b)|(?-u:\b)|$|[^\w])"
        );
        let re = Regex::new(&pattern).expect("unit symbols are escaped");
        (table, re)
    })
}

/// The (singular, plural) words for a unit symbol; `per` allows per-only units ("mo").
fn unit(symbol: &str, per: bool) -> Option<(&'static str, &'static str)> {
    let (table, _) = units();
    let u = table.get(symbol).or_else(|| {
        let letters = symbol.chars().filter(|c| c.is_alphabetic()).count();
        (letters >= 2)
            .then(|| table.get(&symbol.to_lowercase()))
            .flatten()
    })?;
    (per || !u.per_only).then_some((u.one.as_str(), u.many.as_str()))
}

/// Words after a measurement that do not make it an adjective ("5 km away", "3 kg of").
const PREDICATIVE: [&str; 44] = [
    "of", "per", "a", "an", "the", "and", "or", "in", "on", "at", "to", "from", "for", "with",
    "by", "away", "long", "wide", "high", "tall", "deep", "thick", "north", "south", "east",
    "west", "above", "below", "into", "across", "off", "ago", "behind", "ahead", "each", "apart",
    "along", "than", "is", "are", "was", "were", "more", "less",
];

/// Numbers followed by a unit.
pub fn measures(s: &str) -> String {
    let (_, re) = units();
    replace(s, re, |c| {
        let whole = &c[0];
        let tail = whole
            .chars()
            .last()
            .filter(|ch| !ch.is_alphanumeric() && !"%°º³²/".contains(*ch))
            .map_or(String::new(), String::from);
        let (Some(int), Some((one, many))) = (c.name("int"), unit(&c["unit"], false)) else {
            return c[0].to_owned();
        };
        let per = match c.name("per") {
            Some(p) => match unit(p.as_str(), true) {
                Some((p_one, _)) => format!(" per {p_one}"),
                None => return c[0].to_owned(),
            },
            None => String::new(),
        };
        let minus = if c.name("minus").is_some() {
            "minus "
        } else {
            ""
        };
        let frac = c.name("frac").map(|m| m.as_str());
        let digits = int.as_str().replace(',', "");
        let scale = c
            .name("scale")
            .map_or(String::new(), |w| format!(" {}", w.as_str()));
        let number = decimal(&digits, frac, scale.is_empty());
        let mixed = c.name("mixed").map_or(String::new(), |f| {
            super::words::mixed_fraction_tail(f.as_str())
        });
        // "1234-123kg": the first number of a range is a count too, not a year
        let from = c.name("from").map_or(String::new(), |f| {
            let f = f.as_str().replace(',', "");
            let f_frac = c.name("from_frac").map(|m| m.as_str());
            format!("{} to ", decimal(&f, f_frac, true))
        });
        if &c["sep"] == "/" {
            return format!("{from}{minus}{number} per {one}{tail}");
        }
        // "a 7.2-millimeter bullet": a hyphenated unit is an adjective, singular
        let hyphen = &c["sep"] == "-";
        // "155 mm artillery": a unit before a noun is singular too
        let next = c.name("next").map_or("", |m| m.as_str());
        let before_noun =
            !next.is_empty() && !PREDICATIVE.contains(&next.trim()) && !one.contains(' ');
        let singular =
            hyphen || before_noun || (digits == "1" && frac.is_none() && mixed.is_empty());
        let name = if singular { one } else { many };
        format!("{from}{minus}{number}{scale}{mixed} {name}{per}{next}{tail}")
    })
}

#[cfg(test)]
mod tests {
    use super::super::normalize;

    #[test]
    fn money_with_scales_and_cents() {
        assert_eq!(
            normalize("a $988 million package"),
            "a nine hundred eighty eight million dollars package"
        );
        assert_eq!(normalize("€40bn"), "forty billion euros");
        assert_eq!(normalize("$0.45"), "forty five cents");
        assert_eq!(normalize("£2.01"), "two pounds one penny");
        assert_eq!(normalize("$20/mo"), "twenty dollars per month");
    }

    #[test]
    fn measures_with_units() {
        assert_eq!(
            normalize("155 mm shells, 5 km away"),
            "one hundred and fifty five millimeter shells, five kilometers away"
        );
        assert_eq!(normalize("300 km/h"), "three hundred kilometers per hour");
        assert_eq!(normalize("2.5 kg."), "two point five kilograms.");
        assert_eq!(normalize("-5°C"), "minus five degrees Celsius");
        assert_eq!(normalize("82%"), "eighty two percent");
        assert_eq!(normalize("1 mile"), "one mile");
    }
}
