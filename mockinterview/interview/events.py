"""The engine's phases and the typed events it hands to its listener (all on the host's thread)."""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass


class Phase(str, enum.Enum):
    IDLE = "idle"
    READING = "reading"  # the question is being rendered/spoken
    THINKING = "thinking"  # countdown before the answer
    ANSWERING = "answering"  # recording, countdown, live transcript
    TRANSCRIBING = "transcribing"  # the answer ended; the final transcript is being finished
    SAVED = "saved"  # the answer is in the store; next question on the next tick
    PAUSED = "paused"
    FINISHED = "finished"


# Countdown thresholds the issue asks for: warning colour in the last 30 s, a cue at 10 s.
WARNING_SECONDS = 30
CUE_SECONDS = 10


@dataclass(frozen=True)
class PhaseChanged:
    phase: Phase
    previous: Phase


@dataclass(frozen=True)
class QuestionStarted:
    index: int  # 0-based over main questions of this run's plan
    total: int  # main questions in the plan
    position: int  # the asked question's position in the session (follow-ups take their own)
    text: str
    bank_id: str | None
    kind: str  # "main" | "follow_up"
    answer_seconds: int
    follow_up_index: int | None = None  # 0-based among the main question's follow-ups
    generated: bool = False  # a follow-up the local model wrote (not the bank's chain)


@dataclass(frozen=True)
class Countdown:
    phase: Phase  # THINKING or ANSWERING
    remaining: float
    total: float
    warning: bool  # remaining <= WARNING_SECONDS (answering only)
    cue: bool  # True once, on the tick the answer countdown crosses CUE_SECONDS


@dataclass(frozen=True)
class Level:
    rms: float
    peak: float


@dataclass(frozen=True)
class PartialTranscript:
    text: str


@dataclass(frozen=True)
class AnswerSaved:
    answer_id: int
    question_id: int
    transcript: str
    duration: float
    analysis: dict[str, object] | None


@dataclass(frozen=True)
class AnswerRefined:
    """A saved answer's transcript replaced by the whole recording's (``refine_work.py``);
    ``analysis`` is the feedback recomputed from it."""

    answer_id: int
    question_id: int
    transcript: str
    analysis: dict[str, object] | None
    live_transcript: str  # what was shown and stored until now


@dataclass(frozen=True)
class RefineProgress:
    """How far the whole-recording pass of a saved answer has got (``refine_work.py``): 0.0 when
    it is queued, then rises of at least 5 %, at most a few a second. ``done``: it is over
    (stored, kept the live text, failed or was cancelled); an ``AnswerRefined`` follows when the
    text changed."""

    answer_id: int
    question_id: int
    fraction: float  # of the recording decoded, 0..1
    done: bool = False


@dataclass(frozen=True)
class QuestionSkipped:
    position: int
    bank_id: str | None
    text: str


@dataclass(frozen=True)
class Warning:
    """Something the user should know; ``message`` is written for people."""

    kind: str  # "tts" | "recorder" | "transcriber" | "store" | "feedback" | "session_limit"
    message: str


@dataclass(frozen=True)
class Finished:
    session_id: int
    status: str  # "finished" | "in_progress" (closed mid-interview, resumable)


Event = (
    PhaseChanged
    | QuestionStarted
    | Countdown
    | Level
    | PartialTranscript
    | AnswerSaved
    | AnswerRefined
    | RefineProgress
    | QuestionSkipped
    | Warning
    | Finished
)
Listener = Callable[[Event], None]
