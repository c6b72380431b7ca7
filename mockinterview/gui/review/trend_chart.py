"""A small line chart of average self-rating over time, drawn with QPainter (no QtCharts)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

Y_MIN, Y_MAX = 1.0, 5.0
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 28, 12, 10, 22


class TrendChart(QWidget):
    """``set_points([(date, value), ...])``: ratings 1-5 on the y axis, dates spaced by time."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.points: list[tuple[date, float]] = []
        self.empty_text = ""
        self.setMinimumHeight(140)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(420, 180)

    def set_points(self, points: Sequence[tuple[date, float]], empty_text: str = "") -> None:
        self.points = sorted(points)
        self.empty_text = empty_text
        self.update()

    def plot_area(self) -> QRectF:
        return QRectF(
            MARGIN_LEFT,
            MARGIN_TOP,
            max(1, self.width() - MARGIN_LEFT - MARGIN_RIGHT),
            max(1, self.height() - MARGIN_TOP - MARGIN_BOTTOM),
        )

    def screen_points(self) -> list[QPointF]:
        """Where each point is drawn (also what tests check)."""
        area = self.plot_area()
        if not self.points:
            return []
        first, last = self.points[0][0].toordinal(), self.points[-1][0].toordinal()
        span = max(1, last - first)
        out = []
        for day, value in self.points:
            x = area.left() + (
                (day.toordinal() - first) / span * area.width()
                if last > first
                else area.width() / 2
            )
            clamped = min(Y_MAX, max(Y_MIN, value))
            y = area.bottom() - (clamped - Y_MIN) / (Y_MAX - Y_MIN) * area.height()
            out.append(QPointF(x, y))
        return out

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        area = self.plot_area()
        grid = QPen(palette.mid().color(), 0.5, Qt.PenStyle.DotLine)
        painter.setPen(grid)
        for level in range(int(Y_MIN), int(Y_MAX) + 1):
            y = area.bottom() - (level - Y_MIN) / (Y_MAX - Y_MIN) * area.height()
            painter.drawLine(QPointF(area.left(), y), QPointF(area.right(), y))
            painter.setPen(palette.text().color())
            painter.drawText(
                QRectF(0, y - 8, MARGIN_LEFT - 6, 16),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                str(level),
            )
            painter.setPen(grid)
        pts = self.screen_points()
        if not pts:
            painter.setPen(palette.text().color())
            painter.drawText(area, Qt.AlignmentFlag.AlignCenter, self.empty_text)
            painter.end()
            return
        color = palette.highlight().color()
        path = QPainterPath(pts[0])
        for p in pts[1:]:
            path.lineTo(p)
        painter.setPen(QPen(color, 2))
        painter.drawPath(path)
        painter.setBrush(color)
        for p in pts:
            painter.drawEllipse(p, 3.5, 3.5)
        painter.setPen(palette.text().color())
        labels = {0, len(pts) - 1}
        for i in sorted(labels):
            text = self.points[i][0].strftime("%m-%d")
            align = Qt.AlignmentFlag.AlignLeft if i == 0 else Qt.AlignmentFlag.AlignRight
            box = QRectF(area.left(), area.bottom() + 4, area.width(), MARGIN_BOTTOM - 4)
            painter.drawText(box, align | Qt.AlignmentFlag.AlignTop, text)
        painter.end()
