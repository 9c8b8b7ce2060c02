#!/usr/bin/env python3
"""Pathological inputs of 1, 5 and 20 MB: time and peak memory of narrate on each.

Shapes (every pathological input of issue 16 that can be made any size): deep nesting,
many tiny paragraphs, self-closing `<div/>`, unmatched `</span>`, `<a` without `>`, tiny
table cells and links, and a non-ASCII page (HTML); one long line, digit runs, `$123,123,…`
and name-like words before a Korean surname (text). Each goes through `narrate clean`
(stage 1: decoding, HTML extraction or the text cleaner); the text shapes also through
`narrate normalize` (stage 2's spoken forms), the names through `narrate names`.
Prints one row per shape, command and size (wall seconds, peak RSS), then per shape the
ratio of the 20 MB time to the 1 MB time (linear: 20; the issue asks for at most 25), the
largest peak memory over input size (asked: under 10; at 1 MB the program's own ~10 MB
dominates) and the peak's growth per input byte between the smallest and largest size.

    cargo build --release && python3 benches/hostile.py [--binary PATH] [--sizes 1,5,20]

Peak memory comes from /usr/bin/time (GNU time, `%M`). Timings move with the machine's
load; compare ratios within one run.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time

MB = 1_000_000
PARAGRAPH = "The council met on Tuesday evening to vote on the old bridge."


def deep_nesting(size):
    # 900 levels (under the extractor's depth guard), then text, then the closing tags,
    # repeated: every page is as deep as the guard lets through.
    unit = "<div>" * 900 + f"<p>{PARAGRAPH}</p>" + "</div>" * 900
    return html(unit * max(1, size // len(unit)))


def tiny_paragraphs(size):
    unit = "<p>Word one two.</p>"
    return html(f"<p>{PARAGRAPH}</p>" + unit * (size // len(unit)))


def one_long_line(size):
    words = PARAGRAPH.rstrip(".").split()
    count = size // 7
    line = " ".join(words[i % len(words)] for i in range(count))
    return f"Bridge\n\n{line}.\n"


def digit_runs(size):
    return f"Bridge\n\nThe code is {'7' * size}.\n"


def self_closing(size):
    unit = "<div/>"
    return html(f"<p>{PARAGRAPH}</p>" + unit * (size // len(unit)))


def unmatched_end_tags(size):
    unit = "<div></span>"
    return html(f"<p>{PARAGRAPH}</p>" + unit * (size // len(unit)))


def unclosed_tags(size):
    unit = "<a "
    return html(f"<p>{PARAGRAPH}</p>" + unit * (size // len(unit)))


def cells_and_links(size):
    unit = '<td>4</td><td><a href="/x">x</a></td>'
    rows = unit * (size // len(unit))
    return html(f"<p>{PARAGRAPH}</p><table><tr>{rows}</tr></table>")


def non_ascii(size):
    # Cyrillic (two bytes a letter) in paragraphs: the page whose text passes 10^6 bytes.
    unit = "<p>Рада зібралася у вівторок увечері, щоб проголосувати за старий міст.</p>"
    return html(unit * max(1, size // len(unit.encode())))


def money_list(size):
    unit = "$123,"
    return f"Bridge\n\nThe sums were {unit * (size // len(unit))}123.\n"


def korean_names(size):
    unit = "A" + "ea" * 40 + "eq Kim met Park Ji-sung in Seoul. "
    return "Bridge\n\n" + unit * (size // len(unit)) + "\n"


def html(body):
    return f"<html><head><title>Bridge</title></head><body>{body}</body></html>"


SHAPES = [
    ("deep nesting", "html", deep_nesting, ["clean"]),
    ("tiny paragraphs", "html", tiny_paragraphs, ["clean"]),
    ("one long line", "txt", one_long_line, ["clean", "normalize"]),
    ("digit runs", "txt", digit_runs, ["clean", "normalize"]),
    ("self-closing", "html", self_closing, ["clean"]),
    ("unmatched ends", "html", unmatched_end_tags, ["clean"]),
    ("unclosed <a", "html", unclosed_tags, ["clean"]),
    ("cells and links", "html", cells_and_links, ["clean"]),
    ("non-ASCII page", "html", non_ascii, ["clean"]),
    ("$123,123,…", "txt", money_list, ["clean", "normalize"]),
    ("Korean names", "txt", korean_names, ["clean", "names"]),
]


def measure(binary, command, path):
    """(wall seconds, peak KiB, exit code) of `narrate command path`."""
    started = time.perf_counter()
    proc = subprocess.run(
        ["/usr/bin/time", "-f", "%M", "timeout", "900", binary, command, path],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    wall = time.perf_counter() - started
    lines = proc.stderr.strip().splitlines()
    peak = int(lines[-1]) if lines and lines[-1].isdigit() else -1
    return wall, peak, proc.returncode, (lines[0] if len(lines) > 1 else "")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--binary", default="target/release/narrate")
    parser.add_argument("--sizes", default="1,5,20", help="input sizes in MB")
    parser.add_argument("--only", help="shapes whose name contains this")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    if not os.path.exists(args.binary):
        sys.exit(f"no binary at {args.binary}: cargo build --release first")
    print(f"load average: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    print(f"{'shape':16} {'command':10} {'MB':>4} {'seconds':>8} {'peak MiB':>9} {'peak/input':>10} exit")
    summary = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, ext, make, commands in SHAPES:
            if args.only and args.only not in name:
                continue
            for command in commands:
                times = {}
                ratios = []
                peaks = {}
                for size in sizes:
                    path = os.path.join(tmp, f"input.{ext}")
                    with open(path, "w") as f:
                        f.write(make(size * MB))
                    input_bytes = os.path.getsize(path)
                    wall, peak, code, message = measure(args.binary, command, path)
                    times[size] = wall
                    peaks[size] = (peak * 1024, input_bytes)
                    ratio = peak * 1024 / input_bytes
                    ratios.append(ratio)
                    note = f"  {message}" if code else ""
                    print(
                        f"{name:16} {command:10} {size:>4} {wall:8.2f} {peak / 1024:9.1f} "
                        f"{ratio:10.1f} {code}{note}"
                    )
                if len(sizes) > 1:
                    growth = times[sizes[-1]] / max(times[sizes[0]], 1e-3)
                    (p0, b0), (p1, b1) = peaks[sizes[0]], peaks[sizes[-1]]
                    marginal = (p1 - p0) / (b1 - b0)
                    summary.append((name, command, growth, max(ratios), marginal))
    print(f"load average at the end: {os.getloadavg()[0]:.2f}")
    print()
    for name, command, growth, ratio, marginal in summary:
        print(
            f"{name} / {command}: time {sizes[-1]} MB / {sizes[0]} MB = {growth:.1f} "
            f"(≤ 25), peak memory ≤ {ratio:.1f}× the input (< 10), "
            f"{marginal:.1f} bytes more per input byte"
        )


if __name__ == "__main__":
    main()
