"""What topic statistics are computed from, read out of the ``Store``."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, func, select, text

from mockinterview.store.core import StoreCore
from mockinterview.store.records import (
    TopicObservation,
)
from mockinterview.store.rows import (
    A,
    Q,
    S,
    T,
    _aware,
)


class StatisticsMixin(StoreCore):
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

