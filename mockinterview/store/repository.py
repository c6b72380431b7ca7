"""The repository: every public method is one short transaction and returns plain records.

A ``Store`` may be shared between threads (each call takes its own pooled connection and no ORM
object leaves a call); the writer is expected to be one at a time, as in the app.

``Store`` is put together from parts along the seams of its data: ``core`` (engine,
transactions, audio paths), ``sessions``, ``answers`` (asked questions, answers, tags),
``review_cards`` and ``topic_stats``; ``rows`` holds the row-to-record helpers. The names this
module used to define are re-exported here, so existing imports keep working.
"""

from __future__ import annotations

from mockinterview.store.answers import AnswersMixin
from mockinterview.store.core import StoreCore
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
from mockinterview.store.review_cards import ReviewCardsMixin
from mockinterview.store.rows import (
    A,
    Q,
    S,
    T,
    _answer,
    _aware,
    _card,
    _clean,
    _inside,
    _naive_utc,
    _question,
    _time_key,
    utcnow,
)
from mockinterview.store.sessions import SORT_KEYS, SessionsMixin
from mockinterview.store.topic_stats import StatisticsMixin

__all__ = [
    "A",
    "Answer",
    "AnswerRow",
    "AnswerTagRow",
    "AskedQuestion",
    "AskedQuestionRow",
    "NotFoundError",
    "Q",
    "QUESTION_KINDS",
    "ReviewCard",
    "ReviewCardRow",
    "S",
    "SESSION_STATUSES",
    "SORT_KEYS",
    "SessionDetail",
    "SessionRow",
    "SessionSummary",
    "Store",
    "StoreCore",
    "StoreError",
    "T",
    "TopicObservation",
    "_answer",
    "_aware",
    "_card",
    "_clean",
    "_inside",
    "_naive_utc",
    "_question",
    "_time_key",
    "environment_error",
    "utcnow",
]


class Store(SessionsMixin, AnswersMixin, ReviewCardsMixin, StatisticsMixin):
    """The one store object the app passes around; its methods live in the parts above."""
