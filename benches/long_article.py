#!/usr/bin/env python3
"""Memory against article length: narrate renders the sample article's body repeated 1, 5
and 20 times (about 2.5, 13 and 50 minutes of audio) and prints wall time, audio length
and peak resident memory for each. With the audio recorded to disk while the voice reads
(then normalized and encoded in a second pass over that file), peak memory should stay
about the same whatever the length.

Usage (from the project root, after `cargo build --release`):
    python3 benches/long_article.py [--voice NAME] [--times 1,5,20] [--format wav|mp3]
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import wave


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--voice", default="en-us")
    parser.add_argument("--times", default="1,5,20")
    parser.add_argument("--format", default="wav", choices=["wav", "mp3"])
    parser.add_argument("--narrate", default="target/release/narrate")
    parser.add_argument("--article", default="samples/kyiv-independent-2024-11-27.txt")
    args = parser.parse_args()
    if not os.path.exists(args.narrate):
        sys.exit(f"{args.narrate} not found: run `cargo build --release` first")

    cleaned = json.loads(subprocess.run([args.narrate, "clean", args.article, "--json"],
                                        check=True, capture_output=True, text=True).stdout)
    body = [b["text"] for b in cleaned["blocks"]]
    with tempfile.TemporaryDirectory() as tmp:
        for times in (int(t) for t in args.times.split(",")):
            paragraphs = []
            for part in range(times):
                paragraphs.append(f"Part {part + 1}")
                paragraphs.extend(body)
            article = os.path.join(tmp, f"long-{times}.txt")
            with open(article, "w") as f:
                f.write(cleaned["title"] + "\n\n" + "\n\n".join(paragraphs) + "\n")
            out = os.path.join(tmp, f"long-{times}.{args.format}")
            start = time.perf_counter()
            child = subprocess.Popen([args.narrate, "render", article, "--voice", args.voice,
                                      "-o", out], stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL)
            _, status, usage = os.wait4(child.pid, 0)
            wall = time.perf_counter() - start
            if os.waitstatus_to_exitcode(status) != 0:
                sys.exit(f"narrate failed on {article}")
            audio = duration(out)
            print(f"{times:3}x the body  audio {audio / 60:6.1f} min  wall {wall:6.2f} s  "
                  f"peak {usage.ru_maxrss / 1024:6.1f} MiB  ({args.voice}, {args.format})")


def duration(path):
    """Seconds of audio in a WAV (its header) or an MP3 (ffprobe, from the Xing frame)."""
    if path.endswith(".wav"):
        with wave.open(path) as w:
            return w.getnframes() / w.getframerate()
    probe = subprocess.run(["ffprobe", "-v", "error", "-show_entries", "format=duration",
                            "-of", "csv=p=0", path], check=True, capture_output=True, text=True)
    return float(probe.stdout)


if __name__ == "__main__":
    main()
