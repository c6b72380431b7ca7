"""Grading with evidence: per key point covered / partly / missing, each with a quote that must
be a real span of the transcript. Shown beside the rule-based coverage, never instead of it."""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from mockinterview.bank.models import Question
from mockinterview.llm.client import ChatClient, LlmUnavailable
from mockinterview.llm.evidence import checked_quote
from mockinterview.llm.prompts import grade_messages

STATUSES = ("covered", "partly", "missing")
# A covered/partly verdict whose quote is not in the transcript: not counted, and shown as such.
UNSUPPORTED = "unsupported"


def grade_schema(points: int) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {
            "points": {
                "type": "array",
                "minItems": points,
                "maxItems": points,
                "items": {
                    "type": "object",
                    "properties": {
                        "index": {"type": "integer", "minimum": 1, "maximum": points},
                        "status": {"type": "string", "enum": list(STATUSES)},
                        "quote": {"type": "string", "maxLength": 200},
                        "comment": {"type": "string", "maxLength": 300},
                    },
                    "required": ["index", "status", "quote", "comment"],
                    "additionalProperties": False,
                },
            },
            "stronger_answer": {"type": "string", "maxLength": 1500},
        },
        "required": ["points", "stronger_answer"],
        "additionalProperties": False,
    }


@dataclass(frozen=True)
class PointGrade:
    index: int  # 1-based, as the bank lists the key points
    key_point: str
    status: str  # covered | partly | missing | unsupported
    quote: str | None  # the transcript's own words, checked
    comment: str
    claimed: str  # what the model said before the evidence check


@dataclass(frozen=True)
class Grade:
    points: tuple[PointGrade, ...]
    stronger_answer: str
    uncertain: bool
    seconds: float
    model: str

    def to_json(self) -> dict[str, Any]:
        return {
            "model": self.model,
            "uncertain": self.uncertain,
            "seconds": round(self.seconds, 2),
            "stronger_answer": self.stronger_answer,
            "points": [
                {
                    "index": p.index,
                    "key_point": p.key_point,
                    "status": p.status,
                    "claimed": p.claimed,
                    "quote": p.quote,
                    "comment": p.comment,
                }
                for p in self.points
            ],
        }


def check_points(
    raw_points: Sequence[dict[str, Any]], key_points: Sequence[str], transcript: str
) -> tuple[PointGrade, ...]:
    """One grade per key point; quotes not found in the transcript are dropped, and a verdict
    that leaned on one becomes 'unsupported', as does a point the model skipped (nothing to
    check)."""
    by_index: dict[int, dict[str, Any]] = {}
    for raw in raw_points:
        index = int(raw.get("index", 0))
        if 1 <= index <= len(key_points) and index not in by_index:
            by_index[index] = raw
    out: list[PointGrade] = []
    for index, key_point in enumerate(key_points, 1):
        given = by_index.get(index)
        if given is None:
            out.append(PointGrade(index, key_point, UNSUPPORTED, None, "", "none"))
            continue
        claimed = str(given.get("status"))
        quote = checked_quote(transcript, str(given.get("quote") or ""))
        status = claimed
        if claimed in ("covered", "partly") and quote is None:
            status = UNSUPPORTED
        comment = str(given.get("comment") or "").strip()
        out.append(PointGrade(index, key_point, status, quote, comment, claimed))
    return tuple(out)


def grade_answer(
    client: ChatClient,
    question: Question,
    transcript: str,
    *,
    uncertain: bool = False,
    deadline: float | None = None,
    cancel: threading.Event | None = None,
) -> Grade:
    if not question.key_points:
        raise LlmUnavailable("invalid", f"question {question.id} has no key points to grade")
    if not transcript.strip():
        raise LlmUnavailable("invalid", "nothing was heard: nothing to grade")
    n = len(question.key_points)
    total = deadline or client.config.grade_deadline
    end = time.monotonic() + total
    # A small model sometimes pads with whitespace until the token budget cuts the JSON short:
    # one warmer retry while time is left; a second unusable reply is the caller's fallback.
    for attempt, (temperature, seed) in enumerate(((0.2, 7), (0.7, 11))):
        left = end - time.monotonic()
        if left <= 0.5:
            raise LlmUnavailable("timeout", f"no usable grade within {total:.1f} s")
        try:
            result = client.chat_json(
                grade_messages(question, transcript, uncertain),
                grade_schema(n),
                name="grade",
                deadline=left,
                cancel=cancel,
                max_tokens=400 + 200 * n,
                temperature=temperature,
                seed=seed,
            )
            break
        except LlmUnavailable as exc:
            if exc.reason != "invalid" or attempt == 1:
                raise
    points = check_points(result.data["points"], question.key_points, transcript)
    return Grade(
        points=points,
        stronger_answer=str(result.data["stronger_answer"]).strip(),
        uncertain=uncertain,
        seconds=result.seconds,
        model=client.config.model,
    )


def _counted(status: str) -> bool:
    return status in ("covered", "partly")


def disagreements(grade: Grade, coverage_items: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Key points where the model and the rule-based matcher disagree on 'said or not'.

    ``coverage_items`` are the rule-based items (``{"point", "status"}``, status covered /
    partly / missed) in key-point order. 'unsupported' model verdicts count as not said.
    """
    out = []
    for point, item in zip(grade.points, coverage_items, strict=False):
        rule = str(item.get("status", ""))
        if _counted(point.status) != _counted(rule):
            out.append({"index": point.index, "key_point": point.key_point, "rule": rule, "model": point.status})
    return out
