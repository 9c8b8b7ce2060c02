//! Stage 2b, addresses and numbers read piece by piece: URLs, e-mail addresses, domain
//! names, phone numbers, IP addresses ("jo@example.com" → "jo at example dot com").

use super::numbers::digits;
use super::{CLOSE, OPEN, regex, replace, replace_open};

/// Top-level domains read as words; others are spelled ("dot DE").
const WORD_DOMAINS: [&str; 8] = ["com", "org", "net", "edu", "gov", "info", "mil", "int"];

/// URLs, e-mail addresses and bare domain names, read piece by piece.
pub fn web_addresses(s: &str) -> String {
    let s = replace(
        s,
        regex!(
            r"(?-u:\b)(?:(?i-u:https?|ftp|file)://|(?i-u:www)\.)[^\s<>\x22]*[^\s<>\x22.,;:!?)\]]|[\w.+&-]+@[\w-]+(?:\.[\w-]+)+(?:/[^\s]*[^\s.,;:!?)])?"
        ),
        |c| spell_address(&c[0]),
    );
    replace(
        &s,
        regex!(
            r"(?-u:\b)[a-zA-Z0-9-]+(?:\.[a-zA-Z0-9-]+)*\.(?:com|org|net|edu|gov|io|info|uk|de|fr|it|ru|ua|eu|us|ca)(?-u:\b)(?:/[^\s]*[^\s.,;:!?)])?"
        ),
        |c| spell_address(&c[0]),
    )
}

fn spell_address(address: &str) -> String {
    let mut words: Vec<String> = Vec::new();
    let mut run = String::new();
    let flush = |run: &mut String, words: &mut Vec<String>, last_dot: bool| {
        if run.is_empty() {
            return;
        }
        let lower = run.to_lowercase();
        let word = if run.bytes().all(|b| b.is_ascii_digit()) {
            digits(run)
        } else if matches!(lower.as_str(), "http" | "https" | "www" | "ftp")
            || (last_dot && run.len() <= 3 && !WORD_DOMAINS.contains(&lower.as_str()))
        {
            run.to_uppercase()
        } else {
            run.clone()
        };
        words.push(word);
        run.clear();
    };
    let mut after_dot = false;

    for ch in address.chars() {
        let same_kind = run
            .chars()
            .last()
            .is_none_or(|last| last.is_ascii_digit() == ch.is_ascii_digit());
        if ch.is_alphanumeric() && same_kind {
            run.push(ch);
            continue;
        }
        // a top-level domain ends the host name: "x.de/", "x.sm:80"
        let host_end = matches!(ch, '/' | ':');
        flush(&mut run, &mut words, after_dot && host_end);
        if ch.is_alphanumeric() {
            run.push(ch);
            continue;
        }
        after_dot = ch == '.';
        let name = match ch {
            '.' => "dot",
            '/' => "slash",
            ':' => "colon",
            '-' => "dash",
            '_' => "underscore",
            '@' => "at",
            '&' => "ampersand",
            '?' => "question mark",
            '=' => "equals",
            '#' => "hash",
            '%' => "percent",
            '+' => "plus",
            '~' => "tilde",
            _ => continue,
        };
        words.push(name.to_owned());
    }
    let tld = after_dot && !run.is_empty();
    flush(&mut run, &mut words, tld);
    words.join(" ")
}

/// Phone numbers group by group ("one two three, four five six, …"), IP addresses with
/// "dot", social security numbers.
pub fn phone_numbers(s: &str) -> String {
    let s = replace(
        s,
        regex!(
            r"(?:(\+[0-9]{1,3}|(?-u:\b)1)[\s-]?)?(?:\(([0-9]{3})\)|(?-u:\b)([0-9]{3}))[\s.-]?([0-9]{3})[.-]([0-9]{4})(?-u:\b)(?:-([0-9]{1,4})(?-u:\b))?"
        ),
        |c| {
            let mut groups = Vec::new();
            if let Some(country) = c.get(1) {
                let plus = if country.as_str().starts_with('+') {
                    "plus "
                } else {
                    ""
                };
                groups.push(format!("{plus}{}", digits(country.as_str())));
            }
            for k in 2..=6 {
                if let Some(g) = c.get(k) {
                    groups.push(digits(g.as_str()));
                }
            }
            groups.join(", ")
        },
    );
    // A local number ("555-0123") has the shape of a range ("100-1500"): it is a phone
    // number when a phone word comes just before it or its second group starts with 0.
    let s = replace_open(
        &s,
        regex!(
            r"(?:(?i:(?-u:\b)(call|calls|called|calling|phone|phoned|telephone|tel|dial|dialled|dialed|text|fax|hotline|helpline|number|contact|reach)(?-u:\b))[^0-9\n]{0,24}?)?(?-u:\b)([0-9]{3})-([0-9]{4})(?-u:\b)"
        ),
        |c| {
            if c.get(1).is_none() && !c[3].starts_with('0') {
                return c[0].to_owned();
            }
            let context = &c[0][..c[0].len() - 8];
            format!("{context}{OPEN}{}, {}{CLOSE}", digits(&c[2]), digits(&c[3]))
        },
    );
    let s = replace(
        &s,
        regex!(r"(?-u:\b)([0-9]{3})-([0-9]{2})-([0-9]{4})(?-u:\b)"),
        |c| format!("{}, {}, {}", digits(&c[1]), digits(&c[2]), digits(&c[3])),
    );
    replace(
        &s,
        regex!(r"(?-u:\b)[0-9]{1,3}(?:\.[0-9]{1,3}){3}(?-u:\b)"),
        |c| {
            c[0].split('.')
                .map(digits)
                .collect::<Vec<_>>()
                .join(" dot ")
        },
    )
}

#[cfg(test)]
mod tests {
    use super::super::normalize;

    #[test]
    fn web_and_mail_addresses() {
        assert_eq!(
            normalize("See https://kyivindependent.com/news-feed/ now."),
            "See HTTPS colon slash slash kyivindependent dot com slash news dash feed slash now."
        );
        assert_eq!(normalize("Mail a.b@x.de!"), "Mail a dot b at x dot DE!");
    }

    #[test]
    fn phone_and_ip_numbers() {
        assert_eq!(
            normalize("+1 (555) 123-4567"),
            "plus one, five five five, one two three, four five six seven"
        );
        assert_eq!(
            normalize("Call 555-0123 or text the hotline at 555-1234."),
            "Call five five five, zero one two three or text the hotline at five five five, one two three four."
        );
        assert_eq!(
            normalize("Crowds of 200-1500 people."),
            "Crowds of two hundred to fifteen hundred people."
        );
        assert_eq!(
            normalize("IP 10.0.0.1"),
            "I P one zero dot zero dot zero dot one"
        );
    }
}
