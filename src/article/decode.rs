//! Stage 1a: raw bytes in, Unicode text out.
//!
//! In order: a byte-order mark; valid UTF-8; the encoding the page declares (`<meta
//! charset>`, `<meta http-equiv="Content-Type">`, the XML declaration); UTF-8 with a few
//! stray bytes (only those bytes are read as Windows-1252, not the whole page); else the
//! encoding `chardetng` detects. The text never contains U+FFFD from decoding.

use super::CleanError;
use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};
use regex::bytes::Regex;
use std::sync::LazyLock;

/// How far into the input a charset declaration is looked for (the HTML standard's
/// prescan reads 1,024 bytes; real pages put long scripts and comments first).
const DECLARATION_WINDOW: usize = 64 * 1024;

/// Decode input bytes to text, refusing empty and binary input.
pub fn decode(bytes: &[u8]) -> Result<String, CleanError> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(CleanError::Empty);
    }
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
        return Ok(without_replacement(text.into_owned()));
    }
    if let Some(text) = utf16_without_bom(bytes) {
        return Ok(text);
    }
    if looks_binary(bytes) {
        return Err(CleanError::Binary);
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(text.to_owned());
    }
    let encoding = match declared_encoding(bytes) {
        Some(declared) if declared != UTF_8 => declared,
        Some(_) => return Ok(repair_utf8(bytes)),
        None if mostly_utf8(bytes) => return Ok(repair_utf8(bytes)),
        None => {
            let mut detector = chardetng::EncodingDetector::new();
            detector.feed(bytes, true);
            detector.guess(None, true)
        }
    };
    if encoding == UTF_8 {
        return Ok(repair_utf8(bytes));
    }
    let (text, _) = encoding.decode_without_bom_handling(bytes);
    Ok(without_replacement(text.into_owned()))
}

/// The encoding named by the page's `<meta charset>`, `<meta http-equiv>` or XML
/// declaration, if it is one `encoding_rs` knows. UTF-16 labels in an ASCII-compatible
/// page are wrong by definition and read as UTF-8, as browsers do.
fn declared_encoding(bytes: &[u8]) -> Option<&'static Encoding> {
    static DECLARATION: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r#"(?i-u)<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([a-z0-9_:.\-]+)|<\?xml\b[^>]*?\bencoding\s*=\s*["']([a-z0-9_:.\-]+)"#,
        )
        .expect("static regex")
    });
    let head = &bytes[..bytes.len().min(DECLARATION_WINDOW)];
    DECLARATION.captures_iter(head).find_map(|caps| {
        let label = caps.get(1).or(caps.get(2))?.as_bytes();
        let encoding = Encoding::for_label(label)?;
        Some(
            if encoding == encoding_rs::UTF_16LE || encoding == encoding_rs::UTF_16BE {
                UTF_8
            } else {
                encoding
            },
        )
    })
}

/// Whether invalid UTF-8 input is UTF-8 with a few stray bytes: more valid multi-byte
/// characters than invalid sequences.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let (mut valid, mut invalid) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        valid += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        invalid += usize::from(!chunk.invalid().is_empty());
    }
    valid > invalid
}

/// UTF-8 text whose invalid byte sequences are read as Windows-1252 (the usual source of a
/// stray byte in a UTF-8 page is a Latin-1 or Windows-1252 fragment pasted in).
fn repair_utf8(bytes: &[u8]) -> String {
    let mut text = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        text.push_str(chunk.valid());
        let (stray, _) = WINDOWS_1252.decode_without_bom_handling(chunk.invalid());
        text.push_str(&stray);
    }
    text
}

/// The text without U+FFFD (bytes the encoding cannot map): a listener hears nothing useful
/// in a replacement character.
fn without_replacement(text: String) -> String {
    if text.contains('\u{FFFD}') {
        text.replace('\u{FFFD}', "")
    } else {
        text
    }
}

/// UTF-16 text saved without a byte-order mark (it looked like binary data for its NUL
/// bytes): the text when, in the first 8 KiB, at least a fifth of the code units have a
/// zero high byte on one side and almost none on the other (text has spaces, digits and
/// line breaks, whatever its script), and the whole input decodes without an error to
/// text with few control characters.
fn utf16_without_bom(bytes: &[u8]) -> Option<String> {
    let head = &bytes[..bytes.len().min(8192)];
    let units = head.len() / 2;
    if units < 2 {
        return None;
    }
    let zeros = |at: usize| head.chunks_exact(2).filter(|pair| pair[at] == 0).count();
    let (even, odd) = (zeros(0), zeros(1));
    let encoding = match (even * 5 >= units, odd * 5 >= units) {
        (false, true) if even * 50 <= units => encoding_rs::UTF_16LE,
        (true, false) if odd * 50 <= units => encoding_rs::UTF_16BE,
        _ => return None,
    };
    let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
    let controls = text
        .chars()
        .take(4096)
        .filter(|&c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}'))
        .count();
    (!had_errors && controls * 20 <= text.chars().take(4096).count()).then(|| text.into_owned())
}

/// NUL bytes or many control characters in the first 8 KiB mean binary data.
fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(8192)];
    let controls = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c))
        .count();
    head.contains(&0) || controls * 20 > head.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_bom_loses_the_bom() {
        assert_eq!(decode(b"\xEF\xBB\xBFHello").unwrap(), "Hello");
    }

    #[test]
    fn windows_1252_curly_quotes_and_latin1_letters_decode() {
        assert_eq!(
            decode(b"\x93Caf\xe9\x94 \x96 na\xefve").unwrap(),
            "\u{201c}Caf\u{e9}\u{201d} \u{2013} na\u{ef}ve"
        );
    }

    #[test]
    fn empty_and_whitespace_only_input_is_empty() {
        assert_eq!(decode(b""), Err(CleanError::Empty));
        assert_eq!(decode(b" \n\t\n"), Err(CleanError::Empty));
    }

    #[test]
    fn binary_input_is_refused() {
        assert_eq!(
            decode(b"\x7fELF\x02\x01\x01\0\0\0"),
            Err(CleanError::Binary)
        );
    }

    #[test]
    fn utf16_with_bom_decodes() {
        assert_eq!(decode(b"\xFF\xFEH\0i\0").unwrap(), "Hi");
    }

    #[test]
    fn utf16_without_a_bom_is_text_not_binary() {
        // Was refused as "binary data" for its NUL bytes.
        let text = "Київ, 27 листопада. The council met on Tuesday.\n";
        let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert_eq!(decode(&le).unwrap(), text);
        assert_eq!(decode(&be).unwrap(), text);
        // Quiet 16-bit audio has the same zero bytes, but decodes to control characters.
        let audio: Vec<u8> = (0..4000u32)
            .flat_map(|i| ((((i * 7919) % 200) as i16) - 100).to_le_bytes())
            .collect();
        assert_eq!(decode(&audio), Err(CleanError::Binary));
    }

    #[test]
    fn one_stray_byte_in_a_utf8_page_does_not_turn_it_into_mojibake() {
        let mut page = "<p>Sch\u{f6}n und gr\u{fc}n, \u{201e}gut\u{201c} \u{2013} Stra\u{df}e</p>"
            .as_bytes()
            .to_vec();
        page.extend_from_slice(b" caf\xe9");
        let text = decode(&page).unwrap();
        assert!(text.contains("Sch\u{f6}n und gr\u{fc}n"), "{text}");
        assert!(text.ends_with(" caf\u{e9}"), "{text}");
        assert!(!text.contains('\u{FFFD}') && !text.contains("Ã"), "{text}");
    }

    #[test]
    fn declared_charset_is_honoured() {
        // "Łódź, żółć" in Windows-1250.
        let page = b"<html><head><meta charset=\"windows-1250\"></head><body>\xA3\xF3d\x9F, \xBF\xF3\xB3\xE6</body></html>";
        assert!(decode(page).unwrap().contains("Łódź, żółć"));
        let page = b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=ISO-8859-2\"><p>\xA3\xF3d\xBC</p>";
        assert!(decode(page).unwrap().contains("Łódź"));
        let page =
            b"<?xml version=\"1.0\" encoding=\"gb2312\"?><html><p>\xD6\xD0\xCE\xC4</p></html>";
        assert!(decode(page).unwrap().contains("中文"));
    }

    #[test]
    fn undeclared_legacy_encoding_is_detected() {
        let text = "Ветер усилился к вечеру, и жители города закрыли окна. Синоптики обещают дождь до конца недели.";
        let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(text);
        assert_eq!(decode(&bytes).unwrap(), text);
    }

    #[test]
    fn a_declared_charset_contradicted_by_valid_utf8_is_ignored() {
        let page = "<meta charset=\"iso-8859-1\"><p>Gr\u{fc}\u{df}e</p>";
        assert!(decode(page.as_bytes()).unwrap().contains("Grüße"));
    }
}
