"""One asked question on the replay page: its audio, the answer's waveform and transcript, the key
points beside it, the feedback, and the self-assessment (rating, notes, tags, weak).

The panel only shows and collects; the page does the store writes and the playback (it owns one
PlaybackController for all panels), so each panel emits what the user did.
"""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from mockinterview.gui.i18n import register, tr
from mockinterview.gui.review.rating_widget import RatingWidget
from mockinterview.gui.review.tag_editor import TagEditor
from mockinterview.gui.review.transcript_view import TranscriptView
from mockinterview.gui.review.waveform import WaveformView

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
    }
)


def answer_key(answer_id: int) -> str:
    return f"a{answer_id}"


def question_key(question_id: int) -> str:
    return f"q{question_id}"


def feedback_markdown(analysis: dict[str, Any] | None) -> str:
    if not analysis:
        return ""
    try:
        from mockinterview.feedback.report import render_feedback_markdown

        return render_feedback_markdown(analysis)
    except (ImportError, KeyError, TypeError, ValueError):  # older or partial analysis dicts
        return "```\n" + json.dumps(analysis, ensure_ascii=False, indent=1) + "\n```"


class QuestionPanel(QGroupBox):
    play_requested = Signal(str)  # key ("q<id>" / "a<id>")
    seek_requested = Signal(str, float)
    assessment_changed = Signal(int)  # answer id: rating / notes / weak edited
    tags_changed = Signal(int)  # answer id
    retranscribe_requested = Signal(int)  # answer id

    def __init__(
        self, question: Any, number: str, vocabulary: dict[str, Any], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.question = question
        self.answer = question.answer
        layout = QGridLayout(self)
        prefix = tr("replay.follow_up") if question.kind == "follow_up" else f"Q{number}"
        self.heading = QLabel(f"<b>{prefix}</b> {_escape(question.text)}")
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.heading, 0, 0, 1, 2)

        self.play_question = QPushButton(tr("replay.play_question"))
        self.play_question.setVisible(bool(question.audio_path))
        self.play_question.clicked.connect(
            lambda: self.play_requested.emit(question_key(question.id))
        )
        left = QVBoxLayout()
        left.addWidget(self.play_question, 0, Qt.AlignmentFlag.AlignLeft)

        # Key points beside the transcript, so the user compares the two.
        points = QLabel(
            f"<b>{tr('replay.key_points')}</b><ul>"
            + "".join(f"<li>{_escape(p)}</li>" for p in question.key_points)
            + "</ul>"
        )
        points.setWordWrap(True)
        points.setTextFormat(Qt.TextFormat.RichText)
        points.setAlignment(Qt.AlignmentFlag.AlignTop)
        points.setMinimumWidth(220)
        layout.addWidget(points, 1, 1)
        layout.setColumnStretch(0, 3)
        layout.setColumnStretch(1, 2)

        self.waveform = WaveformView()
        self.transcript = TranscriptView()
        self.transcript.setMinimumHeight(70)
        self.play_answer = QPushButton(tr("replay.play_answer"))
        self.position_label = QLabel("0:00")
        self.rating = RatingWidget()
        self.notes = QLineEdit()
        self.weak = QCheckBox(tr("replay.weak"))
        self.tags = TagEditor(vocabulary, first=question.topics)
        self.feedback = QTextBrowser()
        self.retranscribe = QPushButton(tr("replay.retranscribe_one"))
        self.model_label = QLabel()
        self.model_label.setStyleSheet("color: palette(mid);")

        if self.answer is None:
            left.addWidget(QLabel(tr("replay.no_answer")))
            layout.addLayout(left, 1, 0)
            return
        answer = self.answer
        has_audio = bool(answer.audio_path)
        controls = QHBoxLayout()
        controls.addWidget(self.play_answer)
        controls.addWidget(self.position_label)
        controls.addStretch(1)
        controls.addWidget(self.model_label)
        controls.addWidget(self.retranscribe)
        self.play_answer.setEnabled(has_audio)
        self.retranscribe.setEnabled(has_audio)
        left.addLayout(controls)
        if has_audio:
            left.addWidget(self.waveform)
        else:
            left.addWidget(QLabel(tr("replay.no_audio")))
        left.addWidget(self.transcript, 1)
        layout.addLayout(left, 1, 0)

        assess = QHBoxLayout()
        assess.addWidget(QLabel(tr("replay.rating")))
        assess.addWidget(self.rating)
        assess.addWidget(self.weak)
        self.notes.setPlaceholderText(tr("replay.notes"))
        assess.addWidget(self.notes, 1)
        layout.addLayout(assess, 2, 0, 1, 2)
        tag_label = QLabel(tr("replay.tags"))
        layout.addWidget(tag_label, 3, 0, 1, 2)
        layout.addWidget(self.tags, 4, 0, 1, 2)
        markdown = feedback_markdown(answer.analysis)
        if markdown:
            self.feedback.setMarkdown(f"**{tr('replay.feedback')}**\n\n{markdown}")
            self.feedback.setMinimumHeight(120)
            layout.addWidget(self.feedback, 5, 0, 1, 2)
        else:
            self.feedback.hide()

        self.show_answer(answer)
        self.play_answer.clicked.connect(lambda: self.play_requested.emit(answer_key(answer.id)))
        self.waveform.seek_requested.connect(
            lambda s: self.seek_requested.emit(answer_key(answer.id), s)
        )
        self.transcript.word_clicked.connect(
            lambda _i, s: self.seek_requested.emit(answer_key(answer.id), s)
        )
        self.rating.changed.connect(lambda _v: self.assessment_changed.emit(answer.id))
        self.weak.toggled.connect(lambda _v: self.assessment_changed.emit(answer.id))
        self.notes.editingFinished.connect(self._notes_edited)
        self.tags.changed.connect(lambda: self.tags_changed.emit(answer.id))
        self.retranscribe.clicked.connect(lambda: self.retranscribe_requested.emit(answer.id))
        self._notes_saved = answer.notes

    def show_answer(self, answer: Any) -> None:
        """(Re)display the answer's stored state, e.g. after a re-transcription."""
        self.answer = answer
        self.transcript.set_transcript(answer.transcript, answer.segments)
        self.model_label.setText(
            tr("replay.model_info", model=answer.model or "?", device=answer.device or "?")
        )
        for widget, value in (
            (self.rating, answer.rating),
            (self.weak, answer.weak),
            (self.notes, answer.notes),
        ):
            widget.blockSignals(True)
            if widget is self.rating:
                self.rating.set_value(value)
            elif widget is self.weak:
                self.weak.setChecked(bool(value))
            else:
                self.notes.setText(value or "")
            widget.blockSignals(False)
        self.tags.set_tags(answer.topic_tags, answer.free_tags)
        self._notes_saved = answer.notes

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


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
