"""Key-point coverage per topic as horizontal stacked bars (covered / partly / missed), drawn with
QPainter; each row is labelled with the topic and its coverage score."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

STATUS_COLORS = {
    "covered": QColor(67, 160, 71),
    "partly": QColor(251, 192, 45),
    "missed": QColor(229, 57, 53),
}
ROW_HEIGHT = 26
LABEL_WIDTH = 280
SCORE_WIDTH = 56
LEGEND_HEIGHT = 20


@dataclass(frozen=True)
class CoverageRow:
    label: str
    covered: int
    partly: int
    missed: int
    score: float | None  # average key-point score of the topic's answers

    @property
    def total(self) -> int:
        return self.covered + self.partly + self.missed


class CoverageChart(QWidget):
    """``set_rows([CoverageRow, ...])``; ``segment_rects()`` gives the drawn parts (for tests)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[CoverageRow] = []
        self.empty_text = ""
        self.legend = {"covered": "covered", "partly": "partly", "missed": "missed"}
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._fit()

    def set_rows(
        self,
        rows: Sequence[CoverageRow],
        empty_text: str = "",
        legend: dict[str, str] | None = None,
    ) -> None:
        self.rows = list(rows)
        self.empty_text = empty_text
        if legend:
            self.legend = legend
        self._fit()
        self.update()

    def _fit(self) -> None:
        self.setFixedHeight(LEGEND_HEIGHT + 8 + max(1, len(self.rows)) * ROW_HEIGHT)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(420, self.height())

    def _bar_area(self, index: int) -> QRectF:
        top = LEGEND_HEIGHT + 8 + index * ROW_HEIGHT + 4
        width = max(1, self.width() - LABEL_WIDTH - SCORE_WIDTH - 8)
        return QRectF(LABEL_WIDTH, top, width, ROW_HEIGHT - 8)

    def segment_rects(self) -> list[dict[str, QRectF]]:
        """Per row: status -> rectangle, widths in proportion to the key-point counts."""
        out = []
        for i, row in enumerate(self.rows):
            area = self._bar_area(i)
            parts: dict[str, QRectF] = {}
            x = area.left()
            for status in ("covered", "partly", "missed"):
                count = getattr(row, status)
                if row.total and count:
                    width = area.width() * count / row.total
                    parts[status] = QRectF(x, area.top(), width, area.height())
                    x += width
            out.append(parts)
        return out

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        text = self.palette().text().color()
        x = float(LABEL_WIDTH)
        for status, color in STATUS_COLORS.items():
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(color)
            painter.drawRect(QRectF(x, 5, 12, 12))
            painter.setPen(text)
            label = self.legend.get(status, status)
            width = painter.fontMetrics().horizontalAdvance(label) + 8
            painter.drawText(
                QRectF(x + 16, 0, width, LEGEND_HEIGHT), Qt.AlignmentFlag.AlignVCenter, label
            )
            x += 16 + width + 12
        if not self.rows:
            painter.drawText(
                QRectF(0, LEGEND_HEIGHT + 8, self.width(), ROW_HEIGHT),
                Qt.AlignmentFlag.AlignCenter,
                self.empty_text,
            )
            painter.end()
            return
        metrics = painter.fontMetrics()
        for i, (row, parts) in enumerate(zip(self.rows, self.segment_rects(), strict=True)):
            area = self._bar_area(i)
            painter.setPen(text)
            label = metrics.elidedText(row.label, Qt.TextElideMode.ElideRight, LABEL_WIDTH - 10)
            painter.drawText(
                QRectF(0, area.top() - 4, LABEL_WIDTH - 8, ROW_HEIGHT),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                label,
            )
            for status, rect in parts.items():
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(STATUS_COLORS[status])
                painter.drawRect(rect)
                count = str(getattr(row, status))
                if rect.width() > metrics.horizontalAdvance(count) + 4:
                    painter.setPen(QColor("white") if status != "partly" else QColor("black"))
                    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, count)
            painter.setPen(text)
            score = "—" if row.score is None else f"{row.score:.0%}"
            painter.drawText(
                QRectF(area.right() + 6, area.top() - 4, SCORE_WIDTH, ROW_HEIGHT),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                score,
            )
        painter.end()
