"""The main window: navigation on the left, pages in a stack, model state in the status bar.

Pages are hosted by a small API so other modules can plug in: ``add_page(key, widget,
nav_label_key)`` and ``show_page(key, **kw)`` (calls ``widget.on_show(**kw)`` when it has one).
``retranslate()`` re-labels everything after a language switch (pages with ``retranslate()``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QWidget,
)

from mockinterview.gui.context import AppContext
from mockinterview.gui.i18n import install_qt_translations, register, set_language, tr

if TYPE_CHECKING:
    from PySide6.QtWidgets import QDialog

    from mockinterview.gui.model_slot import ModelSlot

register(
    {
        "model.ready": ("识别模型已就绪：{name}", "Transcription model ready: {name}"),
        "model.failed": (
            "识别模型加载失败：{error}",
            "The transcription model failed to load: {error}",
        ),
        "model.cancelled": ("已取消加载识别模型", "Loading the model was cancelled"),
        "model.cancel": ("取消", "Cancel"),
        "main.no_page": ("这个页面还没有安装：{page}", "This page is not installed: {page}"),
    }
)

SETTINGS_KEY = "settings"
# Pages without a navigation entry highlight the entry they belong to (the interview showed
# "Weak topics" highlighted when it was started from there).
NAV_PARENT = {"interview": "setup", "end": "setup", "replay": "history", "report": "history"}


class MainWindow(QMainWindow):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.pages: dict[str, QWidget] = {}
        self._nav_keys: dict[str, str | None] = {}
        self.resume_box: QMessageBox | None = None
        self.on_settings: Callable[[], None] | None = None  # opens the settings dialog
        self.on_close: list[Callable[[], None]] = []
        self.model_slot: ModelSlot | None = None  # the app's one Whisper model (app.py)
        self.settings_dialog: QDialog | None = None  # the open Settings dialog, if any
        self._build_nav()
        self._build_status_bar()
        self.resize(1100, 760)
        self.retranslate()

    def _build_nav(self) -> None:
        self.nav = QListWidget()
        self.nav.setFixedWidth(170)
        # Tab reaches the page list; arrows move in it, Enter/Space opens the page.
        self.nav.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.nav.setStyleSheet(
            "QListWidget { border: none; background: palette(alternate-base); padding-top: 12px; }"
            " QListWidget::item { padding: 10px 16px; }"
        )
        self.nav.itemClicked.connect(self._nav_clicked)
        self.nav.itemActivated.connect(self._nav_clicked)
        self.stack = QStackedWidget()
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

    def _build_status_bar(self) -> None:
        self.status_label = QLabel()
        self.model_label = QLabel()
        self.model_progress = QProgressBar()
        self.model_progress.setMaximumWidth(160)
        self.model_progress.setTextVisible(False)
        self.model_progress.hide()
        self.model_cancel = QPushButton()
        self.model_cancel.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.model_cancel.hide()
        self._cancel_model: Callable[[], None] | None = None
        self._model_text: str | Callable[[], str] = ""
        self.model_cancel.clicked.connect(self._cancel_clicked)
        bar = self.statusBar()
        bar.addWidget(self.status_label, 1)
        bar.addPermanentWidget(self.model_label)
        bar.addPermanentWidget(self.model_progress)
        bar.addPermanentWidget(self.model_cancel)

    # ------------------------------------------------------------------ pages
    def add_page(self, key: str, widget: QWidget, nav_label_key: str | None = None) -> None:
        """Host ``widget`` under ``key``; with ``nav_label_key`` it also gets a navigation entry."""
        self.pages[key] = widget
        self._nav_keys[key] = nav_label_key
        self.stack.addWidget(widget)
        if nav_label_key:
            item = QListWidgetItem(tr(nav_label_key))
            item.setData(Qt.ItemDataRole.UserRole, key)
            # Settings stays last in the list.
            row = self._settings_row()
            self.nav.insertItem(row if row is not None else self.nav.count(), item)

    def add_settings_entry(self, open_settings: Callable[[], None]) -> None:
        self.on_settings = open_settings
        item = QListWidgetItem(tr("nav.settings"))
        item.setData(Qt.ItemDataRole.UserRole, SETTINGS_KEY)
        self.nav.addItem(item)

    def has_page(self, key: str) -> bool:
        return key in self.pages

    def show_page(self, key: str, **kw: Any) -> None:
        widget = self.pages.get(key)
        if widget is None:
            self.show_message(tr("main.no_page", page=key))
            return
        self.stack.setCurrentWidget(widget)
        self._select_nav(key)
        on_show = getattr(widget, "on_show", None)
        if callable(on_show):
            on_show(**kw)

    def _select_nav(self, key: str | None) -> None:
        """Highlight the entry of page ``key`` (or of the page it belongs to)."""
        nav_key = key if key and self._nav_keys.get(key) else NAV_PARENT.get(key or "", key)
        self.nav.blockSignals(True)
        self.nav.clearSelection()
        for row in range(self.nav.count()):
            if self.nav.item(row).data(Qt.ItemDataRole.UserRole) == nav_key:
                self.nav.setCurrentRow(row)
        self.nav.blockSignals(False)

    def current_page_key(self) -> str | None:
        current = self.stack.currentWidget()
        return next((k for k, w in self.pages.items() if w is current), None)

    def _settings_row(self) -> int | None:
        for row in range(self.nav.count()):
            if self.nav.item(row).data(Qt.ItemDataRole.UserRole) == SETTINGS_KEY:
                return row
        return None

    def _nav_clicked(self, item: QListWidgetItem) -> None:
        key = item.data(Qt.ItemDataRole.UserRole)
        if key == SETTINGS_KEY:
            # Settings is a dialog over the page: the highlight goes back to that page.
            self._select_nav(self.current_page_key())
            if self.on_settings is not None:
                self.on_settings()
            return
        interview = self.pages.get("interview")
        if key == "setup" and getattr(interview, "running", False):
            self.show_page("interview")  # one interview at a time: go back to it
            return
        self.show_page(key)

    # ------------------------------------------------------------------ language
    def set_ui_language(self, lang: str | None) -> None:
        install_qt_translations(set_language(lang))
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(tr("app.title"))
        for row in range(self.nav.count()):
            item = self.nav.item(row)
            key = item.data(Qt.ItemDataRole.UserRole)
            label = "nav.settings" if key == SETTINGS_KEY else self._nav_keys.get(key)
            if label:
                item.setText(tr(label))
        self.model_cancel.setText(tr("model.cancel"))
        if callable(self._model_text):
            self.model_label.setText(self._model_text())
        for widget in self.pages.values():
            relabel = getattr(widget, "retranslate", None)
            if callable(relabel):
                relabel()

    # ------------------------------------------------------------------ status bar
    def show_message(self, text: str) -> None:
        self.status_label.setText(text)

    def set_model_state(
        self,
        text: str | Callable[[], str],
        fraction: float | None = None,
        *,
        busy: bool = False,
        cancel: Callable[[], None] | None = None,
    ) -> None:
        """Model state on the right of the status bar; ``busy`` shows progress (None: unknown).
        ``text`` may be a callable (e.g. ``lambda: tr("model.ready", name=...)``): it is asked
        again after a language switch, so the status bar follows the new language."""
        self._model_text = text
        self.model_label.setText(text() if callable(text) else text)
        self.model_progress.setVisible(busy)
        if busy:
            if fraction is None or fraction < 0:
                self.model_progress.setRange(0, 0)
            else:
                self.model_progress.setRange(0, 1000)
                self.model_progress.setValue(int(fraction * 1000))
        self._cancel_model = cancel if busy else None
        self.model_cancel.setVisible(busy and cancel is not None)

    def _cancel_clicked(self) -> None:
        if self._cancel_model is not None:
            self._cancel_model()

    # ------------------------------------------------------------------ unfinished sessions
    def offer_resume(self) -> QMessageBox | None:
        """Sessions left in_progress: resume the latest, or close them all (mark abandoned).
        Non-blocking; returns the box (tests click its buttons)."""
        sessions = self.context.store.in_progress_sessions()
        if not sessions:
            return None
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(tr("resume.title"))
        box.setText(tr("resume.text", n=len(sessions)))
        resume = box.addButton(tr("resume.resume"), QMessageBox.ButtonRole.AcceptRole)
        close = box.addButton(tr("resume.close"), QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        latest = max(sessions, key=lambda s: (s.started_at, s.id))

        def answered() -> None:
            clicked = box.clickedButton()
            self.resume_box = None
            if clicked is resume:
                self.show_page("interview", session_id=latest.id)
            elif clicked is close:
                for session in sessions:
                    self.context.store.finish_session(session.id, "abandoned")

        box.finished.connect(answered)
        self.resume_box = box
        box.open()
        return box

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        """Keys nobody took go to the current page (the interview's Space/R/S/P/Esc)."""
        handle = getattr(self.stack.currentWidget(), "handle_key", None)
        if not event.modifiers() and callable(handle) and handle(event.key()):
            return
        super().keyPressEvent(event)

    # ------------------------------------------------------------------ closing
    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        interview = self.pages.get("interview")
        close_interview = getattr(interview, "close_interview", None)
        if callable(close_interview):
            close_interview()  # keeps every finished answer; session stays resumable
        for callback in self.on_close:
            callback()
        super().closeEvent(event)
