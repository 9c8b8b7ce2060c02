//! Reading what the user named: a file or standard input (`-`), as bytes, as a cleaned
//! [`Article`] or as plain text, with errors that name the input. Never more than a limit
//! (`--max-input`) is read, so `/dev/zero` or a runaway pipe stops with an error instead of
//! filling memory.

use std::io::Read;
use std::sync::atomic::{AtomicU64, Ordering};

use anyhow::{Context, Result};

use crate::article::{self, Article};

/// The default for `--max-input`: 20 MiB, far above any news article.
pub const DEFAULT_MAX_INPUT: u64 = 20 * 1024 * 1024;

/// `--max-input` for this process, set once by [`set_max_input`] before inputs are read.
static MAX_INPUT: AtomicU64 = AtomicU64::new(DEFAULT_MAX_INPUT);

/// The `--max-input` in force.
pub fn max_input() -> u64 {
    MAX_INPUT.load(Ordering::Relaxed)
}

/// Refuse inputs larger than `limit` bytes from now on.
pub fn set_max_input(limit: u64) {
    MAX_INPUT.store(limit, Ordering::Relaxed);
}

#[derive(Debug, thiserror::Error)]
pub enum InputError {
    #[error("cannot read {name}")]
    Read {
        name: String,
        source: std::io::Error,
    },
    #[error("{name}: larger than {} (raise --max-input to read it)", size(*limit))]
    TooLarge { name: String, limit: u64 },
}

/// How an input is named in messages: its path, or `<stdin>` for `-`.
pub fn display_name(input: &str) -> &str {
    if input == "-" { "<stdin>" } else { input }
}

/// The bytes of a file, or of standard input for `-`, refused past `--max-input`.
pub fn read_bytes(input: &str) -> Result<Vec<u8>> {
    Ok(read_limited(input, max_input())?)
}

/// The bytes of `input` (`-` for standard input), refused once they pass `limit`: the
/// limit is checked while reading, so an endless input stops there.
pub fn read_limited(input: &str, limit: u64) -> Result<Vec<u8>, InputError> {
    let name = display_name(input);
    let error = |source| InputError::Read {
        name: name.to_owned(),
        source,
    };
    let mut bytes = Vec::new();
    let read = if input == "-" {
        std::io::stdin()
            .lock()
            .take(limit + 1)
            .read_to_end(&mut bytes)
    } else {
        let file = std::fs::File::open(input).map_err(error)?;
        file.take(limit + 1).read_to_end(&mut bytes)
    };
    read.map_err(error)?;
    if bytes.len() as u64 > limit {
        return Err(InputError::TooLarge {
            name: name.to_owned(),
            limit,
        });
    }
    Ok(bytes)
}

/// The article in a file or standard input, cleaned.
pub fn read_article(input: &str) -> Result<Article> {
    let bytes = read_bytes(input)?;
    article::clean(&bytes).with_context(|| display_name(input).to_owned())
}

/// Plain text from a file or standard input (absent: standard input), decoded like an
/// article: an empty or blank input is refused as `clean` refuses it.
pub fn read_text(input: Option<&str>) -> Result<String> {
    let input = input.unwrap_or("-");
    let bytes = read_bytes(input)?;
    article::decode::decode(&bytes).with_context(|| display_name(input).to_owned())
}

/// A size for `--max-input`: bytes, or a number with `K`, `M` or `G` (powers of 1024,
/// optionally followed by `B` or `iB`): "20M", "512KiB", "1000000".
pub fn parse_size(text: &str) -> Result<u64, String> {
    let upper = text.trim().to_ascii_uppercase();
    let number = upper.trim_end_matches("IB").trim_end_matches('B');
    let (digits, scale) = match number.char_indices().last() {
        Some((i, 'K')) => (&number[..i], 1 << 10),
        Some((i, 'M')) => (&number[..i], 1 << 20),
        Some((i, 'G')) => (&number[..i], 1 << 30),
        _ => (number, 1),
    };
    digits
        .trim()
        .parse::<u64>()
        .ok()
        .and_then(|n| n.checked_mul(scale))
        .filter(|&n| n > 0)
        .ok_or_else(|| format!("`{text}` is not a size such as 20M, 512K or 1000000"))
}

/// A byte count as people write it: "20 MiB", "512 KiB", "100 bytes".
pub fn size(bytes: u64) -> String {
    match bytes {
        b if b >= 1 << 20 && b % (1 << 20) == 0 => format!("{} MiB", b >> 20),
        b if b >= 1 << 10 && b % (1 << 10) == 0 => format!("{} KiB", b >> 10),
        b => format!("{b} bytes"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_parse_with_binary_suffixes() {
        assert_eq!(parse_size("20M"), Ok(20 << 20));
        assert_eq!(parse_size("512KiB"), Ok(512 << 10));
        assert_eq!(parse_size("1g"), Ok(1 << 30));
        assert_eq!(parse_size("1000"), Ok(1000));
        assert!(parse_size("0").is_err());
        assert!(parse_size("lots").is_err());
        assert!(parse_size("99999999999G").is_err());
    }

    #[test]
    fn an_endless_input_stops_at_the_limit() {
        // `/dev/zero` read until memory ran out.
        let err = read_limited("/dev/zero", 1 << 20).unwrap_err();
        assert_eq!(
            err.to_string(),
            "/dev/zero: larger than 1 MiB (raise --max-input to read it)"
        );
    }

    #[test]
    fn a_file_at_the_limit_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        std::fs::write(&path, b"12345").unwrap();
        let path = path.to_str().unwrap();
        assert_eq!(read_limited(path, 5).unwrap(), b"12345");
        assert!(matches!(
            read_limited(path, 4),
            Err(InputError::TooLarge { .. })
        ));
    }
}
