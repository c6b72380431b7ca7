"""Key-point coverage per topic as horizontal stacked bars (covered / partly / missed), drawn with
QPainter; each row is labelled with the topic (wrapped, never cut) and a share computed from the
same counts as its segments ((covered + ½ partly) / total: an all-red bar reads 0%)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

STATUS_COLORS = {
    "covered": QColor(67, 160, 71),
    "partly": QColor(251, 192, 45),
    "missed": QColor(229, 57, 53),
}
ROW_HEIGHT = 26
LABEL_WIDTH = 280  # at least; longer topic names get up to LABEL_SHARE of the width, then wrap
LABEL_SHARE = 0.45
SCORE_WIDTH = 56
LEGEND_HEIGHT = 20


@dataclass(frozen=True)
class CoverageRow:
    label: str
    covered: int
    partly: int
    missed: int
    score: float | None  # unused by the drawing (kept for callers); the label is ``share``

    @property
    def total(self) -> int:
        return self.covered + self.partly + self.missed

    @property
    def share(self) -> float:
        """What the bar shows: covered counts fully, partly half, missed nothing."""
        return (self.covered + 0.5 * self.partly) / self.total if self.total else 0.0


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

    def label_width(self) -> int:
        metrics = QFontMetrics(self.font())
        widest = max((metrics.horizontalAdvance(r.label) + 12 for r in self.rows), default=0)
        return int(max(LABEL_WIDTH, min(widest, self.width() * LABEL_SHARE)))

    def label_rect(self, index: int) -> QRect:
        """Where row ``index``'s label is drawn: word-wrapped to the label column."""
        metrics = QFontMetrics(self.font())
        box = QRect(0, 0, self.label_width() - 8, 10_000)
        flags = int(Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignRight)
        return metrics.boundingRect(box, flags, self.rows[index].label)

    def row_height(self, index: int) -> int:
        return max(ROW_HEIGHT, self.label_rect(index).height() + 8)

    def _row_top(self, index: int) -> int:
        return LEGEND_HEIGHT + 8 + sum(self.row_height(i) for i in range(index))

    def _fit(self) -> None:
        rows = sum(self.row_height(i) for i in range(len(self.rows))) or ROW_HEIGHT
        self.setFixedHeight(LEGEND_HEIGHT + 8 + rows)

    def resizeEvent(self, event: object) -> None:  # noqa: N802 - Qt override
        self._fit()  # a narrower window wraps the labels onto more lines

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(420, self.height())

    def _bar_area(self, index: int) -> QRectF:
        height = self.row_height(index)
        top = self._row_top(index) + (height - ROW_HEIGHT) / 2 + 4
        left = self.label_width()
        width = max(1, self.width() - left - SCORE_WIDTH - 8)
        return QRectF(left, top, width, ROW_HEIGHT - 8)

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
        x = float(self.label_width())
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
            painter.drawText(
                QRectF(0, self._row_top(i), self.label_width() - 8, self.row_height(i)),
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    | Qt.TextFlag.TextWordWrap),
                row.label,
            )  # fmt: skip
            for status, rect in parts.items():
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(STATUS_COLORS[status])
                painter.drawRect(rect)
                count = str(getattr(row, status))
                if rect.width() > metrics.horizontalAdvance(count) + 4:
                    painter.setPen(QColor("white") if status != "partly" else QColor("black"))
                    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, count)
            painter.setPen(text)
            score = f"{row.share:.0%}" if row.total else "—"
            painter.drawText(
                QRectF(area.right() + 6, area.top() - 4, SCORE_WIDTH, ROW_HEIGHT),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                score,
            )
        painter.end()
