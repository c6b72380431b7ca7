"""A follow-up that reacts to what the candidate said, or None (the caller uses the bank's)."""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass

from mockinterview.bank.models import Question
from mockinterview.llm.client import ChatClient, LlmUnavailable
from mockinterview.llm.evidence import checked_quote
from mockinterview.llm.prompts import follow_up_messages

# The question first: a 270M model asked for a quote or a "kind" first copied the question or
# wrote digits ("0000"); the quote after it is optional context, checked against the transcript.
FOLLOW_UP_SCHEMA = {
    "type": "object",
    "properties": {
        "question": {"type": "string", "minLength": 4, "maxLength": 160},
        "quote": {"type": "string", "maxLength": 120},
    },
    "required": ["question", "quote"],
    "additionalProperties": False,
}


@dataclass(frozen=True)
class GeneratedFollowUp:
    text: str
    quote: str | None  # the candidate's own words it reacts to, checked against the transcript
    seconds: float

    def to_json(self) -> dict[str, object]:
        return {
            "text": self.text,
            "quote": self.quote,
            "seconds": round(self.seconds, 2),
            "generated": True,
        }


def degenerate(text: str) -> bool:
    """Not a question anyone would ask: no words, or one character over and over ("0000…")."""
    letters = [ch for ch in text if ch.isalpha()]
    if len(letters) < 3:
        return True
    most = max(text.count(ch) for ch in set(text))
    return most / len(text) > 0.4


def _repeats(text: str, asked: str) -> bool:
    """The follow-up is (or contains) a question already asked."""
    strip = "？?。.！! "
    a, b = text.strip(strip).lower(), asked.strip(strip).lower()
    return a == b or (len(b) >= 6 and b in a)


def propose_follow_up(
    client: ChatClient,
    question: Question,
    transcript: str,
    asked: Sequence[str] = (),
    *,
    uncertain: bool = False,
    deadline: float | None = None,
    cancel: threading.Event | None = None,
) -> GeneratedFollowUp:
    """The model's next 追问, checked; LlmUnavailable when there is nothing usable in time."""
    if not transcript.strip():
        raise LlmUnavailable("invalid", "nothing was heard: no follow-up to react to")
    total = deadline or client.config.follow_up_deadline
    end = time.monotonic() + total
    messages = follow_up_messages(question, transcript, asked, uncertain)
    # A small model's first reply may repeat the question or loop; one warmer retry if time is left.
    tries = ((0.2, 7), (0.9, 11))
    for attempt, (temperature, seed) in enumerate(tries):
        left = end - time.monotonic()
        if left <= 0.2:
            raise LlmUnavailable("timeout", f"no usable follow-up within {total:.1f} s")
        result = client.chat_json(
            messages,
            FOLLOW_UP_SCHEMA,
            name="follow_up",
            deadline=left,
            cancel=cancel,
            max_tokens=300,
            temperature=temperature,
            seed=seed,
        )
        text = " ".join(str(result.data["question"]).split())
        problem = None
        if degenerate(text):
            problem = f"the model's follow-up is not a question: {text[:40]!r}"
        elif _repeats(text, question.text) or any(_repeats(text, a) for a in asked):
            problem = "the model repeated a question already asked"
        if problem is None:
            quote = checked_quote(transcript, str(result.data.get("quote") or ""))
            return GeneratedFollowUp(text=text, quote=quote, seconds=result.seconds)
        if attempt == len(tries) - 1:
            raise LlmUnavailable("invalid", problem)
    raise AssertionError("unreachable")
