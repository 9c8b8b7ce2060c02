//! Kokoro's text front end: eSpeak NG IPA in (tied, `e^ɪ`, from eSpeak; untied from a
//! lexicon hint), Kokoro's phoneme symbols out (`A`, `O`, `ʤ` …), then token ids from the
//! voice's symbol table, cut into pieces the model takes (at most [`MAX_TOKENS`]).
//!
//! The rewrites follow what misaki (Kokoro's own G2P) does with eSpeak NG's output in its
//! eSpeak fallback: diphthongs and affricates become one symbol, `ɚ` becomes `əɹ`, glottal
//! stops and flaps become the `t`/`T` the voices were trained on, length marks go in
//! American English, syllabic consonants get a schwa.

use std::collections::HashMap;

use serde::Deserialize;

/// Tokens one model call takes, not counting the padding token at each end.
pub const MAX_TOKENS: usize = 510;

/// Tie character between the letters of one phoneme (eSpeak NG's `espeakPHONEMES_TIE`).
pub const TIE: char = '^';

/// Pairs of letters that are one phoneme in English IPA, for IPA written without ties (a
/// lexicon entry's `ipa`).
const UNTIED_PAIRS: &[&str] = &["aɪ", "aʊ", "eɪ", "ɔɪ", "oʊ", "əʊ", "dʒ", "tʃ", "eə"];

/// Rewrites for every voice, matched longest first.
const COMMON: &[(&str, &str)] = &[
    ("ʔˌn\u{329}", "tn"),
    ("ʔn\u{329}", "tn"),
    ("ʔn", "tn"),
    ("ʔ", "t"),
    ("a^ɪ", "I"),
    ("a^ʊ", "W"),
    ("d^ʒ", "ʤ"),
    ("t^ʃ", "ʧ"),
    ("e^ɪ", "A"),
    ("ɔ^ɪ", "Y"),
    ("ə^l", "ᵊl"),
    ("ʲo", "jo"),
    ("ʲə", "jə"),
    ("ʲ", ""),
    ("ɚ", "əɹ"),
    ("r", "ɹ"),
    ("x", "k"),
    ("ç", "k"),
    ("ɐ", "ə"),
    ("ɬ", "l"),
    ("\u{303}", ""),
    ("e", "A"),
    // eSpeak NG before 1.52 wrote `o` for `ɔ`.
    ("o", "ɔ"),
    ("^", ""),
    ("\u{361}", ""),
];

/// American English: `O` for the "go" vowel, no length marks, the flap as `T`.
const AMERICAN: &[(&str, &str)] = &[
    ("o^ʊ", "O"),
    ("ɜːɹ", "ɜɹ"),
    ("ɜː", "ɜɹ"),
    ("ɪə", "iə"),
    ("ɾ", "T"),
    ("ː", ""),
];

/// British English: `Q` for the "go" vowel, the "hair" vowel as `ɛː`.
const BRITISH: &[(&str, &str)] = &[("ə^ʊ", "Q"), ("e^ə", "ɛː"), ("iə", "ɪə")];

/// eSpeak NG IPA → Kokoro symbols. `ipa` with no tie at all gets ties for the English
/// pairs first, so hints and eSpeak's own output come out alike.
pub fn kokoro_symbols(ipa: &str, british: bool) -> String {
    let tied;
    let ipa = if ipa.contains([TIE, '\u{361}']) {
        ipa
    } else {
        tied = add_ties(ipa);
        &tied
    };
    let mut table: Vec<(&str, &str)> = COMMON.to_vec();
    table.extend_from_slice(if british { BRITISH } else { AMERICAN });
    // Longest first; stable, so a variant's rule never loses to a common one of its length
    // (`ɾ` is not in COMMON; the order only matters between different lengths).
    table.sort_by_key(|(from, _)| std::cmp::Reverse(from.chars().count()));
    let mut out = String::with_capacity(ipa.len());
    let mut rest = ipa;
    while let Some(c) = rest.chars().next() {
        if let Some((from, to)) = table.iter().find(|(from, _)| rest.starts_with(from)) {
            out.push_str(to);
            rest = &rest[from.len()..];
            continue;
        }
        rest = &rest[c.len_utf8()..];
        // A syllabic consonant (`n̩`) is said with a schwa before it.
        if let Some(after) = rest.strip_prefix('\u{329}') {
            out.push('ᵊ');
            rest = after;
        }
        out.push(c);
    }
    out
}

fn add_ties(ipa: &str) -> String {
    let mut out = ipa.to_owned();
    for pair in UNTIED_PAIRS {
        let mut letters = pair.chars();
        let (first, second) = (letters.next().unwrap_or(' '), letters.as_str());
        out = out.replace(pair, &format!("{first}{TIE}{second}"));
    }
    out
}

/// Kokoro's symbol table (`vocab.json`): one symbol, one token id.
#[derive(Debug, Clone)]
pub struct Vocab {
    ids: HashMap<char, i64>,
}

#[derive(Deserialize)]
struct VocabFile {
    vocab: HashMap<String, i64>,
}

impl Vocab {
    pub fn parse(json: &str) -> Result<Vocab, String> {
        let file: VocabFile = serde_json::from_str(json).map_err(|e| e.to_string())?;
        let mut ids = HashMap::with_capacity(file.vocab.len());
        for (symbol, id) in file.vocab {
            let mut chars = symbol.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) if (1..1000).contains(&id) => ids.insert(c, id),
                _ => return Err(format!("bad vocab entry {symbol:?}: {id}")),
            };
        }
        if !ids.contains_key(&' ') {
            return Err("the vocab has no word space".into());
        }
        Ok(Vocab { ids })
    }

    /// The symbols of `text` the model knows, as token ids; any other character is dropped.
    pub fn tokens(&self, symbols: &str) -> Vec<i64> {
        symbols
            .chars()
            .filter_map(|c| self.ids.get(&c).copied())
            .collect()
    }

    fn id(&self, symbol: char) -> Option<i64> {
        self.ids.get(&symbol).copied()
    }

    /// Cut `tokens` into pieces of at most `max`: after the last clause mark followed by a
    /// space that fits, else at the last space (between words), and only for a single
    /// word longer than `max` anywhere.
    pub fn pieces(&self, tokens: &[i64], max: usize) -> Vec<Vec<i64>> {
        let space = self.id(' ');
        let marks: Vec<i64> = [',', ';', ':', '.', '!', '?', '—', '…']
            .iter()
            .filter_map(|&c| self.id(c))
            .collect();
        let mut out = Vec::new();
        let mut rest = tokens;
        while rest.len() > max {
            let window = &rest[..=max];
            let is_space = |i: &usize| Some(window[*i]) == space;
            let clause = (1..window.len())
                .rev()
                .find(|i| is_space(i) && marks.contains(&window[i - 1]));
            let word = (1..window.len()).rev().find(is_space);
            let cut = clause.or(word).unwrap_or(max);
            let (piece, after) = rest.split_at(cut);
            out.push(piece.to_vec());
            // The space itself starts no piece.
            rest = match after.first() {
                Some(&t) if Some(t) == space => &after[1..],
                _ => after,
            };
        }
        if !rest.is_empty() {
            out.push(rest.to_vec());
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diphthongs_and_affricates_become_one_symbol_tied_or_not() {
        // eSpeak NG en-us with ties for "hello, I judge the church of Tokyo".
        let tied = "həlˈo^ʊ, ˈa^ɪ d^ʒˈʌd^ʒ ðə t^ʃˈɜːt^ʃ ʌv tˈo^ʊkɪˌo^ʊ";
        let expected = "həlˈO, ˈI ʤˈʌʤ ðə ʧˈɜɹʧ ʌv tˈOkɪˌO";
        assert_eq!(kokoro_symbols(tied, false), expected);
        assert_eq!(kokoro_symbols(&tied.replace('^', ""), false), expected);
    }

    #[test]
    fn american_flaps_r_colouring_and_length_follow_misaki() {
        assert_eq!(kokoro_symbols("bˈʌɾɚ", false), "bˈʌTəɹ");
        assert_eq!(kokoro_symbols("wˈɜːld", false), "wˈɜɹld");
        assert_eq!(kokoro_symbols("sˈiːkɹɪt", false), "sˈikɹɪt");
        assert_eq!(kokoro_symbols("bˈʌʔn\u{329}", false), "bˈʌtn");
        assert_eq!(kokoro_symbols("lˈɪtl\u{329}", false), "lˈɪtᵊl");
        assert_eq!(kokoro_symbols("bˈa^ʊ ɔ^ɪl", false), "bˈW Yl");
    }

    #[test]
    fn british_voices_keep_length_and_use_q_for_the_go_vowel() {
        assert_eq!(kokoro_symbols("ɡˈə^ʊ hˈe^ə sˈiː", true), "ɡˈQ hˈɛː sˈiː");
        assert_eq!(kokoro_symbols("ɡˈəʊ", true), "ɡˈQ");
    }

    fn vocab() -> Vocab {
        Vocab::parse(r#"{"vocab": {" ": 16, ",": 3, ".": 4, "a": 43, "b": 44}}"#).unwrap()
    }

    #[test]
    fn unknown_symbols_are_dropped_and_bad_tables_refused() {
        assert_eq!(vocab().tokens("ab, §a."), vec![43, 44, 3, 16, 43, 4]);
        assert!(Vocab::parse(r#"{"vocab": {"ab": 1, " ": 2}}"#).is_err());
        assert!(Vocab::parse(r#"{"vocab": {"a": 1}}"#).is_err());
        assert!(Vocab::parse(r#"{"vocab": {" ": 0}}"#).is_err());
    }

    #[test]
    fn long_sentences_are_cut_at_clauses_then_words_never_mid_word() {
        let v = vocab();
        // "aa bb, aa bb aa": a clause break fits in 9, then word breaks.
        let tokens = v.tokens("aa bb, aa bb aa");
        let pieces = v.pieces(&tokens, 9);
        assert_eq!(pieces, vec![v.tokens("aa bb,"), v.tokens("aa bb aa")]);
        let pieces = v.pieces(&tokens, 4);
        assert_eq!(
            pieces,
            vec![
                v.tokens("aa"),
                v.tokens("bb,"),
                v.tokens("aa"),
                v.tokens("bb"),
                v.tokens("aa")
            ]
        );
        assert!(pieces.iter().all(|p| p.len() <= 4));
        // One word longer than the limit is the only thing cut inside a word.
        assert_eq!(v.pieces(&v.tokens("aaaaa"), 2).concat(), v.tokens("aaaaa"));
        assert_eq!(v.pieces(&tokens, 510), vec![tokens.clone()]);
    }
}
