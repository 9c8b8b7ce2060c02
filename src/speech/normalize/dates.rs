//! Stage 2b, dates and times: "Nov. 27", "1 December", "2024-11-28", "1980s", "3 p.m.",
//! "14:10:30" in; "November twenty seventh", "the first of December", "three PM" out.

use super::numbers::{cardinal, digits, ordinal, plural_words, short_year, year};
use super::{CLOSE, OPEN, regex, replace, replace_open};
use regex::Captures;

pub const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A month name or its abbreviation, with an optional period. "May", "March" and "Jun" are
/// also words, so the patterns below only take them next to a day or year.
const MONTH: &str = r"(?i-u:(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?))\.?";

/// The month a name or abbreviation stands for.
fn month_name(word: &str) -> Option<&'static str> {
    let prefix = word.to_lowercase();
    let prefix = prefix.get(..3)?;
    MONTHS
        .iter()
        .find(|m| m[..3].eq_ignore_ascii_case(prefix))
        .copied()
}

fn month_number(n: &str) -> Option<&'static str> {
    let n: usize = n.parse().ok()?;
    MONTHS.get(n.checked_sub(1)?).copied()
}

fn day_ordinal(day: &str) -> Option<String> {
    let n: u32 = day.parse().ok()?;
    (1..=31).contains(&n).then(|| ordinal(day))
}

/// A written year of two or four digits.
fn year_words(y: &str) -> String {
    match y.len() {
        2 => short_year(y),
        _ => y.parse().map_or_else(|_| digits(y), year),
    }
}

/// Dates with a month name, numeric dates, and decades.
pub fn dates(s: &str) -> String {
    // ISO and year-first: 2024-11-28, 2016/07/03
    let s = replace(
        s,
        regex!(r"(?-u:\b)([0-9]{4})([-/])([0-9]{1,2})([-/])([0-9]{1,2})(?-u:\b)"),
        |c| match (month_number(&c[3]), day_ordinal(&c[5])) {
            (Some(m), Some(d)) if c[2] == c[4] => format!("{m} {d}, {}", year_words(&c[1])),
            _ => c[0].to_owned(),
        },
    );
    // month first unless the first number cannot be a month: 10/06/2005, 15.01.2020
    let s = replace(
        &s,
        regex!(r"(?-u:\b)([0-9]{1,2})([/.-])([0-9]{1,2})([/.-])([0-9]{4}|[0-9]{2})(?-u:\b)"),
        |c| {
            if c[2] != c[4] {
                return c[0].to_owned();
            }
            let y = year_words(&c[5]);
            match (month_number(&c[1]), day_ordinal(&c[3])) {
                (Some(m), Some(d)) => format!("{m} {d} {y}"),
                _ => match (day_ordinal(&c[1]), month_number(&c[3])) {
                    (Some(d), Some(m)) => format!("the {d} of {m} {y}"),
                    _ => c[0].to_owned(),
                },
            }
        },
    );
    // day first: "1 December", "25th jul 2012", "16 July, 1943"
    let day_first = regex!(&format!(
        r"((?-u:\b)[Tt]he )?(?-u:\b)([0-9]{{1,2}})(?i-u:st|nd|rd|th)? {MONTH}(?:(,? )([0-9]{{4}}))?(?-u:\b)"
    ));
    let s = replace(&s, day_first, |c| {
        match (day_ordinal(&c[2]), month_name(&c[3])) {
            (Some(d), Some(m)) => {
                let the = c.get(1).map_or("the ", |t| t.as_str());
                let y = match (c.get(4), c.get(5)) {
                    (Some(sep), Some(y)) => format!("{}{}", sep.as_str(), year_words(y.as_str())),
                    _ => String::new(),
                };
                format!("{the}{d} of {m}{y}")
            }
            _ => c[0].to_owned(),
        }
    });
    // month first: "Nov. 27", "July 11, 2024", "Jan-15-2020"
    let month_first = regex!(&format!(
        r"(?-u:\b){MONTH}[ -]([0-9]{{1,2}})(?i-u:st|nd|rd|th)?(?-u:\b)(?:(,? |-)([0-9]{{4}})(?-u:\b))?"
    ));
    let s = replace(&s, month_first, |c| {
        let written = &c[1];
        let plain_word = matches!(written, "may" | "mar" | "march" | "jun");
        match (day_ordinal(&c[2]), month_name(written)) {
            (Some(d), Some(m)) if !plain_word || c.get(4).is_some() => {
                let y = match (c.get(3), c.get(4)) {
                    (Some(sep), Some(y)) => {
                        let sep = if sep.as_str() == "-" {
                            " "
                        } else {
                            sep.as_str()
                        };
                        format!("{sep}{}", year_words(y.as_str()))
                    }
                    _ => String::new(),
                };
                format!("{m} {d}{y}")
            }
            _ => c[0].to_owned(),
        }
    });
    // month and year: "July 1876"
    let month_year = regex!(&format!(r"(?-u:\b){MONTH} ([0-9]{{4}})(?-u:\b)"));
    let s = replace(&s, month_year, |c| match month_name(&c[1]) {
        Some(m) if c[1].starts_with(char::is_uppercase) || c[1].len() > 4 => {
            format!("{m} {}", year_words(&c[2]))
        }
        _ => c[0].to_owned(),
    });
    // decades: "1980s", "1980 s", "'80s", "mid-80s"
    let s = replace(&s, regex!(r"(?-u:\b)([0-9]{3}0) ?s(?-u:\b)"), |c| {
        plural_words(&year_words(&c[1]))
    });
    replace(
        &s,
        regex!(r"(?:(?-u:\B)'|(?-u:\b))([1-9]0)s(?-u:\b)"),
        |c| plural_words(&cardinal(&c[1], false)),
    )
}

/// Time zones said after a clock time ("3 p.m. EST"); the sentence splitter reads them too.
pub(crate) const TIME_ZONES: [&str; 15] = [
    "EST", "CST", "PST", "MST", "EDT", "PDT", "CDT", "UTC", "GMT", "CET", "EET", "BST", "MSK",
    "KST", "JST",
];

/// An optional time zone after a time, dotted or not ("E.S.T."), in group 1 of its own;
/// it is read letter by letter in capitals.
fn zone_pattern() -> String {
    let zones: Vec<String> = TIME_ZONES
        .iter()
        .map(|z| {
            let letters: Vec<String> = z.to_lowercase().chars().map(String::from).collect();
            letters.join(r"\.?")
        })
        .collect();
    format!(r"(?:\s?(?-u:\b)(?i-u:({})(?-u:\b)\.?))?", zones.join("|"))
}

/// Clock times: "1:50 PM", "3 p.m.", "14:10:30", "01:00".
pub fn times(s: &str) -> String {
    // The period of "p.m." also ends the sentence before a capital or the end of the line.
    let with_meridiem = regex!(&format!(
        r"(?-u:\b)([0-9]{{1,2}})(?:[:.]([0-9]{{2}}))?(?::([0-9]{{2}}))?\s?(?i-u:([ap])\.?m)(?-u:\b)(\.)?{}(\s+\p{{Lu}}|$)?",
        zone_pattern()
    ));
    // The capital after it is matched but stays outside the protected reading, so the word
    // it starts is read whole ("PM. Officials", not "PM. O fficials").
    let s = replace_open(s, with_meridiem, |c| {
        let Some(clock) = clock(&c[1], c.get(2), c.get(3), false) else {
            return c[0].to_owned();
        };
        let next = c.get(7).map_or("", |n| n.as_str());
        let stop = if c.get(5).is_some() && c.get(7).is_some() {
            "."
        } else {
            ""
        };
        let meridiem = c[4].to_uppercase();
        format!("{OPEN}{clock} {meridiem}M{}{stop}{CLOSE}{next}", zone(c, 6))
    });
    let twenty_four = regex!(&format!(
        r"(?-u:\b)([0-9]{{1,2}}):([0-9]{{2}})(?::([0-9]{{2}}))?(?-u:\b){}",
        zone_pattern()
    ));
    replace(&s, twenty_four, |c| {
        let Some(clock) = clock(&c[1], c.get(2), c.get(3), true) else {
            return c[0].to_owned();
        };
        format!("{clock}{}", zone(c, 4))
    })
}

fn zone(c: &Captures, group: usize) -> String {
    c.get(group).map_or(String::new(), |z| {
        format!(" {}", z.as_str().replace('.', "").to_uppercase())
    })
}

/// "1", "59" → "one fifty nine"; "1", "05" → "one oh five"; "1", "00" → "one" (or "one
/// o'clock" on a 24-hour clock); with seconds: "one hour one minute and one second".
fn clock(
    hour: &str,
    minute: Option<regex::Match>,
    second: Option<regex::Match>,
    twenty_four: bool,
) -> Option<String> {
    let h: u32 = hour.parse().ok()?;
    let m: u32 = minute.map_or(Some(0), |m| m.as_str().parse().ok())?;
    if h > 24 || m > 59 {
        return None;
    }
    let h_words = cardinal(&h.to_string(), false);
    if let Some(sec) = second {
        let sec: u32 = sec.as_str().parse().ok()?;
        let unit = |n: u32, one: &str| {
            let plural = if n == 1 { "" } else { "s" };
            format!("{} {one}{plural}", cardinal(&n.to_string(), false))
        };
        return Some(format!(
            "{} {} and {}",
            unit(h, "hour"),
            unit(m, "minute"),
            unit(sec, "second")
        ));
    }
    Some(match m {
        0 if twenty_four => format!("{h_words} o'clock"),
        0 => h_words,
        1..=9 => format!("{h_words} oh {}", cardinal(&m.to_string(), false)),
        _ => format!("{h_words} {}", cardinal(&m.to_string(), false)),
    })
}

#[cfg(test)]
mod tests {
    use super::super::normalize;

    #[test]
    fn month_day_year() {
        assert_eq!(normalize("on Nov. 27"), "on November twenty seventh");
        assert_eq!(
            normalize("July 11, 2024, in"),
            "July eleventh, twenty twenty four, in"
        );
        assert_eq!(normalize("on 1 December"), "on the first of December");
        assert_eq!(
            normalize("2024-11-28"),
            "November twenty eighth, twenty twenty four"
        );
        assert_eq!(normalize("the 1980s"), "the nineteen eighties");
        assert_eq!(normalize("You may 2 go"), "You may two go");
    }

    #[test]
    fn clock_times() {
        assert_eq!(normalize("1:50 PM"), "one fifty PM");
        assert_eq!(normalize("at 3 p.m. on"), "at three PM on");
        assert_eq!(normalize("at 9:05 a.m. EST."), "at nine oh five AM EST.");
        assert_eq!(normalize("23:00"), "twenty three o'clock");
    }
}
