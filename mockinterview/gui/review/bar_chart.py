"""Vertical bar chart drawn with QPainter (QtCharts is not installed): one bar per answer, the
value written above it, and per bar an optional shaded band (the comfortable speaking range)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QHelpEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 40, 10, 16, 22
BAR_SHARE = 0.55  # of each column's width
MAX_BAR_WIDTH = 46.0


@dataclass(frozen=True)
class Bar:
    label: str  # under the bar ("Q1", "Q2↳")
    value: float | None  # None: nothing to draw (no speech)
    band: tuple[float, float] | None = None  # shaded behind the bar
    tooltip: str = ""


def nice_ceiling(value: float) -> float:
    """The next round number (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 × 10^n) at or above ``value``:
    a y-axis top with little headroom that still divides into four readable ticks."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        if value <= step * power:
            return float(step * power)
    return float(10 * power)


class BarChart(QWidget):
    """``set_bars([Bar, ...])``; ``bar_rects()`` says where each bar is drawn (tests check it)."""

    def __init__(self, unit: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.unit = unit
        self.bars: list[Bar] = []
        self.empty_text = ""
        self.value_format = "{:.0f}"
        self.setMinimumHeight(150)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setMouseTracking(True)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(360, 170)

    def set_bars(self, bars: Sequence[Bar], empty_text: str = "") -> None:
        """A value or band that is not a finite number (a damaged stored analysis) is drawn as
        "—" instead of crashing the painter."""
        self.bars = [_clean(b) for b in bars]
        self.empty_text = empty_text
        self.update()

    def y_max(self) -> float:
        tops = [b.value or 0.0 for b in self.bars] + [b.band[1] for b in self.bars if b.band]
        return nice_ceiling(max(tops, default=0.0) * 1.08)

    def plot_area(self) -> QRectF:
        return QRectF(
            MARGIN_LEFT,
            MARGIN_TOP,
            max(1, self.width() - MARGIN_LEFT - MARGIN_RIGHT),
            max(1, self.height() - MARGIN_TOP - MARGIN_BOTTOM),
        )

    def _column(self, index: int) -> QRectF:
        area = self.plot_area()
        width = area.width() / max(1, len(self.bars))
        return QRectF(area.left() + index * width, area.top(), width, area.height())

    def _y(self, value: float) -> float:
        area = self.plot_area()
        return area.bottom() - min(value, self.y_max()) / self.y_max() * area.height()

    def bar_rects(self) -> list[QRectF | None]:
        out: list[QRectF | None] = []
        for i, bar in enumerate(self.bars):
            if bar.value is None:
                out.append(None)
                continue
            column = self._column(i)
            width = min(MAX_BAR_WIDTH, column.width() * BAR_SHARE)
            top = self._y(bar.value)
            out.append(QRectF(column.center().x() - width / 2, top, width, column.bottom() - top))
        return out

    def band_rects(self) -> list[QRectF | None]:
        out: list[QRectF | None] = []
        for i, bar in enumerate(self.bars):
            if bar.band is None:
                out.append(None)
                continue
            column = self._column(i)
            top, bottom = self._y(bar.band[1]), self._y(bar.band[0])
            out.append(QRectF(column.left() + 2, top, column.width() - 4, bottom - top))
        return out

    def event(self, e: QEvent) -> bool:
        """A bar's tooltip says what its value was computed from."""
        if e.type() == QEvent.Type.ToolTip and isinstance(e, QHelpEvent):
            for i, bar in enumerate(self.bars):
                if bar.tooltip and self._column(i).contains(QPointF(e.pos())):
                    QToolTip.showText(e.globalPos(), bar.tooltip, self)
                    return True
            QToolTip.hideText()
            return True
        return super().event(e)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        text = palette.text().color()
        area = self.plot_area()
        if not self.bars:
            painter.setPen(text)
            painter.drawText(area, Qt.AlignmentFlag.AlignCenter, self.empty_text)
            painter.end()
            return
        top = self.y_max()
        grid = QPen(palette.mid().color(), 0.5, Qt.PenStyle.DotLine)
        for k in range(5):
            value = top * k / 4
            y = self._y(value)
            painter.setPen(grid)
            painter.drawLine(QPointF(area.left(), y), QPointF(area.right(), y))
            painter.setPen(text)
            painter.drawText(
                QRectF(0, y - 8, MARGIN_LEFT - 6, 16),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                f"{value:g}",
            )
        band_color = QColor(76, 175, 80, 55)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(band_color)
        for rect in self.band_rects():
            if rect is not None:
                painter.drawRect(rect)
        bar_color = palette.highlight().color()
        for i, rect in enumerate(self.bar_rects()):
            bar = self.bars[i]
            column = self._column(i)
            painter.setPen(text)
            painter.drawText(
                QRectF(column.left(), area.bottom() + 3, column.width(), MARGIN_BOTTOM - 3),
                Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                bar.label,
            )
            if rect is None or bar.value is None:
                painter.drawText(
                    QRectF(column.left(), area.bottom() - 18, column.width(), 16),
                    Qt.AlignmentFlag.AlignCenter,
                    "—",
                )
                continue
            outside = bar.band is not None and not bar.band[0] <= bar.value <= bar.band[1]
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(230, 126, 34) if outside else bar_color)
            painter.drawRect(rect)
            painter.setPen(text)
            painter.drawText(
                QRectF(column.left(), rect.top() - 15, column.width(), 14),
                Qt.AlignmentFlag.AlignCenter,
                self.value_format.format(bar.value),
            )
        painter.setPen(QPen(palette.mid().color(), 1))
        painter.drawLine(area.bottomLeft(), area.bottomRight())
        painter.end()


def _finite(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) and value >= 0 else None


def _clean(bar: Bar) -> Bar:
    band: tuple[float, float] | None = None
    if isinstance(bar.band, tuple | list) and len(bar.band) == 2:
        lo, hi = _finite(bar.band[0]), _finite(bar.band[1])
        band = (lo, hi) if lo is not None and hi is not None and lo <= hi else None
    return Bar(str(bar.label), _finite(bar.value), band, str(bar.tooltip))
