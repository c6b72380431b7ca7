"""The interview's side of the optional local LLM: reacting follow-ups and graded answers as
futures the engine polls in ``tick()``, so the host thread never waits on the model.

Follow-ups and grades run on separate single-thread executors (a follow-up is asked first; the
candidate is waiting for it, nobody waits for a grade). ``cancel()`` on skip, end or quit stops
the call in flight at once (the client closes its connection).
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor

from mockinterview.bank.models import Question
from mockinterview.llm.client import ChatClient
from mockinterview.llm.config import LlmConfig
from mockinterview.llm.followup import GeneratedFollowUp, propose_follow_up
from mockinterview.llm.grading import Grade, grade_answer


class LlmAssist:
    def __init__(self, config: LlmConfig) -> None:
        self.config = config
        self.client = ChatClient(config)
        # Separate switches: a follow-up given up (late, refused) must not cancel a grade.
        self._follow_cancel = threading.Event()
        self._grade_cancel = threading.Event()
        self._follow_pool = ThreadPoolExecutor(1, thread_name_prefix="llm-follow-up")
        self._grade_pool = ThreadPoolExecutor(1, thread_name_prefix="llm-grade")

    @property
    def max_follow_ups(self) -> int:
        return self.config.max_follow_ups

    @property
    def follow_up_deadline(self) -> float:
        return self.config.follow_up_deadline

    def follow_up(
        self, question: Question, transcript: str, asked: Sequence[str]
    ) -> Future[GeneratedFollowUp]:
        self._follow_cancel.clear()
        return self._follow_pool.submit(
            propose_follow_up,
            self.client,
            question,
            transcript,
            tuple(asked),
            cancel=self._follow_cancel,
        )

    def grade(self, question: Question, transcript: str, uncertain: bool) -> Future[Grade]:
        self._grade_cancel.clear()
        return self._grade_pool.submit(
            grade_answer,
            self.client,
            question,
            transcript,
            uncertain=uncertain,
            cancel=self._grade_cancel,
        )

    def cancel_follow_up(self) -> None:
        """Stop the follow-up being written (skipped, late or refused); grades go on."""
        self._follow_cancel.set()

    def cancel(self) -> None:
        """Stop everything in flight (end, quit)."""
        self._follow_cancel.set()
        self._grade_cancel.set()

    def shutdown(self) -> None:
        self.cancel()
        self._follow_pool.shutdown(wait=False, cancel_futures=True)
        self._grade_pool.shutdown(wait=False, cancel_futures=True)


def _words(segment: dict[str, object]) -> list[dict[str, object]]:
    words = segment.get("words")
    return [w for w in words if isinstance(w, dict)] if isinstance(words, list) else []


def transcript_uncertain(segments: Sequence[dict[str, object]], threshold: float = 0.5) -> bool:
    """True when more than a tenth of the words were heard with low confidence."""
    probs = [
        float(prob)
        for s in segments
        for w in _words(s)
        if isinstance(prob := w.get("probability"), (int, float))
    ]
    if not probs:
        return False
    return sum(p < threshold for p in probs) / len(probs) > 0.1
