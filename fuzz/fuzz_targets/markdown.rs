//! Markdown extraction (front matter, headings, lists, quotes, links) of any text, and the
//! Markdown sniffing that decides whether a file is read as Markdown.
#![no_main]
use libfuzzer_sys::fuzz_target;
use narrate::article::markdown;

fuzz_target!(|text: &str| {
    let _ = markdown::looks_like_markdown(text);
    if let Ok(article) = markdown::extract(text) {
        assert!(article.blocks.iter().all(|b| !b.text.trim().is_empty()));
    }
});
