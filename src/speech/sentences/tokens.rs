//! Stage 2a, tokens: the text cut into runs of non-space characters, and what a token's
//! punctuation says (terminators, closers, openers, bullets).

use unicode_segmentation::UnicodeSegmentation;

/// A run of non-space characters: `text[start..end]`, with the number of line breaks in
/// the white space before it.
#[derive(Debug, Clone, Copy)]
pub(super) struct Token {
    pub start: usize,
    pub end: usize,
    pub breaks_before: usize,
}

pub(super) fn word(text: &str, token: Token) -> &str {
    &text[token.start..token.end]
}

/// Whitespace-separated tokens, further cut where a sentence plainly ends with no space
/// ("World.My", "period．Does", and any UAX #29 bound after a non-Latin terminator).
pub(super) fn tokenize(text: &str) -> Vec<Token> {
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
pub(super) fn push_token(
    text: &str,
    tokens: &mut Vec<Token>,
    start: usize,
    end: usize,
    breaks: usize,
) {
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

/// Sentence-ending punctuation, in any script.
pub(super) fn is_terminal(c: char) -> bool {
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

pub(super) fn is_closer(c: char) -> bool {
    matches!(c, ')' | ']' | '}' | '"' | '\'' | '”' | '’' | '»' | '›')
}

pub(super) fn is_opener(c: char) -> bool {
    matches!(
        c,
        '(' | '[' | '{' | '"' | '\'' | '“' | '‘' | '«' | '‹' | '¿' | '¡'
    )
}

pub(super) fn is_bullet_char(c: char) -> bool {
    matches!(
        c,
        '•' | '‣' | '⁃' | '◦' | '▪' | '▫' | '●' | '■' | '□' | '➢' | '►' | '∙'
    )
}

/// A bullet, alone or stuck to its item ("•", "⁃9.").
pub(super) fn is_bullet(token: &str) -> bool {
    token.starts_with(is_bullet_char)
}

/// `(core, terminal)`: the token without closing quotes/brackets or footnote marks and its
/// run of final terminal punctuation, and that run ("great.'" → ("great", "."),
/// "martyr.[1][2]" → ("martyr", ".")).
pub(super) fn split_terminal(token: &str) -> (&str, &str) {
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

pub(super) fn ends_terminal(token: &str) -> bool {
    !split_terminal(token).1.is_empty()
}

/// Only dots (a piece of a spaced ellipsis: ".", "...", "…", ".”").
pub(super) fn is_dots(token: &str) -> bool {
    let core = token.trim_matches(|c| is_closer(c) || is_opener(c));
    !core.is_empty() && core.chars().all(|c| c == '.' || c == '…')
}

pub(super) fn dot_count(token: &str) -> usize {
    token.matches('.').count() + 3 * token.matches('…').count()
}

/// Single letters and dotted acronyms: "E", "U.S.A", "i.v".
pub(super) fn is_initial_or_acronym(core: &str) -> bool {
    core.split('.').all(|part| {
        let mut chars = part.chars();
        matches!((chars.next(), chars.next()), (Some(c), None) if c.is_alphabetic())
    })
}

/// Byte offsets inside a token where a sentence ends with no space after it:
/// "World.My" (two lower-case letters or a digit, a period, a capitalised word) or
/// "period．Does".
/// Addresses (e-mail, URLs) are never cut.
pub(super) fn missing_space_cuts(token: &str) -> Vec<usize> {
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
