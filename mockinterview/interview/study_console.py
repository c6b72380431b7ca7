"""The practice loop in a terminal: the interviewer's prompts as they are spoken (both modes) and,
in study mode, after each answer its key points and the reference answer, on stderr."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any, TextIO

from mockinterview.interview.events import AnswerSaved, Event, QuestionStarted
from mockinterview.interview.settings import InterviewSettings
from mockinterview.interview.turn_taking import PromptSpoken

_MARKS = {"covered": "✔", "partly": "◐", "missed": "✗", "unclear": "?"}


def study_reporter(
    inner: Callable[[Event], None],
    bank: Any,
    settings: InterviewSettings,
    stream: TextIO | None = None,
    interactive: bool = True,
) -> Callable[[Any], None]:
    """Wrap a listener: prompts as they are spoken; in study mode the study card after each saved
    answer (``interactive``: someone at the terminal chooses "again" or "next")."""
    from mockinterview.feedback.reference import study_card

    out = stream or sys.stderr
    current: dict[str, str | None] = {"bank_id": None}
    language = "en" if settings.language == "en" else "zh"

    def listener(event: Any) -> None:
        if isinstance(event, PromptSpoken):
            print(f"  interviewer: {event.prompt.text}", file=out, flush=True)
            return
        inner(event)
        if settings.mode != "study":
            return
        if isinstance(event, QuestionStarted):
            current["bank_id"] = event.bank_id if event.kind == "main" else None
        elif isinstance(event, AnswerSaved) and current["bank_id"]:
            question = (getattr(bank, "questions", {}) or {}).get(current["bank_id"])
            if question is None:
                return
            card = study_card(question, event.analysis, language=language)
            for row in card["points"]:
                at = f" @ {row['at']:.1f}s" if row.get("at") is not None else ""
                print(f"  {_MARKS.get(row['status'], '·')} {row['point']}{at}", file=out)
            if card["reference_answer"]:
                print(f"  参考回答 / reference: {card['reference_answer']}", file=out)
            else:
                print(f"  {card['reference_note']}", file=out)
            if interactive:
                print("  (Enter: next question · a: answer again)", file=out, flush=True)

    return listener
