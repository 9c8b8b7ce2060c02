//! Stage 2 guard: one sentence in, pieces no engine chokes on out.
//!
//! Piper's attention grows with the square of a sentence's length (a 1,000-word sentence
//! took 11 GB) and eSpeak NG holds a whole sentence's audio, so a sentence longer than
//! [`MAX_PIECE_CHARS`] is cut before any engine sees it: after the last clause mark
//! (`,` `;` `:` or a dash) that leaves a piece of at least a third of the limit, else at
//! the last space, else (one endless word, such as a run of a million digits) at the limit.
//! One pass, linear in the sentence's length.

/// The longest piece, in characters: about 65 words, longer than nearly every sentence in
/// the news (the sample articles' longest is 330).
pub const MAX_PIECE_CHARS: usize = 400;

/// `sentence` as trimmed pieces of at most [`MAX_PIECE_CHARS`] characters each (the
/// sentence itself when it is that short).
pub fn split_long(sentence: &str) -> Vec<&str> {
    let mut pieces = Vec::new();
    let mut rest = sentence.trim();
    while !rest.is_empty() {
        let cut = cut_point(rest);
        let (piece, tail) = rest.split_at(cut);
        let piece = piece.trim();
        if !piece.is_empty() {
            pieces.push(piece);
        }
        rest = tail.trim_start();
    }
    pieces
}

/// Where to end the first piece of `text`: its length when it fits.
fn cut_point(text: &str) -> usize {
    let mut clause = None;
    let mut space = None;
    let mut previous = ' ';
    for (count, (i, c)) in text.char_indices().enumerate() {
        if count == MAX_PIECE_CHARS {
            let long_enough = |&at: &usize| text[..at].chars().count() >= MAX_PIECE_CHARS / 3;
            return clause.filter(long_enough).or(space).unwrap_or(i);
        }
        if c.is_whitespace() {
            if matches!(previous, ',' | ';' | ':' | '—' | '–') {
                clause = Some(i);
            }
            space = Some(i);
        }
        previous = c;
    }
    text.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_sentences_are_left_whole() {
        assert_eq!(split_long("One two, three."), ["One two, three."]);
        assert!(split_long("   ").is_empty());
    }

    #[test]
    fn a_long_sentence_is_cut_after_clauses() {
        let clause = "the council met again on Tuesday to discuss the bridge";
        let sentence = format!("{}.", vec![clause; 40].join(", "));
        let pieces = split_long(&sentence);
        assert!(pieces.len() > 5, "{}", pieces.len());
        for piece in &pieces {
            assert!(piece.chars().count() <= MAX_PIECE_CHARS, "{piece}");
            assert!(piece.starts_with("the council"), "{piece}");
        }
        assert_eq!(pieces.join(" "), sentence);
    }

    #[test]
    fn a_long_sentence_without_clauses_is_cut_between_words() {
        let sentence = ["word"; 10_000].join(" ");
        let pieces = split_long(&sentence);
        assert!(pieces.iter().all(|p| p.split(' ').all(|w| w == "word")));
        assert_eq!(pieces.join(" "), sentence);
    }

    #[test]
    fn an_endless_word_is_cut_at_the_limit() {
        // A million digits in one word reached 21 GB.
        let digits = "7".repeat(1_000_000);
        let pieces = split_long(&digits);
        assert_eq!(pieces.len(), 1_000_000 / MAX_PIECE_CHARS);
        assert!(pieces.iter().all(|p| p.len() == MAX_PIECE_CHARS));
    }

    #[test]
    fn pieces_end_on_character_boundaries() {
        let text = "ж".repeat(1_000);
        assert_eq!(split_long(&text).concat(), text);
    }
}
