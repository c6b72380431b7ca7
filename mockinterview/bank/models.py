"""The question bank's value types: plain frozen dataclasses, shared by every layer."""

from __future__ import annotations

from dataclasses import dataclass, field

ROUNDS: tuple[str, ...] = ("hr", "technical", "project")


@dataclass(frozen=True)
class Topic:
    id: str
    name_zh: str
    name_en: str
    round: str
    terms: tuple[str, ...] = ()


@dataclass(frozen=True)
class Question:
    id: str
    round: str
    topics: tuple[str, ...]
    text: str
    key_points: tuple[str, ...]
    follow_ups: tuple[str, ...]
    source: str
    difficulty: int
    text_en: str | None = None
    answer_seconds: int | None = None
    # What a strong answer sounds like (Mandarin / English), read aloud in study mode.
    reference_answer: str | None = None
    reference_answer_en: str | None = None
    # The question as the interviewer says it, when ``text`` does not read well aloud.
    spoken: str | None = None
    # Where it was loaded from, for messages (not part of the YAML schema).
    pack: str = field(default="", compare=False)
    line: int = field(default=0, compare=False)


@dataclass(frozen=True)
class JobProfile:
    id: str
    company: str
    role: str
    summary: str
    source: str
    topic_weights: dict[str, float] = field(default_factory=dict, hash=False)
