"""Improvement per question and per topic (first attempt → latest, key-point coverage), with
"answer again" for the chosen question. Embedded by the history page (questions of the selected
session) and the topics page (questions of the selected topic)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from mockinterview.gui.i18n import register, tr
from mockinterview.gui.practice_widgets import again_button
from mockinterview.gui.tasks import BackgroundTask, TaskContext

register(
    {
        "improve.title": ("进步（同一道题多次作答）", "Improvement (the same question answered again)"),
        "improve.topic": (
            "本主题 {n} 道题答过多次：要点覆盖 {first:.0%} → {latest:.0%}（{change:+.0%}）",
            "{n} question(s) of this topic answered more than once: coverage {first:.0%} → "
            "{latest:.0%} ({change:+.0%})",
        ),
        "improve.topic_none": ("本主题还没有答过两次的题。", "No question of this topic answered twice yet."),
        "improve.session_none": ("这次面试的题都只答过一次。", "Each question of this session was answered once."),
        "improve.row": (
            "{text} · {n} 次 · 覆盖 {first:.0%} → {latest:.0%}（{change}）",
            "{text} · {n} attempts · coverage {first:.0%} → {latest:.0%} ({change})",
        ),
        "improve.row_once": ("{text} · 1 次 · 覆盖 {first:.0%}", "{text} · 1 attempt · coverage {first:.0%}"),
        "improve.failed": ("无法读取进步数据：{error}", "Could not read the improvement data: {error}"),
    }
)


class ImprovementPanel(QGroupBox):
    loaded = Signal()

    def __init__(self, context: Any, origin: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.origin = origin  # "history" | "topics": stored with the new attempt
        self.data: dict[str, Any] = {"questions": {}, "topics": {}}
        self._task: BackgroundTask | None = None
        self._filter: tuple[str, Any] | None = None
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.list = QListWidget()
        self.list.setMaximumHeight(120)
        self.list.itemSelectionChanged.connect(self._update_button)
        self.again = again_button(self.answer_again)
        row = QHBoxLayout()
        row.addWidget(self.summary, 1)
        row.addWidget(self.again)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.list)
        self.retranslate()
        self._update_button()

    def retranslate(self) -> None:
        """Title, button and rows in the current language (the page may predate a switch)."""
        self.setTitle(tr("improve.title"))
        self.again.setText(tr("again.button"))
        self.again.setToolTip(tr("again.tip"))
        if self._filter is not None:
            kind, value = self._filter
            self.show_topic(value) if kind == "topic" else self.show_session(value)

    def load(self) -> None:
        """Read the attempts off the GUI thread; the shown filter is applied again when they arrive."""
        store = self.context.store

        def work(ctx: TaskContext) -> dict[str, Any]:
            from mockinterview.review.attempts import improvement

            return improvement(store)

        task = BackgroundTask(work, self)
        task.succeeded.connect(self._loaded)
        task.failed.connect(lambda exc: self.summary.setText(tr("improve.failed", error=exc)))
        task.finished.connect(lambda: setattr(self, "_task", None))
        self._task = task
        task.start()

    def _loaded(self, data: dict[str, Any]) -> None:
        self.data = data
        if self._filter is not None:
            kind, value = self._filter
            self.show_topic(value) if kind == "topic" else self.show_session(value)
        self.loaded.emit()

    def show_topic(self, topic: str | None) -> None:
        self._filter = ("topic", topic)
        rows = [(k, q) for k, q in self.data["questions"].items() if topic in q.get("topics", [])]
        t = self.data["topics"].get(topic or "")
        self.summary.setText(
            tr("improve.topic", n=t["questions"], first=t["first"], latest=t["latest"],
               change=t["change"]) if t else tr("improve.topic_none")
        )  # fmt: skip
        self._fill(rows)

    def show_session(self, session_id: int | None) -> None:
        self._filter = ("session", session_id)
        rows = [(k, q) for k, q in self.data["questions"].items() if session_id in q.get("sessions", [])]
        several = [q for _, q in rows if q["change"] is not None]
        self.summary.setText("" if several else tr("improve.session_none"))
        self._fill(rows)

    def _fill(self, rows: list[tuple[str, dict[str, Any]]]) -> None:
        self.list.clear()
        rows.sort(key=lambda r: (r[1]["change"] is None, -(r[1]["change"] or 0.0)))
        for bank_id, q in rows:
            text = q["text"] if len(q["text"]) <= 40 else q["text"][:39] + "…"
            if q["change"] is None:
                label = tr("improve.row_once", text=text, first=q["first"])
            else:
                label = tr("improve.row", text=text, n=q["attempts"], first=q["first"],
                           latest=q["latest"], change=f"{q['change']:+.0%}")  # fmt: skip
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, bank_id)
            self.list.addItem(item)
        if rows:
            self.list.setCurrentRow(0)
        self._update_button()

    def selected_bank_id(self) -> str | None:
        item = self.list.currentItem()
        return None if item is None else item.data(Qt.ItemDataRole.UserRole)

    def _update_button(self) -> None:
        self.again.setEnabled(self.selected_bank_id() is not None and self.context.has_page("interview"))

    def answer_again(self) -> None:
        q = self.data["questions"].get(self.selected_bank_id() or "")
        if q is not None:
            self.context.navigate(
                "interview", again=(q["latest_session"], q["latest_position"], self.origin)
            )
