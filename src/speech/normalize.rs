//! Stage 2b: written text in, spoken text out — what a newsreader says, as plain words.
//!
//! A line goes through a fixed list of passes (addresses, phone numbers, abbreviations,
//! dates, times, money, measures, numbers, acronyms, symbols). Each pass rewrites only
//! text that no earlier pass produced: its output is wrapped in private-use marks that
//! later passes skip and the end removes. Every pass is a linear-time regex scan, so the
//! whole is linear in the line. Ordinary words and punctuation pass through.
//!
//! Numbers are read as NeMo's English normalizer reads them ("one hundred and twenty
//! three", no "and" before a scale word, bare numbers of five digits or more digit by
//! digit, four-digit numbers from 1000 to 2099 as years). Deliberate deviations, because a
//! newsreader says it otherwise:
//! - a dash between numbers is "to" ("5-4 vote", "2-5"), not kept as a dash;
//! - capitals that are not pronounceable are spelled ("USA" → "U S A", "DNA" → "D N A");
//! - a roman numeral after a name takes "the" ("Elizabeth II" → "Elizabeth the second");
//! - a unit before a noun is singular ("155 mm artillery" → "millimeter artillery").

mod address;
mod dates;
mod electronic;
mod money;
mod numbers;
mod words;

use regex::{Captures, Regex};

/// Start and end of text that later passes leave alone.
const OPEN: char = '\u{E000}';
const CLOSE: char = '\u{E001}';

/// A regex compiled once, from a constant pattern.
macro_rules! regex {
    ($re:expr) => {{
        static RE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
        RE.get_or_init(|| regex::Regex::new($re).expect("constant patterns are valid"))
    }};
}
pub(crate) use regex;

/// The spoken form of a written sentence (one line in, one line out).
pub fn normalize(text: &str) -> String {
    let text: String = text.chars().filter(|&c| c != OPEN && c != CLOSE).collect();
    let text = text.replace("``", "\"").replace("''", "\"");
    // Markup for the engine ("<breath/>", "[HH AH0]" phonemes) passes through untouched.
    let markup = regex!(r"<[^<>]*>|\[[^\[\]]*(?:\p{Lu}|[^\x00-\x7F])[^\[\]]*\]");
    let mut s = markup
        .replace_all(&text, |c: &Captures| format!("{OPEN}{}{CLOSE}", &c[0]))
        .into_owned();
    s = electronic::web_addresses(&s);
    s = electronic::phone_numbers(&s);
    s = address::addresses(&s);
    s = words::abbreviations(&s);
    s = words::roman_numerals(&s);
    s = decade_ranges(&s);
    s = dates::dates(&s);
    s = ranges(&s);
    s = dates::times(&s);
    s = money::money(&s);
    s = money::measures(&s);
    s = numbers_in_text(&s);
    s = words::acronyms(&s);
    s = words::symbols(&s);
    unwrap_spoken(&s)
}

/// Remove the protection marks, with a space where spoken words would touch a letter or
/// digit ("sfgsfd$" → "sfgsfd dollar"), then collapse white space.
fn unwrap_spoken(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let is_mark = |c: char| c == OPEN || c == CLOSE;
    // the nearest real characters before and after position k
    let before = |k: usize| chars[..k].iter().rev().copied().find(|&c| !is_mark(c));
    let after = |k: usize| chars[k + 1..].iter().copied().find(|&c| !is_mark(c));
    let mut out = String::with_capacity(s.len());
    for (k, &c) in chars.iter().enumerate() {
        if !is_mark(c) {
            out.push(c);
            continue;
        }
        // words touching words, or engine markup ("<pitch=2>one")
        let (b, a) = (before(k), after(k));
        let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
        let junction = (c == CLOSE && chars.get(k + 1) == Some(&OPEN))
            || (c == OPEN && k > 0 && chars[k - 1] == CLOSE);
        let markup = (b == Some('>') && word(a)) || (word(b) && a == Some('<'));
        let touching = (word(b) && word(a)) || (junction && markup);
        if touching && !out.ends_with(' ') {
            out.push(' ');
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Replace every match of `re` in the text no earlier pass produced; what `f` returns is
/// protected from later passes.
fn replace(s: &str, re: &Regex, f: impl Fn(&Captures) -> String) -> String {
    rewrite(s, re, &f, true)
}

/// Like [`replace`], but later passes still see the replacement.
fn replace_open(s: &str, re: &Regex, f: impl Fn(&Captures) -> String) -> String {
    rewrite(s, re, &f, false)
}

fn rewrite(s: &str, re: &Regex, f: &impl Fn(&Captures) -> String, protect: bool) -> String {
    let plain = |text: &str| {
        re.replace_all(text, |c: &Captures| {
            let new = f(c);
            if protect && new != c[0] {
                format!("{OPEN}{new}{CLOSE}")
            } else {
                new
            }
        })
        .into_owned()
    };
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(open) = rest.find(OPEN) {
        out.push_str(&plain(&rest[..open]));
        let close = rest[open..]
            .find(CLOSE)
            .map_or(rest.len(), |c| open + c + CLOSE.len_utf8());
        out.push_str(&rest[open..close]);
        rest = &rest[close..];
    }
    out.push_str(&plain(rest));
    out
}

/// "1960s-80s" → "1960s to 80s", before decades are read.
fn decade_ranges(s: &str) -> String {
    replace_open(s, regex!(r"\b(\d{2,4}s) ?[-–] ?(\d{2,4}s)\b"), |c| {
        format!("{} to {}", &c[1], &c[2])
    })
}

/// Numeric ranges read with "to": "2023-24", "5-4 vote", "$50-$100", "2pm-5pm".
fn ranges(s: &str) -> String {
    // "2x4" is "two by four"; in an equation "1-2=5" the dash is "minus"
    let s = replace_open(s, regex!(r"(\d) ?([x×*]) ?(\d)"), |c| {
        let op = if &c[2] == "*" { "times" } else { "by" };
        format!("{} {op} {}", &c[1], &c[3])
    });
    let dash = if s.contains('=') { "minus" } else { "to" };
    replace_open(
        &s,
        regex!(r"(-)?(\d%?|\b[ap]\.?m\.?|\ds|\d[a-z]{1,3})\s?[-–]\s?([$€£¥₩]?\.?\d+)(-\w)?"),
        |c| {
            // "b-c-1-5-b", "5-3-Ws": a link in a chain of hyphens is a code, not a range
            if c.get(1).is_some() || c.get(4).is_some() {
                return c[0].to_owned();
            }
            format!("{} {dash} {}", &c[2], &c[3])
        },
    )
}

/// Fractions, ordinals, decimals and cardinals left after the passes with context.
fn numbers_in_text(s: &str) -> String {
    let s = replace(
        s,
        regex!(r"\b(?:(\d+) )?(\d+) ?/ ?(\d+)(?i:st|nd|rd|th)?\b"),
        words::fraction,
    );
    let s = replace(
        &s,
        regex!(r"\b(\d{1,3}(?:,\d{3})+|\d+)(st|nd|rd|th|ST|ND|RD|TH)\b"),
        |c| {
            let n: String = c[1].chars().filter(char::is_ascii_digit).collect();
            let suffix = c[2].to_lowercase();
            if suffix == ordinal_suffix(&n) {
                numbers::ordinal(&n)
            } else {
                format!("{} {suffix}", numbers::cardinal(&n, false))
            }
        },
    );
    // "C24", "2x": a number glued to letters is read apart from them
    let s = replace_open(&s, regex!(r"(\p{L})(\d)"), |c| {
        format!("{} {}", &c[1], &c[2])
    });
    let s = replace_open(&s, regex!(r"(\d)(\p{L})"), |c| {
        format!("{} {}", &c[1], &c[2])
    });
    replace(
        &s,
        regex!(
            r"(^|[\s(\[{])?(-)?(?:(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?|\.(\d+))( (?:thousand|million|billion|trillion)\b)?"
        ),
        number,
    )
}

/// One number with what precedes it: sign, grouping, year or digit-by-digit reading.
fn number(c: &Captures) -> String {
    let int = c.get(3).map_or("", |m| m.as_str());
    let frac = c.get(4).or(c.get(5)).map(|m| m.as_str());
    let lead = c.get(1).map_or("", |m| m.as_str());
    let at_start = c.get(0).is_some_and(|m| m.start() == 0);
    let minus = match c.get(2) {
        Some(_) if c.get(1).is_some() || at_start => "minus ",
        Some(_) => "-",
        None => "",
    };
    let scale = c.get(6).map_or("", |m| m.as_str());
    let words = if frac.is_some() || int.contains(',') || !scale.is_empty() {
        numbers::decimal(int, frac, scale.is_empty())
    } else if int.len() > 1 && int.starts_with('0') || int.len() >= 5 {
        numbers::digits(int)
    } else if int.len() == 4 && minus.is_empty() {
        int.parse()
            .map_or_else(|_| numbers::digits(int), year_or_count)
    } else {
        numbers::cardinal(int, true)
    };
    format!("{lead}{minus}{words}{scale}")
}

/// Four digits: a year from 1000 to 2099, else a count.
fn year_or_count(n: u32) -> String {
    if (1000..2100).contains(&n) {
        numbers::year(n)
    } else {
        numbers::cardinal(&n.to_string(), true)
    }
}

/// The suffix English writes after a number: "st" for 21, "th" for 11.
fn ordinal_suffix(n: &str) -> &'static str {
    let b = n.as_bytes();
    let last = b.last().copied().unwrap_or(b'0');
    let tens = if b.len() >= 2 { b[b.len() - 2] } else { b'0' };
    match (tens, last) {
        (b'1', _) => "th",
        (_, b'1') => "st",
        (_, b'2') => "nd",
        (_, b'3') => "rd",
        _ => "th",
    }
}

/// "2024-11-27" → "November twenty seventh, twenty twenty four." (the spoken date line),
/// None when not a date.
pub fn spoken_iso_date(iso: &str) -> Option<String> {
    let mut parts = iso.splitn(3, '-');
    let year: u32 = parts.next()?.parse().ok()?;
    let month: usize = parts.next()?.parse().ok()?;
    let day: u32 = parts.next()?.parse().ok()?;
    let name = dates::MONTHS.get(month.checked_sub(1)?)?;
    (1..=31)
        .contains(&day)
        .then(|| normalize(&format!("{name} {day}, {year}.")))
}

#[cfg(test)]
mod tests;
