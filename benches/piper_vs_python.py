#!/usr/bin/env python3
"""Neural voice speed: narrate's Piper engine against the Python `piper-tts` package.

Both read the same cleaned, normalized text of the sample article with the same installed
voice (en_US-joe-medium, from `narrate voices install en_US-joe-medium`). Prints each
one's real-time factor (seconds of audio per second of wall time) and peak resident
memory, three ways:

- whole run: everything from process start, model loading included;
- speech only: narrate's output has pauses between sentences that cost nothing to make,
  so its audio is also counted as the sum of its sentences (WebVTT cues), the same kind of
  audio Python piper writes;
- without start-up: wall time minus that of a one-sentence run of the same tool (loading
  the model and runtime), i.e. the steady synthesis speed.

Run after `cargo build --release`:

    python3 benches/piper_vs_python.py [--runs N] [--baseline OLD_BINARY] [--no-python]

With `--baseline`, a copy of an earlier build reads the same text in turn with this one
(runs alternate), and the last line compares the two: wall, CPU time, start-up, memory.

piper-tts is installed with pip into a virtual environment under /tmp, only here.
"""

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from voice_bench import NARRATE, SAMPLE, ONE_SENTENCE, add_arguments, data_dir, measure, \
    narrate_tools, report, spoken_text

VOICE = "en_US-joe-medium"
VENV = Path(tempfile.gettempdir()) / "piper-bench-venv"


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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_arguments(parser)
    args = parser.parse_args()
    if not NARRATE.exists():
        print("build first: cargo build --release", file=sys.stderr)
        return 2
    model = data_dir() / "voices" / VOICE / f"{VOICE}.onnx"
    if not model.exists():
        print(f"install the voice first: narrate voices install {VOICE}", file=sys.stderr)
        return 2
    tools = narrate_tools("narrate render (1 session per worker, 1 worker per core)",
                          VOICE, args.baseline)
    python_row = None
    if not args.no_python:
        python = ensure_piper_tts()
        text = spoken_text()
        python_row = len(tools)
        tools.append((
            "python piper-tts (onnxruntime default threads)",
            lambda src, out: [str(python), "-m", "piper", "-m", str(model), "-f", str(out)],
            lambda src: text if src == SAMPLE else ONE_SENTENCE,
        ))
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        rows = measure(tools, args.runs, Path(tmp))
    report(rows, load, args.runs, python_row, 1 if args.baseline else None)
    return 0


if __name__ == "__main__":
    sys.exit(main())
