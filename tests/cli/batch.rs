//! `narrate batch` and `narrate episode` end to end: files, a list, an RSS file and a page
//! served on 127.0.0.1 in; per-article MP3s, an episode and a feed out; the cache, the
//! shards and the feed merge checked from the outside (ffprobe, feed-rs).

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use super::{espeak_installed, stderr, stdout};

/// A generated news story: headline and two short paragraphs that differ per story.
fn story(n: usize) -> (String, String) {
    let places = ["Kyiv", "Seoul", "Lisbon", "Nairobi", "Lima"];
    let headline = format!("Council in {} backs plan number {n}", places[n % 5]);
    let body = format!(
        "The city council in {} approved plan number {n} on Monday, officials said.\n\n\
         Residents will vote on it in {} weeks.\n",
        places[n % 5],
        n + 2
    );
    (headline, body)
}

/// Serve `html` to every GET on 127.0.0.1 until the test ends; the page's URL.
fn serve(html: String) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/news/story.html", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        // Bounded: a few requests per batch run, never an endless loop.
        for stream in listener.incoming().take(32) {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                line.clear();
            }
            let _ = write!(
                stream,
                "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\
                 Content-Length: {}\r\nConnection: close\r\n\r\n{html}",
                html.len()
            );
        }
    });
    url
}

struct Day {
    _dir: tempfile::TempDir,
    root: PathBuf,
    inputs: Vec<String>,
    headlines: Vec<String>,
}

/// 20 articles: 15 text files and one broken file in a folder, one page over HTTP named
/// in a list file, three items with full text in an RSS file.
fn day_of_news() -> Day {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().to_owned();
    let news = root.join("news");
    std::fs::create_dir(&news).unwrap();
    let mut headlines = Vec::new();
    for n in 1..=15 {
        let (headline, body) = story(n);
        std::fs::write(
            news.join(format!("{n:02}.txt")),
            format!("{headline}\n\n{body}"),
        )
        .unwrap();
        headlines.push(headline);
        if n == 7 {
            std::fs::write(news.join("07b-broken.txt"), [0u8, 159, 146, 150, 0, 1]).unwrap();
        }
    }
    let (headline, body) = story(16);
    let page = format!(
        "<html><head><title>{headline}</title></head><body><article><h1>{headline}</h1>{}</article></body></html>",
        body.split("\n\n")
            .map(|p| format!("<p>{}</p>", p.trim()))
            .collect::<String>()
    );
    std::fs::write(root.join("list.txt"), format!("# wire\n{}\n", serve(page))).unwrap();
    headlines.push(headline);
    let mut items = String::new();
    for n in 17..=19 {
        let (headline, body) = story(n);
        let padding = " The council will meet again next month to review the budget, the roads and the schools.".repeat(5);
        items.push_str(&format!(
            "<item><title>{headline}</title><guid>urn:story:{n}</guid>\
             <pubDate>Sat, 30 Nov 2024 05:00:00 GMT</pubDate>\
             <description><![CDATA[<p>{}</p><p>{padding}</p>]]></description></item>",
            body.replace("\n\n", " ").trim()
        ));
        headlines.push(headline);
    }
    std::fs::write(
        root.join("wire.rss"),
        format!("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Wire</title>{items}</channel></rss>"),
    )
    .unwrap();
    let inputs = vec![
        news.display().to_string(),
        format!("@{}", root.join("list.txt").display()),
        root.join("wire.rss").display().to_string(),
    ];
    Day {
        _dir: dir,
        root,
        inputs,
        headlines,
    }
}

fn batch(day: &Day, out: &Path, extra: &[&str]) -> Output {
    let mut args: Vec<String> = vec!["batch".into()];
    args.extend(day.inputs.iter().cloned());
    for arg in [
        "--out-dir",
        &out.display().to_string(),
        "--voice",
        "en-us",
        "--date",
        "2024-11-30",
        "--feed-title",
        "Morning news",
        "--jobs",
        "2",
    ] {
        args.push(arg.into());
    }
    args.extend(extra.iter().map(|s| s.to_string()));
    narrate_in(&day.root, &args)
}

fn narrate_in(dir: &Path, args: &[String]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_narrate"))
        .args(args)
        .current_dir(dir)
        .env("XDG_CONFIG_HOME", dir.join("config"))
        .output()
        .unwrap()
}

/// ffprobe's chapters: (start in seconds, title).
fn probe_chapters(path: &Path) -> Vec<(f64, String)> {
    let out = Command::new("ffprobe")
        .args(["-v", "error", "-show_chapters", "-of", "json"])
        .arg(path)
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    json["chapters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["start_time"].as_str().unwrap().parse().unwrap(),
                c["tags"]["title"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

fn mp3s(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "mp3"))
        .collect();
    files.sort();
    files
}

#[test]
fn a_day_of_news_becomes_articles_an_episode_and_a_feed() {
    if !espeak_installed() || Command::new("ffprobe").arg("-version").output().is_err() {
        eprintln!("skipping: needs eSpeak NG and ffprobe");
        return;
    }
    let day = day_of_news();
    let out = day.root.join("out");
    let feed_args = [
        "--episode",
        "today",
        "--feed",
        "out/feed.xml",
        "--base-url",
        "https://example.com/pod",
    ];
    let first = batch(&day, &out, &feed_args);
    let err = stderr(&first);
    assert_eq!(first.status.code(), Some(1), "{err}\n{}", stdout(&first));
    assert!(err.contains("07b-broken.txt"), "{err}");
    assert!(
        stdout(&first).contains("20 (19 rendered, 0 reused, 1 failed)"),
        "{}",
        stdout(&first)
    );

    // One MP3 per good article, plus the episode; every sidecar beside each.
    let files = mp3s(&out);
    assert_eq!(files.len(), 20, "{files:?}");
    for mp3 in &files {
        for ext in ["chapters.json", "vtt"] {
            assert!(mp3.with_extension(ext).is_file(), "{}", mp3.display());
        }
    }
    assert!(
        out.join("2024-11-30-council-in-seoul-backs-plan-number-1.txt")
            .is_file()
    );

    // The episode: the intro, then the 19 stories in input order, as ffprobe reads them,
    // starting where the chapters JSON says (within 50 ms).
    let episode = out.join("today.mp3");
    let chapters = probe_chapters(&episode);
    assert_eq!(chapters.len(), 20, "{chapters:?}");
    assert!(
        chapters[0]
            .1
            .starts_with("Morning news: Saturday, November 30")
    );
    let titles: Vec<&str> = chapters[1..].iter().map(|(_, t)| t.as_str()).collect();
    assert_eq!(titles, day.headlines);
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("today.chapters.json")).unwrap()).unwrap();
    let listed: Vec<f64> = json["chapters"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c.get("toc").is_none())
        .map(|c| c["startTime"].as_f64().unwrap())
        .collect();
    assert_eq!(listed.len(), 20);
    for ((probed, title), listed) in chapters.iter().zip(&listed) {
        assert!(
            (probed - listed).abs() <= 0.05,
            "{title}: {probed} vs {listed}"
        );
    }

    // The feed: one episode item whose enclosure has the file's exact length.
    let feed_path = out.join("feed.xml");
    let feed = feed_rs::parser::parse(std::fs::read(&feed_path).unwrap().as_slice()).unwrap();
    assert_eq!(feed.entries.len(), 1);
    let enclosure = &feed.entries[0].media[0].content[0];
    assert_eq!(
        enclosure.size,
        Some(std::fs::metadata(&episode).unwrap().len())
    );

    // Again: nothing is read again, nothing is written again, the feed has no duplicate.
    let before = std::fs::metadata(&episode).unwrap().modified().unwrap();
    let second = batch(&day, &out, &feed_args);
    assert_eq!(second.status.code(), Some(1));
    let summary = stdout(&second);
    assert!(
        summary.contains("(0 rendered, 19 reused, 1 failed)"),
        "{summary}"
    );
    assert!(summary.contains("unchanged"), "{summary}");
    assert_eq!(
        std::fs::metadata(&episode).unwrap().modified().unwrap(),
        before
    );
    let feed = feed_rs::parser::parse(std::fs::read(&feed_path).unwrap().as_slice()).unwrap();
    assert_eq!(feed.entries.len(), 1);

    // Three shards, then `narrate episode`: the same episode, byte for byte.
    let sharded = day.root.join("sharded");
    for shard in ["1/3", "2/3", "3/3"] {
        let out = batch(&day, &sharded, &["--shard", shard]);
        assert!(
            out.status.code().is_some_and(|c| c <= 1),
            "{}",
            stderr(&out)
        );
    }
    let assembled = narrate_in(
        &day.root,
        &[
            "episode".into(),
            sharded.display().to_string(),
            "--episode".into(),
            "today".into(),
        ],
    );
    assert!(assembled.status.success(), "{}", stderr(&assembled));
    assert!(
        std::fs::read(sharded.join("today.mp3")).unwrap() == std::fs::read(&episode).unwrap(),
        "the sharded episode differs"
    );

    // A new article: one more item in the feed.
    let (headline, body) = story(20);
    std::fs::write(
        day.root.join("news/20.txt"),
        format!("{headline}\n\n{body}"),
    )
    .unwrap();
    let third = batch(&day, &out, &feed_args);
    assert!(
        stdout(&third).contains("(1 rendered, 19 reused, 1 failed)"),
        "{}",
        stdout(&third)
    );
    let feed = feed_rs::parser::parse(std::fs::read(&feed_path).unwrap().as_slice()).unwrap();
    assert_eq!(feed.entries.len(), 2);
}
