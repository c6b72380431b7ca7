"""Spaced repetition through py-fsrs: ratings move due dates; weak topics get weights."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from fsrs import Card, Rating

from mockinterview.review.scheduling import (
    due_question_ids,
    fsrs_rating,
    rate_and_schedule,
    record_review,
    weak_topic_weights,
)
from mockinterview.store import Store

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=timezone.utc)


def test_rating_mapping() -> None:
    assert [fsrs_rating(r, False) for r in range(1, 6)] == [
        Rating.Again,
        Rating.Again,
        Rating.Hard,
        Rating.Good,
        Rating.Easy,
    ]
    assert fsrs_rating(5, True) == Rating.Again
    with pytest.raises(ValueError):
        fsrs_rating(0, False)


def test_due_ids_change_after_ratings(store: Store) -> None:
    assert due_question_ids(store, NOW) == []
    record_review(store, "tech-good", 5, when=NOW)
    record_review(store, "tech-weak", 4, weak=True, when=NOW)
    record_review(store, "tech-hard", 3, when=NOW)

    # Right after the reviews, nothing is due yet; ten minutes later the weak one is.
    assert due_question_ids(store, NOW) == []
    soon = due_question_ids(store, NOW + timedelta(minutes=11))
    assert "tech-weak" in soon and "tech-good" not in soon
    assert set(due_question_ids(store, NOW + timedelta(days=60))) == {
        "tech-good",
        "tech-weak",
        "tech-hard",
    }
    assert due_question_ids(store, NOW + timedelta(days=60), limit=1) == ["tech-weak"]

    # Answering the weak one well pushes it out of the near future.
    card = record_review(store, "tech-weak", 5, when=NOW + timedelta(minutes=11))
    assert card.reviews == 2 and card.last_rating == 5
    assert "tech-weak" not in due_question_ids(store, NOW + timedelta(minutes=30))
    stored = Card.from_json(store.get_review_card("tech-weak").card_json)  # type: ignore[union-attr]
    assert stored.due == card.due


def test_rate_and_schedule_rates_the_answer_and_its_bank_question(
    store: Store, sample: Any
) -> None:
    sid = sample.build(store)
    q1, follow_up, _ = store.get_session(sid).questions
    card = rate_and_schedule(store, q1.answers[0].id, 1, "blank", weak=False, when=NOW)
    assert card is not None and card.bank_id == "tech-lora-001"
    assert store.get_answer(q1.answers[0].id).rating == 1
    assert "tech-lora-001" in due_question_ids(store, NOW + timedelta(minutes=5))
    # A follow-up has no bank id: rated, but nothing to schedule.
    assert rate_and_schedule(store, follow_up.answers[0].id, 3, when=NOW) is None


def test_weak_topic_weights(store: Store, sample: Any) -> None:
    assert weak_topic_weights(store, NOW) == {}
    sample.build(store)  # lora-peft: one weak answer (rating 2) and one rating 4
    weights = weak_topic_weights(store, NOW)
    assert weights["lora-peft"] == 1.0
    assert "rag" not in weights  # asked but never answered: no evidence of weakness
    assert "fine-tuning" not in weights
    record_review(store, "tech-lora-001", 1, when=NOW)  # due again soon: fine-tuning gets weight
    later = weak_topic_weights(store, NOW + timedelta(hours=1))
    assert 0 < later["fine-tuning"] < later["lora-peft"] == 1.0
    assert weak_topic_weights(store, NOW, topics=["rag"]) == {}
