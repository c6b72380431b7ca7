"""The local model's work in flight for one interview: the follow-up it is writing (and until
when the candidate waits for it), the generated follow-ups asked for the current main question,
and the grades still running. The engine owns one ``LlmWork`` and polls it from ``tick()``; with
no model configured (``services.llm`` is None) every method is a no-op.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Any

from mockinterview.bank.models import Question
from mockinterview.interview.followups import FollowUpChain
from mockinterview.interview.llm_assist import transcript_uncertain
from mockinterview.interview.question_queue import AskedItem, QuestionQueue
from mockinterview.interview.services import InterviewServices, TranscriptResult


@dataclass
class LlmCall:
    """A follow-up the local model is writing, and until when the candidate waits for it."""

    item: AskedItem  # the answer it reacts to
    future: Future[Any]
    deadline: float


class LlmWork:
    def __init__(
        self,
        services: InterviewServices,
        clock: Callable[[], float],
        warn: Callable[[str, str], None],
    ) -> None:
        self.services = services
        self._clock = clock
        self._warn = warn
        self.call: LlmCall | None = None
        self.asked: list[str] = []
        self.heard: list[str] = []
        self.grades: list[tuple[int, dict[str, Any] | None, Future[Any]]] = []
        self._noticed = False
        self.question: Question | None = None  # the main question the model follows up

    def follow(self, question: Question | None) -> None:
        """A new main question: the model follows it up (None: not this one)."""
        self.asked, self.heard = [], []
        self.question = question

    def ask_follow_up(self, item: AskedItem, transcript: str) -> bool:
        """Start the model on the next follow-up; False when the bank's chain should go on."""
        llm = self.services.llm
        if llm is None or self.question is not item.question:
            return False
        if item.kind == "main":
            if llm.max_follow_ups <= 0 or not transcript.strip():
                return False
        elif item.generated is None:
            return False  # the chain took over after a failure: it keeps the question
        elif len(self.asked) >= llm.max_follow_ups or not transcript.strip():
            return True  # enough generated follow-ups: none from the chain on top
        self.heard.append(transcript)
        said = "\n".join(self.heard)
        future = llm.follow_up(item.question, said, [item.question.text, *self.asked])
        self.call = LlmCall(item, future, self._clock() + llm.follow_up_deadline + 0.5)
        return True

    def follow_up_ready(self, chain: FollowUpChain | None, queue: QuestionQueue) -> bool:
        """Queue the model's follow-up, or the chain's on failure; False while still waiting."""
        call = self.call
        assert call is not None
        if not call.future.done() and self._clock() < call.deadline:
            return False
        self.call = None
        item = call.item
        try:
            generated = call.future.result(timeout=0)
        except Exception as exc:  # timeout, dead server, invalid output: the bank's follow-up
            call.future.cancel()
            self.cancel_follow_up()  # the grade in flight goes on
            self.fallback_notice(exc)
            if item.kind == "main" and chain is not None:
                chain.hear("\n".join(self.heard))
                picked = chain.next()
                if picked is not None:
                    index, step = picked
                    follow = AskedItem(item.question, step.text, "follow_up", item.index, -1, index, item.row_id)
                    follow.asks = step.asks
                    queue.add_follow_up(follow)
            return True
        self.asked.append(generated.text)
        parent = item.row_id if item.kind == "main" else item.parent_id
        number = 100 + len(self.asked)  # file names: -f101, -f102 (bank steps use 1..)
        follow = AskedItem(item.question, generated.text, "follow_up", item.index, -1, number - 1, parent)
        follow.generated = generated.to_json()
        queue.add_follow_up(follow)
        return True

    def cancel_follow_up(self) -> None:
        """No follow-up now (late, refused, skipped, Esc); grades in flight are still kept."""
        if self.services.llm is not None:
            self.services.llm.cancel_follow_up()

    def cancel(self) -> None:
        """Quitting: stop everything in flight."""
        if self.services.llm is not None:
            self.services.llm.cancel()

    def fallback_notice(self, exc: BaseException) -> None:
        if not self._noticed:
            self._noticed = True
            self._warn(
                "llm",
                f"the local model gave no usable follow-up ({exc}); the bank's follow-ups and "
                "the rule-based feedback carry on",
            )

    def start_grade(
        self, answer_id: int, item: AskedItem, result: TranscriptResult, analysis: dict[str, Any] | None
    ) -> None:
        llm = self.services.llm
        graded = item.asks or (item.question if item.kind == "main" else None)
        if llm is None or graded is None or not graded.key_points or not result.text.strip():
            return
        uncertain = transcript_uncertain(result.segments)
        self.grades.append((answer_id, analysis, llm.grade(graded, result.text, uncertain)))

    def drain_grades(self, wait: float = 0.0) -> None:
        """Store finished grades beside the rule-based analysis (never instead of it)."""
        from mockinterview.llm.grading import disagreements

        end = self._clock() + wait
        pending = []
        for answer_id, analysis, future in self.grades:
            if not future.done() and wait > 0:
                # Still running after the wait: kept pending below.
                with contextlib.suppress(Exception):
                    future.exception(timeout=max(0.0, end - self._clock()))
            if not future.done():
                pending.append((answer_id, analysis, future))
                continue
            try:
                grade = future.result()
            except Exception as exc:
                self.fallback_notice(exc)
                continue
            merged = dict(analysis or {})
            llm_part = grade.to_json()
            llm_part["disagreements"] = disagreements(grade, merged.get("key_points") or [])
            merged["llm_grade"] = llm_part
            try:
                self.services.store.set_analysis(answer_id, merged)
            except Exception as exc:
                self._warn("store", f"the model's grade could not be saved: {exc}")
        self.grades = pending
