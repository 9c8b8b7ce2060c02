//! The TOML lexicon format (`[[name]]` tables): text in, checked entries out. This one
//! parser reads every TOML lexicon: user files at run time, and `voices/lexicon-en.toml`
//! at build time (`build.rs` includes this file and compiles the result into a static
//! table, so a mistake in the built-in lexicon fails the build).
//!
//! Depends only on `serde` and `toml`, so `build.rs` can include it.

use serde::Deserialize;

/// How an entry's text is matched against a sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MatchMode {
    /// Exact case, whole word(s): "US" but not "us".
    Case,
    /// Any case, whole word.
    Word,
    /// Any case, whole words in sequence (any whitespace between them); preferred over
    /// single words where they overlap.
    Phrase,
}

/// One `[[name]]` table, checked: spaces collapsed, empty fields dropped, the match mode
/// decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fields {
    pub text: String,
    pub say: Option<String>,
    pub ipa: Option<String>,
    pub mode: MatchMode,
    pub note: Option<String>,
}

/// A problem at a byte offset of the source.
pub type FileError = (usize, String);

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LexiconFile {
    #[serde(default)]
    name: Vec<RawEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    text: toml::Spanned<String>,
    say: Option<String>,
    ipa: Option<String>,
    #[serde(rename = "match")]
    mode: Option<MatchMode>,
    note: Option<String>,
}

/// The entries of a TOML lexicon, or the first problem (its byte offset and a message).
pub fn parse(src: &str) -> Result<Vec<Fields>, FileError> {
    let file: LexiconFile = toml::from_str(src).map_err(|e| {
        let offset = e.span().map_or(0, |s| s.start);
        (offset, e.message().trim_end_matches('\n').to_owned())
    })?;
    file.name
        .into_iter()
        .map(|raw| {
            let offset = raw.text.span().start;
            check(raw.text.into_inner(), raw.say, raw.ipa, raw.mode, raw.note)
                .map_err(|message| (offset, message))
        })
        .collect()
}

/// One entry from its fields as written (any lexicon format).
pub fn check(
    text: String,
    say: Option<String>,
    ipa: Option<String>,
    mode: Option<MatchMode>,
    note: Option<String>,
) -> Result<Fields, String> {
    let text = normalize_space(&text);
    if !text.chars().any(char::is_alphanumeric) {
        return Err("`text` has no words".into());
    }
    let say = say.map(|s| normalize_space(&s)).filter(|s| !s.is_empty());
    let ipa = ipa.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
    if say.is_none() && ipa.is_none() {
        return Err(format!("entry {text:?} needs `say` or `ipa`"));
    }
    Ok(Fields {
        mode: mode.unwrap_or_else(|| default_mode(&text)),
        text,
        say,
        ipa,
        note,
    })
}

/// `word` for one word, `phrase` for several.
pub fn default_mode(text: &str) -> MatchMode {
    if text.contains(' ') {
        MatchMode::Phrase
    } else {
        MatchMode::Word
    }
}

fn normalize_space(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The 1-based line holding byte `offset` of `src`.
pub fn line_of(src: &str, offset: usize) -> usize {
    let end = offset.min(src.len());
    src.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}
