"""Hostile storage during an interview: a locked database, a full disk, the session deleted
meanwhile. The answer's recording and transcript are never lost and nothing raises: a lock is
retried with backoff, anything else keeps the answer on disk beside its WAV with a message that
says where and how to use it. (They used to end in "could not be saved" and then a traceback.)

The engine runs against the real SQLite store; speech is replaced by small fakes (the signal test
runs the real recorder and Whisper)."""

from __future__ import annotations

import json
import sqlite3
import threading
import wave
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from mockinterview.bank.models import Question
from mockinterview.cli import main
from mockinterview.interview.engine import InterviewEngine
from mockinterview.interview.events import AnswerSaved, Event, Phase, Warning
from mockinterview.interview.services import InterviewServices, RecordingResult, TranscriptResult
from mockinterview.interview.settings import InterviewSettings
from mockinterview.paths import audio_dir, db_path
from mockinterview.store import Store, open_store
from mockinterview.store import engine as store_engine
from mockinterview.store import unsaved as keep
from mockinterview.store.errors import environment_error

HEARD = "we froze the base weights and trained low rank matrices"


class Recorder:
    def __init__(self) -> None:
        self.path: Path | None = None
        self.input_ended = False

    def start(self, path: Path, on_level: Any, on_block: Any) -> None:
        self.path = path
        with wave.open(str(path), "wb") as w:
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(16000)
            w.writeframes((np.sin(np.arange(16000) / 5) * 8000).astype(np.int16).tobytes())

    def stop(self) -> RecordingResult:
        assert self.path is not None
        return RecordingResult(self.path, 1.0)


class Live:
    def feed(self, block: np.ndarray) -> None:
        pass

    def finish(self, audio_path: Path) -> Future[TranscriptResult]:
        words = [{"start": i * 0.1, "end": i * 0.1 + 0.08, "word": w, "probability": 0.9}
                 for i, w in enumerate(HEARD.split())]  # fmt: skip
        future: Future[TranscriptResult] = Future()
        future.set_result(
            TranscriptResult(HEARD, "en", 1.0, [{"start": 0, "end": 1, "text": HEARD,
                                                 "words": words}], "base", "cpu", 0.1)
        )  # fmt: skip
        return future


class Transcriber:
    def begin(self, language: str, hotwords: Sequence[str], on_text: Callable[[str], None]) -> Live:
        return Live()


QUESTION = Question(
    id="orig-lora-merge", round="technical", topics=("lora-peft",), text="LoRA 的原理是什么？",
    key_points=("冻结原模型权重",), follow_ups=(), source="original", difficulty=2,
)  # fmt: skip


def _engine(store: Any, root: Path, events: list[Event], count: int = 1) -> InterviewEngine:
    services = InterviewServices(
        store=store, recorder=Recorder(), transcriber=Transcriber(), audio_root=audio_dir(root)
    )
    settings = InterviewSettings(thinking_seconds=0, speak=False, count=count)
    return InterviewEngine([QUESTION] * count, settings, services, events.append)


def _answer_once(engine: InterviewEngine) -> None:
    engine.start()
    assert engine.phase is Phase.ANSWERING
    engine.stop_answer()
    engine.tick()


def _sidecar(events: list[Event]) -> dict[str, Any]:
    (kept,) = {p for p in audio_files(events) if p.name.endswith(".wav.json")}
    return json.loads(kept.read_text(encoding="utf-8"))


def audio_files(events: list[Event]) -> list[Path]:
    found = []
    for e in events:
        if isinstance(e, Warning):
            found += [Path(w.rstrip(".,;")) for w in e.message.split() if w.startswith("/")]
    return found


def _check_kept(events: list[Event], why: str) -> dict[str, Any]:
    warnings = [e.message for e in events if isinstance(e, Warning) and e.kind == "store"]
    assert warnings and why in warnings[0], warnings
    assert "kept on disk" in warnings[0] and "mockinterview sessions restore" in warnings[0]
    document = _sidecar(events)
    assert document["text"] == HEARD and document["segments"][0]["words"]
    assert Path(document["audio"]).is_file()  # the recording stays, beside its transcript
    assert document["bank_id"] == QUESTION.id and document["question"] == QUESTION.text
    assert not [e for e in events if isinstance(e, AnswerSaved)]
    return document


def test_session_deleted_meanwhile_keeps_the_answer_on_disk(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    events: list[Event] = []
    with open_store(data_dir) as store:
        engine = _engine(store, data_dir, events)
        engine.start()
        with open_store(data_dir) as other:  # e.g. `sessions delete` from another terminal
            assert engine.session_id is not None
            other.delete_session(engine.session_id)
        engine.stop_answer()
        engine.tick()
        engine.tick()
        assert engine.phase is Phase.FINISHED  # went on and finished without raising
    document = _check_kept(events, "no longer in the database")
    # the sidecar is a transcript document the feedback command reads as it is
    kept = next(p for p in audio_files(events) if p.name.endswith(".wav.json"))
    capsys.readouterr()
    assert main(["feedback", "--transcript", str(kept), "--question", QUESTION.id, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["text"] == document["text"]
    # ... and `sessions restore` puts it back: its session is gone, so into a new one
    assert main(["sessions", "restore", str(kept)]) == 0
    assert "restored as answer" in capsys.readouterr().out
    assert not kept.exists()
    with open_store(data_dir) as store:
        (summary,) = store.list_sessions()
        (asked,) = store.get_session(summary.id).questions
        assert asked.bank_id == QUESTION.id and asked.answer.transcript == HEARD
        assert store.audio_file(asked.answer.audio_path) == Path(document["audio"])


def _hold_lock(root: Path, seconds: float | None) -> tuple[sqlite3.Connection, threading.Timer | None]:
    conn = sqlite3.connect(str(db_path(root)), isolation_level=None, check_same_thread=False)
    conn.execute("BEGIN IMMEDIATE")  # another writer: ours get SQLITE_BUSY until it ends
    timer = None
    if seconds is not None:
        timer = threading.Timer(seconds, conn.rollback)
        timer.start()
    return conn, timer


def test_locked_database_is_retried_and_the_answer_saved(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_engine, "BUSY_TIMEOUT_MS", 150)  # keep the test short
    events: list[Event] = []
    with open_store(data_dir) as store:
        engine = _engine(store, data_dir, events)
        engine.start()
        conn, timer = _hold_lock(data_dir, 0.6)  # longer than one busy timeout
        try:
            engine.stop_answer()
            engine.tick()
        finally:
            if timer:
                timer.join()
            conn.close()
        saved = [e for e in events if isinstance(e, AnswerSaved)]
        assert len(saved) == 1, [e for e in events if isinstance(e, Warning)]
        assert store.get_answer(saved[0].answer_id).transcript == HEARD


def test_lock_that_outlasts_the_retries_keeps_the_answer_on_disk(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_engine, "BUSY_TIMEOUT_MS", 100)
    monkeypatch.setattr(keep, "LOCK_BACKOFF_SECONDS", (0.05, 0.1))
    events: list[Event] = []
    with open_store(data_dir) as store:
        engine = _engine(store, data_dir, events)
        engine.start()
        conn, _ = _hold_lock(data_dir, None)
        try:
            engine.stop_answer()
            engine.tick()
        finally:
            conn.rollback()
            conn.close()
        session_id = engine.session_id
    document = _check_kept(events, "lock")
    # the lock is gone: the kept answer goes back to its own session and question
    kept = next(p for p in audio_files(events) if p.name.endswith(".wav.json"))
    assert main(["sessions", "restore", str(kept)]) == 0
    assert main(["sessions", "restore", str(kept)]) == 1  # once only: the file is gone
    with open_store(data_dir) as store:
        (asked,) = store.get_session(session_id or 0).questions
        assert asked.answer.transcript == HEARD == document["text"]


class FullDiskStore:
    """The real store, whose answer writes fail the way SQLite reports a full disk."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)

    def save_answer(self, *args: Any, **kwargs: Any) -> int:
        raise environment_error(sqlite3.OperationalError("database or disk is full"),
                                self._store.db_file)  # fmt: skip


def test_full_disk_keeps_the_answer_on_disk(data_dir: Path) -> None:
    events: list[Event] = []
    with open_store(data_dir) as store:
        engine = _engine(FullDiskStore(store), data_dir, events)
        _answer_once(engine)
    _check_kept(events, "disk is full")


def test_when_even_the_sidecar_cannot_be_written_the_message_carries_the_words(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_space(recording: Path, document: dict[str, Any]) -> Path:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("mockinterview.interview.answer_saver.keep_on_disk", no_space)
    events: list[Event] = []
    with open_store(data_dir) as store:
        engine = _engine(FullDiskStore(store), data_dir, events)
        _answer_once(engine)
    (message,) = [e.message for e in events if isinstance(e, Warning) and e.kind == "store"]
    assert "No space left" in message and HEARD in message and ".wav" in message


def test_audio_folder_that_cannot_be_made_stops_the_interview_with_a_message(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The recordings' folder cannot be created (here a file stands in its place; a full disk or
    a read-only folder do the same): a warning and exit 1 with the session resumable, no
    traceback out of the engine's tick()."""
    (data_dir / "audio").write_text("not a folder", encoding="utf-8")
    clip = tmp_path / "a.wav"
    with wave.open(str(clip), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(16000)
        w.writeframes(b"\x00\x00" * 8000)
    status = main(["interview", "--count", "1", "--no-speak", "--answer-audio", str(clip)])
    err = capsys.readouterr().err
    assert status == 1, err
    assert "warning:" in err and "audio" in err and "can be resumed" in err


@pytest.mark.parametrize(
    "content",
    ['{"text": "hi"}', "not json", '{"format": "mockinterview-unsaved-answer", "position": 1e400}',
     '{"format": "mockinterview-unsaved-answer", "position": 0, "segments": "abc"}',
     '{"format": "mockinterview-unsaved-answer", "position": 0, "session_id": "abc"}',
     '{"format": "mockinterview-unsaved-answer", "position": 0, "session_id": [1]}',
     '{"format": "mockinterview-unsaved-answer", "position": 0, "session_id": 1.5}',
     '{"format": "mockinterview-unsaved-answer", "position": 0, "session_id": true}'],
)  # fmt: skip
def test_restore_refuses_what_is_not_a_kept_answer(
    content: str, data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "000-answer.wav.json"
    path.write_text(content, encoding="utf-8")
    assert main(["sessions", "restore", str(path)]) == 1
    err = capsys.readouterr().err
    assert str(path) in err and "Traceback" not in err
    assert path.exists()  # nothing is deleted that was not put back
    with open_store(data_dir) as store:
        assert store.list_sessions() == []
