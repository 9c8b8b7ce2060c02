//! W3C Pronunciation Lexicon Specification (PLS 1.0) documents in, `(grapheme, alias, ipa)`
//! triples out. A small hand parser: PLS uses a handful of elements, no mixed content.

/// One entry per grapheme: (text, respelling from `<alias>`, IPA from `<phoneme>`).
pub(super) type PlsEntry = (String, Option<String>, Option<String>);

/// An error at a byte offset.
type Error = (usize, String);

#[derive(Default)]
struct Lexeme {
    start: usize,
    graphemes: Vec<String>,
    alias: Option<String>,
    ipa: Option<String>,
}

pub(super) fn parse(src: &str) -> Result<Vec<PlsEntry>, Error> {
    let mut entries = Vec::new();
    let mut alphabet = String::from("ipa");
    let mut lexeme: Option<Lexeme> = None;
    // The open element whose text we collect: (name, its alphabet, start of its text).
    let mut open: Option<(String, String, usize)> = None;
    let mut at = 0;
    while let Some(rel) = src[at..].find('<') {
        let lt = at + rel;
        if src[lt..].starts_with("<!--") {
            at = skip_past(src, lt, "-->")?;
            continue;
        }
        if src[lt..].starts_with("<?") {
            at = skip_past(src, lt, "?>")?;
            continue;
        }
        if src[lt..].starts_with("<!") {
            at = skip_past(src, lt, ">")?;
            continue;
        }
        let gt = skip_past(src, lt, ">")?;
        let tag = &src[lt + 1..gt - 1];
        at = gt;
        if let Some(name) = tag.strip_prefix('/') {
            let name = local(name.trim());
            if let Some((open_name, open_alphabet, text_start)) = open.take() {
                if open_name != name {
                    return Err((lt, format!("expected </{open_name}>, found </{name}>")));
                }
                let text = decode(&src[text_start..lt], text_start)?;
                let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
                let Some(lex) = lexeme.as_mut() else {
                    continue;
                };
                match name {
                    "grapheme" => lex.graphemes.push(text),
                    "alias" if lex.alias.is_none() => lex.alias = Some(text),
                    "phoneme" if lex.ipa.is_none() && open_alphabet == "ipa" => {
                        lex.ipa = Some(text)
                    }
                    _ => {}
                }
            } else if name == "lexeme" {
                let lex = lexeme
                    .take()
                    .ok_or((lt, "</lexeme> without <lexeme>".to_owned()))?;
                if lex.graphemes.is_empty() {
                    return Err((lex.start, "lexeme without <grapheme>".into()));
                }
                if lex.alias.is_none() && lex.ipa.is_none() {
                    return Err((
                        lex.start,
                        format!(
                            "lexeme {:?} needs <alias> or an IPA <phoneme>",
                            lex.graphemes[0]
                        ),
                    ));
                }
                for g in lex.graphemes.into_iter().filter(|g| !g.is_empty()) {
                    entries.push((g, lex.alias.clone(), lex.ipa.clone()));
                }
            }
            continue;
        }
        let self_closing = tag.ends_with('/');
        let tag = tag.trim_end_matches('/');
        let (name, attrs) = tag.split_once(char::is_whitespace).unwrap_or((tag, ""));
        let name = local(name);
        if open.is_some() {
            return Err((lt, format!("unexpected <{name}> inside another element")));
        }
        match name {
            "lexicon" => {
                if let Some(a) = attribute(attrs, "alphabet") {
                    alphabet = a.to_lowercase();
                }
            }
            "lexeme" if !self_closing => {
                if lexeme.is_some() {
                    return Err((lt, "<lexeme> inside <lexeme>".into()));
                }
                lexeme = Some(Lexeme {
                    start: lt,
                    ..Lexeme::default()
                });
            }
            "grapheme" | "alias" | "phoneme" | "example" if !self_closing => {
                let element_alphabet = attribute(attrs, "alphabet")
                    .map(|a| a.to_lowercase())
                    .unwrap_or_else(|| alphabet.clone());
                open = Some((name.to_owned(), element_alphabet, gt));
            }
            _ => {}
        }
    }
    if let Some(lex) = lexeme {
        return Err((lex.start, "<lexeme> is never closed".into()));
    }
    Ok(entries)
}

/// The offset just past the first `end` at or after `from`.
fn skip_past(src: &str, from: usize, end: &str) -> Result<usize, Error> {
    src[from..]
        .find(end)
        .map(|i| from + i + end.len())
        .ok_or((from, format!("unterminated markup, expected {end:?}")))
}

/// An element name without its namespace prefix.
fn local(name: &str) -> &str {
    name.rsplit(':').next().unwrap_or(name)
}

/// The value of attribute `key` in a start tag's attribute text.
fn attribute<'a>(attrs: &'a str, key: &str) -> Option<&'a str> {
    let mut rest = attrs;
    while let Some(eq) = rest.find('=') {
        let name = rest[..eq].trim();
        let value = rest[eq + 1..].trim_start();
        let quote = value.chars().next().filter(|c| *c == '"' || *c == '\'')?;
        let close = value[1..].find(quote)?;
        if local(name) == key {
            return Some(&value[1..1 + close]);
        }
        rest = &value[close + 2..];
    }
    None
}

/// Text content with XML character and entity references decoded.
fn decode(text: &str, offset: usize) -> Result<String, Error> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let semi = rest[amp..]
            .find(';')
            .ok_or((offset, "unterminated entity reference".to_owned()))?;
        let name = &rest[amp + 1..amp + semi];
        let c = match name {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => name
                .strip_prefix("#x")
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        out.push(c.ok_or((offset, format!("unknown entity &{name};")))?);
        rest = &rest[amp + semi + 1..];
    }
    out.push_str(rest);
    Ok(out)
}
