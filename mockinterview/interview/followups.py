"""Which follow-up to ask next: the first step of the question's chain that applies to what the
candidate has said so far (Qt-free; the engine asks one step at a time).

A step applies when it has not been asked, the step it builds on (``after``) has been asked, and
its conditions hold against the transcripts of this question (main answer and follow-up answers):
``if_mentioned`` a term (or a synonym of it, assets/synonyms.yaml) was said, ``unless_mentioned``
none was, ``if_missed`` a named key point of the main question is not covered, ``if_covered``
every named one is (key-point coverage from ``feedback.coverage``). Only transcripts count —
never the question's own text or the recogniser's hotwords — so words never said cannot ask a
follow-up that presumes them. A question with plain-text follow-ups asks them in order.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence

from mockinterview.bank.models import FollowUp, Question
from mockinterview.feedback.coverage import cover_key_points
from mockinterview.feedback.vocabulary import Vocabulary, build_vocabulary


@functools.lru_cache(maxsize=1)
def _vocabulary() -> Vocabulary:
    return build_vocabulary()


def steps_of(question: Question) -> tuple[FollowUp, ...]:
    """The question's chain; plain follow-up texts are unconditional steps in order."""
    return question.chain or tuple(FollowUp(text=text) for text in question.follow_ups)


def _term_pattern(term: str) -> re.Pattern[str]:
    low = term.casefold()
    left = r"(?<![a-z0-9])" if low[:1].isascii() and low[:1].isalnum() else ""
    right = r"(?![a-z0-9])" if low[-1:].isascii() and low[-1:].isalnum() else ""
    return re.compile(left + re.escape(low) + right)


def mentioned(said: str, terms: Iterable[str], vocab: Vocabulary | None = None) -> list[str]:
    """The terms (of ``terms``) the transcript says, directly or through a synonym."""
    vocab = vocab or _vocabulary()
    low = said.casefold()
    groups = {gi for _s, _e, gi in vocab.find(low)}
    found = []
    for term in terms:
        gi = vocab.index.get(term.casefold())
        if _term_pattern(term).search(low) or (gi is not None and gi in groups):
            found.append(term)
    return found


class FollowUpChain:
    """The follow-up state of one main question: what was heard, which steps were asked."""

    def __init__(self, question: Question, vocab: Vocabulary | None = None) -> None:
        self.question = question
        self.steps = steps_of(question)
        self.asked: list[int] = []  # 0-based step indices, in the order they were asked
        self.heard: list[str] = []
        self._vocab = vocab

    @property
    def vocab(self) -> Vocabulary:
        return self._vocab or _vocabulary()

    def hear(self, transcript: str | None) -> None:
        """One answer of this question (main or follow-up); empty for a skipped one."""
        if transcript and transcript.strip():
            self.heard.append(transcript.strip())

    def said(self) -> str:
        return "\n".join(self.heard)

    def coverage(self) -> list[str]:
        """Status per key point of the main question over everything said so far."""
        said = self.said()
        if not said or not self.question.key_points:
            return ["missed"] * len(self.question.key_points)
        items = cover_key_points(said, self.question.key_points, self.vocab, self.question.topics)
        return [i["status"] for i in items]

    def _point_index(self, ref: int | str) -> int | None:
        if isinstance(ref, int):
            return ref - 1 if 1 <= ref <= len(self.question.key_points) else None
        try:
            return self.question.key_points.index(ref)
        except ValueError:
            return None

    def _step_index(self, ref: int | str) -> int | None:
        if isinstance(ref, int):
            return ref - 1
        return next((i for i, s in enumerate(self.steps) if s.id == ref), None)

    def applies(self, index: int, coverage: Sequence[str] | None = None) -> bool:
        step = self.steps[index]
        if index in self.asked:
            return False
        if step.after is not None and self._step_index(step.after) not in self.asked:
            return False
        said = self.said()
        if step.if_mentioned and not mentioned(said, step.if_mentioned, self.vocab):
            return False
        if step.unless_mentioned and mentioned(said, step.unless_mentioned, self.vocab):
            return False
        if step.if_missed or step.if_covered:
            coverage = coverage if coverage is not None else self.coverage()
            missed = [self._point_index(r) for r in step.if_missed]
            covered = [self._point_index(r) for r in step.if_covered]
            if missed and not any(i is not None and coverage[i] != "covered" for i in missed):
                return False
            if covered and not all(i is not None and coverage[i] == "covered" for i in covered):
                return False
        return True

    def next(self) -> tuple[int, FollowUp] | None:
        """The first step, in chain order, that applies now (and mark it asked)."""
        coverage = None
        if any(s.if_missed or s.if_covered for s in self.steps):
            coverage = self.coverage()
        for index in range(len(self.steps)):
            if self.applies(index, coverage):
                self.asked.append(index)
                return index, self.steps[index]
        return None

    def first_unconditional(self) -> FollowUp | None:
        """What will surely be asked first if anything is (to prepare its voice early)."""
        for step in self.steps:
            if step.after is None:
                return None if step.conditional else step
        return None


def plan_follow_ups(question: Question, answers: Sequence[str]) -> list[FollowUp]:
    """The follow-ups asked for a main answer and then each follow-up answer in turn (for tests,
    benchmarks and the CLI: the same choice the engine makes)."""
    chain = FollowUpChain(question)
    asked: list[FollowUp] = []
    for answer in answers:
        chain.hear(answer)
        picked = chain.next()
        if picked is None:
            break
        asked.append(picked[1])
    return asked
