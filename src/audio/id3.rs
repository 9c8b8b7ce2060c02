//! Stage 4 (output): a track's [`Tags`] and chapter markers in, an ID3v2.3 tag out, as
//! podcast players read it: `TIT2` title, `TPE1` artist (byline or publisher), `TALB`
//! album (feed or episode), `TYER` + `TDAT` date, one `CHAP` per chapter (start and end in
//! milliseconds, a `TIT2` sub-frame with its title) and one top-level, ordered `CTOC`
//! listing them.

use ::id3::frame::{Chapter, TableOfContents};
use ::id3::{Frame, Tag, TagLike, Version};

use super::{Marker, SampleRate};

/// What an output file says about itself (tags in an MP3).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tags {
    /// The article's headline (or the episode's name).
    pub title: Option<String>,
    /// Byline or publisher.
    pub artist: Option<String>,
    /// Feed or episode title.
    pub album: Option<String>,
    /// `YYYY-MM-DD` (or `YYYY`).
    pub date: Option<String>,
}

/// A chapter as the MP3 tag holds it: start and end in milliseconds, title.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChapterTime {
    pub start_ms: u32,
    pub end_ms: u32,
    pub title: String,
}

/// Milliseconds from the start of a track to `sample`, rounded as the chapters JSON rounds.
pub fn milliseconds(rate: SampleRate, sample: usize) -> u32 {
    (rate.seconds(sample) * 1000.0).round() as u32
}

/// The chapters of a track of `len` samples: each marker runs to the next one, the last
/// to the end.
pub fn chapter_times(markers: &[Marker], rate: SampleRate, len: usize) -> Vec<ChapterTime> {
    let end = milliseconds(rate, len);
    markers
        .iter()
        .enumerate()
        .map(|(i, marker)| ChapterTime {
            start_ms: milliseconds(rate, marker.sample),
            end_ms: markers
                .get(i + 1)
                .map_or(end, |next| milliseconds(rate, next.sample)),
            title: marker.label.clone(),
        })
        .collect()
}

/// The ID3v2.3 tag for an MP3 with `tags` and `chapters`.
pub fn tag_bytes(tags: &Tags, chapters: &[ChapterTime]) -> Result<Vec<u8>, ::id3::Error> {
    let mut tag = Tag::new();
    if let Some(title) = &tags.title {
        tag.set_title(text_value(title));
    }
    if let Some(artist) = &tags.artist {
        tag.set_artist(text_value(artist));
    }
    if let Some(album) = &tags.album {
        tag.set_album(text_value(album));
    }
    if let Some(date) = &tags.date {
        add_date(&mut tag, date);
    }
    let ids: Vec<String> = (0..chapters.len()).map(|i| format!("chp{i}")).collect();
    for (chapter, id) in chapters.iter().zip(&ids) {
        tag.add_frame(Chapter {
            element_id: id.clone(),
            start_time: chapter.start_ms,
            end_time: chapter.end_ms,
            // No byte offsets: players use the times.
            start_offset: u32::MAX,
            end_offset: u32::MAX,
            frames: vec![Frame::text("TIT2", text_value(&chapter.title))],
        });
    }
    if !chapters.is_empty() {
        tag.add_frame(TableOfContents {
            element_id: "toc".into(),
            top_level: true,
            ordered: true,
            elements: ids,
            frames: Vec::new(),
        });
    }
    let mut bytes = Vec::new();
    tag.write_to(&mut bytes, Version::Id3v23)?;
    Ok(bytes)
}

/// A text frame's value: NUL separates the values of an ID3v2.3 text frame, so a title with
/// NUL in it read back as several ("\0\0" became "//", found by fuzzing); it becomes a
/// space, as in the WAV's labels.
pub fn text_value(text: &str) -> String {
    text.replace('\0', " ")
}

/// ID3v2.3 has no full date frame: the year goes into `TYER`, day and month into `TDAT`
/// (`DDMM`).
fn add_date(tag: &mut Tag, date: &str) {
    let mut parts = date.trim().splitn(3, '-');
    let year = parts
        .next()
        .filter(|y| y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()));
    let Some(year) = year else {
        return;
    };
    tag.add_frame(Frame::text("TYER", year));
    if let (Some(month), Some(day)) = (parts.next(), parts.next()) {
        let two_digits = |s: &str| s.len() == 2 && s.bytes().all(|b| b.is_ascii_digit());
        if two_digits(month) && two_digits(day) {
            tag.add_frame(Frame::text("TDAT", format!("{day}{month}")));
        }
    }
}

/// Tags and chapters read back from the ID3v2 tag at the start of `bytes` (an MP3).
pub fn read_tag(bytes: &[u8]) -> Result<(Tags, Vec<ChapterTime>), ::id3::Error> {
    let tag = Tag::read_from2(std::io::Cursor::new(bytes))?;
    let text = |id: &str| {
        tag.get(id)
            .and_then(|f| f.content().text())
            .map(str::to_owned)
    };
    let date = match (text("TYER"), text("TDAT")) {
        (Some(year), Some(ddmm)) if ddmm.len() == 4 => {
            Some(format!("{year}-{}-{}", &ddmm[2..], &ddmm[..2]))
        }
        (year, _) => year,
    };
    let tags = Tags {
        title: text("TIT2"),
        artist: text("TPE1"),
        album: text("TALB"),
        date,
    };
    let chapters: Vec<&Chapter> = tag.chapters().collect();
    let order: Vec<String> = tag
        .tables_of_contents()
        .find(|toc| toc.top_level)
        .map(|toc| toc.elements.clone())
        .unwrap_or_else(|| chapters.iter().map(|c| c.element_id.clone()).collect());
    let chapters = order
        .iter()
        .filter_map(|id| chapters.iter().find(|c| &c.element_id == id))
        .map(|c| ChapterTime {
            start_ms: c.start_time,
            end_ms: c.end_time,
            title: c
                .frames
                .iter()
                .find(|f| f.id() == "TIT2")
                .and_then(|f| f.content().text())
                .unwrap_or_default()
                .to_owned(),
        })
        .collect();
    Ok((tags, chapters))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nul_in_a_title_reads_back_as_one_value() {
        // Found by fuzzing: a title "\0\0" read back as "//" (NUL splits ID3v2.3 text).
        let tags = Tags {
            title: Some("a\0b".into()),
            ..Tags::default()
        };
        let chapters = [ChapterTime {
            start_ms: 0,
            end_ms: 10,
            title: "\0\0".into(),
        }];
        let (read, read_chapters) = read_tag(&tag_bytes(&tags, &chapters).unwrap()).unwrap();
        assert_eq!(read.title.as_deref(), Some("a b"));
        assert_eq!(read_chapters[0].title, "  ");
    }

    fn tags() -> Tags {
        Tags {
            title: Some("Kyiv’s new air-defence line".into()),
            artist: Some("Kateryna Denisova".into()),
            album: Some("Morning news".into()),
            date: Some("2024-11-27".into()),
        }
    }

    fn markers() -> Vec<Marker> {
        [
            (0, "Headline"),
            (44_100, "Ціна «енергії»"),
            (99_225, "Last"),
        ]
        .into_iter()
        .map(|(sample, label)| Marker {
            sample,
            label: label.into(),
        })
        .collect()
    }

    #[test]
    fn chapters_run_from_marker_to_marker_and_the_last_to_the_end() {
        let times = chapter_times(&markers(), SampleRate(22_050), 110_250);
        let spans: Vec<(u32, u32)> = times.iter().map(|c| (c.start_ms, c.end_ms)).collect();
        assert_eq!(spans, [(0, 2000), (2000, 4500), (4500, 5000)]);
    }

    #[test]
    fn tags_and_chapters_round_trip_through_id3v23() {
        let chapters = chapter_times(&markers(), SampleRate(22_050), 110_250);
        let bytes = tag_bytes(&tags(), &chapters).unwrap();
        assert_eq!(&bytes[..5], b"ID3\x03\x00");
        let (read, read_chapters) = read_tag(&bytes).unwrap();
        assert_eq!(read, tags());
        assert_eq!(read_chapters, chapters);
    }

    #[test]
    fn the_table_of_contents_is_top_level_ordered_and_lists_every_chapter() {
        let chapters = chapter_times(&markers(), SampleRate(22_050), 110_250);
        let bytes = tag_bytes(&Tags::default(), &chapters).unwrap();
        let tag = Tag::read_from2(std::io::Cursor::new(&bytes)).unwrap();
        let tocs: Vec<&TableOfContents> = tag.tables_of_contents().collect();
        assert_eq!(tocs.len(), 1);
        assert!(tocs[0].top_level && tocs[0].ordered);
        assert_eq!(tocs[0].elements, ["chp0", "chp1", "chp2"]);
        assert!(tag.get("TYER").is_none());
    }

    #[test]
    fn a_year_alone_is_kept_and_a_malformed_date_is_left_out() {
        let year = Tags {
            date: Some("2024".into()),
            ..Tags::default()
        };
        let (read, _) = read_tag(&tag_bytes(&year, &[]).unwrap()).unwrap();
        assert_eq!(read.date.as_deref(), Some("2024"));
        let bad = Tags {
            date: Some("Nov 27".into()),
            ..Tags::default()
        };
        let (read, _) = read_tag(&tag_bytes(&bad, &[]).unwrap()).unwrap();
        assert_eq!(read.date, None);
    }
}
