"""PySide6 6.12.0 drops a reference to ``None`` on every QPainter.fillRect/drawLine; on Python
3.11 the interpreter then dies with ``none_dealloc`` (replay crashed within seconds). The pin in
pyproject.toml avoids it; this test fails if an upgrade brings the bug back."""

from __future__ import annotations

import sys

from PySide6.QtCore import QRect
from PySide6.QtGui import QColor, QImage, QPainter


def test_painting_keeps_the_refcount_of_none(qapp) -> None:
    image = QImage(64, 64, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    colour, rect = QColor("red"), QRect(0, 0, 5, 5)

    def paint(times: int) -> None:
        for _ in range(times):
            painter.drawLine(0, 0, 10, 50)
            painter.fillRect(rect, colour)

    try:
        paint(10)  # warm-up: first calls create cached wrappers
        before = sys.getrefcount(None)
        paint(1000)
        after = sys.getrefcount(None)
    finally:
        painter.end()
    # 6.12.0 loses 2000 here; a healthy build loses none.
    assert abs(after - before) < 50, f"None refcount changed by {after - before} over 2000 calls"
