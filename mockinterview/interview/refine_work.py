"""Refined transcripts: each answer is saved at once with its live text (so feedback and the
follow-up come without delay and nothing waits on Whisper), then its whole recording is
transcribed again in the background and the stored transcript and feedback are replaced.

Why (issue 9, held-out answers, base int8): the live pieces — at most 8 s, decoded greedily —
gave CER 0.31, the whole file with the same question context 0.24. The engine owns one
``TranscriptRefiner`` and drains it from ``tick()``; before the session is marked finished it
waits for the last answers' refinements, up to a deadline (the live text stays when one is late,
fails or is cancelled). A transcription service without ``refine`` (fakes, the file fallback
that already transcribed the whole file) leaves everything as it was.

While a pass runs, the Whisper worker writes how far it got into the refinement's ``Decoded``;
the engine reads it on its own thread in ``tick()`` and tells the listener what
``ProgressThrottle`` lets through (the window shows it; nothing is called across threads).
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any

from mockinterview.interview.answer_saver import AnswerInFlight, AnswerSaver, SavedAnswer
from mockinterview.interview.question_queue import AskedItem
from mockinterview.interview.services import InterviewServices, TranscriptResult

log = logging.getLogger(__name__)

# How long the end of an interview waits for the last refinements: whole-file decoding runs at
# about 0.1-0.3 x real time for base int8 on 2 cores; beyond this the live text is kept.
WAIT_BASE_SECONDS = 10.0
WAIT_PER_AUDIO_SECOND = 0.5
# A whole-file pass can lose a stretch of speech (a 30 s window whose decoding stopped early);
# the live pieces, cut at pauses, rarely do. When the live words over this many seconds have no
# whole-file word near them, the refinement is no improvement and the live text stays.
LOST_SPEECH_SECONDS = 2.0
NEAR_SECONDS = 1.0
# Progress reports: a step of at least 5 %, at most 4 a second (a redraw each, on the host).
PROGRESS_STEP = 0.05
PROGRESS_INTERVAL = 0.25


def _word_spans(segments: list[dict[str, Any]]) -> list[tuple[float, float]]:
    spans = []
    for segment in segments:
        for word in segment.get("words") or ():
            try:
                spans.append((float(word["start"]), float(word["end"])))
            except (KeyError, TypeError, ValueError):
                continue
    return spans


def lost_speech_seconds(live: TranscriptResult, whole: TranscriptResult) -> float:
    """Seconds of live words with no whole-file word within ``NEAR_SECONDS``: speech the
    whole-file pass dropped (word times come from both passes' alignment)."""
    heard = sorted(_word_spans(whole.segments))
    lost = 0.0
    for start, end in _word_spans(live.segments):
        if not any(s - NEAR_SECONDS <= end and start <= e + NEAR_SECONDS for s, e in heard):
            lost += max(0.0, end - start)
    return lost


def use_refined(live: TranscriptResult, whole: TranscriptResult) -> bool:
    """Whether the whole-file text should replace the live one: it heard something, something
    else, and dropped no stretch of speech the live pieces heard."""
    if not whole.text.strip() or whole.text == live.text:
        return False
    return lost_speech_seconds(live, whole) < LOST_SPEECH_SECONDS


class Decoded:
    """The fraction of a recording decoded so far: the progress callback of the whole-file pass,
    written on the Whisper worker, read on the host's thread (a float assignment is atomic)."""

    def __init__(self) -> None:
        self.fraction = 0.0

    def __call__(self, fraction: float) -> None:
        self.fraction = fraction


class ProgressThrottle:
    """Lets a progress figure through when it rose by ``step`` since the last one told and
    ``interval`` seconds have passed since then (the first one waits only for the step; 1.0 is
    told once, at once): a decode reporting every segment does not flood the listener."""

    def __init__(self, step: float = PROGRESS_STEP, interval: float = PROGRESS_INTERVAL) -> None:
        self.step = step
        self.interval = interval
        self.told = 0.0
        self._told_at: float | None = None

    def offer(self, fraction: float, now: float) -> bool:
        done = fraction >= 1.0
        if fraction - self.told < self.step and not (done and fraction > self.told):
            return False
        if self._told_at is not None and now - self._told_at < self.interval and not done:
            return False
        self.told, self._told_at = fraction, now
        return True


@dataclass
class Refinement:
    answer_id: int
    question_id: int
    item: AskedItem
    live: SavedAnswer
    future: Future[TranscriptResult]
    decoded: Decoded = field(default_factory=Decoded)
    throttle: ProgressThrottle = field(default_factory=ProgressThrottle)


@dataclass(frozen=True)
class Refined:
    """A finished refinement: ``result`` is what is stored now (the live one when the whole-file
    pass failed, was cancelled or heard nothing); ``changed`` says whether anything was replaced."""

    refinement: Refinement
    result: TranscriptResult
    analysis: dict[str, Any] | None
    changed: bool


class TranscriptRefiner:
    def __init__(
        self,
        services: InterviewServices,
        saver: AnswerSaver,
        enabled: bool,
        warn: Callable[[str, str], None],
    ) -> None:
        self.services = services
        self._saver = saver
        self.enabled = enabled
        self._warn = warn
        self.pending: list[Refinement] = []

    def start(self, answer: AnswerInFlight, saved: SavedAnswer) -> Refinement | None:
        """Start the whole-file pass of a saved answer; None when there is none to run.
        ``refine(path, progress=...)`` gets the ``Decoded`` the engine reads its progress from."""
        refine = getattr(answer.live, "refine", None)
        store_can = hasattr(self.services.store, "update_transcript")
        item = answer.item
        if not (self.enabled and refine and store_can and saved.result.text and item.row_id):
            return None
        recording = answer.recording
        if recording is None or not recording.path.exists():
            return None
        decoded = Decoded()
        try:
            future = refine(recording.path, progress=decoded)
        except Exception as exc:  # the live text is saved; say why it stays
            self._warn("transcriber", f"the answer could not be transcribed again: {exc}")
            return None
        if future is None:
            return None
        refinement = Refinement(saved.answer_id, item.row_id, item, saved, future, decoded)
        self.pending.append(refinement)
        return refinement

    def progress(self, now: float) -> list[Refinement]:
        """The pending refinements whose progress is worth telling now (``ProgressThrottle``);
        a finished one is told by ``drain`` instead."""
        return [
            r
            for r in self.pending
            if not r.future.done() and r.throttle.offer(r.decoded.fraction, now)
        ]

    def wait_seconds(self) -> float:
        """How long the end of the interview may wait for what is pending."""
        audio = sum(r.live.duration for r in self.pending)
        return WAIT_BASE_SECONDS + WAIT_PER_AUDIO_SECOND * audio

    def drain(self) -> list[Refined]:
        """Store each finished refinement; returns them (the engine tells its listener)."""
        done: list[Refinement] = []
        left: list[Refinement] = []
        for refinement in self.pending:
            (done if refinement.future.done() else left).append(refinement)
        self.pending = left
        return [self._apply(r) for r in done]

    def cancel(self) -> list[Refined]:
        """Stop waiting: every pending answer keeps its live text (a refinement already finished
        is still stored)."""
        finished = self.drain()
        for refinement in self.pending:
            refinement.future.cancel()
            finished.append(self._kept(refinement))
        self.pending = []
        return finished

    # ------------------------------------------------------------------ storing one
    def _kept(self, refinement: Refinement) -> Refined:
        live = refinement.live
        return Refined(refinement, live.result, live.analysis, False)

    def _apply(self, refinement: Refinement) -> Refined:
        future = refinement.future
        if future.cancelled():
            return self._kept(refinement)
        try:
            result = future.result()
        except Exception as exc:
            log.warning("refining answer %s failed: %s", refinement.answer_id, exc)
            self._warn(
                "transcriber",
                f"the answer was not transcribed again ({exc}); its live transcript is kept",
            )
            return self._kept(refinement)
        live = refinement.live
        # A whole-file pass that heard nothing (or the same text) is no improvement on what
        # was said live: keep the live text rather than blank an answer.
        if not use_refined(live.result, result):
            log.info("refinement of answer %s kept the live text", refinement.answer_id)
            return self._kept(refinement)
        item = refinement.item
        limit = float(self._saver.settings.answer_limit(item.question))
        analysis = self._saver.analyze(result, item, limit)
        if isinstance(live.analysis, dict) and "generated_follow_up" in live.analysis:
            analysis = {
                **(analysis or {}),
                "generated_follow_up": live.analysis["generated_follow_up"],
            }
        store: Any = self.services.store
        try:
            store.update_transcript(
                refinement.answer_id,
                transcript=result.text,
                segments=result.segments,
                language=result.language,
                model=result.model or "unknown",
                device=result.device,
                processing_seconds=result.processing_seconds,
            )
            store.set_analysis(refinement.answer_id, analysis)
        except Exception as exc:  # the live text and its feedback stay stored
            self._warn("store", f"the refined transcript could not be saved: {exc}")
            with contextlib.suppress(Exception):
                store.update_transcript(
                    refinement.answer_id,
                    transcript=live.result.text,
                    segments=live.result.segments,
                    language=live.result.language,
                    model=live.result.model or "unknown",
                    device=live.result.device,
                    processing_seconds=live.result.processing_seconds,
                )
            return self._kept(refinement)
        return Refined(refinement, result, analysis, True)
