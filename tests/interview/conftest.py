"""Fast fakes of the engine's services (a second, quick layer beside the real end-to-end test)."""

from __future__ import annotations

import wave
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest

from mockinterview.bank.models import Question
from mockinterview.interview.events import Event
from mockinterview.interview.services import InterviewServices, RecordingResult, TranscriptResult


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def _write_wav(path: Path, seconds: float = 0.2) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(16000)
        w.writeframes(b"\x00\x00" * int(16000 * seconds))
    return path


class FakeStore:
    def __init__(self) -> None:
        self.sessions: dict[int, dict[str, Any]] = {}
        self.questions: dict[int, dict[str, Any]] = {}
        self.answers: dict[int, dict[str, Any]] = {}

    def create_session(
        self, round: str, job_id: str | None, settings: dict[str, Any], *, seed: int | None = None
    ) -> int:
        sid = len(self.sessions) + 1
        self.sessions[sid] = {
            "seed": seed,
            "round": round,
            "job_id": job_id,
            "settings": settings,
            "status": "in_progress",
        }
        return sid

    def add_question(self, session_id: int, position: int, bank_id: str | None, text: str,
                     topics: Sequence[str], key_points: Sequence[str], *, parent_id: int | None = None,
                     kind: str = "main", audio_path: Path | None = None) -> int:  # fmt: skip
        qid = len(self.questions) + 1
        self.questions[qid] = dict(
            session_id=session_id, position=position, bank_id=bank_id, text=text,
            topics=list(topics), key_points=list(key_points), parent_id=parent_id, kind=kind,
            audio_path=audio_path,
        )  # fmt: skip
        return qid

    def save_answer(self, question_id: int, **fields: Any) -> int:
        aid = len(self.answers) + 1
        self.answers[aid] = {"question_id": question_id, **fields}
        return aid

    def finish_session(self, session_id: int, status: str) -> None:
        self.sessions[session_id]["status"] = status

    def set_analysis(self, answer_id: int, analysis: dict[str, Any] | None) -> None:
        self.answers[answer_id]["analysis"] = analysis

    def detail(self, session_id: int) -> SimpleNamespace:
        """Shaped like store.records.SessionDetail, enough for InterviewEngine.resume_session."""
        asked = []
        for qid, q in sorted(self.questions.items(), key=lambda kv: kv[1]["position"]):
            if q["session_id"] != session_id:
                continue
            answers = tuple(a for a in self.answers.values() if a["question_id"] == qid)
            asked.append(SimpleNamespace(id=qid, answers=answers, **q))
        return SimpleNamespace(
            id=session_id,
            settings=self.sessions[session_id]["settings"],
            questions=tuple(asked),
            next_position=max((q.position for q in asked), default=-1) + 1,
        )


class FakeRecorder:
    def __init__(self, clock: FakeClock) -> None:
        self.clock = clock
        self.path: Path | None = None
        self.started_at = 0.0
        self.input_ended = False
        self.fail_with: Exception | None = None
        self.on_level: Callable[[float, float], None] | None = None
        self.on_block: Callable[[np.ndarray], None] | None = None
        self.starts = 0

    def start(self, path: Path, on_level: Any, on_block: Any) -> None:
        if self.fail_with is not None:
            raise self.fail_with
        self.starts += 1
        self.path, self.on_level, self.on_block = path, on_level, on_block
        self.started_at = self.clock()
        self.input_ended = False
        _write_wav(path)

    def stop(self) -> RecordingResult:
        assert self.path is not None
        path, self.path = self.path, None
        return RecordingResult(path, self.clock() - self.started_at)


@dataclass
class FakeLive:
    owner: FakeTranscriber
    on_text: Callable[[str], None]
    blocks: list[np.ndarray] = field(default_factory=list)

    def feed(self, block: np.ndarray) -> None:
        self.blocks.append(block)

    def finish(self, audio_path: Path) -> Future[TranscriptResult]:
        future: Future[TranscriptResult] = Future()
        self.owner.pending.append(future)
        self.owner.count += 1
        text = f"answer {self.owner.count}"
        if self.owner.immediate:
            future.set_result(self.owner.result(text))
        else:
            self.owner.texts.append(text)
        return future


class FakeTranscriber:
    def __init__(self) -> None:
        self.immediate = True
        self.pending: list[Future[TranscriptResult]] = []
        self.texts: list[str] = []
        self.count = 0
        self.lives: list[FakeLive] = []
        self.hotwords: list[Sequence[str]] = []

    @staticmethod
    def result(text: str) -> TranscriptResult:
        words = [{"start": 0.0, "end": 0.5, "word": w, "probability": 0.9} for w in text.split()]
        segments = [{"start": 0.0, "end": 1.0, "text": text, "words": words}]
        return TranscriptResult(text, "en", 1.0, segments, "fake", "cpu", 0.01)

    def begin(
        self, language: str, hotwords: Sequence[str], on_text: Callable[[str], None]
    ) -> FakeLive:
        self.hotwords.append(hotwords)
        live = FakeLive(self, on_text)
        self.lives.append(live)
        return live

    def release(self) -> None:
        """Let the transcriptions held back (immediate=False) complete."""
        for future, text in zip(self.pending[-len(self.texts) :], self.texts, strict=True):
            future.set_result(self.result(text))
        self.texts.clear()


class FakeVoice:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.rendered: list[str] = []
        self.fail = False

    def render(self, text: str) -> Future[Path]:
        self.rendered.append(text)
        future: Future[Path] = Future()
        if self.fail:
            future.set_exception(RuntimeError("espeak-ng is not installed"))
        else:
            future.set_result(_write_wav(self.folder / f"tts-{len(self.rendered)}.wav"))
        return future


class FakePlayer:
    def __init__(self) -> None:
        self.played: list[Path] = []
        self.playing = False

    def play(self, path: Path) -> None:
        self.played.append(path)
        self.playing = True

    def stop(self) -> None:
        self.playing = False

    def is_playing(self) -> bool:
        return self.playing


@dataclass
class Harness:
    clock: FakeClock
    store: FakeStore
    recorder: FakeRecorder
    transcriber: FakeTranscriber
    voice: FakeVoice
    player: FakePlayer
    events: list[Event]
    services: InterviewServices

    def of(self, kind: type) -> list[Any]:
        return [e for e in self.events if isinstance(e, kind)]


@pytest.fixture
def harness(tmp_path: Path) -> Harness:
    clock = FakeClock()
    store = FakeStore()
    recorder = FakeRecorder(clock)
    transcriber = FakeTranscriber()
    voice = FakeVoice(tmp_path / "tts-cache")
    player = FakePlayer()
    events: list[Event] = []
    services = InterviewServices(
        store=store,
        recorder=recorder,
        transcriber=transcriber,
        audio_root=tmp_path / "audio",
        voice=voice,
        player=player,
        feedback=lambda result, question, limit: {
            "words": len(result.text.split()),
            "limit": limit,
        },
        hotwords=lambda q: list(q.topics),
    )
    return Harness(clock, store, recorder, transcriber, voice, player, events, services)


def make_question(qid: str, round: str = "technical", follow_ups: tuple[str, ...] = (),
                  answer_seconds: int | None = None) -> Question:  # fmt: skip
    return Question(
        id=qid,
        round=round,
        topics=("lora-peft",),
        text=f"Question {qid}?",
        key_points=("low rank",),
        follow_ups=follow_ups,
        source="original",
        difficulty=2,
        answer_seconds=answer_seconds,
    )


@pytest.fixture
def question() -> Callable[..., Question]:
    return make_question
