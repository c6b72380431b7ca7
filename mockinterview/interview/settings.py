"""What the user chose on the set-up screen (or the CLI): one dataclass, stored with the session."""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field
from typing import Any

from mockinterview.bank.models import DEFAULT_ANSWER_SECONDS, Question

INTERVIEW_ROUNDS: tuple[str, ...] = ("hr", "technical", "project", "mixed")
LANGUAGES: tuple[str, ...] = ("zh", "en", "auto")
DEVICES: tuple[str, ...] = ("auto", "cpu", "cuda")

def _default_answer_seconds() -> dict[str, int]:
    return dict(DEFAULT_ANSWER_SECONDS)


class SettingsError(ValueError):
    """A setting out of range; the message names the setting."""


@dataclass
class InterviewSettings:
    round: str = "technical"
    job_id: str | None = None
    count: int = 5
    seed: int | None = None
    focus_weak: bool = False
    thinking_seconds: float = 5.0
    # Per question round; a question's own answer_seconds beats these, answer_seconds_override
    # (the user's explicit choice) beats everything.
    answer_seconds: dict[str, int] = field(default_factory=_default_answer_seconds)
    answer_seconds_override: int | None = None
    session_limit_seconds: float | None = None
    # None: ask follow-ups of project questions only; True/False: always/never.
    ask_follow_ups: bool | None = None
    voice: str | None = None
    rate: int | None = None
    model: str = "base"
    device: str = "auto"
    language: str = "auto"  # the answer's language, chosen per answer from the audio
    # Transcribe each whole recording again after the live text was saved (refine_work.py).
    refine_transcripts: bool = True
    speak: bool = True
    hide_text: bool = False
    # "real" | "study" (interview/modes.py); turn_taking: TurnTakingPolicy fields over the
    # mode's defaults (None: the defaults).
    mode: str = "real"
    turn_taking: dict[str, Any] | None = None

    def __post_init__(self) -> None:
        self.validate()

    def validate(self) -> None:
        # NaN passes every "< 0" test and then never counts down: reject non-finite first.
        for name in ("thinking_seconds", "session_limit_seconds"):
            value = getattr(self, name)
            if value is not None and (
                not isinstance(value, (int, float)) or not math.isfinite(value)
            ):
                raise SettingsError(f"{name.replace('_', ' ')} must be a finite number: {value!r}")
        if self.seed is not None and not -(2**63) <= self.seed < 2**63:
            raise SettingsError("seed must fit in 64 bits")
        if self.round not in INTERVIEW_ROUNDS:
            raise SettingsError(
                f"round must be one of {', '.join(INTERVIEW_ROUNDS)}: {self.round!r}"
            )
        if self.count < 1:
            raise SettingsError(f"count must be at least 1: {self.count}")
        if self.thinking_seconds < 0:
            raise SettingsError(f"thinking time cannot be negative: {self.thinking_seconds}")
        if self.answer_seconds_override is not None and self.answer_seconds_override <= 0:
            raise SettingsError(f"answer time must be positive: {self.answer_seconds_override}")
        if self.session_limit_seconds is not None and self.session_limit_seconds <= 0:
            raise SettingsError(f"session limit must be positive: {self.session_limit_seconds}")
        if self.language not in LANGUAGES:
            raise SettingsError(
                f"language must be one of {', '.join(LANGUAGES)}: {self.language!r}"
            )
        if self.mode not in ("real", "study"):
            raise SettingsError(f"mode must be real or study: {self.mode!r}")
        if self.turn_taking is not None:
            from mockinterview.interview.turn_taking import PolicyError, TurnTakingPolicy

            try:
                TurnTakingPolicy.from_dict(dict(self.turn_taking))
            except (PolicyError, TypeError, ValueError) as exc:
                raise SettingsError(f"turn-taking: {exc}") from exc
        if self.device not in DEVICES:
            raise SettingsError(f"device must be one of {', '.join(DEVICES)}: {self.device!r}")

    def answer_limit(self, question: Question) -> int:
        """Seconds allowed for an answer to ``question``: user override > question > round default."""
        if self.answer_seconds_override is not None:
            return self.answer_seconds_override
        if question.answer_seconds:
            return question.answer_seconds
        return self.answer_seconds.get(
            question.round, DEFAULT_ANSWER_SECONDS.get(question.round, 120)
        )

    def asks_follow_ups(self, question: Question) -> bool:
        if not question.follow_ups:
            return False
        if self.ask_follow_ups is None:
            return question.round == "project"
        return self.ask_follow_ups

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> InterviewSettings:
        """Rebuild from ``to_dict()`` output; unknown keys (e.g. the stored plan) are ignored."""
        names = {f.name for f in dataclasses.fields(cls)}
        values = {k: v for k, v in data.items() if k in names}
        if "answer_seconds" in values:
            values["answer_seconds"] = {
                **DEFAULT_ANSWER_SECONDS,
                **{str(k): int(v) for k, v in values["answer_seconds"].items()},
            }
        return cls(**values)
