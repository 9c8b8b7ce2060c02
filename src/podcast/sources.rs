//! What a batch reads: the command line's inputs (files, directories, `@LIST` files, RSS
//! and Atom feeds, URLs) in, one [`Source`] per article out, in input order.
//!
//! A directory gives every `.txt`, `.html`, `.htm` and `.md` file directly inside it,
//! sorted by name; a list file gives one path or URL a line (`#` starts a comment; paths
//! are relative to the list); a feed gives one source per item: the item's full text when
//! the feed carries it, else its link, fetched later. Anything that cannot be read
//! becomes a source that failed, so the batch goes on and reports it.

use std::path::{Path, PathBuf};

use super::fetch::{self, is_url};

/// One article to read, before it is fetched or cleaned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// What names the article across runs and machines: the path as given, the URL, or
    /// the feed item's id. Shards and the cache key on it.
    pub identity: String,
    pub origin: Origin,
    /// The feed item's title and date, for an article whose text lacks them.
    pub title: Option<String>,
    pub published: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    File(PathBuf),
    Url(String),
    /// A feed item's own full text (HTML).
    Text(String),
    /// The input could not be expanded: the reason.
    Failed(String),
}

/// Files a directory contributes, by extension.
const ARTICLE_EXTENSIONS: [&str; 4] = ["txt", "html", "htm", "md"];

/// Every article the inputs name, in order. Feed URLs are fetched here (to list their
/// items); article URLs are not.
pub fn expand(inputs: &[String]) -> Vec<Source> {
    let mut sources = Vec::new();
    for input in inputs {
        expand_one(input, Path::new(""), &mut sources, 0);
    }
    sources
}

/// How deep `@LIST` files may name other lists.
const MAX_LIST_DEPTH: usize = 4;

fn expand_one(input: &str, base: &Path, sources: &mut Vec<Source>, depth: usize) {
    if let Some(list) = input.strip_prefix('@') {
        let path = base.join(list);
        match std::fs::read_to_string(&path) {
            Ok(_) if depth >= MAX_LIST_DEPTH => {
                sources.push(failed(input, "lists nest too deeply".into()))
            }
            Ok(text) => {
                let dir = path.parent().unwrap_or(Path::new("")).to_owned();
                for line in text.lines() {
                    let entry = line
                        .split_once('#')
                        .map_or(line, |(before, _)| before)
                        .trim();
                    if !entry.is_empty() {
                        expand_one(entry, &dir, sources, depth + 1);
                    }
                }
            }
            Err(e) => sources.push(failed(input, format!("cannot read the list: {e}"))),
        }
        return;
    }
    if is_url(input) {
        sources.extend(expand_url(input));
        return;
    }
    let path = base.join(input);
    let identity = path.display().to_string();
    if path.is_dir() {
        match article_files(&path) {
            Ok(files) => sources.extend(files.into_iter().map(|file| Source {
                identity: file.display().to_string(),
                origin: Origin::File(file),
                title: None,
                published: None,
            })),
            Err(e) => sources.push(failed(&identity, format!("cannot list: {e}"))),
        }
        return;
    }
    match std::fs::read(&path) {
        Ok(bytes) if looks_like_feed(&bytes) => match feed_items(&bytes, &identity) {
            Ok(items) => sources.extend(items),
            Err(reason) => sources.push(failed(&identity, reason)),
        },
        // Read again when cleaned: a day's news is small, and this keeps memory flat.
        Ok(_) => sources.push(Source {
            identity,
            origin: Origin::File(path),
            title: None,
            published: None,
        }),
        Err(e) => sources.push(failed(&identity, format!("cannot read: {e}"))),
    }
}

/// A URL is an article unless it answers with a feed.
fn expand_url(url: &str) -> Vec<Source> {
    // A page's address says nothing of what it serves; only feeds are fetched here, so
    // ask for the URL once and keep the body when it is an article.
    match fetch::fetch(url) {
        Ok(fetched) if looks_like_feed(&fetched.bytes) => match feed_items(&fetched.bytes, url) {
            Ok(items) => items,
            Err(reason) => vec![failed(url, reason)],
        },
        Ok(_) | Err(_) => vec![Source {
            identity: url.to_owned(),
            origin: Origin::Url(url.to_owned()),
            title: None,
            published: None,
        }],
    }
}

fn failed(identity: &str, reason: String) -> Source {
    Source {
        identity: identity.to_owned(),
        origin: Origin::Failed(reason),
        title: None,
        published: None,
    }
}

/// The article files directly inside `dir`, sorted by name.
fn article_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let wanted = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| ARTICLE_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()));
        if wanted && path.is_file() {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

/// Whether `bytes` open like an RSS or Atom document.
pub fn looks_like_feed(bytes: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(2048)]).to_ascii_lowercase();
    let head = head.trim_start_matches('\u{feff}').trim_start();
    (head.starts_with("<?xml") || head.starts_with("<rss") || head.starts_with("<feed"))
        && (head.contains("<rss") || head.contains("<feed") || head.contains("<rdf:rdf"))
}

/// Items with at least this much text carry the article itself; shorter ones are teasers
/// and their link is fetched instead.
const FULL_TEXT_CHARS: usize = 400;

/// One source per feed item, in the feed's order.
fn feed_items(bytes: &[u8], feed: &str) -> Result<Vec<Source>, String> {
    let parsed = feed_rs::parser::parse(bytes).map_err(|e| format!("not a readable feed: {e}"))?;
    let mut items = Vec::new();
    for entry in parsed.entries {
        let link = entry.links.first().map(|l| l.href.clone());
        let full_text = entry
            .content
            .as_ref()
            .and_then(|c| c.body.clone())
            .or_else(|| entry.summary.as_ref().map(|s| s.content.clone()))
            .filter(|text| text.chars().count() >= FULL_TEXT_CHARS);
        let identity = if entry.id.is_empty() {
            link.clone().unwrap_or_default()
        } else {
            entry.id.clone()
        };
        let title = entry.title.map(|t| t.content.trim().to_owned());
        let origin = match (full_text, link) {
            (Some(text), _) => Origin::Text(text),
            (None, Some(link)) if is_url(&link) => Origin::Url(link),
            _ => Origin::Failed(format!(
                "feed item {:?} has neither full text nor a link",
                title.as_deref().unwrap_or(&identity)
            )),
        };
        items.push(Source {
            identity: if identity.is_empty() {
                format!("{feed}#{}", items.len() + 1)
            } else {
                identity
            },
            origin,
            title,
            published: entry
                .published
                .or(entry.updated)
                .map(|d| d.format("%Y-%m-%d").to_string()),
        });
    }
    Ok(items)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directories_give_their_article_files_sorted_and_lists_resolve_beside_themselves() {
        let dir = tempfile::tempdir().unwrap();
        let news = dir.path().join("news");
        std::fs::create_dir(&news).unwrap();
        for name in ["b.html", "a.txt", "c.md", "skip.json", "d.HTM"] {
            std::fs::write(news.join(name), "x").unwrap();
        }
        std::fs::write(
            dir.path().join("list.txt"),
            "# today\nnews/a.txt\n\n  news/c.md  # the Markdown one\n",
        )
        .unwrap();
        let names = |sources: Vec<Source>| -> Vec<String> {
            sources
                .into_iter()
                .map(|s| match s.origin {
                    Origin::File(p) => p.file_name().unwrap().to_string_lossy().into_owned(),
                    other => panic!("{other:?}"),
                })
                .collect()
        };
        let listed = expand(&[news.display().to_string()]);
        assert_eq!(names(listed), ["a.txt", "b.html", "c.md", "d.HTM"]);
        let listed = expand(&[format!("@{}", dir.path().join("list.txt").display())]);
        assert_eq!(names(listed), ["a.txt", "c.md"]);
    }

    #[test]
    fn a_missing_input_is_a_failed_source_not_the_end_of_the_batch() {
        let sources = expand(&["/no/such/file.txt".into(), "@/no/such/list".into()]);
        assert_eq!(sources.len(), 2);
        assert!(
            sources
                .iter()
                .all(|s| matches!(s.origin, Origin::Failed(_)))
        );
    }

    #[test]
    fn feed_items_carry_full_text_or_their_link() {
        let long = "Word ".repeat(100);
        let rss = format!(
            r#"<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>
            <item><title>Full</title><guid>id-1</guid><link>https://example.com/1</link>
              <description>{long}</description><pubDate>Sat, 30 Nov 2024 06:00:00 GMT</pubDate></item>
            <item><title>Teaser</title><link>https://example.com/2</link><description>Short.</description></item>
            </channel></rss>"#
        );
        assert!(looks_like_feed(rss.as_bytes()));
        let items = feed_items(rss.as_bytes(), "feed.xml").unwrap();
        assert_eq!(items.len(), 2);
        assert_eq!(items[0].identity, "id-1");
        assert!(matches!(items[0].origin, Origin::Text(_)));
        assert_eq!(items[0].published.as_deref(), Some("2024-11-30"));
        assert_eq!(items[1].origin, Origin::Url("https://example.com/2".into()));
        assert_eq!(items[1].title.as_deref(), Some("Teaser"));
        assert!(!looks_like_feed(b"<html><body>rss</body></html>"));
    }
}
