"""Asked questions, answers and their tags in the ``Store``."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, insert, select

from mockinterview.store.core import StoreCore
from mockinterview.store.errors import NotFoundError
from mockinterview.store.models import (
    QUESTION_KINDS,
    AnswerRow,
    AskedQuestionRow,
    SessionRow,
)
from mockinterview.store.records import (
    Answer,
)
from mockinterview.store.rows import (
    T,
    _answer,
    _clean,
    utcnow,
)


class AnswersMixin(StoreCore):
    # -- questions and answers ---------------------------------------------------------------
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
        audio_path: str | os.PathLike[str] | None = None,
        asked_at: datetime | None = None,
    ) -> int:
        if kind not in QUESTION_KINDS:
            raise ValueError(f"kind must be one of {QUESTION_KINDS}, not {kind!r}")
        with self._tx() as s:
            if s.get(SessionRow, session_id) is None:
                raise NotFoundError(f"no session with id {session_id}")
            row = AskedQuestionRow(
                session_id=session_id,
                position=position,
                bank_id=bank_id,
                text=text,
                topics=list(topics),
                key_points=list(key_points),
                kind=kind,
                parent_id=parent_id,
                audio_path=self.relative_path(audio_path),
                asked_at=asked_at or utcnow(),
            )
            s.add(row)
            s.flush()
            return row.id

    def set_question_audio(self, question_id: int, audio_path: str | os.PathLike[str]) -> None:
        with self._tx() as s:
            values = {"audio_path": self.relative_path(audio_path)}
            self._update(s, AskedQuestionRow, question_id, values, "question")

    def save_answer(
        self,
        question_id: int,
        *,
        audio_path: str | os.PathLike[str] | None,
        duration: float,
        transcript: str,
        segments: Sequence[dict[str, Any]],
        language: str | None,
        model: str | None,
        device: str | None,
        started_at: datetime | None,
        ended_at: datetime | None,
        analysis: dict[str, Any] | None = None,
        processing_seconds: float | None = None,
    ) -> int:
        """Committed before it returns: a crash afterwards loses nothing of this answer."""
        with self._tx() as s:
            if s.get(AskedQuestionRow, question_id) is None:
                raise NotFoundError(f"no asked question with id {question_id}")
            row = AnswerRow(
                question_id=question_id,
                audio_path=self.relative_path(audio_path),
                duration=float(duration),
                transcript=transcript,
                segments=list(segments),
                language=language,
                model=model,
                device=device,
                processing_seconds=processing_seconds,
                started_at=started_at,
                ended_at=ended_at,
                analysis=analysis,
                notes="",
                weak=False,
            )
            s.add(row)
            s.flush()
            return row.id

    def update_transcript(
        self,
        answer_id: int,
        *,
        transcript: str,
        segments: Sequence[dict[str, Any]],
        language: str | None,
        model: str | None,
        device: str | None,
        processing_seconds: float | None = None,
    ) -> None:
        """Replace the transcript (re-transcription); the old one stays until this commits.
        An answer the user corrected keeps the correction: the new model text goes to
        ``original_transcript`` (what the model heard), never over the user's words."""
        values = {
            "transcript": transcript,
            "segments": list(segments),
            "language": language,
            "model": model,
            "device": device,
            "processing_seconds": processing_seconds,
        }
        with self._tx() as s:
            row = s.get(AnswerRow, answer_id)
            if row is not None and row.original_transcript is not None:
                values["original_transcript"] = values.pop("transcript")
            self._update(s, AnswerRow, answer_id, values, "answer")

    def correct_transcript(self, answer_id: int, text: str) -> None:
        """The user's correction becomes ``transcript`` (what analysis, search and export read);
        the model's text is kept in ``original_transcript`` the first time, never overwritten by
        a later correction. Correcting back to the original text clears the mark."""
        with self._tx() as s:
            row = s.get(AnswerRow, answer_id)
            if row is None:
                raise NotFoundError(f"no answer with id {answer_id}")
            original = row.original_transcript if row.original_transcript is not None else row.transcript
            row.transcript = text
            row.original_transcript = None if text == original else original

    def set_analysis(self, answer_id: int, analysis: dict[str, Any] | None) -> None:
        with self._tx() as s:
            self._update(s, AnswerRow, answer_id, {"analysis": analysis}, "answer")

    def rate_answer(
        self, answer_id: int, rating: int | None, notes: str = "", weak: bool = False
    ) -> None:
        if rating is not None and not 1 <= rating <= 5:
            raise ValueError(f"rating must be 1-5 or None, not {rating!r}")
        values = {"rating": rating, "notes": notes, "weak": bool(weak)}
        with self._tx() as s:
            self._update(s, AnswerRow, answer_id, values, "answer")

    def set_tags(self, answer_id: int, topics: Iterable[str], free_tags: Iterable[str]) -> None:
        """Replace the answer's tags: topic ids from the vocabulary and free tags (trimmed)."""
        rows = [{"answer_id": answer_id, "kind": "topic", "tag": t} for t in _clean(topics)]
        rows += [{"answer_id": answer_id, "kind": "free", "tag": t} for t in _clean(free_tags)]
        with self._tx() as s:
            if s.get(AnswerRow, answer_id) is None:
                raise NotFoundError(f"no answer with id {answer_id}")
            s.execute(delete(T).where(T.c.answer_id == answer_id))
            if rows:
                s.execute(insert(T), rows)

    def get_answer(self, answer_id: int) -> Answer:
        with self._tx() as s:
            row = s.get(AnswerRow, answer_id)
            if row is None:
                raise NotFoundError(f"no answer with id {answer_id}")
            return _answer(row, self._tags(s, [answer_id]))

    def question_bank_id(self, question_id: int) -> str | None:
        """The bank id of an asked question (None for one not from the bank)."""
        with self._tx() as s:
            row = s.get(AskedQuestionRow, question_id)
            if row is None:
                raise NotFoundError(f"no asked question with id {question_id}")
            return row.bank_id

    def all_tags(self) -> list[tuple[str, str, int]]:
        """(kind, tag, number of answers) for every tag in use, most used first."""
        stmt = (
            select(T.c.kind, T.c.tag, func.count(T.c.answer_id).label("n"))
            .group_by(T.c.kind, T.c.tag)
            .order_by(func.count(T.c.answer_id).desc(), T.c.tag)
        )
        with self._tx() as s:
            return [(r.kind, r.tag, r.n) for r in s.execute(stmt)]

