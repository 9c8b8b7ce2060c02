//! Benchmark: how many news names the built-in lexicon covers, and whether what eSpeak NG
//! says for them (with narrate's hints, read back from the engine's phoneme events) matches
//! a CMUdict pronunciation.
//!
//! `cargo run --release --example names_cmudict -- ../shared/eval/pronunciation/news_names_cmudict.jsonl [-v] [--rules-only]`
//!
//! `--rules-only` turns the lexicon off: each name gets only the hint narrate's rules give
//! it (romanisation, or its language's pronunciation), and "covered" means a rule hinted it.
//!
//! ARPAbet and eSpeak's IPA are both mapped to one phoneme set; stress is ignored, and so
//! are the differences dictionaries disagree on: unstressed vowels among ə ʌ ɐ ɪ ᵻ ɛ æ,
//! ɚ = ɝ = ɜː = əɹ, a flap ɾ for t or d, ɑ = ɔ = ɒ (American English merges them), length
//! marks, and eSpeak's glottal stops.

use std::collections::BTreeMap;

use anyhow::{Context, Result, bail};
use narrate::engine::SpeechEngine;
use narrate::engine::espeak::EspeakEngine;
use narrate::render::Requests;
use narrate::speech::lexicon::Lexicon;
use narrate::speech::{NumberStyle, Sentence, names};
use serde::Deserialize;

#[derive(Deserialize)]
struct Case {
    name: String,
    category: String,
    in_cmudict: bool,
    tokens: Vec<Token>,
}

#[derive(Deserialize)]
struct Token {
    arpabet: Vec<String>,
}

/// One phoneme of the shared set, and whether CMUdict marks it unstressed (digit 0).
#[derive(Debug, Clone, PartialEq)]
struct Phone {
    class: &'static str,
    unstressed: bool,
}

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let verbose = args.iter().any(|a| a == "-v");
    let rules_only = args.iter().any(|a| a == "--rules-only");
    let Some(path) = args.iter().find(|a| !a.starts_with('-')) else {
        bail!("usage: names_cmudict FILE.jsonl [-v]");
    };
    let src = std::fs::read_to_string(path).with_context(|| format!("cannot read {path}"))?;
    let cases: Vec<Case> = src
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(serde_json::from_str)
        .collect::<Result<_, _>>()
        .context("a line is not a case")?;

    let lexicon = Lexicon::builtin();
    let mut engine = EspeakEngine::new("en-us")?;
    let mut requests = Requests::default();
    // category -> (names, covered)
    let mut coverage: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let (mut partly, mut checked, mut matched, mut all_refs, mut all_matched) = (0, 0, 0, 0, 0);
    let mut explained = 0;
    for case in &cases {
        let rule_lexicon;
        let sentence = if rules_only {
            rule_lexicon = names::rule_hints(&[names::hint(&case.name, &Lexicon::default())]);
            Sentence::new(&case.name, &rule_lexicon, NumberStyle::default())
        } else {
            Sentence::new(&case.name, &lexicon, NumberStyle::default())
        };
        let covered = covers(&sentence);
        let row = coverage.entry(case.category.as_str()).or_default();
        row.0 += 1;
        if covered {
            row.1 += 1;
        } else if !sentence.hints.is_empty() {
            partly += 1;
        }
        if !case.in_cmudict {
            if verbose && !covered {
                println!("uncovered\t{}\t(not in CMUdict)", case.name);
            }
            continue;
        }
        let request = requests.request(&sentence, &mut engine)?;
        let said: Vec<Phone> = engine
            .synthesize(&request)?
            .phonemes
            .iter()
            .flat_map(|p| ipa_phones(p))
            .collect();
        let said = merge_r_colour(said);
        let references = variants(&case.tokens);
        let ok = references.iter().any(|r| same(&said, r));
        all_refs += 1;
        all_matched += usize::from(ok);
        if covered {
            checked += 1;
            matched += usize::from(ok);
            explained += usize::from(!ok && explains_cmudict(&lexicon, &case.name));
        }
        if verbose && (!ok || !covered) {
            println!(
                "{}\t{}\tsaid {}\tcmudict {}",
                match (covered, ok) {
                    (true, _) => "MISMATCH",
                    (false, true) => "uncovered",
                    (false, false) => "unhinted",
                },
                case.name,
                show(&said),
                show(&references[0])
            );
        }
    }
    let total: usize = coverage.values().map(|c| c.0).sum();
    let covered: usize = coverage.values().map(|c| c.1).sum();
    let by_category: Vec<String> = coverage
        .iter()
        .map(|(k, (n, c))| format!("{k} {c}/{n}"))
        .collect();
    let by = if rules_only {
        "rules alone"
    } else {
        "the built-in lexicon"
    };
    println!(
        "covered by {by}: {covered}/{total} ({}); partly: {partly}",
        by_category.join(", ")
    );
    println!(
        "all names with CMUdict pronunciations, hinted or not: {all_matched}/{all_refs} match"
    );
    println!(
        "names_cmudict_match: {:.1}% ({matched}/{checked} covered names with CMUdict pronunciations)",
        percent(matched, checked)
    );
    println!(
        "mismatches whose lexicon note gives the reason CMUdict differs (a spelling \
         pronunciation, a non-rhotic entry, a hyperforeign sound): {explained}/{}; \
         matching or explained: {:.1}%",
        checked - matched,
        percent(matched + explained, checked)
    );
    Ok(())
}

/// Whether an entry for (part of) `name` has a note saying why CMUdict differs.
fn explains_cmudict(lexicon: &Lexicon, name: &str) -> bool {
    let name = name.to_lowercase();
    lexicon.entries().iter().any(|entry| {
        name.contains(&entry.text.to_lowercase())
            && entry.note.as_deref().is_some_and(|n| n.contains("CMUdict"))
    })
}

fn percent(n: usize, of: usize) -> f64 {
    if of == 0 {
        0.0
    } else {
        100.0 * n as f64 / of as f64
    }
}

/// Every word of the name lies inside a lexicon hint.
fn covers(sentence: &Sentence) -> bool {
    sentence
        .spoken
        .char_indices()
        .all(|(i, c)| !c.is_alphanumeric() || sentence.hints.iter().any(|h| h.span.contains(&i)))
}

/// Every combination of the tokens' CMUdict variants (at most 256), as phones.
fn variants(tokens: &[Token]) -> Vec<Vec<Phone>> {
    let mut out: Vec<Vec<Phone>> = vec![Vec::new()];
    for token in tokens {
        let mut next = Vec::new();
        for prefix in &out {
            for variant in &token.arpabet {
                let mut v = prefix.clone();
                v.extend(variant.split_whitespace().filter_map(arpabet_phone));
                next.push(v);
            }
        }
        next.truncate(256);
        out = next;
    }
    out.into_iter().map(merge_r_colour).collect()
}

fn arpabet_phone(symbol: &str) -> Option<Phone> {
    let base = symbol.trim_end_matches(|c: char| c.is_ascii_digit());
    let class = match base {
        "AA" | "AO" => "ɑ",
        "AE" => "æ",
        "AH" => "ə",
        "AW" => "aʊ",
        "AY" => "aɪ",
        "EH" => "ɛ",
        "ER" => "ɚ",
        "EY" => "eɪ",
        "IH" => "ɪ",
        "IY" => "i",
        "OW" => "oʊ",
        "OY" => "ɔɪ",
        "UH" => "ʊ",
        "UW" => "u",
        "B" => "b",
        "CH" => "tʃ",
        "D" => "d",
        "DH" => "ð",
        "F" => "f",
        "G" => "ɡ",
        "HH" => "h",
        "JH" => "dʒ",
        "K" => "k",
        "L" => "l",
        "M" => "m",
        "N" => "n",
        "NG" => "ŋ",
        "P" => "p",
        "R" => "ɹ",
        "S" => "s",
        "SH" => "ʃ",
        "T" => "t",
        "TH" => "θ",
        "V" => "v",
        "W" => "w",
        "Y" => "j",
        "Z" => "z",
        "ZH" => "ʒ",
        _ => return None,
    };
    Some(Phone {
        class,
        unstressed: symbol.ends_with('0'),
    })
}

/// One eSpeak phoneme name (IPA) as phones of the shared set.
fn ipa_phones(name: &str) -> Vec<Phone> {
    const PARTS: &[(&str, &[&str])] = &[
        ("aɪə", &["aɪ", "ə"]),
        ("aɪɚ", &["aɪ", "ɚ"]),
        ("aɪ", &["aɪ"]),
        ("aʊ", &["aʊ"]),
        ("eɪ", &["eɪ"]),
        ("oʊ", &["oʊ"]),
        ("əʊ", &["oʊ"]),
        ("ɔɪ", &["ɔɪ"]),
        ("ɜ", &["ɚ"]),
        ("ɝ", &["ɚ"]),
        ("ɚ", &["ɚ"]),
        ("oː", &["ɑ"]),
        ("ɑ", &["ɑ"]),
        ("ɔ", &["ɑ"]),
        ("ɒ", &["ɑ"]),
        ("æ", &["æ"]),
        ("a", &["æ"]),
        ("ɐ", &["ə"]),
        ("ʌ", &["ə"]),
        ("ə", &["ə"]),
        ("ɛ", &["ɛ"]),
        ("e", &["ɛ"]),
        ("ᵻ", &["ɪ"]),
        ("ɪ", &["ɪ"]),
        ("i", &["i"]),
        ("ʊ", &["ʊ"]),
        ("u", &["u"]),
        ("o", &["oʊ"]),
        ("tʃ", &["tʃ"]),
        ("dʒ", &["dʒ"]),
        ("n̩", &["ə", "n"]),
        ("l̩", &["ə", "l"]),
        ("ɾ", &["ɾ"]),
        ("ɹ", &["ɹ"]),
        ("r", &["ɹ"]),
        ("g", &["ɡ"]),
    ];
    let mut out = Vec::new();
    let mut rest = name;
    while let Some(c) = rest.chars().next() {
        match PARTS.iter().find(|(ipa, _)| rest.starts_with(ipa)) {
            Some((ipa, classes)) => {
                out.extend(classes.iter().map(|&class| Phone {
                    class,
                    unstressed: false,
                }));
                rest = &rest[ipa.len()..];
            }
            None => {
                if c.is_alphabetic() && c != 'ʔ' {
                    let class = "bcdfhjklmnpstvwxzðŋŋʃʒθɡ"
                        .char_indices()
                        .find(|&(_, k)| k == c)
                        .map(|(i, k)| &"bcdfhjklmnpstvwxzðŋŋʃʒθɡ"[i..i + k.len_utf8()]);
                    if let Some(class) = class {
                        out.push(Phone {
                            class,
                            unstressed: false,
                        });
                    }
                }
                rest = &rest[c.len_utf8()..];
            }
        }
    }
    out
}

/// One spelling for r after a vowel: ɚ before ɹ or a vowel is ə (the ɹ starts the next
/// syllable), ə ɹ before a consonant or the end is ɚ, and ɹ ɹ is one ɹ.
fn merge_r_colour(phones: Vec<Phone>) -> Vec<Phone> {
    const VOWEL: &[&str] = &[
        "ɑ", "æ", "ə", "ɛ", "ɪ", "i", "ʊ", "u", "oʊ", "eɪ", "aɪ", "aʊ", "ɔɪ", "ɚ",
    ];
    let vowel_at =
        |phones: &[Phone], i: usize| phones.get(i).is_some_and(|p| VOWEL.contains(&p.class));
    let r = |unstressed| Phone {
        class: "ɹ",
        unstressed,
    };
    let mut split: Vec<Phone> = Vec::with_capacity(phones.len() + 4);
    for (i, phone) in phones.iter().enumerate() {
        let next_r = phones.get(i + 1).is_some_and(|p| p.class == "ɹ");
        if phone.class == "ɚ" && (next_r || vowel_at(&phones, i + 1)) {
            split.push(Phone {
                class: "ə",
                ..phone.clone()
            });
            if !next_r {
                split.push(r(phone.unstressed));
            }
        } else if !(phone.class == "ɹ" && split.last().is_some_and(|p| p.class == "ɹ")) {
            split.push(phone.clone());
        }
    }
    let mut out: Vec<Phone> = Vec::with_capacity(split.len());
    for (i, phone) in split.iter().enumerate() {
        if phone.class == "ɹ"
            && !vowel_at(&split, i + 1)
            && out.last().is_some_and(|p| p.class == "ə")
        {
            if let Some(last) = out.last_mut() {
                last.class = "ɚ";
            }
            continue;
        }
        out.push(phone.clone());
    }
    out
}

fn same(said: &[Phone], reference: &[Phone]) -> bool {
    const REDUCED: &[&str] = &["ə", "ɪ", "ɛ", "æ"];
    said.len() == reference.len()
        && said.iter().zip(reference).all(|(s, r)| {
            s.class == r.class
                || (r.unstressed && REDUCED.contains(&s.class) && REDUCED.contains(&r.class))
                || (s.class == "ɾ" && (r.class == "t" || r.class == "d"))
        })
}

fn show(phones: &[Phone]) -> String {
    phones.iter().map(|p| p.class).collect()
}
