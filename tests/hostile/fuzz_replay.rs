//! The fuzz targets on the stable toolchain, in `cargo test`: each target's body
//! (`fuzz/bodies.rs`, the same function `cargo fuzz` runs) over the committed seeds, every
//! crash or timeout input ever found (`fuzz/regressions/TARGET/`), and deterministic
//! mutations of the seeds (byte flips, inserted tokens and bytes, deletions, splices,
//! repeats, truncations): 3,000 a target, fewer where one input takes longer. No sanitizer and no coverage guidance: this is what CI can afford so a
//! regression shows; `fuzz/run.sh` is the real search.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use crate::fuzz_bodies::TARGETS;

/// Mutations per target (`NARRATE_FUZZ_MUTATIONS` sets one number for all): as many as
/// fit in a few seconds of a debug build, so page-sized targets get fewer.
fn mutations(target: &str) -> usize {
    if let Some(n) = std::env::var("NARRATE_FUZZ_MUTATIONS")
        .ok()
        .and_then(|n| n.parse().ok())
    {
        return n;
    }
    match target {
        "clean_html" | "pipeline" | "names" | "normalize" => 250,
        "clean_text" | "wav_roundtrip" => 1_000,
        _ => 3_000,
    }
}

/// The longest piece of a seed a mutation starts from: the bodies run in a debug build.
const WINDOW: usize = 512;

/// The longest mutated input.
const MAX_LEN: usize = 8_192;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The files matching `pattern`'s extension in `dir` (all with `None`), sorted.
fn files_in(dir: &Path, extension: Option<&str>) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut found: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .filter(|p| extension.is_none_or(|x| p.extension().is_some_and(|e| e == x)))
        .collect();
    found.sort();
    found
}

/// The seeds `fuzz/run.sh` gives `target` (without the shared evaluation pages, which are
/// not in the repository).
fn seeds(target: &str) -> Vec<PathBuf> {
    let root = root();
    let fuzz_seeds = root.join("fuzz/seeds");
    let generated: Vec<PathBuf> = files_in(&fuzz_seeds, None)
        .into_iter()
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("generated-"))
        })
        .collect();
    let samples = |ext| files_in(&root.join("samples"), Some(ext));
    let fixtures = files_in(&root.join("tests/fixtures"), Some("md"));
    match target {
        "clean_text" | "sentences" | "normalize" | "names" => [generated, samples("txt")].concat(),
        "clean_html" | "pipeline" => {
            [generated, samples("txt"), samples("html"), fixtures].concat()
        }
        "markdown" => [generated, fixtures].concat(),
        "lexicon" => vec![
            root.join("voices/lexicon-en.toml"),
            root.join("voices/name-words.toml"),
            fuzz_seeds.join("lexicon.pls"),
        ],
        _ => Vec::new(),
    }
}

/// SplitMix64: a small, well-mixed generator, seeded per target so every run is the same.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number below `n` (0 when `n` is 0).
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }

    fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.next() as u8).collect()
    }
}

/// Bytes that mean something to the parsers, inserted more often than random ones.
const TOKENS: &[&[u8]] = &[
    b"<",
    b">",
    b"</",
    b"/>",
    b"<div>",
    b"</span>",
    b"<a ",
    b"<p>",
    b"&amp;",
    b"&#",
    b"\0",
    b"\n\n",
    b". ",
    b"$",
    b",",
    b"1",
    b"9999999",
    b"%",
    b":",
    b"-",
    b"\"",
    b"'",
    b"Kim",
    b"ea",
    b"# ",
    b"- ",
    b"> ",
    b"[",
    b"](",
    b"=",
    b"\xe2\x80\x94",
    b"\xc5\x82",
    b"\xf0\x9f\x98\x80",
    b"\xff",
    b"\xef\xbb\xbf",
    b"\x1b[",
    b"[x]\n",
    b"<?xml",
];

/// One mutation of `base` (with `other`, another seed, for splices).
fn mutate(random: &mut Random, base: &[u8], other: &[u8]) -> Vec<u8> {
    let mut data = base.to_vec();
    for _ in 0..1 + random.below(4) {
        let at = random.below(data.len() + 1);
        match random.below(7) {
            0 if !data.is_empty() => {
                let i = random.below(data.len());
                data[i] ^= 1 << random.below(8);
            }
            1 => {
                let token = TOKENS[random.below(TOKENS.len())];
                data.splice(at..at, token.iter().copied());
            }
            2 => {
                let n = 1 + random.below(8);
                data.splice(at..at, random.bytes(n));
            }
            3 => {
                let end = (at + 1 + random.below(64)).min(data.len());
                data.drain(at.min(end)..end);
            }
            4 if !other.is_empty() => {
                let from = random.below(other.len());
                let to = (from + 1 + random.below(256)).min(other.len());
                data.splice(at..at, other[from..to].iter().copied());
            }
            5 => {
                // A piece repeated: floods of tags, digits, words.
                let end = (at + 1 + random.below(16)).min(data.len());
                let piece = data[at.min(end)..end].to_vec();
                let times = 2 + random.below(500);
                let room = MAX_LEN.saturating_sub(data.len()) / piece.len().max(1);
                let repeated = piece.repeat(times.min(room));
                data.splice(end..end, repeated);
            }
            _ => data.truncate(at),
        }
    }
    data.truncate(MAX_LEN);
    data
}

/// A piece of at most [`WINDOW`] bytes of `seed`, at a random place.
fn window<'a>(random: &mut Random, seed: &'a [u8]) -> &'a [u8] {
    if seed.len() <= WINDOW {
        return seed;
    }
    let start = random.below(seed.len() - WINDOW);
    &seed[start..start + WINDOW]
}

/// Run `body` on `input`; on a panic, keep the input where a developer can replay it and
/// fail naming it.
fn check(target: &str, body: fn(&[u8]), input: &[u8], what: &str) {
    if catch_unwind(AssertUnwindSafe(|| body(input))).is_ok() {
        return;
    }
    let dir = root().join("target/fuzz-replay-failures").join(target);
    let _ = std::fs::create_dir_all(&dir);
    let kept = dir.join(format!("{:016x}", fnv(input)));
    let _ = std::fs::write(&kept, input);
    panic!(
        "fuzz target {target} failed on {what}; the input is in {} (add it to \
         fuzz/regressions/{target}/ once fixed)",
        kept.display()
    );
}

/// FNV-1a: a target's generator seed from its name, and a failing input's file name.
fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Replay `target`: its seeds whole, its regressions, then the mutations.
fn replay(target: &str) {
    let body = TARGETS
        .iter()
        .find(|(name, _)| *name == target)
        .map(|&(_, body)| body)
        .expect("a target of fuzz/bodies.rs");
    let paths = seeds(target);
    let seeds: Vec<Vec<u8>> = paths
        .iter()
        .map(|p| std::fs::read(p).unwrap_or_else(|e| panic!("{}: {e}", p.display())))
        .collect();
    for (path, seed) in paths.iter().zip(&seeds) {
        check(target, body, seed, &format!("the seed {}", path.display()));
    }
    let regressions = files_in(&root().join("fuzz/regressions").join(target), None);
    for path in &regressions {
        let input = std::fs::read(path).unwrap();
        check(
            target,
            body,
            &input,
            &format!("the regression {}", path.display()),
        );
    }
    let count = mutations(target);
    let mut random = Random(fnv(target.as_bytes()));
    for i in 0..count {
        let input = if seeds.is_empty() {
            // Typed targets (WAV, ID3) decode raw bytes: random ones of any length.
            let n = random.below(512);
            let raw = random.bytes(n);
            mutate(&mut random, &raw, &[])
        } else {
            let base = &seeds[random.below(seeds.len())];
            let other = &seeds[random.below(seeds.len())];
            let (base, other) = (window(&mut random, base), window(&mut random, other));
            mutate(&mut random, base, other)
        };
        check(target, body, &input, &format!("mutation {i}"));
    }
}

macro_rules! replay_tests {
    ($($target:ident),* $(,)?) => {
        $(
            #[test]
            fn $target() {
                replay(stringify!($target));
            }
        )*

        #[test]
        fn every_fuzz_target_is_replayed() {
            let tested = [$(stringify!($target)),*];
            let targets: Vec<&str> = TARGETS.iter().map(|(name, _)| *name).collect();
            assert_eq!(targets, tested);
            let manifest = std::fs::read_to_string(root().join("fuzz/Cargo.toml")).unwrap();
            for name in tested {
                assert!(manifest.contains(&format!("name = \"{name}\"")), "{name}");
            }
        }
    };
}

replay_tests!(
    clean_text,
    clean_html,
    markdown,
    sentences,
    normalize,
    names,
    lexicon,
    wav_roundtrip,
    id3,
    pipeline,
);
