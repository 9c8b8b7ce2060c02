//! Fetching pages and feeds over HTTP(S) for batches: a URL in, the body's bytes (decoded
//! later like any file) out, with limits so one slow or huge page cannot stall a batch.

use std::time::Duration;

/// How long connecting may take.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// How long a whole request (redirects and body included) may take.
const TOTAL_TIMEOUT: Duration = Duration::from_secs(60);

/// Redirects followed at most.
const MAX_REDIRECTS: u32 = 5;

#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    #[error("{url}: HTTP status {status}")]
    Status { url: String, status: u16 },
    #[error("{url}: larger than {} (raise --max-input to read it)", crate::input::size(*limit))]
    TooLarge { url: String, limit: u64 },
    #[error("{url}: {detail}")]
    Failed { url: String, detail: String },
}

/// Whether `input` names something to fetch rather than a file.
pub fn is_url(input: &str) -> bool {
    let lower = input.get(..8).unwrap_or(input).to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// A fetched body and what the server said it is.
#[derive(Debug, Clone)]
pub struct Fetched {
    pub bytes: Vec<u8>,
    /// The `Content-Type` header, if any (its `charset` is honoured when the body is
    /// decoded, before anything the page itself declares).
    pub content_type: Option<String>,
}

/// GET `url` with narrate's limits: connect and total timeouts, at most five redirects,
/// a 20 MB cap, `User-Agent: narrate/VERSION`.
pub fn fetch(url: &str) -> Result<Fetched, FetchError> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_connect(Some(CONNECT_TIMEOUT))
        .timeout_global(Some(TOTAL_TIMEOUT))
        .max_redirects(MAX_REDIRECTS)
        .user_agent(concat!("narrate/", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    let failed = |detail: String| FetchError::Failed {
        url: url.to_owned(),
        detail,
    };
    let mut response = agent.get(url).call().map_err(|e| match e {
        ureq::Error::StatusCode(status) => FetchError::Status {
            url: url.to_owned(),
            status,
        },
        ureq::Error::Timeout(_) => failed("timed out".into()),
        other => failed(other.to_string()),
    })?;
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let bytes = response
        .body_mut()
        .with_config()
        .limit(crate::input::max_input())
        .read_to_vec()
        .map_err(|e| match e {
            ureq::Error::BodyExceedsLimit(limit) => FetchError::TooLarge {
                url: url.to_owned(),
                limit,
            },
            other => failed(other.to_string()),
        })?;
    Ok(Fetched {
        bytes,
        content_type,
    })
}

/// The `charset` parameter of a `Content-Type` header, lower case.
pub fn charset(content_type: &str) -> Option<String> {
    content_type.split(';').skip(1).find_map(|param| {
        let (key, value) = param.split_once('=')?;
        (key.trim().eq_ignore_ascii_case("charset"))
            .then(|| value.trim().trim_matches('"').to_ascii_lowercase())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_told_from_paths() {
        assert!(is_url("https://example.com/a"));
        assert!(is_url("HTTP://example.com"));
        assert!(!is_url("news/http-article.txt"));
        assert!(!is_url("-"));
    }

    #[test]
    fn the_charset_comes_from_the_content_type() {
        assert_eq!(
            charset("text/html; charset=\"Windows-1250\"").as_deref(),
            Some("windows-1250")
        );
        assert_eq!(charset("text/html"), None);
    }
}
