"""Weak topics: every topic asked, how often, its average self-rating, weak marks and the trend,
and "Drill weak topics", which starts an interview from the questions fsrs says are due.

The drill hands the interview page a plan through the navigation callback:
``context.navigate("interview", settings=InterviewSettings, plan=list[Question])``.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from mockinterview.gui.context import AppContext
from mockinterview.gui.i18n import register, tr
from mockinterview.gui.review.tag_editor import topic_label
from mockinterview.gui.review.trend_chart import TrendChart
from mockinterview.gui.tasks import BackgroundTask, TaskContext

register(
    {
        "topics.title": ("薄弱主题", "Weak topics"),
        "topics.col.topic": ("主题", "Topic"),
        "topics.col.asked": ("被问次数", "Asked"),
        "topics.col.rating": ("平均自评", "Avg rating"),
        "topics.col.weak": ("标记薄弱", "Marked weak"),
        "topics.col.last": ("最近一次", "Last asked"),
        "topics.drill": ("练习到期的薄弱题", "Drill weak topics"),
        "topics.due": ("{n} 道题到期待复习", "{n} question(s) due for review"),
        "topics.nothing_due": (
            "现在没有到期的题目。给回答打分或标记薄弱后，它们会按间隔重复安排回来。",
            "Nothing is due now. Rate answers or mark them weak and they come back on schedule.",
        ),
        "topics.empty": ("还没有回答过的题目。", "No answered questions yet."),
        "topics.trend": ("{topic} 的自评趋势", "Self-rating trend: {topic}"),
        "topics.no_trend": ("还没有自评", "No ratings yet"),
        "topics.load_failed": ("读取统计失败：{error}", "Could not read the statistics: {error}"),
    }
)

COLUMNS = ("topic", "asked", "rating", "weak", "last")
DRILL_LIMIT = 10  # questions per drill session


class TopicsPage(QWidget):
    loaded = Signal()
    drill_requested = Signal(object, object)  # InterviewSettings, list[Question]

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.stats: list[Any] = []
        self.due_ids: list[str] = []
        self._task: BackgroundTask | None = None
        self.title = QLabel()
        self.title.setStyleSheet("font-size: 18px; font-weight: 600;")
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        # the topic name takes the room ("微调（SFT / PEFT） (fine-…" was cut), the numbers fit
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setSortingEnabled(False)
        self.table.itemSelectionChanged.connect(self._show_trend)
        self.chart_title = QLabel()
        self.chart = TrendChart()
        self.due_label = QLabel()
        self.due_label.setWordWrap(True)
        self.drill_button = QPushButton()
        self.drill_button.clicked.connect(self.drill)
        bottom = QHBoxLayout()
        bottom.addWidget(self.due_label, 1)
        bottom.addWidget(self.drill_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.table, 3)
        layout.addWidget(self.chart_title)
        layout.addWidget(self.chart, 2)
        from mockinterview.gui.improvement_panel import ImprovementPanel

        self.improvement = ImprovementPanel(context, "topics")  # per question/topic; answer again
        layout.addWidget(self.improvement, 1)
        layout.addLayout(bottom)
        self.retranslate()
        self.drill_button.setEnabled(False)

    def retranslate(self) -> None:
        self.title.setText(tr("topics.title"))
        self.drill_button.setText(tr("topics.drill"))
        self.table.setHorizontalHeaderLabels([tr(f"topics.col.{c}") for c in COLUMNS])
        self.improvement.retranslate()
        if getattr(self, "stats", None):
            self._fill_table()
        self._show_due()
        self._show_trend()

    # ------------------------------------------------------------------ loading
    def on_show(self, **_: Any) -> None:
        self.refresh()

    def refresh(self) -> None:
        store = self.context.store

        def work(ctx: TaskContext) -> tuple[list[Any], list[str]]:
            from mockinterview.review.scheduling import due_question_ids
            from mockinterview.review.stats import topic_stats

            # one point per session, dated on the day it was given (weekly points were dated on
            # the week's Monday: "11-30" for an answer of 12-02)
            return topic_stats(store, per="session"), due_question_ids(store)

        task = BackgroundTask(work, self)
        task.succeeded.connect(self._loaded)
        task.failed.connect(lambda exc: self.due_label.setText(tr("topics.load_failed", error=exc)))
        task.finished.connect(lambda: setattr(self, "_task", None))
        self._task = task
        task.start()
        self.improvement.load()

    def _loaded(self, result: tuple[list[Any], list[str]]) -> None:
        self.stats, due = result
        known = self.context.bank.questions
        self.due_ids = [bank_id for bank_id in due if bank_id in known]
        self._fill_table()
        if self.stats:
            self.table.selectRow(0)
        self._show_due()
        self._show_trend()
        self.loaded.emit()

    def _fill_table(self) -> None:
        """The rows in the UI language (topic names too: they stayed English after a switch)."""
        vocabulary = self.context.bank.topics
        selected = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        self.table.setRowCount(len(self.stats))
        for row, s in enumerate(self.stats):
            cells = (
                topic_label(vocabulary.get(s.topic), s.topic),
                str(s.times_asked),
                "—" if s.average_rating is None else f"{s.average_rating:.1f}",
                str(s.weak_count),
                s.last_asked.astimezone().strftime("%Y-%m-%d") if s.last_asked else "—",
            )
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                item.setData(Qt.ItemDataRole.UserRole, s.topic)
                self.table.setItem(row, col, item)
        if selected:
            self.table.selectRow(selected[0].row())

    def row_of(self, topic: str) -> int | None:
        return next((i for i, s in enumerate(self.stats) if s.topic == topic), None)

    def cell(self, row: int, column: str) -> str:
        item = self.table.item(row, COLUMNS.index(column))
        return item.text() if item else ""

    # ------------------------------------------------------------------ display
    def _show_due(self) -> None:
        if not hasattr(self, "due_label"):
            return
        if self.due_ids:
            self.due_label.setText(tr("topics.due", n=len(self.due_ids)))
        elif self.stats:
            self.due_label.setText(tr("topics.nothing_due"))
        else:
            self.due_label.setText(tr("topics.empty"))
        self.drill_button.setEnabled(bool(self.due_ids))

    def _show_trend(self) -> None:
        if not hasattr(self, "chart"):
            return
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        stat = self.stats[rows[0].row()] if rows and rows[0].row() < len(self.stats) else None
        if hasattr(self, "improvement"):
            self.improvement.show_topic(stat.topic if stat is not None else None)
        if stat is None:
            self.chart_title.setText("")
            self.chart.set_points([], tr("topics.no_trend"))
            return
        vocabulary = self.context.bank.topics
        name = topic_label(vocabulary.get(stat.topic), stat.topic)
        self.chart_title.setText(tr("topics.trend", topic=name))
        self.chart.set_points(
            [(p.period_start, p.average_rating) for p in stat.trend], tr("topics.no_trend")
        )

    # ------------------------------------------------------------------ drill
    def drill_plan(self) -> list[Any]:
        questions = self.context.bank.questions
        return [questions[bank_id] for bank_id in self.due_ids[:DRILL_LIMIT]]

    def drill(self) -> None:
        from mockinterview.interview.settings import InterviewSettings

        plan = self.drill_plan()
        if not plan:
            self._show_due()
            return
        prefs = self.context.prefs
        settings = InterviewSettings(
            round="mixed",
            count=len(plan),
            focus_weak=True,
            thinking_seconds=float(prefs.thinking_seconds),
            model=prefs.model,
            device=prefs.device,
            language=prefs.language,
            rate=prefs.speech_rate,
        )
        self.drill_requested.emit(settings, plan)
        self.context.navigate("interview", settings=settings, plan=plan)
