"""Replay of one session: listen to questions and answers (speed, seek, waveform, word highlight),
self-assess each answer (saved and scheduled for review), re-transcribe, export and import.

Reading the session, computing waveforms and re-transcribing run in BackgroundTasks; a
re-transcription replaces an answer's transcript only once its new one is complete.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import TimeoutError as FutureTimeout
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from mockinterview.gui.context import AppContext
from mockinterview.gui.i18n import register, tr
from mockinterview.gui.review.answer_panel import QuestionPanel, answer_key, question_key
from mockinterview.gui.review.playback import PlaybackController
from mockinterview.gui.review.waveform import compute_peaks
from mockinterview.gui.tasks import BackgroundTask, TaskContext
from mockinterview.review.correction import CorrectionError, correct_transcript
from mockinterview.review.export import (
    export_json,
    export_markdown,
    import_session,
)
from mockinterview.review.retranscribe import retranscribe_answer
from mockinterview.review.scheduling import rate_and_schedule
from mockinterview.speech.asr import Transcriber
from mockinterview.store import SessionDetail, StoreError
from mockinterview.store.attempts import session_attempt_rows

register(
    {
        "replay.title": ("面试回放 #{id} · {round} · {when}", "Replay #{id} · {round} · {when}"),
        "replay.empty": ("从历史记录中选择一场面试。", "Pick a session in the history."),
        "replay.speed": ("语速", "Speed"),
        "replay.export_md": ("导出 Markdown", "Export Markdown"),
        "replay.report": ("反馈报告", "Feedback report"),
        "replay.export_json": ("导出 JSON", "Export JSON"),
        "replay.import_json": ("导入 JSON", "Import JSON"),
        "replay.retranscribe_all": ("整场重新识别", "Re-transcribe session"),
        "replay.cancel": ("取消", "Cancel"),
        "replay.model": ("模型", "Model"),
        "replay.device": ("计算设备", "Compute device"),
        "replay.waveform_failed": (
            "无法读取录音的波形：{error}",
            "Cannot read the recording's waveform: {error}",
        ),
        "replay.correction_saved": (
            "已保存修改，分析已按修改后的文字重新计算",
            "Correction saved; the feedback was recomputed from the corrected text",
        ),
        "replay.load_failed": ("无法打开这场面试：{error}", "Cannot open this session: {error}"),
        "replay.saved": ("已保存", "Saved"),
        "replay.save_failed": ("保存失败：{error}", "Saving failed: {error}"),
        "replay.exported": ("已导出到 {path}", "Exported to {path}"),
        "replay.export_failed": ("导出失败：{error}", "Export failed: {error}"),
        "replay.imported": ("已导入为面试 #{id}", "Imported as session #{id}"),
        "replay.import_failed": ("导入失败：{error}", "Import failed: {error}"),
        "replay.transcribing": ("正在识别 {i}/{n}…", "Transcribing {i}/{n}…"),
        "replay.loading_model": ("正在加载模型 {name}…", "Loading model {name}…"),
        "replay.transcribed": ("已重新识别 {n} 个回答", "Re-transcribed {n} answer(s)"),
        "replay.transcribe_cancelled": (
            "已取消；已完成的 {n} 个回答已更新，其余保持原样",
            "Cancelled; {n} finished answer(s) updated, the rest kept as they were",
        ),
        "replay.transcribe_failed": ("重新识别失败：{error}", "Re-transcription failed: {error}"),
        "replay.play_failed": ("无法播放：{error}", "Cannot play: {error}"),
        "replay.round.hr": ("HR 面", "HR"),
        "replay.round.technical": ("技术面", "Technical"),
        "replay.round.project": ("项目深挖", "Project"),
        "replay.round.mixed": ("综合", "Mixed"),
    }
)

log = logging.getLogger(__name__)
SPEEDS = (0.75, 1.0, 1.25, 1.5)
MODELS = ("base", "small", "medium", "large-v3", "turbo")
DEVICES = ("auto", "cpu", "cuda")
ROUNDS = ("hr", "technical", "project", "mixed")


def local_time(when: datetime) -> str:
    """Stored times are UTC; people read their own clock."""
    aware = when if when.tzinfo else when.replace(tzinfo=timezone.utc)
    return aware.astimezone().strftime("%Y-%m-%d %H:%M")


class ReplayPage(QWidget):
    loaded = Signal(int)  # session id on screen
    transcription_done = Signal(int)  # answers updated
    corrected = Signal(int)  # answer id whose correction was saved

    def __init__(
        self,
        context: AppContext,
        parent: QWidget | None = None,
        player_factory: Callable[[], Any] | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.detail: SessionDetail | None = None
        self.panels: list[QuestionPanel] = []
        self._tasks: set[BackgroundTask] = set()
        self.transcribe_task: BackgroundTask | None = None
        self._load_generation = 0
        self.playback = PlaybackController(player_factory or self._make_player, self)
        self.playback.position_changed.connect(self._position)
        self.playback.state_changed.connect(self._state)
        self.playback.error.connect(lambda e: self._status(tr("replay.play_failed", error=e)))
        self._last_key: str | None = None  # what Space plays or pauses
        self._build_toolbar()
        self._build_body()
        self._set_session_actions(False)
        self.retranslate()

    def _build_toolbar(self) -> None:
        self.title = QLabel()
        self.title.setStyleSheet("font-size: 18px; font-weight: 600;")
        self.title.setWordWrap(True)
        self.speed_label, self.model_label, self.device_label = QLabel(), QLabel(), QLabel()
        self.speed_box = QComboBox()
        for speed in SPEEDS:
            self.speed_box.addItem(f"{speed:g}×", speed)
        self.speed_box.setCurrentIndex(SPEEDS.index(1.0))
        self.speed_box.currentIndexChanged.connect(
            lambda _i: self.playback.set_speed(float(self.speed_box.currentData()))
        )
        self.model_box = QComboBox()
        self.model_box.setEditable(True)
        self.model_box.addItems(MODELS)
        self.model_box.setCurrentText(self.context.prefs.model)
        self.device_box = QComboBox()
        self.device_box.addItems(DEVICES)
        self.device_box.setCurrentText(self.context.prefs.device)
        self.report_button = QPushButton()
        self.export_md_button = QPushButton()
        self.export_json_button = QPushButton()
        self.import_button = QPushButton()
        self.retranscribe_button = QPushButton()
        self.cancel_button = QPushButton()
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(200)
        self.progress.hide()
        self.cancel_button.hide()
        self.report_button.clicked.connect(self.open_report)
        self.export_md_button.clicked.connect(lambda: self._export_dialog("md"))
        self.export_json_button.clicked.connect(lambda: self._export_dialog("json"))
        self.import_button.clicked.connect(self._import_dialog)
        self.retranscribe_button.clicked.connect(lambda: self.retranscribe(None))
        self.cancel_button.clicked.connect(self.cancel_transcription)

    def _build_body(self) -> None:
        bar = QHBoxLayout()
        bar.addWidget(self.speed_label)
        bar.addWidget(self.speed_box)
        bar.addStretch(1)
        for button in (self.report_button, self.export_md_button, self.export_json_button,
                       self.import_button):  # fmt: skip
            bar.addWidget(button)
        transcribe_bar = QHBoxLayout()
        for widget in (self.model_label, self.model_box, self.device_label, self.device_box,
                       self.retranscribe_button, self.progress, self.cancel_button):  # fmt: skip
            transcribe_bar.addWidget(widget)
        transcribe_bar.addStretch(1)
        self.body = QWidget()
        self.body_layout = QVBoxLayout(self.body)
        self.body_layout.addStretch(1)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setWidget(self.body)
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(bar)
        layout.addLayout(transcribe_bar)
        layout.addWidget(self.scroll_area, 1)
        layout.addWidget(self.status_label)

    def retranslate(self) -> None:
        self.speed_label.setText(tr("replay.speed"))
        self.model_label.setText(tr("replay.model"))
        self.device_label.setText(tr("replay.device"))
        self.report_button.setText(tr("replay.report"))
        self.export_md_button.setText(tr("replay.export_md"))
        self.export_json_button.setText(tr("replay.export_json"))
        self.import_button.setText(tr("replay.import_json"))
        self.retranscribe_button.setText(tr("replay.retranscribe_all"))
        self.cancel_button.setText(tr("replay.cancel"))
        self._show_title()
        for panel in self.panels:
            panel.retranslate()

    def _show_title(self) -> None:
        detail = self.detail
        if detail is None:
            self.title.setText(tr("replay.empty"))
            return
        when = local_time(detail.started_at)
        round_name = tr(f"replay.round.{detail.round}") if detail.round in ROUNDS else detail.round
        self.title.setText(tr("replay.title", id=detail.id, round=round_name, when=when))

    def _make_player(self) -> Any:
        from mockinterview.speech.player import Player

        return Player(device=self.context.prefs.output_device, speed=self.playback.speed)

    # ------------------------------------------------------------------ loading
    def on_show(
        self, session_id: int | None = None, question_id: int | None = None, **kw: Any
    ) -> None:
        # seek_answer/seek: a key-point hit clicked in the report or the study card
        self._pending_seek = (
            (int(kw["seek_answer"]), float(kw.get("seek") or 0.0)) if "seek_answer" in kw else None
        )
        if session_id is not None:
            self.load_session(int(session_id), question_id)

    def load_session(self, session_id: int, question_id: int | None = None) -> None:
        self.playback.stop()
        self._load_generation += 1
        generation = self._load_generation
        store = self.context.store
        self._run(
            lambda ctx: store.get_session(session_id),
            lambda detail: self._show(generation, detail, question_id),
            lambda exc: self._status(tr("replay.load_failed", error=exc)),
        )

    def _show(self, generation: int, detail: SessionDetail, question_id: int | None) -> None:
        if generation != self._load_generation:
            return
        self.detail = detail
        self._last_key = None
        for panel in self.panels:
            panel.deleteLater()
        self.panels = []
        vocabulary = dict(self.context.bank.topics)
        main_number = 0
        for question in detail.questions:
            if question.kind != "follow_up":
                main_number += 1
            panel = QuestionPanel(question, str(main_number), vocabulary)
            self._wire_panel(panel)
            self.body_layout.insertWidget(self.body_layout.count() - 1, panel)
            panel.show()  # a child added to a visible widget is not shown by itself
            self.panels.append(panel)
            if question.answer is not None and question.answer.audio_path:
                self._load_waveform(panel, question.answer.audio_path)
        self._show_title()
        self._set_session_actions(True)
        # A new session starts at its top, not at the previous session's scroll position.
        self.scroll_area.verticalScrollBar().setValue(0)
        target = self.panel_for_question(question_id) if question_id else None
        if target is not None:
            self.scroll_area.ensureWidgetVisible(target)
        from mockinterview.gui.replay_practice import add_practice_controls

        add_practice_controls(self, detail)  # 再答一次 per question; a pending key-point seek
        self.loaded.emit(detail.id)

    def _wire_panel(self, panel: QuestionPanel) -> None:
        panel.play_requested.connect(self.toggle_play)
        panel.seek_requested.connect(self.playback.seek)
        panel.word_requested.connect(self.play_from)
        panel.assessment_changed.connect(self.save_assessment)
        panel.tags_changed.connect(self.save_tags)
        panel.retranscribe_requested.connect(lambda aid: self.retranscribe([aid]))
        panel.correction_requested.connect(self.save_correction)

    def _load_waveform(self, panel: QuestionPanel, stored: str) -> None:
        path = self.context.store.audio_file(stored)

        def done(result: Any) -> None:
            if panel in self.panels:
                panel.waveform.set_peaks(*result)

        def failed(exc: BaseException) -> None:  # a damaged or missing file: say so
            if panel in self.panels:
                panel.no_audio.setText(tr("replay.waveform_failed", error=exc))
                panel.no_audio.show()
                panel.waveform.hide()
            self._status(tr("replay.waveform_failed", error=exc))

        self._run(lambda ctx: compute_peaks(path), done, failed)

    def panel_for_question(self, question_id: int | None) -> QuestionPanel | None:
        return next((p for p in self.panels if p.question.id == question_id), None)

    def panel_for_answer(self, answer_id: int) -> QuestionPanel | None:
        return next(
            (p for p in self.panels if p.answer is not None and p.answer.id == answer_id), None
        )

    # ------------------------------------------------------------------ playback
    def audio_path_for(self, key: str) -> Path | None:
        for panel in self.panels:
            q = panel.question
            if key == question_key(q.id) and q.audio_path:
                return Path(self.context.store.audio_file(q.audio_path))
            a = panel.answer
            if a is not None and key == answer_key(a.id) and a.audio_path:
                return Path(self.context.store.audio_file(a.audio_path))
        return None

    def toggle_play(self, key: str) -> None:
        path = self.audio_path_for(key)
        if path is not None:
            self._last_key = key
            self.playback.toggle(key, path)

    def play_from(self, key: str, seconds: float) -> None:
        """A click on a word: play the answer from that word."""
        path = self.audio_path_for(key)
        if path is not None:
            self._last_key = key
            self.playback.play(key, path, start=seconds)

    def handle_key(self, key: int) -> bool:
        """Space (or K) plays or pauses the answer last played (else the first answer)."""
        if key not in (Qt.Key.Key_Space, Qt.Key.Key_K) or self.detail is None:
            return False
        target = self._last_key or next(
            (answer_key(p.answer.id) for p in self.panels if p.answer and p.answer.audio_path),
            None,
        )
        if target is None:
            return False
        self.toggle_play(target)
        return True

    def keyPressEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        if event.modifiers() or not self.handle_key(event.key()):
            super().keyPressEvent(event)

    def _position(self, key: str, seconds: float) -> None:
        for panel in self.panels:
            panel.set_position(key, seconds)

    def _state(self, key: str, playing: bool) -> None:
        for panel in self.panels:
            panel.set_playing(key, playing)

    # ------------------------------------------------------------------ self-assessment
    def save_assessment(self, answer_id: int) -> None:
        panel = self.panel_for_answer(answer_id)
        if panel is None:
            return
        rating, weak, notes = panel.rating.value(), panel.weak.isChecked(), panel.notes.text()
        try:
            if rating is None:
                self.context.store.rate_answer(answer_id, None, notes, weak)
            else:
                rate_and_schedule(self.context.store, answer_id, rating, notes, weak)
        except (StoreError, ValueError) as exc:  # a message for people; the page stays usable
            log.warning("saving the self-assessment of answer %s failed: %s", answer_id, exc)
            self._status(tr("replay.save_failed", error=exc))
            return
        self._status(tr("replay.saved"))

    def save_tags(self, answer_id: int) -> None:
        panel = self.panel_for_answer(answer_id)
        if panel is None:
            return
        try:
            self.context.store.set_tags(answer_id, panel.tags.topics(), panel.tags.free_tags())
        except StoreError as exc:
            log.warning("saving the tags of answer %s failed: %s", answer_id, exc)
            self._status(tr("replay.save_failed", error=exc))
            return
        self._status(tr("replay.saved"))

    # ------------------------------------------------------------------ correction
    def save_correction(self, answer_id: int, text: str) -> None:
        """The user's corrected transcript: saved (the model's text kept), the analysis
        recomputed from it, the panel redrawn."""
        if self.detail is None:
            return
        bank = self.context.bank
        try:
            answer = correct_transcript(
                self.context.store, self.detail.id, answer_id, text,
                bank_questions=bank.questions, topics=bank.topics,
            )  # fmt: skip
        except (CorrectionError, StoreError) as exc:
            self._status(tr("replay.save_failed", error=exc))
            return
        panel = self.panel_for_answer(answer_id)
        if panel is not None:
            panel.show_answer(answer)
        self._status(tr("replay.correction_saved"))
        self.corrected.emit(answer_id)

    # ------------------------------------------------------------------ re-transcription
    def retranscribe(self, answer_ids: list[int] | None) -> BackgroundTask | None:
        """Re-transcribe some answers (None: every answer with audio) with the chosen model and
        device; each transcript is replaced only when its new one is complete."""
        if self.detail is None or self.transcribe_task is not None:
            return None
        answers = [
            a
            for a in self.detail.answers
            if a.audio_path and (answer_ids is None or a.id in answer_ids)
        ]
        if not answers:
            return None
        model = self.model_box.currentText().strip() or "base"
        device = self.device_box.currentText()
        loaded = self.context.transcriber()
        store, data_dir = self.context.store, self.context.data_dir
        language = self.context.prefs.language
        session_id = self.detail.id
        bank = self.context.bank
        jobs = [(a.id, a.language) for a in answers]

        def work(ctx: TaskContext) -> tuple[int, bool]:
            transcriber, own = _transcriber_for(loaded, model, device, data_dir, ctx)
            done = 0
            try:
                for i, (answer_id, answer_language) in enumerate(jobs):
                    if ctx.cancelled.is_set() or transcriber is None:
                        break
                    ctx.progress(i / len(jobs), tr("replay.transcribing", i=i + 1, n=len(jobs)))
                    lang = answer_language if language == "auto" else language
                    # Stores the new transcript only once it is complete, then recomputes the
                    # feedback analysis from it (the stored one would describe the old text).
                    try:
                        retranscribe_answer(
                            store, session_id, answer_id, _CancelAware(transcriber, ctx),
                            language=lang or None,
                            bank_questions=bank.questions, topics=bank.topics,
                        )  # fmt: skip
                    except _Cancelled:
                        break  # asked to stop: this result is dropped, the old one stays
                    done += 1
                ctx.progress(1.0, "")
            finally:
                if own and transcriber is not None:
                    transcriber.close()
            return done, ctx.cancelled.is_set()

        task = self._run(work, self._transcribed, self._transcribe_failed)
        task.progress.connect(self._transcribe_progress)
        self.transcribe_task = task
        self.progress.setRange(0, 0)
        self.progress.show()
        self.cancel_button.show()
        self.retranscribe_button.setEnabled(False)
        return task

    def cancel_transcription(self) -> None:
        if self.transcribe_task is not None:
            self.transcribe_task.cancel()

    def _transcribe_progress(self, fraction: float, text: str) -> None:
        if fraction < 0:
            self.progress.setRange(0, 0)
        else:
            self.progress.setRange(0, 1000)
            self.progress.setValue(int(fraction * 1000))
        if text:
            self._status(text)

    def _transcription_over(self) -> None:
        self.transcribe_task = None
        self.progress.hide()
        self.cancel_button.hide()
        self.retranscribe_button.setEnabled(True)

    def _transcribed(self, result: tuple[int, bool]) -> None:
        done, cancelled = result
        self._transcription_over()
        key = "replay.transcribe_cancelled" if cancelled else "replay.transcribed"
        self._status(tr(key, n=done))
        self._refresh_answers()
        self.transcription_done.emit(done)

    def _transcribe_failed(self, exc: BaseException) -> None:
        self._transcription_over()
        self._status(tr("replay.transcribe_failed", error=exc))
        self._refresh_answers()
        self.transcription_done.emit(0)

    def _refresh_answers(self) -> None:
        if self.detail is None:
            return
        try:
            self.detail = self.context.store.get_session(self.detail.id)
        except StoreError as exc:
            log.warning("re-reading session %s failed: %s", self.detail.id, exc)
            self._status(tr("replay.load_failed", error=exc))
            return
        for question in self.detail.questions:
            panel = self.panel_for_question(question.id)
            if panel is not None and question.answer is not None and panel.answer is not None:
                panel.show_answer(question.answer)

    # ------------------------------------------------------------------ export / import
    def export_to(self, path: Path, fmt: str) -> bool:
        if self.detail is None:
            return False
        try:
            detail = self.context.store.get_session(self.detail.id)
            if fmt == "md":
                text = export_markdown(detail)
            else:  # with the attempts, so an import keeps their mode, origin and prompts
                text = export_json(detail, session_attempt_rows(self.context.store, detail.id))
            Path(path).write_text(text, encoding="utf-8")
        except (OSError, StoreError) as exc:  # disk full, no permission...: say so
            log.warning("export to %s failed: %s", path, exc)
            self._status(tr("replay.export_failed", error=exc))
            return False
        self._status(tr("replay.exported", path=path))
        return True

    def import_from(self, path: Path) -> int | None:
        try:
            session_id = import_session(self.context.store, Path(path))
        except (OSError, StoreError, ValueError) as exc:  # SessionImportError says where and why
            log.warning("import of %s failed: %s", path, exc)
            self._status(tr("replay.import_failed", error=exc))
            return None
        self._status(tr("replay.imported", id=session_id))
        self.load_session(session_id)
        return session_id

    def _export_dialog(self, fmt: str) -> None:
        if self.detail is None:
            return
        suffix = "md" if fmt == "md" else "json"
        name, _ = QFileDialog.getSaveFileName(
            self,
            tr("replay.export_md" if fmt == "md" else "replay.export_json"),
            str(Path.home() / f"interview-{self.detail.id}.{suffix}"),
            f"*.{suffix}",
        )
        if name:
            self.export_to(Path(name), fmt)

    def _import_dialog(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, tr("replay.import_json"), str(Path.home()), "*.json"
        )
        if name:
            self.import_from(Path(name))

    # ------------------------------------------------------------------ helpers
    def _set_session_actions(self, on: bool) -> None:
        for button in (self.export_md_button, self.export_json_button, self.retranscribe_button):
            button.setEnabled(on)
        self.report_button.setEnabled(on and self.context.has_page("report"))

    def open_report(self) -> None:
        """The session's feedback report (report page)."""
        if self.detail is not None:
            self.context.navigate("report", session_id=self.detail.id)

    def _run(self, fn: Any, ok: Any, failed: Any) -> BackgroundTask:
        task = BackgroundTask(fn, self)
        task.succeeded.connect(ok)
        task.failed.connect(failed)
        task.finished.connect(lambda: self._tasks.discard(task))
        self._tasks.add(task)
        return task.start()

    def _status(self, text: str) -> None:
        self.status_label.setText(text)
        self.context.message(text)

    def hideEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        self.playback.pause()  # leaving the page stops the sound
        super().hideEvent(event)


def _transcriber_for(
    loaded: Transcriber | None, model: str, device: str, data_dir: Path, ctx: TaskContext
) -> tuple[Transcriber | None, bool]:
    """The app's transcriber when it is the chosen model/device, else a new one (owned: closed
    after use); None when cancelled while loading."""
    if (
        loaded is not None
        and getattr(loaded, "model_name", None) == model
        and (device == "auto" or getattr(loaded, "device", None) == device)
    ):
        return loaded, False
    from mockinterview import paths

    ctx.progress(None, tr("replay.loading_model", name=model))
    transcriber = Transcriber(model=model, device=device, cache_dir=paths.model_cache_dir(data_dir))
    while True:
        if ctx.cancelled.is_set():
            transcriber.close()
            return None, False
        try:
            transcriber.wait_ready(timeout=0.2)
            return transcriber, True
        except FutureTimeout:  # concurrent.futures' own class on Python 3.10
            continue


class _Cancelled(Exception):
    """Raised between transcription and storing when the user cancelled meanwhile."""


class _CancelAware:
    """Wraps a transcriber so a result that arrives after Cancel is never stored."""

    def __init__(self, transcriber: Any, ctx: TaskContext) -> None:
        self._transcriber = transcriber
        self._ctx = ctx

    def transcribe(self, *args: Any, **kwargs: Any) -> Any:
        result = self._transcriber.transcribe(*args, **kwargs)
        if self._ctx.cancelled.is_set():
            raise _Cancelled
        return result
