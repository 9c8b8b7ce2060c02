//! Stage 2a, lists: numbered, lettered and roman list markers ("2.)", "b)", "(iv)"), so a
//! list splits between its items.

use super::tokens::is_bullet_char;

/// A numbered or lettered list item's marker, read as its kind and position.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Marker {
    Number(u32),
    Letter(u32),
    Roman(u32),
}

impl Marker {
    fn same_kind(self, other: Marker) -> bool {
        std::mem::discriminant(&self) == std::mem::discriminant(&other)
    }

    fn value(self) -> u32 {
        match self {
            Marker::Number(n) | Marker::Letter(n) | Marker::Roman(n) => n,
        }
    }

    /// The readings of a token as a list marker ("2.)", "b)", "(iv)", "⁃9."), at most two
    /// ("i)" is a letter or a roman numeral), the likelier first.
    fn parse(token: &str) -> Vec<Marker> {
        let token = token.trim_start_matches(is_bullet_char);
        let body = match token.strip_prefix('(') {
            Some(rest) => rest.strip_suffix(')'),
            None => token
                .strip_suffix(".)")
                .or_else(|| token.strip_suffix(')'))
                .or_else(|| token.strip_suffix('.')),
        };
        let Some(body) = body.filter(|b| !b.is_empty() && b.len() <= 4) else {
            return Vec::new();
        };
        let mut readings = Vec::new();
        if body.bytes().all(|b| b.is_ascii_digit())
            && body.len() <= 3
            && let Ok(n) = body.parse()
        {
            readings.push(Marker::Number(n));
        }
        if let Some(n) = roman_value(body) {
            readings.push(Marker::Roman(n));
        }
        if let [b @ b'a'..=b'z'] = body.as_bytes() {
            readings.push(Marker::Letter(u32::from(b - b'a') + 1));
        }
        readings
    }
}

/// The value of a lower-case roman numeral up to "xxxix".
fn roman_value(s: &str) -> Option<u32> {
    let digit = |c| match c {
        'i' => Some(1),
        'v' => Some(5),
        'x' => Some(10),
        _ => None,
    };
    let values: Vec<u32> = s.chars().map(digit).collect::<Option<_>>()?;
    let mut total: i64 = 0;
    for (k, &v) in values.iter().enumerate() {
        if values.get(k + 1).is_some_and(|&next| next > v) {
            total -= i64::from(v);
        } else {
            total += i64::from(v);
        }
    }
    u32::try_from(total).ok().filter(|&t| t > 0)
}

/// The list being read, if any: the last marker seen at the start of a sentence.
#[derive(Debug, Default)]
pub(super) struct Lists {
    last: Option<Marker>,
}

impl Lists {
    /// Note the first token of a sentence, which may open or continue a list.
    pub(super) fn note_first(&mut self, token: &str) {
        let readings = Marker::parse(token);
        let continuing = readings.iter().find(|m| self.follows(**m));
        if let Some(m) = continuing.or(readings.first()) {
            self.last = Some(*m);
        }
    }

    fn follows(&self, m: Marker) -> bool {
        self.last
            .is_some_and(|last| last.same_kind(m) && last.value() + 1 == m.value())
    }

    /// The token is the next item of the current list.
    pub(super) fn continues(&self, token: &str) -> bool {
        Marker::parse(token).into_iter().any(|m| self.follows(m))
    }

    pub(super) fn is_marker(&self, token: &str) -> bool {
        !Marker::parse(token).is_empty()
    }
}

/// A marker that can open a list: "1.", "a)", "(i)".
pub(super) fn opens_list(token: &str) -> bool {
    Marker::parse(token).iter().any(|m| m.value() == 1)
}
