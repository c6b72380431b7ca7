"""The user's correction of a transcript (replay's "Correct transcript"), Qt-free.

Whisper mishears technical words; the user fixes the text in replay. The correction becomes the
answer's transcript, so the feedback analysis (re-run here at once), search (its index follows
the transcript) and exports use it; the model's text stays in ``original_transcript``.
Word timings stay those of the recording: they still say when speech happened.
"""

from __future__ import annotations

from collections.abc import Mapping

from mockinterview.bank.models import Question, Topic
from mockinterview.review.retranscribe import refresh_analysis
from mockinterview.store import Answer, Store

MAX_TRANSCRIPT_CHARS = 20_000  # a 30-minute answer is ~8,000 characters


class CorrectionError(ValueError):
    """The correction cannot be saved; ``str()`` says why, for people."""


def correct_transcript(
    store: Store,
    session_id: int,
    answer_id: int,
    text: str,
    *,
    bank_questions: Mapping[str, Question] | None = None,
    topics: Mapping[str, Topic] | None = None,
) -> Answer:
    """Save ``text`` as the answer's transcript (keeping the model's text) and recompute the
    analysis from it; returns the updated answer."""
    cleaned = text.replace("\x00", "").strip()
    if len(cleaned) > MAX_TRANSCRIPT_CHARS:
        raise CorrectionError(
            f"the corrected transcript is {len(cleaned)} characters; at most "
            f"{MAX_TRANSCRIPT_CHARS} are kept"
        )
    detail = store.get_session(session_id)
    if not any(a.id == answer_id for a in detail.answers):
        raise CorrectionError(f"answer {answer_id} is not in session {session_id}")
    store.correct_transcript(answer_id, cleaned)
    refresh_analysis(
        store, store.get_session(session_id), answer_id,
        bank_questions=bank_questions, topics=topics,
    )  # fmt: skip
    return store.get_answer(answer_id)
