//! Build step: the built-in lexicon (`voices/lexicon-en.toml`) is parsed here, by the same
//! parser user lexicons go through (`src/speech/lexicon/file.rs`), and written out as a
//! static Rust table (`$OUT_DIR/lexicon_en.rs`). A mistake in the file fails the build
//! with `voices/lexicon-en.toml:LINE: problem`; the program never parses it at start-up.

use std::fmt::Write as _;
use std::path::PathBuf;

#[allow(dead_code)]
#[path = "src/speech/lexicon/file.rs"]
mod file;

const LEXICON: &str = "voices/lexicon-en.toml";

fn main() {
    println!("cargo::rerun-if-changed={LEXICON}");
    println!("cargo::rerun-if-changed=src/speech/lexicon/file.rs");
    let src =
        std::fs::read_to_string(LEXICON).unwrap_or_else(|e| panic!("cannot read {LEXICON}: {e}"));
    let entries = match file::parse(&src) {
        Ok(entries) => entries,
        Err((offset, message)) => {
            // Cargo shows a build script's stderr when it fails.
            eprintln!("{LEXICON}:{}: {message}", file::line_of(&src, offset));
            std::process::exit(1);
        }
    };
    let mut out = String::from("&[\n");
    for e in &entries {
        writeln!(
            out,
            "    BuiltinEntry {{ text: {:?}, say: {:?}, ipa: {:?}, mode: MatchMode::{:?}, note: {:?} }},",
            e.text, e.say, e.ipa, e.mode, e.note
        )
        .expect("writing to a String");
    }
    out.push_str("]\n");
    let dir = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(dir.join("lexicon_en.rs"), out).expect("OUT_DIR is writable");
}
