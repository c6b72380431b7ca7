"""Humane turn-taking while an answer is recorded: a ladder of spoken prompts, never a silent cut.

Thinking is not failure: silence never ends an answer. After ``hint_after`` seconds of silence the
interviewer offers a hint drawn from a key point the answer has not covered yet (at most
``max_hints``); after ``offer_after`` seconds it offers to move on (the candidate decides); near
the limit it says "还有 30 秒"; at the limit it asks politely "请总结一下" and lets the answer run
``grace`` seconds more. Real mode may keep a hard limit instead (``hard_limit``).

Qt-free and clock-driven: the engine calls ``update(now)`` from its tick; ``hear(rms)`` and
``heard_text(text)`` may be called from the audio / transcription threads.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

# RMS (full scale 1.0) above which a block counts as voice. Room noise on a laptop microphone
# sits near 0.002-0.005; quiet speech is above 0.02.
SILENCE_RMS = 0.012

PROMPT_KINDS = ("hint", "offer_move_on", "time_warning", "summarize", "stop")

_TEXTS = {
    "zh": {
        "hint": "不着急。提示一下：可以谈谈{point}。",
        "hint_generic": "不着急，可以先说说你的思路。",
        "offer_move_on": "慢慢想没关系。如果想先跳过这题，按 S 就可以进入下一题。",
        "time_warning": "还有 {seconds} 秒。",
        "summarize": "时间差不多了，请总结一下。",
    },
    "en": {
        "hint": "Take your time. A hint: you could talk about {point}.",
        "hint_generic": "Take your time; you could start with your overall approach.",
        "offer_move_on": "No rush. If you would like to move on, press S for the next question.",
        "time_warning": "{seconds} seconds left.",
        "summarize": "We are almost out of time; please sum up.",
    },
}


class PolicyError(ValueError):
    """A turn-taking setting out of range; the message names it."""


@dataclass
class TurnTakingPolicy:
    enabled: bool = True
    hint_after: float = 10.0  # seconds of silence before a spoken hint
    offer_after: float = 25.0  # seconds of silence before the offer to move on
    max_hints: int = 2
    warn_before: float = 30.0  # "还有 30 秒" this long before the limit (0: never)
    summarize_at_limit: bool = True  # "请总结一下" at the limit, then ``grace`` more seconds
    grace: float = 20.0
    hard_limit: bool = False  # stop exactly at the limit (real mode's option)
    silence_rms: float = SILENCE_RMS

    def __post_init__(self) -> None:
        for name in ("hint_after", "offer_after", "warn_before", "grace"):
            value = getattr(self, name)
            if not isinstance(value, (int, float)) or value != value or value < 0:
                raise PolicyError(f"turn-taking {name} must be a number of seconds >= 0: {value!r}")
        if self.max_hints < 0:
            raise PolicyError(f"turn-taking max_hints cannot be negative: {self.max_hints}")
        if self.offer_after and self.hint_after and self.offer_after <= self.hint_after:
            raise PolicyError(
                f"turn-taking offer_after ({self.offer_after} s) must come after hint_after "
                f"({self.hint_after} s)"
            )

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> TurnTakingPolicy:
        names = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in (data or {}).items() if k in names})


@dataclass(frozen=True)
class Prompt:
    """One thing the interviewer says (or shows) during an answer."""

    kind: str  # one of PROMPT_KINDS
    text: str
    at: float  # seconds since the answer started
    point: str | None = None  # the key point a hint was drawn from

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "text": self.text, "at": round(self.at, 2), "point": self.point}


@dataclass(frozen=True)
class PromptSpoken:
    """Engine event: a turn-taking prompt was given (``audio`` once rendered, when spoken)."""

    prompt: Prompt
    position: int


def uncovered_points(text: str, key_points: Sequence[str]) -> list[str]:
    """Key points the answer so far has not touched (neither covered nor partly)."""
    if not key_points:
        return []
    from mockinterview.feedback.coverage import cover_key_points
    from mockinterview.feedback.vocabulary import build_vocabulary, load_synonyms

    items = cover_key_points(text, key_points, build_vocabulary(load_synonyms(), ()))
    return [i["point"] for i in items if i["status"] == "missed"]


@dataclass
class TurnTaker:
    """The ladder for one answer. ``update(now)`` returns the prompts due now, in order."""

    policy: TurnTakingPolicy
    started: float
    limit: float
    key_points: Sequence[str] = ()
    language: str = "zh"
    uncovered: Callable[[str, Sequence[str]], list[str]] = uncovered_points
    prompts: list[Prompt] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._voiced = False
        self._text = ""
        self._last_voice = self.started
        self._last_prompt = self.started
        self._hints = 0
        self._offered_since: float | None = None
        self._warned = False
        self._summarized = False
        self._hinted: set[str] = set()

    # -- from any thread -------------------------------------------------------------------
    def hear(self, rms: float) -> None:
        if rms >= self.policy.silence_rms:
            with self._lock:
                self._voiced = True

    def heard_text(self, text: str) -> None:
        with self._lock:
            self._text = text

    # -- from the engine's tick ------------------------------------------------------------
    @property
    def deadline(self) -> float:
        """When the answer is stopped: the limit, plus the grace once the summary was asked for."""
        end = self.started + self.limit
        return end + self.policy.grace if self._summarized else end

    def update(self, now: float) -> list[Prompt]:
        with self._lock:
            voiced, self._voiced = self._voiced, False
            text = self._text
        if voiced:
            self._last_voice = now
            self._offered_since = None
        due: list[Prompt] = []
        policy = self.policy
        at = now - self.started
        remaining = self.started + self.limit - now
        if not policy.enabled:
            if now >= self.deadline:
                due.append(self._say("stop", "", at))
            return due
        quiet = now - max(self._last_voice, self._last_prompt)
        silent = now - self._last_voice
        if (
            policy.offer_after
            and silent >= policy.offer_after
            and self._offered_since != self._last_voice
            and remaining > policy.warn_before
        ):
            self._offered_since = self._last_voice
            due.append(self._say("offer_move_on", self._text_for("offer_move_on"), at))
        elif (
            policy.hint_after
            and self._hints < policy.max_hints
            and quiet >= policy.hint_after
            and silent < (policy.offer_after or float("inf"))
            and remaining > policy.warn_before
        ):
            due.append(self._hint(text, at))
        if (
            policy.warn_before
            and not self._warned
            and self.limit > policy.warn_before * 1.5
            and 0 < remaining <= policy.warn_before
        ):
            self._warned = True
            seconds = int(round(policy.warn_before))
            due.append(self._say("time_warning", self._text_for("time_warning", seconds=seconds), at))
        if remaining <= 0 and not self._summarized:
            if policy.summarize_at_limit and not policy.hard_limit and policy.grace > 0:
                self._summarized = True
                due.append(self._say("summarize", self._text_for("summarize"), at))
            else:
                due.append(self._say("stop", "", at))
        elif self._summarized and now >= self.deadline:
            due.append(self._say("stop", "", at))
        return due

    # -- helpers -----------------------------------------------------------------------------
    def _hint(self, text: str, at: float) -> Prompt:
        self._hints += 1
        try:
            candidates = [p for p in self.uncovered(text, self.key_points) if p not in self._hinted]
        except Exception:  # a hint is a courtesy; never let it stop the answer
            candidates = []
        if candidates:
            point = candidates[0]
            self._hinted.add(point)
            return self._say("hint", self._text_for("hint", point=point.rstrip("。.")), at, point)
        return self._say("hint", self._text_for("hint_generic"), at)

    def _say(self, kind: str, text: str, at: float, point: str | None = None) -> Prompt:
        prompt = Prompt(kind, text, max(0.0, at), point)
        if kind != "stop":
            self.prompts.append(prompt)
            self._last_prompt = self.started + prompt.at
        return prompt

    def _text_for(self, key: str, **values: Any) -> str:
        texts = _TEXTS["en" if self.language == "en" else "zh"]
        return texts[key].format(**values)
