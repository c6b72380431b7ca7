"""Saving what the candidate said: the asked-question rows, the answer with its transcript and
feedback (a locked database is retried with backoff), the attempt record, and, when the database
refuses, the recording and transcript kept on disk with a message that says how to put them back.

The engine owns one ``AnswerSaver`` and decides when to save; nothing here emits events except
warnings, through the engine's ``warn``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from mockinterview.interview.plan import BankLike
from mockinterview.interview.question_queue import AskedItem
from mockinterview.interview.services import (
    InterviewServices,
    LiveTranscription,
    RecordingResult,
    TranscriptResult,
)
from mockinterview.interview.settings import InterviewSettings
from mockinterview.interview.turn_taking import TurnTaker
from mockinterview.store.unsaved import keep_on_disk, reason, sidecar_path, with_lock_retry

# The engine's log, as before the saver was split out of it.
log = logging.getLogger("mockinterview.interview.engine")


@dataclass
class AnswerInFlight:
    """The answer in flight, from recorder start to the saved row."""

    item: AskedItem
    live: LiveTranscription
    path: Path
    started_at: datetime
    ended_at: datetime | None = None
    recording: RecordingResult | None = None
    future: Future[TranscriptResult] | None = None
    turns: TurnTaker | None = None


@dataclass(frozen=True)
class SavedAnswer:
    """What the database accepted for one answer."""

    answer_id: int
    result: TranscriptResult
    duration: float
    analysis: dict[str, Any] | None


class AnswerSaver:
    def __init__(
        self,
        settings: InterviewSettings,
        services: InterviewServices,
        session_id: Callable[[], int | None],
        warn: Callable[[str, str], None],
    ) -> None:
        self.settings = settings
        self.services = services
        self._session_id = session_id
        self._warn = warn
        self.reuse_rows: dict[str, int] = {}  # bank id -> asked-question row (resume)

    # ------------------------------------------------------------------ asked questions
    def register_row(self, item: AskedItem, audio: Path | None) -> None:
        """Record the asked question; a database failure is a warning (the answer's save tries
        again and keeps the answer on disk if it still fails)."""
        try:
            item.row_id = with_lock_retry(
                lambda: self.add_question_row(item, audio), on_retry=self._on_lock_retry
            )
        except Exception as exc:
            self._warn("store", f"the question could not be recorded in the database: {reason(exc)}")

    def add_question_row(self, item: AskedItem, audio: Path | None) -> int:
        session_id = self._session_id()
        assert session_id is not None
        if item.kind == "main" and item.question.id in self.reuse_rows:
            # Resumed: the interrupted question keeps its row (see resume_session).
            return self.reuse_rows.pop(item.question.id)
        return self.services.store.add_question(
            session_id,
            item.position,
            item.question.id,
            item.text,
            list(item.question.topics),
            list((item.asks or item.question).key_points) if item.kind == "main" or item.asks else [],
            parent_id=item.parent_id,
            kind=item.kind,
            audio_path=audio,
        )

    # ------------------------------------------------------------------ answers
    def save(self, answer: AnswerInFlight, allow_pending: bool = False) -> SavedAnswer | None:
        """Save the answer with its transcript and feedback. None when it was not saved: still
        transcribing (unless ``allow_pending``: saved without a transcript), or refused by the
        database (then kept on disk, with a warning saying where)."""
        item = answer.item
        recording = answer.recording or RecordingResult(answer.path, 0.0)
        result = TranscriptResult("", self.settings.language, recording.duration)
        assert answer.future is not None
        if answer.future.done():
            try:
                result = answer.future.result()
            except Exception as exc:
                self._warn("transcriber", f"the answer could not be transcribed: {exc}")
        elif not allow_pending:
            return None
        duration = recording.duration or result.duration
        limit = float(self.settings.answer_limit(item.question))
        analysis = self.analyze(result, item, limit) if result.text else None
        if item.generated is not None:
            analysis = {**(analysis or {}), "generated_follow_up": item.generated}

        def save() -> int:
            if item.row_id is None:
                item.row_id = self.add_question_row(item, item.audio)
            return self.services.store.save_answer(
                item.row_id,
                audio_path=recording.path if recording.path.exists() else None,
                duration=duration,
                transcript=result.text,
                segments=result.segments,
                language=result.language,
                model=result.model,
                device=result.device,
                started_at=answer.started_at,
                ended_at=answer.ended_at,
                analysis=analysis,
                processing_seconds=result.processing_seconds,
            )

        try:
            # A lock is retried with backoff; each try already waits SQLite's busy timeout.
            answer_id = with_lock_retry(save, on_retry=self._on_lock_retry)
        except Exception as exc:  # full disk, session deleted, lock outlasting the retries ...
            self._keep_unsaved(answer, recording, result, duration, analysis, exc)
            return None
        return SavedAnswer(answer_id, result, duration, analysis)

    def analyze(
        self, result: TranscriptResult, item: AskedItem, limit: float
    ) -> dict[str, Any] | None:
        if self.services.feedback is None:
            return None
        try:
            return self.services.feedback(result, item.asks or item.question, limit)
        except Exception as exc:  # feedback is a bonus: never lose an answer over it
            self._warn("feedback", f"feedback could not be computed: {exc}")
            return None

    def record_attempt(self, answer_id: int, origin: str, prompts: list[dict[str, Any]]) -> None:
        """Store the attempt: the mode, where it was started from and the prompts spoken."""
        recorder = getattr(self.services, "attempts", None)
        if recorder is None:
            return
        try:
            recorder.record(answer_id, mode=self.settings.mode, origin=origin, prompts=prompts)
        except Exception as exc:  # the answer itself is saved; say what was not
            self._warn("store", f"the attempt details could not be saved: {exc}")

    def transcribe_recovered(self, answer: Any, bank: BankLike) -> Future[TranscriptResult]:
        """Transcribe a recovered answer off the host's thread and store the transcript (and
        its feedback); the returned future is done once that is stored. A failure is logged,
        the audio stays attached."""
        store = self.services.store
        question = bank.questions.get(answer.question.bank_id or "")
        hotwords = list(self.services.hotwords(question)) if question is not None else []
        future = self.services.transcriber.begin(
            self.settings.language, hotwords, lambda _text: None
        ).finish(answer.path)

        stored: Future[TranscriptResult] = Future()

        def done(f: Future[TranscriptResult]) -> None:
            try:
                result = f.result()
                store.update_transcript(  # type: ignore[attr-defined]
                    answer.answer_id,
                    transcript=result.text,
                    segments=result.segments,
                    language=result.language,
                    model=result.model or "unknown",
                    device=result.device,
                    processing_seconds=result.processing_seconds,
                )
                if question is not None and result.text and self.services.feedback is not None:
                    limit = float(self.settings.answer_limit(question))
                    analysis = self.services.feedback(result, question, limit)
                    store.set_analysis(answer.answer_id, analysis)
            except Exception as exc:  # the audio stays attached; replay can re-transcribe it
                log.exception("transcribing the recovered recording %s failed", answer.path)
                stored.set_exception(exc)
            else:
                stored.set_result(result)

        future.add_done_callback(done)
        return stored

    # ------------------------------------------------------------------ when the database refuses
    def _on_lock_retry(self, attempt: int, exc: BaseException) -> None:
        log.warning("database locked while saving an answer (try %d): %s", attempt, exc)

    def _keep_unsaved(
        self,
        answer: AnswerInFlight,
        recording: RecordingResult,
        result: TranscriptResult,
        duration: float,
        analysis: dict[str, Any] | None,
        exc: BaseException,
    ) -> None:
        """The database refused the answer: keep recording + transcript on disk, say where."""
        item = answer.item
        why = reason(exc)
        audio = recording.path if recording.path.exists() else None
        document = {
            "text": result.text,
            "duration": duration,
            "language": result.language,
            "segments": result.segments,
            "model": result.model,
            "device": result.device,
            "processing_seconds": result.processing_seconds,
            "analysis": analysis,
            "session_id": self._session_id(),
            "round": self.settings.round,
            "position": item.position,
            "kind": item.kind,
            "parent_id": item.parent_id,
            "bank_id": item.question.id,
            "question": item.text,
            "topics": list(item.question.topics),
            "key_points": list(item.question.key_points) if item.kind == "main" else [],
            "audio": str(audio) if audio else None,
            "started_at": answer.started_at.isoformat(),
            "ended_at": answer.ended_at.isoformat() if answer.ended_at else None,
            "error": why,
        }
        try:
            kept = keep_on_disk(recording.path, document)
        except (OSError, TypeError, ValueError) as write_exc:
            heard = result.text or "(nothing heard)"
            self._warn(
                "store",
                f"the answer could not be saved ({why}) nor written to"
                f" {sidecar_path(recording.path)} ({write_exc}); its recording is"
                f" {audio or 'lost'}; what was heard: {heard}",
            )
            return
        self._warn(
            "store",
            f"the answer could not be saved in the database ({why}). It is kept on disk:"
            f" recording {audio or '(none)'}, transcript {kept}. Put it back once the database"
            f" works: mockinterview sessions restore {kept} (its feedback now: mockinterview"
            f" feedback --transcript {kept})",
        )

