"""Per-topic statistics with a trend, and the history list's filters."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from mockinterview.review.stats import history, topic_stats
from mockinterview.store import Store


def test_topic_stats_count_ratings_weak_marks_and_trend(store: Store, sample: Any) -> None:
    first = sample.build(store)
    second = sample.build(store, started_at=sample.T0 + timedelta(days=8))
    # In the second session the LoRA answer went better.
    a = store.get_session(second).questions[0].answers[0]
    store.rate_answer(a.id, 5)
    aid_rag = store.save_answer(
        store.get_session(first).questions[2].id,
        audio_path=None,
        duration=10,
        transcript="recall@k",
        segments=[],
        language="en",
        model=None,
        device=None,
        started_at=None,
        ended_at=None,
    )
    store.set_tags(aid_rag, ["evaluation"], [])

    stats = {s.topic: s for s in topic_stats(store)}
    lora = stats["lora-peft"]
    assert lora.times_asked == 4  # main question and follow-up, in two sessions
    assert lora.times_answered == 4
    assert lora.weak_count == 2
    assert lora.average_rating == pytest.approx((4 + 2 + 5 + 2) / 4)
    monday = sample.T0.date() - timedelta(days=sample.T0.weekday())
    assert [(p.period_start, p.average_rating) for p in lora.trend] == [
        (monday, 3.0),
        (monday + timedelta(days=7), 3.5),
    ]
    assert stats["rag"].times_asked == 2 and stats["rag"].rated == 0
    assert stats["evaluation"].times_answered == 1  # a topic tag on the answer counts
    assert next(iter(stats)) == "lora-peft"  # the weakest first

    per_session = {s.topic: s for s in topic_stats(store, per="session")}["fine-tuning"]
    assert [p.period_start for p in per_session.trend] == [
        date(2026, 3, 2),
        date(2026, 3, 10),
    ]
    with pytest.raises(ValueError):
        topic_stats(store, per="month")


def test_history_sorts_and_filters(store: Store, sample: Any) -> None:
    a = sample.build(store)
    b = sample.build(store, started_at=sample.T0 + timedelta(days=1), round="hr")
    store.rate_answer(store.get_session(b).questions[0].answers[0].id, 5)
    assert [s.id for s in history(store)] == [b, a]
    assert [s.id for s in history(store, sort="rating")] == [b, a]
    assert [s.id for s in history(store, sort="rating", descending=False)] == [a, b]
    assert [s.id for s in history(store, round="hr")] == [b]
    assert [s.id for s in history(store, tag="lora-peft")] == [b, a]
    assert history(store, tag="nothing") == []
