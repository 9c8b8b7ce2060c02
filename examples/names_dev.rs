//! Scores how narrate says names it has never seen: the development set
//! `tests/data/names-dev.jsonl` (names with reference IPA and its source; disjoint from the
//! built-in lexicon, which a test checks), or another file in that format.
//!
//! `cargo run --release --example names_dev [FILE] [-v]` reads each name with the default
//! voice (eSpeak NG, en-us) twice and takes what eSpeak says from its phoneme events:
//! **before**, the name as written; **after**, with the hint narrate gives it without any
//! lexicon (a romanisation rule or its language's pronunciation; the written name when
//! there is none). Each is scored against the reference by phoneme error rate (edits over
//! reference phonemes) after folding notation: stress, length, aspiration, ties and
//! diacritics dropped, affricates written as two phonemes ("dʒ" = "d ʒ"), a syllabic r as
//! "ər" (what English hears in Brno, as ɚ); each phoneme folded to the nearest English
//! phoneme class (below).
//! A name is right at PER ≤ 0.20 against any pronunciation its source documents (`ipa`,
//! or one of `variants`: Wiktionary lists several, one per dialect or register); the
//! first alone (`ipa`) is reported too. Each word is also scored on its own, so one wrong word
//! in a long name is not hidden: each word of a longer name is read alone, and the
//! reference (which has no word boundaries) is split where the words' phonemes fit it
//! best. Prints TSV per name with `-v`, then a table per origin and the headlines
//! `names_dev_words_right: AFTER% (N/M) before: BEFORE%`,
//! `names_dev_right_first_reference: AFTER% (N/M) before: BEFORE%` and
//! `names_dev_right: AFTER% (N/M) before: BEFORE%` last.

use std::collections::BTreeMap;
use std::path::PathBuf;

use anyhow::{Context, Result};
use narrate::engine::espeak::EspeakEngine;
use narrate::engine::{Segment, SpeechEngine, SynthesisRequest};
use narrate::speech::lexicon::Lexicon;
use narrate::speech::names;
use serde::Deserialize;

#[derive(Deserialize)]
struct Case {
    name: String,
    origin: String,
    ipa: String,
    /// The source's other pronunciations of the name, if it lists more than one.
    #[serde(default)]
    variants: Vec<String>,
}

/// Multi-symbol phonemes first, then single symbols: each to its English class. A symbol
/// not listed is its own class; one mapped to "" is dropped.
const FOLD: &[(&str, &str)] = &[
    ("t͡ʃ", "tS"),
    ("t͡ɕ", "tS"),
    ("t͡ʂ", "tS"),
    ("d͡ʒ", "dZ"),
    ("d͡ʑ", "dZ"),
    ("d͡ʐ", "dZ"),
    ("t͡s", "ts"),
    ("d͡z", "dz"),
    // A non-syllabic vowel is a glide: WikiPron writes diphthongs as two phones ("a ʊ̯").
    ("ʊ\u{32F}", "w"),
    ("u\u{32F}", "w"),
    ("ɪ\u{32F}", "j"),
    ("i\u{32F}", "j"),
    ("eɪ", "e"),
    ("oʊ", "o"),
    ("əʊ", "o"),
    ("aɪ", "aj"),
    ("aʊ", "aw"),
    ("w̃", "n"),
    ("j̃", "n"),
    ("r̝̊", "rS"),
    // A syllabic r (Czech "Brno", Croatian "Hrvoje") is r-coloured schwa to English ears.
    ("r̩", "ər"),
    ("r̝", "rZ"),
    ("ɔɪ", "oj"),
    ("ɚ", "ər"),
    ("ɝ", "ər"),
    ("ʃ", "S"),
    ("ɕ", "S"),
    ("ʂ", "S"),
    ("ʒ", "Z"),
    ("ʑ", "Z"),
    ("ʐ", "Z"),
    ("ɧ", "S"),
    ("r", "r"),
    ("ɾ", "r"),
    ("ɹ", "r"),
    ("ʁ", "r"),
    ("ʀ", "r"),
    ("ɻ", "r"),
    ("ɫ", "l"),
    ("ʎ", "l"),
    ("ɭ", "l"),
    ("ʈ", "t"),
    ("ɖ", "d"),
    ("ɳ", "n"),
    ("x", "h"),
    ("χ", "h"),
    ("ɦ", "h"),
    ("ħ", "h"),
    ("ç", "h"),
    ("ɡ", "g"),
    ("ɣ", "g"),
    ("ɟ", "g"),
    ("c", "k"),
    ("q", "k"),
    ("ɲ", "nj"),
    ("β", "b"),
    ("ʋ", "v"),
    ("ð", "d"),
    ("a", "a"),
    ("ɑ", "a"),
    ("æ", "a"),
    ("ɐ", "a"),
    ("ʌ", "a"),
    ("e", "e"),
    ("ɛ", "e"),
    ("i", "i"),
    ("ɪ", "i"),
    ("ᵻ", "i"),
    ("ə", "ə"),
    ("ɨ", "ə"),
    ("ɯ", "ə"),
    ("ɘ", "ə"),
    ("ɜ", "ə"),
    ("ɵ", "ə"),
    ("ø", "ə"),
    ("œ", "ə"),
    ("o", "o"),
    ("ɔ", "o"),
    ("ɒ", "o"),
    ("u", "u"),
    ("ʊ", "u"),
    ("y", "u"),
    ("ʏ", "u"),
    ("ʉ", "u"),
    ("ɤ", "ə"),
    ("ǎ", "a"),
    ("â", "a"),
    ("ě", "e"),
    ("ê", "e"),
    ("ǐ", "i"),
    ("î", "i"),
    ("ǒ", "o"),
    ("ô", "o"),
    ("ǔ", "u"),
    ("û", "u"),
    ("ř", "r"),
    ("ˈ", ""),
    ("ˌ", ""),
    ("ː", ""),
    ("ˑ", ""),
    ("ʰ", ""),
    ("ˠ", ""),
    ("¹", ""),
    ("²", ""),
    ("‿", ""),
    ("ʲ", ""),
    ("ʔ", ""),
    (".", ""),
    ("-", ""),
    (" ", ""),
    ("\u{361}", ""),
    ("\u{32F}", ""),
    ("\u{325}", ""),
    ("\u{31F}", ""),
    ("\u{31E}", ""),
    ("\u{32A}", ""),
    // A nasal vowel is said as the vowel and n by English readers (BBC practice).
    ("\u{303}", "n"),
    ("\u{300}", ""),
    ("\u{301}", ""),
    ("\u{302}", ""),
    ("\u{30C}", ""),
    ("\u{31D}", ""),
    ("\u{320}", ""),
    ("\u{329}", ""),
];

/// IPA as a list of folded phoneme classes; doubled consonants count once.
fn fold(ipa: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut rest = ipa;
    while let Some(c) = rest.chars().next() {
        let (token, len) = match FOLD.iter().find(|(from, _)| rest.starts_with(from)) {
            Some((from, to)) => (to.to_string(), from.len()),
            None => (c.to_string(), c.len_utf8()),
        };
        rest = &rest[len..];
        for t in token.chars() {
            let t = t.to_string();
            let vowel = "aeiouə".contains(t.as_str());
            if !vowel && out.last() == Some(&t) {
                continue;
            }
            out.push(t);
        }
    }
    out
}

/// Phoneme error rate of `said` against `reference`.
fn per(reference: &[String], said: &[String]) -> f64 {
    let mut row: Vec<usize> = (0..=said.len()).collect();
    for (i, r) in reference.iter().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, s) in said.iter().enumerate() {
            let next = (prev + usize::from(r != s))
                .min(row[j] + 1)
                .min(row[j + 1] + 1);
            prev = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[said.len()] as f64 / reference.len().max(1) as f64
}

fn said(engine: &mut EspeakEngine, segment: Segment) -> Result<String> {
    let request = SynthesisRequest::from_segments(vec![segment]);
    Ok(engine.synthesize(&request)?.phonemes.concat())
}

/// The words of a name, each with the segment that says it.
fn word_segments(name: &str, ipa: Option<&str>, respelling: Option<&str>) -> Vec<Segment> {
    let written: Vec<&str> = name.split(' ').collect();
    if let Some(ipa) = ipa {
        let parts: Vec<&str> = ipa.split(' ').collect();
        if parts.len() == written.len() {
            return parts
                .iter()
                .zip(&written)
                .map(|(ipa, w)| Segment::Phonemes {
                    ipa: (*ipa).to_owned(),
                    written: (*w).to_owned(),
                })
                .collect();
        }
        return vec![Segment::Phonemes {
            ipa: ipa.to_owned(),
            written: name.to_owned(),
        }];
    }
    let text = respelling.unwrap_or(name);
    let parts: Vec<&str> = text.split(' ').collect();
    if parts.len() == written.len() {
        parts
            .iter()
            .map(|p| Segment::Text((*p).to_owned()))
            .collect()
    } else {
        vec![Segment::Text(text.to_owned())]
    }
}

/// How many of `words` (each word's folded phonemes) are right, the reference split into
/// as many contiguous pieces where they fit it best (least edits in all).
fn words_right(reference: &[String], words: &[Vec<String>]) -> usize {
    fn best(reference: &[String], words: &[Vec<String>]) -> (usize, Vec<f64>) {
        let Some((last, rest)) = words.split_last() else {
            return (reference.len(), Vec::new());
        };
        if rest.is_empty() {
            let edits = (per(reference, last) * reference.len().max(1) as f64).round() as usize;
            return (edits, vec![per(reference, last)]);
        }
        let mut top: Option<(usize, Vec<f64>)> = None;
        for cut in 0..=reference.len() {
            let (edits, mut pers) = best(&reference[..cut], rest);
            let piece = &reference[cut..];
            let e = (per(piece, last) * piece.len().max(1) as f64).round() as usize;
            if top.as_ref().is_none_or(|(t, _)| edits + e < *t) {
                pers.push(per(piece, last));
                top = Some((edits + e, pers));
            }
        }
        top.unwrap_or_default()
    }
    best(reference, words)
        .1
        .iter()
        .filter(|p| **p <= 0.20)
        .count()
}

fn said_words(engine: &mut EspeakEngine, segments: Vec<Segment>) -> Result<Vec<Vec<String>>> {
    segments
        .into_iter()
        .map(|s| said(engine, s).map(|p| fold(&p)))
        .collect()
}

#[derive(Default)]
struct Tally {
    total: usize,
    before: usize,
    after: usize,
    first_before: usize,
    first_after: usize,
    placed: usize,
    words: usize,
    words_before: usize,
    words_after: usize,
    by_spelling: usize,
    by_list: usize,
}

fn pct(k: usize, n: usize) -> f64 {
    100.0 * k as f64 / n.max(1) as f64
}

fn headline(label: &str, after: usize, total: usize, before: usize) {
    println!(
        "{label}: {:.1} ({after}/{total}) before: {:.1}",
        pct(after, total),
        pct(before, total)
    );
}

fn row(origin: &str, t: &Tally) {
    println!(
        "| {origin} | {} | {} | {} ({:.1} %) | {} ({:.1} %) | {} ({:.1} %) | {} | {:.1} % | {:.1} % |",
        t.total,
        t.placed,
        t.before,
        pct(t.before, t.total),
        t.first_after,
        pct(t.first_after, t.total),
        t.after,
        pct(t.after, t.total),
        t.words,
        pct(t.words_before, t.words),
        pct(t.words_after, t.words)
    );
}

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let verbose = args.iter().any(|a| a == "-v");
    let path = args.iter().find(|a| *a != "-v").map_or_else(
        || PathBuf::from("tests/data/names-dev.jsonl"),
        PathBuf::from,
    );
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read {}", path.display()))?;
    let mut engine = EspeakEngine::new("en-us")?;
    let lexicon = Lexicon::default();
    let mut by_origin: BTreeMap<String, Tally> = BTreeMap::new();
    if verbose {
        println!("name\torigin\treference\tbefore\tper\tsent\tafter\tper\tsource");
    }
    for (n, line) in text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let case: Case = serde_json::from_str(line)
            .with_context(|| format!("{}:{}: not a case", path.display(), n + 1))?;
        let references: Vec<Vec<String>> = std::iter::once(&case.ipa)
            .chain(&case.variants)
            .map(|ipa| fold(ipa))
            .collect();
        let reference = &references[0];
        let before = said(&mut engine, Segment::Text(case.name.clone()))?;
        let report = names::hint(&case.name, &lexicon);
        let after = match (&report.ipa, &report.respelling) {
            (Some(ipa), _) => said(
                &mut engine,
                Segment::Phonemes {
                    ipa: ipa.clone(),
                    written: case.name.clone(),
                },
            )?,
            (None, Some(say)) => said(&mut engine, Segment::Text(say.clone()))?,
            (None, None) => before.clone(),
        };
        // The first reference, and the documented one each reading comes closest to.
        let (first_before, first_after) = (
            per(reference, &fold(&before)) <= 0.20,
            per(reference, &fold(&after)) <= 0.20,
        );
        let closest = |said: &str| {
            let said = fold(said);
            references
                .iter()
                .map(|r| per(r, &said))
                .fold(f64::INFINITY, f64::min)
        };
        let (per_before, per_after) = (closest(&before), closest(&after));
        let word_count = case.name.split(' ').count();
        let (words_before, words_after) = if word_count == 1 {
            (
                usize::from(per_before <= 0.20),
                usize::from(per_after <= 0.20),
            )
        } else {
            let before = word_segments(&case.name, None, None);
            let after = word_segments(
                &case.name,
                report.ipa.as_deref(),
                report.respelling.as_deref(),
            );
            let (before, after) = (
                said_words(&mut engine, before)?,
                said_words(&mut engine, after)?,
            );
            let most_right = |words: &[Vec<String>]| {
                references
                    .iter()
                    .map(|r| words_right(r, words))
                    .max()
                    .unwrap_or(0)
            };
            (most_right(&before), most_right(&after))
        };
        let t = by_origin.entry(case.origin.clone()).or_default();
        match names::placed_by(&case.name) {
            Some("spelling") => t.by_spelling += 1,
            Some(_) => t.by_list += 1,
            None => {}
        }
        t.words += word_count;
        t.words_before += words_before;
        t.words_after += words_after;
        t.total += 1;
        t.before += usize::from(per_before <= 0.20);
        t.after += usize::from(per_after <= 0.20);
        t.first_before += usize::from(first_before);
        t.first_after += usize::from(first_after);
        t.placed += usize::from(report.source.is_some());
        if verbose {
            let source = report.source.map_or("-".to_owned(), |s| s.to_string());
            let sent = report.ipa.unwrap_or_default();
            println!(
                "{}\t{}\t{}\t{before}\t{per_before:.2}\t{sent}\t{after}\t{per_after:.2}\t{source}",
                case.name, case.origin, case.ipa
            );
        }
    }
    println!(
        "| origin | names | hinted | right before | right after, first reference | right after | words | words right before | words right after |"
    );
    println!("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
    let mut all = Tally::default();
    for (origin, t) in &by_origin {
        row(origin, t);
        all.total += t.total;
        all.before += t.before;
        all.after += t.after;
        all.first_before += t.first_before;
        all.first_after += t.first_after;
        all.placed += t.placed;
        all.words += t.words;
        all.words_before += t.words_before;
        all.words_after += t.words_after;
        all.by_spelling += t.by_spelling;
        all.by_list += t.by_list;
    }
    row("all", &all);
    println!(
        "placed by spelling: {}, by a list only: {} (of {})",
        all.by_spelling, all.by_list, all.total
    );
    headline(
        "names_dev_words_right",
        all.words_after,
        all.words,
        all.words_before,
    );
    headline(
        "names_dev_right_first_reference",
        all.first_after,
        all.total,
        all.first_before,
    );
    headline("names_dev_right", all.after, all.total, all.before);
    Ok(())
}
