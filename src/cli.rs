//! Command line: clap derive types only. [`crate::settings`] resolves them, once, into
//! what the commands run with.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Turn news articles into narrated audio with chapter markers.
///
/// INPUT is a file path or `-` for standard input: scraped text, an HTML page or
/// Markdown, in UTF-8, UTF-16 with BOM or Windows-1252.
#[derive(Debug, Parser)]
#[command(
    name = "narrate",
    version,
    about,
    long_about,
    propagate_version = true,
    after_help = EXAMPLES,
    after_long_help = concat!("Examples:\n", include_str!("cli/examples.txt"), "\n", include_str!("cli/environment.txt"))
)]
pub struct Cli {
    /// Print only errors: no notes, warnings or progress.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Also print what was decided: voice, language, settings, timings.
    #[arg(short, long, global = true)]
    pub verbose: bool,
    #[command(subcommand)]
    pub command: Command,
    /// Refuse inputs larger than this (bytes, or with K, M, G: 20M, 512K).
    #[arg(long, global = true, value_name = "SIZE", default_value = "20M",
          value_parser = crate::input::parse_size)]
    pub max_input: u64,
}

/// The short examples under `narrate --help` (`--help` shows them all).
const EXAMPLES: &str = "Examples:
  narrate render article.txt -o article.wav
  narrate render page.html --voice en-gb --rate 180 --vtt page.vtt
  curl -s URL | narrate render - -o news.wav
  narrate voices

`narrate help COMMAND` or `narrate COMMAND --help` shows more.";

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Clean an article and read it aloud into a chaptered MP3 or WAV file.
    #[command(after_help = "Examples:
  narrate render article.txt                  # writes article.wav (or into out_dir)
  narrate render page.html -o page.wav --chapters-json page.json --vtt page.vtt
  narrate render notes.md --voice en_US-joe-medium --rate 150
  narrate render artikel.txt                  # German: read with eSpeak NG's `de` voice
  pbpaste | narrate render - -o clip.wav --sentence-pause 500")]
    Render(RenderArgs),
    /// Convert a day's news into per-article audio, one episode and a podcast feed.
    Batch(BatchArgs),
    /// Make the episode (and feed) of a finished batch, e.g. after sharded runs.
    Episode(EpisodeArgs),
    /// Show what would be read aloud: title, byline, date and body blocks.
    #[command(after_help = "Examples:
  narrate clean article.txt
  narrate clean pages/*.html --json --jobs 4 > cleaned.jsonl")]
    Clean {
        /// Scraped text or HTML pages; `-` reads standard input. Several are cleaned in
        /// parallel and printed in order (with --json, one JSON object per line).
        #[arg(required = true, num_args = 1..)]
        inputs: Vec<String>,
        /// Print JSON: {title, byline, published, blocks: [{kind, text}]}; with several
        /// inputs each line also has "input", and "error" instead of the article on failure.
        #[arg(long)]
        json: bool,
        /// Inputs to clean at once (default: one per core).
        #[arg(short, long, value_name = "N")]
        jobs: Option<usize>,
    },
    /// Split plain text into sentences, one per line.
    #[command(
        after_help = "Example:\n  echo 'Dr. Kim left at 5 p.m. EST. Then he called.' | narrate sentences"
    )]
    Sentences {
        /// Text file; standard input when absent or `-`.
        input: Option<String>,
        /// Print a JSON array of strings.
        #[arg(long)]
        json: bool,
    },
    /// Print each input line as a newsreader would say it.
    #[command(after_help = "Examples:
  echo 'Call 555-0123 before 9/11 at 5 p.m.' | narrate normalize
  echo 'It had 155 members.' | narrate normalize --voice en-us   # American: no \"and\"")]
    Normalize {
        /// Text file; standard input when absent or `-`.
        input: Option<String>,
        /// Say numbers as this voice's locale does (`en-us`: "one hundred five"); without
        /// it, "one hundred and five" (British, and NeMo's convention).
        #[arg(long, value_name = "NAME")]
        voice: Option<String>,
    },
    /// List the proper names in an article and how each will be pronounced.
    #[command(after_help = "Examples:
  narrate names article.txt
  narrate names article.txt --lexicon my-names.toml --audition names/")]
    Names(NamesArgs),
    /// List the voices available and which one is the default; install neural voices.
    #[command(after_help = "Examples:
  narrate voices
  narrate voices install en_US-joe-medium")]
    Voices {
        #[command(subcommand)]
        action: Option<VoicesAction>,
    },
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    #[command(after_help = "Examples:
  narrate completions bash > ~/.local/share/bash-completion/completions/narrate
  narrate completions zsh > ~/.zfunc/_narrate")]
    Completions {
        /// The shell to complete for.
        shell: Shell,
    },
    /// Print the manual page (roff), for `man`.
    #[command(after_help = "Example:\n  narrate man > ~/.local/share/man/man1/narrate.1")]
    Man,
    /// Read an article aloud through the operating system's speech service (preview).
    #[cfg(feature = "system-voice")]
    Speak {
        /// Scraped text or HTML page; `-` reads standard input.
        input: String,
        #[command(flatten)]
        lexicon: LexiconArgs,
    },
}

/// Shells `narrate completions` writes a script for.
pub use clap_complete::Shell;

#[derive(Debug, Subcommand)]
pub enum VoicesAction {
    /// Download a Piper voice and ONNX Runtime (with pip), check them, and install them
    /// into narrate's data folder.
    Install {
        /// Voice name, e.g. `en_US-joe-medium`.
        name: String,
    },
}

/// `--voice`: shared by every command that reads aloud.
#[derive(Debug, Clone, Default, Args)]
pub struct VoiceArgs {
    /// Voice to read with (see `narrate voices`); default: the user config's, else `en-us`.
    #[arg(long, value_name = "NAME")]
    pub voice: Option<String>,
}

/// `--lexicon`: shared by every command that finds or says names.
#[derive(Debug, Clone, Default, Args)]
pub struct LexiconArgs {
    /// Pronunciation lexicon (TOML or PLS); repeat to add more, later files win.
    #[arg(long = "lexicon", value_name = "FILE")]
    pub files: Vec<PathBuf>,
}

/// The sidecar files written beside the audio.
#[derive(Debug, Clone, Default, Args)]
pub struct SidecarArgs {
    /// Also write Podcasting 2.0 chapters JSON here.
    #[arg(long, value_name = "FILE")]
    pub chapters_json: Option<PathBuf>,
    /// Also write a WebVTT transcript here: one cue per sentence, word starts tagged where
    /// the voice reports them.
    #[arg(long, value_name = "FILE")]
    pub vtt: Option<PathBuf>,
}

/// An audio file format by name (`--format`, or `format` in the config file).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AudioFormat {
    /// 16-bit PCM WAV with `cue `/`LIST` chapter chunks.
    Wav,
    /// MP3 with ID3v2.3 tags, `CHAP`/`CTOC` chapters and a Xing/LAME header.
    Mp3,
}

/// How the audio is written: shared by every command that writes audio.
#[derive(Debug, Clone, Args)]
pub struct AudioArgs {
    /// Audio format; default: from the output's extension (`.mp3`, else WAV).
    #[arg(long, value_enum)]
    pub format: Option<AudioFormat>,
    /// MP3 bit rate in kbit/s (constant, mono); up to 160 at 22,050/24,000 Hz.
    #[arg(long, value_name = "KBPS", default_value_t = crate::audio::Format::DEFAULT_KBPS,
          value_parser = parse_bitrate)]
    pub bitrate: u32,
    /// Integrated loudness to bring the audio to, in LUFS (EBU R128; true peak ≤ −1 dBTP),
    /// or `off` to keep the voice's own level.
    #[arg(
        long,
        value_name = "LUFS|off",
        default_value = "-16",
        allow_hyphen_values = true
    )]
    pub loudness: crate::audio::Loudness,
}

fn parse_bitrate(text: &str) -> Result<u32, String> {
    let rates = crate::audio::mp3::BITRATES;
    match text.parse::<u32>() {
        Ok(kbps) if rates.contains(&kbps) => Ok(kbps),
        _ => Err(format!(
            "not an MP3 bit rate; one of {}",
            rates.map(|r| r.to_string()).join(", ")
        )),
    }
}

impl AudioArgs {
    /// The format to write `path` in: `--format`, else the extension, else WAV.
    pub fn format_for(&self, path: &std::path::Path) -> crate::audio::Format {
        self.format_or(path, None)
    }

    /// The format to write `path` in: `--format`, else the extension, else `configured`
    /// (the config file's `format`), else WAV.
    pub fn format_or(
        &self,
        path: &std::path::Path,
        configured: Option<AudioFormat>,
    ) -> crate::audio::Format {
        use crate::audio::Format;
        let mp3 = Format::Mp3 { kbps: self.bitrate };
        let by_name = |format| match format {
            AudioFormat::Wav => Format::Wav,
            AudioFormat::Mp3 => mp3,
        };
        match (self.format, Format::from_path(path)) {
            (Some(format), _) => by_name(format),
            (None, Some(Format::Mp3 { .. })) => mp3,
            (None, Some(Format::Wav)) => Format::Wav,
            (None, None) => configured.map_or(Format::Wav, by_name),
        }
    }
}

/// `narrate render`.
#[derive(Debug, Clone, Args)]
pub struct RenderArgs {
    /// Scraped text, HTML page or Markdown; `-` reads standard input.
    pub input: String,
    /// The audio file to write: `.mp3` (ID3 chapters) or `.wav` (cue chapters); see
    /// --format. Default: the input's name with `.wav` (`.mp3` with `--format mp3`), in the
    /// config's `out_dir` or here.
    #[arg(short, long, value_name = "OUT.mp3|OUT.wav")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub audio: AudioArgs,
    #[command(flatten)]
    pub voice: VoiceArgs,
    /// Speaking rate in words per minute, 80–450 (default: the config's `rate`, else 165).
    #[arg(long, value_name = "WPM", value_parser = clap::value_parser!(u32).range(80..=450))]
    pub rate: Option<u32>,
    /// Base pitch, 0–100 (50 is the voice's own).
    #[arg(long, value_name = "0-100", value_parser = clap::value_parser!(u8).range(0..=100))]
    pub pitch: Option<u8>,
    /// Silence between sentences in milliseconds (default 350).
    #[arg(long, value_name = "MS", value_parser = clap::value_parser!(u32).range(0..=5000))]
    pub sentence_pause: Option<u32>,
    /// Stop instead of warning when the voice does not speak the article's language.
    #[arg(long)]
    pub strict_language: bool,
    #[command(flatten)]
    pub lexicon: LexiconArgs,
    #[command(flatten)]
    pub sidecars: SidecarArgs,
}

/// `narrate names`.
#[derive(Debug, Clone, Args)]
pub struct NamesArgs {
    /// Scraped text or HTML page; `-` reads standard input.
    pub input: String,
    /// Print JSON: [{name, count, respelling, ipa, source}].
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub lexicon: LexiconArgs,
    /// Also write one short WAV per name into DIR (created if missing), said with its hint.
    #[arg(long, value_name = "DIR")]
    pub audition: Option<PathBuf>,
    /// Voice for --audition (see `narrate voices`).
    #[arg(long, value_name = "NAME", requires = "audition")]
    pub voice: Option<String>,
}

/// The episode and feed a batch makes: shared by `batch` and `episode`.
#[derive(Debug, Clone, Default, Args)]
pub struct FeedArgs {
    /// Also write the episode DIR/NAME.mp3: an intro, then every article, one chapter each.
    #[arg(long, value_name = "NAME")]
    pub episode: Option<String>,
    /// Write (or update) an RSS podcast feed here: one item per episode, or per article
    /// without --episode.
    #[arg(long, value_name = "FILE", requires = "base_url")]
    pub feed: Option<PathBuf>,
    /// The URL the output directory is served at (enclosures and links start with it).
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// The show's title: feed title, MP3 album, and what the intro says.
    #[arg(long, value_name = "TITLE")]
    pub feed_title: Option<String>,
    /// A cover image URL for the feed (`itunes:image`).
    #[arg(long, value_name = "URL")]
    pub feed_image: Option<String>,
    /// Items the feed keeps at most, newest first.
    #[arg(long, value_name = "N", default_value_t = 100)]
    pub feed_keep: usize,
    /// Print nothing on stderr but errors (no progress bar).
    #[arg(short, long)]
    pub quiet: bool,
}

/// `narrate batch`.
#[derive(Debug, Clone, Args)]
pub struct BatchArgs {
    /// Articles: files, directories (their .txt, .html, .htm, .md files), @LIST files (one
    /// path or URL a line), RSS or Atom feeds (files or URLs), and http(s) URLs.
    #[arg(required = true, num_args = 1..)]
    pub inputs: Vec<String>,
    /// Where every output goes (created if missing).
    #[arg(long, value_name = "DIR")]
    pub out_dir: PathBuf,
    #[command(flatten)]
    pub feed: FeedArgs,
    #[command(flatten)]
    pub audio: AudioArgs,
    #[command(flatten)]
    pub voice: VoiceArgs,
    #[command(flatten)]
    pub lexicon: LexiconArgs,
    /// Articles read at once (default: one per core).
    #[arg(short, long, value_name = "N")]
    pub jobs: Option<usize>,
    /// Read every article again, even those unchanged since the last run.
    #[arg(long)]
    pub force: bool,
    /// Read only shard I of N (1-based; by a hash of each article's identity), e.g. as an
    /// array job; then `narrate episode` makes the episode from every shard's output.
    #[arg(long, value_name = "I/N")]
    pub shard: Option<crate::podcast::batch::Shard>,
    /// The day the batch is for (YYYY-MM-DD): file names of undated articles, the intro.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub date: Option<String>,
}

fn parse_date(text: &str) -> Result<String, String> {
    if crate::podcast::batch::is_date(text) {
        Ok(text.to_owned())
    } else {
        Err("not a YYYY-MM-DD date".to_owned())
    }
}

/// `narrate episode`.
#[derive(Debug, Clone, Args)]
pub struct EpisodeArgs {
    /// The --out-dir of a finished batch (all its shards).
    pub dir: PathBuf,
    #[command(flatten)]
    pub feed: FeedArgs,
}
