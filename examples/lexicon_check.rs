//! Checks a lexicon against eSpeak NG: for each entry, what the voice says for the name as
//! written (before the hint), for its respelling, and what narrate sends (after the hint).
//!
//! `cargo run --example lexicon_check [FILE.toml]` (default: the built-in lexicon) prints
//! TSV `text, before, respelling, sent, verdict` where verdict is `same` when the hint
//! changes nothing, `differs` when the sent IPA and the respelling's disagree in more than
//! stress (then the respelling, used by text-only voices, may want updating), else `hinted`.

use std::path::PathBuf;

use anyhow::{Context, Result};
use narrate::engine::espeak::EspeakEngine;
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
    println!("text\tbefore\trespelling\tsent\tverdict");
    for entry in lexicon.entries() {
        let before = engine.text_to_ipa(&entry.text)?;
        let respelling = match &entry.say {
            Some(say) => engine.text_to_ipa(say)?,
            None => String::new(),
        };
        let sent = entry.ipa.clone().unwrap_or_else(|| respelling.clone());
        let unstressed = |s: &str| s.replace(['ˈ', 'ˌ'], "");
        let verdict = if sent == before {
            "same"
        } else if !respelling.is_empty() && unstressed(&sent) != unstressed(&respelling) {
            "differs"
        } else {
            "hinted"
        };
        println!("{}\t{before}\t{respelling}\t{sent}\t{verdict}", entry.text);
    }
    Ok(())
}
