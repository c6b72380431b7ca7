"""A recording process killed with SIGKILL mid-answer leaves a file that repair_recordings reads
to within about a second of the kill."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from mockinterview.speech.recorder import repair_recordings

CHILD = """
import sys, time
from mockinterview.speech.recorder import Recorder
from mockinterview.speech.sources import FileSource
recorder = Recorder(source=FileSource(sys.argv[1], realtime=True))
recorder.start(sys.argv[2])
print("recording", flush=True)
time.sleep(60)
"""


def test_killed_recording_is_repaired_to_within_a_second(tmp_path: Path) -> None:
    rate = 16000
    tone = (0.5 * np.sin(2 * np.pi * 300 * np.arange(30 * rate) / rate)).astype(np.float32)
    source = tmp_path / "long-answer.flac"
    sf.write(str(source), tone, rate)
    target = tmp_path / "audio" / "session-1" / "001-answer.wav"
    repo = Path(__file__).resolve().parents[2]
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(source), str(target)],
        cwd=repo,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(repo)},
    )
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "recording"
        started = time.monotonic()
        time.sleep(3.2)
        os.kill(child.pid, signal.SIGKILL)
        elapsed = time.monotonic() - started
    finally:
        child.kill()
        child.wait(timeout=10)
    assert child.returncode == -signal.SIGKILL

    assert repair_recordings(tmp_path / "audio") == [target]
    info = sf.info(str(target))
    assert info.samplerate == rate
    assert info.duration >= elapsed - 1.5
    assert info.duration <= elapsed + 0.5
    audio, _ = sf.read(str(target), dtype="float32")
    assert np.abs(audio).max() == pytest.approx(0.5, abs=0.01)  # the tone, not noise or zeros
