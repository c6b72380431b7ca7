"""Spaced-repetition state in the ``Store``: one review card per bank question."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from mockinterview.store.core import StoreCore
from mockinterview.store.models import (
    ReviewCardRow,
)
from mockinterview.store.records import (
    ReviewCard,
)
from mockinterview.store.rows import (
    _card,
)


class ReviewCardsMixin(StoreCore):
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

