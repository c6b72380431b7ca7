"""The big countdown: mm:ss, warning colour in the last 30 s, a short flash at the 10 s cue."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel, QWidget

NORMAL_STYLE = "color: palette(window-text);"
WARNING_STYLE = "color: #d9480f;"
CUE_STYLE = "color: #ffffff; background: #d9480f; border-radius: 8px;"


def format_seconds(seconds: float) -> str:
    whole = max(0, int(seconds + 0.999))  # 4.2 s left reads as 0:05, as a person counts
    return f"{whole // 60}:{whole % 60:02d}"


class CountdownLabel(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("–:––", parent)
        font = QFont(self.font())
        font.setPointSize(48)
        font.setBold(True)
        self.setFont(font)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setMinimumWidth(200)
        self.warning = False
        self.cue_count = 0  # how many 10-second cues were given (tests read it)
        self.setStyleSheet(NORMAL_STYLE)

    def show_remaining(self, remaining: float, warning: bool, cue: bool) -> None:
        self.setText(format_seconds(remaining))
        if cue:
            self.cue_count += 1
        self.warning = warning
        style = CUE_STYLE if cue else WARNING_STYLE if warning else NORMAL_STYLE
        if style != self.styleSheet():
            self.setStyleSheet(style)

    def clear_time(self) -> None:
        self.warning = False
        self.setText("–:––")
        self.setStyleSheet(NORMAL_STYLE)
