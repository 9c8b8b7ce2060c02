"""What the neural voice benchmarks share: timing a command, reading audio lengths, the
article's spoken text, running the tools in turn and printing the table.

Each tool reads a one-sentence text (its start-up) and the sample article, `--runs` times;
the runs of the tools alternate (A B C A B C …), so a machine that gets busier or quieter
during the benchmark weighs on every tool alike. Wall time is the best run's; CPU time
(user + system, from GNU time) the median run's, which a loaded machine disturbs less.
"""

import os
import statistics
import subprocess
import tempfile
import time
import wave
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NARRATE = ROOT / "target" / "release" / "narrate"
SAMPLE = ROOT / "samples" / "kyiv-independent-2024-11-27.txt"
ONE_SENTENCE = "This is one short sentence.\n"


def data_dir() -> Path:
    xdg = os.environ.get("XDG_DATA_HOME")
    base = Path(xdg) if xdg else Path.home() / ".local" / "share"
    return base / "narrate"


def add_arguments(parser):
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument(
        "--baseline", type=Path, metavar="BIN",
        help="another narrate binary (e.g. a copy of the previous build) run in turn "
             "with this one; its speed is compared with this one's",
    )
    parser.add_argument("--no-python", action="store_true",
                        help="leave the Python reference out")


def timed(cmd, stdin_text=None):
    """Wall seconds, CPU seconds (user + system) and peak RSS (MiB) of one command."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
        start = time.perf_counter()
        subprocess.run(
            ["/usr/bin/time", "-f", "%M %U %S", "-o", report.name, *cmd],
            input=stdin_text,
            text=True,
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wall = time.perf_counter() - start
        peak_kib, user, system = report.read().strip().splitlines()[-1].split()
    return wall, float(user) + float(system), int(peak_kib) / 1024


def vtt_seconds(path: Path) -> float:
    """Sum of the cue durations of a WebVTT file: the spoken part of the audio."""
    def seconds(stamp: str) -> float:
        h, m, s = stamp.split(":")
        return int(h) * 3600 + int(m) * 60 + float(s)
    total = 0.0
    for line in path.read_text().splitlines():
        if " --> " in line:
            start, end = line.split(" --> ")
            total += seconds(end.strip()) - seconds(start.strip())
    return total


def wav_seconds(path: Path) -> float:
    with wave.open(str(path)) as w:
        return w.getnframes() / w.getframerate()


def spoken_text() -> str:
    """The article's title and blocks as narrate cleans them, in spoken form."""
    import json
    clean = subprocess.run(
        [str(NARRATE), "clean", str(SAMPLE), "--json"],
        capture_output=True, text=True, check=True,
    )
    article = json.loads(clean.stdout)
    lines = [article["title"]] if article.get("title") else []
    lines += [b["text"] for b in article["blocks"]]
    normal = subprocess.run(
        [str(NARRATE), "normalize"], input="\n".join(lines) + "\n",
        capture_output=True, text=True, check=True,
    )
    return normal.stdout


def narrate_tools(name, voice, baseline):
    """This build's `narrate render` and, with a baseline binary, that one's."""
    def render(binary):
        return lambda src, out: [str(binary), "render", str(src), "--voice", voice,
                                 "-o", str(out), "--vtt", str(out) + ".vtt"]
    tools = [(name, render(NARRATE), lambda src: None)]
    if baseline:
        tools.append((f"{name}, baseline {baseline}", render(baseline), lambda src: None))
    return tools


def measure(tools, runs, tmp: Path):
    """Run every tool on the short text and the sample, `runs` rounds, tools in turn."""
    short = tmp / "short.txt"
    short.write_text(ONE_SENTENCE)
    results = {n: {"start": [], "full": []} for n in range(len(tools))}
    for _ in range(runs):
        for n, (_, command, stdin_for) in enumerate(tools):
            out = tmp / f"out{n}.wav"
            results[n]["start"].append(timed(command(short, out), stdin_for(short)))
            results[n]["full"].append(timed(command(SAMPLE, out), stdin_for(SAMPLE)))
    rows = []
    for n, (name, _, _) in enumerate(tools):
        out = tmp / f"out{n}.wav"
        audio = wav_seconds(out)
        vtt = Path(str(out) + ".vtt")
        speech = vtt_seconds(vtt) if vtt.exists() else audio
        full, start = results[n]["full"], results[n]["start"]
        rows.append({
            "name": name,
            "audio": audio,
            "speech": speech,
            "wall": min(r[0] for r in full),
            "wall_median": statistics.median(r[0] for r in full),
            "cpu": statistics.median(r[1] for r in full),
            "peak": max(r[2] for r in full),
            "start": min(r[0] for r in start),
            "start_cpu": statistics.median(r[1] for r in start),
        })
    return rows


def report(rows, load, runs, python_row=None, baseline_row=None):
    print(f"load average before: {load:.1f} on {os.cpu_count()} cores, {runs} run(s) each "
          "(a busy machine lowers the wall-time figures; CPU time is steadier)")
    for r in rows:
        print(f"{r['name']}\n"
              f"  audio {r['audio']:6.1f} s (speech {r['speech']:6.1f} s)  "
              f"wall {r['wall']:6.2f} s (median {r['wall_median']:6.2f})  "
              f"cpu {r['cpu']:6.1f} s  peak {r['peak']:5.0f} MiB  "
              f"start-up {r['start']:4.2f} s (cpu {r['start_cpu']:4.2f} s)\n"
              f"  whole run {r['audio'] / r['wall']:5.1f}x real time   "
              f"speech only {r['speech'] / r['wall']:5.1f}x   "
              f"speech without start-up {r['speech'] / (r['wall'] - r['start']):5.1f}x")
    n = rows[0]
    if python_row is not None:
        p = rows[python_row]
        print(f"narrate / python speed: "
              f"whole run {n['audio'] / n['wall'] / (p['audio'] / p['wall']):.2f}x   "
              f"speech only {n['speech'] / n['wall'] / (p['audio'] / p['wall']):.2f}x   "
              f"without start-up {n['speech'] / (n['wall'] - n['start']) / (p['audio'] / (p['wall'] - p['start'])):.2f}x")
    if baseline_row is not None:
        b = rows[baseline_row]
        print(f"this build / baseline: best wall {n['wall'] / b['wall']:.3f}x   "
              f"median wall {n['wall_median'] / b['wall_median']:.3f}x   "
              f"median cpu {n['cpu'] / b['cpu']:.3f}x   "
              f"start-up wall {n['start'] / b['start']:.3f}x   "
              f"peak memory {n['peak'] / b['peak']:.3f}x   (below 1: this build is faster)")
