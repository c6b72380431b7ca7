"""Delivery rules (assets/delivery_rules.yaml): how an answer is said, checked by signs or time.

Kept apart from key points because a key-point matcher grades them backwards: "不抱怨前公司"
is "covered" by an answer that complains about 前公司. The bank validates the ids a question
lists; ``mockinterview.feedback.delivery`` checks an answer against them.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import yaml

from mockinterview.paths import assets_dir

RULES_FILE = "delivery_rules.yaml"


class DeliveryRulesError(ValueError):
    """The rules table cannot be read; the message names the file and what is wrong."""


@dataclass(frozen=True)
class DeliveryRule:
    id: str
    zh: str
    en: str
    signs: tuple[str, ...] = ()
    max_seconds: float | None = None


@functools.lru_cache(maxsize=4)
def load_delivery_rules(path: Path | None = None) -> dict[str, DeliveryRule]:
    """The shipped rules by id (read once)."""
    path = path or assets_dir() / RULES_FILE
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise DeliveryRulesError(f"{path}: cannot read the delivery rules: {exc}") from exc
    items = data.get("rules") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise DeliveryRulesError(f"{path}: expected a top-level 'rules:' list")
    rules: dict[str, DeliveryRule] = {}
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict) or not all(isinstance(item.get(k), str) for k in ("id", "zh", "en")):
            raise DeliveryRulesError(f"{path}: rule {number} needs text fields id, zh and en")
        signs = item.get("signs") or []
        seconds = item.get("max_seconds")
        if not isinstance(signs, list) or not all(isinstance(s, str) and s.strip() for s in signs):
            raise DeliveryRulesError(f"{path}: rule '{item['id']}': 'signs' must be a list of texts")
        if seconds is not None and (isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or seconds <= 0):
            raise DeliveryRulesError(f"{path}: rule '{item['id']}': 'max_seconds' must be positive")
        if not signs and seconds is None:
            raise DeliveryRulesError(f"{path}: rule '{item['id']}' has neither signs nor max_seconds")
        rules[item["id"]] = DeliveryRule(
            item["id"], item["zh"], item["en"], tuple(s.strip() for s in signs),
            float(seconds) if seconds is not None else None,
        )  # fmt: skip
    return rules


def rule_ids() -> frozenset[str]:
    return frozenset(load_delivery_rules())
