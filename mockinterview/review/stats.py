"""Per-topic statistics and the filtered history list, for the topics view and the history page."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from mockinterview.store import SessionSummary, Store, TopicObservation


@dataclass(frozen=True)
class TrendPoint:
    period_start: date  # Monday of the week (weekly) or the session's day (per session)
    average_rating: float
    answers: int


@dataclass(frozen=True)
class TopicStats:
    topic: str
    times_asked: int
    times_answered: int
    rated: int
    average_rating: float | None
    weak_count: int
    trend: tuple[TrendPoint, ...]  # oldest first; only periods with rated answers
    last_asked: datetime | None


def topic_stats(store: Store, *, per: str = "week") -> list[TopicStats]:
    """Every topic asked at least once; weakest (most weak marks, then lowest average) first."""
    if per not in ("week", "session"):
        raise ValueError(f"per must be 'week' or 'session', not {per!r}")
    by_topic: dict[str, list[TopicObservation]] = defaultdict(list)
    for obs in store.topic_observations():
        by_topic[obs.topic].append(obs)
    result = [_one_topic(topic, rows, per) for topic, rows in by_topic.items()]
    result.sort(key=lambda s: (-s.weak_count, s.average_rating or 6.0, s.topic))
    return result


def _one_topic(topic: str, rows: list[TopicObservation], per: str) -> TopicStats:
    ratings = [r.rating for r in rows if r.rating is not None]
    buckets: dict[tuple[date, int], list[int]] = defaultdict(list)
    for r in rows:
        if r.rating is None:
            continue
        # The user's calendar day, not UTC's: an answer given on the evening of 12-02 in Beijing
        # is 12-02 on the chart, not 12-01.
        day = r.asked_at.astimezone().date()
        key = (day - timedelta(days=day.weekday()), 0) if per == "week" else (day, r.session_id)
        buckets[key].append(r.rating)
    trend = tuple(
        TrendPoint(period_start=key[0], average_rating=sum(v) / len(v), answers=len(v))
        for key, v in sorted(buckets.items())
    )
    return TopicStats(
        topic=topic,
        times_asked=len({r.question_id for r in rows}),
        times_answered=sum(1 for r in rows if r.answered),
        rated=len(ratings),
        average_rating=sum(ratings) / len(ratings) if ratings else None,
        weak_count=sum(1 for r in rows if r.weak),
        trend=trend,
        last_asked=max((r.asked_at for r in rows), default=None),
    )


def history(
    store: Store,
    *,
    round: str | None = None,
    job_id: str | None = None,
    tag: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    sort: str = "date",
    descending: bool = True,
    limit: int | None = 50,
    offset: int = 0,
) -> list[SessionSummary]:
    """The history list (date, round, job, questions, speaking time, average rating)."""
    return store.list_sessions(
        round=round,
        job_id=job_id,
        tag=tag,
        since=since,
        until=until,
        sort=sort,
        descending=descending,
        limit=limit,
        offset=offset,
    )
