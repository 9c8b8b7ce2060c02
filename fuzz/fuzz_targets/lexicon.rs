//! Lexicon parsing, TOML and PLS, and applying what parsed to the same text.
#![no_main]
use libfuzzer_sys::fuzz_target;
use narrate::speech::lexicon::{Lexicon, Source};
use std::path::Path;

fuzz_target!(|text: &str| {
    let path = Path::new("fuzz.lexicon");
    for lexicon in [
        Lexicon::from_toml(text, path, Source::User),
        Lexicon::from_pls(text, path, Source::User),
    ]
    .into_iter()
    .flatten()
    {
        let _ = lexicon.apply(text);
    }
});
