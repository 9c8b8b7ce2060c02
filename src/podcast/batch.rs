//! A day's news in, one finished set of files per article out: `DIR/DATE-SLUG.mp3` (or
//! `.wav`), `.chapters.json`, `.vtt` and `.txt`, plus what an episode and a feed are
//! later made from (`DIR/.narrate/`).
//!
//! The batch runs in two steps. This process reads every source (fetching URLs), cleans
//! it, and keys it by what would be read and how ([`cache_key`]); articles whose key
//! matches their last run's record are reused. Every other article is read by a fresh
//! `narrate` process ([`ARTICLE_COMMAND`]), several at once: a fresh process reads with
//! a fresh engine, so an article sounds the same whichever articles ran before it, on
//! whichever machine (shards), and eSpeak NG, which holds one engine per process, can
//! still use every core. Every file appears by rename, so an interrupted batch leaves
//! only finished files, and the next run takes up where it stopped.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::fetch;
use super::sources::{Origin, Source};
use crate::article::Article;
use crate::audio::{Format, Loudness, Tags};
use crate::cli::{LexiconArgs, SidecarArgs, VoiceArgs};
use crate::output;
use crate::render::Delivery;
use crate::settings::{Environment, Settings};

/// The hidden subcommand that reads one article for a batch.
pub const ARTICLE_COMMAND: &str = "__batch-article";

/// Where a batch keeps its records, masters and plan, inside the output directory.
pub const STATE_DIR: &str = ".narrate";

/// How every article of a batch is read and written: the same for every shard.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    /// The voice as the user named it (`None`: the configured default).
    pub voice: Option<String>,
    pub lexicons: Vec<PathBuf>,
    /// `mp3` or `wav`.
    pub format: String,
    pub kbps: u32,
    /// Target LUFS, or `None` for the voice's own level.
    pub loudness: Option<f64>,
    /// The feed or show title, for tags and the episode's intro.
    pub album: Option<String>,
    /// Speaking rate (words a minute) from the user config; `None`: the default.
    #[serde(default)]
    pub rate_wpm: Option<u32>,
    /// The run's date (`YYYY-MM-DD`): for articles without one, and the episode.
    pub date: String,
    /// Every article's identity, in input order (all shards' articles).
    pub identities: Vec<String>,
}

impl Plan {
    pub fn format(&self) -> Format {
        if self.format == "wav" {
            Format::Wav
        } else {
            Format::Mp3 { kbps: self.kbps }
        }
    }

    pub fn loudness(&self) -> Loudness {
        self.loudness.map_or(Loudness::Off, Loudness::Target)
    }

    /// How every article and the intro are read.
    pub fn delivery(&self) -> Delivery {
        let mut delivery = Delivery::default();
        if let Some(rate) = self.rate_wpm {
            delivery.rate_wpm = rate;
        }
        delivery
    }

    pub fn voice_args(&self) -> VoiceArgs {
        VoiceArgs {
            voice: self.voice.clone(),
        }
    }

    pub fn lexicon_args(&self) -> LexiconArgs {
        LexiconArgs {
            files: self.lexicons.clone(),
        }
    }

    fn path(dir: &Path) -> PathBuf {
        dir.join(STATE_DIR).join("plan.json")
    }

    /// Save the plan where `narrate episode` finds it.
    pub fn save(&self, dir: &Path) -> anyhow::Result<()> {
        write_json(&Plan::path(dir), self)
    }

    pub fn load(dir: &Path) -> anyhow::Result<Plan> {
        let path = Plan::path(dir);
        let text = std::fs::read_to_string(&path).map_err(|e| {
            anyhow::anyhow!(
                "{}: no batch here ({e}); run `narrate batch … --out-dir {}` first",
                dir.display(),
                dir.display()
            )
        })?;
        serde_json::from_str(&text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))
    }
}

/// What a batch knows of one article after its last run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    pub identity: String,
    /// Why the article could not be read; the rest is empty then.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failed: Option<String>,
    #[serde(default)]
    pub key: String,
    /// The file stem in the output directory (`DATE-SLUG`).
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub published: Option<String>,
    /// The first paragraph, for feed descriptions.
    #[serde(default)]
    pub summary: String,
    /// The audio file's name in the output directory.
    #[serde(default)]
    pub audio: String,
    /// The lossless master (inside [`STATE_DIR`]) that episodes are made from.
    #[serde(default)]
    pub master: String,
    #[serde(default)]
    pub done: Option<Done>,
}

impl Record {
    fn path(dir: &Path, identity: &str) -> PathBuf {
        dir.join(STATE_DIR)
            .join("articles")
            .join(format!("{}.json", &hash_hex(identity.as_bytes())[..24]))
    }

    /// The record of `identity` in `dir`, if a run left one.
    pub fn load(dir: &Path, identity: &str) -> Option<Record> {
        let text = std::fs::read_to_string(Record::path(dir, identity)).ok()?;
        serde_json::from_str::<Record>(&text)
            .ok()
            .filter(|r| r.identity == identity)
    }

    fn save(&self, dir: &Path) -> anyhow::Result<()> {
        write_json(&Record::path(dir, &self.identity), self)
    }

    /// The files the record names, in the output directory.
    pub fn files(&self) -> Vec<String> {
        let mut files = vec![self.audio.clone()];
        for ext in ["chapters.json", "vtt", "txt"] {
            files.push(format!("{}.{ext}", self.name));
        }
        files
    }

    /// Whether everything the record names is still there.
    fn complete(&self, dir: &Path) -> bool {
        self.failed.is_none()
            && self.done.is_some()
            && dir.join(&self.master).is_file()
            && self.files().iter().all(|f| dir.join(f).is_file())
    }
}

/// What reading an article gave: for the summary, the feed and the episode.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Done {
    pub voice: String,
    pub rate: u32,
    pub samples: usize,
    /// Sentence spans in samples, for the episode's transcript.
    pub sentences: Vec<(usize, usize, String)>,
}

impl Done {
    pub fn seconds(&self) -> f64 {
        self.samples as f64 / f64::from(self.rate.max(1))
    }
}

/// One article for a batch-article process: what to read, how, and where to write it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ArticleJob {
    pub article: Article,
    pub plan: Plan,
    pub threads: usize,
    pub audio: PathBuf,
    pub master: PathBuf,
    pub chapters_json: PathBuf,
    pub vtt: PathBuf,
    pub text: PathBuf,
}

/// `--shard I/N`: this run reads the articles whose identity hashes to `I - 1` mod `N`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    pub index: u64,
    pub count: u64,
}

impl std::str::FromStr for Shard {
    type Err = String;

    fn from_str(text: &str) -> Result<Shard, String> {
        let bad = || format!("`{text}` is not I/N with 1 ≤ I ≤ N");
        let (i, n) = text.split_once('/').ok_or_else(bad)?;
        let (index, count) = (i.trim().parse::<u64>(), n.trim().parse::<u64>());
        match (index, count) {
            (Ok(index), Ok(count)) if (1..=count).contains(&index) => Ok(Shard { index, count }),
            _ => Err(bad()),
        }
    }
}

impl Shard {
    /// Whether this shard reads the article named `identity`: a hash of the identity,
    /// not its position, so adding an article moves no other to another shard.
    pub fn takes(&self, identity: &str) -> bool {
        let hash = Sha256::digest(identity.as_bytes());
        let n = u64::from_be_bytes(hash[..8].try_into().unwrap_or([0; 8]));
        n % self.count == self.index - 1
    }
}

/// How one article of a batch ended.
#[derive(Debug)]
pub enum Outcome {
    Rendered(Record),
    Reused(Record),
    Failed { identity: String, reason: String },
}

/// An article read and cleaned, keyed, and either already done or to be read.
struct Prepared {
    source: Source,
    article: Article,
    key: String,
    reusable: Option<Record>,
    /// The file stem the last run gave this article, kept so names stay stable.
    previous_name: Option<String>,
}

/// Read and clean one source, as the article narrate would read.
fn load(source: &Source) -> Result<Article, String> {
    let bytes = match &source.origin {
        Origin::File(path) => read_capped(path)?,
        Origin::Url(url) => {
            let fetched = fetch::fetch(url).map_err(|e| e.to_string())?;
            with_declared_charset(fetched)
        }
        Origin::Text(text) => text.as_bytes().to_vec(),
        Origin::Failed(reason) => return Err(reason.clone()),
    };
    let mut article = crate::article::clean(&bytes).map_err(|e| e.to_string())?;
    if article.title.is_none() {
        article.title.clone_from(&source.title);
    }
    if article.published.is_none() {
        article.published.clone_from(&source.published);
    }
    Ok(article)
}

/// A file's bytes, refused past `--max-input` as `render` refuses it (the message names
/// the path; the caller's names the identity, so only the reason is kept).
fn read_capped(path: &Path) -> Result<Vec<u8>, String> {
    let name = path.to_string_lossy();
    crate::input::read_limited(&name, crate::input::max_input()).map_err(|e| match e {
        crate::input::InputError::TooLarge { limit, .. } => {
            format!(
                "larger than {} (raise --max-input to read it)",
                crate::input::size(limit)
            )
        }
        crate::input::InputError::Read { source, .. } => format!("cannot read it: {source}"),
    })
}

/// A fetched page as UTF-8 with a BOM when the server declared another charset, so the
/// header's charset wins over anything the page itself says (as browsers do).
fn with_declared_charset(fetched: fetch::Fetched) -> Vec<u8> {
    let declared = fetched
        .content_type
        .as_deref()
        .and_then(fetch::charset)
        .and_then(|label| encoding_rs::Encoding::for_label(label.as_bytes()));
    match declared {
        Some(encoding) if encoding != encoding_rs::UTF_8 => {
            let (text, _, _) = encoding.decode(&fetched.bytes);
            let mut bytes = "\u{feff}".as_bytes().to_vec();
            bytes.extend_from_slice(text.as_bytes());
            bytes
        }
        _ => fetched.bytes,
    }
}

/// What decides an article's audio: narrate's version, the cleaned article, the voice,
/// the lexicons' contents and the output options ([`Plan::digest`]). Equal keys mean equal
/// files.
pub fn cache_key(article: &Article, plan_digest: &str) -> String {
    let mut hasher = Sha256::new();
    hasher.update(plan_digest.as_bytes());
    hasher.update(serde_json::to_vec(article).unwrap_or_default());
    hex(&hasher.finalize())
}

impl Plan {
    /// Everything of the key that is the same for every article of the run: narrate's
    /// version, the voice, the lexicons' contents and the output options. Read once per
    /// run (it reads the config file and the lexicon files).
    pub fn digest(&self) -> String {
        let mut hasher = Sha256::new();
        hasher.update(env!("CARGO_PKG_VERSION").as_bytes());
        let resolved_voice = self.voice.clone().unwrap_or_else(|| {
            crate::config::UserConfig::load()
                .map(|c| c.default_voice().to_owned())
                .unwrap_or_default()
        });
        hasher.update(resolved_voice.as_bytes());
        let user_lexicon = crate::speech::lexicon::user_default_path();
        for path in user_lexicon.iter().chain(&self.lexicons) {
            hasher.update(path.display().to_string().as_bytes());
            hasher.update(std::fs::read(path).unwrap_or_default());
        }
        let options = (
            &self.format,
            self.kbps,
            self.loudness,
            &self.album,
            self.rate_wpm,
        );
        hasher.update(serde_json::to_vec(&options).unwrap_or_default());
        hex(&hasher.finalize())
    }
}

/// Everything `narrate batch` was asked, resolved.
pub struct BatchRun<'a> {
    pub dir: &'a Path,
    pub plan: Plan,
    pub sources: Vec<Source>,
    pub jobs: usize,
    pub force: bool,
    pub shard: Option<Shard>,
    /// The narrate executable to run for each article.
    pub program: PathBuf,
}

impl BatchRun<'_> {
    /// Read every article this run (or shard) takes, `jobs` at a time; `each` hears of
    /// every outcome as it happens (for a progress bar). Outcomes in input order.
    pub fn run(&self, each: &(dyn Fn(&Outcome) + Sync)) -> anyhow::Result<Vec<Outcome>> {
        std::fs::create_dir_all(self.dir.join(STATE_DIR).join("articles"))
            .map_err(|e| anyhow::anyhow!("cannot create {}: {e}", self.dir.display()))?;
        std::fs::create_dir_all(self.dir.join(STATE_DIR).join("masters"))?;
        self.plan.save(self.dir)?;
        let mine: Vec<&Source> = self
            .sources
            .iter()
            .filter(|s| self.shard.is_none_or(|shard| shard.takes(&s.identity)))
            .collect();
        let digest = self.plan.digest();
        let prepared = crate::schedule::map_parallel(&mine, self.jobs, |source| {
            let article = load(source)?;
            let key = cache_key(&article, &digest);
            let previous = Record::load(self.dir, &source.identity);
            let previous_name = previous
                .as_ref()
                .map(|r| r.name.clone())
                .filter(|n| !n.is_empty());
            let reusable = previous.filter(|r| !self.force && r.key == key && r.complete(self.dir));
            Ok::<_, String>(Prepared {
                source: (*source).clone(),
                article,
                key,
                reusable,
                previous_name,
            })
        });
        let names = self.names(&prepared);
        let threads = (crate::schedule::default_jobs() / self.jobs.max(1)).max(1);
        let items: Vec<(&Source, Result<Prepared, String>, String)> = mine
            .iter()
            .zip(prepared)
            .zip(names)
            .map(|((s, p), n)| (*s, p, n))
            .collect();
        let outcomes =
            crate::schedule::map_parallel(&items, self.jobs, |(source, prepared, name)| {
                let outcome = match prepared {
                    Err(reason) => failure(self.dir, &source.identity, reason.clone()),
                    Ok(p) => match &p.reusable {
                        Some(record) => Outcome::Reused(record.clone()),
                        None => self.render(p, name, threads),
                    },
                };
                each(&outcome);
                outcome
            });
        Ok(outcomes)
    }

    /// A file stem for each article: the last run's for an unchanged article, else
    /// `DATE-SLUG`, with a suffix from the identity when another article has it.
    fn names(&self, prepared: &[Result<Prepared, String>]) -> Vec<String> {
        let mut taken = std::collections::HashSet::new();
        prepared
            .iter()
            .map(|p| {
                let Ok(p) = p else { return String::new() };
                let name = p.previous_name.clone().unwrap_or_else(|| {
                    let date = p
                        .article
                        .published
                        .clone()
                        .filter(|d| is_date(d))
                        .unwrap_or_else(|| self.plan.date.clone());
                    format!(
                        "{date}-{}",
                        slug(p.article.title.as_deref().unwrap_or("article"))
                    )
                });
                let owner = self.name_owner(&name);
                if taken.contains(&name) || owner.is_some_and(|o| o != p.source.identity) {
                    let suffixed =
                        format!("{name}-{}", &hash_hex(p.source.identity.as_bytes())[..6]);
                    taken.insert(suffixed.clone());
                    suffixed
                } else {
                    taken.insert(name.clone());
                    name
                }
            })
            .collect()
    }

    /// The identity of the article whose files are named `name`, from the text file's
    /// first line of provenance, if a run wrote it.
    fn name_owner(&self, name: &str) -> Option<String> {
        let owners = self.dir.join(STATE_DIR).join("names");
        std::fs::read_to_string(owners.join(name)).ok()
    }

    /// Read one article in a fresh narrate process.
    fn render(&self, prepared: &Prepared, name: &str, threads: usize) -> Outcome {
        let identity = prepared.source.identity.clone();
        let ext = self.plan.format().extension();
        let master = format!("{STATE_DIR}/masters/{}.wav", &prepared.key[..32]);
        let job = ArticleJob {
            article: prepared.article.clone(),
            plan: self.plan.clone(),
            threads,
            audio: self.dir.join(format!("{name}.{ext}")),
            master: self.dir.join(&master),
            chapters_json: self.dir.join(format!("{name}.chapters.json")),
            vtt: self.dir.join(format!("{name}.vtt")),
            text: self.dir.join(format!("{name}.txt")),
        };
        // The checks `render` makes: no output may replace an input or another output.
        let mut inputs: Vec<&Path> = self.plan.lexicons.iter().map(PathBuf::as_path).collect();
        if let Origin::File(path) = &prepared.source.origin {
            inputs.push(path);
        }
        let outputs = [
            job.audio.as_path(),
            &job.master,
            &job.chapters_json,
            &job.vtt,
            &job.text,
        ];
        if let Err(e) = output::check_distinct(&inputs, &outputs) {
            return failure(self.dir, &identity, format!("{:#}", anyhow::Error::from(e)));
        }
        let done = match run_article_process(&self.program, &job) {
            Ok(done) => done,
            Err(reason) => return failure(self.dir, &identity, reason),
        };
        let record = Record {
            identity: identity.clone(),
            failed: None,
            key: prepared.key.clone(),
            name: name.to_owned(),
            title: prepared.article.title.clone().unwrap_or_default(),
            published: prepared.article.published.clone(),
            summary: first_paragraph(&prepared.article),
            audio: format!("{name}.{ext}"),
            master,
            done: Some(done),
        };
        let names = self.dir.join(STATE_DIR).join("names");
        let saved = std::fs::create_dir_all(&names)
            .map_err(anyhow::Error::from)
            .and_then(|()| {
                Ok(output::write_all(&[(
                    &names.join(name),
                    identity.as_bytes(),
                )])?)
            })
            .and_then(|()| record.save(self.dir));
        match saved {
            Ok(()) => Outcome::Rendered(record),
            Err(e) => failure(self.dir, &identity, format!("{e:#}")),
        }
    }
}

/// Record that `identity` failed (so `narrate episode` knows it is not missing), and say
/// so.
fn failure(dir: &Path, identity: &str, reason: String) -> Outcome {
    let record = Record {
        identity: identity.to_owned(),
        failed: Some(reason.clone()),
        key: String::new(),
        name: String::new(),
        title: String::new(),
        published: None,
        summary: String::new(),
        audio: String::new(),
        master: String::new(),
        done: None,
    };
    let _ = record.save(dir);
    Outcome::Failed {
        identity: identity.to_owned(),
        reason,
    }
}

/// Run `program __batch-article` on `job`; its answer, or why it failed.
fn run_article_process(program: &Path, job: &ArticleJob) -> Result<Done, String> {
    let mut child = Command::new(program)
        .arg(ARTICLE_COMMAND)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", program.display()))?;
    let request = serde_json::to_vec(job).map_err(|e| e.to_string())?;
    if let Some(mut stdin) = child.stdin.take() {
        // A process that died at once says why on stderr, read below.
        let _ = stdin.write_all(&request);
    }
    let out = child.wait_with_output().map_err(|e| e.to_string())?;
    if !out.status.success() {
        let stderr = String::from_utf8_lossy(&out.stderr);
        let reason = stderr
            .lines()
            .filter(|l| !l.starts_with("warning:"))
            .map(|l| l.trim_start_matches("narrate: "))
            .collect::<Vec<_>>()
            .join("; ");
        return Err(if reason.is_empty() {
            format!("the reading process failed ({})", out.status)
        } else {
            reason
        });
    }
    serde_json::from_slice(&out.stdout).map_err(|e| format!("bad answer from the reader: {e}"))
}

/// The batch-article process: read `job`'s article and write its files; the answer on
/// stdout.
pub fn serve_article(env: &Environment) -> anyhow::Result<()> {
    let job: ArticleJob = serde_json::from_reader(std::io::stdin().lock())?;
    let env = Environment {
        // One engine per process; helpers only when this article has cores to itself.
        program: (job.threads > 1).then(|| env.program.clone()).flatten(),
        threads: Some(job.threads),
        verbosity: env.verbosity,
    };
    let done = read_article(&job, &env)?;
    let mut stdout = std::io::stdout().lock();
    serde_json::to_writer(&mut stdout, &done)?;
    Ok(())
}

fn read_article(job: &ArticleJob, env: &Environment) -> anyhow::Result<Done> {
    let settings = Settings::resolve(&job.plan.voice_args(), &job.plan.lexicon_args(), env)?;
    let mut engine = settings.engine()?;
    let (script, _) = settings.script(&job.article);
    crate::render::check_length(&script, engine.sample_rate(), job.plan.delivery())?;
    let sidecars = SidecarArgs {
        chapters_json: Some(job.chapters_json.clone()),
        vtt: Some(job.vtt.clone()),
    };
    let audio = [
        (job.audio.as_path(), job.plan.format()),
        (job.master.as_path(), Format::Wav),
    ];
    let text = output::stage(&job.text, job.article.to_text().as_bytes())?;
    let (outputs, track) = super::Outputs::create(&audio, &sidecars, engine.sample_rate())?;
    let track = crate::render::render(
        &script,
        engine.as_mut(),
        job.plan.delivery(),
        track.samples,
        &mut |_| {},
    )?
    .finish()?;
    let mut tags = super::tags(&job.article);
    tags.album.clone_from(&job.plan.album);
    outputs.finish(&track, &tags, job.plan.loudness())?;
    output::persist_all(vec![(job.text.as_path(), text)])?;
    Ok(Done {
        voice: engine.name().to_owned(),
        rate: track.rate.0,
        samples: track.len,
        sentences: track
            .sentences
            .iter()
            .map(|s| (s.start, s.end, s.text.clone()))
            .collect(),
    })
}

/// The article's first paragraph, for a feed item's description.
fn first_paragraph(article: &Article) -> String {
    article
        .blocks
        .iter()
        .find(|b| b.kind == crate::article::BlockKind::Paragraph)
        .map(|b| b.text.clone())
        .unwrap_or_default()
}

/// A file-name slug: ASCII letters and digits (accents and other scripts transliterated),
/// other runs as one `-`, at most 60 characters, cut at a word; never empty, never a path.
pub fn slug(title: &str) -> String {
    let ascii = deunicode::deunicode(title).to_ascii_lowercase();
    let mut out = String::with_capacity(ascii.len());
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let mut out = out.trim_end_matches('-').to_owned();
    if out.len() > 60 {
        let cut = out[..60].rfind('-').filter(|&i| i >= 20).unwrap_or(60);
        out.truncate(cut);
    }
    if out.is_empty() {
        "article".to_owned()
    } else {
        out
    }
}

/// Whether `text` is a `YYYY-MM-DD` date.
pub fn is_date(text: &str) -> bool {
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").is_ok() && text.len() == 10
}

/// Tags for an episode or article of a batch.
pub fn batch_tags(title: &str, album: Option<&str>, date: &str) -> Tags {
    Tags {
        title: Some(title.to_owned()),
        artist: album.map(str::to_owned),
        album: album.map(str::to_owned),
        date: Some(date.to_owned()),
    }
}

pub(super) fn write_json<T: Serialize>(path: &Path, value: &T) -> anyhow::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let json = serde_json::to_vec_pretty(value)?;
    Ok(output::write_all(&[(path, &json)])?)
}

pub(super) fn hash_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_ascii_words_that_cannot_leave_the_directory() {
        assert_eq!(
            slug("Zelensky: “We won’t give up” — Kyiv"),
            "zelensky-we-won-t-give-up-kyiv"
        );
        assert_eq!(slug("Łódź zażółć gęślą"), "lodz-zazolc-gesla");
        assert_eq!(slug("../../etc/passwd"), "etc-passwd");
        assert_eq!(slug("…"), "article");
        let long = slug(&"word ".repeat(40));
        assert!(long.len() <= 60 && !long.ends_with('-'), "{long}");
    }

    #[test]
    fn shards_split_articles_by_identity_not_position() {
        let ids: Vec<String> = (0..300)
            .map(|i| format!("https://example.com/{i}"))
            .collect();
        let shards: Vec<Shard> = (1..=3).map(|i| format!("{i}/3").parse().unwrap()).collect();
        for id in &ids {
            assert_eq!(shards.iter().filter(|s| s.takes(id)).count(), 1, "{id}");
        }
        let first = ids.iter().filter(|id| shards[0].takes(id)).count();
        assert!((60..140).contains(&first), "{first} of 300");
        assert!("0/3".parse::<Shard>().is_err());
        assert!("4/3".parse::<Shard>().is_err());
        assert!("x".parse::<Shard>().is_err());
    }
}
