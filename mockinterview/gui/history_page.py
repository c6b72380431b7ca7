"""History: every past session in a paged table (filters, sort), full-text search, delete, resume.

The table is a QAbstractTableModel that asks the store for one page (LIMIT/OFFSET) at a time in
a BackgroundTask, so thousands of sessions cost one page of rows until the user scrolls.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QProxyStyle,
    QPushButton,
    QSplitter,
    QStyle,
    QStyleOption,
    QStyleOptionHeader,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from mockinterview.gui.context import AppContext
from mockinterview.gui.i18n import register, tr
from mockinterview.gui.tasks import BackgroundTask, TaskContext
from mockinterview.store import Store

register(
    {
        "hist.title": ("历史记录", "History"),
        "hist.col.date": ("日期", "Date"),
        "hist.col.round": ("轮次", "Round"),
        "hist.col.job": ("岗位", "Job"),
        "hist.col.questions": ("题数", "Questions"),
        "hist.col.speaking": ("作答时长", "Speaking"),
        "hist.col.rating": ("平均自评", "Avg rating"),
        "hist.col.status": ("状态", "Status"),
        "hist.all": ("全部", "All"),
        "hist.any_date": ("不限", "any"),
        "hist.round": ("轮次", "Round"),
        "hist.job": ("岗位", "Job"),
        "hist.tag": ("标签", "Tag"),
        "hist.from": ("从", "From"),
        "hist.to": ("到", "to"),
        "hist.search": ("搜索问题和回答…", "Search questions and answers…"),
        "hist.open": ("回放", "Replay"),
        "hist.delete": ("删除", "Delete"),
        "hist.resume": ("继续面试", "Resume"),
        "hist.count": ("共 {n} 场", "{n} session(s)"),
        "hist.no_hits": ("没有找到", "No matches"),
        "hist.hits": ("{n} 条结果（双击打开）", "{n} match(es) (double-click to open)"),
        "hist.confirm_delete_title": ("删除面试", "Delete session"),
        "hist.confirm_delete": (
            "删除 {when} 的这场面试？它的录音也会一起删除，无法恢复。",
            "Delete the session of {when}? Its recordings are deleted too; this cannot be undone.",
        ),
        "hist.deleted": (
            "已删除面试 #{id}（{n} 个录音文件）",
            "Deleted session #{id} ({n} audio file(s))",
        ),
        "hist.load_failed": ("读取历史记录失败：{error}", "Could not read the history: {error}"),
        "hist.search_failed": ("搜索失败：{error}", "Search failed: {error}"),
        "hist.hit.question": ("问题", "question"),
        "hist.hit.answer": ("回答", "answer"),
        "hist.round.hr": ("HR 面", "HR"),
        "hist.round.technical": ("技术面", "Technical"),
        "hist.round.project": ("项目深挖", "Project"),
        "hist.round.mixed": ("综合", "Mixed"),
        "hist.status.in_progress": ("未完成", "unfinished"),
        "hist.status.finished": ("已完成", "finished"),
        "hist.status.abandoned": ("已放弃", "abandoned"),
    }
)

ROUNDS = ("hr", "technical", "project", "mixed")
PAGE_SIZE = 100
SEARCH_DELAY_MS = 250
SEARCH_LIMIT = 50
COLUMNS = ("date", "round", "job", "questions", "speaking", "rating", "status")
# Columns the store can sort by (the rest keep the current order).
SORT_KEYS = {0: "date", 1: "round", 2: "job", 3: "questions", 4: "speaking", 5: "rating"}


@dataclass(frozen=True)
class HistoryFilter:
    round: str | None = None
    job_id: str | None = None
    tag: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    sort: str = "date"
    descending: bool = True

    def query(self) -> dict[str, Any]:
        return {
            "round": self.round,
            "job_id": self.job_id,
            "tag": self.tag,
            "since": self.since,
            "until": self.until,
            "sort": self.sort,
            "descending": self.descending,
        }


def format_seconds(seconds: float) -> str:
    total = int(round(seconds))
    return f"{total // 60}:{total % 60:02d}"


def local_time(when: datetime) -> str:
    aware = when if when.tzinfo else when.replace(tzinfo=timezone.utc)
    return aware.astimezone().strftime("%Y-%m-%d %H:%M")


class SortArrowStyle(QProxyStyle):
    """Qt hands the style "SortUp" for a descending column, so the date column, newest first,
    showed an arrow pointing up; this draws the arrow the way the rows run (down = descending)."""

    def drawPrimitive(  # noqa: N802 - Qt override
        self,
        element: QStyle.PrimitiveElement,
        option: QStyleOption,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        if element == QStyle.PrimitiveElement.PE_IndicatorHeaderArrow and isinstance(
            option, QStyleOptionHeader
        ):
            flipped = QStyleOptionHeader(option)
            up, down = QStyleOptionHeader.SortIndicator.SortUp, QStyleOptionHeader.SortIndicator.SortDown
            flipped.sortIndicator = down if option.sortIndicator == up else up
            super().drawPrimitive(element, flipped, painter, widget)
            return
        super().drawPrimitive(element, option, painter, widget)


class SessionTableModel(QAbstractTableModel):
    """Rows of ``SessionSummary``, fetched a page at a time off the GUI thread."""

    loaded = Signal()  # a page arrived (tests wait on it)
    failed = Signal(str)

    def __init__(
        self, store: Store, job_names: dict[str, str], parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.job_names = job_names
        self.rows: list[Any] = []
        self.filter = HistoryFilter()
        self._exhausted = False
        self._task: BackgroundTask | None = None
        self._generation = 0

    # ------------------------------------------------------------------ loading
    def reload(self, filter: HistoryFilter | None = None) -> None:
        if filter is not None:
            self.filter = filter
        self._generation += 1
        self.beginResetModel()
        self.rows = []
        self._exhausted = False
        self.endResetModel()
        self._fetch_page()

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> bool:  # noqa: B008, N802
        return not parent.isValid() and not self._exhausted and self._task is None

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> None:  # noqa: B008, N802
        if self.canFetchMore(parent):
            self._fetch_page()

    @property
    def busy(self) -> bool:
        return self._task is not None

    def _fetch_page(self) -> None:
        if self._task is not None:
            self._task.cancel()  # its result is dropped by the generation check
        generation, offset, query = self._generation, len(self.rows), self.filter.query()
        store = self.store

        def work(ctx: TaskContext) -> list[Any]:
            return list(store.list_sessions(**query, limit=PAGE_SIZE, offset=offset))

        task = BackgroundTask(work, self)
        task.succeeded.connect(lambda rows: self._arrived(task, generation, rows))
        task.failed.connect(lambda exc: self._failed(task, generation, exc))
        self._task = task
        task.start()

    def _arrived(self, task: BackgroundTask, generation: int, rows: list[Any]) -> None:
        if task is self._task:
            self._task = None
        if generation != self._generation:
            return
        self._exhausted = len(rows) < PAGE_SIZE
        if rows:
            first = len(self.rows)
            self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
            self.rows.extend(rows)
            self.endInsertRows()
        self.loaded.emit()

    def _failed(self, task: BackgroundTask, generation: int, exc: BaseException) -> None:
        if task is self._task:
            self._task = None
        if generation == self._generation:
            self._exhausted = True
            self.failed.emit(str(exc))

    # ------------------------------------------------------------------ model API
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(  # noqa: N802 - Qt override
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return tr(f"hist.col.{COLUMNS[section]}")
        return None

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.UserRole:
            return row
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() >= 3:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        column = COLUMNS[index.column()]
        if column == "date":
            return local_time(row.started_at)
        if column == "round":
            return tr(f"hist.round.{row.round}") if row.round in ROUNDS else row.round
        if column == "job":
            return self.job_names.get(row.job_id or "", row.job_id or "—")
        if column == "questions":
            return f"{row.answered_count}/{row.question_count}"
        if column == "speaking":
            return format_seconds(row.speaking_seconds)
        if column == "rating":
            return "—" if row.average_rating is None else f"{row.average_rating:.1f}"
        return tr(f"hist.status.{row.status}")

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = SORT_KEYS.get(column)
        if key is None:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        if (key, descending) != (self.filter.sort, self.filter.descending):
            self.reload(_replace(self.filter, sort=key, descending=descending))

    def summary(self, row: int) -> Any:
        return self.rows[row]


def _replace(f: HistoryFilter, **kw: Any) -> HistoryFilter:
    values = f.query() | kw
    return HistoryFilter(**values)


class HistoryPage(QWidget):
    """Sessions table with filters, a search box over questions and transcripts, and actions."""

    search_done = Signal()  # results (or an empty list) are on screen

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        jobs = context.bank.jobs
        self.job_names = {jid: f"{j.company} · {j.role}" for jid, j in jobs.items()}
        self.model = SessionTableModel(context.store, self.job_names, self)
        self.model.failed.connect(lambda e: self._status(tr("hist.load_failed", error=e)))
        self.model.loaded.connect(self._update_count)
        self._search_task: BackgroundTask | None = None
        self._search_generation = 0
        self.confirm_box: QMessageBox | None = None

        self.title = QLabel()
        self.title.setStyleSheet("font-size: 18px; font-weight: 600;")
        self._build_filters()
        self._build_table()
        self._build_actions()
        self._build_search()
        self._lay_out()

        self.retranslate()
        self._fill_filters()
        for box in (self.round_box, self.job_box):
            box.currentIndexChanged.connect(lambda _i: self.apply_filters())
        self.tag_box.currentIndexChanged.connect(lambda _i: self.apply_filters())
        tag_edit = self.tag_box.lineEdit()
        assert tag_edit is not None  # the box is editable
        tag_edit.editingFinished.connect(self.apply_filters)
        for edit in (self.since_edit, self.until_edit):
            edit.dateChanged.connect(lambda _d: self.apply_filters())
        self._update_buttons()

    # ------------------------------------------------------------------ building
    def _build_filters(self) -> None:
        # -- filters
        self.round_box = QComboBox()
        self.job_box = QComboBox()
        self.tag_box = QComboBox()
        self.tag_box.setEditable(True)
        self.tag_box.setMinimumWidth(120)
        self.since_edit = _date_edit()
        self.until_edit = _date_edit()
        self.round_label, self.job_label, self.tag_label = QLabel(), QLabel(), QLabel()
        self.from_label, self.to_label = QLabel(), QLabel()
        self.filters = QHBoxLayout()
        for label, widget in (
            (self.round_label, self.round_box),
            (self.job_label, self.job_box),
            (self.tag_label, self.tag_box),
            (self.from_label, self.since_edit),
            (self.to_label, self.until_edit),
        ):
            self.filters.addWidget(label)
            self.filters.addWidget(widget)
        self.filters.addStretch(1)

    def _build_table(self) -> None:
        # -- table
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.DescendingOrder)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        # the date ("2026-11-23 14:05") was cut to "2026-11-23 …" in an equal share of the width
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        date_width = self.table.fontMetrics().horizontalAdvance("0000-00-00 00:00")
        self.table.setColumnWidth(0, date_width + 28)  # + cell padding and the sort arrow
        self.table.verticalHeader().hide()
        # Enter on a row (and a double click, which Qt reports as activated too) opens it
        self.table.activated.connect(lambda _i: self.open_selected())
        self._arrow_style = SortArrowStyle()
        header.setStyle(self._arrow_style)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.model.modelReset.connect(self._update_buttons)

    def _build_actions(self) -> None:
        # -- actions
        self.open_button = QPushButton()
        self.delete_button = QPushButton()
        self.resume_button = QPushButton()
        self.count_label = QLabel()
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.open_button.clicked.connect(self.open_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.resume_button.clicked.connect(self.resume_selected)
        self.action_row = QHBoxLayout()
        self.action_row.addWidget(self.count_label)
        self.action_row.addStretch(1)
        for button in (self.open_button, self.resume_button, self.delete_button):
            self.action_row.addWidget(button)

    def _build_search(self) -> None:
        # -- search
        self.search_edit = QLineEdit()
        self.search_edit.setClearButtonEnabled(True)
        self.results = QListWidget()
        self.results.setWordWrap(True)
        self.results.itemActivated.connect(self._open_hit)  # Enter or double click
        self.results_label = QLabel()
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.run_search)
        self.search_edit.textChanged.connect(lambda _t: self._search_timer.start())
        self.search_box = QWidget()
        search_layout = QVBoxLayout(self.search_box)
        search_layout.setContentsMargins(0, 0, 0, 0)
        search_layout.addWidget(self.search_edit)
        search_layout.addWidget(self.results_label)
        search_layout.addWidget(self.results, 1)

    def _lay_out(self) -> None:
        table_box = QWidget()
        table_layout = QVBoxLayout(table_box)
        table_layout.setContentsMargins(0, 0, 0, 0)
        table_layout.addLayout(self.filters)
        table_layout.addWidget(self.table, 1)
        table_layout.addLayout(self.action_row)
        splitter = QSplitter()
        splitter.addWidget(table_box)
        splitter.addWidget(self.search_box)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(splitter, 1)
        from mockinterview.gui.improvement_panel import ImprovementPanel

        self.improvement = ImprovementPanel(self.context, "history")  # the selected session's questions
        layout.addWidget(self.improvement)
        layout.addWidget(self.status_label)

    # ------------------------------------------------------------------ texts
    def retranslate(self) -> None:
        self.title.setText(tr("hist.title"))
        self.round_label.setText(tr("hist.round"))
        self.job_label.setText(tr("hist.job"))
        self.tag_label.setText(tr("hist.tag"))
        self.from_label.setText(tr("hist.from"))
        self.to_label.setText(tr("hist.to"))
        for edit in (self.since_edit, self.until_edit):
            edit.setSpecialValueText(tr("hist.any_date"))
        self.open_button.setText(tr("hist.open"))
        self.delete_button.setText(tr("hist.delete"))
        self.resume_button.setText(tr("hist.resume"))
        self.search_edit.setPlaceholderText(tr("hist.search"))
        # the filter boxes: "All" and the round names follow the language too
        for box in (self.round_box, self.job_box):
            if box.count():
                box.setItemText(0, tr("hist.all"))
        for i in range(1, self.round_box.count()):
            self.round_box.setItemText(i, tr(f"hist.round.{self.round_box.itemData(i)}"))
        self.model.layoutChanged.emit()  # the round and status cells
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
        self.improvement.retranslate()

    def _fill_filters(self) -> None:
        self.round_box.addItem(tr("hist.all"), None)
        for name in ROUNDS:
            self.round_box.addItem(tr(f"hist.round.{name}"), name)
        self.job_box.addItem(tr("hist.all"), None)
        for jid, name in self.job_names.items():
            self.job_box.addItem(name, jid)

    def _refresh_tags(self) -> None:
        current = self.tag_box.currentText()
        try:
            tags = sorted({tag for _kind, tag, _n in self.context.store.all_tags()})
        except Exception as exc:  # noqa: BLE001 - shown, the page stays usable
            self._status(tr("hist.load_failed", error=exc))
            tags = []
        self.tag_box.blockSignals(True)
        self.tag_box.clear()
        self.tag_box.addItem("")
        self.tag_box.addItems(tags)
        self.tag_box.setCurrentText(current)
        self.tag_box.blockSignals(False)

    # ------------------------------------------------------------------ showing
    def on_show(self, **_: Any) -> None:
        self._refresh_tags()
        self.apply_filters(force=True)
        self.improvement.load()

    def current_filter(self) -> HistoryFilter:
        tag = self.tag_box.currentText().strip() or None
        since = _day(self.since_edit)
        until = _day(self.until_edit)
        return HistoryFilter(
            round=self.round_box.currentData(),
            job_id=self.job_box.currentData(),
            tag=tag,
            since=since,
            until=until + timedelta(days=1) if until else None,  # the whole last day
            sort=self.model.filter.sort,
            descending=self.model.filter.descending,
        )

    def apply_filters(self, force: bool = False) -> None:
        wanted = self.current_filter()
        if force or wanted != self.model.filter:
            self.model.reload(wanted)

    def set_round_filter(self, round: str | None) -> None:
        self.round_box.setCurrentIndex(max(0, self.round_box.findData(round)))

    def _update_count(self) -> None:
        more = "+" if self.model.canFetchMore() else ""
        self.count_label.setText(tr("hist.count", n=f"{self.model.rowCount()}{more}"))
        self._update_buttons()

    def selected(self) -> Any | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.summary(rows[0].row()) if rows else None

    def select_row(self, row: int) -> None:
        self.table.selectRow(row)

    def _update_buttons(self) -> None:
        chosen = self.selected()
        if hasattr(self, "improvement"):
            self.improvement.show_session(chosen.id if chosen is not None else None)
        self.open_button.setEnabled(chosen is not None and self.context.has_page("replay"))
        self.delete_button.setEnabled(chosen is not None)
        self.resume_button.setEnabled(
            chosen is not None
            and chosen.status == "in_progress"
            and self.context.has_page("interview")
        )

    def _status(self, text: str) -> None:
        self.status_label.setText(text)
        self.context.message(text)

    # ------------------------------------------------------------------ actions
    def open_selected(self) -> None:
        chosen = self.selected()
        if chosen is not None:
            self.context.navigate("replay", session_id=chosen.id)

    def resume_selected(self) -> None:
        chosen = self.selected()
        if chosen is not None and chosen.status == "in_progress":
            self.context.navigate("interview", session_id=chosen.id)

    def delete_selected(self) -> QMessageBox | None:
        """Asks first (non-blocking box, kept in ``confirm_box``); deletes on Yes."""
        chosen = self.selected()
        if chosen is None:
            return None
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(tr("hist.confirm_delete_title"))
        box.setText(tr("hist.confirm_delete", when=local_time(chosen.started_at)))
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        box.setDefaultButton(QMessageBox.StandardButton.No)

        def answered(result: int) -> None:
            self.confirm_box = None
            if box.standardButton(box.clickedButton()) == QMessageBox.StandardButton.Yes:
                self.delete_session(chosen.id)

        box.finished.connect(answered)
        self.confirm_box = box
        box.open()
        return box

    def delete_session(self, session_id: int) -> None:
        try:
            removed = self.context.store.delete_session(session_id)
        except Exception as exc:  # noqa: BLE001 - a message for people, not a traceback
            self._status(tr("hist.load_failed", error=exc))
            return
        self._status(tr("hist.deleted", id=session_id, n=len(removed)))
        self.model.reload()
        if self.search_edit.text().strip():
            self.run_search()

    # ------------------------------------------------------------------ search
    def run_search(self) -> None:
        query = self.search_edit.text()
        self._search_generation += 1
        generation = self._search_generation
        if self._search_task is not None:
            self._search_task.cancel()
        if not query.strip():
            self._show_hits(generation, [])
            return
        store = self.context.store

        def work(ctx: TaskContext) -> list[Any]:
            from mockinterview.review.search import search

            return search(store, query, limit=SEARCH_LIMIT)

        task = BackgroundTask(work, self)
        task.succeeded.connect(lambda hits: self._show_hits(generation, hits))
        task.failed.connect(lambda exc: self._search_failed(generation, exc))
        task.finished.connect(lambda: self._forget_search(task))
        self._search_task = task
        task.start()

    def _forget_search(self, task: BackgroundTask) -> None:
        if self._search_task is task:
            self._search_task = None

    def _show_hits(self, generation: int, hits: list[Any]) -> None:
        if generation != self._search_generation:
            return
        self.results.clear()
        for hit in hits:
            kind = tr(f"hist.hit.{hit.kind}") if hit.kind in ("question", "answer") else hit.kind
            item = QListWidgetItem(
                f"#{hit.session_id} · {local_time(hit.started_at)} · {kind}\n{hit.snippet}"
            )
            item.setData(Qt.ItemDataRole.UserRole, hit)
            self.results.addItem(item)
        query = self.search_edit.text().strip()
        self.results_label.setText(
            "" if not query else tr("hist.hits", n=len(hits)) if hits else tr("hist.no_hits")
        )
        self.search_done.emit()

    def _search_failed(self, generation: int, exc: BaseException) -> None:
        if generation != self._search_generation:
            return
        self.results.clear()
        self.results_label.setText(tr("hist.search_failed", error=exc))
        self.search_done.emit()

    def hits(self) -> list[Any]:
        return [
            self.results.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.results.count())
        ]

    def _open_hit(self, item: QListWidgetItem) -> None:
        hit = item.data(Qt.ItemDataRole.UserRole)
        if hit is not None:
            self.context.navigate("replay", session_id=hit.session_id, question_id=hit.question_id)


def _date_edit() -> QDateEdit:
    """A date field whose minimum means "no limit" (shown as the special value text)."""
    edit = QDateEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setMinimumDate(QDate(2000, 1, 1))
    edit.setDate(edit.minimumDate())
    return edit


def _day(edit: QDateEdit) -> datetime | None:
    if edit.date() == edit.minimumDate():
        return None
    d = edit.date()
    local = datetime.combine(date(d.year(), d.month(), d.day()), time()).astimezone()
    return local.astimezone(timezone.utc)
