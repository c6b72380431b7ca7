"""The end screen: every question with its transcript, durations and feedback; rate each answer
1-5, mark it weak, tag topics; "Open full review" goes to the replay page and "Open report" to the
session feedback report, each when that page is installed."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from mockinterview.gui.context import AppContext
from mockinterview.gui.i18n import register, tr
from mockinterview.gui.review.feedback_card import clock
from mockinterview.gui.review.llm_grade import generated_tag_html, is_generated
from mockinterview.gui.review.report_data import number
from mockinterview.review.scheduling import rate_and_schedule
from mockinterview.store import Answer, AskedQuestion, StoreError

register(
    {
        "end.heading": ("面试结束 · 第 {id} 场", "Interview finished · session {id}"),
        "end.heading_open": (
            "面试未完成 · 第 {id} 场（可继续）",
            "Interview paused · session {id}",
        ),
        "end.summary": (
            "{answered}/{asked} 题已回答 · 共说了 {seconds:.0f} 秒",
            "{answered} of {asked} questions answered · {seconds:.0f} s spoken",
        ),
        "end.follow_up": ("追问", "Follow-up"),
        "end.no_answer": ("（未回答）", "(not answered)"),
        "end.empty_transcript": ("（没有识别到内容）", "(nothing was heard)"),
        "end.duration": ("用时 {d}", "{d}"),
        "end.rate": ("自评", "Rate yourself"),
        "end.unrated": ("未评", "–"),
        "end.weak": ("薄弱", "Weak"),
        "end.tags": ("主题标签", "Topic tags"),
        "end.tags_hint": (
            "用逗号分隔，例如 rag, lora-peft",
            "comma separated, e.g. rag, lora-peft",
        ),
        "end.open_review": ("打开完整复盘", "Open full review"),
        "end.new": ("再来一场", "New interview"),
        "end.open_report": ("查看反馈报告", "Open report"),
        "end.speaking_rate": ("{rate:.0f} 音节/分钟", "{rate:.0f} syllables/min"),
        "end.fillers": ("口头禅 {n} 次", "{n} fillers"),
        "end.coverage": ("要点覆盖 {hit}/{total}", "key points {hit}/{total}"),
        "end.save_failed": ("保存失败：{error}", "Saving failed: {error}"),
        "end.heading_abandoned": (
            "面试结束 · 第 {id} 场（没有回答任何问题）",
            "Interview ended · session {id} (no question answered)",
        ),
    }
)


def feedback_summary(analysis: dict[str, object] | None) -> str:
    """One line out of ``feedback.analyze_answer``'s dict: pace, fillers, key-point coverage."""
    if not analysis:
        return ""
    parts: list[str] = []
    rate = analysis.get("rate")
    if isinstance(rate, dict):  # the report's one unit: syllables per minute
        per_min = number(rate.get("syllables_per_min"))
        if per_min:
            parts.append(tr("end.speaking_rate", rate=per_min))
    fillers = analysis.get("filler_summary")
    if isinstance(fillers, dict) and isinstance(fillers.get("count"), int):
        parts.append(tr("end.fillers", n=fillers["count"]))
    coverage = analysis.get("coverage")
    if isinstance(coverage, dict) and coverage.get("total"):
        parts.append(tr("end.coverage", hit=coverage.get("covered", 0), total=coverage["total"]))
    return " · ".join(parts)


class AnswerCard(QGroupBox):
    """One asked question with its answer and the self-assessment controls."""

    def __init__(self, page: EndPage, question: AskedQuestion, number: str) -> None:
        super().__init__()
        self.page = page
        self.question = question
        self.answer = question.answer
        layout = QVBoxLayout(self)
        prefix = tr("end.follow_up") if question.kind == "follow_up" else f"Q{number}"
        generated = self.answer is not None and is_generated(self.answer.analysis)
        tag = generated_tag_html() if generated else ""  # a follow-up the local model wrote
        title = QLabel(f"<b>{prefix}</b>{tag} {_escape(question.text)}")
        title.setWordWrap(True)
        layout.addWidget(title)
        self.transcript = QLabel()
        self.transcript.setWordWrap(True)
        self.transcript.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.transcript)
        self.rating = QComboBox()
        self.weak = QCheckBox(tr("end.weak"))
        self.tags = QLineEdit()
        if self.answer is None:
            self.transcript.setText(tr("end.no_answer"))
            return
        self._show_answer(layout, self.answer)

    def _show_answer(self, layout: QVBoxLayout, answer: Answer) -> None:
        self.transcript.setText(answer.transcript or tr("end.empty_transcript"))
        details = [tr("end.duration", d=clock(answer.duration))]
        summary = feedback_summary(answer.analysis)
        if summary:
            details.append(summary)
        info = QLabel(" · ".join(details))
        info.setStyleSheet("color: palette(mid);")
        layout.addWidget(info)
        self.rating.addItem(tr("end.unrated"), None)
        for value in range(1, 6):
            self.rating.addItem("★" * value, value)
        self.rating.setCurrentIndex(max(0, self.rating.findData(answer.rating)))
        self.weak.setChecked(bool(answer.weak))
        self.tags.setPlaceholderText(tr("end.tags_hint"))
        self.tags.setText(", ".join((*answer.topic_tags, *answer.free_tags)))
        row = QHBoxLayout()
        row.addWidget(QLabel(tr("end.rate")))
        row.addWidget(self.rating)
        row.addWidget(self.weak)
        row.addWidget(QLabel(tr("end.tags")))
        row.addWidget(self.tags, 1)
        layout.addLayout(row)
        self.rating.currentIndexChanged.connect(self._save_rating)
        self.weak.toggled.connect(self._save_rating)
        self.tags.editingFinished.connect(self._save_tags)

    def _save_rating(self) -> None:
        if self.answer is not None:
            self.page.rate(self.answer.id, self.rating.currentData(), self.weak.isChecked())

    def _save_tags(self) -> None:
        if self.answer is not None:
            self.page.tag(self.answer.id, self.tags.text())


class EndPage(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.session_id: int | None = None
        self.cards: list[AnswerCard] = []
        self.heading = QLabel()
        font = self.heading.font()
        font.setPointSize(font.pointSize() + 5)
        font.setBold(True)
        self.heading.setFont(font)
        self.summary = QLabel()
        self.review_button = QPushButton()
        self.review_button.clicked.connect(self.open_review)
        self.report_button = QPushButton()
        self.report_button.clicked.connect(self.open_report)
        self.new_button = QPushButton()
        self.new_button.clicked.connect(lambda: self.context.navigate("setup"))
        self._list = QWidget()
        self._list_layout = QVBoxLayout(self._list)
        self._list_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self._list)
        buttons = QHBoxLayout()
        buttons.addWidget(self.summary, 1)
        buttons.addWidget(self.report_button)
        buttons.addWidget(self.review_button)
        buttons.addWidget(self.new_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.addWidget(self.heading)
        layout.addLayout(buttons)
        layout.addWidget(scroll, 1)
        self.retranslate()

    def retranslate(self) -> None:
        self.review_button.setText(tr("end.open_review"))
        self.report_button.setText(tr("end.open_report"))
        self.new_button.setText(tr("end.new"))
        if self.session_id is not None:
            self.show_session(self.session_id)

    def on_show(self, session_id: int | None = None, **_: object) -> None:
        if session_id is not None:
            self.show_session(int(session_id))

    def show_session(self, session_id: int) -> None:
        self.session_id = session_id
        detail = self.context.store.get_session(session_id)
        for card in self.cards:
            card.deleteLater()
        self.cards = []
        key = {"finished": "end.heading", "abandoned": "end.heading_abandoned"}.get(
            detail.status, "end.heading_open"
        )
        self.heading.setText(tr(key, id=session_id))
        mains = 0
        for question in detail.questions:
            if question.kind == "main":
                mains += 1
            card = AnswerCard(self, question, str(mains))
            self._list_layout.insertWidget(self._list_layout.count() - 1, card)
            self.cards.append(card)
        answered = sum(1 for q in detail.questions if q.answers)
        seconds = sum(a.duration for a in detail.answers)
        self.summary.setText(
            tr("end.summary", answered=answered, asked=len(detail.questions), seconds=seconds)
        )
        self.review_button.setVisible(self.context.has_page("replay"))
        self.report_button.setVisible(self.context.has_page("report"))

    def open_review(self) -> None:
        if self.session_id is not None:
            self.context.navigate("replay", session_id=self.session_id)

    def open_report(self) -> None:
        if self.session_id is not None:
            self.context.navigate("report", session_id=self.session_id)

    # ------------------------------------------------------------------ store writes
    def rate(self, answer_id: int, rating: int | None, weak: bool) -> None:
        """Self-rating through the review core (saved, and scheduled for a bank question); the
        notes written elsewhere (replay) are kept, not overwritten with ""."""
        store = self.context.store
        try:
            notes = store.get_answer(answer_id).notes
            if rating is None:
                store.rate_answer(answer_id, None, notes, weak)
            else:
                rate_and_schedule(store, answer_id, int(rating), notes, weak)
        except (StoreError, ValueError) as exc:
            self.context.message(tr("end.save_failed", error=exc))

    def tag(self, answer_id: int, text: str) -> None:
        known = self.context.bank.topics
        tags = [t.strip() for t in text.replace("，", ",").split(",") if t.strip()]
        try:
            self.context.store.set_tags(
                answer_id, [t for t in tags if t in known], [t for t in tags if t not in known]
            )
        except StoreError as exc:
            self.context.message(tr("end.save_failed", error=exc))


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
