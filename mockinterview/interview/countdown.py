"""The countdown of the thinking and answering phases: deadline, time left, which tick to show.

The engine owns one and emits what ``tick`` returns, so the listener sees a ``Countdown`` event
only when the shown whole second changes or the answer crosses the cue (``CUE_SECONDS`` left).
"""

from __future__ import annotations

import math

from mockinterview.interview.events import CUE_SECONDS, WARNING_SECONDS, Countdown, Phase


class PhaseCountdown:
    """Deadline and display state of the running countdown (time from the engine's clock)."""

    def __init__(self) -> None:
        self.deadline = 0.0
        self.total = 0.0
        self.paused_remaining: float | None = None  # thinking time left when paused
        self._last_shown: int | None = None
        self._last_remaining: float | None = None

    def start(self, now: float, remaining: float, total: float) -> None:
        """A new countdown: ``remaining`` seconds from ``now``, out of ``total``."""
        self.deadline = now + remaining
        self.total = total
        self._last_shown = None
        self._last_remaining = None

    def extend(self, deadline: float, total: float) -> None:
        """Move the deadline (the summarize prompt's grace period) without resetting the display."""
        self.deadline = deadline
        self.total = total

    def remaining(self, now: float) -> float:
        return max(0.0, self.deadline - now)

    def expired(self, now: float) -> bool:
        return now >= self.deadline

    def hold(self, now: float) -> None:
        """Pausing while thinking: keep the time left for ``resume``."""
        self.paused_remaining = self.remaining(now)

    def tick(self, now: float, phase: Phase) -> Countdown | None:
        """The event to show at ``now``, or None when the display would not change."""
        remaining = self.remaining(now)
        shown = math.ceil(remaining)
        previous = self._last_remaining
        cue = phase is Phase.ANSWERING and previous is not None and previous > CUE_SECONDS >= remaining
        self._last_remaining = remaining
        if shown == self._last_shown and not cue:
            return None
        self._last_shown = shown
        warning = phase is Phase.ANSWERING and remaining <= WARNING_SECONDS
        return Countdown(phase, remaining, self.total, warning, cue)
