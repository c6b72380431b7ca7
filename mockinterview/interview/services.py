"""What the engine needs from the rest of the app, as small Protocols.

The window and the CLI pass the real objects (adapted in ``wiring.py``); tests pass fakes. Every
call here must return quickly: slow work (rendering speech, transcribing) comes back as a
``Future`` the engine polls from ``tick()``. Callbacks (levels, blocks, partial text) may arrive
on any thread; the engine only queues them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from mockinterview.bank.models import Question

LevelCallback = Callable[[float, float], None]  # (rms, peak)
BlockCallback = Callable[[np.ndarray], None]


class NoAnswerInput(Exception):
    """The recorder has nothing to take this answer from (the scripted audio files ran out):
    the engine skips the question with this message."""


@dataclass(frozen=True)
class RecordingResult:
    path: Path
    duration: float
    error: str | None = None  # for people, naming the device; what was recorded is still kept


@dataclass(frozen=True)
class TranscriptResult:
    text: str
    language: str | None
    duration: float
    segments: list[dict[str, Any]] = field(default_factory=list)
    model: str | None = None
    device: str | None = None
    processing_seconds: float | None = None

    @property
    def words(self) -> list[dict[str, Any]]:
        return [w for s in self.segments for w in s.get("words") or ()]


class QuestionVoice(Protocol):
    """Renders question text to an audio file (cached); raises/fails the future when no voice."""

    def render(self, text: str) -> Future[Path]: ...


class QuestionPlayer(Protocol):
    def play(self, path: Path) -> None: ...

    def stop(self) -> None: ...

    def is_playing(self) -> bool: ...


class AnswerRecorder(Protocol):
    """One answer at a time. ``input_ended`` turns True when a file source has been read to the end."""

    def start(
        self, path: Path, on_level: LevelCallback | None, on_block: BlockCallback | None
    ) -> None: ...

    def stop(self) -> RecordingResult: ...

    @property
    def input_ended(self) -> bool: ...


class LiveTranscription(Protocol):
    """One answer's transcription: fed while recording, finished (off the caller's thread) after."""

    def feed(self, block: np.ndarray) -> None: ...

    def finish(self, audio_path: Path) -> Future[TranscriptResult]: ...


class AnswerTranscriber(Protocol):
    def begin(
        self, language: str, hotwords: Sequence[str], on_text: Callable[[str], None]
    ) -> LiveTranscription: ...


class SessionStore(Protocol):
    """The part of ``store.Store`` the engine writes to (see docs/ARCHITECTURE.md "store")."""

    def create_session(
        self, round: str, job_id: str | None, settings: dict[str, Any], *, seed: int | None = None
    ) -> int: ...

    def add_question(
        self,
        session_id: int,
        position: int,
        bank_id: str | None,
        text: str,
        topics: Sequence[str],
        key_points: Sequence[str],
        *,
        parent_id: int | None = None,
        kind: str = "main",
        audio_path: Path | None = None,
    ) -> int: ...

    def save_answer(
        self,
        question_id: int,
        *,
        audio_path: Path | None,
        duration: float,
        transcript: str,
        segments: list[dict[str, Any]],
        language: str | None,
        model: str | None,
        device: str | None,
        started_at: datetime | None,
        ended_at: datetime | None,
        analysis: dict[str, Any] | None = None,
        processing_seconds: float | None = None,
    ) -> int: ...

    def finish_session(self, session_id: int, status: str) -> None: ...


class FeedbackAnalyzer(Protocol):
    def __call__(
        self,
        transcript: TranscriptResult,
        question: Question,
        limit_seconds: float,
    ) -> dict[str, Any] | None: ...


@dataclass
class InterviewServices:
    store: SessionStore
    recorder: AnswerRecorder
    transcriber: AnswerTranscriber
    audio_root: Path  # the data dir's audio/ folder; one sub-folder per session
    voice: QuestionVoice | None = None  # None: questions are shown, not spoken
    player: QuestionPlayer | None = None
    feedback: FeedbackAnalyzer | None = None
    hotwords: Callable[[Question], Sequence[str]] = field(default=lambda q: ())
