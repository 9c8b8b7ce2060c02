#!/usr/bin/env python3
"""Batch rendering benchmark: `narrate batch` on generated articles.

Measures, with a release build of narrate (built if missing):
  1. 50 articles with --jobs 1 and --jobs 2 (wall time; the speed-up);
  2. peak memory (the largest process: the batch or one of its readers) with 10 and 50
     articles;
  3. the share of wall time spent on loudness and MP3 encoding: the same articles written
     as MP3 at -16 LUFS against WAV with --loudness off, for the eSpeak voice and (when it
     is installed) the Piper voice.

Usage: python3 benches/batch.py [--articles 50] [--piper-articles 10]
"""

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NARRATE = os.path.join(ROOT, "target", "release", "narrate")
SEED = os.path.join(ROOT, "samples", "kyiv-independent-2024-11-27.txt")


def articles(folder, count):
    """`count` different articles of about 150 words each, from the seed's paragraphs."""
    with open(SEED, encoding="utf-8") as f:
        paragraphs = [p.strip() for p in f.read().split("\n\n") if len(p.strip()) > 200]
    os.makedirs(folder, exist_ok=True)
    for n in range(count):
        body = "\n\n".join(paragraphs[(n + k) % len(paragraphs)] for k in range(2))
        with open(os.path.join(folder, f"{n:03d}.txt"), "w", encoding="utf-8") as f:
            f.write(f"Story {n + 1} of the day\n\n{body}\n")


def run(inputs, out, *extra):
    """Wall seconds and the largest process's peak memory (MiB) of one batch run."""
    shutil.rmtree(out, ignore_errors=True)
    cmd = [NARRATE, "batch", inputs, "--out-dir", out, "--quiet", "--date", "2024-11-30", *extra]
    script = (
        "import resource, subprocess, sys, time\n"
        "t = time.perf_counter()\n"
        "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL)\n"
        "wall = time.perf_counter() - t\n"
        "print(wall, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)\n"
    )
    out_text = subprocess.run([sys.executable, "-c", script, *cmd], capture_output=True,
                              text=True, check=True).stdout
    wall, peak = out_text.split()
    return float(wall), float(peak)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=50)
    parser.add_argument("--piper-articles", type=int, default=10)
    args = parser.parse_args()
    if not os.path.exists(NARRATE):
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    work = tempfile.mkdtemp(prefix="narrate-batch-bench-")
    try:
        many, few = os.path.join(work, "many"), os.path.join(work, "few")
        articles(many, args.articles)
        articles(few, 10)
        out = os.path.join(work, "out")

        _, peak_few = run(few, out, "--jobs", "2")
        one, _ = run(many, out, "--jobs", "1")
        two, peak_many = run(many, out, "--jobs", "2")
        print(f"{args.articles} articles, eSpeak NG: --jobs 1 {one:.1f} s, --jobs 2 {two:.1f} s, "
              f"speed-up {one / two:.2f}x (target >= 1.8x)")
        print(f"peak memory: 10 articles {peak_few:.0f} MiB, {args.articles} articles "
              f"{peak_many:.0f} MiB ({100 * (peak_many / peak_few - 1):+.0f} %, target within 20 %)")
        # The same articles again into the same folder: every one is reused.
        cached_start = time.perf_counter()
        subprocess.run([NARRATE, "batch", many, "--out-dir", out, "--quiet", "--date",
                        "2024-11-30", "--jobs", "2"], stdout=subprocess.DEVNULL, check=True)
        cached = time.perf_counter() - cached_start
        print(f"second run (cache): {cached:.2f} s, {100 * cached / two:.1f} % of the first")

        voices = [("eSpeak NG", "en-us", many)]
        listed = subprocess.run([NARRATE, "voices"], capture_output=True, text=True).stdout
        if "en_US-joe-medium" in listed and "(installed)" in listed.split("en_US-joe-medium")[1].split("\n")[0]:
            piper = os.path.join(work, "piper")
            articles(piper, args.piper_articles)
            voices.append(("Piper joe", "en_US-joe-medium", piper))
        for label, voice, inputs in voices:
            full, _ = run(inputs, out, "--voice", voice, "--jobs", "2")
            bare, _ = run(inputs, out, "--voice", voice, "--jobs", "2", "--format", "wav",
                          "--loudness", "off")
            share = max(0.0, full - bare) / full
            print(f"{label}: MP3 at -16 LUFS {full:.1f} s, WAV without loudness {bare:.1f} s: "
                  f"loudness and MP3 encoding {100 * share:.0f} % of the wall time")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
