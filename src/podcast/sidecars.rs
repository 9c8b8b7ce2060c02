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

/// A WebVTT transcript with one cue per sentence, timed from the sentence's audio.
pub fn webvtt<S>(track: &Track<S>) -> String {
    let mut vtt = String::from("WEBVTT\n");
    for (n, sentence) in (1..).zip(&track.sentences) {
        let text = sentence
            .text
            .replace("-->", "→")
            .replace('&', "&amp;")
            .replace('<', "&lt;");
        vtt.push_str(&format!(
            "\n{n}\n{} --> {}\n{}\n",
            timestamp(track.rate.seconds(sentence.start)),
            timestamp(track.rate.seconds(sentence.end)),
            text
        ));
    }
    vtt
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
    use crate::audio::{Marker, SampleRate, SentenceSpan};

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
}
