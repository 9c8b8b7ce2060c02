//! Hostile inputs and careless paths: one test per row of the README's table of hostile
//! inputs, each run on the real executable in a temporary directory and checked for the
//! message, the exit code and the files left afterwards. Each is named after what broke.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The fuzz targets' bodies, shared with `fuzz/fuzz_targets/`.
#[path = "../fuzz/bodies.rs"]
mod fuzz_bodies;
#[path = "hostile/fuzz_replay.rs"]
mod fuzz_replay;

/// A run of `narrate`: exit code (`None` when killed by a signal), stdout, stderr.
struct Run {
    code: Option<i32>,
    stdout: Vec<u8>,
    stderr: String,
}

/// A debug build is slow; a hang is far slower. A watchdog, not a speed test.
const WATCHDOG: Duration = Duration::from_secs(600);

/// Run `narrate args` in `dir` with `stdin`, killed (and the test failed) after
/// [`WATCHDOG`].
fn run(dir: &Path, args: &[&str], stdin: Option<&[u8]>) -> Run {
    run_with(dir, args, stdin, &[])
}

/// [`run`] with extra environment variables.
fn run_with(dir: &Path, args: &[&str], stdin: Option<&[u8]>, envs: &[(&str, &Path)]) -> Run {
    let (out, err) = (dir.join(".stdout"), dir.join(".stderr"));
    let mut child = Command::new(env!("CARGO_BIN_EXE_narrate"))
        .args(args)
        .current_dir(dir)
        .env("NARRATE_ESPEAK_HELPERS", "0")
        .envs(envs.iter().copied())
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(std::fs::File::create(&out).unwrap())
        .stderr(std::fs::File::create(&err).unwrap())
        .spawn()
        .expect("narrate runs");
    if let Some(bytes) = stdin {
        let _ = child.stdin.take().unwrap().write_all(bytes);
    }
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > WATCHDOG {
            let _ = child.kill();
            panic!("narrate {args:?} still running after {WATCHDOG:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let run = Run {
        code: status.code(),
        stdout: std::fs::read(&out).unwrap(),
        stderr: std::fs::read_to_string(&err).unwrap(),
    };
    std::fs::remove_file(out).unwrap();
    std::fs::remove_file(err).unwrap();
    run
}

/// The names in `dir`, sorted.
fn files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// A temporary directory holding `name` with `contents`.
fn with_file(name: &str, contents: &[u8]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, contents).unwrap();
    (dir, path)
}

const ARTICLE: &str = "Bridge vote\n\nThe council met on Tuesday evening to vote on the old bridge, and the motion to close it to cars passed by nine votes to four.\n\nEngineers found cracks in two of its piers last month.\n";
const PARAGRAPH: &str = "<p>The council approved the budget for the new library on Tuesday evening after a long debate.</p>";

fn page(body: &str) -> Vec<u8> {
    format!("<html><head><title>Library</title></head><body>{body}{PARAGRAPH}</body></html>")
        .into_bytes()
}

// ---- Hangs and crashes -------------------------------------------------------------

#[test]
fn korean_rule_on_alternating_vowels_does_not_backtrack() {
    let text = format!(
        "Title\n\nA{}eq Kim met the council on Tuesday to talk about the bridge.\n",
        "ea".repeat(40)
    );
    let (dir, _) = with_file("a.txt", text.as_bytes());
    let out = run(dir.path(), &["names", "a.txt"], None);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert_eq!(files(dir.path()), ["a.txt"]);
}

/// `clean` on a page whose body is `body` then [`PARAGRAPH`]: exit 0, the paragraph read.
fn clean_reads_the_paragraph(body: &str) {
    let (dir, _) = with_file("a.html", &page(body));
    let out = run(dir.path(), &["clean", "a.html"], None);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(String::from_utf8_lossy(&out.stdout).contains("The council approved"));
    assert_eq!(files(dir.path()), ["a.html"]);
}

#[test]
fn self_closing_div_flood_does_not_reach_the_dom_extractor() {
    clean_reads_the_paragraph(&"<div/>".repeat(10_000));
}

#[test]
fn unmatched_end_tag_flood_does_not_reach_the_dom_extractor() {
    clean_reads_the_paragraph(&"<div></span>".repeat(100_000));
}

#[test]
fn unclosed_tag_flood_is_not_scanned_quadratically() {
    // `<a` without `>` 3·10⁵ times took 26 s in the depth scan; the copy of the paragraph
    // after the flood is inside the unclosed tag, the one before it is read.
    clean_reads_the_paragraph(&format!("{PARAGRAPH}{}", "<a".repeat(300_000)));
}

#[test]
fn page_of_tiny_paragraphs_under_the_size_cutoff_does_not_hang() {
    // 5.9 MB of `<p>` elements: over 100 s in the DOM extractor.
    clean_reads_the_paragraph(&"<p>Word one two.</p>".repeat(5_900_000 / 20));
}

#[test]
fn non_ascii_page_over_a_million_bytes_is_read_to_its_end() {
    // rs-trafilatura cut the text at 10⁶ bytes and panicked inside a character.
    let para = format!("<p>{}.</p>\n", ["долина"; 60].join(" "));
    let body = para.repeat(1_300_000 / para.len());
    let last = "<p>The last paragraph of the article ends here.</p>";
    let (dir, _) = with_file("a.html", &page(&format!("{body}{last}")));
    let out = run(dir.path(), &["clean", "a.html"], None);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(!out.stderr.contains("panicked"), "{}", out.stderr);
    assert!(String::from_utf8_lossy(&out.stdout).contains("The last paragraph"));
}

#[test]
fn closed_stderr_does_not_panic() {
    // Printing the final error to a closed pipe panicked (exit 101).
    let mut child = Command::new(env!("CARGO_BIN_EXE_narrate"))
        .args(["clean", "/nonexistent/article.txt"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stderr.take());
    assert_eq!(child.wait().unwrap().code(), Some(1));
}

// ---- Limits ------------------------------------------------------------------------

#[test]
fn endless_input_stops_at_the_input_limit() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(dir.path(), &["clean", "/dev/zero"], None);
    assert_eq!(out.code, Some(1));
    assert_eq!(
        out.stderr,
        "narrate: /dev/zero: larger than 20 MiB (raise --max-input to read it)\n"
    );
    let out = run(
        dir.path(),
        &["sentences", "-", "--max-input", "1K"],
        Some(&[b'a'; 2000]),
    );
    assert_eq!(out.code, Some(1));
    assert!(
        out.stderr.contains("<stdin>: larger than 1 KiB"),
        "{}",
        out.stderr
    );
    assert!(files(dir.path()).is_empty());
}

#[test]
fn three_thousand_word_sentence_reaches_the_engine_in_pieces() {
    // Piper was OOM-killed on it (attention grows with the square of the sentence).
    let words: Vec<String> = (0..3_000).map(|i| format!("word{}", i % 7)).collect();
    let text = format!("Title\n\nThe council said {}.\n", words.join(" "));
    let (dir, _) = with_file("a.txt", text.as_bytes());
    let args = [
        "render", "a.txt", "-o", "a.wav", "--vtt", "a.vtt", "--voice", "mock",
    ];
    let out = run(dir.path(), &args, None);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let vtt = std::fs::read_to_string(dir.path().join("a.vtt")).unwrap();
    let cues = vtt.matches(" --> ").count();
    assert!(cues > 30, "{cues} cues");
    assert_eq!(files(dir.path()), ["a.txt", "a.vtt", "a.wav"]);
}

#[test]
fn million_digit_number_is_refused_before_synthesis() {
    // Rendered with the mock voice it reached 21 GB; read aloud it would take 47 hours.
    let text = format!("Title\n\nThe code is {}.\n", "7".repeat(1_000_000));
    let (dir, _) = with_file("a.txt", text.as_bytes());
    let out = run(
        dir.path(),
        &["render", "a.txt", "-o", "a.wav", "--voice", "mock"],
        None,
    );
    assert_eq!(out.code, Some(1));
    assert!(
        out.stderr
            .starts_with("narrate: a.txt: the article would take at least 47 hours")
            && out
                .stderr
                .contains("more than a WAV file holds (27 hours at 22050 Hz)"),
        "{}",
        out.stderr
    );
    assert_eq!(files(dir.path()), ["a.txt"]);
}

#[test]
fn batch_applies_the_input_limit_and_names_the_file() {
    // `narrate batch` had its own fixed 20 MB cap and printed with bare `eprintln!`.
    let (dir, _) = with_file("big.txt", ARTICLE.repeat(10).as_bytes());
    let args = ["batch", "big.txt", "--out-dir", "out", "--voice", "mock"];
    let out = run(
        dir.path(),
        &[&args[..], &["--max-input", "1K"]].concat(),
        None,
    );
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    assert!(
        out.stderr
            .contains("narrate: big.txt: larger than 1 KiB (raise --max-input to read it)\n"),
        "{}",
        out.stderr
    );
    let audio: Vec<String> = files(&dir.path().join("out"))
        .into_iter()
        .filter(|f| !f.starts_with('.'))
        .collect();
    assert!(audio.is_empty(), "{audio:?}");
}

// ---- Smaller ---------------------------------------------------------------------

#[test]
fn chapter_label_of_one_endless_word_is_cut() {
    // A 1 MB label went into the chapters and the printed summary.
    let text = format!(
        "Title\n\n{} is long. And more text follows here.\n",
        "Word".repeat(50_000)
    );
    let (dir, _) = with_file("a.txt", text.as_bytes());
    let args = [
        "render",
        "a.txt",
        "--voice",
        "mock",
        "-o",
        "a.wav",
        "--chapters-json",
        "a.json",
    ];
    let out = run(dir.path(), &args, None);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("a.json")).unwrap()).unwrap();
    let title = json["chapters"][0]["title"].as_str().unwrap();
    assert!(
        title.chars().count() <= 81 && title.ends_with('…'),
        "{title}"
    );
    assert!(out.stderr.len() < 2_000 && out.stdout.len() < 2_000);
    assert_eq!(files(dir.path()), ["a.json", "a.txt", "a.wav"]);
}

#[test]
fn terminal_escapes_in_diagnostics_are_shown_not_obeyed() {
    // Escape sequences from an article or a file name reached the terminal raw.
    let dir = tempfile::tempdir().unwrap();
    let out = run(dir.path(), &["clean", "\u{1b}[31mred.txt"], None);
    assert_eq!(out.code, Some(1));
    assert!(!out.stderr.contains('\u{1b}'), "{:?}", out.stderr);
    assert!(
        out.stderr
            .starts_with("narrate: cannot read \\u{1b}[31mred.txt"),
        "{}",
        out.stderr
    );
    assert!(files(dir.path()).is_empty());
}

#[test]
fn utf16_without_a_bom_is_read_not_called_binary() {
    let le: Vec<u8> = ARTICLE.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let (dir, _) = with_file("a.txt", &le);
    let out = run(dir.path(), &["clean", "a.txt"], None);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let (plain, _) = with_file("a.txt", ARTICLE.as_bytes());
    let expected = run(plain.path(), &["clean", "a.txt"], None);
    assert_eq!(out.stdout, expected.stdout);
    assert_eq!(files(dir.path()), ["a.txt"]);
}

#[test]
fn empty_file_to_sentences_and_normalize_is_refused_like_clean() {
    // `sentences` and `normalize` printed nothing and exited 0; `clean` refused it.
    let (dir, _) = with_file("empty.txt", b"");
    for command in ["clean", "sentences", "normalize"] {
        let out = run(dir.path(), &[command, "empty.txt"], None);
        assert_eq!(out.code, Some(1), "{command}");
        assert_eq!(
            out.stderr, "narrate: empty.txt: the file is empty\n",
            "{command}"
        );
        assert!(out.stdout.is_empty(), "{command}");
    }
    assert_eq!(files(dir.path()), ["empty.txt"]);
}

#[test]
fn a_folder_as_lexicon_is_an_error_not_ignored() {
    // The per-user lexicon path being a folder was silently ignored.
    let (dir, _) = with_file("a.txt", ARTICLE.as_bytes());
    std::fs::create_dir(dir.path().join("names")).unwrap();
    let args = ["render", "a.txt", "--voice", "mock", "-o", "a.wav"];
    let out = run(
        dir.path(),
        &[&args[..], &["--lexicon", "names"]].concat(),
        None,
    );
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    assert_eq!(
        out.stderr,
        "narrate: cannot read lexicon names: it is a directory, not a file\n"
    );
    let config = dir.path().join("config");
    std::fs::create_dir_all(config.join("narrate/lexicon.toml")).unwrap();
    let out = run_with(dir.path(), &args, None, &[("XDG_CONFIG_HOME", &config)]);
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    assert!(
        out.stderr
            .ends_with("lexicon.toml: it is a directory, not a file\n"),
        "{}",
        out.stderr
    );
    assert_eq!(files(dir.path()), ["a.txt", "config", "names"]);
}

#[test]
fn config_mistakes_give_the_line() {
    // The message named the file only.
    let (dir, _) = with_file("a.txt", ARTICLE.as_bytes());
    let config = dir.path().join("config");
    std::fs::create_dir_all(config.join("narrate")).unwrap();
    let file = config.join("narrate/config.toml");
    std::fs::write(&file, "# mine\nvoice = \"en-us\"\nrate = \"fast\"\n").unwrap();
    let args = ["render", "a.txt", "--voice", "mock", "-o", "a.wav"];
    let out = run_with(dir.path(), &args, None, &[("XDG_CONFIG_HOME", &config)]);
    assert_eq!(out.code, Some(2), "{}", out.stderr);
    assert_eq!(
        out.stderr,
        format!(
            "narrate: {}:3: invalid type: string \"fast\", expected u32\n",
            file.display()
        )
    );
    assert_eq!(files(dir.path()), ["a.txt", "config"]);
}

// ---- Output paths ------------------------------------------------------------------

#[test]
fn output_equal_to_the_input_is_refused() {
    let (dir, _) = with_file("a.txt", ARTICLE.as_bytes());
    for output in ["a.txt", "./a.txt"] {
        let out = run(
            dir.path(),
            &["render", "a.txt", "-o", output, "--voice", "mock"],
            None,
        );
        assert_eq!(out.code, Some(1));
        assert_eq!(
            out.stderr,
            format!(
                "narrate: cannot write {output}: it is the input a.txt; choose another output name\n"
            )
        );
    }
    std::fs::write(dir.path().join("words.toml"), "").unwrap();
    let args = [
        "render",
        "a.txt",
        "-o",
        "a.wav",
        "--lexicon",
        "words.toml",
        "--vtt",
        "words.toml",
    ];
    let out = run(dir.path(), &args, None);
    assert_eq!(out.code, Some(1));
    assert!(
        out.stderr.contains("it is the input words.toml"),
        "{}",
        out.stderr
    );
    assert_eq!(
        std::fs::read(dir.path().join("a.txt")).unwrap(),
        ARTICLE.as_bytes()
    );
    assert_eq!(files(dir.path()), ["a.txt", "words.toml"]);
}

#[test]
fn two_outputs_naming_one_file_are_refused() {
    let (dir, _) = with_file("a.txt", ARTICLE.as_bytes());
    let args = [
        "render", "a.txt", "-o", "x.wav", "--vtt", "x.wav", "--voice", "mock",
    ];
    let out = run(dir.path(), &args, None);
    assert_eq!(out.code, Some(1));
    assert_eq!(
        out.stderr,
        "narrate: cannot write x.wav: two outputs of this run name the same file\n"
    );
    assert_eq!(files(dir.path()), ["a.txt"]);
}

#[test]
fn symlink_fifo_and_directory_outputs_are_refused() {
    let (dir, _) = with_file("a.txt", ARTICLE.as_bytes());
    std::fs::write(dir.path().join("kept.wav"), b"old").unwrap();
    std::os::unix::fs::symlink("kept.wav", dir.path().join("link.wav")).unwrap();
    let fifo = Command::new("mkfifo")
        .arg(dir.path().join("fifo.wav"))
        .status();
    assert!(fifo.is_ok_and(|s| s.success()));
    std::fs::create_dir(dir.path().join("dir.wav")).unwrap();
    for (output, why) in [
        (
            "link.wav",
            "it is a symbolic link (name the file it points to instead)",
        ),
        (
            "fifo.wav",
            "it is a device, FIFO or socket, not a regular file",
        ),
        ("dir.wav", "it is a directory"),
    ] {
        let out = run(
            dir.path(),
            &["render", "a.txt", "-o", output, "--voice", "mock"],
            None,
        );
        assert_eq!(out.code, Some(1));
        assert_eq!(
            out.stderr,
            format!("narrate: cannot write {output}: {why}\n")
        );
    }
    assert_eq!(std::fs::read(dir.path().join("kept.wav")).unwrap(), b"old");
    assert!(
        std::fs::symlink_metadata(dir.path().join("link.wav"))
            .unwrap()
            .is_symlink()
    );
    assert_eq!(
        files(dir.path()),
        ["a.txt", "dir.wav", "fifo.wav", "kept.wav", "link.wav"]
    );
}

/// `tool args` with `input` on its standard input: exit status and both outputs, or
/// `None` when the tool is not installed.
fn pipe_into(tool: &str, args: &[&str], input: &[u8]) -> Option<(bool, String)> {
    let mut child = Command::new(tool)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .ok()?;
    let mut stdin = child.stdin.take()?;
    let input = input.to_vec();
    let feeder = std::thread::spawn(move || stdin.write_all(&input));
    let out = child.wait_with_output().ok()?;
    let _ = feeder.join();
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    Some((out.status.success(), text))
}

#[test]
fn dash_output_writes_the_audio_to_stdout_not_a_file() {
    // `-o -` wrote a file named `-`; then the finished WAV was copied out of a second
    // temporary file. Now the last pass writes it to standard output front to back, with
    // the final sizes in the header, byte for byte the file `-o a.wav` writes.
    let (dir, _) = with_file("a.txt", ARTICLE.as_bytes());
    let args = [
        "render", "a.txt", "-o", "-", "--vtt", "a.vtt", "--voice", "mock",
    ];
    let out = run(dir.path(), &args, None);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(out.stderr.contains("wrote     a.vtt"), "{}", out.stderr);
    assert_eq!(files(dir.path()), ["a.txt", "a.vtt"]);
    let file = ["render", "a.txt", "-o", "a.wav", "--voice", "mock"];
    assert_eq!(run(dir.path(), &file, None).code, Some(0));
    let written = std::fs::read(dir.path().join("a.wav")).unwrap();
    assert!(out.stdout == written, "standard output differs from a.wav");
    // Players reading a pipe take it: FFmpeg and SoX, when installed.
    if let Some((ok, text)) = pipe_into("ffprobe", &["-hide_banner", "-i", "pipe:0"], &out.stdout) {
        assert!(
            ok && text.contains("pcm_s16le") && text.contains("22050 Hz"),
            "{text}"
        );
    }
    if let Some((ok, text)) = pipe_into("sox", &["-t", "wav", "-", "-n", "stat"], &out.stdout) {
        let seconds: f64 = text
            .lines()
            .find_map(|l| l.strip_prefix("Length (seconds):"))
            .and_then(|s| s.trim().parse().ok())
            .unwrap_or_else(|| panic!("sox: {text}"));
        assert!(ok && seconds > 5.0, "{text}");
    }
}

#[test]
fn dash_output_with_mp3_writes_the_mp3_to_stdout() {
    let (dir, _) = with_file("a.txt", ARTICLE.as_bytes());
    let args = [
        "render", "a.txt", "-o", "-", "--format", "mp3", "--voice", "mock",
    ];
    let out = run(dir.path(), &args, None);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert_eq!(&out.stdout[..3], b"ID3");
    assert_eq!(files(dir.path()), ["a.txt"]);
    let file = ["render", "a.txt", "-o", "a.mp3", "--voice", "mock"];
    assert_eq!(run(dir.path(), &file, None).code, Some(0));
    let written = std::fs::read(dir.path().join("a.mp3")).unwrap();
    assert!(out.stdout == written, "standard output differs from a.mp3");
}

#[test]
fn dash_output_into_a_closed_pipe_exits_quietly() {
    // The player went away (`narrate … -o - | head -c 100`): not an error to report.
    let (dir, _) = with_file("a.txt", ARTICLE.as_bytes());
    let mut child = Command::new(env!("CARGO_BIN_EXE_narrate"))
        .args(["render", "a.txt", "-o", "-", "--voice", "mock"])
        .current_dir(dir.path())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(!stderr.contains("narrate:"), "{stderr}");
    assert_eq!(files(dir.path()), ["a.txt"]);
}

#[test]
fn dash_output_onto_a_full_device_says_so() {
    // Standard output on a full disk (here /dev/full): the error, not a short file.
    let (dir, _) = with_file("a.txt", ARTICLE.as_bytes());
    let Ok(full) = std::fs::File::options().write(true).open("/dev/full") else {
        return; // not Linux
    };
    let out = Command::new(env!("CARGO_BIN_EXE_narrate"))
        .args([
            "render", "a.txt", "-o", "-", "--vtt", "a.vtt", "--voice", "mock",
        ])
        .current_dir(dir.path())
        .stdin(Stdio::null())
        .stdout(full)
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("narrate: cannot write -: cannot write the audio: No space left on device"),
        "{stderr}"
    );
    // The sidecar is not written when the audio failed.
    assert_eq!(files(dir.path()), ["a.txt"]);
}

#[test]
fn sidecar_to_stdout_is_refused() {
    // Only one stream can go to standard output: the audio.
    let (dir, _) = with_file("a.txt", ARTICLE.as_bytes());
    let args = [
        "render", "a.txt", "-o", "a.wav", "--vtt", "-", "--voice", "mock",
    ];
    let out = run(dir.path(), &args, None);
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    assert!(
        out.stderr.contains(
            "only the audio can go to standard output (-o -); name a file for the sidecars"
        ),
        "{}",
        out.stderr
    );
    assert_eq!(files(dir.path()), ["a.txt"]);
}

#[test]
fn outputs_are_not_private_to_the_owner() {
    // Every output was 0600 (tempfile's mode), whatever the umask.
    use std::os::unix::fs::PermissionsExt;
    let (dir, _) = with_file("a.txt", ARTICLE.as_bytes());
    let args = [
        "render", "a.txt", "-o", "a.wav", "--vtt", "a.vtt", "--voice", "mock",
    ];
    assert_eq!(run(dir.path(), &args, None).code, Some(0));
    let txt = std::fs::metadata(dir.path().join("a.txt"))
        .unwrap()
        .permissions()
        .mode();
    for name in ["a.wav", "a.vtt"] {
        let mode = std::fs::metadata(dir.path().join(name))
            .unwrap()
            .permissions()
            .mode();
        // a.txt was made by this process with the same umask and mode 0666.
        assert_eq!(mode & 0o777, txt & 0o777, "{name}: {mode:o}");
    }
}

// ---- Damaged installs ---------------------------------------------------------------

/// narrate's data folder with the real installed files of `voice` linked in, if any.
fn real_voice_dir(voice: &str) -> Option<PathBuf> {
    let home = std::env::var_os("HOME")?;
    let data = std::env::var_os("XDG_DATA_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(home).join(".local/share"));
    let dir = data.join("narrate/voices").join(voice);
    dir.is_dir().then_some(dir)
}

/// `narrate render a.txt --voice en_US-joe-medium -o a.wav` in `dir`, with `data` as
/// `XDG_DATA_HOME`.
fn render_piper_with_data(dir: &Path, data: &Path) -> Run {
    let args = [
        "render",
        "a.txt",
        "--voice",
        "en_US-joe-medium",
        "-o",
        "a.wav",
    ];
    run_with(dir, &args, None, &[("XDG_DATA_HOME", data)])
}

/// The line `narrate voices` prints for the Piper voice, with `data` as `XDG_DATA_HOME`.
fn piper_voices_line(dir: &Path, data: &Path) -> String {
    let listed = run_with(dir, &["voices"], None, &[("XDG_DATA_HOME", data)]);
    String::from_utf8_lossy(&listed.stdout)
        .lines()
        .find(|l| l.starts_with("en_US-joe-medium\t"))
        .unwrap_or_default()
        .to_owned()
}

#[test]
fn truncated_voice_model_is_refused_at_load_and_not_listed_installed() {
    // A truncated model failed deep inside ONNX Runtime; `voices` still said "installed".
    let (dir, _) = with_file("a.txt", ARTICLE.as_bytes());
    let data = dir.path().join("data");
    let voice = data.join("narrate/voices/en_US-joe-medium");
    std::fs::create_dir_all(&voice).unwrap();
    std::fs::write(voice.join("en_US-joe-medium.onnx"), vec![7u8; 1000]).unwrap();
    std::fs::write(voice.join("en_US-joe-medium.onnx.json"), vec![b' '; 4794]).unwrap();
    let out = render_piper_with_data(dir.path(), &data);
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    let model = voice.join("en_US-joe-medium.onnx");
    assert!(
        out.stderr.contains(&format!(
            "voice data is unusable: {}: 1000 bytes, expected 63201294 (truncated or replaced)",
            model.display()
        )),
        "{}",
        out.stderr
    );
    let line = piper_voices_line(dir.path(), &data);
    assert!(line.contains("(damaged, reinstall it: "), "{line}");
    assert_eq!(files(dir.path()), ["a.txt", "data"]);
}

#[test]
fn truncated_runtime_library_is_refused_before_it_is_loaded() {
    // A truncated libonnxruntime.so crashed narrate with SIGBUS.
    let Some(real) = real_voice_dir("en_US-joe-medium") else {
        eprintln!("skipping: the Piper voice is not installed");
        return;
    };
    let (dir, _) = with_file("a.txt", ARTICLE.as_bytes());
    let data = dir.path().join("data/narrate");
    std::fs::create_dir_all(data.join("voices")).unwrap();
    std::os::unix::fs::symlink(&real, data.join("voices/en_US-joe-medium")).unwrap();
    std::fs::create_dir_all(data.join("runtime")).unwrap();
    let library = real.join("../../runtime/libonnxruntime.so");
    let bytes = std::fs::read(&library).unwrap();
    let truncated = data.join("runtime/libonnxruntime.so");
    std::fs::write(&truncated, &bytes[..bytes.len() / 3]).unwrap();
    let out = render_piper_with_data(dir.path(), &dir.path().join("data"));
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    assert!(
        out.stderr.contains(&format!(
            "the ONNX Runtime library for neural voices is missing or unusable: {}: {} bytes, expected {} (truncated or replaced)",
            truncated.display(),
            bytes.len() / 3,
            bytes.len()
        )),
        "{}",
        out.stderr
    );
    let line = piper_voices_line(dir.path(), &dir.path().join("data"));
    assert!(line.contains("(damaged"), "{line}");
    assert_eq!(files(dir.path()), ["a.txt", "data"]);
}

#[test]
fn piper_config_with_sample_rate_zero_is_refused_not_a_panic() {
    // `sample_rate: 0` panicked (division by zero). An installed config is now checked
    // against its SHA-256 first; the config's own check stands behind that.
    let Some(real) = real_voice_dir("en_US-joe-medium") else {
        eprintln!("skipping: the Piper voice is not installed");
        return;
    };
    let (dir, _) = with_file("a.txt", ARTICLE.as_bytes());
    let voice = dir.path().join("data/narrate/voices/en_US-joe-medium");
    std::fs::create_dir_all(&voice).unwrap();
    let model = "en_US-joe-medium.onnx";
    std::os::unix::fs::symlink(real.join(model), voice.join(model)).unwrap();
    let json = std::fs::read_to_string(real.join("en_US-joe-medium.onnx.json")).unwrap();
    let zero = json.replacen("\"sample_rate\": 22050", "\"sample_rate\": 0", 1);
    assert_ne!(zero, json, "the config names its sample rate");
    // The same size as the installed file, so only the checksum tells them apart.
    let zero = format!("{zero}{}", " ".repeat(json.len() - zero.len()));
    std::fs::write(voice.join("en_US-joe-medium.onnx.json"), &zero).unwrap();
    let runtime = dir.path().join("data/narrate/runtime");
    std::os::unix::fs::symlink(real.join("../../runtime"), &runtime).unwrap();
    let out = render_piper_with_data(dir.path(), &dir.path().join("data"));
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    assert!(
        out.stderr.contains("en_US-joe-medium.onnx.json: SHA-256 ")
            && out.stderr.contains("(damaged or replaced)"),
        "{}",
        out.stderr
    );
    assert_eq!(files(dir.path()), ["a.txt", "data"]);
}

/// A copy of eSpeak NG's data folder in `dir` (`espeak-ng-data`, for `ESPEAK_DATA_PATH`):
/// the files `damage` names are copied, the rest linked. `None` without eSpeak NG data.
fn espeak_data_copy(dir: &Path, copied: &[&str]) -> Option<PathBuf> {
    let system = [
        "/usr/lib/x86_64-linux-gnu/espeak-ng-data",
        "/usr/share/espeak-ng-data",
    ]
    .iter()
    .map(PathBuf::from)
    .find(|p| p.join("phondata").is_file())?;
    let copy = dir.join("espeak-ng-data");
    std::fs::create_dir(&copy).unwrap();
    for entry in std::fs::read_dir(&system).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name();
        if copied.iter().any(|c| name == **c) {
            std::fs::copy(entry.path(), copy.join(&name)).unwrap();
        } else {
            std::os::unix::fs::symlink(entry.path(), copy.join(&name)).unwrap();
        }
    }
    Some(copy)
}

#[test]
fn truncated_espeak_phondata_or_missing_dictionary_is_an_error_not_a_crash() {
    // A truncated phondata segfaulted inside the library; a missing en_dict gave exit 0
    // and two seconds of noise.
    let (dir, _) = with_file("a.txt", ARTICLE.as_bytes());
    let espeak = dir.path().join("espeak");
    std::fs::create_dir(&espeak).unwrap();
    let Some(data) = espeak_data_copy(&espeak, &["phondata"]) else {
        eprintln!("skipping: no eSpeak NG data");
        return;
    };
    let phondata = std::fs::read(data.join("phondata")).unwrap();
    std::fs::write(data.join("phondata"), &phondata[..phondata.len() / 2]).unwrap();
    std::fs::remove_file(data.join("en_dict")).unwrap();
    let envs = [("ESPEAK_DATA_PATH", espeak.as_path())];
    let out = run_with(dir.path(), &["render", "a.txt", "-o", "a.wav"], None, &envs);
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    assert!(
        out.stderr.contains("eSpeak NG's voice data is damaged: ")
            && out.stderr.contains("phondata: ")
            && out.stderr.contains("(truncated)"),
        "{}",
        out.stderr
    );
    std::fs::write(data.join("phondata"), &phondata).unwrap();
    let out = run_with(dir.path(), &["render", "a.txt", "-o", "a.wav"], None, &envs);
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    assert!(out.stderr.contains("en_dict is missing"), "{}", out.stderr);
    assert_eq!(files(dir.path()), ["a.txt", "espeak"]);
}

/// A render of the sample read 20 times in `dir` (to `a.wav`, `a.vtt`, over an old
/// `a.wav`), returned once its temporary files exist; `None` when eSpeak NG is missing.
fn start_long_render(dir: &Path) -> Option<std::process::Child> {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/kyiv-independent-2024-11-27.txt"),
    )
    .unwrap()
    .repeat(20);
    std::fs::write(dir.join("a.txt"), text).unwrap();
    std::fs::write(dir.join("a.wav"), b"old").unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_narrate"))
        .args(["render", "a.txt", "-o", "a.wav", "--vtt", "a.vtt"])
        .current_dir(dir)
        .env("NARRATE_ESPEAK_HELPERS", "0")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Wait for the temporary files: then the voice is reading.
    let started = Instant::now();
    while !files(dir).iter().any(|f| f.starts_with(".narrate-")) {
        if let Some(status) = child.try_wait().unwrap() {
            let mut stderr = String::new();
            std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
            if stderr.contains("is not installed") {
                eprintln!("skipping: the eSpeak NG library is not installed");
                return None;
            }
            panic!("narrate ended before reading: {status:?} {stderr}");
        }
        assert!(started.elapsed() < WATCHDOG, "no temporary file appeared");
        std::thread::sleep(Duration::from_millis(20));
    }
    Some(child)
}

fn signal(child: &std::process::Child, name: &str) {
    let sent = Command::new("kill")
        .args([name, &child.id().to_string()])
        .status();
    assert!(sent.is_ok_and(|s| s.success()));
}

#[test]
fn sigterm_removes_temporary_files_and_keeps_the_old_output() {
    // SIGINT and SIGTERM left `.narrate-*` files of hundreds of MB behind.
    let dir = tempfile::tempdir().unwrap();
    let Some(child) = start_long_render(dir.path()) else {
        return;
    };
    signal(&child, "-TERM");
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(143));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.ends_with("cannot read the article aloud: interrupted\n"),
        "{stderr}"
    );
    assert_eq!(std::fs::read(dir.path().join("a.wav")).unwrap(), b"old");
    assert_eq!(files(dir.path()), ["a.txt", "a.wav"]);
}

#[test]
fn sigkill_leftovers_are_removed_by_the_next_run() {
    // SIGKILL left `.narrate-*` files (up to 18 GB) that no later run removed.
    let dir = tempfile::tempdir().unwrap();
    let Some(mut child) = start_long_render(dir.path()) else {
        return;
    };
    signal(&child, "-KILL");
    assert_eq!(child.wait().unwrap().code(), None);
    let leftovers: Vec<String> = files(dir.path())
        .into_iter()
        .filter(|f| f.starts_with(".narrate-"))
        .collect();
    assert!(!leftovers.is_empty(), "nothing can clean up after SIGKILL");
    // A minute later (a leftover younger than that might belong to a run that does not
    // lock its files), the next run into the same folder removes them.
    let old = std::time::SystemTime::now() - Duration::from_secs(120);
    for name in &leftovers {
        let file = std::fs::File::options()
            .write(true)
            .open(dir.path().join(name))
            .unwrap();
        file.set_modified(old).unwrap();
    }
    std::fs::write(dir.path().join("b.txt"), ARTICLE).unwrap();
    let out = run(
        dir.path(),
        &["render", "b.txt", "--voice", "mock", "-o", "b.wav"],
        None,
    );
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert_eq!(std::fs::read(dir.path().join("a.wav")).unwrap(), b"old");
    assert_eq!(files(dir.path()), ["a.txt", "a.wav", "b.txt", "b.wav"]);
}
