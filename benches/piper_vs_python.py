#!/usr/bin/env python3
"""Neural voice speed: narrate's Piper engine against the Python `piper-tts` package.

Both read the same cleaned, normalized text of the sample article with the same installed
voice (en_US-joe-medium, from `narrate voices install en_US-joe-medium`). Prints each
one's real-time factor (seconds of audio per second of wall time, whole run including
model loading) and peak resident memory.

Run after `cargo build --release`:

    python3 benches/piper_vs_python.py [--runs N]

piper-tts is installed with pip into a virtual environment under /tmp, only here.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import wave
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NARRATE = ROOT / "target" / "release" / "narrate"
SAMPLE = ROOT / "samples" / "kyiv-independent-2024-11-27.txt"
VOICE = "en_US-joe-medium"
VENV = Path(tempfile.gettempdir()) / "piper-bench-venv"


def data_dir() -> Path:
    xdg = os.environ.get("XDG_DATA_HOME")
    base = Path(xdg) if xdg else Path.home() / ".local" / "share"
    return base / "narrate"


def ensure_piper_tts() -> Path:
    python = VENV / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    probe = subprocess.run([str(python), "-c", "import piper"], capture_output=True)
    if probe.returncode != 0:
        print("installing piper-tts into", VENV, file=sys.stderr)
        subprocess.run(
            [str(python), "-m", "pip", "install", "-q", "piper-tts"], check=True
        )
    return python


def timed(cmd, stdin_text=None):
    """Wall seconds, CPU seconds and peak RSS (MiB) of one command, via GNU time."""
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


def wav_seconds(path: Path) -> float:
    with wave.open(str(path)) as w:
        return w.getnframes() / w.getframerate()


def spoken_text() -> str:
    """The article's title and blocks as narrate cleans them, in spoken form."""
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    if not NARRATE.exists():
        print("build first: cargo build --release", file=sys.stderr)
        return 2
    model = data_dir() / "voices" / VOICE / f"{VOICE}.onnx"
    if not model.exists():
        print(f"install the voice first: narrate voices install {VOICE}", file=sys.stderr)
        return 2
    python = ensure_piper_tts()
    text = spoken_text()
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        rows = []
        for name, cmd, stdin_text, out in [
            (
                "narrate render (2 sessions x 1 thread)",
                [str(NARRATE), "render", str(SAMPLE), "--voice", VOICE,
                 "-o", f"{tmp}/narrate.wav"],
                None,
                Path(tmp) / "narrate.wav",
            ),
            (
                "python piper-tts (onnxruntime default threads)",
                [str(python), "-m", "piper", "-m", str(model),
                 "-f", f"{tmp}/python.wav"],
                text,
                Path(tmp) / "python.wav",
            ),
        ]:
            best = None
            for _ in range(args.runs):
                run = timed(cmd, stdin_text)
                if best is None or run[0] < best[0]:
                    best = run
            audio = wav_seconds(out)
            wall, cpu, peak = best
            rows.append((name, audio, wall, audio / wall, cpu, peak))
    print(f"load average before: {load:.1f} on {os.cpu_count()} cores "
          "(a busy machine lowers the wall-time figures)")
    for name, audio, wall, rtf, cpu, peak in rows:
        print(f"{name:48} audio {audio:6.1f} s  wall {wall:6.2f} s  {rtf:5.1f}x real time  "
              f"cpu {cpu:6.1f} s ({audio / cpu:4.1f}x per cpu-second)  peak {peak:5.0f} MiB")
    print(f"narrate / python speed: {rows[0][3] / rows[1][3]:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
