//! The ID3 writer: tags and chapters in, an ID3v2.3 tag out, read back equal; and the tag
//! reader on any bytes.
#![no_main]
use libfuzzer_sys::fuzz_target;
use narrate::audio::id3::{read_tag, tag_bytes, text_value, ChapterTime, Tags};

type Input = (
    (Option<String>, Option<String>, Option<String>, Option<String>),
    Vec<(u32, u32, String)>,
    Vec<u8>,
);

fuzz_target!(|input: Input| {
    let ((title, artist, album, date), chapters, raw) = input;
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
        assert_eq!((read.start_ms, read.end_ms), (written.start_ms, written.end_ms));
        assert_eq!(read.title, text_value(&written.title));
    }
});
