//! Podcasting 2.0 chapters JSON ([`chapters_json`]) and a WebVTT transcript ([`webvtt`])
//! from a finished [`Track`]'s markers and sentence timings.

use serde::Serialize;

use crate::audio::Track;

#[derive(Serialize)]
struct Chapters<'a> {
    version: &'static str,
    chapters: Vec<ChapterEntry<'a>>,
}

#[derive(Serialize)]
struct ChapterEntry<'a> {
    #[serde(rename = "startTime")]
    start_time: f64,
    title: &'a str,
}

/// Podcasting 2.0 chapters (`version` 1.2.0), start times in seconds to the millisecond.
pub fn chapters_json<S>(track: &Track<S>) -> String {
    let chapters = Chapters {
        version: "1.2.0",
        chapters: track
            .markers
            .iter()
            .map(|m| ChapterEntry {
                start_time: (track.rate.seconds(m.sample) * 1000.0).round() / 1000.0,
                title: &m.label,
            })
            .collect(),
    };
    let mut json = serde_json::to_string_pretty(&chapters).unwrap_or_default();
    json.push('\n');
    json
}

/// A WebVTT transcript with one cue per sentence, timed from the sentence's audio; where
/// the voice reported word timings, each later word carries its start as a WebVTT
/// timestamp tag (`<00:00:01.250>word`), which players use for karaoke-style highlighting
/// and transcript tools for word-level search.
pub fn webvtt<S>(track: &Track<S>) -> String {
    let mut vtt = String::from("WEBVTT\n");
    for (n, sentence) in (1..).zip(&track.sentences) {
        let mut text = String::new();
        let mut at = 0;
        let mut last = sentence.start;
        for word in &sentence.words {
            if word.sample <= last || word.sample >= sentence.end || word.offset < at {
                continue;
            }
            let Some(before) = sentence.text.get(at..word.offset) else {
                continue;
            };
            text.push_str(&escape(before));
            text.push_str(&format!("<{}>", timestamp(track.rate.seconds(word.sample))));
            at = word.offset;
            last = word.sample;
        }
        text.push_str(&escape(&sentence.text[at..]));
        vtt.push_str(&format!(
            "\n{n}\n{} --> {}\n{}\n",
            timestamp(track.rate.seconds(sentence.start)),
            timestamp(track.rate.seconds(sentence.end)),
            text
        ));
    }
    vtt
}

/// Cue text that cannot end the cue or open a tag.
fn escape(text: &str) -> String {
    text.replace("-->", "→")
        .replace('&', "&amp;")
        .replace('<', "&lt;")
}

/// `HH:MM:SS.mmm`, as WebVTT wants.
fn timestamp(seconds: f64) -> String {
    let ms = (seconds * 1000.0).round() as u64;
    format!(
        "{:02}:{:02}:{:02}.{:03}",
        ms / 3_600_000,
        ms / 60_000 % 60,
        ms / 1000 % 60,
        ms % 1000
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audio::{Marker, SampleRate, SentenceSpan, WordStart};

    fn track() -> Track {
        let mut track = Track::new(SampleRate(1000));
        track.markers = vec![
            Marker {
                sample: 0,
                label: "Head \"line\"".into(),
            },
            Marker {
                sample: 61_234,
                label: "Next".into(),
            },
        ];
        track.sentences = vec![SentenceSpan {
            start: 500,
            end: 3_725_001,
            text: "A <b> & B.".into(),
            words: Vec::new(),
        }];
        track
    }

    #[test]
    fn chapters_json_has_version_and_start_times() {
        let json: serde_json::Value = serde_json::from_str(&chapters_json(&track())).unwrap();
        assert_eq!(json["version"], "1.2.0");
        assert_eq!(json["chapters"][0]["startTime"], 0.0);
        assert_eq!(json["chapters"][0]["title"], "Head \"line\"");
        assert_eq!(json["chapters"][1]["startTime"], 61.234);
    }

    #[test]
    fn webvtt_cues_are_timed_and_escaped() {
        assert_eq!(
            webvtt(&track()),
            "WEBVTT\n\n1\n00:00:00.500 --> 01:02:05.001\nA &lt;b> &amp; B.\n"
        );
    }

    #[test]
    fn word_timings_become_timestamp_tags_after_the_first_word() {
        let mut track = track();
        track.sentences[0].words = [(0, 500), (2, 1_500), (6, 1_600), (8, 2_000)]
            .iter()
            .map(|&(offset, sample)| WordStart { offset, sample })
            .collect();
        assert_eq!(
            webvtt(&track),
            "WEBVTT\n\n1\n00:00:00.500 --> 01:02:05.001\n\
             A <00:00:01.500>&lt;b> <00:00:01.600>& <00:00:02.000>B.\n"
                .replace("& <", "&amp; <")
        );
    }
}
