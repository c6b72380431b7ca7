"""Kill a real `mockinterview interview` (SIGKILL), then `mockinterview resume`: the recording
the kill cut off is repaired, attached to its question and transcribed (real Whisper base),
and a question asked but not answered is asked again under its own row (issue 10 item 4: a
2-question interview never shows "1/3 answered")."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import struct
import subprocess
import sys
import time
from pathlib import Path

import pytest
import soundfile as sf

REPO = Path(__file__).resolve().parents[2]
SPEECH = REPO / "tests" / "data" / "speech"
FIRST, SECOND = SPEECH / "zh_lora.flac", SPEECH / "zh_deepspeed.flac"


def env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(REPO), "HF_HUB_OFFLINE": "1"}


def start_interview(data: Path, *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "mockinterview", "--data-dir", str(data), "interview",
         "--round", "technical", "--count", "2", "--seed", "1", "--no-speak", "--language",
         "zh", "--answer-audio", str(FIRST), str(SECOND), *extra],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO, env=env(),
    )  # fmt: skip


def wait_for(condition, proc: subprocess.Popen[str], timeout: float = 180.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not condition():
        if proc.poll() is not None:
            out, err = proc.communicate()
            pytest.fail(f"the interview ended before the kill point: {err[-2000:]}")
        assert time.monotonic() < deadline, "the kill point was never reached"
        time.sleep(0.05)


def kill(proc: subprocess.Popen[str]) -> None:
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=30)
    assert proc.returncode == -signal.SIGKILL


def rows(data: Path, sql: str) -> list[tuple]:  # type: ignore[type-arg]
    try:
        conn = sqlite3.connect(f"file:{data / 'mockinterview.sqlite3'}?mode=ro", uri=True)
    except sqlite3.OperationalError:  # not created yet
        return []
    try:
        return conn.execute(sql).fetchall()
    except sqlite3.OperationalError:  # tables not made yet
        return []
    finally:
        conn.close()


def resume(data: Path, *extra: str) -> dict:  # type: ignore[type-arg]
    proc = subprocess.run(
        [sys.executable, "-m", "mockinterview", "--data-dir", str(data), "resume", "--no-speak",
         "--json", *extra],
        capture_output=True, text=True, timeout=600, cwd=REPO, env=env(),
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "Traceback" not in proc.stderr
    return json.loads(proc.stdout)["session"]


def listed(data: Path) -> dict:  # type: ignore[type-arg]
    proc = subprocess.run(
        [sys.executable, "-m", "mockinterview", "--data-dir", str(data), "sessions", "list",
         "--json"], capture_output=True, text=True, timeout=120, cwd=REPO, env=env(),
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    (row,) = json.loads(proc.stdout)
    return row


@pytest.mark.slow
def test_kill_mid_answer_then_resume_attaches_and_transcribes_the_recording(
    tmp_path: Path,
) -> None:
    data = tmp_path / "home"
    proc = start_interview(data)
    wav = data / "audio" / "session-1" / "001-answer.wav"
    # Kill 3 s into the second answer (16 kHz, 16-bit: 32 kB a second).
    wait_for(lambda: wav.exists() and wav.stat().st_size > 44 + 3 * 32_000, proc)
    kill(proc)
    header_size = struct.unpack("<I", wav.read_bytes()[40:44])[0]
    assert header_size < wav.stat().st_size - 44, "the kill should leave a stale header"
    assert rows(data, "SELECT count(*) FROM answers") == [(1,)]
    (q2_id,) = rows(data, "SELECT id FROM asked_questions WHERE position = 1")[0]

    session = resume(data, "--answer-audio", str(SECOND))  # no question is left to answer

    assert session["status"] == "finished"
    questions = session["questions"]
    assert [q["position"] for q in questions] == [0, 1]
    second = questions[1]
    assert second["id"] == q2_id and len(second["answers"]) == 1
    answer = second["answers"][0]
    assert answer["audio_path"] == "audio/session-1/001-answer.wav"
    assert 2.5 < answer["duration"] < 8.6
    info = sf.info(str(wav))  # playable: the header now covers every sample written
    assert abs(info.duration - answer["duration"]) < 0.05
    text = answer["transcript"]
    assert text and any(w in text for w in ("训练", "七十", "参数", "模型")), text
    assert answer["model"] and answer["analysis"]
    row = listed(data)
    assert (row["questions"], row["answered"], row["status"]) == (2, 2, "finished")


@pytest.mark.slow
def test_kill_before_the_answer_then_resume_asks_again_under_the_same_row(
    tmp_path: Path,
) -> None:
    data = tmp_path / "home"
    proc = start_interview(data, "--thinking", "20")
    # The second question is asked (its row exists) and nobody has started answering it.
    wait_for(lambda: rows(data, "SELECT count(*) FROM asked_questions") == [(2,)], proc)
    kill(proc)
    assert not (data / "audio" / "session-1" / "001-answer.wav").exists()
    (q2_id,) = rows(data, "SELECT id FROM asked_questions WHERE position = 1")[0]

    session = resume(data, "--answer-audio", str(SECOND))

    questions = session["questions"]
    assert [(q["id"] == q2_id, q["position"]) for q in questions[1:]] == [(True, 1)]
    assert len(questions) == 2 and all(len(q["answers"]) == 1 for q in questions)
    assert questions[1]["answers"][0]["transcript"]  # the answer given after the resume
    row = listed(data)
    assert (row["questions"], row["answered"], row["status"]) == (2, 2, "finished")
