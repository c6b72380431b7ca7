"""Study mode's card after each answer: the feedback, the reference answer (the key points it makes
highlighted, the ones the user missed marked), "听参考回答" through the question voice, and the
choice to answer again (A) or move on (Space / N). From the second attempt on, the comparison.

The reference answer is rendered by the same TTS renderer as the questions, in its own worker
thread (``TTSRenderer.render`` returns a Future, polled here); the render and the playback can
be cancelled at any time.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from mockinterview.gui.i18n import register, tr
from mockinterview.gui.review.compare_view import CompareView
from mockinterview.gui.review.feedback_card import FeedbackCard, certainty_reason
from mockinterview.store.attempts import session_of_question

register(
    {
        "study.heading": ("练习：这次回答", "Study: this answer"),
        "study.attempt": ("第 {n} 次回答", "Attempt {n}"),
        "study.reference": ("参考回答", "Reference answer"),
        "study.no_reference": (
            "题库里这道题还没有参考回答；下面只列出要点。",
            "The bank has no reference answer for this question yet; only its key points are listed.",
        ),
        "study.listen": ("听参考回答", "Listen to the reference"),
        "study.rendering": ("正在生成语音…（点击取消）", "Preparing the voice… (click to cancel)"),
        "study.stop_listening": ("停止播放", "Stop"),
        "study.no_voice": ("没有可用的语音，无法朗读参考回答。", "No voice is available to read the reference."),
        "study.voice_failed": ("参考回答朗读失败：{error}", "Could not read the reference aloud: {error}"),
        "study.again": ("再答一次 (A)", "Answer again (A)"),
        "study.next": ("下一题 (空格)", "Next question (Space)"),
        "study.points": ("要点", "Key points"),
        "study.covered": ("✔ 你讲到了", "✔ you covered"),
        "study.partly": ("◐ 讲到一部分", "◐ partly covered"),
        "study.missed": ("✗ 没有讲到", "✗ missed"),
        "study.unclear": ("? 转写不清，无法判断", "? not heard clearly: cannot tell"),
        "study.not_analysed": ("· 未分析", "· not analysed"),
        "study.in_reference": ("（参考回答中高亮）", "(highlighted in the reference)"),
        "study.at": ("▶ {t}", "▶ {t}"),
        "study.uncertain": (
            "转写有不确定的地方（{why}）：没找到的要点标为“无法判断”，而不是“没有讲到”。",
            "Parts of the transcript are uncertain ({why}): points not found are shown as "
            "'cannot tell', not 'missed'.",
        ),
        "study.prompts": ("答题时的提示：{items}", "Prompts while answering: {items}"),
        "fb.status.unclear": ("? 无法判断", "? unclear"),
    }
)

HIGHLIGHT = {"covered": "#c8e6c9", "partly": "#fff3bf", "missed": "#ffcdd2", "unclear": "#ffe0b2"}
POLL_MS = 50


def mmss(seconds: float) -> str:
    s = int(round(seconds))
    return f"{s // 60}:{s % 60:02d}"


def _highlights(card: dict[str, Any]) -> list[tuple[int, int, dict[str, Any]]]:
    """Non-overlapping (start, end, point row) spans of the reference, one clause per point."""
    spans = []
    for row in card.get("points") or []:
        ref = row.get("reference")
        if ref and ref.get("position") is not None and ref.get("evidence"):
            start = int(ref["position"])
            spans.append((start, start + len(ref["evidence"]), row))
    spans.sort(key=lambda s: s[0])
    kept, cursor = [], 0
    for start, end, row in spans:
        if start >= cursor:  # one point per clause: the first keeps it
            kept.append((start, end, row))
            cursor = end
    return kept


def reference_html(card: dict[str, Any]) -> str:
    """The reference with each key point's clause highlighted: green where the user made the point
    too, red (and ✗) where they missed it, orange where the transcript cannot tell."""
    text = card.get("reference_answer") or ""
    out, cursor = [], 0
    for start, end, row in _highlights(card):
        out.append(escape(text[cursor:start]))
        status = row.get("status", "missed")
        mark = "✗ " if status == "missed" else ""
        color = HIGHLIGHT.get(status, "#eeeeee")
        title = escape(str(row.get("point", "")), quote=True)
        out.append(
            f'<span style="background:{color};" title="{title}">{mark}{escape(text[start:end])}</span>'
        )
        cursor = end
    out.append(escape(text[cursor:]))
    return "".join(out)


STATUS_COLORS = {"covered": "#2e7d32", "partly": "#b28704", "missed": "#c62828", "unclear": "#8d6e00"}


def points_html(card: dict[str, Any]) -> str:
    rows = [f"<b>{escape(tr('study.points'))}</b>"]
    shown = {id(row) for _s, _e, row in _highlights(card)} if card.get("reference_answer") else set()
    for row in card.get("points") or []:
        status = row.get("status", "missed")
        key = "study." + status if status in HIGHLIGHT or status == "not_analysed" else "study.missed"
        color = STATUS_COLORS.get(status, "#555")
        line = f'<br><span style="color:{color};">{escape(tr(key))}</span>'
        line += f" {escape(str(row.get('point', '')))}"
        if row.get("at") is not None:
            at = float(row["at"])
            line += f' <a href="seek:{at}">{escape(tr("study.at", t=mmss(at)))}</a>'
        if id(row) in shown:
            line += f" <small>{escape(tr('study.in_reference'))}</small>"
        rows.append(line)
    return "".join(rows)


class ReferenceSpeaker(QObject):
    """Render a text with the question voice off the GUI thread, then play it; cancellable."""

    state_changed = Signal(str)  # "idle" | "rendering" | "playing"
    failed = Signal(str)

    def __init__(
        self, tts: Any, player_factory: Callable[[], Any] | None = None, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.tts = tts
        self._factory = player_factory
        self._player: Any = None
        self._future: Any = None
        self.state = "idle"
        self.played: list[Path] = []
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._poll)

    def speak(self, text: str) -> bool:
        self.cancel()
        if self.tts is None:
            self.failed.emit(tr("study.no_voice"))
            return False
        try:
            self._future = self.tts.render(text)
        except Exception as exc:  # the renderer refused at once (no engine, no voice)
            self.failed.emit(tr("study.voice_failed", error=exc))
            return False
        self._set("rendering")
        self._timer.start()
        return True

    def cancel(self) -> None:
        """Stop wherever it is: a render still queued is cancelled, one under way is ignored."""
        if self._future is not None:
            self._future.cancel()
            self._future = None
        if self._player is not None and self.state == "playing":
            try:
                self._player.stop()
            except Exception as exc:  # the device went away: nothing left to stop
                self.failed.emit(tr("study.voice_failed", error=exc))
        self._timer.stop()
        self._set("idle")

    def _poll(self) -> None:
        if self.state == "rendering":
            future = self._future
            if future is None or not future.done():
                return
            self._future = None
            try:
                path = Path(future.result())
            except Exception as exc:
                self._timer.stop()
                self._set("idle")
                self.failed.emit(tr("study.voice_failed", error=exc))
                return
            try:
                if self._player is None:
                    self._player = self._make_player()
                self._player.play(path)
            except Exception as exc:  # no output device
                self._timer.stop()
                self._set("idle")
                self.failed.emit(tr("study.voice_failed", error=exc))
                return
            self.played.append(path)
            self._set("playing")
        elif self.state == "playing":
            playing = self._player.is_playing
            if callable(playing):
                playing = playing()
            if not playing:
                self._timer.stop()
                self._set("idle")

    def _make_player(self) -> Any:
        if self._factory is not None:
            return self._factory()
        from mockinterview.speech.player import Player

        return Player()

    def _set(self, state: str) -> None:
        if state != self.state:
            self.state = state
            self.state_changed.emit(state)


class StudyPanel(QWidget):
    """Shown by the interview page after each answer in study mode."""

    again_requested = Signal()
    next_requested = Signal()
    seek_requested = Signal(int, float)  # answer id, seconds: its recording plays from there

    def __init__(
        self, context: Any, player_factory: Callable[[], Any] | None = None,
        parent: QWidget | None = None,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self.context = context
        self.card: dict[str, Any] = {}
        self.answer_id: int | None = None
        self.comparison: dict[str, Any] | None = None
        self.compare_view: CompareView | None = None
        self.feedback_card: FeedbackCard | None = None
        self.speaker = ReferenceSpeaker(context.tts, player_factory, self)
        self.speaker.state_changed.connect(self._speaker_state)
        self.speaker.failed.connect(self._speaker_failed)
        self._player_factory = player_factory
        self._recording_player: Any = None
        self._build_texts()
        buttons = self._build_buttons()
        self._lay_out(buttons)
        self.retranslate()

    def _build_texts(self) -> None:
        self.heading = QLabel()
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #8d6e00;")
        self.reference_caption = QLabel()
        self.reference = QTextBrowser()
        self.reference.setOpenLinks(False)
        self.reference.setMinimumHeight(90)
        self.points = QLabel()
        self.points.setWordWrap(True)
        self.points.setTextFormat(Qt.TextFormat.RichText)
        self.points.linkActivated.connect(self._link)

    def _build_buttons(self) -> QHBoxLayout:
        """Listen to the reference | answer again | next (none takes focus)."""
        self.listen_button = QPushButton()
        self.listen_button.clicked.connect(self.toggle_listen)
        self.again_button = QPushButton()
        self.again_button.clicked.connect(self.again_requested)
        self.next_button = QPushButton()
        self.next_button.clicked.connect(self.next_requested)
        for button in (self.listen_button, self.again_button, self.next_button):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Space belongs to the page
        buttons = QHBoxLayout()
        buttons.addWidget(self.listen_button)
        buttons.addStretch(1)
        buttons.addWidget(self.again_button)
        buttons.addWidget(self.next_button)
        return buttons

    def _lay_out(self, buttons: QHBoxLayout) -> None:
        self.body = QWidget()
        self.body_layout = QVBoxLayout(self.body)
        self.body_layout.setContentsMargins(0, 0, 0, 0)
        self.body_layout.addWidget(self.heading)
        self.body_layout.addWidget(self.note)
        self.body_layout.addWidget(self.reference_caption)
        self.body_layout.addWidget(self.reference)
        self.body_layout.addWidget(self.points)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.body)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)

    def retranslate(self) -> None:
        self.reference_caption.setText(tr("study.reference"))
        self.again_button.setText(tr("study.again"))
        self.next_button.setText(tr("study.next"))
        self._speaker_state(self.speaker.state)

    # ------------------------------------------------------------------ content
    def show_answer(self, answer_id: int, bank_question: Any, language: str = "zh") -> None:
        """Fill the panel for a saved answer (its analysis and attempts come from the store)."""
        from mockinterview.feedback.reference import study_card
        from mockinterview.review.attempts import attempts_of, compare

        self.speaker.cancel()
        store = self.context.store
        answer = store.get_answer(answer_id)
        asked = self._asked(answer.question_id)
        self.answer_id = answer_id
        self.card = study_card(bank_question, answer.analysis, language=language,
                               key_points=list(asked.key_points) if asked else None)  # fmt: skip
        attempts = attempts_of(store, asked) if asked is not None else []
        number = next((a.number for a in attempts if a.answer.id == answer_id), 1)
        self.heading.setText(f"{tr('study.heading')} · {tr('study.attempt', n=number)}")
        certainty = (answer.analysis or {}).get("transcript_certainty") or {}
        notes = []
        if certainty.get("uncertain"):
            notes.append(tr("study.uncertain", why=certainty_reason(certainty)))
        mine = next((a for a in attempts if a.answer.id == answer_id), None)
        if mine is not None and mine.prompts:
            notes.append(tr("study.prompts", items="；".join(p.get("text", "") for p in mine.prompts)))
        self.note.setText("\n".join(notes))
        self.note.setVisible(bool(notes))
        if self.card["reference_answer"]:
            self.reference.setHtml(reference_html(self.card))
            self.reference.show()
            self.reference_caption.setText(tr("study.reference"))
        else:
            self.reference.clear()
            self.reference.hide()
            self.reference_caption.setText(tr("study.no_reference"))
        self.listen_button.setEnabled(bool(self.card["reference_answer"]))
        self.points.setText(points_html(self.card))

        self._show_feedback(asked, answer)
        if self.compare_view is not None:
            self.compare_view.deleteLater()
            self.compare_view = None
        self.comparison = None
        if len(attempts) >= 2 and mine is not None and mine.number >= 2:
            self.comparison = compare(attempts[mine.number - 2], mine, bank_question)
            self.compare_view = CompareView(self.comparison, store.audio_file, self._player_factory)
            self.body_layout.insertWidget(2, self.compare_view)  # what changed comes first
        self.show()

    def _show_feedback(self, asked: Any, answer: Any) -> None:
        if self.feedback_card is not None:
            self.feedback_card.deleteLater()
            self.feedback_card = None
        if asked is not None:
            self.feedback_card = FeedbackCard(asked, str(asked.position + 1), answer)
            self.feedback_card.seek_requested.connect(self.play_from)
            self.body_layout.addWidget(self.feedback_card)  # after the reference and the points

    def refresh_feedback(self) -> None:
        """Redraw only the feedback card from the store (the local model's grade arrives after
        the card is first shown); the reference being read aloud goes on."""
        if self.answer_id is None:
            return
        answer = self.context.store.get_answer(self.answer_id)
        self._show_feedback(self._asked(answer.question_id), answer)

    def _asked(self, question_id: int) -> Any:
        session_id = session_of_question(self.context.store, question_id)
        if session_id is None:
            return None
        detail = self.context.store.get_session(session_id)
        return next((q for q in detail.questions if q.id == question_id), None)

    # ------------------------------------------------------------------ listening
    def toggle_listen(self) -> None:
        if self.speaker.state == "idle":
            text = self.card.get("reference_answer")
            if text:
                self.speaker.speak(text)
        else:
            self.speaker.cancel()

    def _speaker_state(self, state: str) -> None:
        key = {"idle": "study.listen", "rendering": "study.rendering"}.get(state, "study.stop_listening")
        self.listen_button.setText(tr(key))

    def _speaker_failed(self, message: str) -> None:
        self.note.setText(message)
        self.note.show()

    def _link(self, href: str) -> None:
        if href.startswith("seek:") and self.answer_id is not None:
            self.play_from(self.answer_id, float(href[5:]))

    def play_from(self, answer_id: int, seconds: float) -> None:
        """A key point's time was clicked: play the recording from that moment (the interview is
        only paused, so this stays on the page instead of opening the replay)."""
        self.seek_requested.emit(answer_id, seconds)
        answer = self.context.store.get_answer(answer_id)
        if not answer.audio_path:
            return
        self.speaker.cancel()
        try:
            if self._recording_player is None:
                self._recording_player = self.speaker._make_player()
            self._recording_player.play(self.context.store.audio_file(answer.audio_path),
                                        start=max(0.0, seconds - 0.3))  # fmt: skip
        except Exception as exc:  # no output device: say so on the card
            self._speaker_failed(tr("study.voice_failed", error=exc))

    def hideEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        self.speaker.cancel()
        if self._recording_player is not None:
            self._recording_player.stop()
        if self.compare_view is not None:
            self.compare_view.stop()
        super().hideEvent(event)
