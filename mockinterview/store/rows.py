"""Row-to-record conversion and small time/tag helpers shared by the ``Store`` parts.

Module-level and stateless: every part of the store (sessions, answers, review cards, topic
statistics) builds its plain records with these.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timezone
from pathlib import Path
from typing import cast

from sqlalchemy import Table

from mockinterview.store.models import (
    AnswerRow,
    AnswerTagRow,
    AskedQuestionRow,
    ReviewCardRow,
    SessionRow,
)
from mockinterview.store.records import Answer, AskedQuestion, ReviewCard

# Core tables, for set-based queries (aggregates, bulk tag writes, cascading deletes).
S = cast(Table, SessionRow.__table__)
Q = cast(Table, AskedQuestionRow.__table__)
A = cast(Table, AnswerRow.__table__)
T = cast(Table, AnswerTagRow.__table__)


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def _clean(tags: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(t.strip() for t in tags if t and t.strip()))


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True


def _time_key(when: datetime | None) -> str | None:
    """A time as naive UTC ISO text (the key ``review.export`` matches imported rows by)."""
    if when is None:
        return None
    return _naive_utc(when).isoformat()


def _naive_utc(when: datetime) -> datetime:
    return when.astimezone(timezone.utc).replace(tzinfo=None) if when.tzinfo else when


def _aware(when: datetime) -> datetime:
    return when.replace(tzinfo=timezone.utc) if when.tzinfo is None else when


def _answer(row: AnswerRow, tags: dict[int, dict[str, list[str]]]) -> Answer:
    mine = tags.get(row.id, {})
    return Answer(
        id=row.id,
        question_id=row.question_id,
        audio_path=row.audio_path,
        duration=row.duration,
        transcript=row.transcript,
        language=row.language,
        segments=list(row.segments or []),
        model=row.model,
        device=row.device,
        processing_seconds=row.processing_seconds,
        started_at=row.started_at,
        ended_at=row.ended_at,
        analysis=row.analysis,
        rating=row.rating,
        notes=row.notes,
        weak=bool(row.weak),
        topic_tags=tuple(mine.get("topic", ())),
        free_tags=tuple(mine.get("free", ())),
        original_transcript=row.original_transcript,
    )


def _question(row: AskedQuestionRow, answers: list[Answer]) -> AskedQuestion:
    return AskedQuestion(
        id=row.id,
        session_id=row.session_id,
        position=row.position,
        bank_id=row.bank_id,
        text=row.text,
        topics=tuple(row.topics or ()),
        key_points=tuple(row.key_points or ()),
        kind=row.kind,
        parent_id=row.parent_id,
        audio_path=row.audio_path,
        asked_at=row.asked_at,
        answers=tuple(answers),
    )


def _card(row: ReviewCardRow) -> ReviewCard:
    return ReviewCard(
        bank_id=row.bank_id,
        card_json=row.card,
        due=row.due,
        last_rating=row.last_rating,
        last_review=row.last_review,
        reviews=row.reviews,
    )
