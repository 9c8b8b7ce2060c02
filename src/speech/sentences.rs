//! Stage 2a: text in, sentences out (trimmed slices of the input, in order).
//!
//! The text is cut into whitespace-separated tokens; UAX #29 sentence bounds split tokens
//! where a script's own terminator has no space after it ("。"), and a rule layer decides,
//! between each pair of tokens, whether a sentence ends there: abbreviations (from
//! `voices/abbreviations.txt`), initials and dotted acronyms, ellipses, closing quotes and
//! brackets, numbered lists, bullets, missing spaces and line breaks. One pass, linear time.

use std::collections::HashMap;
use std::sync::OnceLock;
use unicode_segmentation::UnicodeSegmentation;

/// A run of non-space characters: `text[start..end]`, with the number of line breaks in
/// the white space before it.
#[derive(Debug, Clone, Copy)]
struct Token {
    start: usize,
    end: usize,
    breaks_before: usize,
}

/// Split text into trimmed, non-empty sentences.
pub fn split(text: &str) -> Vec<&str> {
    let tokens = tokenize(text);
    let mut sentences = Vec::new();
    let mut first = 0; // first token of the current sentence
    let mut lists = Lists::default();
    let mut i = 0;
    while i < tokens.len() {
        if i > first && starts_sentence(text, &tokens, i, first, &lists) {
            sentences.push(&text[tokens[first].start..tokens[i - 1].end]);
            first = i;
        }
        if i == first || (i == first + 1 && is_bullet(word(text, tokens[first]))) {
            lists.note_first(word(text, tokens[i]));
        }
        // An ellipsis written as spaced dots is decided as one group with the word before.
        let dots_end = (i + 1..tokens.len())
            .take_while(|&j| is_dots(word(text, tokens[j])))
            .last();
        let (last, cut) = match dots_end {
            Some(j) => (j, ellipsis_cut(text, &tokens, i, j)),
            None => (
                i,
                ends_sentence(text, &tokens, i, first, &lists).then_some(i),
            ),
        };
        if let Some(c) = cut {
            sentences.push(&text[tokens[first].start..tokens[c].end]);
            first = c + 1;
        }
        i = last + 1;
    }
    if first < tokens.len() {
        if let Some(last) = tokens.last() {
            sentences.push(&text[tokens[first].start..last.end]);
        }
    }
    sentences
}

fn word(text: &str, token: Token) -> &str {
    &text[token.start..token.end]
}

/// Whitespace-separated tokens, further cut where a sentence plainly ends with no space
/// ("World.My", "period．Does", and any UAX #29 bound after a non-Latin terminator).
fn tokenize(text: &str) -> Vec<Token> {
    let mut inner_bounds = text
        .split_sentence_bound_indices()
        .map(|(i, _)| i)
        .filter(|&i| {
            let before = text[..i].chars().next_back();
            let after = text[i..].chars().next();
            matches!((before, after), (Some(b), Some(a))
                if !b.is_whitespace() && !a.is_whitespace() && !b.is_ascii() && is_terminal(b))
        })
        .peekable();
    let mut tokens = Vec::new();
    let mut breaks = 0;
    let mut start = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        while inner_bounds.next_if(|&b| b < i).is_some() {}
        let uax_cut = inner_bounds.next_if_eq(&i).is_some() && start.is_some();
        if c.is_whitespace() || uax_cut {
            if let Some(s) = start.take() {
                push_token(text, &mut tokens, s, i, breaks);
                breaks = 0;
            }
            if c == '\n' {
                breaks += 1;
            }
            if uax_cut {
                start = Some(i);
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    tokens
}

/// Push `text[start..end]`, cut in two where a period has no space before a new sentence.
fn push_token(text: &str, tokens: &mut Vec<Token>, start: usize, end: usize, breaks: usize) {
    let mut from = start;
    for cut in missing_space_cuts(&text[start..end]) {
        tokens.push(Token {
            start: from,
            end: start + cut,
            breaks_before: if from == start { breaks } else { 0 },
        });
        from = start + cut;
    }
    tokens.push(Token {
        start: from,
        end,
        breaks_before: if from == start { breaks } else { 0 },
    });
}

/// Whether token `i` opens a new sentence whatever came before: after a blank line, at a
/// bullet, at the next item of a numbered list, or at a line that starts like a sentence.
fn starts_sentence(text: &str, tokens: &[Token], i: usize, first: usize, lists: &Lists) -> bool {
    let here = word(text, tokens[i]);
    let before = word(text, tokens[i - 1]);
    if tokens[i].breaks_before >= 2 || is_bullet(here) {
        return true;
    }
    if is_bullet(before) && before.chars().all(is_bullet_char) {
        return false; // "• 10." — the bullet already opened this item
    }
    if lists.continues(here) || (ends_terminal(before) && opens_list(here)) {
        return true;
    }
    if tokens[i].breaks_before == 1 && ends_terminal(before) {
        return true; // "…its reporting.\n11:50 PM"
    }
    tokens[i].breaks_before == 1
        && i > first
        && !before.ends_with([',', '-', '–', '—', '(', ':'])
        && first_letter_is_upper(here)
}

/// Whether the sentence ends after token `i` (the next token is not a spaced ellipsis).
fn ends_sentence(text: &str, tokens: &[Token], i: usize, first: usize, lists: &Lists) -> bool {
    let here = word(text, tokens[i]);
    let Some(next) = tokens.get(i + 1).map(|&t| word(text, t)) else {
        return false; // the end of the text ends the sentence anyway
    };
    let (core, terminal) = split_terminal(here);
    if terminal.is_empty() || next.starts_with("--") || next.starts_with(['—', '–']) {
        return false; // "voila! -- you have cake" goes on after the dash
    }
    let at_list_start = i == first || (i == first + 1 && is_bullet(word(text, tokens[first])));
    if at_list_start && lists.is_marker(here) {
        return false;
    }
    let next_case = Case::of(next);
    if next_case == Case::Lower {
        return false;
    }
    if terminal.contains(['!', '?']) || !terminal.is_ascii() && !terminal.contains('…') {
        return true;
    }
    let dots = terminal.chars().filter(|&c| c == '.').count() + 3 * terminal.matches('…').count();
    if dots >= 2 {
        // "slowly... And" ends; "that.... She" ends; a two-dot typo is read as a period
        return next_case == Case::Upper || dots == 2;
    }
    if next_case == Case::Digit {
        return false;
    }
    let starter = is_sentence_starter(next);
    match abbreviation(core) {
        Some(Abbreviation::Title | Abbreviation::Joiner) => false,
        Some(Abbreviation::Time) => !is_short_opening(&text[tokens[first].start..tokens[i].end]),
        // "Acme Inc. (“Acme”)": a bracket after an abbreviation goes on with the sentence
        Some(Abbreviation::General | Abbreviation::Month | Abbreviation::Numbered) => {
            !next.starts_with('(')
        }
        None if is_initial_or_acronym(core) => starter,
        None => true,
    }
}

/// The cut inside "word . . . Next": after the word when it had its own period and three
/// dots follow ("compounds. . . . The" — the ellipsis opens the next sentence), after the
/// dots when there are four in all ("period . . . . Next"), else none.
fn ellipsis_cut(text: &str, tokens: &[Token], i: usize, last_dot: usize) -> Option<usize> {
    let next = tokens.get(last_dot + 1).map(|&t| word(text, t))?;
    if Case::of(next) != Case::Upper {
        return None;
    }
    let own = split_terminal(word(text, tokens[i])).1.matches('.').count();
    let spaced: usize = tokens[i + 1..=last_dot]
        .iter()
        .map(|&t| dot_count(word(text, t)))
        .sum();
    if own >= 1 && spaced == 3 {
        Some(i)
    } else if own + spaced >= 4 {
        Some(last_dot)
    } else {
        None
    }
}

/// How an abbreviation behaves at the end of a would-be sentence (`voices/abbreviations.txt`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Abbreviation {
    /// Comes before a name or number: never ends a sentence ("Mr.", "St.").
    Title,
    /// Only ever inside a sentence ("vs.", "e.g.").
    Joiner,
    /// "a.m.", "p.m.": ends a sentence before a capitalised word, unless it closes a short
    /// opening phrase ("At 5 a.m. Mr. Smith went").
    Time,
    /// A month: ends a sentence before a capitalised word, never before a day number.
    Month,
    /// Anything else: ends a sentence before a capitalised word ("Co. It closed").
    General,
    /// Like `General`, but only read out in full before a number ("No. 5", "p. 55").
    Numbered,
}

/// One row of the abbreviation table.
#[derive(Debug, Clone)]
pub(crate) struct AbbreviationEntry {
    /// As written in the table, without the final period ("Dr", "e.g").
    pub written: String,
    pub kind: Abbreviation,
    /// What a newsreader says, None to keep the written form.
    pub spoken: Option<String>,
}

const ABBREVIATIONS: &str = include_str!("../../voices/abbreviations.txt");
const SENTENCE_STARTERS: &str = include_str!("../../voices/sentence-starters.txt");

/// The abbreviation table, keyed by the lower-cased abbreviation without its final period.
pub(crate) fn abbreviations() -> &'static HashMap<String, AbbreviationEntry> {
    static TABLE: OnceLock<HashMap<String, AbbreviationEntry>> = OnceLock::new();
    TABLE.get_or_init(|| {
        data_lines(ABBREVIATIONS)
            .filter_map(|line| {
                let mut fields = line.split_whitespace();
                let written = fields.next()?.to_owned();
                let kind = match fields.next()? {
                    "title" => Abbreviation::Title,
                    "joiner" => Abbreviation::Joiner,
                    "time" => Abbreviation::Time,
                    "month" => Abbreviation::Month,
                    "number" => Abbreviation::Numbered,
                    _ => Abbreviation::General,
                };
                let spoken = fields.collect::<Vec<_>>().join(" ");
                let spoken = (!spoken.is_empty() && spoken != "-").then_some(spoken);
                let entry = AbbreviationEntry {
                    written: written.clone(),
                    kind,
                    spoken,
                };
                Some((written.to_lowercase(), entry))
            })
            .collect()
    })
}

/// The non-empty, non-comment lines of a data file.
pub(crate) fn data_lines(data: &str) -> impl Iterator<Item = &str> {
    data.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

fn abbreviation(core: &str) -> Option<Abbreviation> {
    abbreviations()
        .get(&core.to_lowercase())
        .map(|entry| entry.kind)
}

fn is_sentence_starter(token: &str) -> bool {
    static STARTERS: OnceLock<Vec<&'static str>> = OnceLock::new();
    let word = token.trim_start_matches(is_opener);
    let word = word
        .split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
        .next()
        .unwrap_or(word);
    STARTERS
        .get_or_init(|| data_lines(SENTENCE_STARTERS).collect())
        .contains(&word)
}

/// Sentence-ending punctuation, in any script.
fn is_terminal(c: char) -> bool {
    matches!(
        c,
        '.' | '!'
            | '?'
            | '…'
            | '‼'
            | '⁇'
            | '⁈'
            | '⁉'
            | '。'
            | '．'
            | '！'
            | '？'
            | '｡'
            | '।'
            | '॥'
            | '؟'
            | '۔'
            | '።'
            | '፧'
    )
}

fn is_closer(c: char) -> bool {
    matches!(c, ')' | ']' | '}' | '"' | '\'' | '”' | '’' | '»' | '›')
}

fn is_opener(c: char) -> bool {
    matches!(
        c,
        '(' | '[' | '{' | '"' | '\'' | '“' | '‘' | '«' | '‹' | '¿' | '¡'
    )
}

fn is_bullet_char(c: char) -> bool {
    matches!(
        c,
        '•' | '‣' | '⁃' | '◦' | '▪' | '▫' | '●' | '■' | '□' | '➢' | '►' | '∙'
    )
}

/// A bullet, alone or stuck to its item ("•", "⁃9.").
fn is_bullet(token: &str) -> bool {
    token.starts_with(is_bullet_char)
}

/// `(core, terminal)`: the token without closing quotes/brackets or footnote marks and its
/// run of final terminal punctuation, and that run ("great.'" → ("great", "."),
/// "martyr.[1][2]" → ("martyr", ".")).
fn split_terminal(token: &str) -> (&str, &str) {
    let mut body = token;
    loop {
        let footnote = body
            .strip_suffix(']')
            .and_then(|inner| inner.rsplit_once('['));
        match footnote {
            Some((before, mark))
                if !mark.is_empty() && mark.bytes().all(|b| b.is_ascii_digit()) =>
            {
                body = before;
            }
            _ => break,
        }
    }
    let body = body.trim_end_matches(is_closer);
    let core = body.trim_end_matches(is_terminal);
    (core.trim_start_matches(is_opener), &body[core.len()..])
}

fn ends_terminal(token: &str) -> bool {
    !split_terminal(token).1.is_empty()
}

/// Only dots (a piece of a spaced ellipsis: ".", "...", "…", ".”").
fn is_dots(token: &str) -> bool {
    let core = token.trim_matches(|c| is_closer(c) || is_opener(c));
    !core.is_empty() && core.chars().all(|c| c == '.' || c == '…')
}

fn dot_count(token: &str) -> usize {
    token.matches('.').count() + 3 * token.matches('…').count()
}

/// Single letters and dotted acronyms: "E", "U.S.A", "i.v".
fn is_initial_or_acronym(core: &str) -> bool {
    core.split('.').all(|part| {
        let mut chars = part.chars();
        matches!((chars.next(), chars.next()), (Some(c), None) if c.is_alphabetic())
    })
}

/// How the next token begins, after any opening quote or bracket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Case {
    Upper,
    Lower,
    Digit,
    Other,
}

impl Case {
    fn of(token: &str) -> Case {
        match token.trim_start_matches(is_opener).chars().next() {
            Some(c) if c.is_lowercase() => Case::Lower,
            Some(c) if c.is_uppercase() => Case::Upper,
            Some(c) if c.is_numeric() => Case::Digit,
            _ => Case::Other,
        }
    }
}

fn first_letter_is_upper(token: &str) -> bool {
    Case::of(token) == Case::Upper
}

/// "At 5 a.m." — a few words opened by a preposition, which a time does not end.
fn is_short_opening(sentence: &str) -> bool {
    const OPENERS: [&str; 10] = [
        "at", "by", "before", "after", "until", "from", "since", "around", "about", "on",
    ];
    let mut words = sentence.split_whitespace();
    let first = words.next().unwrap_or("");
    first.len() <= 8 && OPENERS.contains(&first.to_lowercase().as_str()) && words.nth(3).is_none()
}

/// Byte offsets inside a token where a sentence ends with no space after it:
/// "World.My" (two lower-case letters or a digit, a period, a capitalised word) or
/// "period．Does".
/// Addresses (e-mail, URLs) are never cut.
fn missing_space_cuts(token: &str) -> Vec<usize> {
    if token.contains('@') || token.contains("://") || token.to_lowercase().starts_with("www.") {
        return Vec::new();
    }
    let chars: Vec<(usize, char)> = token.char_indices().collect();
    let mut cuts = Vec::new();
    for k in 2..chars.len().saturating_sub(1) {
        let c = chars[k].1;
        let next = chars[k + 1].1;
        let cut = match c {
            '.' | '!' | '?' => {
                (chars[k - 1].1.is_lowercase() && chars[k - 2].1.is_lowercase()
                    || chars[k - 1].1.is_ascii_digit() && c == '.')
                    && next.is_uppercase()
                    && chars.get(k + 2).is_some_and(|&(_, c)| c.is_lowercase())
            }
            '．' | '！' | '？' | '。' => !is_closer(next) && !is_terminal(next),
            _ => false,
        };
        if cut {
            cuts.push(chars[k + 1].0);
        }
    }
    cuts
}

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
        if body.bytes().all(|b| b.is_ascii_digit()) && body.len() <= 3 {
            if let Ok(n) = body.parse() {
                readings.push(Marker::Number(n));
            }
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
struct Lists {
    last: Option<Marker>,
}

impl Lists {
    /// Note the first token of a sentence, which may open or continue a list.
    fn note_first(&mut self, token: &str) {
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
    fn continues(&self, token: &str) -> bool {
        Marker::parse(token).into_iter().any(|m| self.follows(m))
    }

    fn is_marker(&self, token: &str) -> bool {
        !Marker::parse(token).is_empty()
    }
}

/// A marker that can open a list: "1.", "a)", "(i)".
fn opens_list(token: &str) -> bool {
    Marker::parse(token).iter().any(|m| m.value() == 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, want: &[&str]) {
        assert_eq!(split(text), want, "splitting {text:?}");
    }

    #[test]
    fn plain_terminators_split() {
        check("It rained. We stayed in!", &["It rained.", "We stayed in!"]);
        check("Really?! Yes.", &["Really?!", "Yes."]);
        check("  ", &[]);
    }

    #[test]
    fn titles_months_and_numbers_stay_inside() {
        check(
            "Gov. Newsom spoke on Dec. 3 at No. 10 Downing St. in London.",
            &["Gov. Newsom spoke on Dec. 3 at No. 10 Downing St. in London."],
        );
        check("Prices rose 2.5 percent.", &["Prices rose 2.5 percent."]);
    }

    #[test]
    fn company_abbreviations_end_a_sentence_only_before_a_capital() {
        check(
            "He sued Acme Inc. last week. He sued Acme Inc. It settled.",
            &[
                "He sued Acme Inc. last week.",
                "He sued Acme Inc.",
                "It settled.",
            ],
        );
    }

    #[test]
    fn times_split_before_a_capital_unless_in_an_opening_phrase() {
        check(
            "The vote closes at 5 p.m. The count follows.",
            &["The vote closes at 5 p.m.", "The count follows."],
        );
        check(
            "It opens at 9 a.m. on Friday.",
            &["It opens at 9 a.m. on Friday."],
        );
        check(
            "By 7 p.m. Ms. Lee had left.",
            &["By 7 p.m. Ms. Lee had left."],
        );
    }

    #[test]
    fn initials_and_acronyms_split_only_before_a_sentence_starter() {
        check(
            "J. R. R. Tolkien wrote it.",
            &["J. R. R. Tolkien wrote it."],
        );
        check(
            "U.S. officials met in the U.K. They agreed.",
            &["U.S. officials met in the U.K.", "They agreed."],
        );
    }

    #[test]
    fn quotes_and_brackets_after_the_period_belong_to_the_sentence() {
        check(
            "He said, \u{201c}No.\u{201d} Then he left. (It was late.) Fine.",
            &[
                "He said, \u{201c}No.\u{201d}",
                "Then he left.",
                "(It was late.)",
                "Fine.",
            ],
        );
        check("\"Stop!\" she said.", &["\"Stop!\" she said."]);
    }

    #[test]
    fn ellipses_split_only_before_a_capital_with_four_dots() {
        check(
            "Wait... what? Go . . . . Now.",
            &["Wait... what?", "Go . . . .", "Now."],
        );
        // a period, then an ellipsis that opens the next sentence
        check("Go. . . . Now.", &["Go.", ". . . Now."]);
        check("So . . . I think.", &["So . . . I think."]);
    }

    #[test]
    fn numbered_and_lettered_lists_split_between_items() {
        check(
            "1. Eggs 2. Milk 3. Bread",
            &["1. Eggs", "2. Milk", "3. Bread"],
        );
        check("(a) one (b) two", &["(a) one", "(b) two"]);
        check(
            "Read section 2. Then rest.",
            &["Read section 2.", "Then rest."],
        );
    }

    #[test]
    fn missing_spaces_and_line_breaks() {
        check("It ended.Then it began.", &["It ended.", "Then it began."]);
        check(
            "It cost 1,000.That hurt.",
            &["It cost 1,000.", "That hurt."],
        );
        check(
            "Mail jo.Smith@example.com now.",
            &["Mail jo.Smith@example.com now."],
        );
        check(
            "a long\nsentence.\n\nNext one",
            &["a long\nsentence.", "Next one"],
        );
        check("句子一。句子二。", &["句子一。", "句子二。"]);
    }

    #[test]
    fn odd_input_neither_panics_nor_slows_down() {
        let long = "word ".repeat(200_000);
        assert_eq!(split(&long).len(), 1);
        let dots = ". ".repeat(100_000);
        assert_eq!(split(&dots).len(), 1);
        let times = format!("At {}", "5 a.m. A.m. ".repeat(50_000));
        assert!(!split(&times).is_empty());
        check("🙂. مرحبا. ¿Qué?", &["🙂.", "مرحبا.", "¿Qué?"]);
        check("x.)", &["x.)"]);
    }

    #[test]
    fn seed_article_keeps_dates_and_decimals_inside_sentences() {
        let article = include_str!("../../samples/kyiv-independent-2024-11-27.txt");
        let sentences = split(article);
        assert!(sentences
            .iter()
            .any(|s| s.contains("in Seoul on Nov. 27 to discuss")));
        assert!(sentences
            .iter()
            .any(|s| s.starts_with("The country fields not only 155 mm")
                && s.contains("3.4 million")));
        assert!(sentences.contains(&"Reuters later deleted the information from its reporting."));
    }
}
