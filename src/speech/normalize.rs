//! Stage 2b: written text in, spoken text out.
//!
//! Placeholder: passes text through.

/// The spoken form of a written sentence.
pub fn normalize(text: &str) -> String {
    text.to_owned()
}

/// "2024-11-27" → "November 27, 2024" (to be read as a date), None when not a date.
pub fn spoken_iso_date(iso: &str) -> Option<String> {
    const MONTHS: [&str; 12] = [
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
    let mut parts = iso.splitn(3, '-');
    let year: u32 = parts.next()?.parse().ok()?;
    let month: usize = parts.next()?.parse().ok()?;
    let day: u32 = parts.next()?.parse().ok()?;
    let name = MONTHS.get(month.checked_sub(1)?)?;
    (1..=31)
        .contains(&day)
        .then(|| normalize(&format!("{name} {day}, {year}.")))
}
