"""One asked question on the replay page: its audio, the answer's waveform and transcript, the key
points beside it, the feedback, the self-assessment (rating, notes, tags, weak), and the
transcript correction (the model's text is kept and shown).

The panel only shows and collects; the page does the store writes and the playback (it owns one
PlaybackController for all panels), so each panel emits what the user did.
"""

from __future__ import annotations

import contextlib
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from mockinterview.bank.models import Topic
from mockinterview.gui.i18n import register, tr
from mockinterview.gui.review.feedback_card import (
    fillers_text,
    key_points_html,
    pause_lines,
    rate_text,
    time_text,
)
from mockinterview.gui.review.llm_grade import generated_tag_html, is_generated, side_by_side_html
from mockinterview.gui.review.rating_widget import RatingWidget
from mockinterview.gui.review.tag_editor import TagEditor
from mockinterview.gui.review.transcript_view import TranscriptView
from mockinterview.gui.review.waveform import WaveformView
from mockinterview.store import Answer, AskedQuestion

register(
    {
        "replay.play_question": ("▶ 播放问题", "▶ Play question"),
        "replay.play_answer": ("▶ 播放回答", "▶ Play answer"),
        "replay.pause": ("❚❚ 暂停", "❚❚ Pause"),
        "replay.follow_up": ("追问", "Follow-up"),
        "replay.key_points": ("要点", "Key points"),
        "replay.no_answer": ("（没有回答）", "(not answered)"),
        "replay.no_audio": ("（没有录音）", "(no recording)"),
        "replay.rating": ("自评", "Self-rating"),
        "replay.notes": ("笔记…", "Notes…"),
        "replay.weak": ("薄弱", "Weak"),
        "replay.tags": (
            "标签（主题 + 自由标签，用逗号分隔）",
            "Tags (topics + free tags, comma-separated)",
        ),
        "replay.feedback": ("分析", "Feedback"),
        "replay.retranscribe_one": ("重新识别", "Re-transcribe"),
        "replay.model_info": ("模型 {model} · {device}", "model {model} · {device}"),
        "replay.correct": ("修改转写", "Correct transcript"),
        "replay.correct_save": ("保存修改", "Save correction"),
        "replay.correct_cancel": ("取消", "Cancel"),
        "replay.corrected": (
            "已人工修改；识别原文：{original}",
            "Corrected by you; the model heard: {original}",
        ),
        "replay.unsure_hint": (
            "橙色虚线 = 识别不确定的词（{n} 个），请核对，必要时“修改转写”",
            "Orange dotted = words the model was unsure of ({n}); check them and correct if needed",
        ),
    }
)


def answer_key(answer_id: int) -> str:
    return f"a{answer_id}"


def question_key(question_id: int) -> str:
    return f"q{question_id}"


def feedback_html(analysis: dict[str, object] | None) -> str:
    """The stored analysis in the UI language (the same texts as the report's feedback cards).
    A value of the wrong type in a stored analysis (a hand-edited import) leaves its line out
    instead of breaking the page."""
    if not analysis or not isinstance(analysis, dict):
        return ""
    lines: list[str] = []
    for make in (time_text, lambda a: rate_text(a.get("rate") or {}), fillers_text):
        try:
            lines.append(escape(make(analysis)))
        except (TypeError, ValueError, KeyError, AttributeError):
            continue
    with contextlib.suppress(TypeError, ValueError, KeyError, AttributeError):
        lines += [escape(line) for line in pause_lines(analysis)]
    try:
        points = key_points_html(analysis)
    except (TypeError, ValueError, KeyError, AttributeError):
        points = ""
    with contextlib.suppress(TypeError, ValueError, KeyError, AttributeError):
        points = side_by_side_html(points, analysis)  # the local model's grade beside, if any
    return "<br>".join(lines) + (f"<p>{points}</p>" if points else "")


class QuestionPanel(QGroupBox):
    play_requested = Signal(str)  # key ("q<id>" / "a<id>")
    seek_requested = Signal(str, float)  # waveform click: move the position
    word_requested = Signal(str, float)  # word click: play from that word
    assessment_changed = Signal(int)  # answer id: rating / notes / weak edited
    tags_changed = Signal(int)  # answer id
    retranscribe_requested = Signal(int)  # answer id
    correction_requested = Signal(int, str)  # answer id, corrected text

    def __init__(
        self,
        question: AskedQuestion,
        number: str,
        vocabulary: dict[str, Topic],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.question = question
        self.answer: Answer | None = question.answer
        self.number = number
        self._notes_saved = ""
        self._make_widgets(vocabulary)
        layout = QGridLayout(self)
        layout.addWidget(self.heading, 0, 0, 1, 2)
        layout.addWidget(self.points, 1, 1)
        layout.setColumnStretch(0, 3)
        layout.setColumnStretch(1, 2)
        left = QVBoxLayout()
        left.addWidget(self.play_question, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addLayout(left, 1, 0)
        if self.answer is None:
            left.addWidget(self.no_answer)
        else:
            self._lay_out_answer(layout, left, self.answer)
        self.retranslate()

    # ------------------------------------------------------------------ building
    def _make_widgets(self, vocabulary: dict[str, Topic]) -> None:
        question = self.question
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.play_question = QPushButton()
        self.play_question.setVisible(bool(question.audio_path))
        self.play_question.clicked.connect(
            lambda: self.play_requested.emit(question_key(question.id))
        )
        # Key points beside the transcript, so the user compares the two.
        self.points = QLabel()
        self.points.setWordWrap(True)
        self.points.setTextFormat(Qt.TextFormat.RichText)
        self.points.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.points.setMinimumWidth(220)
        self.no_answer = QLabel()
        self.no_audio = QLabel()
        self.waveform = WaveformView()
        self.transcript = TranscriptView()
        self.unsure_label = QLabel()
        self.unsure_label.setWordWrap(True)
        self.unsure_label.setStyleSheet("color: #b35c00;")
        self.corrected_label = QLabel()
        self.corrected_label.setWordWrap(True)
        self.corrected_label.setStyleSheet("color: palette(mid);")
        self.correct_button = QPushButton()
        self.editor = QPlainTextEdit()
        self.editor.setMinimumHeight(70)
        self.save_correction = QPushButton()
        self.cancel_correction = QPushButton()
        self.play_answer = QPushButton()
        self.position_label = QLabel("0:00")
        self.rating = RatingWidget()
        self.rating_label = QLabel()
        self.notes = QLineEdit()
        self.weak = QCheckBox()
        self.tags_label = QLabel()
        self.tags = TagEditor(vocabulary, first=question.topics)
        self.feedback = QTextBrowser()
        self.retranscribe = QPushButton()
        self.model_label = QLabel()
        self.model_label.setStyleSheet("color: palette(mid);")

    def _lay_out_answer(self, layout: QGridLayout, left: QVBoxLayout, answer: Answer) -> None:
        has_audio = bool(answer.audio_path)
        controls = QHBoxLayout()
        for widget in (self.play_answer, self.position_label):
            controls.addWidget(widget)
        controls.addStretch(1)
        for widget in (self.model_label, self.correct_button, self.retranscribe):
            controls.addWidget(widget)
        self.play_answer.setEnabled(has_audio)
        self.retranscribe.setEnabled(has_audio)
        left.addLayout(controls)
        left.addWidget(self.waveform if has_audio else self.no_audio)
        left.addWidget(self.transcript)
        left.addWidget(self.unsure_label)
        left.addWidget(self.corrected_label)
        left.addWidget(self.editor)
        edit_row = QHBoxLayout()
        edit_row.addStretch(1)
        edit_row.addWidget(self.save_correction)
        edit_row.addWidget(self.cancel_correction)
        left.addLayout(edit_row)
        self._editing(False)

        assess = QHBoxLayout()
        assess.addWidget(self.rating_label)
        assess.addWidget(self.rating)
        assess.addWidget(self.weak)
        assess.addWidget(self.notes, 1)
        layout.addLayout(assess, 2, 0, 1, 2)
        layout.addWidget(self.tags_label, 3, 0, 1, 2)
        layout.addWidget(self.tags, 4, 0, 1, 2)
        self.feedback.setMinimumHeight(120)
        layout.addWidget(self.feedback, 5, 0, 1, 2)
        self.show_answer(answer)
        self._connect(answer.id)

    def _connect(self, answer_id: int) -> None:
        key = answer_key(answer_id)
        self.play_answer.clicked.connect(lambda: self.play_requested.emit(key))
        self.waveform.seek_requested.connect(lambda s: self.seek_requested.emit(key, s))
        self.transcript.word_clicked.connect(lambda _i, s: self.word_requested.emit(key, s))
        self.rating.changed.connect(lambda _v: self.assessment_changed.emit(answer_id))
        self.weak.toggled.connect(lambda _v: self.assessment_changed.emit(answer_id))
        self.notes.editingFinished.connect(self._notes_edited)
        self.tags.changed.connect(lambda: self.tags_changed.emit(answer_id))
        self.retranscribe.clicked.connect(lambda: self.retranscribe_requested.emit(answer_id))
        self.correct_button.clicked.connect(lambda: self._editing(True))
        self.cancel_correction.clicked.connect(lambda: self._editing(False))
        self.save_correction.clicked.connect(self._save_correction)

    # ------------------------------------------------------------------ texts
    def retranslate(self) -> None:
        q = self.question
        prefix = tr("replay.follow_up") if q.kind == "follow_up" else f"Q{self.number}"
        tag = generated_tag_html() if self.answer is not None and is_generated(self.answer.analysis) else ""
        self.heading.setText(f"<b>{escape(prefix)}</b>{tag} {escape(q.text)}")
        self.points.setText(
            f"<b>{escape(tr('replay.key_points'))}</b><ul>"
            + "".join(f"<li>{escape(p)}</li>" for p in q.key_points)
            + "</ul>"
        )
        self.play_question.setText(tr("replay.play_question"))
        self.play_answer.setText(tr("replay.play_answer"))
        self.no_answer.setText(tr("replay.no_answer"))
        self.no_audio.setText(tr("replay.no_audio"))
        self.rating_label.setText(tr("replay.rating"))
        self.weak.setText(tr("replay.weak"))
        self.notes.setPlaceholderText(tr("replay.notes"))
        self.tags_label.setText(tr("replay.tags"))
        self.retranscribe.setText(tr("replay.retranscribe_one"))
        self.correct_button.setText(tr("replay.correct"))
        self.save_correction.setText(tr("replay.correct_save"))
        self.cancel_correction.setText(tr("replay.correct_cancel"))
        if self.answer is not None:
            self._show_texts(self.answer)

    def _show_texts(self, answer: Answer) -> None:
        self.model_label.setText(
            tr("replay.model_info", model=answer.model or "?", device=answer.device or "?")
        )
        html = feedback_html(answer.analysis)
        self.feedback.setHtml(f"<b>{escape(tr('replay.feedback'))}</b><br>{html}" if html else "")
        self.feedback.setVisible(bool(html))
        unsure = len(self.transcript.unsure_words())
        self.unsure_label.setText(tr("replay.unsure_hint", n=unsure) if unsure else "")
        self.unsure_label.setVisible(bool(unsure))
        original = answer.original_transcript
        self.corrected_label.setText(
            tr("replay.corrected", original=original) if original is not None else ""
        )
        self.corrected_label.setVisible(original is not None)

    # ------------------------------------------------------------------ showing
    def show_answer(self, answer: Answer) -> None:
        """(Re)display the answer's stored state, e.g. after a re-transcription."""
        self.answer = answer
        self.transcript.set_transcript(answer.transcript, answer.segments)
        self._show_texts(answer)
        for widget in (self.rating, self.weak, self.notes):
            widget.blockSignals(True)
        self.rating.set_value(answer.rating)
        self.weak.setChecked(bool(answer.weak))
        self.notes.setText(answer.notes or "")
        for widget in (self.rating, self.weak, self.notes):
            widget.blockSignals(False)
        self.tags.set_tags(answer.topic_tags, answer.free_tags)
        self._notes_saved = answer.notes

    def _editing(self, on: bool) -> None:
        if on and self.answer is not None:
            self.editor.setPlainText(self.answer.transcript)
            self.editor.setFocus()
        for widget in (self.editor, self.save_correction, self.cancel_correction):
            widget.setVisible(on)
        self.correct_button.setEnabled(not on)

    def _save_correction(self) -> None:
        if self.answer is not None:
            self.correction_requested.emit(self.answer.id, self.editor.toPlainText())
            self._editing(False)

    def _notes_edited(self) -> None:
        if self.answer is not None and self.notes.text() != self._notes_saved:
            self._notes_saved = self.notes.text()
            self.assessment_changed.emit(self.answer.id)

    def set_playing(self, key: str, playing: bool) -> None:
        if key == question_key(self.question.id):
            self.play_question.setText(tr("replay.pause" if playing else "replay.play_question"))
        elif self.answer is not None and key == answer_key(self.answer.id):
            self.play_answer.setText(tr("replay.pause" if playing else "replay.play_answer"))

    def set_position(self, key: str, seconds: float) -> None:
        if self.answer is None or key != answer_key(self.answer.id):
            return
        self.waveform.set_position(seconds)
        self.transcript.highlight_time(seconds)
        total = int(seconds)
        self.position_label.setText(f"{total // 60}:{total % 60:02d}")
