"""Sessions in the ``Store``: create, finish, resume, delete, list, read, and restore from an export."""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Iterable, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Table, Text, case, delete, exists, func, insert, select, true, update
from sqlalchemy import cast as sql_cast

from mockinterview.store.core import StoreCore
from mockinterview.store.errors import NotFoundError, StoreError
from mockinterview.store.models import (
    SESSION_STATUSES,
    AnswerAttemptRow,
    AnswerRow,
    AskedQuestionRow,
    SessionRow,
)
from mockinterview.store.records import (
    Answer,
    AttemptRecord,
    SessionDetail,
    SessionSummary,
)
from mockinterview.store.rows import (
    A,
    Q,
    S,
    T,
    _answer,
    _aware,
    _clean,
    _inside,
    _naive_utc,
    _question,
    utcnow,
)

AT = cast(Table, AnswerAttemptRow.__table__)

# Files written this recently in a session still in progress may be an answer being recorded.
RECORDING_GRACE_SECONDS = 120.0

SORT_KEYS = ("date", "round", "job", "questions", "speaking", "rating")


class SessionsMixin(StoreCore):
    # -- sessions -------------------------------------------------------------------------------
    def create_session(
        self,
        round: str,
        job_id: str | None,
        settings: dict[str, Any],
        *,
        seed: int | None = None,
        started_at: datetime | None = None,
    ) -> int:
        with self._tx() as s:
            row = SessionRow(
                round=round,
                job_id=job_id,
                settings=dict(settings),
                seed=seed,
                started_at=started_at or utcnow(),
                status="in_progress",
            )
            s.add(row)
            s.flush()
            return row.id

    def finish_session(
        self, session_id: int, status: str = "finished", *, ended_at: datetime | None = None
    ) -> None:
        if status not in SESSION_STATUSES:
            raise ValueError(f"status must be one of {SESSION_STATUSES}, not {status!r}")
        values: dict[str, Any] = {"status": status}
        values["ended_at"] = None if status == "in_progress" else (ended_at or utcnow())
        with self._tx() as s:
            self._update(s, SessionRow, session_id, values, "session")

    def mark_abandoned(self, session_id: int) -> None:
        self.finish_session(session_id, "abandoned")

    def resume_session(self, session_id: int) -> SessionDetail:
        """Re-open a session (status back to in_progress); ``next_position`` says where to go on."""
        self.finish_session(session_id, "in_progress")
        return self.get_session(session_id)

    def delete_session(self, session_id: int) -> list[Path]:
        """Delete a session and the audio files only it refers to; returns the files removed."""
        with self._tx() as s:
            row = s.get(SessionRow, session_id)
            if row is None:
                raise NotFoundError(f"no session with id {session_id}")
            # An interview may still be recording into it (another window or terminal): its
            # answer in progress is kept on disk by the engine, so fresh files are left alone.
            running = row.status == "in_progress"
            qids = select(Q.c.id).where(Q.c.session_id == session_id)
            paths = set(s.scalars(select(Q.c.audio_path).where(Q.c.session_id == session_id)))
            paths |= set(s.scalars(select(A.c.audio_path).where(A.c.question_id.in_(qids))))
            paths.discard(None)
            # Recordings of the prompts spoken during its answers (an import may share them).
            own = select(_raw_prompts).where(AT.c.question_id.in_(qids))
            paths |= _prompt_audio(s.scalars(own))
            s.execute(delete(S).where(S.c.id == session_id))  # cascades to questions, answers, tags
            # Imported copies of a session share audio files: keep what is still referenced,
            # compared as resolved files (``audio/./x``, ``audio//x`` and the absolute path
            # are one file).
            others = set(s.scalars(select(Q.c.audio_path).where(Q.c.audio_path.is_not(None))))
            others |= set(s.scalars(select(A.c.audio_path).where(A.c.audio_path.is_not(None))))
            others |= _prompt_audio(s.scalars(select(_raw_prompts)))
        still = {self._resolved(p) for p in others if p}
        mine = {self._resolved(p) for p in paths if p}
        # The session's own folder (ids are never reused): recordings a crash left unattached.
        folder = self.data_dir / "audio" / f"session-{session_id}"
        if folder.is_dir():
            fresh = time.time() - RECORDING_GRACE_SECONDS
            mine |= {
                f.resolve()
                for f in folder.iterdir()
                if f.is_file() and not (running and f.stat().st_mtime > fresh)
            }
        removed = []
        for file in sorted(f for f in mine - still if f is not None):
            # Only recordings inside the data dir are ours to delete (not the shared TTS cache).
            if _inside(file, self.data_dir / "audio") and file.is_file():
                file.unlink()
                removed.append(file)
        audio_root = (self.data_dir / "audio").resolve()
        for parent in sorted({f.parent for f in removed}, reverse=True):
            if parent != audio_root and _inside(parent, audio_root):
                with contextlib.suppress(OSError):  # only when empty
                    parent.rmdir()
        return removed

    def in_progress_sessions(self) -> list[SessionSummary]:
        return self.list_sessions(status="in_progress", limit=None)

    def list_sessions(
        self,
        *,
        round: str | None = None,
        job_id: str | None = None,
        tag: str | None = None,
        topic: str | None = None,
        status: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        sort: str = "date",
        descending: bool = True,
        limit: int | None = 50,
        offset: int = 0,
    ) -> list[SessionSummary]:
        """The history list; filters combine with AND; ``tag`` matches topic and free tags."""
        if sort not in SORT_KEYS:
            raise ValueError(f"sort must be one of {SORT_KEYS}, not {sort!r}")
        q_of_s = Q.c.session_id == S.c.id
        n_questions = select(func.count(Q.c.id)).where(q_of_s).scalar_subquery()
        n_answered = (
            select(func.count(func.distinct(A.c.question_id)))
            .join(Q, Q.c.id == A.c.question_id)
            .where(q_of_s)
            .scalar_subquery()
        )
        speaking = (
            select(func.coalesce(func.sum(A.c.duration), 0.0))
            .join(Q, Q.c.id == A.c.question_id)
            .where(q_of_s)
            .scalar_subquery()
        )
        avg_rating = (
            select(func.avg(A.c.rating)).join(Q, Q.c.id == A.c.question_id).where(q_of_s)
        ).scalar_subquery()
        stmt = select(
            S.c.id,
            S.c.round,
            S.c.job_id,
            S.c.status,
            S.c.started_at,
            S.c.ended_at,
            n_questions.label("n_questions"),
            n_answered.label("n_answered"),
            speaking.label("speaking"),
            avg_rating.label("avg_rating"),
        )
        if round:
            stmt = stmt.where(S.c.round == round)
        if job_id:
            stmt = stmt.where(S.c.job_id == job_id)
        if status:
            stmt = stmt.where(S.c.status == status)
        if since:
            stmt = stmt.where(S.c.started_at >= _naive_utc(since))
        if until:
            stmt = stmt.where(S.c.started_at < _naive_utc(until))
        if tag:
            # Not correlated: the set of tagged sessions is found once through the tag index.
            tagged = (
                select(Q.c.session_id)
                .select_from(T.join(A, A.c.id == T.c.answer_id).join(Q, Q.c.id == A.c.question_id))
                .where(T.c.tag == tag)
            )
            stmt = stmt.where(S.c.id.in_(tagged))
        if topic:
            # A damaged topics value reads as no topics (json_each would fail the whole query).
            topics_json = case((func.json_valid(Q.c.topics) == 1, Q.c.topics), else_="[]")
            each = func.json_each(topics_json).table_valued("value").alias("each_topic")
            stmt = stmt.where(
                exists(
                    select(Q.c.id)
                    .select_from(Q.join(each, true()))
                    .where(q_of_s, each.c.value == topic)
                )
            )
        key = {
            "date": S.c.started_at,
            "round": S.c.round,
            "job": S.c.job_id,
            "questions": n_questions,
            "speaking": speaking,
            "rating": avg_rating,
        }[sort]
        order = key.desc() if descending else key.asc()
        tie = S.c.id.desc() if descending else S.c.id.asc()
        stmt = stmt.order_by(order, tie).offset(offset)
        if limit is not None:
            stmt = stmt.limit(limit)
        with self._tx() as s:
            rows = s.execute(stmt).all()
        return [
            SessionSummary(
                id=r.id,
                round=r.round,
                job_id=r.job_id,
                status=r.status,
                started_at=_aware(r.started_at),
                ended_at=_aware(r.ended_at) if r.ended_at else None,
                question_count=r.n_questions,
                answered_count=r.n_answered,
                speaking_seconds=float(r.speaking or 0.0),
                average_rating=None if r.avg_rating is None else float(r.avg_rating),
            )
            for r in rows
        ]

    def count_sessions(self) -> int:
        with self._tx() as s:
            return int(s.scalar(select(func.count(S.c.id))) or 0)

    def get_session(self, session_id: int) -> SessionDetail:
        with self._tx() as s:
            row = s.get(SessionRow, session_id)
            if row is None:
                raise NotFoundError(f"no session with id {session_id}")
            questions = list(
                s.scalars(
                    select(AskedQuestionRow)
                    .where(AskedQuestionRow.session_id == session_id)
                    .order_by(AskedQuestionRow.position, AskedQuestionRow.id)
                )
            )
            answers = list(
                s.scalars(
                    select(AnswerRow)
                    .where(AnswerRow.question_id.in_([q.id for q in questions]))
                    .order_by(AnswerRow.id)
                )
            )
            tags = self._tags(s, [a.id for a in answers])
            by_question: dict[int, list[Answer]] = {}
            for a in answers:
                by_question.setdefault(a.question_id, []).append(_answer(a, tags))
            return SessionDetail(
                id=row.id,
                round=row.round,
                job_id=row.job_id,
                settings=dict(row.settings or {}),
                seed=row.seed,
                started_at=row.started_at,
                ended_at=row.ended_at,
                status=row.status,
                questions=tuple(_question(q, by_question.get(q.id, [])) for q in questions),
            )

    def recent_bank_ids(self, limit_sessions: int) -> list[str]:
        """Bank ids asked in the last ``limit_sessions`` sessions, most recent first, unique."""
        recent = (
            select(S.c.id, S.c.started_at)
            .order_by(S.c.started_at.desc(), S.c.id.desc())
            .limit(limit_sessions)
            .subquery()
        )
        stmt = (
            select(Q.c.bank_id)
            .join(recent, recent.c.id == Q.c.session_id)
            .where(Q.c.bank_id.is_not(None))
            .order_by(recent.c.started_at.desc(), recent.c.id.desc(), Q.c.position)
        )
        with self._tx() as s:
            ids = list(s.scalars(stmt))
        return list(dict.fromkeys(ids))


    # -- import ---------------------------------------------------------------------------------
    def restore_session(
        self,
        detail: SessionDetail,
        attempts: Mapping[tuple[int, int], AttemptRecord] | None = None,
    ) -> int:
        """Insert a whole session (from an export) under new ids, in one transaction.

        ``attempts`` maps (question index, answer index) in ``detail`` to the answer's recorded
        attempt; an answer without one gets no attempt row (it reads as a real interview
        attempt, numbered by order, as answers saved before attempts existed)."""
        attempts = attempts or {}
        with self._tx() as s:
            row = SessionRow(
                round=detail.round,
                job_id=detail.job_id,
                settings=dict(detail.settings),
                seed=detail.seed,
                started_at=detail.started_at,
                ended_at=detail.ended_at,
                status=detail.status,
            )
            s.add(row)
            s.flush()
            new_ids: dict[int, int] = {}
            for qi, q in enumerate(detail.questions):
                qrow = AskedQuestionRow(
                    session_id=row.id,
                    position=q.position,
                    bank_id=q.bank_id,
                    text=q.text,
                    topics=list(q.topics),
                    key_points=list(q.key_points),
                    kind=q.kind,
                    audio_path=q.audio_path,
                    asked_at=q.asked_at,
                )
                s.add(qrow)
                s.flush()
                new_ids[q.id] = qrow.id
                for ai, a in enumerate(q.answers):
                    arow = AnswerRow(
                        question_id=qrow.id,
                        audio_path=a.audio_path,
                        duration=a.duration,
                        transcript=a.transcript,
                        language=a.language,
                        segments=list(a.segments),
                        model=a.model,
                        device=a.device,
                        processing_seconds=a.processing_seconds,
                        started_at=a.started_at,
                        ended_at=a.ended_at,
                        analysis=a.analysis,
                        rating=a.rating,
                        notes=a.notes,
                        weak=a.weak,
                        original_transcript=a.original_transcript,
                    )
                    s.add(arow)
                    s.flush()
                    attempt = attempts.get((qi, ai))
                    if attempt is not None:
                        s.add(
                            AnswerAttemptRow(
                                answer_id=arow.id, question_id=qrow.id, number=attempt.number,
                                mode=attempt.mode, origin=attempt.origin,
                                prompts=list(attempt.prompts),
                            )
                        )  # fmt: skip
                    tag_rows = [
                        {"answer_id": arow.id, "kind": "topic", "tag": t}
                        for t in _clean(a.topic_tags)
                    ]
                    tag_rows += [
                        {"answer_id": arow.id, "kind": "free", "tag": t}
                        for t in _clean(a.free_tags)
                    ]
                    if tag_rows:
                        s.execute(insert(T), tag_rows)
            for q in detail.questions:
                if q.parent_id is not None:
                    if q.parent_id not in new_ids:
                        raise StoreError(
                            f"question {q.id} follows up question {q.parent_id}, which is not in the session"
                        )
                    s.execute(
                        update(Q)
                        .where(Q.c.id == new_ids[q.id])
                        .values(parent_id=new_ids[q.parent_id])
                    )
            return row.id



# Read as text: a damaged prompts value must not stop a delete.
_raw_prompts = sql_cast(AT.c.prompts, Text)


def _prompt_audio(values: Iterable[str | None]) -> set[str]:
    """The recordings named by ``answer_attempts.prompts`` values (JSON text); damaged ones are
    skipped."""
    out: set[str] = set()
    for value in values:
        try:
            prompts = json.loads(value) if value else []
        except ValueError:
            continue
        if isinstance(prompts, list):
            out |= {
                p["audio"] for p in prompts if isinstance(p, dict) and isinstance(p.get("audio"), str)
            }
    return out
