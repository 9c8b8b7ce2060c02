//! Stage 2 helper: pronunciation lexicons in, name spans with their hints out.
//!
//! A lexicon maps written names ("Yoon Suk Yeol", "Kyiv") to how they are said: IPA (`ipa`,
//! what the engine is given as phonemes) and a respelling any English voice reads correctly
//! (`say`, for voices without phoneme input); either may be missing. The built-in
//! list lives in `voices/lexicon-en.toml`; users add or override entries in
//! `$XDG_CONFIG_HOME/narrate/lexicon.toml` or any TOML / W3C PLS file.
//!
//! Matching compares words (runs of letters and digits, so "Kyiv" matches in
//! "Moscow-Kyiv" but not in "Kyivstar") and the separators between them (any whitespace
//! for a space; hyphens and apostrophes as written, curly = straight). It prefers phrases
//! to single words, then longer to shorter, then leftmost (`case`: exact case; `word` and
//! `phrase`: any case).

mod file;
mod pls;
mod tokens;

use std::collections::HashMap;
use std::ffi::OsString;
use std::ops::Range;
use std::path::{Path, PathBuf};

pub use file::MatchMode;
pub(crate) use file::line_of;
use tokens::{Tokens, same_separator};

/// One entry of the built-in lexicon as `build.rs` wrote it.
struct BuiltinEntry {
    text: &'static str,
    say: Option<&'static str>,
    ipa: Option<&'static str>,
    mode: MatchMode,
    note: Option<&'static str>,
}

/// The built-in English lexicon (`voices/lexicon-en.toml`), parsed and checked at build time.
const BUILTIN: &[BuiltinEntry] = include!(concat!(env!("OUT_DIR"), "/lexicon_en.rs"));

/// Where an entry came from; written `builtin`, `user` or `rule:LANG`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Builtin,
    User,
    /// Made by a rule for a name no lexicon has, from the language the name was placed in
    /// (see `names`).
    Rule(Origin),
}

/// The language a rule placed a name in, by its language code (`ko`, `pl`, …).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Origin(pub &'static str);

impl Origin {
    /// Korean, Revised Romanization.
    pub const KOREAN: Origin = Origin("ko");
    /// Chinese, pinyin.
    pub const CHINESE: Origin = Origin("zh");
    /// Ukrainian or Russian, transliterated.
    pub const EAST_SLAVIC: Origin = Origin("uk");

    pub fn code(self) -> &'static str {
        self.0
    }
}

impl std::fmt::Display for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Source::Builtin => f.write_str("builtin"),
            Source::User => f.write_str("user"),
            Source::Rule(origin) => write!(f, "rule:{}", origin.code()),
        }
    }
}

impl serde::Serialize for Source {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// One name and how to say it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub text: String,
    /// Respelling read by any English voice.
    pub say: Option<String>,
    pub ipa: Option<String>,
    pub mode: MatchMode,
    pub note: Option<String>,
    pub source: Source,
}

impl Entry {
    fn new(f: file::Fields, source: Source) -> Entry {
        Entry {
            text: f.text,
            say: f.say,
            ipa: f.ipa,
            mode: f.mode,
            note: f.note,
            source,
        }
    }
}

/// A lexicon entry found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hinted<'a> {
    /// Byte range of the match in the text.
    pub span: Range<usize>,
    pub entry: &'a Entry,
}

/// A lexicon file that could not be read as one.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("{}:{line}: {message}", path.display())]
pub struct ParseLexiconError {
    pub path: PathBuf,
    /// 1-based line of the problem.
    pub line: usize,
    pub message: String,
}

/// A lexicon file that could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadLexiconError {
    #[error("cannot read lexicon {}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(transparent)]
    Parse(#[from] ParseLexiconError),
}

/// The text of a settings file (a lexicon, the config), refusing a directory or a device
/// by name instead of reading nothing or forever.
pub fn read_text_file(path: &Path) -> std::io::Result<String> {
    let meta = std::fs::metadata(path)?;
    if meta.is_dir() {
        return Err(std::io::Error::other("it is a directory, not a file"));
    }
    if !meta.is_file() {
        return Err(std::io::Error::other(
            "it is a device, FIFO or socket, not a file",
        ));
    }
    std::fs::read_to_string(path)
}

/// A set of entries, indexed by their first word.
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    entries: Vec<Entry>,
    /// Each entry's words and the separators between them (`seps[0]` is empty).
    shapes: Vec<Shape>,
    /// Lowercase first word → entries starting with it.
    by_first_word: HashMap<String, Vec<usize>>,
}

#[derive(Debug, Clone)]
struct Shape {
    words: Vec<String>,
    lower: Vec<String>,
    seps: Vec<String>,
}

impl Shape {
    fn of(text: &str) -> Shape {
        let tokens = Tokens::new(text);
        Shape {
            words: (0..tokens.len())
                .map(|i| tokens.word(i).to_owned())
                .collect(),
            lower: tokens.lower.clone(),
            seps: (0..tokens.len())
                .map(|i| {
                    if i == 0 {
                        String::new()
                    } else {
                        tokens.sep_before(i).to_owned()
                    }
                })
                .collect(),
        }
    }
}

impl Lexicon {
    /// A lexicon of these entries; a later entry for the same text replaces an earlier one.
    pub fn new(entries: Vec<Entry>) -> Lexicon {
        let mut kept: Vec<Entry> = Vec::with_capacity(entries.len());
        let mut index: HashMap<(bool, String), usize> = HashMap::new();
        for entry in entries {
            let key = entry_key(&entry);
            match index.get(&key) {
                Some(&i) => kept[i] = entry,
                None => {
                    index.insert(key, kept.len());
                    kept.push(entry);
                }
            }
        }
        let shapes: Vec<Shape> = kept.iter().map(|e| Shape::of(&e.text)).collect();
        let mut by_first_word: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, shape) in shapes.iter().enumerate() {
            if let Some(first) = shape.lower.first() {
                by_first_word.entry(first.clone()).or_default().push(i);
            }
        }
        Lexicon {
            entries: kept,
            shapes,
            by_first_word,
        }
    }

    /// The lexicon shipped with narrate (`voices/lexicon-en.toml`).
    pub fn builtin() -> Lexicon {
        let own = |s: Option<&str>| s.map(str::to_owned);
        Lexicon::new(
            BUILTIN
                .iter()
                .map(|e| Entry {
                    text: e.text.to_owned(),
                    say: own(e.say),
                    ipa: own(e.ipa),
                    mode: e.mode,
                    note: own(e.note),
                    source: Source::Builtin,
                })
                .collect(),
        )
    }

    /// Read a user lexicon: W3C PLS when the file ends in `.pls` or starts with XML,
    /// TOML otherwise.
    pub fn load(path: &Path) -> Result<Lexicon, LoadLexiconError> {
        let text = read_text_file(path).map_err(|source| LoadLexiconError::Read {
            path: path.to_owned(),
            source,
        })?;
        let is_pls = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("pls"))
            || text.trim_start().starts_with("<?xml");
        let lexicon = if is_pls {
            Lexicon::from_pls(&text, path, Source::User)?
        } else {
            Lexicon::from_toml(&text, path, Source::User)?
        };
        Ok(lexicon)
    }

    /// The per-user lexicon, `$XDG_CONFIG_HOME/narrate/lexicon.toml` (else
    /// `~/.config/narrate/lexicon.toml`), when that file exists.
    /// A folder (or anything else that is not a file) in its place is an error.
    pub fn user_default() -> Result<Option<Lexicon>, LoadLexiconError> {
        match user_default_path() {
            Some(path) if std::fs::symlink_metadata(&path).is_ok() => {
                Lexicon::load(&path).map(Some)
            }
            _ => Ok(None),
        }
    }

    /// The built-in lexicon with the per-user one (if any) merged over it.
    pub fn with_user_default() -> Result<Lexicon, LoadLexiconError> {
        let builtin = Lexicon::builtin();
        Ok(match Lexicon::user_default()? {
            Some(user) => builtin.merge(user),
            None => builtin,
        })
    }

    /// Parse the TOML lexicon format (`[[name]]` tables); `path` only labels errors.
    pub fn from_toml(src: &str, path: &Path, source: Source) -> Result<Lexicon, ParseLexiconError> {
        let fields = file::parse(src).map_err(|(offset, message)| ParseLexiconError {
            path: path.to_owned(),
            line: file::line_of(src, offset),
            message,
        })?;
        Ok(Lexicon::new(
            fields.into_iter().map(|f| Entry::new(f, source)).collect(),
        ))
    }

    /// Parse a W3C Pronunciation Lexicon (PLS 1.0) document: each `<grapheme>` of a
    /// `<lexeme>` becomes an entry; `<alias>` is the respelling, `<phoneme>` the IPA
    /// (kept only when the lexicon's alphabet is `ipa`).
    pub fn from_pls(src: &str, path: &Path, source: Source) -> Result<Lexicon, ParseLexiconError> {
        let entries = pls::parse(src).map_err(|(offset, message)| ParseLexiconError {
            path: path.to_owned(),
            line: file::line_of(src, offset),
            message,
        })?;
        Ok(Lexicon::new(
            entries
                .into_iter()
                .map(|(text, say, ipa)| Entry {
                    mode: file::default_mode(&text),
                    text,
                    say,
                    ipa,
                    note: None,
                    source,
                })
                .collect(),
        ))
    }

    /// This lexicon with `later`'s entries added; where both have the same text, `later` wins.
    pub fn merge(self, later: Lexicon) -> Lexicon {
        let mut entries = self.entries;
        entries.extend(later.entries);
        Lexicon::new(entries)
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Every lexicon name in `text`, in text order, without overlaps: phrases before single
    /// words, longer before shorter, earlier before later.
    pub fn apply(&self, text: &str) -> Vec<Hinted<'_>> {
        let tokens = Tokens::new(text);
        // (match, entry index): on equal spans the later entry (a user's) wins.
        let mut found: Vec<(Hinted, usize)> = Vec::new();
        for at in 0..tokens.len() {
            let Some(candidates) = self.by_first_word.get(&tokens.lower[at]) else {
                continue;
            };
            for &i in candidates {
                if let Some(end) = self.match_at(i, &tokens, at) {
                    let hint = Hinted {
                        span: tokens.spans[at].start..tokens.spans[end].end,
                        entry: &self.entries[i],
                    };
                    found.push((hint, i));
                }
            }
        }
        found.sort_by_key(|(h, i)| {
            (
                h.entry.mode != MatchMode::Phrase,
                std::cmp::Reverse(h.span.len()),
                h.span.start,
                std::cmp::Reverse(*i),
            )
        });
        let mut kept: Vec<Hinted> = Vec::with_capacity(found.len());
        for (h, _) in found {
            if kept
                .iter()
                .all(|k| k.span.end <= h.span.start || h.span.end <= k.span.start)
            {
                kept.push(h);
            }
        }
        kept.sort_by_key(|h| h.span.start);
        kept
    }

    /// The index of the last text word when entry `i` matches the text from word `at`.
    fn match_at(&self, i: usize, tokens: &Tokens, at: usize) -> Option<usize> {
        let shape = &self.shapes[i];
        let exact = self.entries[i].mode == MatchMode::Case;
        let end = at + shape.words.len() - 1;
        if end >= tokens.len() {
            return None;
        }
        for (k, word) in shape.words.iter().enumerate() {
            let t = at + k;
            let same = if exact {
                tokens.word(t) == word
            } else {
                tokens.lower[t] == shape.lower[k]
            };
            if !same || (k > 0 && !same_separator(&shape.seps[k], tokens.sep_before(t))) {
                return None;
            }
        }
        Some(end)
    }

    /// The entry that matches all of `name` (ignoring surrounding whitespace), if any.
    pub fn lookup(&self, name: &str) -> Option<&Entry> {
        let name = name.trim();
        match self.apply(name).as_slice() {
            [only] if only.span == (0..name.len()) => Some(only.entry),
            _ => None,
        }
    }
}

/// `text` with each `(span, respelling)` applied, in order; spans without a respelling
/// stay as written.
pub fn respelled<'a>(
    text: &str,
    hints: impl IntoIterator<Item = (Range<usize>, Option<&'a str>)>,
) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (span, say) in hints {
        if let Some(say) = say {
            out.push_str(&text[at..span.start]);
            out.push_str(say);
            at = span.end;
        }
    }
    out.push_str(&text[at..]);
    out
}

/// `$XDG_CONFIG_HOME/narrate/lexicon.toml`, else `$HOME/.config/narrate/lexicon.toml`.
pub fn user_default_path() -> Option<PathBuf> {
    config_file(
        std::env::var_os("XDG_CONFIG_HOME"),
        std::env::var_os("HOME"),
    )
}

/// The XDG rule: a relative or empty `XDG_CONFIG_HOME` is ignored.
fn config_file(xdg: Option<OsString>, home: Option<OsString>) -> Option<PathBuf> {
    let config = xdg
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| {
            home.filter(|h| !h.is_empty())
                .map(|h| PathBuf::from(h).join(".config"))
        })?;
    Some(config.join("narrate").join("lexicon.toml"))
}

/// Entries with the same key are the same name: exact text for `case`, else any case.
fn entry_key(entry: &Entry) -> (bool, String) {
    if entry.mode == MatchMode::Case {
        (true, entry.text.clone())
    } else {
        (false, entry.text.to_lowercase())
    }
}

#[cfg(test)]
mod tests;
