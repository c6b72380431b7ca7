"""Check an answer against its question's delivery rules (see mockinterview.bank.delivery).

A rule is "broken" when the answer says one of its signs (a sign right after a negation — 不, 没,
别, 从不 — does not count: "我不抱怨" is not a complaint) or runs past its time; otherwise it is
"no_sign": nothing heard breaks it, which is not proof it was kept. Only the transcript is read.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from mockinterview.bank.delivery import DeliveryRule, load_delivery_rules

_NEGATIONS = ("从不", "没有", "并不", "不", "没", "别", "无")


def _negated(text: str, start: int) -> bool:
    before = text[max(0, start - 3) : start].rstrip()
    return before.endswith(_NEGATIONS)


def _find(text: str, sign: str) -> list[int]:
    low, needle = text.casefold(), sign.casefold()
    if needle[:1].isascii() and needle[:1].isalnum():  # a Latin sign is a whole word
        pattern = r"(?<![a-z0-9])" + re.escape(needle) + r"(?![a-z0-9])"
        return [m.start() for m in re.finditer(pattern, low)]
    return [m.start() for m in re.finditer(re.escape(needle), low)]


def check_rule(text: str, rule: DeliveryRule, duration: float | None = None) -> dict[str, Any]:
    heard: list[dict[str, Any]] = []
    for sign in rule.signs:
        for start in _find(text, sign):
            if not _negated(text, start):
                heard.append({"sign": sign, "found": text[start : start + len(sign)], "position": start})
    heard.sort(key=lambda h: h["position"])
    # Without a duration (or a time limit) the time is not checked: no "over", and no figure.
    limit = rule.max_seconds
    over_by = (
        duration - limit
        if limit is not None and duration is not None and duration > limit
        else None
    )
    return {
        "rule": rule.id,
        "zh": rule.zh,
        "en": rule.en,
        "status": "broken" if heard or over_by is not None else "no_sign",
        "heard": heard,
        "over_seconds": round(over_by, 1) if over_by is not None else None,
    }


def check_delivery(
    text: str, rule_ids: Sequence[str], duration: float | None = None
) -> list[dict[str, Any]]:
    """One entry per rule the question lists (unknown ids are skipped: the bank validates them)."""
    rules = load_delivery_rules()
    return [check_rule(text or "", rules[r], duration) for r in rule_ids if r in rules]
