//! Checks a lexicon against eSpeak NG: for each entry, what the voice says for the name as
//! written (before the hint), for its respelling, what narrate sends (the hint's IPA), and
//! what eSpeak then says (its phoneme events, after the hint).
//!
//! `cargo run --example lexicon_check [FILE.toml]` (default: the built-in lexicon) prints
//! TSV `text, before, respelling, sent, said, verdict`, then a summary on stderr. Verdicts:
//! `same` when the hint changes nothing; `lost` when what is said is not what was sent
//! (stress, length and eSpeak's own allophones aside: a flapped t or d, final ɪ as i,
//! unstressed ɜː as ɚ, ɔː as oː before r): a symbol the IPA-to-eSpeak table folds; `differs` when the
//! sent IPA and the respelling's disagree beyond stress (the respelling, used by text-only
//! voices, may want updating); else `hinted`.

use std::collections::BTreeMap;
use std::path::PathBuf;

use anyhow::{Context, Result};
use narrate::engine::espeak::EspeakEngine;
use narrate::engine::{Segment, SpeechEngine, SynthesisRequest};
use narrate::speech::lexicon::{Lexicon, Source};

fn main() -> Result<()> {
    let lexicon = match std::env::args_os().nth(1).map(PathBuf::from) {
        Some(path) => {
            let src = std::fs::read_to_string(&path)
                .with_context(|| format!("cannot read {}", path.display()))?;
            Lexicon::from_toml(&src, &path, Source::User)?
        }
        None => Lexicon::builtin(),
    };
    let mut engine = EspeakEngine::new("en-us")?;
    let mut verdicts: BTreeMap<&str, usize> = BTreeMap::new();
    println!("text\tbefore\trespelling\tsent\tsaid\tverdict");
    for entry in lexicon.entries() {
        let before = engine.text_to_ipa(&entry.text)?;
        let respelling = match &entry.say {
            Some(say) => engine.text_to_ipa(say)?,
            None => String::new(),
        };
        let sent = entry.ipa.clone().unwrap_or_else(|| respelling.clone());
        let request = SynthesisRequest::from_segments(vec![Segment::Phonemes {
            ipa: sent.clone(),
            written: entry.text.clone(),
        }]);
        let said = engine.synthesize(&request)?.phonemes.concat();
        let verdict = if sent == before {
            "same"
        } else if bare(&said) != bare(&sent) {
            "lost"
        } else if !respelling.is_empty() && bare(&sent) != bare(&respelling) {
            "differs"
        } else {
            "hinted"
        };
        *verdicts.entry(verdict).or_default() += 1;
        println!(
            "{}\t{before}\t{respelling}\t{sent}\t{said}\t{verdict}",
            entry.text
        );
    }
    eprintln!("{} entries: {verdicts:?}", lexicon.len());
    Ok(())
}

/// IPA without stress, length, spaces or ties, and with eSpeak's allophones folded.
fn bare(ipa: &str) -> String {
    let phonemes: String = ipa
        .chars()
        .filter(|c| !matches!(c, 'ˈ' | 'ˌ' | 'ː' | ' ' | '.' | '\u{361}'))
        .map(|c| match c {
            'ɾ' | 'd' => 't',
            'ɪ' => 'i',
            'ɜ' => 'ɚ',
            'ɔ' => 'o',
            'r' => 'ɹ',
            c => c,
        })
        .collect();
    phonemes.replace("ɚɹ", "əɹ")
}
