#!/usr/bin/env python3
"""Benchmark: narrate's whole render of an article against the bare espeak-ng command
line reading the same cleaned text with the same voice and rate.

Usage (from the project root, after `cargo build --release`):
    python3 benches/render_vs_espeak.py [ARTICLE] [--runs N]

Prints wall time (median of N runs), audio duration, real-time factor (audio seconds per
wall second) and peak memory for each, and narrate's cost relative to the bare engine, with
its eSpeak helper processes (the default on several cores) and without them. Peak memory
is the largest process's; helpers add one more eSpeak process per extra core.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import wave

RATE_WPM = "165"  # narrate's default newsreading pace (engine::DEFAULT_RATE_WPM)


def timed(cmd, env=None):
    """Run cmd; return (wall seconds, peak RSS in MiB, CPU seconds of it and the processes
    it waited for, e.g. narrate's eSpeak helpers)."""
    start = time.perf_counter()
    child = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed with exit code {child.returncode}")
    return wall, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


def wav_seconds(path):
    with wave.open(path) as w:
        return w.getnframes() / w.getframerate()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("article", nargs="?", default="samples/kyiv-independent-2024-11-27.txt")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--narrate", default="target/release/narrate")
    args = parser.parse_args()
    if not os.path.exists(args.narrate):
        sys.exit(f"{args.narrate} not found: run `cargo build --release` first")

    with tempfile.TemporaryDirectory() as tmp:
        cleaned = subprocess.run([args.narrate, "clean", args.article, "--json"], check=True,
                                 capture_output=True, text=True).stdout
        article = json.loads(cleaned)
        text_path = os.path.join(tmp, "cleaned.txt")
        with open(text_path, "w") as f:
            f.write("\n\n".join([article["title"] or ""] + [b["text"] for b in article["blocks"]]))

        narrate = [args.narrate, "render", args.article, "-o", os.path.join(tmp, "narrate.wav")]
        one = dict(os.environ, NARRATE_ESPEAK_HELPERS="0")
        runs = {"espeak-ng (bare engine)": (["espeak-ng", "-v", "en-us", "-s", RATE_WPM, "-f",
                                             text_path, "-w", os.path.join(tmp, "bare.wav")], None),
                "narrate render": (narrate, None),
                "narrate, one process": (narrate[:-1] + [os.path.join(tmp, "one.wav")], one)}
        results = {}
        for name, (cmd, env) in runs.items():
            samples = [timed(cmd, env) for _ in range(args.runs)]
            wall = statistics.median(s[0] for s in samples)
            peak = max(s[1] for s in samples)
            cpu = statistics.median(s[2] for s in samples)
            audio = wav_seconds(cmd[-1])
            results[name] = wall
            print(f"{name:26} wall {wall:6.3f} s  audio {audio:6.1f} s  "
                  f"real-time factor {audio / wall:6.1f}x  cpu {cpu:6.3f} s  peak {peak:5.1f} MiB")
        bare, ours, alone = results.values()
        print(f"narrate costs {ours / bare:.2f}x the bare engine (target <= 1.20x), "
              f"{alone / bare:.2f}x without helper processes (NARRATE_ESPEAK_HELPERS=0); "
              f"median of {args.runs} runs, {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
