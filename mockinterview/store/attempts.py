"""The SQL behind attempts (``review.attempts`` holds the logic): the ``answer_attempts`` rows
(migration 0004) and the few lookups across asked questions and answers that attempts need.
Every function takes the ``Store`` and runs in one short transaction of its own."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Table, insert, select

from mockinterview.store.errors import NotFoundError
from mockinterview.store.models import AnswerAttemptRow
from mockinterview.store.repository import Store
from mockinterview.store.rows import Q

_ATTEMPTS = cast(Table, AnswerAttemptRow.__table__)


@dataclass(frozen=True)
class AttemptRow:
    answer_id: int
    question_id: int
    number: int
    mode: str
    origin: str
    prompts: list[dict[str, Any]]


@dataclass(frozen=True)
class MainAnswerRow:
    """One answer to a bank question asked as a main question, oldest first."""

    bank_id: str
    text: str
    topics: list[str]
    answer_id: int
    analysis: dict[str, Any] | None
    session_id: int
    position: int


def insert_attempt(
    store: Store, answer_id: int, *, mode: str, origin: str, prompts: Sequence[dict[str, Any]]
) -> int:
    """Record which attempt ``answer_id`` is; its number (1, 2, ...) within its question."""
    with store.connection() as conn:
        row = conn.exec_driver_sql(
            "SELECT question_id FROM answers WHERE id = ?", (answer_id,)
        ).first()
        if row is None:
            raise NotFoundError(f"no answer with id {answer_id}")
        number = int(
            conn.exec_driver_sql(
                "SELECT count(*) FROM answers WHERE question_id = ? AND id <= ?",
                (row[0], answer_id),
            ).scalar_one()
        )
        conn.execute(
            insert(_ATTEMPTS).values(
                answer_id=answer_id, question_id=row[0], number=number, mode=mode,
                origin=origin, prompts=list(prompts),
            )
        )  # fmt: skip
    return number


def attempt_rows(store: Store, question_id: int) -> dict[int, AttemptRow]:
    """The recorded attempts of one asked question, by answer id."""
    with store.connection() as conn:
        rows = conn.execute(select(_ATTEMPTS).where(_ATTEMPTS.c.question_id == question_id))
        return {
            r.answer_id: AttemptRow(
                r.answer_id, r.question_id, r.number, r.mode, r.origin, list(r.prompts or [])
            )
            for r in rows
        }


def session_attempt_rows(store: Store, session_id: int) -> dict[int, AttemptRow]:
    """The recorded attempts of every answer of one session, by answer id (what an export
    carries; answers without a row are left out)."""
    questions = select(Q.c.id).where(Q.c.session_id == session_id)
    with store.connection() as conn:
        rows = conn.execute(select(_ATTEMPTS).where(_ATTEMPTS.c.question_id.in_(questions)))
        return {
            r.answer_id: AttemptRow(
                r.answer_id, r.question_id, r.number, r.mode, r.origin, list(r.prompts or [])
            )
            for r in rows
        }


def main_answer_rows(store: Store) -> Iterator[MainAnswerRow]:
    """Every answer to a bank question asked as a main question, oldest first; a damaged JSON
    column is skipped (the answer is left out of the improvement figures, not fatal)."""
    sql = (
        "SELECT q.bank_id, q.text, q.topics, a.id, a.analysis, q.session_id, q.position "
        "FROM answers a "
        "JOIN asked_questions q ON q.id = a.question_id "
        "WHERE q.kind = 'main' AND q.bank_id IS NOT NULL ORDER BY a.id"
    )
    with store.connection() as conn:
        rows = list(conn.exec_driver_sql(sql))
    for bank_id, text, topics, answer_id, analysis, session_id, position in rows:
        try:
            data = json.loads(analysis) if isinstance(analysis, str) else analysis
            topic_list = json.loads(topics) if isinstance(topics, str) else topics
        except ValueError:
            continue
        if data is not None and not isinstance(data, dict):
            continue
        yield MainAnswerRow(
            bank_id, text, list(topic_list or []), int(answer_id), data, int(session_id),
            int(position),
        )  # fmt: skip


def latest_main_position(store: Store, bank_id: str) -> tuple[int, int] | None:
    """(session id, position) of the latest time a bank question was asked as a main question."""
    with store.connection() as conn:
        row = conn.exec_driver_sql(
            "SELECT session_id, position FROM asked_questions WHERE bank_id = ? AND kind = 'main' "
            "ORDER BY id DESC LIMIT 1",
            (bank_id,),
        ).first()
    return None if row is None else (int(row[0]), int(row[1]))


def session_of_question(store: Store, question_id: int) -> int | None:
    """The session an asked question belongs to (None if it is gone)."""
    with store.connection() as conn:
        row = conn.exec_driver_sql(
            "SELECT session_id FROM asked_questions WHERE id = ?", (question_id,)
        ).first()
    return None if row is None else int(row[0])
