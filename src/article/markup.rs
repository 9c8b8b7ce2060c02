//! Stage 1d: the cleaned article in, speech-safe text out.
//!
//! Whatever path a page took (HTML extractors or the plain-text cleaner), no tag,
//! attribute, entity, CSS, JavaScript or template syntax reaches the speech text, and no
//! U+FFFD or mojibake ("schÃ¶n", "donâ€™t"): each block, the title and the byline pass
//! through [`speech_text`]; a block that is code is dropped.

use regex::Regex;
use std::sync::LazyLock;

/// Markup and template syntax that is never said: tags and comments, kramdown attribute
/// lists (`{: target="_blank"}`), wiki-style image markers (`[#image: …]`), liquid and
/// mustache tags, table rules (`|||`).
static MARKUP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?si)<!--.*?-->|</?(a|abbr|article|aside|audio|b|blockquote|body|br|button|canvas|center|cite|code|dd|del|div|dl|dt|em|embed|figcaption|figure|font|footer|form|h[1-6]|head|header|hr|html|i|iframe|img|input|ins|label|li|link|main|mark|meta|nav|noscript|object|ol|option|p|path|picture|pre|q|s|script|section|select|small|source|span|strike|strong|style|sub|sup|svg|table|tbody|td|textarea|tfoot|th|thead|time|title|tr|u|ul|video|wbr)(\s[^<>]*)?/?>|<![A-Za-z][^<>]*>|\{:[^{}]*\}|\{\{[^{}]*\}\}|\{%.*?%\}|\[#(image|img|file|video)[^\]]*\]|\|{3,}"#,
    )
    .expect("static regex")
});

/// Opening words and shapes of CSS and JavaScript lines.
static CODE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"^\s*(var\s+\w+\s*=|let\s+\w+\s*=|const\s+\w+\s*=|function\s*\w*\s*\(|window\.|document\.|\$\(|jQuery|@media\b|@import\b|@font-face\b|if\s*\(.*\)\s*\{|\(function\b|[.#]?[\w-]+(\s*[,>]\s*[.#]?[\w-]+)*\s*\{[^{}]*:[^{}]*;)"#,
    )
    .expect("static regex")
});

/// The text as it may be read aloud: markup removed, entities decoded, mojibake repaired,
/// U+FFFD dropped, whitespace collapsed.
pub fn speech_text(text: &str) -> String {
    let mut text = repair_mojibake(text);
    if text.contains(['<', '{', '[', '|']) {
        text = MARKUP.replace_all(&text, " ").into_owned();
    }
    if text.contains('&') {
        text = html_escape::decode_html_entities(&text).into_owned();
    }
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace('\u{FFFD}', "")
}

/// Whether a block is CSS or JavaScript rather than prose.
pub fn is_code(text: &str) -> bool {
    if CODE.is_match(text) {
        return true;
    }
    let syntax = text.chars().filter(|c| "{};=<>$".contains(*c)).count();
    text.contains('{') && text.contains('}') && syntax * 12 > text.chars().count()
}

/// Sequences that UTF-8 read as Windows-1252 leaves: `Ã` before a Latin-1 letter, `â€`
/// before punctuation, `Â` before a space or symbol, `Å`/`Ä` before Latin Extended letters.
const MOJIBAKE_LEADS: [char; 5] = ['Ã', 'â', 'Â', 'Å', 'Ä'];

/// Text whose UTF-8 was read as Windows-1252 somewhere upstream, read back as UTF-8 (the
/// core of `ftfy`'s fix): only when the whole text goes back to bytes and those bytes are
/// valid UTF-8, so real "Ã" in Portuguese or "â" in French stay.
fn repair_mojibake(text: &str) -> String {
    if !text.contains(MOJIBAKE_LEADS) || !has_mojibake(text) {
        return text.to_owned();
    }
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(text);
    if unmappable {
        return text.to_owned();
    }
    match std::str::from_utf8(&bytes) {
        Ok(fixed) => fixed.to_owned(),
        Err(_) => text.to_owned(),
    }
}

/// Whether the text holds a typical mojibake pair (a lead byte's character followed by a
/// continuation byte's).
pub fn has_mojibake(text: &str) -> bool {
    let chars: Vec<char> = text.chars().collect();
    chars.windows(2).any(|pair| {
        let continuation = |c: char| {
            let mut buffer = [0; 4];
            let (bytes, _, unmappable) =
                encoding_rs::WINDOWS_1252.encode(c.encode_utf8(&mut buffer));
            !unmappable && bytes.len() == 1 && (0x80..=0xBF).contains(&bytes[0])
        };
        MOJIBAKE_LEADS.contains(&pair[0]) && continuation(pair[1])
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_attributes_and_template_syntax_are_never_said() {
        assert_eq!(
            speech_text(
                r#"<tr><td style="color:red">Der Rat</td> <a href="/x">tagte</a> {: target="_blank"} lange [#image: foto.jpg] ||| heute.<!-- c -->"#
            ),
            "Der Rat tagte lange heute."
        );
        assert_eq!(speech_text("a < b and c > d"), "a < b and c > d");
        assert_eq!(
            speech_text("the musical <The Palace: Tale of Jang Noksu> opened"),
            "the musical <The Palace: Tale of Jang Noksu> opened"
        );
    }

    #[test]
    fn entities_are_decoded() {
        assert_eq!(
            speech_text("It&apos;s &auml;hnlich &#039;so&#x27; &amp; gut"),
            "It's ähnlich 'so' & gut"
        );
    }

    #[test]
    fn mojibake_is_repaired_and_real_letters_stay() {
        assert_eq!(speech_text("Sch\u{c3}\u{b6}n, donâ€™t"), "Schön, don’t");
        assert_eq!(speech_text("São Paulo, à côté"), "São Paulo, à côté");
        assert!(!has_mojibake("São Paulo, à côté, Ärger"));
        assert!(has_mojibake("schÃ¶n"));
    }

    #[test]
    fn replacement_characters_are_dropped() {
        assert_eq!(speech_text("caf\u{FFFD} au lait"), "caf au lait");
    }

    #[test]
    fn css_and_javascript_are_code() {
        for code in [
            "var _gaq = _gaq || []; _gaq.push(['_setAccount', 'UA-1']);",
            ".post-title { font-size: 2em; color: #333; }",
            "function initMap() { return new google.maps.Map(el, {zoom: 4}); }",
            "@media (max-width: 600px) { .nav { display: none; } }",
        ] {
            assert!(is_code(code), "{code:?}");
        }
        assert!(!is_code(
            "The council {as it is known} met on Tuesday; it voted 5 to 2."
        ));
    }
}
