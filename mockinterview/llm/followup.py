"""A follow-up that reacts to what the candidate said, or None (the caller uses the bank's)."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass

from mockinterview.bank.models import Question
from mockinterview.llm.client import ChatClient, LlmUnavailable
from mockinterview.llm.evidence import checked_quote
from mockinterview.llm.prompts import follow_up_messages

FOLLOW_UP_SCHEMA = {
    "type": "object",
    "properties": {
        "follow_up": {"type": "string", "minLength": 4, "maxLength": 160},
        "kind": {"type": "string", "enum": ["probe_claim", "clarify_vague", "missed_point"]},
        "quote": {"type": "string", "maxLength": 120},
    },
    "required": ["follow_up", "kind", "quote"],
    "additionalProperties": False,
}


@dataclass(frozen=True)
class GeneratedFollowUp:
    text: str
    kind: str  # probe_claim | clarify_vague | missed_point
    quote: str | None  # the candidate's own words it reacts to, checked against the transcript
    seconds: float

    def to_json(self) -> dict[str, object]:
        return {
            "text": self.text,
            "kind": self.kind,
            "quote": self.quote,
            "seconds": round(self.seconds, 2),
            "generated": True,
        }


def _same(a: str, b: str) -> bool:
    strip = "？?。.！! "
    return a.strip(strip).lower() == b.strip(strip).lower()


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
    result = client.chat_json(
        follow_up_messages(question, transcript, asked, uncertain),
        FOLLOW_UP_SCHEMA,
        name="follow_up",
        deadline=deadline or client.config.follow_up_deadline,
        cancel=cancel,
        max_tokens=200,
    )
    text = " ".join(str(result.data["follow_up"]).split())
    if _same(text, question.text) or any(_same(text, a) for a in asked):
        raise LlmUnavailable("invalid", "the model repeated a question already asked")
    quote = checked_quote(transcript, str(result.data.get("quote") or ""))
    return GeneratedFollowUp(text=text, kind=str(result.data["kind"]), quote=quote, seconds=result.seconds)
