//! Stage 1, before the plain-text cleaner: plain text in, the same text with hard-wrapped
//! paragraphs joined out (one paragraph per line).
//!
//! A text is hard-wrapped when most lines that another line follows fill the same width
//! (at most [`MAX_WRAP`] characters, as e-mail, Project Gutenberg and pasted terminal text
//! are). Then a line break inside a paragraph is not a block boundary: a paragraph ends at
//! a blank line, or at a line that ends a sentence well short of the width; list items
//! keep their own lines. Paragraphs come out separated by blank lines.

use std::borrow::Cow;

/// The longest line of a hard-wrapped text.
const MAX_WRAP: usize = 100;
/// A wrapped line fills at least this share of the width.
const FULL_LINE: f32 = 0.6;

/// The text with each hard-wrapped paragraph on one line; unchanged when it is not
/// hard-wrapped.
pub fn join_hard_wraps(text: &str) -> Cow<'_, str> {
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    let Some(width) = wrap_width(&lines) else {
        return Cow::Borrowed(text);
    };
    let full = (width as f32 * FULL_LINE) as usize;
    let mut out = String::with_capacity(text.len());
    let mut open = false;
    for line in lines {
        if line.is_empty() {
            if open {
                out.push_str("\n\n");
                open = false;
            }
            continue;
        }
        if open && !starts_item(line) {
            out.push(' ');
        } else if open {
            out.push('\n');
        }
        out.push_str(line);
        open = !(line.chars().count() < full && ends_paragraph(line));
        if !open {
            out.push_str("\n\n");
        }
    }
    Cow::Owned(out)
}

/// The wrap width, when at least three lines are followed by another line in the same
/// paragraph and four in five of those fill 60–100 % of the longest line.
fn wrap_width(lines: &[&str]) -> Option<usize> {
    let width = lines.iter().map(|l| l.chars().count()).max()?;
    if !(30..=MAX_WRAP).contains(&width) {
        return None;
    }
    let inner: Vec<usize> = lines
        .windows(2)
        .filter(|w| !w[0].is_empty() && !w[1].is_empty())
        .map(|w| w[0].chars().count())
        .collect();
    let full = inner
        .iter()
        .filter(|&&n| n as f32 >= width as f32 * FULL_LINE)
        .count();
    (inner.len() >= 3 && full * 5 >= inner.len() * 4).then_some(width)
}

/// A line that ends a sentence (or a quotation that does).
fn ends_paragraph(line: &str) -> bool {
    line.trim_end_matches(['"', '\'', '”', '’', ')'])
        .ends_with(['.', '!', '?', ':', '…'])
}

/// A list item starts its own line.
fn starts_item(line: &str) -> bool {
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    line.starts_with(['-', '*', '•']) && line[1..].starts_with(' ')
        || (1..=3).contains(&digits) && line[digits..].starts_with(". ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wrapped(paragraphs: usize) -> String {
        let sentence = "The harbour authority said on Monday that ferries would run \
            every hour again from next week, after the strike ended.";
        let mut text = String::new();
        for p in 0..paragraphs {
            let para = format!("Paragraph {p} begins here. {sentence} {sentence}");
            let mut line = String::new();
            for word in para.split(' ') {
                if line.len() + word.len() + 1 > 72 {
                    text.push_str(&line);
                    text.push('\n');
                    line.clear();
                }
                if !line.is_empty() {
                    line.push(' ');
                }
                line.push_str(word);
            }
            text.push_str(&line);
            text.push_str("\n\n");
        }
        text
    }

    #[test]
    fn hard_wrapped_paragraphs_become_one_line_each() {
        let text = wrapped(50);
        let joined = join_hard_wraps(&text);
        let lines: Vec<&str> = joined.lines().filter(|l| !l.is_empty()).collect();
        assert_eq!(lines.len(), 50, "{joined}");
        assert!(lines.iter().all(|l| l.starts_with("Paragraph ")));
        assert!(lines.iter().all(|l| l.ends_with("strike ended.")));
    }

    #[test]
    fn a_short_line_ending_a_sentence_ends_a_paragraph_without_blank_lines() {
        let text = "The harbour authority said on Monday that ferries would run every\n\
            hour again from next week, after the strike ended in the morning.\n\
            Talks went on.\n\
            Paragraph two begins here and it runs to the full width of the line\n\
            as wrapped text does, with one more line after it to finish.\n\
            Done.\n";
        let joined = join_hard_wraps(text);
        let paragraphs: Vec<&str> = joined.lines().filter(|l| !l.is_empty()).collect();
        assert_eq!(paragraphs.len(), 2, "{joined}");
        assert!(
            paragraphs[0].ends_with("morning. Talks went on."),
            "{joined}"
        );
        assert!(paragraphs[1].ends_with("to finish. Done."), "{joined}");
    }

    #[test]
    fn text_with_one_paragraph_per_line_is_left_alone() {
        let text = "A long paragraph that was pasted from a web page and runs well past the \
            width of any terminal, as scraped text does.\nShort line.\nAnother paragraph.\n";
        assert!(matches!(join_hard_wraps(text), Cow::Borrowed(_)));
    }
}
