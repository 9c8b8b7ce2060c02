//! Stage 1 helper: dates and bylines in, normalised `YYYY-MM-DD` dates and author names out.
//!
//! Shared by the plain-text cleaner and the HTML extractor.

use regex::Regex;
use std::sync::LazyLock;

const MONTHS: &str = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)";

/// `November 27, 2024`, `Nov. 27 2024`.
static MONTH_DAY_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i-u)\b({MONTHS})\.?(?u:\s)+([0-9]{{1,2}})(?:st|nd|rd|th)?,?(?u:\s)+([0-9]{{4}})\b"
    ))
    .expect("static regex")
});
/// `28 November 2024`.
static DAY_MONTH_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i-u)\b([0-9]{{1,2}})(?:st|nd|rd|th)?(?u:\s)+({MONTHS})\.?,?(?u:\s)+([0-9]{{4}})\b"
    ))
    .expect("static regex")
});
/// `2024-11-28` (also the start of an ISO timestamp).
static ISO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)([0-9]{4})-([0-9]{2})-([0-9]{2})").expect("static regex")
});
/// `Nov 28 (Reuters)`: a day without a year.
static MONTH_DAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?i-u)\b({MONTHS})\.?(?u:\s)+([0-9]{{1,2}})\b")).expect("static regex")
});

/// Month number (1–12) of an English month name or abbreviation.
fn month_number(name: &str) -> Option<u32> {
    let lower = name.to_ascii_lowercase();
    let names = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    names
        .iter()
        .position(|m| lower.starts_with(m))
        .and_then(|i| u32::try_from(i + 1).ok())
}

fn format_date(year: &str, month: u32, day: &str) -> Option<String> {
    let year: u32 = year.parse().ok()?;
    let day: u32 = day.parse().ok()?;
    if !(1900..=2200).contains(&year) || !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    Some(format!("{year:04}-{month:02}-{day:02}"))
}

/// A date in `s` with a known year, as `YYYY-MM-DD`, with the byte span it came from.
pub fn find_date(s: &str) -> Option<(String, std::ops::Range<usize>)> {
    let mut found: Vec<(String, std::ops::Range<usize>)> = Vec::new();
    if let Some(c) = MONTH_DAY_YEAR.captures(s) {
        let m = month_number(&c[1]);
        if let Some(d) = m.and_then(|m| format_date(&c[3], m, &c[2])) {
            found.push((d, c.get(0).map_or(0..0, |m| m.range())));
        }
    }
    if let Some(c) = DAY_MONTH_YEAR.captures(s) {
        let m = month_number(&c[2]);
        if let Some(d) = m.and_then(|m| format_date(&c[3], m, &c[1])) {
            found.push((d, c.get(0).map_or(0..0, |m| m.range())));
        }
    }
    if let Some(c) = ISO.captures(s)
        && let Some(d) = c[2].parse().ok().and_then(|m| format_date(&c[1], m, &c[3]))
    {
        found.push((d, c.get(0).map_or(0..0, |m| m.range())));
    }
    found.into_iter().min_by_key(|(_, r)| r.start)
}

/// Byte offset where a date of any form (with or without a year) starts in `s`.
pub fn date_start(s: &str) -> Option<usize> {
    let full = find_date(s).map(|(_, r)| r.start);
    let partial = MONTH_DAY.find(s).map(|m| m.start());
    match (full, partial) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// Normalise a metadata date (`2024-11-27T15:52:00+02:00`, `November 27, 2024`) to `YYYY-MM-DD`.
pub fn normalize_date(s: &str) -> Option<String> {
    find_date(s).map(|(d, _)| d)
}

static BYLINE_PREFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?i-u:by|written by|words by|story by|posted by|published by)\s*:?\s+(\S)")
        .expect("static regex")
});
static BYLINE_CUT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i-u)(?u:\s)*(?:\||•|·|—|–| - |\bupdated\b|\bpublished\b|\bposted\b|[0-9]+(?u:\s)*min(?:ute)?s?(?u:\s)+read|[0-9]{1,2}:[0-9]{2}|\bon(?u:\s)+[a-z]+day\b|[0-9]+(?u:\s)+(?:hours?|minutes?|days?)(?u:\s)+ago)",
    )
    .expect("static regex")
});

/// The author names of a byline line (`by A and B November 27, 2024 …` → `A and B`),
/// or `None` when the line is not a byline.
pub fn parse_byline(line: &str) -> Option<String> {
    let caps = BYLINE_PREFIX.captures(line)?;
    let first = caps.get(1)?;
    if !first.as_str().chars().all(char::is_uppercase) {
        return None;
    }
    let rest = &line[first.start()..];
    let mut end = rest.len();
    if let Some(i) = date_start(rest) {
        end = end.min(i);
    }
    if let Some(m) = BYLINE_CUT.find(rest) {
        end = end.min(m.start());
    }
    let mut names = rest[..end]
        .trim()
        .trim_end_matches([',', ';', ':', '|', '-'])
        .trim();
    for dangling in [" on", " at", " in", ","] {
        names = names.strip_suffix(dangling).unwrap_or(names).trim_end();
    }
    let words = names.split_whitespace().count();
    (1..=12).contains(&words).then(|| names.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_common_forms() {
        let date = |s| find_date(s).map(|(d, _)| d);
        assert_eq!(
            date("November 27, 2024 3:52 PM").as_deref(),
            Some("2024-11-27")
        );
        assert_eq!(date("28 November 2024").as_deref(), Some("2024-11-28"));
        assert_eq!(date("posted 2024-11-28").as_deref(), Some("2024-11-28"));
        assert_eq!(date("Nov. 3, 2023").as_deref(), Some("2023-11-03"));
        assert_eq!(date("Nov 28 (Reuters) - Shares fell"), None);
        assert_eq!(date("no date at all"), None);
    }

    #[test]
    fn metadata_timestamps_normalise() {
        assert_eq!(
            normalize_date("2024-11-27T15:52:00+02:00").as_deref(),
            Some("2024-11-27")
        );
        assert_eq!(normalize_date("2024-13-45"), None);
    }

    #[test]
    fn bylines_lose_dates_and_read_times() {
        assert_eq!(
            parse_byline("by Martin Fornusek and The Kyiv Independent news desk November 27, 2024 3:52 PM 2 min read")
                .as_deref(),
            Some("Martin Fornusek and The Kyiv Independent news desk")
        );
        assert_eq!(parse_byline("By Jane Doe").as_deref(), Some("Jane Doe"));
        assert_eq!(
            parse_byline("Posted by Tomas Novak on May 2, 2024 · 6 min read").as_deref(),
            Some("Tomas Novak")
        );
        assert_eq!(
            parse_byline("By Jane Doe | Updated 2 hours ago").as_deref(),
            Some("Jane Doe")
        );
        assert_eq!(parse_byline("By the end of the year, prices rose."), None);
        assert_eq!(parse_byline("Byzantine history"), None);
    }
}
