"""Input level meter: a bar that follows the microphone's peak, so people see they are heard."""

from __future__ import annotations

import math

from PySide6.QtCore import QRectF, QSize
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

FLOOR_DB = -60.0  # quieter than this shows as an empty bar


def level_fraction(peak: float) -> float:
    """Peak amplitude (0..1) → bar fraction on a dB scale, as ears hear it."""
    if peak <= 0:
        return 0.0
    db = 20 * math.log10(min(peak, 1.0))
    return max(0.0, min(1.0, (db - FLOOR_DB) / -FLOOR_DB))


class LevelMeter(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.fraction = 0.0
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:
        return QSize(240, 14)

    def set_level(self, rms: float, peak: float) -> None:
        fraction = level_fraction(peak)
        # Fall slowly, rise at once: a readable meter rather than a flicker.
        self.fraction = (
            fraction if fraction > self.fraction else self.fraction * 0.8 + fraction * 0.2
        )
        self.update()

    def reset(self) -> None:
        self.fraction = 0.0
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        rect = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        painter.setPen(self.palette().mid().color())
        painter.setBrush(self.palette().base())
        painter.drawRoundedRect(rect, 4, 4)
        if self.fraction > 0:
            filled = QRectF(rect.left(), rect.top(), rect.width() * self.fraction, rect.height())
            colour = QColor("#2f9e44") if self.fraction < 0.85 else QColor("#e03131")
            painter.setPen(QColor(0, 0, 0, 0))
            painter.setBrush(colour)
            painter.drawRoundedRect(filled, 4, 4)
        painter.end()
