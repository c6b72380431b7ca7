"""SQLAlchemy ORM models: the schema that migration ``db/versions`` builds, table by table.

Times are stored as naive UTC and come back timezone-aware (``UTCDateTime``). JSON columns hold
lists/dicts exactly as the core produced them. The FTS5 index (migration 2) is not modelled here:
it is kept in sync by triggers and read with plain SQL in ``review/search.py``.
"""

from __future__ import annotations

import logging
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    TypeDecorator,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

log = logging.getLogger(__name__)

SESSION_STATUSES = ("in_progress", "finished", "abandoned")
QUESTION_KINDS = ("main", "follow_up")
TAG_KINDS = ("topic", "free")


class UTCDateTime(TypeDecorator[datetime]):
    """Aware datetimes in, aware UTC out; SQLite keeps naive UTC text."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is not None:
            value = value.astimezone(timezone.utc).replace(tzinfo=None)
        return value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=timezone.utc)


class TolerantJSON(TypeDecorator[Any]):
    """JSON that a damaged value cannot make unreadable: text that is not JSON, or JSON of the
    wrong kind (a list column holding a number), reads as the column's empty value with a
    logged warning, so one bad row degrades instead of breaking show, export and history."""

    impl = JSON
    cache_ok = True

    def __init__(self, kind: type = dict, nullable: bool = False) -> None:
        super().__init__()
        self.kind = kind  # list | dict: what the column holds
        self.nullable = nullable

    def result_processor(self, dialect: Dialect, coltype: Any) -> Any:
        inner = super().result_processor(dialect, coltype)

        def process(value: Any) -> Any:
            try:
                loaded = inner(value) if inner is not None else value
            except (ValueError, TypeError, RecursionError) as exc:
                log.warning("a damaged JSON value in the database was ignored: %s", exc)
                return self._empty()
            if loaded is None and self.nullable:
                return None
            if not isinstance(loaded, self.kind):
                log.warning(
                    "a JSON value of the wrong kind (%s, expected %s) was ignored",
                    type(loaded).__name__,
                    self.kind.__name__,
                )
                return self._empty()
            return loaded

        return process

    def _empty(self) -> Any:
        return None if self.nullable else self.kind()


class Base(DeclarativeBase):
    pass


class SessionRow(Base):
    __tablename__ = "sessions"
    __table_args__ = (
        CheckConstraint("status IN ('in_progress', 'finished', 'abandoned')", name="ck_status"),
        Index("ix_sessions_started_at", "started_at"),
        Index("ix_sessions_status", "status"),
        {"sqlite_autoincrement": True},  # ids never reused (migration 0003)
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    round: Mapped[str] = mapped_column(String(32))
    job_id: Mapped[str | None] = mapped_column(String(128), index=True)
    settings: Mapped[dict[str, Any]] = mapped_column(TolerantJSON(dict), default=dict)
    seed: Mapped[int | None] = mapped_column(Integer)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(16), default="in_progress")


class AskedQuestionRow(Base):
    __tablename__ = "asked_questions"
    __table_args__ = (
        CheckConstraint("kind IN ('main', 'follow_up')", name="ck_kind"),
        Index("ix_asked_questions_session_position", "session_id", "position"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    bank_id: Mapped[str | None] = mapped_column(String(128), index=True)
    text: Mapped[str] = mapped_column(Text)
    topics: Mapped[list[str]] = mapped_column(TolerantJSON(list), default=list)
    key_points: Mapped[list[str]] = mapped_column(TolerantJSON(list), default=list)
    kind: Mapped[str] = mapped_column(String(16), default="main")
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("asked_questions.id", ondelete="CASCADE"), index=True
    )
    audio_path: Mapped[str | None] = mapped_column(Text)
    asked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class AnswerRow(Base):
    __tablename__ = "answers"
    __table_args__ = (
        CheckConstraint("rating IS NULL OR rating BETWEEN 1 AND 5", name="ck_rating"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    question_id: Mapped[int] = mapped_column(
        ForeignKey("asked_questions.id", ondelete="CASCADE"), index=True
    )
    audio_path: Mapped[str | None] = mapped_column(Text)
    duration: Mapped[float] = mapped_column(Float, default=0.0)
    transcript: Mapped[str] = mapped_column(Text, default="")
    language: Mapped[str | None] = mapped_column(String(16))
    segments: Mapped[list[dict[str, Any]]] = mapped_column(TolerantJSON(list), default=list)
    model: Mapped[str | None] = mapped_column(String(128))
    device: Mapped[str | None] = mapped_column(String(32))
    processing_seconds: Mapped[float | None] = mapped_column(Float)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    analysis: Mapped[dict[str, Any] | None] = mapped_column(TolerantJSON(dict, nullable=True))
    rating: Mapped[int | None] = mapped_column(Integer)
    notes: Mapped[str] = mapped_column(Text, default="")
    weak: Mapped[bool] = mapped_column(Boolean, default=False)
    # Whisper's text when the user corrected ``transcript`` (migration 0005); NULL otherwise.
    original_transcript: Mapped[str | None] = mapped_column(Text, nullable=True, default=None)


class AnswerTagRow(Base):
    """Topic tags (ids from the vocabulary) and free tags, per answer."""

    __tablename__ = "answer_tags"
    __table_args__ = (
        CheckConstraint("kind IN ('topic', 'free')", name="ck_tag_kind"),
        Index("ix_answer_tags_tag", "tag"),
    )

    answer_id: Mapped[int] = mapped_column(
        ForeignKey("answers.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[str] = mapped_column(String(8), primary_key=True)
    tag: Mapped[str] = mapped_column(String(128), primary_key=True)


class ReviewCardRow(Base):
    """Spaced-repetition state per bank question (fsrs Card as JSON); survives session deletes."""

    __tablename__ = "review_cards"

    bank_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    card: Mapped[str] = mapped_column(Text)
    due: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    last_rating: Mapped[int | None] = mapped_column(Integer)
    last_review: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reviews: Mapped[int] = mapped_column(Integer, default=0)


class ProjectRow(Base):
    """A project the user described once (My projects): named in project questions, and what
    opens CV-specific question chains (migration 0006)."""

    __tablename__ = "projects"
    __table_args__ = {"sqlite_autoincrement": True}  # a removed project's id is never reused

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    domain: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")
    stack: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class AnswerAttemptRow(Base):
    """Which attempt an answer is (1, 2, ...), in which mode, from where, and the turn-taking
    prompts spoken while it was recorded (migration 0004; read and written by review.attempts)."""

    __tablename__ = "answer_attempts"
    __table_args__ = (CheckConstraint("mode IN ('real', 'study')", name="ck_attempt_mode"),)

    answer_id: Mapped[int] = mapped_column(
        ForeignKey("answers.id", ondelete="CASCADE"), primary_key=True
    )
    question_id: Mapped[int] = mapped_column(
        ForeignKey("asked_questions.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int] = mapped_column(Integer)
    mode: Mapped[str] = mapped_column(String(16))
    origin: Mapped[str] = mapped_column(String(16))
    prompts: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
