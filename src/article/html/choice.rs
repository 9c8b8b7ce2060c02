//! Stage 1c helper: two candidate bodies of one page in, the one to keep out.
//!
//! trafilatura and Readability (`dom_smoothie`) fail in opposite ways: trafilatura sometimes
//! keeps a whole column (headline lists, teasers, the page flattened to one paragraph) around
//! the article, Readability sometimes keeps only a fragment such as a pull quote. Comparing
//! the two bodies word-shingle by word-shingle tells the cases apart.

use super::{word_count, Block};
use std::collections::HashSet;
use std::hash::{DefaultHasher, Hash, Hasher};

/// Words per shingle, as in the extraction benchmark's metric.
const SHINGLE: usize = 4;
/// Readability's body replaces a larger trafilatura body only when this share of its shingles
/// is also in trafilatura's: then both found the same article and trafilatura added padding.
const CONTAINED: f64 = 0.85;

/// Which body to keep: `primary` (trafilatura) unless `fallback` (Readability) is clearly
/// better, i.e. primary is a fragment of under half its words, or fallback is the same
/// article as primary without the half or more that primary added around it.
pub fn choose(primary: Vec<Block>, fallback: Option<Vec<Block>>) -> Vec<Block> {
    let Some(fallback) = fallback else {
        return primary;
    };
    let (ours, theirs) = (word_count(&primary), word_count(&fallback));
    if theirs > 2 * ours {
        return fallback;
    }
    if theirs > 0 && 2 * theirs <= ours && containment(&fallback, &primary) >= CONTAINED {
        return fallback;
    }
    primary
}

/// The share of `inner`'s word shingles that also occur in `outer`.
fn containment(inner: &[Block], outer: &[Block]) -> f64 {
    let outer: HashSet<u64> = shingles(outer).collect();
    let (mut found, mut total) = (0usize, 0usize);
    for shingle in shingles(inner) {
        total += 1;
        found += usize::from(outer.contains(&shingle));
    }
    if total == 0 {
        return 0.0;
    }
    found as f64 / total as f64
}

/// Hashes of every run of [`SHINGLE`] consecutive lower-cased words of the blocks, read as
/// one text (block breaks are not word breaks that matter here).
fn shingles(blocks: &[Block]) -> impl Iterator<Item = u64> + '_ {
    let words: Vec<String> = blocks
        .iter()
        .flat_map(|b| b.text.split(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let windows = words.len().saturating_sub(SHINGLE - 1).max(1);
    (0..windows.min(words.len())).map(move |i| {
        let mut hasher = DefaultHasher::new();
        words[i..(i + SHINGLE).min(words.len())].hash(&mut hasher);
        hasher.finish()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::paragraphs as blocks;

    const ARTICLE: &str = "The council voted on Tuesday to close the old bridge to cars from March, after engineers found cracks in two of its piers.";
    const TEASERS: [&str; 3] = [
        "Minister resigns after a row over the budget for schools and hospitals in the north",
        "Storm warning issued for the coast as winds reach ninety miles an hour overnight",
        "Local team wins the cup final for the first time in thirty years at home",
    ];

    #[test]
    fn readability_wins_when_trafilatura_padded_the_same_article() {
        let padded = blocks(&[&[ARTICLE], &TEASERS[..]].concat());
        let core = blocks(&[ARTICLE]);
        assert_eq!(choose(padded, Some(core.clone())), core);
    }

    #[test]
    fn trafilatura_wins_when_readability_found_something_else() {
        let padded = blocks(&[&[ARTICLE], &TEASERS[..]].concat());
        let other = blocks(&["A different short text about the weather in the hills this week."]);
        assert_eq!(choose(padded.clone(), Some(other)), padded);
    }

    #[test]
    fn readability_wins_when_trafilatura_kept_a_fragment() {
        let fragment = blocks(&["The council voted on Tuesday."]);
        let whole = blocks(&[ARTICLE, TEASERS[0]]);
        assert_eq!(choose(fragment, Some(whole.clone())), whole);
    }

    #[test]
    fn similar_bodies_keep_trafilatura() {
        let ours = blocks(&[ARTICLE, TEASERS[0]]);
        let theirs = blocks(&[ARTICLE]);
        assert_eq!(choose(ours.clone(), Some(theirs)), ours);
    }
}
