//! Stage 1c helper: two candidate bodies of one page in, the one to keep out.
//!
//! trafilatura and Readability (`dom_smoothie`) fail in opposite ways: trafilatura sometimes
//! keeps a whole column (headline lists, teasers, the page flattened to one paragraph) around
//! the article, Readability sometimes keeps only a fragment such as a pull quote or one post
//! of a thread. The bodies are compared by how much of each reads as prose: blocks that end
//! like sentences, of a sentence's length, with function words, that are not the text of a
//! link. Comparing the two bodies word-shingle by word-shingle tells padding from a fragment.

use super::{Block, word_count};
use crate::article::junk::ends_sentence;
use crate::article::phrases::function_words;
use std::collections::HashSet;
use std::hash::{DefaultHasher, Hash, Hasher};

/// Words per shingle, as in the extraction benchmark's metric.
const SHINGLE: usize = 4;
/// Readability's body replaces a larger trafilatura body only when this share of its shingles
/// is also in trafilatura's: then both found the same article and trafilatura added padding.
const CONTAINED: f64 = 0.85;
/// A prose block has at least this many words.
const MIN_PROSE_WORDS: usize = 6;
/// ... and at most this many words: a longer block is a page or a column flattened into one.
const MAX_PROSE_WORDS: usize = 300;
/// ... and at most this many words per sentence on average (a page flattened into one
/// paragraph has hundreds).
const MAX_SENTENCE_WORDS: usize = 45;
/// ... and at least this share of function words (menus and name lists have none).
const MIN_FUNCTION_SHARE: f64 = 0.08;

/// The texts of a page's links, whitespace collapsed: a block that is one of them is a
/// link, not prose.
pub type Links = HashSet<String>;

/// The collapsed text of every link of the page.
pub fn link_texts(doc: &dom_query::Document) -> Links {
    doc.select("a")
        .iter()
        .map(|a| super::collapse(&a.text()))
        .filter(|t| !t.is_empty())
        .collect()
}

/// Whether a block reads as prose: long enough, sentence punctuation at its end and a
/// sentence's length between marks, function words, and not the text of a link.
pub fn is_prose(block: &Block, links: &Links) -> bool {
    let text = &block.text;
    let words = words(text);
    if !(MIN_PROSE_WORDS..=MAX_PROSE_WORDS).contains(&words)
        || !ends_sentence(text)
        || links.contains(text)
    {
        return false;
    }
    let sentences = text.split_whitespace().filter(|w| ends_sentence(w)).count()
        + text.matches(['。', '！', '？']).count();
    let unlisted = unlisted_script(text);
    words / sentences.max(1) <= MAX_SENTENCE_WORDS
        && (unlisted || function_words(text) as f64 >= MIN_FUNCTION_SHARE * words as f64)
}

/// Words of a text: those between spaces, plus one per two characters of a script written
/// without spaces (Chinese, Japanese).
fn words(text: &str) -> usize {
    let unspaced = text
        .chars()
        .filter(|&c| matches!(u32::from(c), 0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF))
        .count();
    text.split_whitespace().count() + unspaced / 2
}

/// Text in a script or language without function words in the phrase data (CJK, Cyrillic,
/// Greek…): judged by punctuation and length alone.
fn unlisted_script(text: &str) -> bool {
    text.chars()
        .filter(|c| c.is_alphabetic())
        .any(|c| !c.is_ascii() && !LATIN_EXTRA.contains(c))
}

/// Latin letters with diacritics of the languages that have phrase data.
const LATIN_EXTRA: &str =
    "äöüßàâçéèêëîïôùûüÿæœáíñóúãõąćęłńóśźżìòÀÂÇÉÈÊËÎÏÔÙÛÜŸÆŒÁÍÑÓÚÃÕĄĆĘŁŃŚŹŻÄÖÌÒ";

/// Words of the blocks that read as prose.
fn prose_words<'a>(blocks: impl IntoIterator<Item = &'a Block>, links: &Links) -> usize {
    blocks
        .into_iter()
        .filter(|b| is_prose(b, links))
        .map(|b| words(&b.text))
        .sum()
}

/// Which body to keep: `primary` (trafilatura) unless `fallback` (Readability) is clearly
/// better:
/// - primary is a fragment of under half fallback's words;
/// - fallback is the same article as primary without the half or more that primary added
///   around it, and what primary added is mostly not prose (teasers, links, menus) or
///   fewer words than fallback holds (a summary box, a teaser's blurb).
pub fn choose(primary: Vec<Block>, fallback: Option<Vec<Block>>, links: &Links) -> Vec<Block> {
    let Some(fallback) = fallback else {
        return primary;
    };
    let (ours, theirs) = (word_count(&primary), word_count(&fallback));
    if theirs > 2 * ours {
        return fallback;
    }
    if theirs > 0 && 2 * theirs <= ours && containment(&fallback, &primary) >= CONTAINED {
        let theirs_shingles: HashSet<u64> = shingles(&fallback).collect();
        let added: Vec<&Block> = primary
            .iter()
            .filter(|b| {
                let own: Vec<u64> = shingles(std::slice::from_ref(*b)).collect();
                own.iter().filter(|s| theirs_shingles.contains(s)).count() * 2 < own.len()
            })
            .collect();
        let added_words: usize = added.iter().map(|b| words(&b.text)).sum();
        // The rest of a thread or an article is prose, and more than the fragment Readability
        // kept; teasers, menus and link lists are not, nor is a summary box smaller than it.
        let more_article =
            2 * prose_words(added.iter().copied(), links) >= added_words && added_words >= theirs;
        return if more_article { primary } else { fallback };
    }
    primary
}

/// A linked headline has at least this many words: shorter link texts ("Contact", "Our
/// team", a place name) also occur as ordinary short lines of an article.
const MIN_LINKED_HEADLINE_WORDS: usize = 5;

/// Drop other articles' headlines from the body: a block after the first that is word for
/// word the text of one of the page's links, of [`MIN_LINKED_HEADLINE_WORDS`] or more, and
/// not ending like a sentence ("Ein Roadtrip entlang der Route 66 im Vulkanland"). An
/// article's own lines are rarely a link's whole text; teasers for other pages always are.
/// On trafilatura's 990-page set this removed 14 snippets that must not be read for 6 that
/// must; on the Zyte set F1 rose by 0.001.
pub fn drop_linked_headlines(blocks: &mut Vec<Block>, links: &Links) {
    let mut index = 0;
    blocks.retain(|b| {
        index += 1;
        index == 1
            || !(links.contains(&b.text)
                && !ends_sentence(&b.text)
                && b.text.split_whitespace().count() >= MIN_LINKED_HEADLINE_WORDS)
    });
}

/// A body at least this many blocks long, none of them prose, and nearly all of them
/// [`GRID_ITEM_WORDS`]-word lines or links, is a menu, portfolio or booking grid.
const MIN_GRID_BLOCKS: usize = 12;
/// Words of a grid's item ("Double room", "Our work", "March 12").
const GRID_ITEM_WORDS: usize = 4;
/// Share of a grid's blocks that are short items or links.
const GRID_SHARE: f64 = 0.8;

/// Whether a body is a menu, portfolio or booking grid rather than an article: many
/// blocks, not one of them prose, nearly all short items or links.
pub fn is_grid(blocks: &[Block], links: &Links) -> bool {
    if blocks.len() < MIN_GRID_BLOCKS || blocks.iter().any(|b| is_prose(b, links)) {
        return false;
    }
    let items = blocks
        .iter()
        .filter(|b| words(&b.text) <= GRID_ITEM_WORDS || links.contains(&b.text))
        .count();
    items as f64 >= GRID_SHARE * blocks.len() as f64
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
        assert_eq!(choose(padded, Some(core.clone()), &Links::new()), core);
    }

    #[test]
    fn trafilatura_wins_when_readability_found_something_else() {
        let padded = blocks(&[&[ARTICLE], &TEASERS[..]].concat());
        let other = blocks(&["A different short text about the weather in the hills this week."]);
        assert_eq!(choose(padded.clone(), Some(other), &Links::new()), padded);
    }

    #[test]
    fn readability_wins_when_trafilatura_kept_a_fragment() {
        let fragment = blocks(&["The council voted on Tuesday."]);
        let whole = blocks(&[ARTICLE, TEASERS[0]]);
        assert_eq!(choose(fragment, Some(whole.clone()), &Links::new()), whole);
    }

    #[test]
    fn similar_bodies_keep_trafilatura() {
        let ours = blocks(&[ARTICLE, TEASERS[0]]);
        let theirs = blocks(&[ARTICLE]);
        assert_eq!(choose(ours.clone(), Some(theirs), &Links::new()), ours);
    }

    const POSTS: [&str; 3] = [
        "My cat leaves grit on his blanket every night, and I cannot work out where it comes from.",
        "Has he been digging in a flower pot? Ours did that for weeks before we caught him at it.",
        "Long fur carries a lot in from the garden, so a good brush once a week may be all he needs.",
    ];

    #[test]
    fn trafilatura_wins_when_readability_kept_one_post_of_a_thread() {
        let thread = blocks(&POSTS);
        let one_post = blocks(&[POSTS[2]]);
        assert_eq!(
            choose(thread.clone(), Some(one_post), &Links::new()),
            thread
        );
    }

    #[test]
    fn linked_teasers_are_padding_even_with_full_stops() {
        let teasers: Vec<String> = TEASERS.iter().map(|t| format!("{t}.")).collect();
        let texts: Vec<&str> = teasers.iter().map(String::as_str).collect();
        let padded = blocks(&[&[ARTICLE], &texts[..]].concat());
        let core = blocks(&[ARTICLE]);
        let links: Links = teasers.iter().cloned().collect();
        assert_eq!(choose(padded.clone(), Some(core.clone()), &links), core);
        // The same lines as plain sentences are part of the article.
        assert_eq!(choose(padded.clone(), Some(core), &Links::new()), padded);
    }

    #[test]
    fn linked_headlines_are_dropped_and_the_articles_own_lines_kept() {
        let mut body = blocks(&[
            TEASERS[0],
            ARTICLE,
            "What the closure means for commuters",
            TEASERS[1],
            "Contact the newsroom",
            TEASERS[2],
        ]);
        // A headline linked to its own page, a short link and a sentence stay.
        let links: Links = [TEASERS[0], TEASERS[1], "Contact the newsroom", ARTICLE]
            .iter()
            .map(|t| t.to_string())
            .collect();
        drop_linked_headlines(&mut body, &links);
        let texts: Vec<&str> = body.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                TEASERS[0],
                ARTICLE,
                "What the closure means for commuters",
                "Contact the newsroom",
                TEASERS[2],
            ]
        );
    }

    #[test]
    fn prose_needs_function_words_and_sentence_lengths() {
        let links = Links::new();
        assert!(is_prose(&blocks(&[ARTICLE])[0], &links));
        let list = "Berlin, Hamburg, Munich, Cologne, Frankfurt, Stuttgart, Leipzig, Dresden.";
        assert!(!is_prose(&blocks(&[list])[0], &links));
        let flattened = ARTICLE.replace('.', "").repeat(3) + ".";
        assert!(!is_prose(&blocks(&[&flattened])[0], &links));
        assert!(is_prose(
            &blocks(&["Der Stadtrat hat am Dienstag die Brücke für den Verkehr gesperrt."])[0],
            &links
        ));
        assert!(is_prose(
            &blocks(&["市議会は火曜日、橋の通行を三月から止めると決めた。"])[0],
            &links
        ));
    }
}
