"""Spaced repetition of bank questions with py-fsrs; the store keeps one Card (JSON) per bank id.

Self-ratings 1-5 map onto fsrs's four grades; an answer marked weak always counts as Again.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timezone

from fsrs import Card, Rating, Scheduler

from mockinterview.store import ReviewCard, Store

# 1-2: could not answer -> Again; 3: shaky -> Hard; 4: fine -> Good; 5: effortless -> Easy.
SELF_RATING_TO_FSRS = {
    1: Rating.Again,
    2: Rating.Again,
    3: Rating.Hard,
    4: Rating.Good,
    5: Rating.Easy,
}


def make_scheduler() -> Scheduler:
    # No fuzzing: the same history gives the same due dates (reproducible drills and tests).
    return Scheduler(enable_fuzzing=False)


def fsrs_rating(rating: int, weak: bool) -> Rating:
    if weak:
        return Rating.Again
    if rating not in SELF_RATING_TO_FSRS:
        raise ValueError(f"self-rating must be 1-5, not {rating!r}")
    return SELF_RATING_TO_FSRS[rating]


def record_review(
    store: Store,
    bank_id: str,
    rating: int,
    weak: bool = False,
    when: datetime | None = None,
    *,
    scheduler: Scheduler | None = None,
) -> ReviewCard:
    """One review of a bank question: update its fsrs card and due time; returns the new state."""
    when = _utc(when or datetime.now(timezone.utc))
    previous = store.get_review_card(bank_id)
    card = Card.from_json(previous.card_json) if previous else Card(due=when)
    card, _log = (scheduler or make_scheduler()).review_card(card, fsrs_rating(rating, weak), when)
    state = ReviewCard(
        bank_id=bank_id,
        card_json=card.to_json(),
        due=card.due,
        last_rating=rating,
        last_review=when,
        reviews=(previous.reviews if previous else 0) + 1,
    )
    store.put_review_card(state)
    return state


def rate_and_schedule(
    store: Store,
    answer_id: int,
    rating: int,
    notes: str = "",
    weak: bool = False,
    when: datetime | None = None,
) -> ReviewCard | None:
    """Save the self-rating on the answer and, for a bank question, schedule its next review."""
    store.rate_answer(answer_id, rating, notes, weak)
    answer = store.get_answer(answer_id)
    bank_id = store.question_bank_id(answer.question_id)
    return record_review(store, bank_id, rating, weak, when) if bank_id else None


def due_question_ids(
    store: Store, now: datetime | None = None, limit: int | None = None
) -> list[str]:
    """Bank ids whose review is due by ``now``, most overdue first."""
    now = _utc(now or datetime.now(timezone.utc))
    return [c.bank_id for c in store.review_cards(due_before=now, limit=limit)]


def weak_topic_weights(
    store: Store, now: datetime | None = None, topics: Iterable[str] | None = None
) -> dict[str, float]:
    """Topic -> weight in (0, 1] for "focus on weak topics": answers marked weak, low ratings and
    questions due for review count; the weakest topic gets 1.0. Empty when nothing is weak."""
    now = _utc(now or datetime.now(timezone.utc))
    due = set(due_question_ids(store, now))
    scores: dict[str, float] = {}
    seen_due: set[tuple[str, str]] = set()
    for obs in store.topic_observations():
        score = 0.0
        if obs.weak:
            score += 2.0
        if obs.rating is not None and obs.rating <= 2:
            score += 1.0
        if obs.bank_id in due and (obs.topic, obs.bank_id) not in seen_due:
            seen_due.add((obs.topic, obs.bank_id))
            score += 1.0
        if score:
            scores[obs.topic] = scores.get(obs.topic, 0.0) + score
    if topics is not None:
        wanted = set(topics)
        scores = {t: v for t, v in scores.items() if t in wanted}
    top = max(scores.values(), default=0.0)
    return (
        {t: round(v / top, 4) for t, v in sorted(scores.items(), key=lambda kv: -kv[1])}
        if top
        else {}
    )


def _utc(when: datetime) -> datetime:
    return (
        when.replace(tzinfo=timezone.utc) if when.tzinfo is None else when.astimezone(timezone.utc)
    )
