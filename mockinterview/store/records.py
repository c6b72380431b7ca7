"""Plain frozen dataclasses: the only things that leave the store (safe to pass between threads).

Audio paths are as stored: relative to the data dir (POSIX separators) when the file lies inside
it; ``Store.audio_file(path)`` gives the absolute path.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class Answer:
    id: int
    question_id: int
    audio_path: str | None
    duration: float
    transcript: str
    language: str | None
    segments: list[dict[str, Any]] = field(hash=False)
    model: str | None
    device: str | None
    processing_seconds: float | None
    started_at: datetime | None
    ended_at: datetime | None
    analysis: dict[str, Any] | None = field(hash=False)
    rating: int | None
    notes: str
    weak: bool
    topic_tags: tuple[str, ...] = ()
    free_tags: tuple[str, ...] = ()
    # What the model wrote, when the user corrected ``transcript``; None if never corrected.
    original_transcript: str | None = None


@dataclass(frozen=True)
class AttemptRecord:
    """Which attempt an answer is, as recorded (migration 0004): what an export carries and an
    import restores. ``prompts``: the turn-taking prompts spoken while it was recorded."""

    number: int
    mode: str  # "real" | "study"
    origin: str
    prompts: list[dict[str, Any]] = field(default_factory=list, hash=False)


@dataclass(frozen=True)
class AskedQuestion:
    id: int
    session_id: int
    position: int
    bank_id: str | None
    text: str
    topics: tuple[str, ...]
    key_points: tuple[str, ...]
    kind: str  # "main" | "follow_up"
    parent_id: int | None
    audio_path: str | None
    asked_at: datetime | None
    answers: tuple[Answer, ...] = ()

    @property
    def answer(self) -> Answer | None:
        """The latest answer (a question may be answered again)."""
        return self.answers[-1] if self.answers else None


@dataclass(frozen=True)
class SessionSummary:
    """One row of the history list."""

    id: int
    round: str
    job_id: str | None
    status: str
    started_at: datetime
    ended_at: datetime | None
    question_count: int
    answered_count: int
    speaking_seconds: float
    average_rating: float | None


@dataclass(frozen=True)
class SessionDetail:
    id: int
    round: str
    job_id: str | None
    settings: dict[str, Any] = field(hash=False)
    seed: int | None
    started_at: datetime
    ended_at: datetime | None
    status: str
    questions: tuple[AskedQuestion, ...] = ()

    @property
    def next_position(self) -> int:
        """Where a resumed session goes on: one past the last asked position."""
        return max((q.position for q in self.questions), default=-1) + 1

    @property
    def answers(self) -> tuple[Answer, ...]:
        return tuple(a for q in self.questions for a in q.answers)

    @property
    def unanswered_bank_ids(self) -> tuple[str, ...]:
        return tuple(q.bank_id for q in self.questions if q.bank_id and not q.answers)


@dataclass(frozen=True)
class ReviewCard:
    bank_id: str
    card_json: str
    due: datetime
    last_rating: int | None
    last_review: datetime | None
    reviews: int


@dataclass(frozen=True)
class TopicObservation:
    """One answered (or asked) question, seen from one topic — the raw material of topic stats."""

    topic: str
    session_id: int
    question_id: int
    bank_id: str | None
    asked_at: datetime
    rating: int | None
    weak: bool
    answered: bool
