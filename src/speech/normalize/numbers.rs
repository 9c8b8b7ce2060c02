//! Stage 2b, numbers: digit strings in, English words out (cardinals, ordinals, years,
//! decimals, digit-by-digit readings). Conventions follow NeMo's English normalizer:
//! "123" → "one hundred and twenty three", but no "and" before a scale word.

const ONES: [&str; 20] = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
];
const TENS: [&str; 10] = [
    "", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
];
/// Scale words for groups of three digits, from the thousands up.
const SCALES: [&str; 11] = [
    "thousand",
    "million",
    "billion",
    "trillion",
    "quadrillion",
    "quintillion",
    "sextillion",
    "septillion",
    "octillion",
    "nonillion",
    "decillion",
];

/// Numbers longer than this are read digit by digit.
const MAX_CARDINAL_DIGITS: usize = 3 * (SCALES.len() + 1);

/// Each digit as a word: "105" → "one zero five".
pub fn digits(s: &str) -> String {
    s.chars()
        .filter_map(|c| c.to_digit(10))
        .map(|d| ONES[d as usize])
        .collect::<Vec<_>>()
        .join(" ")
}

/// Words for 0..=99.
fn below_hundred(n: usize) -> String {
    match n {
        0..=19 => ONES[n].to_owned(),
        _ if n.is_multiple_of(10) => TENS[n / 10].to_owned(),
        _ => format!("{} {}", TENS[n / 10], ONES[n % 10]),
    }
}

/// Words for 1..=999, with "and" after "hundred" when `and` is set.
fn below_thousand(n: usize, and: bool) -> String {
    let (h, rest) = (n / 100, n % 100);
    match (h, rest) {
        (0, _) => below_hundred(rest),
        (_, 0) => format!("{} hundred", ONES[h]),
        _ if and => format!("{} hundred and {}", ONES[h], below_hundred(rest)),
        _ => format!("{} hundred {}", ONES[h], below_hundred(rest)),
    }
}

/// A cardinal from a string of ASCII digits (leading zeros ignored): "13000" →
/// "thirteen thousand". With `and`, the last group reads "… hundred and five" and
/// "… thousand and five". Too long for the scale words: digit by digit.
pub fn cardinal(s: &str, and: bool) -> String {
    let s = s.trim_start_matches('0');
    if s.is_empty() {
        return "zero".to_owned();
    }
    if s.len() > MAX_CARDINAL_DIGITS || !s.bytes().all(|b| b.is_ascii_digit()) {
        return digits(s);
    }
    let groups: Vec<usize> = {
        let bytes = s.as_bytes();
        let first = bytes.len() % 3;
        let mut out = Vec::new();
        if first > 0 {
            out.push(group_value(&bytes[..first]));
        }
        out.extend(bytes[first..].chunks(3).map(group_value));
        out
    };
    let count = groups.len();
    let mut words = Vec::new();
    for (k, &g) in groups.iter().enumerate() {
        if g == 0 {
            continue;
        }
        let scale = count - 1 - k;
        if scale == 0 {
            let thousands_spoken = count > 1 && groups[count - 2] != 0;
            if and && g < 100 && thousands_spoken {
                words.push(format!("and {}", below_hundred(g)));
            } else {
                words.push(below_thousand(g, and));
            }
        } else {
            words.push(format!(
                "{} {}",
                below_thousand(g, false),
                SCALES[scale - 1]
            ));
        }
    }
    words.join(" ")
}

fn group_value(digits: &[u8]) -> usize {
    digits
        .iter()
        .fold(0, |acc, d| acc * 10 + usize::from(d - b'0'))
}

/// The ordinal form of a cardinal's last word: "twenty one" → "twenty first".
pub fn ordinal_words(cardinal_words: &str) -> String {
    let (head, last) = match cardinal_words.rsplit_once(' ') {
        Some((head, last)) => (format!("{head} "), last),
        None => (String::new(), cardinal_words),
    };
    let last = match last {
        "one" => "first".to_owned(),
        "two" => "second".to_owned(),
        "three" => "third".to_owned(),
        "five" => "fifth".to_owned(),
        "eight" => "eighth".to_owned(),
        "nine" => "ninth".to_owned(),
        "twelve" => "twelfth".to_owned(),
        w if w.ends_with('y') => format!("{}ieth", &w[..w.len() - 1]),
        w => format!("{w}th"),
    };
    format!("{head}{last}")
}

/// "21" → "twenty first" (no "and", as in "one hundred twenty first").
pub fn ordinal(s: &str) -> String {
    ordinal_words(&cardinal(s, false))
}

/// A year as people say it: 1984 "nineteen eighty four", 1906 "nineteen oh six",
/// 1900 "nineteen hundred", 2009 "two thousand nine", 2024 "twenty twenty four".
pub fn year(n: u32) -> String {
    let (hi, lo) = (n / 100, n % 100);
    match n {
        _ if n.is_multiple_of(1000) || (2000..2010).contains(&n) || !(1000..=9999).contains(&n) => {
            cardinal(&n.to_string(), false)
        }
        _ if lo == 0 => format!("{} hundred", below_hundred(hi as usize)),
        _ if lo < 10 => format!("{} oh {}", below_hundred(hi as usize), ONES[lo as usize]),
        _ => format!(
            "{} {}",
            below_hundred(hi as usize),
            below_hundred(lo as usize)
        ),
    }
}

/// A two-digit year as in "11/17/05": "zero five", "ninety eight".
pub fn short_year(s: &str) -> String {
    if s.starts_with('0') {
        digits(s)
    } else {
        cardinal(s, false)
    }
}

/// The plural of a decade: "nineteen eighty" → "nineteen eighties".
pub fn plural_words(words: &str) -> String {
    match words.strip_suffix('y') {
        Some(stem) => format!("{stem}ies"),
        None => format!("{words}s"),
    }
}

/// Digits after a decimal point: "05" → "zero five".
pub fn fraction_digits(s: &str) -> String {
    digits(s)
}

/// "3.4" → "three point four", ".5" → "point five"; `int` may carry group commas.
pub fn decimal(int: &str, frac: Option<&str>, and: bool) -> String {
    let int: String = int.chars().filter(char::is_ascii_digit).collect();
    let mut words = if int.is_empty() {
        String::new()
    } else {
        cardinal(&int, and)
    };
    if let Some(frac) = frac.filter(|f| !f.is_empty()) {
        if !words.is_empty() {
            words.push(' ');
        }
        words.push_str("point ");
        words.push_str(&fraction_digits(frac));
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cardinals_follow_the_and_convention() {
        assert_eq!(cardinal("123", true), "one hundred and twenty three");
        assert_eq!(cardinal("123", false), "one hundred twenty three");
        assert_eq!(cardinal("18081", true), "eighteen thousand and eighty one");
        assert_eq!(
            cardinal("123000012", true),
            "one hundred twenty three million twelve"
        );
        assert_eq!(cardinal("1000000", true), "one million");
        assert_eq!(cardinal("0", true), "zero");
    }

    #[test]
    fn huge_numbers_are_read_digit_by_digit_in_linear_time() {
        let long = "9".repeat(10_000);
        assert_eq!(cardinal(&long, true).split(' ').count(), 10_000);
    }

    #[test]
    fn ordinals_years_and_decimals() {
        assert_eq!(ordinal("47"), "forty seventh");
        assert_eq!(ordinal("12"), "twelfth");
        assert_eq!(ordinal("1000"), "one thousandth");
        assert_eq!(ordinal("20"), "twentieth");
        assert_eq!(year(1984), "nineteen eighty four");
        assert_eq!(year(2009), "two thousand nine");
        assert_eq!(year(2024), "twenty twenty four");
        assert_eq!(year(1506), "fifteen oh six");
        assert_eq!(year(1900), "nineteen hundred");
        assert_eq!(decimal("3", Some("4"), true), "three point four");
        assert_eq!(decimal("", Some("5"), true), "point five");
        assert_eq!(plural_words(&year(1980)), "nineteen eighties");
    }
}
