//! The body of every fuzz target, shared by the libFuzzer targets (`fuzz_targets/*.rs`,
//! `cargo fuzz`, nightly or `RUSTC_BOOTSTRAP=1`) and by their stable-toolchain replay in
//! `cargo test` (`tests/hostile/fuzz_replay.rs`). Each takes the raw bytes libFuzzer hands
//! a target and decodes them as `libfuzzer-sys` does for a typed target (`arbitrary`'s
//! `arbitrary_take_rest`), so a crash file from `fuzz/artifacts/` replays the same way in
//! both. A body panics (a failed assertion, or a bug) when what it checks does not hold.

use std::path::Path;

use arbitrary::{Arbitrary, Unstructured};
use narrate::article::{Article, paragraphs};
use narrate::audio::id3::{ChapterTime, Tags, read_tag, tag_bytes, text_value};
use narrate::audio::wav::{encode, read_markers};
use narrate::audio::{SampleRate, Track};
use narrate::engine::mock::MockEngine;
use narrate::render::{Delivery, Requests, check_length};
use narrate::settings::hinted_script;
use narrate::speech::lexicon::{Lexicon, Source};
use narrate::speech::long::{MAX_PIECE_CHARS, split_long};
use narrate::speech::normalize::normalize_in;
use narrate::speech::{NumberStyle, Sentence, names};

/// A target's body: the raw bytes of one input.
pub type Body = fn(&[u8]);

/// Every target: its name (as in `fuzz/Cargo.toml`) and its body.
pub const TARGETS: &[(&str, Body)] = &[
    ("clean_text", clean_text),
    ("clean_html", clean_html),
    ("markdown", markdown),
    ("sentences", sentences),
    ("normalize", normalize),
    ("names", names),
    ("lexicon", lexicon),
    ("wav_roundtrip", wav_roundtrip),
    ("id3", id3),
    ("pipeline", pipeline),
];

/// `bytes` as `libfuzzer-sys` hands them to a target taking `T`; `None` when it would
/// skip the input.
fn decode<'a, T: Arbitrary<'a>>(bytes: &'a [u8]) -> Option<T> {
    if bytes.len() < T::size_hint(0).0 {
        return None;
    }
    T::arbitrary_take_rest(Unstructured::new(bytes)).ok()
}

/// Plain-text cleaning: any text that does not look like HTML. No panic or hang.
pub fn clean_text(bytes: &[u8]) {
    if let Some(text) = decode::<&str>(bytes) {
        let _ = narrate::article::text::clean(text);
    }
}

/// Decoding and HTML extraction (with the depth and size guards) of any bytes. No panic
/// or hang.
pub fn clean_html(bytes: &[u8]) {
    let _ = narrate::article::clean(bytes);
    if let Ok(text) = std::str::from_utf8(bytes) {
        let _ = narrate::article::html::extract(text);
    }
}

/// Markdown extraction (front matter, headings, lists, quotes, links) and the sniffing
/// that decides whether a file is read as Markdown: no block is blank.
pub fn markdown(bytes: &[u8]) {
    let Some(text) = decode::<&str>(bytes) else {
        return;
    };
    let _ = narrate::article::markdown::looks_like_markdown(text);
    if let Ok(article) = narrate::article::markdown::extract(text) {
        assert!(article.blocks.iter().all(|b| !b.text.trim().is_empty()));
    }
}

/// Sentence splitting, then the long-sentence guard: every piece is a non-empty slice of
/// at most the guard's length.
pub fn sentences(bytes: &[u8]) {
    let Some(text) = decode::<&str>(bytes) else {
        return;
    };
    for sentence in narrate::speech::sentences::split(text) {
        assert!(!sentence.is_empty());
        for piece in split_long(sentence) {
            assert!(!piece.is_empty() && piece.chars().count() <= MAX_PIECE_CHARS);
        }
    }
}

/// Spoken forms of any text in each number style; the spoken form of a spoken form must
/// not panic either (the normalizer runs on its own output when a sentence is re-read).
pub fn normalize(bytes: &[u8]) {
    let Some(text) = decode::<&str>(bytes) else {
        return;
    };
    for style in [
        NumberStyle::British,
        NumberStyle::American,
        NumberStyle::AsWritten,
    ] {
        let spoken = normalize_in(text, style);
        let _ = normalize_in(&spoken, style);
    }
}

/// Name finding and rule hints on an article of one paragraph, then the hinted sentence
/// as the engine would get it: hint spans on character boundaries.
pub fn names(bytes: &[u8]) {
    let Some(text) = decode::<&str>(bytes) else {
        return;
    };
    let article = Article {
        title: None,
        byline: None,
        published: None,
        blocks: paragraphs(&[text]),
    };
    let found = names::find(&article, &Lexicon::default());
    let hints = names::rule_hints(&found);
    let sentence = Sentence::new(text, &hints, NumberStyle::British);
    for hint in &sentence.hints {
        assert!(sentence.spoken.is_char_boundary(hint.span.start));
        assert!(sentence.spoken.is_char_boundary(hint.span.end));
    }
    let _ = sentence.respelled();
}

/// The same text as a TOML and as a PLS lexicon, each applied to it. No panic or hang.
pub fn lexicon(bytes: &[u8]) {
    let Some(text) = decode::<&str>(bytes) else {
        return;
    };
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
}

/// The WAV writer: samples and chapter labels in, WAV bytes out, markers read back equal;
/// and the marker reader on any bytes.
pub fn wav_roundtrip(bytes: &[u8]) {
    let Some((chapters, raw)) = decode::<(Vec<(String, u16)>, Vec<u8>)>(bytes) else {
        return;
    };
    let _ = read_markers(&raw);
    let mut track = Track::new(SampleRate(22_050));
    for (label, length) in chapters.iter().take(64) {
        track.mark(label);
        let samples: Vec<f32> = (0..*length).map(|i| (i as f32 * 0.01).sin()).collect();
        track.push_sentence(label, samples, &[]);
    }
    let bytes = encode(&track).expect("a short track encodes");
    let markers = read_markers(&bytes).expect("our own WAV reads back");
    assert_eq!(markers.len(), track.markers.len());
    for (read, written) in markers.iter().zip(&track.markers) {
        assert_eq!(read.sample, written.sample);
        assert_eq!(read.label, written.label.replace('\0', " "));
    }
}

/// Title, artist, album, date; chapters (start, end, title); raw bytes for the reader.
type Id3Input = (
    (
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
    ),
    Vec<(u32, u32, String)>,
    Vec<u8>,
);

/// The ID3 writer: tags and chapters in, an ID3v2.3 tag out, read back equal (title,
/// chapter times and titles); and the tag reader on any bytes.
pub fn id3(bytes: &[u8]) {
    let Some(((title, artist, album, date), chapters, raw)) = decode::<Id3Input>(bytes) else {
        return;
    };
    let _ = read_tag(&raw);
    let tags = Tags {
        title,
        artist,
        album,
        date,
    };
    let chapters: Vec<ChapterTime> = chapters
        .into_iter()
        .take(64)
        .map(|(start_ms, end_ms, title)| ChapterTime {
            start_ms,
            end_ms,
            title,
        })
        .collect();
    let Ok(bytes) = tag_bytes(&tags, &chapters) else {
        return;
    };
    let (read, read_chapters) = read_tag(&bytes).expect("our own tag reads back");
    assert_eq!(read.title, tags.title.as_deref().map(text_value));
    assert_eq!(read_chapters.len(), chapters.len());
    for (read, written) in read_chapters.iter().zip(&chapters) {
        assert_eq!(
            (read.start_ms, read.end_ms),
            (written.start_ms, written.end_ms)
        );
        assert_eq!(read.title, text_value(&written.title));
    }
}

/// The whole text pipeline up to the engine: bytes → article → names → script with rule
/// hints → the length check → engine requests (through the mock voice), as `narrate
/// render` runs it. No panic or hang.
pub fn pipeline(bytes: &[u8]) {
    let Ok(article) = narrate::article::clean(bytes) else {
        return;
    };
    let (script, _unhinted) = hinted_script(&article, &Lexicon::builtin(), NumberStyle::British);
    if check_length(&script, SampleRate(22_050), Delivery::default()).is_err() {
        return;
    }
    let mut engine = MockEngine;
    let mut requests = Requests::new(Delivery::default());
    for sentence in script.sentences() {
        let _ = requests.request(sentence, &mut engine);
    }
}
