"""The interview screen: the question (spoken and/or shown), the phase, a big countdown, the input
level and the transcript growing as one speaks.

A QTimer calls ``engine.tick()``; the engine's events reach ``_on_event`` through a
CallbackBridge (queued onto the GUI thread whatever thread emits). Nothing here blocks: speech,
recording and transcription run in the core's own workers.
Keys: Space answer now / stop answering (resume when paused), R repeat, S skip, P pause/resume,
Esc end the interview (after a confirmation).
"""

from __future__ import annotations

import dataclasses
import re
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from mockinterview.gui.context import AppContext
from mockinterview.gui.i18n import register, tr
from mockinterview.gui.review.transcript_view import marked_html
from mockinterview.gui.services import BuiltServices, ServicesError, build_services
from mockinterview.gui.study_panel import StudyPanel
from mockinterview.gui.tasks import CallbackBridge
from mockinterview.gui.widgets import (
    CountdownLabel,
    LevelMeter,
    PhaseIndicator,
    RefineProgressView,
)
from mockinterview.interview.engine import InterviewEngine
from mockinterview.interview.events import (
    AnswerRefined,
    AnswerSaved,
    Countdown,
    Finished,
    Level,
    PartialTranscript,
    Phase,
    PhaseChanged,
    QuestionSkipped,
    QuestionStarted,
    RefineProgress,
    Warning,
)
from mockinterview.interview.plan import PlanError, build_plan
from mockinterview.interview.settings import InterviewSettings
from mockinterview.interview.turn_taking import PromptSpoken

register(
    {
        "interview.question_n": ("第 {i}/{n} 题", "Question {i} of {n}"),
        "interview.follow_up": ("追问 {k}", "Follow-up {k}"),
        "interview.listen": (
            "🎧 只听模式：请听题。（按 R 重听）",
            "🎧 Listening only: listen to the question (R repeats it).",
        ),
        "interview.transcript": ("实时转写", "Live transcript"),
        "interview.waiting": ("（开始回答后，这里会显示你说的话）", "(what you say appears here)"),
        "interview.answer_now": ("开始回答 [空格]", "Answer now [Space]"),
        "interview.stop": ("结束回答 [空格]", "Stop answer [Space]"),
        "interview.repeat": ("重听 [R]", "Repeat [R]"),
        "interview.skip": ("跳过 [S]", "Skip [S]"),
        "interview.pause": ("暂停 [P]", "Pause [P]"),
        "interview.resume": ("继续 [P]", "Resume [P]"),
        "interview.end": ("结束面试 [Esc]", "End [Esc]"),
        "interview.end_title": ("结束面试", "End the interview"),
        "interview.limit": ("限时 {t}", "time limit {t}"),
        "interview.previous": ("上一题的回答", "Your previous answer"),
        "interview.unsure": (
            "橙色虚线 = 识别不确定的词（{n} 个），回放时可核对修改",
            "Orange dotted = words the model was unsure of ({n}); check them in the replay",
        ),
        "interview.confirm_end": (
            "现在结束这场面试吗？已回答的内容都会保存。",
            "End this interview now? Every answer given so far is kept.",
        ),
        "interview.saved": ("已保存（{s:.0f} 秒）", "Saved ({s:.0f} s)"),
        "interview.refined": (
            "已用整段录音重新转写，反馈已更新",
            "Transcribed again from the whole recording; feedback updated",
        ),
        "interview.skipped": ("已跳过", "Skipped"),
        "interview.level": ("输入音量", "Input level"),
        "interview.not_running": ("没有进行中的面试", "No interview is running"),
        "interview.generated": ("本地模型追问", "generated"),
        "interview.generated_tip": (
            "这道追问由本地模型根据你的回答生成（不是题库里的）",
            "The local model wrote this follow-up from your answer (it is not from the bank)",
        ),
        "interview.llm_fallback": (
            "本地模型这次没有给出可用的结果，面试继续用题库的追问和规则评分。（{detail}）",
            "The local model gave nothing usable; the interview goes on with the bank's "
            "follow-ups and the rule-based feedback. ({detail})",
        ),
    }
)

TICK_MS = 100
# The engine numbers the follow-ups the local model writes from 100 on (-f101, -f102 … in the
# recording names); the progress line counts them from 1 again.
GENERATED_FOLLOW_UP_INDEX = 100


def llm_reason(message: str) -> str:
    """The reason inside the engine's one-time notice ("… follow-up (timeout: no reply in 6 s);
    the bank's …" → "timeout: no reply in 6 s"); the whole message when it has another form."""
    found = re.search(r"\((.+)\);", message)
    return found.group(1) if found else message


class InterviewPage(QWidget):
    """``begin(settings)`` or ``resume(session_id)``; emits ``finished(session_id, status)``."""

    finished = Signal(int, str)

    def __init__(
        self,
        context: AppContext,
        parent: QWidget | None = None,
        services_factory: Callable[[AppContext, InterviewSettings], BuiltServices] | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        # build_services unless told otherwise (fast tests hand in fakes beside the real run)
        self._services_factory = services_factory or build_services
        self.engine: InterviewEngine | None = None
        self._built: BuiltServices | None = None
        self._hide_text = False
        self._offset = 0  # main questions asked before a resume
        self._question: QuestionStarted | None = None
        self._confirm: QMessageBox | None = None
        self.saved_answers: list[AnswerSaved] = []
        self._study_args: tuple[Any, str] | None = None  # bank question, language of the card
        self._final_html: str | None = None  # the last answer's final text, until the next one
        self.messages: list[str] = []
        self.bridge = CallbackBridge(self)
        self.bridge.delivered.connect(self._on_event)
        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self._tick)
        # After Finished the local model may still be grading: (engine, services, until) drained
        # on this timer, never by waiting on the GUI thread.
        self._grade_drain: list[tuple[InterviewEngine, BuiltServices, float]] = []
        self._grade_pending_card: int | None = None  # study card waiting for the model's grade
        self.drain_timer = QTimer(self)
        self.drain_timer.setInterval(TICK_MS)
        self.drain_timer.timeout.connect(self._drain_grades)

        self._build_question_area()
        self._build_transcript_area()
        self._build_buttons()
        self._lay_out()
        self.keys = self._key_actions()
        self.retranslate()
        self._update_buttons()

    # ------------------------------------------------------------------ building
    def _key_actions(self) -> dict[Qt.Key, Callable[[], None]]:
        """Keys are handled in keyPressEvent (the main window forwards what reaches it) rather
        than QShortcut: they then work whatever has focus, and under offscreen tests too."""
        return {
            Qt.Key.Key_Space: self.space,
            Qt.Key.Key_R: self.repeat,
            Qt.Key.Key_S: self.skip,
            Qt.Key.Key_P: self.toggle_pause,
            Qt.Key.Key_Escape: self.ask_end,
            Qt.Key.Key_A: self.answer_again,  # study mode: answer the question again
            Qt.Key.Key_N: self.next_after_review,
        }

    def _build_question_area(self) -> None:
        self.progress_label = QLabel()
        self.phase = PhaseIndicator()
        self.question_label = QLabel()
        self.question_label.setWordWrap(True)
        self.question_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.question_label.font()
        font.setPointSize(font.pointSize() + 5)
        self.question_label.setFont(font)
        self.question_label.setMinimumHeight(90)
        self.question_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.countdown = CountdownLabel()
        self.generated_tag = QLabel()  # "本地模型追问": a follow-up the local model wrote
        self.generated_tag.setStyleSheet(
            "background: #e3f2fd; color: #0d47a1; padding: 1px 6px; border-radius: 3px;"
        )
        self.generated_tag.hide()
        self.level_caption = QLabel()
        self.level = LevelMeter()
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(
            "background: #fff3bf; color: #5c3c00; padding: 6px; border-radius: 4px;"
        )
        self.banner.hide()

    def _build_transcript_area(self) -> None:
        self.transcript_caption = QLabel()
        self.transcript = QTextEdit()
        self.transcript.setReadOnly(True)
        self.transcript.setAcceptRichText(True)
        self.transcript.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        font = self.transcript.font()
        font.setPointSize(font.pointSize() + 3)  # read at a glance while speaking
        self.transcript.setFont(font)
        self.unsure_label = QLabel()
        self.unsure_label.setStyleSheet("color: #b35c00;")
        self.unsure_label.hide()
        # Saved answers transcribed again from the whole recording: how far it got (and, at the
        # end of the interview, the wait for the last ones with a way to stop it).
        self.refine_progress = RefineProgressView()
        self.refine_progress.stop_requested.connect(self.end_now)
        # What you said stays on screen after the next question came (until you answer it).
        self.previous_toggle = QToolButton()
        self.previous_toggle.setCheckable(True)
        self.previous_toggle.setChecked(True)
        self.previous_toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.previous_toggle.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.previous_toggle.toggled.connect(self._previous_toggled)
        self.previous_text = QLabel()
        self.previous_text.setWordWrap(True)
        self.previous_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.previous_text.setStyleSheet(
            "background: palette(alternate-base); padding: 6px; border-radius: 4px;"
        )
        self.previous_box = QWidget()
        box = QVBoxLayout(self.previous_box)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.previous_toggle)
        box.addWidget(self.previous_text)
        self.previous_box.hide()

    def _build_buttons(self) -> None:
        self.answer_button = QPushButton()
        self.repeat_button = QPushButton()
        self.skip_button = QPushButton()
        self.pause_button = QPushButton()
        self.end_button = QPushButton()
        self.buttons = QHBoxLayout()
        for button, slot in (
            (self.answer_button, self.space),
            (self.repeat_button, self.repeat),
            (self.skip_button, self.skip),
            (self.pause_button, self.toggle_pause),
            (self.end_button, self.ask_end),
        ):
            # No focus: Space must reach the shortcut, not "click" a focused button.
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(slot)
            self.buttons.addWidget(button)
        self.buttons.addStretch(1)

    def _lay_out(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.progress_label)
        top.addWidget(self.generated_tag)
        top.addStretch(1)
        top.addWidget(self.phase)
        middle = QHBoxLayout()
        middle.addWidget(self.question_label, 1)
        middle.addWidget(self.countdown)
        meter = QHBoxLayout()
        meter.addWidget(self.level_caption)
        meter.addWidget(self.level, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.addLayout(top)
        layout.addWidget(self.banner)
        layout.addLayout(middle)
        layout.addWidget(self.previous_box)
        layout.addLayout(meter)
        layout.addWidget(self.transcript_caption)
        layout.addWidget(self.transcript, 1)
        layout.addWidget(self.unsure_label)
        layout.addWidget(self.refine_progress)
        # Study mode: feedback, reference answer, answer again / next (gui/study_panel.py).
        self.study = StudyPanel(self.context)
        self.study.again_requested.connect(self.answer_again)
        self.study.next_requested.connect(self.space)
        self.study.hide()
        layout.addWidget(self.study, 3)
        layout.addLayout(self.buttons)

    # ------------------------------------------------------------------ labels
    def retranslate(self) -> None:
        self.phase.retranslate()
        self.level_caption.setText(tr("interview.level"))
        self.transcript_caption.setText(tr("interview.transcript"))
        self.transcript.setPlaceholderText(tr("interview.waiting"))
        self.repeat_button.setText(tr("interview.repeat"))
        self.skip_button.setText(tr("interview.skip"))
        self.end_button.setText(tr("interview.end"))
        self.previous_toggle.setText(tr("interview.previous"))
        self.generated_tag.setText(tr("interview.generated"))
        self.generated_tag.setToolTip(tr("interview.generated_tip"))
        self.refine_progress.retranslate()
        self._update_buttons()
        if self._question is not None:
            self._show_question(self._question)
        elif self.engine is None:
            self.question_label.setText(tr("interview.not_running"))

    # ------------------------------------------------------------------ starting
    @property
    def running(self) -> bool:
        return self.engine is not None and self.engine.phase is not Phase.FINISHED

    def begin(self, settings: InterviewSettings, plan: list[Any] | None = None) -> bool:
        """Plan and start an interview; False (with the reason shown) when it cannot start."""
        if self.running:
            return False
        try:
            if plan is None:
                plan = build_plan(self.context.bank, settings, store=self.context.store)
            built = self._services_factory(self.context, settings)
        except (PlanError, ServicesError) as exc:
            self.context.message(str(exc))
            self.messages.append(str(exc))
            return False
        engine = InterviewEngine(plan, settings, built.services, self.bridge.emit_event)
        self._launch(engine, built, settings)
        return True

    def resume(self, session_id: int) -> bool:
        """Continue a session left ``in_progress`` at its next question."""
        if self.running:
            return False
        try:
            detail = self.context.store.resume_session(session_id)
            settings = InterviewSettings.from_dict(detail.settings)
            built = self._services_factory(self.context, settings)
        except ServicesError as exc:
            self.context.message(str(exc))
            self.messages.append(str(exc))
            return False
        engine = InterviewEngine.resume_session(
            detail, self.context.bank, built.services, self.bridge.emit_event
        )
        # Number questions over the whole session, not just what is left of it.
        offset = max(0, len(detail.settings.get("plan", [])) - len(engine.plan))
        self._launch(engine, built, settings, offset)
        return True

    def _launch(
        self,
        engine: InterviewEngine,
        built: BuiltServices,
        settings: InterviewSettings,
        offset: int = 0,
        start: bool = True,
    ) -> None:
        if built.services.attempts is None:  # attempts numbered, mode and prompts kept
            from mockinterview.review.attempts import AttemptLog

            built.services.attempts = AttemptLog(self.context.store)
        self.study.hide()
        self.engine = engine
        self._built = built
        self._hide_text = settings.hide_text
        self._offset = offset
        self._question = None
        self.saved_answers = []
        self.messages = []
        self.banner.hide()
        self.previous_box.hide()
        self.unsure_label.hide()
        self.refine_progress.reset()
        self._final_html = None
        self.transcript.clear()
        self.countdown.clear_time()
        self.level.reset()
        for text in built.warnings:
            self._show_banner(text)
        if start:
            engine.start()
        self.timer.start()
        self._update_buttons()

    def begin_again(self, session_id: int, position: int, origin: str = "replay") -> bool:
        """Answer a question of a past session again (study mode: the comparison follows)."""
        if self.running:
            return False
        from mockinterview.review.attempts import AttemptError, find_question

        try:
            detail = self.context.store.get_session(session_id)
            asked = find_question(detail, position)
        except (AttemptError, LookupError) as exc:
            self.context.message(str(exc))
            self.messages.append(str(exc))
            return False
        question = (getattr(self.context.bank, "questions", {}) or {}).get(asked.bank_id or "")
        if question is None:
            from mockinterview.bank.models import Question

            question = Question(asked.bank_id or "asked", detail.round, tuple(asked.topics),
                                asked.text, tuple(asked.key_points), (), "original", 1)  # fmt: skip
        settings = InterviewSettings.from_dict(
            {**detail.settings, "mode": "study", "turn_taking": detail.settings.get("turn_taking") or {}}
        )
        try:
            built = self._services_factory(self.context, settings)
        except ServicesError as exc:
            self.context.message(str(exc))
            self.messages.append(str(exc))
            return False
        engine = InterviewEngine([], settings, built.services, self.bridge.emit_event,
                                 session_id=session_id)  # fmt: skip
        self._launch(engine, built, settings, start=False)
        engine.start_again(asked, question, origin)
        self._update_buttons()
        return True

    def answer_again(self) -> None:
        """A (study mode): the question just answered, once more."""
        if self.engine is not None and self.engine.answer_again():
            self.study.hide()
            self._update_buttons()

    def next_after_review(self) -> None:
        if self.engine is not None and self.engine.phase is Phase.PAUSED and self.study.isVisible():
            self.engine.resume()

    def on_show(self, **kw: Any) -> None:
        if "again" in kw:
            session_id, position, *origin = kw["again"]
            self.begin_again(int(session_id), int(position), *(origin or ["replay"]))
        elif "settings" in kw:
            self.begin(kw["settings"], kw.get("plan"))
        elif "session_id" in kw:
            self.resume(int(kw["session_id"]))

    # ------------------------------------------------------------------ controls
    def handle_key(self, key: int) -> bool:
        """Space/R/S/P/Esc while an interview runs; False for any other key."""
        action = self.keys.get(Qt.Key(key)) if key in set(self.keys) else None
        if action is None or not self.running:
            return False
        action()
        return True

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier or not self.handle_key(
            event.key()
        ):
            super().keyPressEvent(event)

    def space(self) -> None:
        engine = self.engine
        if not self.isVisible() or engine is None:
            return
        if engine.phase is Phase.ANSWERING:
            engine.stop_answer()
        elif engine.phase in (Phase.READING, Phase.THINKING):
            engine.start_answer()
        elif engine.phase is Phase.PAUSED:
            engine.resume()

    def repeat(self) -> None:
        if self.isVisible() and self.engine is not None:
            self.engine.repeat()

    def skip(self) -> None:
        if self.isVisible() and self.engine is not None:
            self.engine.skip()

    def toggle_pause(self) -> None:
        if self.isVisible() and self.engine is not None:
            self.engine.toggle_pause()
            self._update_buttons()

    def ask_end(self) -> None:
        """Esc: ask first (non-blocking dialog); Yes ends and saves the answer being given.
        While the ended interview only waits for refinements, Esc stops waiting at once: every
        answer is saved already and keeps its live text."""
        if not self.isVisible() or not self.running or self._confirm is not None:
            return
        if self.engine is not None and self.engine.waiting_for_refinements:
            self.end_now()
            return
        box = QMessageBox(
            QMessageBox.Icon.Question,
            tr("interview.end_title"),  # a title, not the button's key hint
            tr("interview.confirm_end"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.finished.connect(lambda result: self._end_answered(box, result))
        self._confirm = box
        box.open()

    def _end_answered(self, box: QMessageBox, result: int) -> None:
        self._confirm = None
        box.deleteLater()
        if box.standardButton(box.clickedButton()) == QMessageBox.StandardButton.Yes:
            self.end_now()

    def end_now(self) -> None:
        if self.engine is not None:
            self.engine.end()

    def close_interview(self) -> None:
        """The window closes: keep every finished answer, leave the session resumable."""
        engine = self.engine
        if engine is not None and engine.phase is not Phase.FINISHED:
            engine.close()
        self._shutdown()
        self.stop_grading()

    # ------------------------------------------------------------------ engine heartbeat
    def _tick(self) -> None:
        if self.engine is not None:
            built, waiting = self._built, self._grade_pending_card
            # All grades done before this tick → the tick stores them: the study card may redraw.
            # (The card is shown inside a tick, before its grade is even asked for: only a card
            # that was waiting before the tick counts.)
            idle = built is None or built.llm is None or not built.llm.grading
            self.engine.tick()
            if idle and waiting is not None and self._grade_pending_card == waiting:
                self._grade_pending_card = None
                if self.study.isVisible() and self.study.answer_id == waiting:
                    self.study.refresh_feedback()

    def _on_event(self, event: object) -> None:
        if isinstance(event, Countdown):
            self.countdown.show_remaining(event.remaining, event.warning, event.cue)
            if event.cue:
                QApplication.beep()
        elif isinstance(event, Level):
            self.level.set_level(event.rms, event.peak)
        elif isinstance(event, PartialTranscript):
            if self._final_html is None:  # a late live piece never covers the final text
                self._append_partial(event.text)
        elif isinstance(event, PhaseChanged):
            self.phase.set_phase(event.phase)
            if event.phase is Phase.ANSWERING:
                self.level.reset()
                self.previous_box.hide()  # the next answer starts: its own text takes over
                self._final_html = None
                self.unsure_label.hide()
            elif event.phase in (Phase.TRANSCRIBING, Phase.SAVED):
                self.level.reset()
                if event.phase is Phase.TRANSCRIBING:
                    self.countdown.clear_time()
            engine = self.engine
            self.refine_progress.set_waiting(
                event.phase is Phase.TRANSCRIBING
                and engine is not None
                and engine.waiting_for_refinements
            )
            self._update_buttons()
        elif isinstance(event, PromptSpoken):
            self._show_banner(event.prompt.text)  # the spoken hint / "还有 30 秒", also shown
        elif isinstance(event, QuestionStarted):
            self.study.hide()
            self.transcript_caption.show()
            self.transcript.show()
            self._question = event
            self._show_question(event)
            self._keep_previous_answer()
            self.transcript.clear()
            self.countdown.clear_time()
        elif isinstance(event, AnswerSaved):
            self.saved_answers.append(event)
            if event.transcript:
                self._show_final(event)
            if self.engine is not None and self.engine.hold_for_review:
                self._show_study(event)
            self.context.message(tr("interview.saved", s=event.duration))
        elif isinstance(event, RefineProgress):
            number = self._answer_number(event.answer_id)
            self.refine_progress.show_progress(event.answer_id, number, event.fraction, event.done)
        elif isinstance(event, AnswerRefined):
            self._show_refined(event)
        elif isinstance(event, QuestionSkipped):
            self.context.message(tr("interview.skipped"))
        elif isinstance(event, Warning):
            if event.kind == "llm":  # said once per interview by the engine; in the UI language
                self._show_banner(tr("interview.llm_fallback", detail=llm_reason(event.message)))
            else:
                self._show_banner(event.message)
        elif isinstance(event, Finished):
            self.context.message("")  # "Saved (8 s)" of the last answer is stale on the end page
            self.refine_progress.reset()
            self._shutdown(keep_grading=event.status == "finished")
            self.finished.emit(event.session_id, self._final_status(event))

    def _final_status(self, event: Finished) -> str:
        """An interview where every question was skipped is not "finished 0/2": it is kept as
        abandoned (its questions stay, nothing was answered)."""
        if event.status != "finished":
            return event.status
        if any(q.answers for q in self.context.store.get_session(event.session_id).questions):
            return event.status
        self.context.store.mark_abandoned(event.session_id)
        return "abandoned"

    def _show_final(self, event: AnswerSaved) -> None:
        """The final text, with the words the model was unsure of marked (from the stored word
        probabilities)."""
        segments = self.context.store.get_answer(event.answer_id).segments
        html, unsure = marked_html(event.transcript, segments)
        self._final_html = html
        self.transcript.setHtml(html)
        self.unsure_label.setText(tr("interview.unsure", n=unsure))
        self.unsure_label.setVisible(unsure > 0)

    def _show_refined(self, event: AnswerRefined) -> None:
        """The whole recording's transcript replaced the live one: redraw wherever this answer
        is on screen (the final text, the previous-answer strip, the study card)."""
        for i, saved in enumerate(self.saved_answers):
            if saved.answer_id == event.answer_id:
                self.saved_answers[i] = dataclasses.replace(
                    saved, transcript=event.transcript, analysis=event.analysis
                )
        latest = self.saved_answers[-1] if self.saved_answers else None
        if latest is not None and latest.answer_id == event.answer_id:
            if self._final_html is not None:
                self._show_final(latest)
            elif self.previous_box.isVisible():
                html, _unsure = marked_html(
                    event.transcript, self.context.store.get_answer(event.answer_id).segments
                )
                self.previous_text.setText(html)
        if self.study.isVisible() and self.study.answer_id == event.answer_id:
            if self.study.speaker.state == "idle" and self._study_args is not None:
                self.study.show_answer(event.answer_id, *self._study_args)
            else:  # the reference is being read aloud: only the feedback is redrawn
                self.study.refresh_feedback()
        self.context.message(tr("interview.refined"))

    def _answer_number(self, answer_id: int) -> int:
        """The answer's number in this run (1 for the first answer saved)."""
        ids = [saved.answer_id for saved in self.saved_answers]
        return ids.index(answer_id) + 1 if answer_id in ids else len(ids) + 1

    def _keep_previous_answer(self) -> None:
        """The answer just given stays readable above the next question (collapsible)."""
        html, self._final_html = self._final_html, None
        if not html:
            self.previous_box.hide()
            return
        self.previous_text.setText(html)
        self.previous_box.show()
        self._previous_toggled(self.previous_toggle.isChecked())

    def _previous_toggled(self, shown: bool) -> None:
        self.previous_text.setVisible(shown)
        self.previous_toggle.setArrowType(
            Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow
        )

    def _show_study(self, event: AnswerSaved) -> None:
        main = self._question is not None and self._question.kind == "main"
        bank_id = self._question.bank_id if main and self._question is not None else None
        question = (getattr(self.context.bank, "questions", {}) or {}).get(bank_id or "")
        language = "en" if self.engine is not None and self.engine.settings.language == "en" else "zh"
        self._study_args = (question, language)
        self.study.show_answer(event.answer_id, question, language)
        if self._built is not None and self._built.llm is not None:
            self._grade_pending_card = event.answer_id  # redrawn when the model's grade is in
        for widget in (self.transcript_caption, self.transcript):  # the card shows the transcript
            widget.hide()

    def _append_partial(self, text: str) -> None:
        # LiveTranscriber reports the whole text so far each time a piece is done.
        self.transcript.setPlainText(text)
        bar = self.transcript.verticalScrollBar()
        bar.setValue(bar.maximum())

    @staticmethod
    def is_generated(event: QuestionStarted) -> bool:
        """A follow-up the local model wrote (the engine says so on the event)."""
        return event.kind != "main" and event.generated

    def _show_question(self, event: QuestionStarted) -> None:
        i, n = event.index + 1 + self._offset, event.total + self._offset
        text = tr("interview.question_n", i=i, n=n)
        generated = self.is_generated(event)
        self.generated_tag.setVisible(generated)
        if event.kind != "main":
            k = (event.follow_up_index or 0) - (GENERATED_FOLLOW_UP_INDEX if generated else 0)
            text += " · " + tr("interview.follow_up", k=k + 1)
        if event.answer_seconds:  # the limit this question really has (its own, or the round's)
            m, sec = divmod(int(event.answer_seconds), 60)
            text += " · " + tr("interview.limit", t=f"{m}:{sec:02d}")
        self.progress_label.setText(text)
        self.question_label.setText(tr("interview.listen") if self._hide_text else event.text)

    def _show_banner(self, text: str) -> None:
        self.messages.append(text)
        self.banner.setText(text)
        self.banner.show()

    def _update_buttons(self) -> None:
        phase = self.engine.phase if self.engine is not None else Phase.IDLE
        answering = phase is Phase.ANSWERING
        self.answer_button.setText(tr("interview.stop" if answering else "interview.answer_now"))
        self.answer_button.setEnabled(
            phase in (Phase.READING, Phase.THINKING, Phase.ANSWERING, Phase.PAUSED)
        )
        self.repeat_button.setEnabled(phase in (Phase.READING, Phase.THINKING))
        self.skip_button.setEnabled(phase in (Phase.READING, Phase.THINKING, Phase.ANSWERING))
        paused = phase is Phase.PAUSED
        self.pause_button.setText(tr("interview.resume" if paused else "interview.pause"))
        live = phase not in (Phase.IDLE, Phase.FINISHED)
        self.pause_button.setEnabled(live)
        self.end_button.setEnabled(live)

    def _shutdown(self, keep_grading: bool = False) -> None:
        self.timer.stop()
        built, self._built = self._built, None
        if built is not None:
            if keep_grading and built.llm is not None and self.engine is not None:
                # The grades of the last answers arrive after Finished: keep storing them.
                built.close_transcription()
                until = time.monotonic() + built.llm.config.grade_deadline + 2.0
                self._grade_drain.append((self.engine, built, until))
                self.drain_timer.start()
            else:
                built.close()
        self._update_buttons()

    @property
    def grading(self) -> bool:
        """True while grades of a finished interview are still being collected."""
        return bool(self._grade_drain)

    def _drain_grades(self) -> None:
        """Store the grades that are ready (``finish_llm_work(0)`` never waits); stop once each
        interview's model is idle or its grade deadline has passed."""
        now = time.monotonic()
        left = []
        for engine, built, until in self._grade_drain:
            idle = built.llm is None or not built.llm.grading
            engine.finish_llm_work(0)
            if idle or now >= until:
                built.close_llm()
            else:
                left.append((engine, built, until))
        self._grade_drain = left
        if not left:
            self.drain_timer.stop()

    def stop_grading(self) -> None:
        """The window closes: stop waiting for grades (what arrived is stored)."""
        for engine, built, _until in self._grade_drain:
            engine.finish_llm_work(0)
            built.close_llm()
        self._grade_drain = []
        self.drain_timer.stop()
