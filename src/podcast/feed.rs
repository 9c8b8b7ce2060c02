//! Episodes (or articles) in, an RSS 2.0 podcast feed out, with the `itunes` and
//! Podcasting 2.0 `podcast` namespaces: enclosure with the exact byte length,
//! `itunes:duration`, `podcast:chapters` and `podcast:transcript`.
//!
//! Re-running merges: the items already in the feed stay as they were written, an item
//! whose `guid` (a hash of its content) is listed again replaces the old one, newest
//! first, at most `keep` items.

use std::path::Path;

use crate::output;

/// The feed's own description.
#[derive(Debug, Clone)]
pub struct Channel {
    pub title: String,
    /// Where the audio files are served from (enclosure URLs start with it).
    pub base_url: String,
    pub description: String,
    pub language: String,
    pub image: Option<String>,
}

/// One episode (or article) of the feed.
#[derive(Debug, Clone)]
pub struct Item {
    pub title: String,
    pub description: String,
    /// `YYYY-MM-DD`.
    pub date: String,
    /// Stable for the same content.
    pub guid: String,
    /// File names in the served directory.
    pub audio: String,
    pub audio_bytes: u64,
    pub audio_type: &'static str,
    pub seconds: f64,
    pub chapters: String,
    pub transcript: String,
}

/// Write `items` into the feed at `path` (creating it, or merging with the items it
/// lists), newest first, at most `keep`; how many of `items` were new.
pub fn update(
    path: &Path,
    channel: &Channel,
    items: &[Item],
    keep: usize,
) -> anyhow::Result<usize> {
    let old = match std::fs::read_to_string(path) {
        Ok(text) => old_items(&text),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(e) => anyhow::bail!("cannot read {}: {e}", path.display()),
    };
    let mut all: Vec<(String, String, String)> = items
        .iter()
        .map(|item| {
            (
                item.guid.clone(),
                item.date.clone(),
                item_xml(channel, item),
            )
        })
        .collect();
    let added = all
        .iter()
        .filter(|(guid, _, _)| !old.iter().any(|(g, _, _)| g == guid))
        .count();
    for item in old {
        if !all.iter().any(|(guid, _, _)| *guid == item.0) {
            all.push(item);
        }
    }
    // Newest first; the same day keeps the order given (new before old).
    all.sort_by(|a, b| b.1.cmp(&a.1));
    all.truncate(keep.max(1));
    let mut xml = String::from(concat!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
        "<rss version=\"2.0\" xmlns:itunes=\"http://www.itunes.com/dtds/podcast-1.0.dtd\" ",
        "xmlns:podcast=\"https://podcastindex.org/namespace/1.0\">\n<channel>\n"
    ));
    xml.push_str(&format!("  <title>{}</title>\n", escape(&channel.title)));
    xml.push_str(&format!("  <link>{}</link>\n", escape(&channel.base_url)));
    xml.push_str(&format!(
        "  <description>{}</description>\n",
        escape(&channel.description)
    ));
    xml.push_str(&format!(
        "  <language>{}</language>\n",
        escape(&channel.language)
    ));
    xml.push_str("  <generator>narrate</generator>\n");
    xml.push_str(&format!(
        "  <itunes:author>{}</itunes:author>\n",
        escape(&channel.title)
    ));
    if let Some(image) = &channel.image {
        xml.push_str(&format!("  <itunes:image href=\"{}\"/>\n", escape(image)));
    }
    for (_, _, item) in &all {
        xml.push_str(item);
    }
    xml.push_str("</channel>\n</rss>\n");
    output::write_all(&[(path, xml.as_bytes())])?;
    Ok(added)
}

/// One `<item>`, with a `<!-- date -->`-free layout that [`old_items`] reads back.
fn item_xml(channel: &Channel, item: &Item) -> String {
    let url = |file: &str| format!("{}/{}", channel.base_url.trim_end_matches('/'), file);
    let seconds = item.seconds.round() as u64;
    format!(
        concat!(
            "  <item>\n",
            "    <title>{title}</title>\n",
            "    <description>{description}</description>\n",
            "    <pubDate>{date}</pubDate>\n",
            "    <guid isPermaLink=\"false\">{guid}</guid>\n",
            "    <enclosure url=\"{audio}\" length=\"{length}\" type=\"{kind}\"/>\n",
            "    <itunes:duration>{h:02}:{m:02}:{s:02}</itunes:duration>\n",
            "    <podcast:chapters url=\"{chapters}\" type=\"application/json+chapters\"/>\n",
            "    <podcast:transcript url=\"{transcript}\" type=\"text/vtt\"/>\n",
            "  </item>\n"
        ),
        title = escape(&item.title),
        description = escape(&item.description),
        date = rfc2822(&item.date),
        guid = escape(&item.guid),
        audio = escape(&url(&item.audio)),
        length = item.audio_bytes,
        kind = item.audio_type,
        h = seconds / 3600,
        m = seconds / 60 % 60,
        s = seconds % 60,
        chapters = escape(&url(&item.chapters)),
        transcript = escape(&url(&item.transcript)),
    )
}

/// The items of a feed this module wrote: (guid, `YYYY-MM-DD`, the item's XML as it was).
fn old_items(text: &str) -> Vec<(String, String, String)> {
    let mut items = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("  <item>\n") {
        let Some(len) = rest[start..].find("</item>\n") else {
            break;
        };
        let end = start + len + "</item>\n".len();
        let xml = &rest[start..end];
        let guid = between(xml, "<guid isPermaLink=\"false\">", "</guid>");
        let date = between(xml, "<pubDate>", "</pubDate>").and_then(|d| {
            chrono::DateTime::parse_from_rfc2822(&d)
                .ok()
                .map(|d| d.format("%Y-%m-%d").to_string())
        });
        if let (Some(guid), Some(date)) = (guid, date) {
            items.push((unescape(&guid), date, xml.to_owned()));
        }
        rest = &rest[end..];
    }
    items
}

fn between(text: &str, open: &str, close: &str) -> Option<String> {
    let start = text.find(open)? + open.len();
    let end = start + text[start..].find(close)?;
    Some(text[start..end].to_owned())
}

/// `Sat, 30 Nov 2024 06:00:00 +0000` for `2024-11-30` (morning news: six in the morning
/// UTC, so the same content always gets the same date).
fn rfc2822(date: &str) -> String {
    chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(6, 0, 0))
        .map(|d| d.and_utc().to_rfc2822())
        .unwrap_or_else(|| escape(date))
}

/// Text for XML element content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 cannot hold at all.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn channel() -> Channel {
        Channel {
            title: "Morning <news> & more".into(),
            base_url: "https://example.com/pod/".into(),
            description: "Today's news".into(),
            language: "en".into(),
            image: None,
        }
    }

    fn item(guid: &str, date: &str) -> Item {
        Item {
            title: format!("Episode {guid}"),
            description: "A & B".into(),
            date: date.into(),
            guid: guid.into(),
            audio: format!("{guid}.mp3"),
            audio_bytes: 1234,
            audio_type: "audio/mpeg",
            seconds: 3725.4,
            chapters: format!("{guid}.chapters.json"),
            transcript: format!("{guid}.vtt"),
        }
    }

    #[test]
    fn the_feed_parses_and_reruns_merge_without_duplicates() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("feed.xml");
        assert_eq!(
            update(&path, &channel(), &[item("a", "2024-11-29")], 100).unwrap(),
            1
        );
        assert_eq!(
            update(&path, &channel(), &[item("a", "2024-11-29")], 100).unwrap(),
            0
        );
        assert_eq!(
            update(&path, &channel(), &[item("b", "2024-11-30")], 100).unwrap(),
            1
        );
        let bytes = std::fs::read(&path).unwrap();
        let feed = feed_rs::parser::parse(bytes.as_slice()).unwrap();
        let ids: Vec<&str> = feed.entries.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(ids, ["b", "a"]);
        assert_eq!(feed.title.unwrap().content, "Morning <news> & more");
        let enclosure = &feed.entries[0].media[0].content[0];
        assert_eq!(
            enclosure.url.as_ref().unwrap().as_str(),
            "https://example.com/pod/b.mp3"
        );
        let text = String::from_utf8(bytes).unwrap();
        assert!(
            text.contains("<itunes:duration>01:02:05</itunes:duration>"),
            "{text}"
        );
        assert!(text.contains("<pubDate>Sat, 30 Nov 2024 06:00:00 +0000</pubDate>"));
        assert_eq!(
            update(&path, &channel(), &[item("c", "2024-12-01")], 2).unwrap(),
            1
        );
        let feed = feed_rs::parser::parse(std::fs::read(&path).unwrap().as_slice()).unwrap();
        assert_eq!(feed.entries.len(), 2, "--feed-keep bounds the feed");
    }
}
