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
        [--baseline OLD_BINARY] [--no-python]

With `--baseline`, a copy of an earlier build reads the same text in turn with this one
(runs alternate), and the last line compares the two: wall, CPU time, start-up, memory.

kokoro-onnx is installed with pip into a virtual environment under /tmp, only here. It
phonemizes with its own eSpeak NG (espeakng-loader) and runs one sentence batch at a time
on ONNX Runtime's default thread pool (all cores); narrate runs one sentence per core,
each worker on its own session.
"""

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from voice_bench import NARRATE, SAMPLE, ONE_SENTENCE, add_arguments, data_dir, measure, \
    narrate_tools, report, spoken_text

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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_arguments(parser)
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
    tools = narrate_tools("narrate render (1 session per worker, 1 worker per core)",
                          voice, args.baseline)
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        python_row = None
        if not args.no_python:
            python = ensure_kokoro_onnx()
            text = spoken_text()
            voices = Path(tmp) / "voices.npz"
            subprocess.run(
                [str(python), "-c",
                 "import sys, numpy as np; np.savez(sys.argv[1], **{sys.argv[3]: "
                 "np.fromfile(sys.argv[2], dtype='<f4').reshape(510, 1, 256)})",
                 str(voices), str(style), args.voice],
                check=True,
            )
            python_row = len(tools)
            tools.append((
                "python kokoro-onnx (onnxruntime default threads)",
                lambda src, out: [str(python), "-c", PYTHON_RUN, str(model), str(voices),
                                  args.voice, str(out)],
                lambda src: text if src == SAMPLE else ONE_SENTENCE,
            ))
        rows = measure(tools, args.runs, Path(tmp))
    report(rows, load, args.runs, python_row, 1 if args.baseline else None)
    return 0


if __name__ == "__main__":
    sys.exit(main())
