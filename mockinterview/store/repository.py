"""The repository: every public method is one short transaction and returns plain records.

A ``Store`` may be shared between threads (each call takes its own pooled connection and no ORM
object leaves a call); the writer is expected to be one at a time, as in the app.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, cast

from sqlalchemy import (
    Connection,
    Engine,
    Table,
    and_,
    case,
    delete,
    exists,
    func,
    insert,
    select,
    text,
    true,
    update,
)
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from mockinterview.store.errors import NotFoundError, StoreError, environment_error
from mockinterview.store.models import (
    QUESTION_KINDS,
    SESSION_STATUSES,
    AnswerRow,
    AnswerTagRow,
    AskedQuestionRow,
    ReviewCardRow,
    SessionRow,
)
from mockinterview.store.records import (
    Answer,
    AskedQuestion,
    ReviewCard,
    SessionDetail,
    SessionSummary,
    TopicObservation,
)

SORT_KEYS = ("date", "round", "job", "questions", "speaking", "rating")

# Core tables, for set-based queries (aggregates, bulk tag writes, cascading deletes).
S = cast(Table, SessionRow.__table__)
Q = cast(Table, AskedQuestionRow.__table__)
A = cast(Table, AnswerRow.__table__)
T = cast(Table, AnswerTagRow.__table__)


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class Store:
    def __init__(self, data_dir: Path, db_file: Path, engine: Engine) -> None:
        self.data_dir = data_dir
        self.db_file = db_file
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    # -- plumbing -----------------------------------------------------------------------------
    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _tx(self) -> Iterator[Session]:
        try:
            with self._sessions.begin() as session:
                yield session
        except IntegrityError as exc:
            raise StoreError(f"database {self.db_file}: rejected a change: {exc.orig}") from exc
        except DBAPIError as exc:  # the database said no; other SQLAlchemy errors are our bugs
            raise environment_error(exc, self.db_file) from exc

    @contextmanager
    def connection(self) -> Iterator[Connection]:
        """One transaction on a Core connection, for queries in ``review`` (search, stats)."""
        try:
            with self.engine.begin() as conn:
                yield conn
        except DBAPIError as exc:  # the database said no; other SQLAlchemy errors are our bugs
            raise environment_error(exc, self.db_file) from exc

    def relative_path(self, path: str | os.PathLike[str] | None) -> str | None:
        """How a file path is stored: relative to the data dir when inside it (POSIX form)."""
        if path is None:
            return None
        p = Path(path)
        if not p.is_absolute():
            return p.as_posix()
        try:
            return p.resolve().relative_to(self.data_dir.resolve()).as_posix()
        except ValueError:
            return p.as_posix()

    def normalized_audio_path(self, stored: str | os.PathLike[str] | None) -> str | None:
        """A stored or imported audio path as this data dir's canonical relative form, or None
        when it points outside the data dir (``..``, an absolute path elsewhere)."""
        if stored is None or str(stored) == "":
            return None
        root = self.data_dir.resolve()
        p = Path(stored)
        try:
            resolved = (p if p.is_absolute() else root / p).resolve()
            return resolved.relative_to(root).as_posix()
        except (ValueError, OSError, RuntimeError):
            return None

    def audio_references(self) -> set[tuple[str, str | None]]:
        """(canonical audio path, UTC time of the answer/question) for every row with audio:
        what tells an export of this data dir's own session from a foreign one."""
        with self._tx() as s:
            rows = list(s.execute(select(A.c.audio_path, A.c.started_at)))
            rows += list(s.execute(select(Q.c.audio_path, Q.c.asked_at)))
        out: set[tuple[str, str | None]] = set()
        for stored, when in rows:
            canonical = self.normalized_audio_path(stored)
            if canonical is not None:
                out.add((canonical, _time_key(when)))
        return out

    def audio_file(self, stored: str) -> Path:
        """The absolute path of a stored (relative) audio path."""
        p = Path(stored)
        return p if p.is_absolute() else self.data_dir / p

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
            if s.get(SessionRow, session_id) is None:
                raise NotFoundError(f"no session with id {session_id}")
            qids = select(Q.c.id).where(Q.c.session_id == session_id)
            paths = set(s.scalars(select(Q.c.audio_path).where(Q.c.session_id == session_id)))
            paths |= set(s.scalars(select(A.c.audio_path).where(A.c.question_id.in_(qids))))
            paths.discard(None)
            s.execute(delete(S).where(S.c.id == session_id))  # cascades to questions, answers, tags
            # Imported copies of a session share audio files: keep what is still referenced,
            # compared as resolved files (``audio/./x``, ``audio//x`` and the absolute path
            # are one file).
            others = set(s.scalars(select(Q.c.audio_path).where(Q.c.audio_path.is_not(None))))
            others |= set(s.scalars(select(A.c.audio_path).where(A.c.audio_path.is_not(None))))
        still = {self._resolved(p) for p in others if p}
        mine = {self._resolved(p) for p in paths if p}
        # The session's own folder (ids are never reused): recordings a crash left unattached.
        folder = self.data_dir / "audio" / f"session-{session_id}"
        if folder.is_dir():
            mine |= {f.resolve() for f in folder.iterdir() if f.is_file()}
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

    # -- import ---------------------------------------------------------------------------------
    def restore_session(self, detail: SessionDetail) -> int:
        """Insert a whole session (from an export) under new ids, in one transaction."""
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
            for q in detail.questions:
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
                for a in q.answers:
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
                    )
                    s.add(arow)
                    s.flush()
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

    # -- spaced repetition state ---------------------------------------------------------------
    def get_review_card(self, bank_id: str) -> ReviewCard | None:
        with self._tx() as s:
            row = s.get(ReviewCardRow, bank_id)
            return None if row is None else _card(row)

    def put_review_card(self, card: ReviewCard) -> None:
        with self._tx() as s:
            row = s.get(ReviewCardRow, card.bank_id)
            if row is None:
                row = ReviewCardRow(bank_id=card.bank_id)
                s.add(row)
            row.card = card.card_json
            row.due = card.due
            row.last_rating = card.last_rating
            row.last_review = card.last_review
            row.reviews = card.reviews

    def review_cards(
        self, *, due_before: datetime | None = None, limit: int | None = None
    ) -> list[ReviewCard]:
        """Cards ordered by due time (earliest first), optionally only those due by a time."""
        stmt = select(ReviewCardRow).order_by(ReviewCardRow.due, ReviewCardRow.bank_id)
        if due_before is not None:
            stmt = stmt.where(ReviewCardRow.due <= due_before)
        if limit is not None:
            stmt = stmt.limit(limit)
        with self._tx() as s:
            return [_card(r) for r in s.scalars(stmt)]

    # -- topic statistics input -------------------------------------------------------------------
    def topic_observations(self) -> list[TopicObservation]:
        """Each asked question once per topic: its own topics plus the latest answer's topic tags."""
        latest = (
            select(func.max(A.c.id).label("aid"), A.c.question_id)
            .group_by(A.c.question_id)
            .subquery()
        )
        stmt = (
            select(
                Q.c.id,
                Q.c.session_id,
                Q.c.bank_id,
                Q.c.topics,
                func.coalesce(Q.c.asked_at, S.c.started_at).label("asked_at"),
                A.c.id.label("aid"),
                A.c.rating,
                A.c.weak,
            )
            .join(S, S.c.id == Q.c.session_id)
            .outerjoin(latest, latest.c.question_id == Q.c.id)
            .outerjoin(A, and_(A.c.id == latest.c.aid))
            .order_by(text("asked_at"), Q.c.id)
        )
        with self._tx() as s:
            rows = s.execute(stmt).all()
            tag_rows = s.execute(select(T.c.answer_id, T.c.tag).where(T.c.kind == "topic")).all()
        topic_tags: dict[int, list[str]] = {}
        for aid, tag in tag_rows:
            topic_tags.setdefault(aid, []).append(tag)
        out = []
        for r in rows:
            topics = dict.fromkeys([*(r.topics or []), *topic_tags.get(r.aid, [])])
            asked_at = r.asked_at
            if isinstance(asked_at, str):  # coalesce() loses the column type
                asked_at = datetime.fromisoformat(asked_at)
            for topic in topics:
                out.append(
                    TopicObservation(
                        topic=topic,
                        session_id=r.session_id,
                        question_id=r.id,
                        bank_id=r.bank_id,
                        asked_at=_aware(asked_at),
                        rating=r.rating,
                        weak=bool(r.weak),
                        answered=r.aid is not None,
                    )
                )
        return out

    # -- helpers ----------------------------------------------------------------------------------
    def _resolved(self, stored: str) -> Path | None:
        try:
            return self.audio_file(stored).resolve()
        except (OSError, RuntimeError):
            return None

    @staticmethod
    def _update(
        s: Session, model: type[Any], row_id: int, values: dict[str, Any], what: str
    ) -> None:
        table = model.__table__
        result = s.execute(update(table).where(table.c.id == row_id).values(**values))
        if getattr(result, "rowcount", 1) == 0:
            raise NotFoundError(f"no {what} with id {row_id}")

    @staticmethod
    def _tags(s: Session, answer_ids: list[int]) -> dict[int, dict[str, list[str]]]:
        out: dict[int, dict[str, list[str]]] = {}
        if not answer_ids:
            return out
        stmt = select(T.c.answer_id, T.c.kind, T.c.tag).where(T.c.answer_id.in_(answer_ids))
        for aid, kind, tag in s.execute(stmt.order_by(T.c.kind, T.c.tag)):
            out.setdefault(aid, {}).setdefault(kind, []).append(tag)
        return out


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
