//! Stage 1a: raw bytes in, Unicode text out (UTF-8 with or without BOM, UTF-16 with BOM,
//! else Windows-1252, which is a superset of printable Latin-1).

use super::CleanError;

/// Decode input bytes to text, refusing empty and binary input.
pub fn decode(bytes: &[u8]) -> Result<String, CleanError> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(CleanError::Empty);
    }
    if let Some((encoding, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
        return Ok(text.into_owned());
    }
    if looks_binary(bytes) {
        return Err(CleanError::Binary);
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.to_owned()),
        Err(_) => {
            let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
            Ok(text.into_owned())
        }
    }
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
}
