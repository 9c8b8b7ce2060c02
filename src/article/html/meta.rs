//! Stage 1c helper: a parsed HTML document in, its title, byline and date out.
//!
//! Read from the DOM (`dom_query`, the parser the extractors use): `<meta>` tags,
//! `<title>`, and JSON-LD scripts parsed with `serde_json`. The parser decodes entities;
//! values that were escaped twice by the site (`&amp;apos;`) are decoded once more.

use dom_query::Document;
use serde_json::Value;

/// What the page's head says about the article.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct PageMeta {
    /// `og:title` or `twitter:title`.
    pub og_title: Option<String>,
    /// JSON-LD `headline`.
    pub headline: Option<String>,
    /// The `<title>` element.
    pub title_element: Option<String>,
    /// `author` / `article:author` meta tags (not URLs), else JSON-LD `author`.
    pub byline: Option<String>,
    /// The raw publication date: meta tags, else JSON-LD `datePublished`.
    pub published: Option<String>,
}

impl PageMeta {
    /// Read the metadata of a parsed page.
    pub fn read(doc: &Document) -> PageMeta {
        let ld = json_ld(doc);
        let ld_string = |field: &str| ld.iter().find_map(|v| string_field(v, field));
        PageMeta {
            og_title: meta_content(doc, &["og:title", "twitter:title"]),
            headline: ld_string("headline"),
            title_element: doc
                .select("title")
                .iter()
                .next()
                .map(|t| clean_value(&t.text()))
                .filter(|t| !t.is_empty()),
            byline: meta_content(doc, &["author", "article:author"])
                .filter(|a| !a.starts_with("http"))
                .or_else(|| ld.iter().find_map(author)),
            published: meta_content(doc, &["article:published_time", "date", "pubdate"])
                .or_else(|| ld_string("datePublished")),
        }
    }

    /// Read the metadata from the page's head only (for pages too large to parse whole).
    pub fn read_head(html: &str) -> PageMeta {
        let mut end = html.len().min(HEAD_WINDOW);
        while !html.is_char_boundary(end) {
            end -= 1;
        }
        let window = &html[..end];
        // The head ends at `</head>` or, when that is missing, where the body starts: a
        // deeply nested body is slow to parse and holds no head.
        let lower = window.to_ascii_lowercase();
        let end = ["</head", "<body"]
            .iter()
            .filter_map(|tag| lower.find(tag))
            .min()
            .unwrap_or(end);
        PageMeta::read(&Document::from(&window[..end]))
    }
}

/// How far into a page too large to parse whole its head is looked for.
const HEAD_WINDOW: usize = 500_000;

/// The `content` of the first `<meta>` whose `property`, `name` or `itemprop` is one of
/// `keys` (in the order of `keys`).
fn meta_content(doc: &Document, keys: &[&str]) -> Option<String> {
    let metas = doc.select("meta");
    keys.iter().find_map(|key| {
        metas.iter().find_map(|meta| {
            let named = ["property", "name", "itemprop"]
                .iter()
                .filter_map(|attr| meta.attr(attr))
                .any(|v| v.trim().eq_ignore_ascii_case(key));
            named
                .then(|| meta.attr("content"))
                .flatten()
                .map(|c| clean_value(&c))
                .filter(|c| !c.is_empty())
        })
    })
}

/// Every JSON value in the page's `application/ld+json` scripts; a script that is not valid
/// JSON is skipped.
fn json_ld(doc: &Document) -> Vec<Value> {
    doc.select("script")
        .iter()
        .filter(|s| {
            s.attr("type")
                .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json"))
        })
        .filter_map(|s| serde_json::from_str::<Value>(s.text().trim()).ok())
        .collect()
}

/// The objects of a JSON-LD value: itself, the items of a list, the items of `@graph`.
fn objects(value: &Value) -> Vec<&serde_json::Map<String, Value>> {
    match value {
        Value::Object(map) => {
            let mut all = vec![map];
            if let Some(graph) = map.get("@graph") {
                all.extend(objects(graph));
            }
            all
        }
        Value::Array(items) => items.iter().flat_map(objects).collect(),
        _ => Vec::new(),
    }
}

/// The first non-empty string `field` of any object in the value.
fn string_field(value: &Value, field: &str) -> Option<String> {
    objects(value).into_iter().find_map(|o| match o.get(field) {
        Some(Value::String(s)) => Some(clean_value(s)).filter(|s| !s.is_empty()),
        _ => None,
    })
}

/// Author names from JSON-LD: `"author": "Name"`, `{"name": …}` or a list of them, joined
/// as a reader says them ("A, B and C").
fn author(value: &Value) -> Option<String> {
    let field = objects(value).into_iter().find_map(|o| o.get("author"))?;
    let items: Vec<&Value> = match field {
        Value::Array(items) => items.iter().collect(),
        other => vec![other],
    };
    let names: Vec<String> = items
        .into_iter()
        .filter_map(|item| match item {
            Value::String(s) => Some(s.as_str()),
            Value::Object(o) => o.get("name").and_then(Value::as_str),
            _ => None,
        })
        .map(clean_value)
        .filter(|n| !n.is_empty() && !n.starts_with("http"))
        .collect();
    match names.as_slice() {
        [] => None,
        [one] => Some(one.clone()),
        [rest @ .., last] => Some(format!("{} and {last}", rest.join(", "))),
    }
}

/// Whitespace collapsed; entities that survived parsing (the site escaped them twice) decoded.
pub(super) fn clean_value(value: &str) -> String {
    let decoded = if value.contains('&') {
        html_escape::decode_html_entities(value).into_owned()
    } else {
        value.to_owned()
    };
    decoded.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(html: &str) -> PageMeta {
        PageMeta::read(&Document::from(html))
    }

    #[test]
    fn entities_in_meta_and_title_are_decoded_by_the_parser() {
        let meta = read(
            r#"<html><head><title>Sch&ouml;ne Gr&uuml;&szlig;e &#8211; Blog</title>
            <meta property="og:title" content="It&apos;s the &auml;ra of &#039;quotes&#x27; &amp; more">
            <meta name="author" content="Ren&eacute;e O&amp;apos;Brien"></head></html>"#,
        );
        assert_eq!(
            meta.og_title.as_deref(),
            Some("It's the ära of 'quotes' & more")
        );
        assert_eq!(meta.title_element.as_deref(), Some("Schöne Grüße – Blog"));
        assert_eq!(meta.byline.as_deref(), Some("Renée O'Brien"));
    }

    #[test]
    fn json_ld_is_read_as_json() {
        let meta = read(
            r#"<script type="application/ld+json">{"@context":"https://schema.org","@graph":[
            {"@type":"WebPage","name":"Site"},
            {"@type":"NewsArticle","headline":"Rain \"at last\" \u00e0 Paris","datePublished":"2024-05-02T10:00:00Z",
             "author":[{"@type":"Person","name":"Ana Ruiz"},{"@type":"Person","name":"Li Wei"},"Sam Roe"]}]}
            </script>"#,
        );
        assert_eq!(meta.headline.as_deref(), Some("Rain \"at last\" à Paris"));
        assert_eq!(meta.published.as_deref(), Some("2024-05-02T10:00:00Z"));
        assert_eq!(meta.byline.as_deref(), Some("Ana Ruiz, Li Wei and Sam Roe"));
    }

    #[test]
    fn broken_json_ld_and_url_authors_are_skipped() {
        let meta = read(
            r#"<meta name="author" content="https://example.com/staff/x">
            <script type="application/ld+json">{"headline": "broken",</script>
            <script type="application/ld+json">[{"author":{"name":"Jo Bloggs"}}]</script>"#,
        );
        assert_eq!(meta.headline, None);
        assert_eq!(meta.byline.as_deref(), Some("Jo Bloggs"));
    }

    #[test]
    fn head_only_reading_stops_at_the_head() {
        let page = r#"<html><head><title>Bridge</title></head><body><meta property="og:title" content="Not me"></body></html>"#;
        let meta = PageMeta::read_head(page);
        assert_eq!(meta.title_element.as_deref(), Some("Bridge"));
        assert_eq!(meta.og_title, None);
    }
}
