"""The two interview modes and what each implies for the engine.

- 实战 / real: as an interview goes — no feedback until the end, follow-ups flow, timing strict
  (the turn-taking ladder still never treats thinking as failure; ``hard_limit`` can be chosen).
- 练习 / study: after each answer the engine holds (paused) so the host can show the feedback card
  and the reference answer; the user then answers the same question again
  (``InterviewEngine.answer_again``) or moves on (``resume``). Follow-ups are asked once, after
  the first attempt.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from mockinterview.interview.turn_taking import PolicyError, TurnTakingPolicy

MODES: tuple[str, ...] = ("real", "study")
MODE_NAMES = {"real": ("实战", "Real"), "study": ("练习", "Study")}


class ModeError(ValueError):
    """An unknown mode; the message lists the known ones."""


def check_mode(mode: str) -> str:
    if mode not in MODES:
        raise ModeError(f"mode must be one of {', '.join(MODES)}: {mode!r}")
    return mode


def holds_after_answer(mode: str) -> bool:
    """Study mode stops after each answer for the feedback, the reference answer and a retry."""
    return mode == "study"


def default_policy(mode: str) -> TurnTakingPolicy:
    """Study gives hints sooner and more of them; real gives fewer, later ones."""
    if mode == "study":
        return TurnTakingPolicy(hint_after=8.0, offer_after=20.0, max_hints=3, grace=30.0)
    return TurnTakingPolicy(hint_after=12.0, offer_after=30.0, max_hints=1, grace=20.0)


def policy_for(mode: str, stored: dict[str, Any] | None) -> TurnTakingPolicy:
    """The user's turn-taking settings (Settings dialog / session) over the mode's defaults.

    ``None`` (settings made before the ladder existed, or by a host that does not offer it):
    no prompts and the answer stops at its limit, as before. The window and the CLI pass a dict
    (``{}`` for the defaults)."""
    if stored is None:
        return TurnTakingPolicy(enabled=False)
    base = default_policy(mode).to_dict()
    return TurnTakingPolicy.from_dict({**base, **(stored or {})})


TURN_TAKING_FILE = "turn_taking.json"


def load_turn_taking(root: Path) -> dict[str, Any]:
    """The user's turn-taking choices (Settings), as stored in the data dir; {} for the defaults.
    A missing or damaged file gives the defaults (the file is left for the user to inspect)."""
    path = Path(root) / TURN_TAKING_FILE
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(raw, dict):
        return {}
    try:
        TurnTakingPolicy.from_dict(raw)  # only values the policy accepts
    except (PolicyError, TypeError):
        return {}
    return raw


def save_turn_taking(root: Path, values: dict[str, Any]) -> None:
    TurnTakingPolicy.from_dict(values)  # refuse values the engine would reject
    path = Path(root) / TURN_TAKING_FILE
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(values, ensure_ascii=False, indent=2), encoding="utf-8")
    os.replace(tmp, path)  # atomic: never half a file
