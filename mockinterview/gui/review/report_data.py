"""What the report page shows, computed without Qt: answers in order, the session's rate against
ONE comfortable range (the pace module's own formula over the whole session), fillers, the drill
(chosen by ``bank.select``), and a check that a stored analysis has the shape the page reads.

A stored analysis comes from our own code, but an imported or hand-edited session can carry a
string where a number belongs; such an analysis is recomputed from its transcript instead of
breaking the charts (it crashed the report page).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from typing import Any

from mockinterview.bank.loader import Bank
from mockinterview.bank.models import Question
from mockinterview.bank.select import select_questions
from mockinterview.feedback.pace import speaking_rate
from mockinterview.store import Answer, AskedQuestion, SessionDetail

DRILL_LIMIT = 5  # questions in a suggested drill


def number(value: object) -> float | None:
    """A finite real number, or None (a string, NaN, a bool where a number belongs)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) else None


def _numbers_ok(mapping: object, keys: Iterable[str]) -> bool:
    if mapping is None:
        return True
    if not isinstance(mapping, Mapping):
        return False
    return all(mapping.get(k) is None or number(mapping.get(k)) is not None for k in keys)


def well_formed(analysis: object) -> bool:
    """Every value the report, the cards and the charts read has the right type."""
    if not isinstance(analysis, Mapping):
        return False
    if not _numbers_ok(analysis, ("duration", "limit")):
        return False
    rate = analysis.get("rate")
    rate_keys = ("zh_chars", "en_words", "speaking_seconds", "syllables_per_min")
    if not _numbers_ok(rate, rate_keys):
        return False
    band = (rate or {}).get("range")
    if band is not None and (
        not isinstance(band, list | tuple) or len(band) != 2 or any(number(b) is None for b in band)
    ):
        return False
    if not _numbers_ok(analysis.get("filler_summary"), ("per_minute", "count")):
        return False
    if not _numbers_ok(analysis.get("coverage"), ("score", "covered", "partly", "missed", "total")):
        return False
    if not _numbers_ok(analysis.get("time"), ("ratio", "over_by")):
        return False
    for key, fields in (("fillers", ()), ("pauses", ("seconds", "start")), ("key_points", ())):
        items = analysis.get(key)
        if items is None:
            continue
        if not isinstance(items, list) or not all(
            isinstance(i, Mapping) and _numbers_ok(i, fields) for i in items
        ):
            return False
    return True


def answered_pairs(detail: SessionDetail) -> list[tuple[AskedQuestion, str, Answer]]:
    """(asked question, chart label, answer) for every answer, in the order asked: "Q2" for a
    main question, "Q2↳" for a follow-up of it."""
    out = []
    number_ = 0
    for q in detail.questions:
        if q.kind != "follow_up":
            number_ += 1
        label = f"Q{number_}" + ("↳" if q.kind == "follow_up" else "")
        for a in q.answers:
            out.append((q, label, a))
    return out


def session_rate(answers: Iterable[Answer]) -> dict[str, Any]:
    """The whole session's rate in the shape of ``analysis["rate"]``: ``feedback.pace``'s own
    formula over every transcript and all speaking time, so its comfortable range is the one
    range the report shows (each answer's own blend gave 257, 258, 260…)."""
    texts, seconds = [], 0.0
    for a in answers:
        rate = (a.analysis or {}).get("rate") or {}
        spoken = number(rate.get("speaking_seconds"))
        if spoken:
            texts.append(a.transcript)
            seconds += spoken
    return speaking_rate(" ".join(texts), [], seconds)


def with_band(rate: Mapping[str, Any], band: tuple[float, float] | None) -> dict[str, Any]:
    """``rate`` judged against the session's comfortable range instead of its own blend."""
    out = dict(rate)
    per_min = number(rate.get("syllables_per_min"))
    if band is None or per_min is None:
        return out
    lo, hi = band
    out["range"] = [lo, hi]
    out["verdict"] = "slow" if per_min < lo else "fast" if per_min > hi else "comfortable"
    return out


def session_fillers(analyses: Sequence[Mapping[str, Any]], seconds: float) -> dict[str, Any]:
    """All fillers of the session over all speaking time, in the shape fillers_text reads."""
    fillers = [f for a in analyses for f in a.get("fillers") or []]
    by_word = Counter(str(f.get("word")).lower() for f in fillers)  # "Um" and "um" are one
    return {
        "fillers": fillers,
        "filler_summary": {"by_word": dict(by_word.most_common())},
        "rate": {"speaking_seconds": seconds},
    }


def drill_plan(
    bank: Bank, topics: list[str], exclude_ids: set[str], limit: int = DRILL_LIMIT
) -> list[Question]:
    """Up to ``limit`` questions on ``topics`` (weakest first), chosen by ``bank.select`` from
    the questions on those topics (not asked in this session while others remain)."""
    on_topic = {qid: q for qid, q in bank.questions.items() if set(q.topics) & set(topics)}
    if not on_topic:
        return []
    sub = replace(bank, questions=on_topic)
    return select_questions(
        sub, "mixed", limit, focus_topics=topics, exclude_ids=sorted(exclude_ids), seed=0
    )
