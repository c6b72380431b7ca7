"""How far the transcripts of saved answers have got being transcribed again from the whole
recording (``interview/refine_work.py``, ``RefineProgress`` events).

While answering it is one quiet line under the transcript ("Refining the transcript of answer 2…
40 %"); at the end of the interview, when the engine waits for the last refinements, it becomes
a panel with a full-width bar and a button to stop waiting (Esc does the same).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

from mockinterview.gui.i18n import register, tr

register(
    {
        "interview.refining": (
            "正在用整段录音重新转写第 {n} 个回答… {p}%",
            "Refining the transcript of answer {n}… {p} %",
        ),
        "interview.refining_more": ("（另有 {k} 个在排队）", " ({k} more queued)"),
        "interview.refine_wait": (
            "面试已结束，正在完成最后的转写，完成后显示报告。",
            "The interview is over: the last transcripts are being refined before the report.",
        ),
        "interview.refine_stop": ("不再等待 [Esc]", "Stop waiting [Esc]"),
        "interview.refine_stop_tip": (
            "不等了：还没重新转写完的回答保留实时转写的文字",
            "Stop now: answers not refined yet keep their live transcript",
        ),
    }
)

# Quiet while answering: grey text and a thin bar.
COMPACT_LINE = "color: palette(mid);"
COMPACT_BAR = "QProgressBar { max-height: 6px; }"


class RefineProgressView(QWidget):
    """``show_progress(answer_id, number, fraction, done)`` per event; ``set_waiting(True)`` for the
    end-of-interview wait; ``stop_requested`` when its button is pressed."""

    stop_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._running: dict[int, tuple[int, float]] = {}  # answer id → (answer number, fraction)
        self.waiting = False
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.line = QLabel()
        self.bar = QProgressBar()
        self.bar.setRange(0, 100)
        self.bar.setTextVisible(False)
        self.stop_button = QPushButton()
        self.stop_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Space stays the page's key
        self.stop_button.clicked.connect(self.stop_requested)
        row = QHBoxLayout()
        row.addWidget(self.line)
        row.addWidget(self.bar, 1)
        row.addWidget(self.stop_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addLayout(row)
        self.retranslate()
        self._redraw()

    def retranslate(self) -> None:
        self.title.setText(tr("interview.refine_wait"))
        self.stop_button.setText(tr("interview.refine_stop"))
        self.stop_button.setToolTip(tr("interview.refine_stop_tip"))
        self._redraw()

    def show_progress(self, answer_id: int, number: int, fraction: float, done: bool) -> None:
        if done:
            self._running.pop(answer_id, None)
        else:
            self._running[answer_id] = (number, fraction)
        self._redraw()

    def set_waiting(self, waiting: bool) -> None:
        self.waiting = waiting
        self._redraw()

    def reset(self) -> None:
        self._running.clear()
        self.waiting = False
        self._redraw()

    @property
    def percent(self) -> int | None:
        """The figure shown (the answer being refined now: the oldest, as Whisper's queue runs
        them in order), or None when nothing is refined."""
        if not self._running:
            return None
        return round(100 * self._running[min(self._running)][1])

    def _redraw(self) -> None:
        percent = self.percent
        if percent is not None:
            number = self._running[min(self._running)][0]
            text = tr("interview.refining", n=number, p=percent)
            if len(self._running) > 1:
                text += tr("interview.refining_more", k=len(self._running) - 1)
            self.line.setText(text)
            self.bar.setValue(percent)
        waiting = self.waiting and percent is not None
        self.title.setVisible(waiting)
        self.stop_button.setVisible(waiting)
        self.line.setStyleSheet("" if waiting else COMPACT_LINE)
        self.bar.setStyleSheet("" if waiting else COMPACT_BAR)
        self.setVisible(percent is not None)
