"""The recorder on a full disk, and never over an existing recording."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
import uuid
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from mockinterview.speech.recorder import Recorder, Recording
from mockinterview.speech.sources import FileSource

REPO = Path(__file__).resolve().parents[2]


def tone(path: Path, seconds: float, rate: int = 16000) -> Path:
    t = np.arange(int(seconds * rate)) / rate
    sf.write(str(path), (0.4 * np.sin(2 * np.pi * 330 * t)).astype(np.float32), rate)
    return path


def record(source_file: Path, target: Path) -> Recording:
    recorder = Recorder(source=FileSource(source_file, realtime=False))
    recorder.start(target)
    deadline = time.monotonic() + 30
    while not recorder.input_ended:
        assert time.monotonic() < deadline
        time.sleep(0.02)
    return recorder.stop()


def test_recording_never_truncates_an_existing_file(tmp_path: Path) -> None:
    # An id reused after a delete used to point a new answer at an old WAV (opened O_TRUNC).
    target = tmp_path / "session-3" / "000-answer.wav"
    target.parent.mkdir()
    old = tone(tmp_path / "old.wav", 1.0)
    target.write_bytes(old.read_bytes())
    before = target.read_bytes()
    rec = record(tone(tmp_path / "in.wav", 0.5), target)
    assert target.read_bytes() == before, "the existing recording was overwritten"
    assert rec.path != target and rec.path.parent == target.parent
    assert rec.path.name == "000-answer-2.wav"
    assert abs(sf.info(str(rec.path)).duration - 0.5) < 0.05
    rec2 = record(tone(tmp_path / "in2.wav", 0.3), target)
    assert rec2.path.name == "000-answer-3.wav"


FULL_DISK_SCRIPT = """
import json, resource, signal, sys, time
from pathlib import Path
sys.path.insert(0, {repo!r})
from mockinterview.speech.recorder import Recorder
from mockinterview.speech.sources import FileSource
{limit}
recorder = Recorder(source=FileSource({source!r}, realtime=False))
recorder.start(Path({target!r}))
deadline = time.monotonic() + 30
while not recorder.input_ended and time.monotonic() < deadline:
    time.sleep(0.02)
rec = recorder.stop()
print(json.dumps({{"duration": rec.duration, "error": rec.error, "path": str(rec.path)}}))
"""

RLIMIT = """
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG
resource.setrlimit(resource.RLIMIT_FSIZE, (64_000, 64_000))
"""


def run_recorder(source: Path, target: Path, limit: str) -> dict[str, object]:
    script = FULL_DISK_SCRIPT.format(repo=str(REPO), source=str(source), target=str(target),
                                     limit=textwrap.dedent(limit))  # fmt: skip
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=60, cwd=REPO)  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


def check_short_recording(result: dict[str, object], max_bytes: int) -> None:
    assert result["error"], "a recording cut short by the disk must say so"
    assert "cannot write the recording" in str(result["error"])
    assert "full" in str(result["error"])
    path = Path(str(result["path"]))
    info = sf.info(str(path))  # still a valid WAV, header matching what was written
    assert path.stat().st_size <= max_bytes
    assert abs(info.duration - float(result["duration"])) < 0.01  # type: ignore[arg-type]
    assert 0.5 < info.duration < 5.0


def test_file_size_limit_mid_recording_is_reported_not_a_shorter_clean_recording(
    tmp_path: Path,
) -> None:
    source = tone(tmp_path / "in.wav", 5.0)  # 160 kB of PCM; the limit allows 64 kB
    result = run_recorder(source, tmp_path / "answer.wav", RLIMIT)
    check_short_recording(result, 64_000)


@pytest.fixture
def tiny_tmpfs(tmp_path: Path):  # type: ignore[no-untyped-def]
    mount = tmp_path / f"full-{uuid.uuid4().hex[:6]}"
    mount.mkdir()
    proc = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=96k", "tmpfs", str(mount)],
                          capture_output=True, text=True)  # fmt: skip
    if proc.returncode != 0 or os.geteuid() != 0:
        pytest.skip(f"cannot mount a tmpfs here: {proc.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=False)


def test_a_really_full_filesystem_is_reported(tmp_path: Path, tiny_tmpfs: Path) -> None:
    # Extra check where a small tmpfs can be mounted (root): ENOSPC instead of EFBIG.
    source = tone(tmp_path / "in.wav", 5.0)
    result = run_recorder(source, tiny_tmpfs / "answer.wav", "")
    check_short_recording(result, 100_000)
