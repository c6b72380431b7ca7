"""Hostile CLI: ``kill`` (SIGTERM) or a closed terminal (SIGHUP) mid-answer saves the answer in
progress like Ctrl-C does, in a real subprocess with the real recorder, Whisper and SQLite. They
used to end the process on the spot: the answer being given was never saved."""

from __future__ import annotations

import contextlib
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from mockinterview.store import open_store

REPO = Path(__file__).resolve().parents[2]
SPEECH = REPO / "tests" / "data" / "speech" / "en_lora.flac"


@pytest.fixture(scope="module")
def long_answer(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A spoken English answer followed by 40 s of silence: still "answering" when killed."""
    speech, rate = sf.read(str(SPEECH), dtype="float32")
    path = tmp_path_factory.mktemp("answers") / "long.wav"
    sf.write(str(path), np.concatenate([speech, np.zeros(rate * 40, np.float32)]), rate)
    return path


def _lines(stream: object, out: queue.Queue[str]) -> None:
    for line in stream:  # type: ignore[attr-defined]
        out.put(line)


@pytest.mark.slow
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_signal_mid_answer_saves_the_answer_in_progress(
    signum: int, long_answer: Path, tmp_path: Path
) -> None:
    home = tmp_path / "home"
    env = {**os.environ, "MOCKINTERVIEW_HOME": str(home), "HF_HUB_OFFLINE": "1",
           "PYTHONPATH": str(REPO)}  # fmt: skip
    proc = subprocess.Popen(
        [sys.executable, "-m", "mockinterview", "interview", "--count", "1", "--no-speak",
         "--language", "en", "--answer-audio", str(long_answer)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=_lines, args=(proc.stderr, lines), daemon=True).start()
    seen: list[str] = []
    deadline = time.monotonic() + 120
    try:
        while not any("answering" in line for line in seen):
            assert time.monotonic() < deadline and proc.poll() is None, "".join(seen)
            with contextlib.suppress(queue.Empty):
                seen.append(lines.get(timeout=1))
        time.sleep(8)  # the spoken part (6.4 s) has gone through the recorder
        assert proc.poll() is None, "the answer ended before the signal"
        proc.send_signal(signum)
        status = proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    stdout = proc.stdout.read() if proc.stdout else ""
    time.sleep(0.2)
    while not lines.empty():
        seen.append(lines.get())
    err = "".join(seen)
    assert status == 128 + signum, err
    assert "Traceback" not in err
    assert "can be resumed" in err
    session_id = int(stdout.strip())
    with open_store(home) as store:
        detail = store.get_session(session_id)
        assert detail.status == "in_progress"
        (asked,) = detail.questions
        (answer,) = asked.answers
        assert answer.audio_path
        audio = store.audio_file(answer.audio_path)
    info = sf.info(str(audio))
    # the recording up to the signal, playable (the speech is 6.4 s; the signal came at ~8 s)
    assert info.frames / info.samplerate >= 6.0, (info, err)
    assert answer.duration >= 6.0, (answer.duration, err)
    # what was said is transcribed (or, if Whisper was too slow at close, the user is told)
    heard = answer.transcript.lower()
    assert any(w in heard for w in ("freez", "weight", "matri")) or (
        "not transcribed within" in err
    ), (answer.transcript, err)
