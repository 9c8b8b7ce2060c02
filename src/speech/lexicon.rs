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

mod pls;
mod tokens;

use std::collections::HashMap;
use std::ffi::OsString;
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use tokens::{same_separator, Tokens};

/// The built-in English lexicon, compiled into the binary.
const BUILTIN_TOML: &str = include_str!("../../voices/lexicon-en.toml");
const BUILTIN_PATH: &str = "voices/lexicon-en.toml";

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

/// Where an entry came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Builtin,
    User,
    /// Made by a romanisation rule for a name no lexicon has (see `names`).
    Rule,
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Builtin => "builtin",
            Source::User => "user",
            Source::Rule => "rule",
        }
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

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LexiconFile {
    #[serde(default)]
    name: Vec<RawEntry>,
}

/// One `[[name]]` table as read, before checking.
struct Fields {
    /// Byte offset of the entry's `text` value, for errors.
    offset: usize,
    text: String,
    say: Option<String>,
    ipa: Option<String>,
    mode: Option<MatchMode>,
    note: Option<String>,
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
        simple_tables(BUILTIN_TOML)
            .and_then(|fields| Lexicon::from_fields(fields.into_iter(), Source::Builtin).ok())
            .unwrap_or_else(|| {
                Lexicon::from_toml(BUILTIN_TOML, Path::new(BUILTIN_PATH), Source::Builtin)
                    .expect("the built-in lexicon parses (checked by a unit test)")
            })
    }

    /// Read a user lexicon: W3C PLS when the file ends in `.pls` or starts with XML,
    /// TOML otherwise.
    pub fn load(path: &Path) -> Result<Lexicon, LoadLexiconError> {
        let text = std::fs::read_to_string(path).map_err(|source| LoadLexiconError::Read {
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
    pub fn user_default() -> Result<Option<Lexicon>, LoadLexiconError> {
        match user_default_path() {
            Some(path) if path.is_file() => Lexicon::load(&path).map(Some),
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
        let error = |offset: usize, message: String| ParseLexiconError {
            path: path.to_owned(),
            line: line_of(src, offset),
            message,
        };
        let file: LexiconFile = toml::from_str(src).map_err(|e| {
            let offset = e.span().map_or(0, |s| s.start);
            error(offset, e.message().trim_end_matches('\n').to_owned())
        })?;
        let raw = file.name.into_iter().map(|raw| Fields {
            offset: raw.text.span().start,
            text: raw.text.into_inner(),
            say: raw.say,
            ipa: raw.ipa,
            mode: raw.mode,
            note: raw.note,
        });
        Lexicon::from_fields(raw, source).map_err(|(offset, message)| error(offset, message))
    }

    /// Entries from parsed tables; an error is the offset of the entry's text and a message.
    fn from_fields(
        raw: impl Iterator<Item = Fields>,
        source: Source,
    ) -> Result<Lexicon, (usize, String)> {
        let mut entries = Vec::new();
        for raw in raw {
            let error = |message: String| (raw.offset, message);
            let text = normalize_space(&raw.text);
            if Tokens::new(&text).len() == 0 {
                return Err(error("`text` has no words".into()));
            }
            let say = raw
                .say
                .map(|s| normalize_space(&s))
                .filter(|s| !s.is_empty());
            let ipa = raw
                .ipa
                .map(|s| s.trim().to_owned())
                .filter(|s| !s.is_empty());
            if say.is_none() && ipa.is_none() {
                return Err(error(format!("entry {text:?} needs `say` or `ipa`")));
            }
            entries.push(Entry {
                mode: raw.mode.unwrap_or_else(|| default_mode(&text)),
                text,
                say,
                ipa,
                note: raw.note,
                source,
            });
        }
        Ok(Lexicon::new(entries))
    }

    /// Parse a W3C Pronunciation Lexicon (PLS 1.0) document: each `<grapheme>` of a
    /// `<lexeme>` becomes an entry; `<alias>` is the respelling, `<phoneme>` the IPA
    /// (kept only when the lexicon's alphabet is `ipa`).
    pub fn from_pls(src: &str, path: &Path, source: Source) -> Result<Lexicon, ParseLexiconError> {
        let entries = pls::parse(src).map_err(|(offset, message)| ParseLexiconError {
            path: path.to_owned(),
            line: line_of(src, offset),
            message,
        })?;
        Ok(Lexicon::new(
            entries
                .into_iter()
                .map(|(text, say, ipa)| Entry {
                    mode: default_mode(&text),
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

fn default_mode(text: &str) -> MatchMode {
    if text.contains(' ') {
        MatchMode::Phrase
    } else {
        MatchMode::Word
    }
}

/// Entries with the same key are the same name: exact text for `case`, else any case.
fn entry_key(entry: &Entry) -> (bool, String) {
    if entry.mode == MatchMode::Case {
        (true, entry.text.clone())
    } else {
        (false, entry.text.to_lowercase())
    }
}

fn normalize_space(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The 1-based line holding byte `offset` of `src`.
fn line_of(src: &str, offset: usize) -> usize {
    let end = offset.min(src.len());
    src.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// The `[[name]]` tables of a lexicon written in the plain subset of TOML the built-in
/// lexicon uses (comments, `[[name]]`, one `key = "string"` per line, no escapes), read
/// without a TOML parser: the built-in lexicon is loaded at every start, and this is
/// several times faster. `None` for anything outside that subset (the caller then uses the
/// TOML parser); a unit test checks both read the built-in lexicon the same.
fn simple_tables(src: &str) -> Option<Vec<Fields>> {
    let mut tables: Vec<Fields> = Vec::new();
    let mut offset = 0;
    for line in src.split_inclusive('\n') {
        let at = offset;
        offset += line.len();
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if line == "[[name]]" {
            tables.push(Fields {
                offset: at,
                text: String::new(),
                say: None,
                ipa: None,
                mode: None,
                note: None,
            });
            continue;
        }
        let (key, value) = line.split_once(" = ")?;
        let value = value.strip_prefix('"')?.strip_suffix('"')?;
        if value.contains(['"', '\\']) {
            return None;
        }
        let table = tables.last_mut()?;
        let slot = match key {
            "text" if table.text.is_empty() => {
                table.offset = at + line.find('"')?;
                table.text = value.to_owned();
                continue;
            }
            "match" => {
                table.mode = Some(match value {
                    "case" => MatchMode::Case,
                    "word" => MatchMode::Word,
                    "phrase" => MatchMode::Phrase,
                    _ => return None,
                });
                continue;
            }
            "say" => &mut table.say,
            "ipa" => &mut table.ipa,
            "note" => &mut table.note,
            _ => return None,
        };
        if slot.replace(value.to_owned()).is_some() {
            return None;
        }
    }
    tables.iter().all(|t| !t.text.is_empty()).then_some(tables)
}

#[cfg(test)]
mod tests;
