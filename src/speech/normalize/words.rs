//! Stage 2b, words and symbols: abbreviations (`voices/abbreviations.txt`), roman
//! numerals, fractions, acronyms (`voices/acronyms.txt`) and symbols, each in to its
//! spoken words out.

use super::numbers::{cardinal, ordinal, ordinal_words};
use super::{regex, replace, replace_open};
use crate::speech::data::{Columns, rows};
use crate::speech::sentences::{Abbreviation, abbreviations as table};
use regex::Captures;
use std::collections::HashSet;
use std::sync::OnceLock;

const ACRONYMS: &str = include_str!("../../../voices/acronyms.txt");

/// Titles also read in full without a period.
const UNDOTTED_TITLES: [&str; 4] = ["Mr", "Mrs", "Ms", "Dr"];

/// Abbreviations from the table, as written there (or capitalised): "Dr." → "doctor",
/// "vs." → "versus", "No. 5" → "number 5", "Elm St." → "Elm Street", "St. Paul" →
/// "Saint Paul". A period that ends the line is kept.
pub fn abbreviations(s: &str) -> String {
    // a cheap test first: a Unicode \b sends the regex crate to its slow engine on non-ASCII
    let s = if !s.contains(" St") {
        s.to_owned()
    } else {
        replace(s, regex!(r"\b(\p{Lu}\p{Ll}+) St\b(\.)?(\s*$)?"), |c| {
            let end = if c.get(2).is_some() && c.get(3).is_some() {
                "."
            } else {
                ""
            };
            format!("{} Street{end}", &c[1])
        })
    };
    let s = replace_open(
        &s,
        regex!(r"(?-u:\b)(?:No|no|Nos|Nr)\. ?([0-9])|#([0-9])"),
        |c| {
            let word = if c[0].starts_with('N') {
                "Number"
            } else {
                "number"
            };
            format!(
                "{word} {}",
                c.get(1).or(c.get(2)).map_or("", |m| m.as_str())
            )
        },
    );
    // `(^|\W)` rather than a Unicode \b, which is slow on non-ASCII text; it is kept
    let s = replace_open(
        &s,
        regex!(r"(^|\W)(\p{L}+(?:\.\p{L}+)*)(\.)?(\s*$| [0-9])?"),
        |c| {
            let lead = &c[1];
            let written = &c[2];
            let Some(entry) = table().get(&written.to_lowercase()) else {
                return c[0].to_owned();
            };
            let Some(spoken) = &entry.spoken else {
                return c[0].to_owned();
            };
            let capitalised = capitalise(&entry.written);
            let case_ok = written == entry.written
                || (entry.written.starts_with(char::is_lowercase) && written == capitalised);
            let dotted = c.get(3).is_some();
            let tail = c.get(4).map_or("", |m| m.as_str());
            let applies = match entry.kind {
                Abbreviation::Month | Abbreviation::Time => false,
                // "Mr Smith" is written without the period in British English
                Abbreviation::Title => dotted || UNDOTTED_TITLES.contains(&written),
                Abbreviation::Joiner | Abbreviation::General => dotted,
                Abbreviation::Numbered => dotted && tail.starts_with(' '),
            };
            if !case_ok || !applies || written == "St" {
                return c[0].to_owned();
            }
            let at_end = c.get(4).is_some() && tail.trim().is_empty();
            let end = if dotted && at_end { "." } else { "" };
            // "Gov." → "Governor", "vs." → "versus": the written capital is kept
            let spoken = if written.starts_with(char::is_uppercase) {
                capitalise(spoken)
            } else {
                spoken.clone()
            };
            format!("{lead}{spoken}{end}{tail}")
        },
    );
    replace_open(&s, regex!(r"(?-u:\b)St\. "), |_| "Saint ".to_owned())
}

fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map_or(String::new(), |f| {
        f.to_uppercase().chain(chars).collect::<String>()
    })
}

/// Words before a roman numeral that is read as a number ("World War II" → "two");
/// after any other name it is a regnal number ("Elizabeth II" → "the second").
const COUNTED: [&str; 16] = [
    "war", "chapter", "part", "volume", "phase", "act", "book", "round", "section", "title",
    "stage", "level", "type", "class", "grade", "bowl",
];

pub fn roman_numerals(s: &str) -> String {
    if !regex!(r" [IVXLC]").is_match(s) {
        return s.to_owned(); // the cheap test first, as in `abbreviations`
    }
    replace(
        s,
        regex!(r"\b(\p{Lu}\p{Ll}+|\p{Lu}{2,}) ([IVXLC]{2,7}|V|X)\b"),
        |c| {
            let Some(n) = roman(&c[2]) else {
                return c[0].to_owned();
            };
            let number = cardinal(&n.to_string(), false);
            if COUNTED.contains(&c[1].to_lowercase().as_str()) {
                format!("{} {number}", &c[1])
            } else if c[1].chars().all(char::is_uppercase) {
                c[0].to_owned()
            } else {
                format!("{} the {}", &c[1], ordinal_words(&number))
            }
        },
    )
}

/// The value of a well-formed roman numeral below 400.
fn roman(s: &str) -> Option<u32> {
    let value = |c| match c {
        'I' => Some(1),
        'V' => Some(5),
        'X' => Some(10),
        'L' => Some(50),
        'C' => Some(100),
        _ => None,
    };
    let values: Vec<u32> = s.chars().map(value).collect::<Option<_>>()?;
    let mut total = 0i64;
    for (k, &v) in values.iter().enumerate() {
        match values.get(k + 1) {
            Some(&next) if next > v => total -= i64::from(v),
            _ => total += i64::from(v),
        }
    }
    let total = u32::try_from(total).ok()?;
    (to_roman(total) == s).then_some(total)
}

fn to_roman(mut n: u32) -> String {
    const TABLE: [(u32, &str); 9] = [
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (v, r) in TABLE {
        while n >= v {
            out.push_str(r);
            n -= v;
        }
    }
    out
}

/// "1/2" → "one half", "31/32" → "thirty one thirty seconds", "2 1/2" → "two and a half".
pub fn fraction(c: &Captures) -> String {
    let whole = c.get(1).map(|w| cardinal(w.as_str(), false));
    let (num, den) = (&c[2], &c[3]);
    let part = fraction_words(num, den, whole.is_some());
    match whole {
        Some(w) => format!("{w} and {part}"),
        None => part,
    }
}

/// The words after "and" in a mixed number: "1/2" → " and a half".
pub fn mixed_fraction_tail(f: &str) -> String {
    match f.split_once('/') {
        Some((num, den)) => format!(" and {}", fraction_words(num, den, true)),
        None => String::new(),
    }
}

fn fraction_words(num: &str, den: &str, mixed: bool) -> String {
    let one = num.trim_start_matches('0') == "1";
    let name = match (den.trim_start_matches('0'), one) {
        ("1", _) => return format!("{} over one", cardinal(num, false)),
        ("2", true) => "half".to_owned(),
        ("2", false) => "halves".to_owned(),
        ("4", true) => "quarter".to_owned(),
        ("4", false) => "quarters".to_owned(),
        (_, true) => ordinal(den),
        (_, false) => format!("{}s", ordinal(den)),
    };
    let count = if one && mixed {
        "a".to_owned()
    } else {
        cardinal(num, false)
    };
    format!("{count} {name}")
}

fn words_read_whole() -> &'static HashSet<&'static str> {
    static WORDS: OnceLock<HashSet<&'static str>> = OnceLock::new();
    WORDS.get_or_init(|| {
        rows("voices/acronyms.txt", ACRONYMS, Columns::Spaces, 1..=1)
            .into_iter()
            .map(|row| row.fields[0])
            .collect()
    })
}

/// Capitals said as a word: listed, or five letters or more with vowels between
/// consonants ("UNICEF").
fn is_pronounceable(word: &str) -> bool {
    if words_read_whole().contains(word) {
        return true;
    }
    let vowel = |c: char| "AEIOUY".contains(c);
    let chars: Vec<char> = word.chars().collect();
    chars.len() >= 5
        && chars.iter().filter(|&&c| vowel(c)).count() >= 2
        && !chars.windows(3).any(|w| w.iter().all(|&c| !vowel(c)))
}

/// Letters, spelled: dotted ("U.S." → "U S") always; capitals unless said as a word or the
/// line is in capitals; AM, PM and time zones as written.
pub fn acronyms(s: &str) -> String {
    if !regex!(r"\p{Lu}\.\p{Lu}|[A-Z]{2}").is_match(s) {
        return s.to_owned(); // the cheap test first, as in `abbreviations`
    }
    let s = replace(s, regex!(r"\b(\p{Lu}(?:\.\p{Lu})+)(\.)?(\s*$)?"), |c| {
        let letters: Vec<&str> = c[1].split('.').collect();
        let end = if c.get(2).is_some() && c.get(3).is_some() {
            "."
        } else {
            ""
        };
        format!(
            "{}{end}{}",
            letters.join(" "),
            c.get(3).map_or("", |m| m.as_str())
        )
    });
    let upper = s
        .split_whitespace()
        .filter(|w| w.len() > 1 && !w.chars().any(char::is_lowercase))
        .count();
    let lower = s
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_lowercase))
        .count();
    if upper > lower {
        return s;
    }
    replace(&s, regex!(r"\b[A-Z]{2,6}\b"), |c| {
        let word = &c[0];
        let keep = matches!(
            word,
            "AM" | "PM"
                | "EST"
                | "EDT"
                | "PST"
                | "PDT"
                | "CST"
                | "CDT"
                | "MST"
                | "UTC"
                | "GMT"
                | "CET"
                | "EET"
                | "BST"
                | "MSK"
                | "KST"
                | "JST"
                | "HTTP"
                | "HTTPS"
                | "WWW"
        );
        if keep || is_pronounceable(word) {
            word.to_owned()
        } else {
            word.chars().map(String::from).collect::<Vec<_>>().join(" ")
        }
    })
}

/// Symbols a newsreader says: "&" and, "%" percent, "#5" number five, "@" at, "+" plus,
/// "=" equals, "§" section, "°" degrees, "/" between words slash (but "and/or").
pub fn symbols(s: &str) -> String {
    let s = super::replace_open(s, regex!(r"(\p{L}|^|\s)/(\p{L}|$|\s)"), |c| {
        format!("{} slash {}", &c[1], &c[2])
    });
    let s = super::replace_open(&s, regex!("and slash or"), |_| "and/or".to_owned());
    replace(&s, regex!(r"[&%#@+=§°×]"), |c| {
        let name = match &c[0] {
            "&" => "and",
            "%" => "percent",
            "#" => "hash",
            "@" => "at",
            "+" => "plus",
            "=" => "equals",
            "§" => "section",
            "°" => "degrees",
            _ => "times",
        };
        format!(" {name} ")
    })
}
