//! Stage 1b: scraped plain text (copied from a web page) in, [`Article`] out.
//!
//! Each line is classified ([`super::junk`]); the article body is the longest run of prose
//! paragraphs, cut where a teaser, a section label or a run of page furniture begins. The
//! headline and byline are found by walking back from the start of the body.

use super::dates::{find_date, parse_byline};
use super::junk::{LineKind, classify, ends_sentence, is_truncated};
use super::phrases::is_staff_role;
use super::{Article, Block, BlockKind, CleanError};

/// A run of consecutive non-body lines longer than this ends the body.
const MAX_GAP: usize = 3;
/// How many lines before the body are searched for the headline and byline.
const HEADER_WINDOW: usize = 12;

/// One whitespace-collapsed, non-empty line with its classification.
#[derive(Debug)]
struct Line {
    text: String,
    kind: LineKind,
}

/// Clean scraped text into an article.
pub fn clean(text: &str) -> Result<Article, CleanError> {
    let lines = split_lines(text);
    let body = longest_body(&lines).ok_or(CleanError::NoArticle)?;
    let first = body.first().map_or(0, |(i, _)| *i);
    let (title_at, byline) = find_header(&lines, first);
    let published = find_published(&lines, title_at.unwrap_or(first), first, &body);
    let blocks = body
        .into_iter()
        .map(|(i, kind)| Block {
            kind,
            text: lines[i].text.clone(),
        })
        .collect();
    Ok(Article {
        title: title_at.map(|i| lines[i].text.clone()),
        byline,
        published,
        blocks,
    })
}

/// Split into collapsed lines; a line that continues with a lowercase word is rejoined
/// (hard-wrapped paragraphs), and teaser headlines with their `…` summaries become stops.
fn split_lines(text: &str) -> Vec<Line> {
    let mut raw: Vec<String> = Vec::new();
    let mut after_blank = true;
    for line in text.lines() {
        let collapsed = line.split_whitespace().collect::<Vec<_>>().join(" ");
        if collapsed.is_empty() {
            after_blank = true;
            continue;
        }
        let continues = collapsed.starts_with(|c: char| c.is_lowercase());
        match raw.last_mut() {
            Some(prev) if !after_blank && continues && prev.len() >= 40 && !ends_sentence(prev) => {
                prev.push(' ');
                prev.push_str(&collapsed);
            }
            _ => raw.push(collapsed),
        }
        after_blank = false;
    }
    let mut lines: Vec<Line> = raw
        .into_iter()
        .map(|text| Line {
            kind: classify(&text),
            text,
        })
        .collect();
    for i in 0..lines.len() {
        if lines[i].kind == LineKind::Prose && is_truncated(&lines[i].text) {
            lines[i].kind = LineKind::Stop;
            if i > 0 && lines[i - 1].kind == LineKind::Short {
                lines[i - 1].kind = LineKind::Stop;
            }
        }
    }
    lines
}

/// The body with the most prose words: line indexes and block kinds.
fn longest_body(lines: &[Line]) -> Option<Vec<(usize, BlockKind)>> {
    let mut best: Option<(usize, Vec<(usize, BlockKind)>)> = None;
    let mut run: Vec<(usize, BlockKind)> = Vec::new();
    let mut words = 0;
    let mut pending: Option<usize> = None;
    let mut gap = 0;
    let mut finish = |run: &mut Vec<(usize, BlockKind)>, words: &mut usize| {
        if !run.is_empty() && best.as_ref().is_none_or(|(w, _)| *words > *w) {
            best = Some((*words, std::mem::take(run)));
        }
        run.clear();
        *words = 0;
    };
    for (i, line) in lines.iter().enumerate() {
        match line.kind {
            LineKind::Prose => {
                if let Some(h) = pending.take()
                    && !run.is_empty()
                    && gap == 1
                {
                    run.push((h, BlockKind::Heading));
                }
                run.push((i, BlockKind::Paragraph));
                words += line.text.split_whitespace().count();
                gap = 0;
            }
            LineKind::Caption => {}
            LineKind::Short => {
                pending = is_heading(&line.text).then_some(i);
                gap += 1;
            }
            LineKind::Junk | LineKind::Promo => {
                pending = None;
                gap += 1;
            }
            LineKind::Stop | LineKind::Byline => {
                pending = None;
                gap = MAX_GAP;
            }
        }
        if gap >= MAX_GAP {
            finish(&mut run, &mut words);
            gap = 0;
        }
    }
    finish(&mut run, &mut words);
    best.map(|(_, run)| run)
}

/// A short line that can head a section: capitalised, a few words, no sentence punctuation.
fn is_heading(text: &str) -> bool {
    let words = text.split_whitespace().count();
    let capital = text.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit());
    let shouting = text
        .chars()
        .filter(|c| c.is_alphabetic())
        .all(char::is_uppercase);
    let question = text.ends_with('?') && words <= 10;
    capital
        && !shouting
        && (1..=14).contains(&words)
        && text.len() <= 100
        && (question || !text.ends_with(['.', ',', ';', ':', '!', '?', '…']))
}

/// A line that can be a headline.
fn is_headline(line: &Line) -> bool {
    let words = line.text.split_whitespace().count();
    matches!(line.kind, LineKind::Short | LineKind::Prose)
        && (3..=30).contains(&words)
        && line.text.len() <= 250
        && !line.text.ends_with('.')
        && line
            .text
            .starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit() || "\"“‘'".contains(c))
}

/// Walk back from the body: the byline (if any) and the headline above it.
fn find_header(lines: &[Line], body_start: usize) -> (Option<usize>, Option<String>) {
    let window = body_start.saturating_sub(HEADER_WINDOW)..body_start;
    let byline_at = window
        .clone()
        .rev()
        .find(|&i| lines[i].kind == LineKind::Byline);
    // A staff line ("Europe digital editor") under a bare name: the name is the byline.
    let named_role = (byline_at.is_none())
        .then(|| {
            window
                .clone()
                .rev()
                .find(|&i| is_staff_role(&lines[i].text))
        })
        .flatten()
        .filter(|&i| i > window.start && is_name(&lines[i - 1].text))
        .map(|i| i - 1);
    let before = byline_at.or(named_role).unwrap_or(body_start);
    let title_at = (window.start..before)
        .rev()
        .take_while(|&i| lines[i].kind != LineKind::Stop)
        .find(|&i| is_headline(&lines[i]) && !is_staff_role(&lines[i].text));
    let byline = match (byline_at, named_role) {
        (Some(i), _) => parse_byline(&lines[i].text),
        (None, Some(i)) => Some(lines[i].text.clone()),
        (None, None) => None,
    };
    (title_at, byline)
}

/// A person's name alone on a line: two to four capitalised words.
fn is_name(text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    (2..=4).contains(&words.len())
        && words.iter().all(|w| {
            w.starts_with(char::is_uppercase)
                && w.chars().all(|c| c.is_alphabetic() || "-'’.".contains(c))
        })
}

/// The publication date: from the header lines, else from the first paragraph's dateline.
fn find_published(
    lines: &[Line],
    header_start: usize,
    body_start: usize,
    body: &[(usize, BlockKind)],
) -> Option<String> {
    let header = header_start.saturating_sub(2)..body_start;
    header
        .filter(|&i| lines[i].kind != LineKind::Caption)
        .find_map(|i| find_date(&lines[i].text).map(|(d, _)| d))
        .or_else(|| {
            let (i, _) = body.first()?;
            let opening: String = lines[*i].text.chars().take(60).collect();
            find_date(&opening).map(|(d, _)| d)
        })
}

#[cfg(test)]
mod tests;
