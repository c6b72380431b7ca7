"""Resources held by a headless interview and by a long file, printed in one run (not a test):

1. peak RSS (the child's ru_maxrss from wait4) of ``mockinterview interview --answer-audio ...``
   with N answers, for each N in --answers (default 20 and 120), with the real recorder
   (FileSource), Whisper base, feedback and SQLite; the answer files are read as fast as the
   recorder can take them instead of at speaking pace, so 120 answers do not take 12 minutes;
2. seconds (and peak RSS) to transcribe a 30-minute silent file with the app's Transcriber.

Issue 11 measured 393 MB for 20 answers, ~430 MB levelling off for 120, 5 s for the silent file.

    PYTHONPATH=. .venv/bin/python benchmarks/bench_resources.py [--answers 20 120] [--silent-minutes 30]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CLIPS = sorted((ROOT / "tests" / "data" / "speech").glob("*.flac"))

# The interview CLI, unchanged, except that answer files are read as fast as possible.
INTERVIEW_CHILD = textwrap.dedent(
    """
    import functools, sys
    from mockinterview.interview import wiring
    wiring.FileAnswerRecorder.__init__ = functools.partialmethod(
        wiring.FileAnswerRecorder.__init__, realtime=False
    )
    from mockinterview.cli import main
    sys.exit(main(sys.argv[1:]))
    """
)

SILENT_CHILD = textwrap.dedent(
    """
    import sys, time
    import numpy as np, soundfile as sf
    from mockinterview.speech.asr import Transcriber
    path, cache = sys.argv[1], sys.argv[2]
    t = Transcriber(model="base", device="cpu", cache_dir=__import__("pathlib").Path(cache))
    t.wait_ready()
    started = time.perf_counter()
    result = t.transcribe(path, language="zh")
    print(f"{time.perf_counter() - started:.2f} {len(result.text)}")
    t.close()
    """
)


def run_child(code: str, args: list[str], env: dict[str, str]) -> tuple[int, int, str, str]:
    """(exit status, peak RSS in KiB, stdout, stderr) of ``python -c code args``."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        proc = subprocess.Popen(
            [sys.executable, "-c", code, *args], env=env, stdout=out, stderr=err, cwd=ROOT
        )
        _pid, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return proc.returncode, usage.ru_maxrss, out.read(), err.read()


def interview_peak(answers: int, env: dict[str, str]) -> tuple[float, float, int]:
    """(peak RSS MiB, seconds, answers saved) for one interview with ``answers`` answer files."""
    with tempfile.TemporaryDirectory() as home:
        files = [str(CLIPS[i % len(CLIPS)]) for i in range(answers)]
        args = ["--data-dir", home, "interview", "--round", "mixed", "--count", str(answers),
                "--seed", "7", "--no-speak", "--answer-audio", *files]  # fmt: skip
        started = time.perf_counter()
        status, peak_kib, _out, err = run_child(INTERVIEW_CHILD, args, env)
        seconds = time.perf_counter() - started
        if status != 0:
            raise SystemExit(f"interview with {answers} answers failed ({status}):\n{err[-2000:]}")
        saved = err.count("  saved (")
    return peak_kib / 1024, seconds, saved


def silent_file(minutes: float, env: dict[str, str]) -> tuple[float, float]:
    """(seconds to transcribe, peak RSS MiB) for ``minutes`` of digital silence."""
    import numpy as np
    import soundfile as sf

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "silent.wav"
        sf.write(str(path), np.zeros(int(minutes * 60 * 16000), dtype=np.int16), 16000)
        cache = Path(env.get("MOCKINTERVIEW_HOME", tmp)) / "models"
        status, peak_kib, out, err = run_child(SILENT_CHILD, [str(path), str(cache)], env)
        if status != 0:
            raise SystemExit(f"silent-file transcription failed ({status}):\n{err[-2000:]}")
        seconds, chars = out.split()
        if int(chars):
            print(f"note: {chars} characters 'heard' in silence", file=sys.stderr)
    return float(seconds), peak_kib / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, allow_abbrev=False)
    parser.add_argument("--answers", type=int, nargs="+", default=[20, 120], metavar="N")
    parser.add_argument("--silent-minutes", type=float, default=30.0, metavar="M")
    args = parser.parse_args()
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "PYTHONPATH": str(ROOT)}
    print(f"answer clips: {len(CLIPS)} files cycled (tests/data/speech), Whisper base, CPU")
    print(f"{'answers':>8}  {'saved':>5}  {'peak RSS':>9}  {'wall':>7}")
    for n in args.answers:
        peak, seconds, saved = interview_peak(n, env)
        print(f"{n:>8}  {saved:>5}  {peak:>6.0f} MiB  {seconds:>5.0f} s", flush=True)
    seconds, peak = silent_file(args.silent_minutes, env)
    print(
        f"{args.silent_minutes:g}-minute silent file: transcribed in {seconds:.1f} s"
        f" (peak RSS {peak:.0f} MiB)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
