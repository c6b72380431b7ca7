"""What the interview asks next: the plan's main questions, the follow-ups queued after an answer,
the position each question gets in the session, and the render fetched ahead for the next one."""

from __future__ import annotations

import collections
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mockinterview.bank.models import Question
from mockinterview.interview.followups import FollowUpChain


@dataclass
class AskedItem:
    """One question as asked: a main question or one of its follow-ups."""

    question: Question  # for a follow-up: its main question
    text: str
    kind: str  # "main" | "follow_up"
    index: int  # index of the main question in the plan
    position: int
    follow_up_index: int | None = None
    parent_id: int | None = None
    row_id: int | None = None
    audio: Path | None = None
    render: Future[Path] | None = None
    playing: bool = False
    asks: Question | None = None  # a chain step's own bank entry: its key points grade the answer
    attempt: int = 1  # study mode / answer_again: the same question answered again
    generated: dict[str, Any] | None = None  # a follow-up the local LLM wrote (kept with the answer)


class QuestionQueue:
    """The plan index, queued follow-ups and session positions (the engine decides when to ask)."""

    def __init__(self, plan: Sequence[Question], start_position: int = 0) -> None:
        self.plan = list(plan)
        self.main_index = 0
        self.position = start_position
        self.follow_ups: collections.deque[AskedItem] = collections.deque()
        self._prefetched: dict[str, Future[Path]] = {}

    def take_position(self) -> int:
        position = self.position
        self.position += 1
        return position

    def next_item(self) -> AskedItem | None:
        """The next question to ask with its position taken: a queued follow-up first, then the
        plan's next main question; None when the plan is done."""
        if self.follow_ups:
            item = self.follow_ups.popleft()
            item.position = self.take_position()
            return item
        if self.main_index < len(self.plan):
            question = self.plan[self.main_index]
            item = AskedItem(question, question.text, "main", self.main_index, self.take_position())
            self.main_index += 1
            return item
        return None

    def add_follow_up(self, item: AskedItem) -> None:
        """Queue a follow-up; its position is taken when it is asked."""
        self.follow_ups.append(item)

    def upcoming_text(
        self, current: AskedItem, asks_follow_ups: Callable[[Question], bool]
    ) -> str | None:
        """The text most likely asked after ``current`` (what is worth rendering ahead)."""
        if self.follow_ups:
            return self.follow_ups[0].text
        if (
            current.kind == "main"
            and asks_follow_ups(current.question)
            and (first := FollowUpChain(current.question).first_unconditional()) is not None
        ):
            return first.text
        if self.main_index < len(self.plan):
            return self.plan[self.main_index].text
        return None

    def prefetch(self, text: str, render: Callable[[str], Future[Path]]) -> None:
        if text not in self._prefetched:
            self._prefetched[text] = render(text)

    def take_prefetched(self, text: str) -> Future[Path] | None:
        return self._prefetched.pop(text, None)
