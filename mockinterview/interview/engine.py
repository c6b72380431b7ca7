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
import logging
import shutil
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, cast

from mockinterview.bank.models import Question
from mockinterview.interview.answer_saver import AnswerInFlight, AnswerSaver
from mockinterview.interview.countdown import PhaseCountdown
from mockinterview.interview.events import (
    AnswerRefined,
    AnswerSaved,
    Event,
    Finished,
    Level,
    Listener,
    PartialTranscript,
    Phase,
    PhaseChanged,
    QuestionSkipped,
    QuestionStarted,
    RefineProgress,
    Warning,
)
from mockinterview.interview.followups import FollowUpChain
from mockinterview.interview.llm_work import LlmWork
from mockinterview.interview.plan import BankLike, remaining_plan, session_settings
from mockinterview.interview.question_queue import AskedItem, QuestionQueue
from mockinterview.interview.refine_work import Refined, Refinement, TranscriptRefiner
from mockinterview.interview.services import (
    InterviewServices,
    NoAnswerInput,
    RecordingResult,
    TranscriptResult,
)
from mockinterview.interview.settings import InterviewSettings
from mockinterview.interview.spoken_prompts import SpokenPrompts
from mockinterview.interview.turn_taking import PromptSpoken, TurnTaker

log = logging.getLogger(__name__)


def _utc_now() -> datetime:
    return datetime.now(timezone.utc)


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
        self._queue = QuestionQueue(plan, start_position)
        self.settings = settings
        self.services = services
        self._listener = listener
        self._clock = clock
        self._wall = wall_clock
        self.session_id = session_id
        self._phase = Phase.IDLE
        self._chain: FollowUpChain | None = None  # follow-ups of the current main question
        # The optional local LLM: the follow-up being written, generated follow-ups asked for the
        # current main question, grades in flight (answer id, question, analysis, future).
        self._llm = LlmWork(services, clock, self._warn)
        self._item: AskedItem | None = None
        self._answer: AnswerInFlight | None = None
        self._countdown = PhaseCountdown()
        self._resume_to: Phase | None = None
        self._pause_after_save = False
        self._end_after_save = False
        self._speak = settings.speak and services.voice is not None
        self._active_since: float | None = None
        self._active_seconds = 0.0
        # Filled from audio/transcription threads, drained on the host's thread in tick().
        self._partials: collections.deque[str] = collections.deque()
        self._level_lock = threading.Lock()
        self._level: tuple[float, float] | None = None
        self._saver = AnswerSaver(settings, services, lambda: self.session_id, self._warn)
        # Each saved answer's whole recording transcribed again in the background; the end of
        # the interview waits for them until ``_finish_by`` (see refine_work.py).
        self._refiner = TranscriptRefiner(
            services, self._saver, settings.refine_transcripts, self._warn
        )
        self._finish_by: float | None = None
        self.recovered: list[tuple[Any, Future[TranscriptResult]]] = []  # resume: transcribing
        # Practice loop (interview/modes.py, turn_taking.py): hold after each answer in study
        # mode (a host with nobody to decide, e.g. answers from files, turns it off).
        from mockinterview.interview.modes import holds_after_answer, policy_for

        self.hold_for_review = holds_after_answer(settings.mode)
        self.turn_policy = policy_for(settings.mode, settings.turn_taking)
        self._last_answered: AskedItem | None = None
        self._again_only = False
        self._again_origin = "again"
        self._prompts = SpokenPrompts(services, self._warn)
        self.last_prompts: list[dict[str, Any]] = []

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
        """Continue an ``in_progress`` session (a store ``SessionDetail``) at its next position.

        With the real store, recordings a crash left behind are repaired and attached to their
        questions first (``interview.recovery``) and transcribed in the background, so an
        interrupted answer counts as answered. A main question that was asked but never
        answered is asked again under its own row and position (no second row for it).
        """
        from mockinterview.interview import recovery
        from mockinterview.store import Store

        pending: list[recovery.RecoveredAnswer] = []
        if isinstance(services.store, Store):
            found = recovery.recover_session(services.store, services.audio_root, detail.id)
            detail = found.detail
            pending = recovery.pending_transcriptions(services.store, detail)
            if found.summary():
                listener(Warning("recovered", str(found.summary())))
        settings = InterviewSettings.from_dict({**detail.settings, **overrides})
        plan = remaining_plan(bank, detail.settings, detail.questions)
        start_position = detail.next_position
        reuse: dict[str, int] = {}
        asked_last = max(detail.questions, key=lambda q: (q.position, q.id), default=None)
        if (
            plan
            and asked_last is not None
            and asked_last.kind == "main"
            and not asked_last.answers
            and asked_last.bank_id == plan[0].id
        ):
            reuse[plan[0].id] = asked_last.id
            start_position = asked_last.position
        engine = cls(
            plan,
            settings,
            services,
            listener,
            clock,
            session_id=detail.id,
            start_position=start_position,
        )
        engine._saver.reuse_rows = reuse
        engine.recovered = [
            (answer, engine._saver.transcribe_recovered(answer, bank)) for answer in pending
        ]
        return engine

    # ------------------------------------------------------------------ state
    @property
    def plan(self) -> list[Question]:
        """The main questions this engine asks, in order (after a resume: those still to come)."""
        return self._queue.plan

    @plan.setter
    def plan(self, plan: list[Question]) -> None:
        self._queue.plan = plan

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
                self._saver.register_row(self._item, None)
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
        if self._llm.call is not None:  # S while the model writes a follow-up: no follow-up
            self._llm.call.future.cancel()
            self._llm.call = None
            self._llm.cancel_follow_up()
            self._next_question()
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

    def _skip_item(self, item: AskedItem) -> None:
        if item.row_id is None:
            self._saver.register_row(item, item.audio)
        self._emit(QuestionSkipped(item.position, item.question.id, item.text))
        if item.kind == "follow_up":
            self._queue_follow_up(item, "")  # the chain goes on; nothing was heard
        self._next_question()

    def pause(self) -> None:
        if self._phase in (Phase.READING, Phase.THINKING, Phase.SAVED):
            if self._phase is Phase.THINKING:
                self._countdown.hold(self._clock())
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
            self._enter_thinking(now, self._countdown.paused_remaining)
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
        if self._finish_by is not None:  # Esc while the last answers are refined: stop waiting
            self._finish(force=True)
            return
        if self._llm.call is not None:  # no follow-up now; grades in flight are still kept
            self._llm.call = None
            self._llm.cancel_follow_up()
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
        if self._finish_by is not None:  # every answer is in; only refinements were left
            self._finish(force=True)
            return
        self._stop_player()
        if self._llm.call is not None:
            self._llm.call = None
        self._llm.cancel()  # quitting: no follow-up, no grade is worth waiting for
        if self._phase is Phase.ANSWERING:
            self._stop_answering()
        answer = self._answer
        if answer is not None and answer.future is not None:
            try:
                answer.future.result(timeout=wait_seconds)
            except FutureTimeout:
                # Saved below with an empty transcript; the recording is attached all the same.
                self._warn(
                    "transcriber",
                    f"the last answer was not transcribed within {wait_seconds:g} s; its"
                    f" recording is kept ({answer.path}) without a transcript: re-transcribe it"
                    " from the session's replay",
                )
            except Exception:
                pass  # reported by _save_answer
            self._save_answer(answer, allow_pending=True)
        self._answer = None
        for refined in self._refiner.cancel():  # the live text stays for the rest
            self._after_refined(refined, grade=False)
        self._set_phase(Phase.FINISHED)
        assert self.session_id is not None
        self._emit(Finished(self.session_id, "in_progress"))

    # ------------------------------------------------------------------ the host's heartbeat
    def tick(self, now: float | None = None) -> None:
        now = self._clock() if now is None else now
        self._drain_thread_events()
        if self._llm.grades:
            self._llm.drain_grades()
        if self._refiner.pending:
            for refinement in self._refiner.progress(now):
                self._emit(self._progress_event(refinement))
            for refined in self._refiner.drain():
                self._after_refined(refined)
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
            if self._countdown.expired(now):
                self._start_answering(now)
        elif phase is Phase.ANSWERING:
            self._tick_countdown(now)
            if self._turns_say_stop(now) or self.services.recorder.input_ended:
                self._stop_answering()
        elif phase is Phase.TRANSCRIBING:
            if self._finish_by is not None:
                if not self._refiner.pending or now >= self._finish_by:
                    self._finish(force=True)
            else:
                self._tick_transcribing()
        elif phase is Phase.SAVED:
            self._next_question()

    # ------------------------------------------------------------------ phases
    def _next_question(self) -> None:
        if self._end_after_save:
            self._finish()
            return
        if self._llm.call is not None and not self._llm.follow_up_ready(self._chain, self._queue):
            return  # the model has until its deadline; tick() comes back here
        item = self._queue.next_item()
        if item is None:
            self._finish()
            return
        self._item = item
        self._emit_question_started(item)
        self._set_phase(Phase.READING)
        if self._speak:
            assert self.services.voice is not None
            item.render = self._queue.take_prefetched(item.text) or self._render(item.text)
            self._tick_reading(self._clock())
        else:
            self._saver.register_row(item, None)
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
            self._saver.register_row(item, None)
            self._enter_thinking(now)
            return
        item.audio = self._keep_question_audio(item, rendered)
        self._saver.register_row(item, item.audio)
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
        suffix = "" if item.follow_up_index is None else f"-f{item.follow_up_index + 1}"
        suffix += "" if item.attempt == 1 else f"-a{item.attempt}"
        live = self.services.transcriber.begin(
            self.settings.language, list(self.services.hotwords(item.question)), self._on_partial
        )
        try:
            # a folder that cannot be made (full disk, permissions) stops the answer like a
            # recorder that cannot start: a warning and a pause, never an exception out of tick()
            path = self._session_dir() / f"{item.position:03d}-answer{suffix}.wav"
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
        self._answer = AnswerInFlight(item, live, path, self._wall())
        self._set_phase(Phase.ANSWERING)
        limit = float(self.settings.answer_limit(item.question))
        self._answer.turns = TurnTaker(
            self.turn_policy,
            now,
            limit,
            list(item.question.key_points) if item.kind == "main" else [],
            "en" if self.settings.language == "en" else "zh",
        )
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

    def _save_answer(self, answer: AnswerInFlight, allow_pending: bool = False) -> None:
        saved = self._saver.save(answer, allow_pending)
        if saved is None:
            return
        item = answer.item
        assert item.row_id is not None
        self._record_attempt(saved.answer_id, answer)
        self._emit(
            AnswerSaved(saved.answer_id, item.row_id, saved.result.text, saved.duration, saved.analysis)
        )
        self._last_answered = item
        if self.hold_for_review and not self._end_after_save:
            self._pause_after_save = True  # study: feedback, reference answer, answer again
        refinement = self._refiner.start(answer, saved)
        if refinement is None:  # else graded once the text is final
            self._llm.start_grade(saved.answer_id, item, saved.result, saved.analysis)
        else:  # queued: the window says so before the first figure comes
            self._emit(self._progress_event(refinement))
        if item.attempt == 1:  # an answer given again asks no follow-ups of its own
            self._queue_follow_up(item, saved.result.text)

    def _queue_follow_up(self, item: AskedItem, transcript: str) -> None:
        """Ask the chain's next step that applies to what was said (one at a time)."""
        if item.kind == "main":
            asks = self.settings.asks_follow_ups(item.question)
            self._chain = FollowUpChain(item.question) if asks else None
            wants = self.settings.ask_follow_ups
            self._llm.follow(item.question if (
                wants if wants is not None else item.question.round == "project"
            ) else None)
        if self._llm.ask_follow_up(item, transcript):
            return  # the model writes the next one; the chain is the fallback
        chain = self._chain
        if chain is None or chain.question is not item.question:
            return
        chain.hear(transcript)
        picked = chain.next()
        if picked is not None:
            parent = item.row_id if item.kind == "main" else item.parent_id
            index, step = picked
            follow = AskedItem(item.question, step.text, "follow_up", item.index, -1, index, parent)
            follow.asks = step.asks
            self._queue.add_follow_up(follow)

    # ------------------------------------------------------------------ optional local LLM
    def finish_llm_work(self, wait_seconds: float) -> None:
        """After the interview: store the grades still in flight, waiting at most this long
        (the terminal runner calls it; the window keeps ticking instead)."""
        if self._llm.grades:
            self._llm.drain_grades(wait=wait_seconds)

    def _enter_pause(self) -> None:
        if self._active_since is not None:
            self._active_seconds += self._clock() - self._active_since
            self._active_since = None
        self._set_phase(Phase.PAUSED)

    def _after_refined(self, refined: Refined, grade: bool = True) -> None:
        """A refinement is stored: tell the listener, and grade the text that is now final."""
        refinement = refined.refinement
        self._emit(self._progress_event(refinement, done=True))
        if refined.changed:
            self._emit(
                AnswerRefined(
                    refinement.answer_id,
                    refinement.question_id,
                    refined.result.text,
                    refined.analysis,
                    refinement.live.result.text,
                )
            )
        if grade:
            self._llm.start_grade(
                refinement.answer_id, refinement.item, refined.result, refined.analysis
            )

    @staticmethod
    def _progress_event(refinement: Refinement, done: bool = False) -> RefineProgress:
        fraction = refinement.decoded.fraction
        return RefineProgress(refinement.answer_id, refinement.question_id, fraction, done)

    @property
    def waiting_for_refinements(self) -> bool:
        """Every answer is in and the end waits for the last refinements (``end()`` or
        ``close()`` stops waiting; their live text stays)."""
        return self._finish_by is not None

    def _finish(self, force: bool = False) -> None:
        if self._refiner.pending and not force:
            # The last answers are still transcribed again: wait (tick() comes back), so the
            # report is built from the final text.
            self._finish_by = self._clock() + self._refiner.wait_seconds()
            self._set_phase(Phase.TRANSCRIBING)
            return
        if self._finish_by is not None:
            self._finish_by = None
            for refined in self._refiner.cancel():  # late ones keep their live text
                self._after_refined(refined)
        self._stop_player()
        assert self.session_id is not None
        try:
            if not self._again_only:  # a later attempt leaves the session as it was
                self.services.store.finish_session(self.session_id, "finished")
        except Exception as exc:
            self._warn("store", f"the session could not be marked finished: {exc}")
        self._set_phase(Phase.FINISHED)
        self._emit(Finished(self.session_id, "finished"))

    # ------------------------------------------------------------------ helpers
    def _session_dir(self) -> Path:
        folder = self.services.audio_root / f"session-{self.session_id}"
        folder.mkdir(parents=True, exist_ok=True)
        return folder

    def _keep_question_audio(self, item: AskedItem, rendered: Path) -> Path | None:
        """Copy the (cached) render next to the answers so a replay can play the question."""
        name = f"{item.position:03d}-question{rendered.suffix or '.wav'}"
        try:
            target = self._session_dir() / name
            shutil.copyfile(rendered, target)
        except OSError as exc:
            where = self.services.audio_root / f"session-{self.session_id}"
            self._warn("store", f"cannot keep the question audio in {where}: {exc}")
            return None
        return target

    def _render(self, text: str) -> Future[Path]:
        assert self.services.voice is not None
        try:
            return self.services.voice.render(self._spoken_form(text))
        except Exception as exc:  # a renderer that fails at once: same path as a failed future
            failed: Future[Path] = Future()
            failed.set_exception(exc)
            return failed

    def _spoken_form(self, text: str) -> str:
        """What the interviewer says for a question shown as ``text``: the bank's ``spoken``
        wording where it has one (根号 d k for √d_k, a question form for a bare noun phrase)."""
        for question in self.plan:
            if question.text == text and question.spoken:
                return question.spoken
        return text

    def _prefetch_next(self) -> None:
        """Render the next question while this answer is recorded, so it is spoken at once."""
        if not self._speak or self._item is None:
            return
        text = self._queue.upcoming_text(self._item, self.settings.asks_follow_ups)
        if text is not None:
            self._queue.prefetch(text, self._render)

    def _stop_player(self) -> None:
        if self._item is not None:
            self._item.playing = False
        if self.services.player is not None:
            try:
                self.services.player.stop()
            except Exception as exc:
                self._warn("tts", f"cannot stop playback: {exc}")

    def _start_countdown(self, now: float, remaining: float, total: float) -> None:
        self._countdown.start(now, remaining, total)
        self._tick_countdown(now)

    def _tick_countdown(self, now: float) -> None:
        event = self._countdown.tick(now, self._phase)
        if event is not None:
            self._emit(event)

    def _on_partial(self, text: str) -> None:
        self._partials.append(text)
        answer = self._answer
        if answer is not None and answer.turns is not None:
            answer.turns.heard_text(text)

    def _on_level(self, rms: float, peak: float) -> None:
        with self._level_lock:
            self._level = (rms, peak)
        answer = self._answer
        if answer is not None and answer.turns is not None:
            answer.turns.hear(rms)

    # ------------------------------------------------------------------ practice loop hooks
    def start_again(self, asked: Any, question: Question, origin: str = "again") -> bool:
        """Answer an asked question of this (past) session again, later — from replay, history or
        the topics page. ``asked``: the store's AskedQuestion. The session's status and times are
        left as they were; the new attempt is saved on the same asked question."""
        if self._phase is not Phase.IDLE or self.session_id is None:
            return False
        item = AskedItem(question, asked.text, asked.kind, 0, asked.position, row_id=asked.id,
                     audio=None, attempt=len(asked.answers))  # fmt: skip
        self._last_answered = item
        self._again_only = True
        self._again_origin = origin
        self.plan = []
        self._phase = Phase.SAVED  # as if it had just been answered: answer_again goes on
        return self.answer_again()

    def answer_again(self) -> bool:
        """Study mode (or any hold after an answer): answer the question just answered once more,
        as a new attempt on the same asked question. False when there is nothing to re-answer."""
        item = self._last_answered
        if item is None or self._phase not in (Phase.PAUSED, Phase.SAVED):
            return False
        if self._phase is Phase.PAUSED and self._resume_to not in (Phase.SAVED, None):
            return False
        now = self._clock()
        if self._active_since is None:
            self._active_since = now
        self._resume_to = None
        item.attempt += 1
        item.playing = False
        self._item = item
        self._emit_question_started(item)
        self._enter_thinking(now)
        return True

    def _turns_say_stop(self, now: float) -> bool:
        """Run the turn-taking ladder; True when the answer should end now."""
        answer = self._answer
        self._prompts.play(self._answer)
        if answer is None or answer.turns is None:
            return self._countdown.expired(now)
        stop = False
        for prompt in answer.turns.update(now):
            if prompt.kind == "stop":
                stop = True
                continue
            # PromptSpoken lives in turn_taking.py; listeners that do not know it ignore it
            self._emit(cast(Event, PromptSpoken(prompt, answer.item.position)))
            if prompt.kind == "summarize":  # the countdown shows the grace period
                self._countdown.extend(answer.turns.deadline, self.turn_policy.grace)
            if self._speak and prompt.text and self.services.voice is not None:
                self._prompts.add(prompt, self._render(prompt.text))
        return stop

    def _record_attempt(self, answer_id: int, answer: AnswerInFlight) -> None:
        """Store the attempt: its number, the mode and the prompts spoken while it was given."""
        prompts = self._prompts.take(answer)
        self.last_prompts = prompts
        origin = "interview" if answer.item.attempt == 1 else self._again_origin
        self._saver.record_attempt(answer_id, origin, prompts)

    def _drain_thread_events(self) -> None:
        with self._level_lock:
            level, self._level = self._level, None
        if level is not None:
            self._emit(Level(*level))
        while self._partials:
            self._emit(PartialTranscript(self._partials.popleft()))

    def _emit_question_started(self, item: AskedItem) -> None:
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
                generated=item.generated is not None,
            )
        )

    def _set_phase(self, phase: Phase) -> None:
        if phase is self._phase:
            return
        previous, self._phase = self._phase, phase
        self._emit(PhaseChanged(phase, previous))

    def _warn(self, kind: str, message: str) -> None:
        log.warning("%s: %s", kind, message)
        self._emit(Warning(kind, message))

    def _emit(self, event: Event) -> None:
        self._listener(event)
