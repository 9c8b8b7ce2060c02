//! Stage 2b, source spans: which bytes of the written text each spoken word came from,
//! for subtitles and error messages.
//!
//! Every pass rewrites through [`super::rewrite`], which reports its edits here while a
//! recording is open. Replaying the edits on a per-byte map from the current text back to
//! the written text follows each byte through all passes: a replaced chunk maps to the
//! whole written span its match covered, unchanged bytes to themselves.

use std::cell::{Cell, RefCell};
use std::ops::Range;

/// Spoken text with, for each spoken word, where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spoken {
    /// The spoken form, as [`super::normalize`] returns it.
    pub text: String,
    pub words: Vec<SpokenWord>,
}

/// One whitespace-separated word of [`Spoken::text`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpokenWord {
    /// Byte range of the word in the spoken text.
    pub spoken: Range<usize>,
    /// Byte range in the written text it was read from.
    pub source: Range<usize>,
}

impl Spoken {
    /// The spoken words with the written text each came from.
    pub fn pairs<'a>(&'a self, written: &'a str) -> impl Iterator<Item = (&'a str, &'a str)> {
        self.words.iter().map(move |w| {
            (
                &self.text[w.spoken.clone()],
                written.get(w.source.clone()).unwrap_or(""),
            )
        })
    }
}

/// One replacement in one pass: `old` (bytes of the text the pass read) became `new_len`
/// bytes, of which the first `prefix` and last `suffix` were copied unchanged.
#[derive(Debug, Clone)]
pub(super) struct Edit {
    old: Range<usize>,
    new_len: usize,
    prefix: usize,
    suffix: usize,
}

impl Edit {
    pub(super) fn new(old: Range<usize>, old_text: &str, new_text: &str) -> Edit {
        let (a, b) = (old_text.as_bytes(), new_text.as_bytes());
        let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
        let room = a.len().min(b.len()) - prefix;
        let suffix = a
            .iter()
            .rev()
            .zip(b.iter().rev())
            .take(room)
            .take_while(|(x, y)| x == y)
            .count();
        Edit {
            old,
            new_len: b.len(),
            prefix,
            suffix,
        }
    }
}

thread_local! {
    /// The edits of each pass, in order, while a recording is open.
    static PASSES: RefCell<Option<Vec<Vec<Edit>>>> = const { RefCell::new(None) };
    /// How many rewrites are running: one inside another works on a fragment, not the line.
    static DEPTH: Cell<usize> = const { Cell::new(0) };
}

/// Run `f` with edits recorded; returns its result and the edits of each pass.
pub(super) fn record<T>(f: impl FnOnce() -> T) -> (T, Vec<Vec<Edit>>) {
    let outer = PASSES.with(|p| p.replace(Some(Vec::new())));
    let value = f();
    let passes = PASSES.with(|p| p.replace(outer)).unwrap_or_default();
    (value, passes)
}

/// Whether a rewrite starting now works on the whole line and a recording is open.
pub(super) fn enter() -> bool {
    let depth = DEPTH.with(|d| d.replace(d.get() + 1));
    depth == 0 && PASSES.with(|p| p.borrow().is_some())
}

/// End a rewrite, keeping its edits when it was recorded.
pub(super) fn leave(edits: Option<Vec<Edit>>) {
    DEPTH.with(|d| d.set(d.get().saturating_sub(1)));
    if let Some(edits) = edits.filter(|e| !e.is_empty()) {
        PASSES.with(|p| {
            if let Some(passes) = p.borrow_mut().as_mut() {
                passes.push(edits);
            }
        });
    }
}

/// For each byte of the final text, the written span it came from.
pub(super) fn replay(written_len: usize, passes: &[Vec<Edit>]) -> Vec<Range<usize>> {
    let mut origins: Vec<Range<usize>> = (0..written_len).map(|i| i..i + 1).collect();
    for edits in passes {
        let mut next = Vec::with_capacity(origins.len());
        let mut at = 0;
        for edit in edits {
            let old = edit.old.start.min(origins.len())..edit.old.end.min(origins.len());
            next.extend_from_slice(&origins[at.min(old.start)..old.start]);
            let whole = union(&origins[old.clone()])
                .or_else(|| origins.get(old.start).map(|r| r.start..r.start))
                .unwrap_or(written_len..written_len);
            let middle = edit.new_len - edit.prefix - edit.suffix;
            next.extend_from_slice(&origins[old.start..old.start + edit.prefix]);
            next.extend(std::iter::repeat_n(whole, middle));
            next.extend_from_slice(&origins[old.end - edit.suffix..old.end]);
            at = old.end;
        }
        next.extend_from_slice(&origins[at.min(origins.len())..]);
        origins = next;
    }
    origins
}

/// The smallest range covering all of `ranges`.
pub(super) fn union(ranges: &[Range<usize>]) -> Option<Range<usize>> {
    let start = ranges.iter().map(|r| r.start).min()?;
    let end = ranges.iter().map(|r| r.end).max()?;
    Some(start..end)
}
