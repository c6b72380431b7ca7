"""The interview as a Qt-free state machine: read → think → answer → transcribe → saved → next.

The host (a QTimer in the window, a loop in the CLI) calls ``tick()`` a few times a second and
the control methods on key presses; every event reaches the listener from those calls, on the
host's thread. Slow work comes back as futures polled in ``tick()``, and callbacks from audio or
transcription threads are only queued, so no method here blocks (``close()`` excepted: it waits
a bounded time for the answer in flight so it is not lost).

Rules worth knowing:
- each answer is saved the moment its transcript is ready; ``close()`` keeps every finished
  answer and leaves the session ``in_progress`` (``InterviewEngine.resume_session`` goes on from there);
- ``pause()`` while answering ends and saves that answer, then pauses before the next question;
- ``skip()`` while answering discards that recording; a skipped main question asks no follow-ups;
- ``end()`` while answering saves the answer first, then finishes the session.
"""

from __future__ import annotations

import collections
import math
import shutil
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from mockinterview.bank.models import Question
from mockinterview.interview.events import (
    CUE_SECONDS,
    WARNING_SECONDS,
    AnswerSaved,
    Countdown,
    Event,
    Finished,
    Level,
    Listener,
    PartialTranscript,
    Phase,
    PhaseChanged,
    QuestionSkipped,
    QuestionStarted,
    Warning,
)
from mockinterview.interview.plan import BankLike, remaining_plan, session_settings
from mockinterview.interview.services import (
    InterviewServices,
    LiveTranscription,
    NoAnswerInput,
    RecordingResult,
    TranscriptResult,
)
from mockinterview.interview.settings import InterviewSettings


def _utc_now() -> datetime:
    return datetime.now(timezone.utc)


@dataclass
class _Item:
    """One question as asked: a main question or one of its follow-ups."""

    question: Question  # for a follow-up: its main question
    text: str
    kind: str  # "main" | "follow_up"
    index: int  # index of the main question in the plan
    position: int
    follow_up_index: int | None = None
    parent_id: int | None = None
    row_id: int | None = None
    audio: Path | None = None
    render: Future[Path] | None = None
    playing: bool = False


@dataclass
class _Answer:
    """The answer in flight, from recorder start to the saved row."""

    item: _Item
    live: LiveTranscription
    path: Path
    started_at: datetime
    ended_at: datetime | None = None
    recording: RecordingResult | None = None
    future: Future[TranscriptResult] | None = None


class InterviewEngine:
    def __init__(
        self,
        plan: Sequence[Question],
        settings: InterviewSettings,
        services: InterviewServices,
        listener: Listener,
        clock: Callable[[], float] = time.monotonic,
        *,
        session_id: int | None = None,
        start_position: int = 0,
        wall_clock: Callable[[], datetime] = _utc_now,
    ) -> None:
        self.plan = list(plan)
        self.settings = settings
        self.services = services
        self._listener = listener
        self._clock = clock
        self._wall = wall_clock
        self.session_id = session_id
        self._position = start_position
        self._phase = Phase.IDLE
        self._main_index = 0
        self._follow_ups: collections.deque[_Item] = collections.deque()
        self._item: _Item | None = None
        self._answer: _Answer | None = None
        self._deadline = 0.0
        self._countdown_total = 0.0
        self._last_shown: int | None = None
        self._last_remaining: float | None = None
        self._paused_remaining: float | None = None
        self._resume_to: Phase | None = None
        self._pause_after_save = False
        self._end_after_save = False
        self._speak = settings.speak and services.voice is not None
        self._prefetched: dict[str, Future[Path]] = {}
        self._active_since: float | None = None
        self._active_seconds = 0.0
        # Filled from audio/transcription threads, drained on the host's thread in tick().
        self._partials: collections.deque[str] = collections.deque()
        self._level_lock = threading.Lock()
        self._level: tuple[float, float] | None = None

    # ------------------------------------------------------------------ construction helpers
    @classmethod
    def resume_session(
        cls,
        detail: Any,
        bank: BankLike,
        services: InterviewServices,
        listener: Listener,
        clock: Callable[[], float] = time.monotonic,
        **overrides: Any,
    ) -> InterviewEngine:
        """Continue an ``in_progress`` session (a store ``SessionDetail``) at its next position."""
        settings = InterviewSettings.from_dict({**detail.settings, **overrides})
        plan = remaining_plan(bank, detail.settings, detail.questions)
        return cls(
            plan,
            settings,
            services,
            listener,
            clock,
            session_id=detail.id,
            start_position=detail.next_position,
        )

    # ------------------------------------------------------------------ state
    @property
    def phase(self) -> Phase:
        return self._phase

    @property
    def current_text(self) -> str | None:
        return self._item.text if self._item else None

    def active_seconds(self, now: float | None = None) -> float:
        """Interview time so far, pauses excluded (what the session limit counts)."""
        now = self._clock() if now is None else now
        running = now - self._active_since if self._active_since is not None else 0.0
        return self._active_seconds + running

    # ------------------------------------------------------------------ controls
    def start(self) -> None:
        if self._phase is not Phase.IDLE:
            return
        if self.session_id is None:
            self.session_id = self.services.store.create_session(
                self.settings.round,
                self.settings.job_id,
                session_settings(self.settings, self.plan),
                seed=self.settings.seed,
            )
        self._active_since = self._clock()
        self._next_question()

    def start_answer(self) -> None:
        """Space before the countdown ends: answer now."""
        if self._phase in (Phase.READING, Phase.THINKING) and self._item is not None:
            if self._item.row_id is None:
                self._register_row(self._item, None)
            self._stop_player()
            self._start_answering(self._clock())

    def stop_answer(self) -> None:
        if self._phase is Phase.ANSWERING:
            self._stop_answering()

    def repeat(self) -> None:
        """Read the question again (before answering)."""
        item = self._item
        if item is None or self._phase not in (Phase.READING, Phase.THINKING):
            return
        self._stop_player()
        self._emit_question_started(item)
        self._set_phase(Phase.READING)
        if item.audio is not None and self.services.player is not None:
            self.services.player.play(item.audio)
            item.playing = True
        elif item.render is None:
            self._enter_thinking(self._clock())

    def skip(self) -> None:
        item = self._item
        if item is None:
            return
        if self._phase in (Phase.READING, Phase.THINKING):
            self._stop_player()
        elif self._phase is Phase.ANSWERING and self._answer is not None:
            try:
                recording = self.services.recorder.stop()
                recording.path.unlink(missing_ok=True)
            except Exception as exc:  # the device may already be gone; skipping must still work
                self._warn("recorder", str(exc))
            self._answer = None
        else:
            return
        self._skip_item(item)

    def _skip_item(self, item: _Item) -> None:
        if item.row_id is None:
            self._register_row(item, item.audio)
        self._emit(QuestionSkipped(item.position, item.question.id, item.text))
        self._next_question()

    def pause(self) -> None:
        if self._phase in (Phase.READING, Phase.THINKING, Phase.SAVED):
            if self._phase is Phase.THINKING:
                self._paused_remaining = max(0.0, self._deadline - self._clock())
            if self._phase is Phase.READING:
                self._stop_player()
            self._resume_to = self._phase
            self._enter_pause()
        elif self._phase is Phase.ANSWERING:
            self._pause_after_save = True
            self._stop_answering()
        elif self._phase is Phase.TRANSCRIBING:
            self._pause_after_save = True

    def resume(self) -> None:
        """P again: go on where the pause left off."""
        if self._phase is not Phase.PAUSED:
            return
        now = self._clock()
        self._active_since = now
        target, self._resume_to = self._resume_to, None
        item = self._item
        if target is Phase.THINKING and item is not None:
            self._enter_thinking(now, self._paused_remaining)
        elif target is Phase.READING and item is not None:
            self._set_phase(Phase.READING)
            if item.audio is not None and self.services.player is not None:
                self.services.player.play(item.audio)
                item.playing = True
            elif item.render is None:
                self._enter_thinking(now)
        elif target is Phase.ANSWERING and item is not None:
            # The recorder failed to start before; try again.
            self._start_answering(now)
        else:
            self._next_question()

    def toggle_pause(self) -> None:
        if self._phase is Phase.PAUSED:
            self.resume()
        else:
            self.pause()

    def end(self) -> None:
        """Esc (confirmed): save the answer being given, then finish the session."""
        if self._phase in (Phase.IDLE, Phase.FINISHED):
            return
        if self._phase is Phase.ANSWERING:
            self._end_after_save = True
            self._stop_answering()
        elif self._phase is Phase.TRANSCRIBING:
            self._end_after_save = True
        else:
            self._stop_player()
            self._finish()

    def close(self, wait_seconds: float = 5.0) -> None:
        """The window closes: keep what was said, leave the session resumable (``in_progress``)."""
        if self._phase in (Phase.IDLE, Phase.FINISHED):
            return
        self._stop_player()
        if self._phase is Phase.ANSWERING:
            self._stop_answering()
        answer = self._answer
        if answer is not None and answer.future is not None:
            try:
                answer.future.result(timeout=wait_seconds)
            except FutureTimeout:
                pass  # saved below with an empty transcript: the audio is kept all the same
            except Exception:
                pass  # reported by _save_answer
            self._save_answer(answer, allow_pending=True)
        self._answer = None
        self._set_phase(Phase.FINISHED)
        assert self.session_id is not None
        self._emit(Finished(self.session_id, "in_progress"))

    # ------------------------------------------------------------------ the host's heartbeat
    def tick(self, now: float | None = None) -> None:
        now = self._clock() if now is None else now
        self._drain_thread_events()
        phase = self._phase
        if phase in (Phase.IDLE, Phase.PAUSED, Phase.FINISHED):
            return
        limit = self.settings.session_limit_seconds
        if limit is not None and not self._end_after_save and self.active_seconds(now) >= limit:
            self._warn(
                "session_limit", "the session time limit is reached; the interview ends here"
            )
            self.end()
            if self._phase is Phase.FINISHED:
                return
        if phase is Phase.READING:
            self._tick_reading(now)
        elif phase is Phase.THINKING:
            self._tick_countdown(now)
            if now >= self._deadline:
                self._start_answering(now)
        elif phase is Phase.ANSWERING:
            self._tick_countdown(now)
            if now >= self._deadline or self.services.recorder.input_ended:
                self._stop_answering()
        elif phase is Phase.TRANSCRIBING:
            self._tick_transcribing()
        elif phase is Phase.SAVED:
            self._next_question()

    # ------------------------------------------------------------------ phases
    def _next_question(self) -> None:
        if self._end_after_save:
            self._finish()
            return
        if self._follow_ups:
            item = self._follow_ups.popleft()
            item.position = self._take_position()
        elif self._main_index < len(self.plan):
            question = self.plan[self._main_index]
            item = _Item(question, question.text, "main", self._main_index, self._take_position())
            self._main_index += 1
        else:
            self._finish()
            return
        self._item = item
        self._emit_question_started(item)
        self._set_phase(Phase.READING)
        if self._speak:
            assert self.services.voice is not None
            item.render = self._prefetched.pop(item.text, None) or self._render(item.text)
            self._tick_reading(self._clock())
        else:
            self._register_row(item, None)
            self._enter_thinking(self._clock())

    def _tick_reading(self, now: float) -> None:
        item = self._item
        assert item is not None
        if item.playing:
            player = self.services.player
            if player is None or not player.is_playing():
                item.playing = False
                self._enter_thinking(now)
            return
        if item.render is None:
            return
        if not item.render.done():
            return
        future, item.render = item.render, None
        try:
            rendered = future.result()
        except Exception as exc:
            self._speak = False  # one warning, then the interview goes on as text
            self._warn("tts", f"no voice to speak the questions ({exc}); they are shown as text")
            self._register_row(item, None)
            self._enter_thinking(now)
            return
        item.audio = self._keep_question_audio(item, rendered)
        self._register_row(item, item.audio)
        if self.services.player is None or item.audio is None:
            self._enter_thinking(now)
            return
        try:
            self.services.player.play(item.audio)
            item.playing = True
        except Exception as exc:
            self._warn("tts", f"cannot play the question ({exc}); it is shown as text")
            self._enter_thinking(now)

    def _enter_thinking(self, now: float, remaining: float | None = None) -> None:
        seconds = self.settings.thinking_seconds if remaining is None else remaining
        if seconds <= 0:
            self._start_answering(now)
            return
        self._set_phase(Phase.THINKING)
        self._start_countdown(now, seconds, self.settings.thinking_seconds)

    def _start_answering(self, now: float) -> None:
        item = self._item
        assert item is not None and self.session_id is not None
        folder = self._session_dir()
        suffix = "" if item.follow_up_index is None else f"-f{item.follow_up_index + 1}"
        path = folder / f"{item.position:03d}-answer{suffix}.wav"
        live = self.services.transcriber.begin(
            self.settings.language, list(self.services.hotwords(item.question)), self._on_partial
        )
        try:
            self.services.recorder.start(path, self._on_level, live.feed)
        except NoAnswerInput as exc:
            self._warn("input", str(exc))
            self._skip_item(item)
            return
        except Exception as exc:
            self._warn("recorder", str(exc) or type(exc).__name__)
            self._resume_to = Phase.ANSWERING
            self._enter_pause()
            return
        self._answer = _Answer(item, live, path, self._wall())
        self._set_phase(Phase.ANSWERING)
        limit = float(self.settings.answer_limit(item.question))
        self._start_countdown(now, limit, limit)
        self._prefetch_next()

    def _stop_answering(self) -> None:
        answer = self._answer
        assert answer is not None
        answer.ended_at = self._wall()
        try:
            answer.recording = self.services.recorder.stop()
        except Exception as exc:
            self._warn("recorder", str(exc) or type(exc).__name__)
            answer.recording = RecordingResult(answer.path, 0.0, str(exc))
        if answer.recording.error:
            self._warn("recorder", answer.recording.error)
        answer.future = answer.live.finish(answer.recording.path)
        self._set_phase(Phase.TRANSCRIBING)
        self._tick_transcribing()

    def _tick_transcribing(self) -> None:
        answer = self._answer
        if answer is None or answer.future is None or not answer.future.done():
            return
        self._answer = None
        self._save_answer(answer)
        if self._phase is Phase.FINISHED:
            return
        self._set_phase(Phase.SAVED)
        if self._end_after_save:
            self._finish()
        elif self._pause_after_save:
            self._pause_after_save = False
            self._resume_to = Phase.SAVED
            self._enter_pause()

    def _save_answer(self, answer: _Answer, allow_pending: bool = False) -> None:
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
            return
        duration = recording.duration or result.duration
        limit = float(self.settings.answer_limit(item.question))
        analysis = self._analyze(result, item, limit) if result.text else None
        if item.row_id is None:
            self._register_row(item, item.audio)
        assert item.row_id is not None
        try:
            answer_id = self.services.store.save_answer(
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
        except Exception as exc:
            self._warn("store", f"the answer could not be saved: {exc}")
            return
        self._emit(AnswerSaved(answer_id, item.row_id, result.text, duration, analysis))
        if item.kind == "main" and self.settings.asks_follow_ups(item.question):
            for i, text in enumerate(item.question.follow_ups):
                follow = _Item(item.question, text, "follow_up", item.index, -1, i, item.row_id)
                self._follow_ups.append(follow)

    def _analyze(
        self, result: TranscriptResult, item: _Item, limit: float
    ) -> dict[str, Any] | None:
        if self.services.feedback is None:
            return None
        try:
            return self.services.feedback(result, item.question, limit)
        except Exception as exc:  # feedback is a bonus: never lose an answer over it
            self._warn("feedback", f"feedback could not be computed: {exc}")
            return None

    def _enter_pause(self) -> None:
        if self._active_since is not None:
            self._active_seconds += self._clock() - self._active_since
            self._active_since = None
        self._set_phase(Phase.PAUSED)

    def _finish(self) -> None:
        self._stop_player()
        assert self.session_id is not None
        try:
            self.services.store.finish_session(self.session_id, "finished")
        except Exception as exc:
            self._warn("store", f"the session could not be marked finished: {exc}")
        self._set_phase(Phase.FINISHED)
        self._emit(Finished(self.session_id, "finished"))

    # ------------------------------------------------------------------ helpers
    def _take_position(self) -> int:
        position = self._position
        self._position += 1
        return position

    def _session_dir(self) -> Path:
        folder = self.services.audio_root / f"session-{self.session_id}"
        folder.mkdir(parents=True, exist_ok=True)
        return folder

    def _keep_question_audio(self, item: _Item, rendered: Path) -> Path | None:
        """Copy the (cached) render next to the answers so a replay can play the question."""
        target = self._session_dir() / f"{item.position:03d}-question{rendered.suffix or '.wav'}"
        try:
            shutil.copyfile(rendered, target)
        except OSError as exc:
            self._warn("store", f"cannot keep the question audio in {target.parent}: {exc}")
            return None
        return target

    def _register_row(self, item: _Item, audio: Path | None) -> None:
        assert self.session_id is not None
        item.row_id = self.services.store.add_question(
            self.session_id,
            item.position,
            item.question.id,
            item.text,
            list(item.question.topics),
            list(item.question.key_points) if item.kind == "main" else [],
            parent_id=item.parent_id,
            kind=item.kind,
            audio_path=audio,
        )

    def _render(self, text: str) -> Future[Path]:
        assert self.services.voice is not None
        try:
            return self.services.voice.render(text)
        except Exception as exc:  # a renderer that fails at once: same path as a failed future
            failed: Future[Path] = Future()
            failed.set_exception(exc)
            return failed

    def _prefetch_next(self) -> None:
        """Render the next question while this answer is recorded, so it is spoken at once."""
        if not self._speak or self._item is None:
            return
        item = self._item
        if self._follow_ups:
            text = self._follow_ups[0].text
        elif item.kind == "main" and self.settings.asks_follow_ups(item.question):
            text = item.question.follow_ups[0]
        elif self._main_index < len(self.plan):
            text = self.plan[self._main_index].text
        else:
            return
        if text not in self._prefetched:
            self._prefetched[text] = self._render(text)

    def _stop_player(self) -> None:
        if self._item is not None:
            self._item.playing = False
        if self.services.player is not None:
            try:
                self.services.player.stop()
            except Exception as exc:
                self._warn("tts", f"cannot stop playback: {exc}")

    def _start_countdown(self, now: float, remaining: float, total: float) -> None:
        self._deadline = now + remaining
        self._countdown_total = total
        self._last_shown = None
        self._last_remaining = None
        self._tick_countdown(now)

    def _tick_countdown(self, now: float) -> None:
        remaining = max(0.0, self._deadline - now)
        shown = math.ceil(remaining)
        previous = self._last_remaining
        cue = (
            self._phase is Phase.ANSWERING
            and previous is not None
            and previous > CUE_SECONDS >= remaining
        )
        self._last_remaining = remaining
        if shown == self._last_shown and not cue:
            return
        self._last_shown = shown
        warning = self._phase is Phase.ANSWERING and remaining <= WARNING_SECONDS
        self._emit(Countdown(self._phase, remaining, self._countdown_total, warning, cue))

    def _on_partial(self, text: str) -> None:
        self._partials.append(text)

    def _on_level(self, rms: float, peak: float) -> None:
        with self._level_lock:
            self._level = (rms, peak)

    def _drain_thread_events(self) -> None:
        with self._level_lock:
            level, self._level = self._level, None
        if level is not None:
            self._emit(Level(*level))
        while self._partials:
            self._emit(PartialTranscript(self._partials.popleft()))

    def _emit_question_started(self, item: _Item) -> None:
        self._emit(
            QuestionStarted(
                index=item.index,
                total=len(self.plan),
                position=item.position,
                text=item.text,
                bank_id=item.question.id,
                kind=item.kind,
                answer_seconds=self.settings.answer_limit(item.question),
                follow_up_index=item.follow_up_index,
            )
        )

    def _set_phase(self, phase: Phase) -> None:
        if phase is self._phase:
            return
        previous, self._phase = self._phase, phase
        self._emit(PhaseChanged(phase, previous))

    def _warn(self, kind: str, message: str) -> None:
        self._emit(Warning(kind, message))

    def _emit(self, event: Event) -> None:
        self._listener(event)
