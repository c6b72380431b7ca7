"""Self-rating 1-5 as five exclusive toggle buttons (a click on the chosen one clears it)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget


class RatingWidget(QWidget):
    changed = Signal(object)  # int 1-5 or None

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.buttons: list[QPushButton] = []
        self._value: int | None = None
        for value in range(1, 6):
            button = QPushButton(str(value))
            button.setCheckable(True)
            button.setFixedWidth(32)
            button.clicked.connect(lambda _=False, v=value: self._clicked(v))
            layout.addWidget(button)
            self.buttons.append(button)
        layout.addStretch(1)

    def value(self) -> int | None:
        return self._value

    def set_value(self, value: int | None) -> None:
        """Show ``value`` without emitting ``changed``."""
        self._value = value if value in range(1, 6) else None
        for i, button in enumerate(self.buttons, start=1):
            button.setChecked(self._value is not None and i <= self._value)

    def _clicked(self, value: int) -> None:
        self.set_value(None if value == self._value else value)
        self.changed.emit(self._value)
