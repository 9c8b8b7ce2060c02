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

pub(crate) use dates::TIME_ZONES;

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

/// How a number's last part joins the hundreds and thousands before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum NumberStyle {
    /// "one hundred and fifty five", as British newsreaders (and NeMo) say it.
    #[default]
    British,
    /// "one hundred fifty five", as American newsreaders say it.
    American,
    /// The text as written: for a voice in another language, which reads numbers in its
    /// own (the normalizer's rules are English).
    AsWritten,
}

/// The spoken form of a written sentence (one line in, one line out), numbers in the
/// British style.
pub fn normalize(text: &str) -> String {
    normalize_in(text, NumberStyle::British)
}

/// The spoken form of a written sentence, numbers in `style`.
pub fn normalize_in(text: &str, style: NumberStyle) -> String {
    if style == NumberStyle::AsWritten {
        return text.split_whitespace().collect::<Vec<_>>().join(" ");
    }
    let marked = rewrite_all(text);
    let marked = match style {
        NumberStyle::British | NumberStyle::AsWritten => marked,
        NumberStyle::American => without_number_and(&marked),
    };
    unwrap_spoken(&marked)
}

/// "hundred and five" → "hundred five" inside what the passes wrote (the article's own
/// words are left as written).
fn without_number_and(marked: &str) -> String {
    let scale_and = regex!(r"(hundred|thousand|million|billion|trillion) and (\p{L})");
    let mut out = String::with_capacity(marked.len());
    let mut rest = marked;
    while let Some(open) = rest.find(OPEN) {
        out.push_str(&rest[..open]);
        let close = rest[open..]
            .find(CLOSE)
            .map_or(rest.len(), |c| open + c + CLOSE.len_utf8());
        out.push_str(&scale_and.replace_all(&rest[open..close], "$1 $2"));
        rest = &rest[close..];
    }
    out.push_str(rest);
    out
}

/// All passes, leaving the protection marks in.
fn rewrite_all(text: &str) -> String {
    PASSES.iter().fold(strip_marks(text), |s, pass| pass(&s))
}

/// The passes in order, each rewriting what no earlier pass produced.
const PASSES: [fn(&str) -> String; 16] = [
    quotes,
    protect_markup,
    electronic::web_addresses,
    electronic::phone_numbers,
    address::addresses,
    words::abbreviations,
    words::roman_numerals,
    decade_ranges,
    dates::dates,
    ranges,
    dates::times,
    money::money,
    money::measures,
    numbers_in_text,
    words::acronyms,
    words::symbols,
];

/// Compile every pass's patterns, last pass first: run on another thread while a script
/// is built (which runs the passes first to last), the two meet halfway instead of one
/// waiting for all of them.
pub fn warm_up() {
    const PROBE: &str = "Dr. Kim paid $988 million (€40bn) on Nov. 27, 2024 at 3:52 p.m. for \
        155 mm shells: 82% of 10,000 at 300 km/h, the 47th in 2023-24, 1/2 and 5-4, the \
        1990s-2000s, World War II, NATO. Mail a@b.org, see www.example.com/x, call \
        (555) 123-4567, 12 Main St., Springfield, IL 62701 & #1 ``x''.";
    for pass in PASSES.iter().rev() {
        let _ = pass(PROBE);
    }
}

/// TeX-style quotes as plain double quotes.
fn quotes(text: &str) -> String {
    replace_open(text, regex!("``|''"), |_| "\"".to_owned())
}

/// Markup for the engine ("<breath/>", "[HH AH0]" phonemes) passes through untouched.
fn protect_markup(text: &str) -> String {
    let markup = regex!(r"<[^<>]*>|\[[^\[\]]*(?:\p{Lu}|[^\x00-\x7F])[^\[\]]*\]");
    replace_open(text, markup, |c| format!("{OPEN}{}{CLOSE}", &c[0]))
}

/// The text without any protection marks it came with (they are private-use characters).
fn strip_marks(text: &str) -> String {
    text.chars().filter(|&c| c != OPEN && c != CLOSE).collect()
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
    replace_open(
        s,
        regex!(r"(?-u:\b)([0-9]{2,4}s) ?[-–] ?([0-9]{2,4}s)(?-u:\b)"),
        |c| format!("{} to {}", &c[1], &c[2]),
    )
}

/// Numeric ranges read with "to": "2023-24", "5-4 vote", "$50-$100", "2pm-5pm".
fn ranges(s: &str) -> String {
    // "2x4" is "two by four"; in an equation "1-2=5" the dash is "minus"
    let s = replace_open(s, regex!(r"([0-9]) ?([x×*]) ?([0-9])"), |c| {
        let op = if &c[2] == "*" { "times" } else { "by" };
        format!("{} {op} {}", &c[1], &c[3])
    });
    let dash = if s.contains('=') { "minus" } else { "to" };
    replace_open(
        &s,
        regex!(
            r"(-)?([0-9]%?|(?-u:\b)[ap]\.?m\.?|[0-9]s|[0-9][a-z]{1,3})\s?[-–]\s?([$€£¥₩]?\.?[0-9]+)(-\w)?"
        ),
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
    // "31/31/100": three or more numbers joined by slashes (not a date) are a code
    let s = replace(s, regex!(r"(?-u:\b)[0-9]+(?:/[0-9]+){2,}(?-u:\b)"), |c| {
        c[0].split('/').map(integer).collect::<Vec<_>>().join("/")
    });
    // "9/11", "24/7": numbers known by name are said as two numbers, not as a fraction
    let s = replace(
        &s,
        regex!(r"(?-u:\b)(9/11|7/7|7/11|3/11|24/7|50/50|20/20)(?-u:\b)"),
        |c| c[0].split('/').map(integer).collect::<Vec<_>>().join(" "),
    );
    let s = replace(
        &s,
        regex!(r"(?-u:\b)(?:([0-9]+) )?([0-9]+) ?/ ?([0-9]+)(?i-u:st|nd|rd|th)?(?-u:\b)"),
        words::fraction,
    );
    let s = replace(
        &s,
        regex!(r"(?-u:\b)([0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(st|nd|rd|th|ST|ND|RD|TH)(?-u:\b)"),
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
    // "C24", "ab9453": four or more digits glued to letters are a code, read digit by digit,
    // unless round ("t2000" is "t two thousand")
    let s = replace_open(&s, regex!(r"(\p{L})([0-9]+)"), |c| {
        if c[2].len() >= 4 && !c[2].ends_with("00") {
            format!("{} {OPEN}{}{CLOSE}", &c[1], numbers::digits(&c[2]))
        } else {
            format!("{} {}", &c[1], &c[2])
        }
    });
    let s = replace_open(&s, regex!(r"([0-9])(\p{L})"), |c| {
        format!("{} {}", &c[1], &c[2])
    });
    replace(
        &s,
        regex!(
            r"(^|[\s(\[{])?(-)?(?:([0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.([0-9]+))?|\.([0-9]+))( (?:thousand|million|billion|trillion)(?-u:\b))?"
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
    } else if int.len() == 4 && !minus.is_empty() {
        numbers::cardinal(int, true)
    } else {
        integer(int)
    };
    format!("{lead}{minus}{words}{scale}")
}

/// A whole number with no context: digit by digit when it has a leading zero or five
/// digits or more, a year when it has four, else a count.
fn integer(int: &str) -> String {
    if int.len() > 1 && int.starts_with('0') || int.len() >= 5 {
        numbers::digits(int)
    } else if int.len() == 4 {
        int.parse()
            .map_or_else(|_| numbers::digits(int), year_or_count)
    } else {
        numbers::cardinal(int, true)
    }
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
