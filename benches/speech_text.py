#!/usr/bin/env python3
"""Benchmark: the speech-text stages (normalize + sentences) on real article text.

Usage (from the project root, after `cargo build --release`):
    python3 benches/speech_text.py [--html-dir DIR] [--narrate PATH]

For each page of the extraction benchmark (default ../shared/eval/extraction/html/*.html.gz)
it runs `narrate clean PAGE --json` (falling back to a crude tag strip when that fails),
joins the block texts, then times `narrate normalize` and `narrate sentences --json` on
that text. Prints the sum over pages of the normalize + sentences time (the target is
under 2 s for 181 pages), the same two stages on all pages at once (one call each, so
without process start-up), and the stress inputs of the robustness tests.
"""
import argparse
import glob
import gzip
import html
import os
import re
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_HTML = os.path.join(HERE, "..", "..", "shared", "eval", "extraction", "html")


CPU = [0.0]  # CPU seconds (user + system) of every timed child, summed


def run(cmd, stdin=None):
    """Run cmd; return (wall seconds, stdout bytes, return code); add its CPU time to CPU."""
    before = os.times()
    start = time.perf_counter()
    done = subprocess.run(cmd, input=stdin, capture_output=True)
    wall = time.perf_counter() - start
    after = os.times()
    CPU[0] += (after.children_user - before.children_user) + (
        after.children_system - before.children_system
    )
    return wall, done.stdout, done.returncode


def crude_text(page):
    """Block text of an HTML page without narrate: drop scripts and styles, keep paragraphs."""
    page = re.sub(r"(?is)<(script|style|noscript)\b.*?</\1>", " ", page)
    blocks = re.findall(r"(?is)<(?:p|h[1-6]|li)\b[^>]*>(.*?)</(?:p|h[1-6]|li)>", page)
    texts = [html.unescape(re.sub(r"<[^>]+>", " ", b)) for b in blocks]
    return "\n".join(" ".join(t.split()) for t in texts if t.strip())


def article_text(narrate, path, workdir):
    """(text, how): the joined block text of the page."""
    raw = gzip.open(path).read()
    page = os.path.join(workdir, "page.html")
    with open(page, "wb") as f:
        f.write(raw)
    _, out, rc = run([narrate, "clean", page, "--json"])
    if rc == 0:
        try:
            import json

            blocks = json.loads(out)["blocks"]
            text = "\n".join(b["text"] for b in blocks)
            if text.strip():
                return text, "clean"
        except (ValueError, KeyError, TypeError):
            pass
    return crude_text(raw.decode("utf-8", "replace")), "crude"


def stages(narrate, text_path):
    """Seconds for `normalize` and `sentences --json` on one file; exits on failure."""
    times = []
    for cmd in ([narrate, "normalize", text_path], [narrate, "sentences", text_path, "--json"]):
        seconds, _, rc = run(cmd)
        if rc != 0:
            sys.exit(f"{' '.join(cmd)} failed with exit code {rc}")
        times.append(seconds)
    return times


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--html-dir", default=DEFAULT_HTML)
    parser.add_argument("--narrate", default=os.path.join(HERE, "..", "target", "release", "narrate"))
    args = parser.parse_args()
    pages = sorted(glob.glob(os.path.join(args.html_dir, "*.html.gz")))
    if not pages:
        sys.exit(f"no pages in {args.html_dir}")
    total_start = time.perf_counter()
    normalize_s = sentences_s = 0.0
    chars = 0
    how = {"clean": 0, "crude": 0}
    texts = []
    with tempfile.TemporaryDirectory() as work:
        text_path = os.path.join(work, "article.txt")
        stage_cpu = 0.0
        for page in pages:
            text, source = article_text(args.narrate, page, work)
            how[source] += 1
            chars += len(text)
            texts.append(text)
            with open(text_path, "w", encoding="utf-8") as f:
                f.write(text)
            cpu_before = CPU[0]
            n, s = stages(args.narrate, text_path)
            stage_cpu += CPU[0] - cpu_before
            normalize_s += n
            sentences_s += s
        total_s = time.perf_counter() - total_start
        all_path = os.path.join(work, "all.txt")
        with open(all_path, "w", encoding="utf-8") as f:
            f.write("\n".join(texts))
        cpu_before = CPU[0]
        all_n, all_s = stages(args.narrate, all_path)
        all_cpu = CPU[0] - cpu_before
        # each stress input at two sizes: linear time means the second takes about twice as long
        stress = {
            "1 MB paragraph, no punctuation": lambda k: "word " * (200_000 * k),
            "10,000-digit number": lambda k: "It was " + "7" * (10_000 * k) + " units.",
            "RTL line with numbers": lambda k: "مرحبا 123 שלום 4.5 ١٢٣ " * (50_000 * k),
            "emoji line": lambda k: "🙂 5 👍🏽 $3 🇺🇦. " * (25_000 * k),
        }
        stress_times = []
        for name, make in stress.items():
            row = []
            for k in (1, 2):
                path = os.path.join(work, "stress.txt")
                text = make(k)
                with open(path, "w", encoding="utf-8") as f:
                    f.write(text)
                row.append((len(text.encode()), *stages(args.narrate, path)))
            stress_times.append((name, row))

    print(f"pages: {len(pages)} (text from narrate clean: {how['clean']}, crude strip: {how['crude']})")
    print(f"article text: {chars / 1e6:.2f} M characters")
    print(f"per page, {len(pages)} calls each: normalize {normalize_s:.2f} s + sentences "
          f"{sentences_s:.2f} s = {normalize_s + sentences_s:.2f} s wall, {stage_cpu:.2f} s CPU "
          f"(target < 2 s)")
    print(f"all pages in one call each: normalize {all_n:.2f} s + sentences {all_s:.2f} s "
          f"= {all_n + all_s:.2f} s wall, {all_cpu:.2f} s CPU")
    for name, ((size1, n1, s1), (size2, n2, s2)) in stress_times:
        print(f"stress, {name}: {size1 / 1e6:.2f} MB normalize {n1:.2f} s, sentences {s1:.2f} s; "
              f"{size2 / 1e6:.2f} MB normalize {n2:.2f} s, sentences {s2:.2f} s "
              f"(x{(n2 + s2) / max(n1 + s1, 1e-9):.1f} for x2 input)")
    print(f"total wall time (with clean): {total_s:.2f} s")


if __name__ == "__main__":
    main()
