//! narrate: news articles in, narrated audio with chapter markers out.
//!
//! The pipeline is a list of stages, each with one type between it and the next:
//!
//! 1. [`article`]: raw bytes (scraped text or HTML) → [`article::Article`]
//!    (title, byline, date, heading and paragraph blocks; junk dropped).
//! 2. [`speech`]: `Article` → [`speech::Script`] (chapters → paragraphs → sentences,
//!    each sentence with its written and spoken form and its names' pronunciation hints).
//! 3. [`engine`]: each sentence's spoken form (text and IPA segments) → f32 samples and word timings,
//!    through the [`engine::SpeechEngine`] trait (eSpeak NG, Piper neural voices, mock).
//! 4. [`audio`]: samples + pauses + markers → [`audio::Track`] → WAV with `cue `/`LIST` chunks.
//! 5. [`podcast`]: the track's markers and sentence timings → chapters JSON, WebVTT.
//!
//! [`render`] strings stages 2–4 together; [`audition`] does it for single names;
//! [`schedule`] is the one place work is spread over threads with results kept in order.

pub mod article;
pub mod audio;
pub mod audition;
pub mod cli;
pub mod commands;
pub mod config;
pub mod engine;
pub mod input;
pub mod output;
pub mod podcast;
pub mod render;
pub mod schedule;
pub mod settings;
pub mod speech;
