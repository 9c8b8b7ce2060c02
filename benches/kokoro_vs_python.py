#!/usr/bin/env python3
"""Studio voice speed: narrate's Kokoro engine against the Python `kokoro-onnx` package.

Both read the same cleaned, normalized text of the sample article with the same installed
model and voice style (kokoro-af_heart, from `narrate voices install kokoro-af_heart`):
kokoro-onnx gets the model narrate installed and an `.npz` of the same style file. Prints
each one's real-time factor (seconds of audio per second of wall time), CPU time and peak
resident memory, three ways:

- whole run: everything from process start, model loading included;
- speech only: narrate's output has pauses between sentences that cost nothing to make,
  so its audio is also counted as the sum of its sentences (WebVTT cues);
- without start-up: wall time minus that of a one-sentence run of the same tool.

Run after `cargo build --release`:

    python3 benches/kokoro_vs_python.py [--runs N] [--voice af_heart]

kokoro-onnx is installed with pip into a virtual environment under /tmp, only here. It
phonemizes with its own eSpeak NG (espeakng-loader) and runs one sentence batch at a time
on ONNX Runtime's default thread pool (all cores); narrate runs one sentence per core.
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
VENV = Path(tempfile.gettempdir()) / "kokoro-bench-venv"
MODEL = "kokoro-v1.0.int8.onnx"

# Read text from stdin, write a WAV: the kokoro-onnx reference run.
PYTHON_RUN = """
import sys, wave
import numpy as np
from kokoro_onnx import Kokoro
model, voices, voice, out = sys.argv[1:5]
kokoro = Kokoro(model, voices)
samples, rate = kokoro.create(sys.stdin.read(), voice=voice, speed=1.0, lang=\"en-us\")
pcm = (np.clip(samples, -1, 1) * 32767).astype(\"<i2\")
with wave.open(out, \"wb\") as w:
    w.setnchannels(1); w.setsampwidth(2); w.setframerate(rate); w.writeframes(pcm.tobytes())
"""


def data_dir() -> Path:
    xdg = os.environ.get("XDG_DATA_HOME")
    base = Path(xdg) if xdg else Path.home() / ".local" / "share"
    return base / "narrate"


def ensure_kokoro_onnx() -> Path:
    python = VENV / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    probe = subprocess.run([str(python), "-c", "import kokoro_onnx"], capture_output=True)
    if probe.returncode != 0:
        print("installing kokoro-onnx into", VENV, file=sys.stderr)
        subprocess.run(
            [str(python), "-m", "pip", "install", "-q", "kokoro-onnx"], check=True
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
    parser.add_argument("--voice", default="af_heart")
    args = parser.parse_args()
    voice = f"kokoro-{args.voice}"
    if not NARRATE.exists():
        print("build first: cargo build --release", file=sys.stderr)
        return 2
    kokoro = data_dir() / "voices" / "kokoro"
    model, style = kokoro / MODEL, kokoro / "voices" / f"{args.voice}.bin"
    if not (model.exists() and style.exists()):
        print(f"install the voice first: narrate voices install {voice}", file=sys.stderr)
        return 2
    python = ensure_kokoro_onnx()
    text = spoken_text()
    load = os.getloadavg()[0]
    one_sentence = "This is one short sentence.\n"
    with tempfile.TemporaryDirectory() as tmp:
        short = Path(tmp) / "short.txt"
        short.write_text(one_sentence)
        voices = Path(tmp) / "voices.npz"
        subprocess.run(
            [str(python), "-c",
             "import sys, numpy as np; np.savez(sys.argv[1], **{sys.argv[3]: "
             "np.fromfile(sys.argv[2], dtype='<f4').reshape(510, 1, 256)})",
             str(voices), str(style), args.voice],
            check=True,
        )
        tools = [
            (
                "narrate render (1 session, 1 thread per core)",
                lambda src, out: [str(NARRATE), "render", str(src), "--voice", voice,
                                  "-o", str(out), "--vtt", str(out) + ".vtt"],
                lambda src: None,
            ),
            (
                "python kokoro-onnx (onnxruntime default threads)",
                lambda src, out: [str(python), "-c", PYTHON_RUN, str(model), str(voices),
                                  args.voice, str(out)],
                lambda src: text if src == SAMPLE else one_sentence,
            ),
        ]
        rows = []
        for n, (name, command, stdin_for) in enumerate(tools):
            out = Path(tmp) / f"out{n}.wav"
            best = start = None
            for _ in range(args.runs):
                start_run = timed(command(short, out), stdin_for(short))
                if start is None or start_run[0] < start[0]:
                    start = start_run
                run = timed(command(SAMPLE, out), stdin_for(SAMPLE))
                if best is None or run[0] < best[0]:
                    best = run
            audio = wav_seconds(out)
            vtt = Path(str(out) + ".vtt")
            speech = vtt_seconds(vtt) if vtt.exists() else audio
            rows.append((name, audio, speech, best, start[0]))
    print(f"load average before: {load:.1f} on {os.cpu_count()} cores "
          "(a busy machine lowers the wall-time figures)")
    for name, audio, speech, (wall, cpu, peak), start in rows:
        print(f"{name}\n"
              f"  audio {audio:6.1f} s (speech {speech:6.1f} s)  wall {wall:6.2f} s  "
              f"cpu {cpu:6.1f} s  peak {peak:5.0f} MiB  start-up {start:4.2f} s\n"
              f"  whole run {audio / wall:5.1f}x real time   speech only {speech / wall:5.1f}x   "
              f"speech without start-up {speech / (wall - start):5.1f}x")
    (_, n_audio, n_speech, (n_wall, _, _), n_start) = rows[0]
    (_, p_audio, _, (p_wall, _, _), p_start) = rows[1]
    print(f"narrate / python speed: whole run {n_audio / n_wall / (p_audio / p_wall):.2f}x   "
          f"speech only {n_speech / n_wall / (p_audio / p_wall):.2f}x   "
          f"without start-up {n_speech / (n_wall - n_start) / (p_audio / (p_wall - p_start)):.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
