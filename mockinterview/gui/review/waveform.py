"""A waveform drawn from downsampled peaks, with the play position; clicking seeks.

``compute_peaks`` reads the file (run it in a BackgroundTask: long answers take a moment); the
view only paints the few hundred (min, max) pairs it is given.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import soundfile as sf
from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

PEAK_BUCKETS = 600
BLOCK_FRAMES = 65536  # read in blocks: a long answer never sits in memory whole


def compute_peaks(path: Path, buckets: int = PEAK_BUCKETS) -> tuple[np.ndarray, float]:
    """(array of shape (n, 2) with min/max per bucket in [-1, 1], duration in seconds)."""
    info = sf.info(str(path))
    frames = int(info.frames)
    duration = frames / info.samplerate if info.samplerate else 0.0
    n = max(1, min(buckets, frames))
    lows = np.zeros(n, dtype=np.float32)
    highs = np.zeros(n, dtype=np.float32)
    offset = 0
    for block in sf.blocks(str(path), blocksize=BLOCK_FRAMES, dtype="float32", always_2d=True):
        mono = block.mean(axis=1)
        # Bucket of each sample; runs of equal buckets reduced at once (idx is sorted).
        idx = (offset + np.arange(len(mono), dtype=np.int64)) * n // max(1, frames)
        idx = np.minimum(idx, n - 1)
        starts = np.r_[0, np.flatnonzero(np.diff(idx)) + 1]
        b = idx[starts]
        lows[b] = np.minimum(lows[b], np.minimum.reduceat(mono, starts))
        highs[b] = np.maximum(highs[b], np.maximum.reduceat(mono, starts))
        offset += len(mono)
    return np.stack([lows, highs], axis=1), duration


class WaveformView(QWidget):
    """Peaks as vertical bars; the played part tinted, a line at the position."""

    seek_requested = Signal(float)  # seconds

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._peaks = np.zeros((0, 2), dtype=np.float32)
        self._duration = 0.0
        self._position = 0.0
        self.setMinimumHeight(48)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(400, 56)

    def set_peaks(self, peaks: np.ndarray, duration: float) -> None:
        self._peaks = peaks
        self._duration = duration
        self.update()

    @property
    def duration(self) -> float:
        return self._duration

    @property
    def has_peaks(self) -> bool:
        return len(self._peaks) > 0

    @property
    def position(self) -> float:
        return self._position

    def set_position(self, seconds: float) -> None:
        if abs(seconds - self._position) > 1e-3:
            self._position = seconds
            self.update()

    def x_for(self, seconds: float) -> float:
        if self._duration <= 0:
            return 0.0
        return seconds / self._duration * self.width()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        if self._duration > 0 and event.button() == Qt.MouseButton.LeftButton:
            fraction = min(1.0, max(0.0, event.position().x() / max(1, self.width())))
            self.seek_requested.emit(fraction * self._duration)
        super().mousePressEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        palette = self.palette()
        painter.fillRect(self.rect(), palette.base())
        n = len(self._peaks)
        w, h = self.width(), self.height()
        if n:
            mid = h / 2
            played_x = self.x_for(self._position)
            played = palette.highlight().color()
            rest = QColor(palette.mid().color())
            bar_w = w / n
            for i, (lo, hi) in enumerate(self._peaks):
                x = i * bar_w
                top = mid - float(hi) * (mid - 2)
                bottom = mid - float(lo) * (mid - 2)
                painter.fillRect(
                    QRectF(x, top, max(1.0, bar_w - 0.5), max(1.0, bottom - top)),
                    played if x < played_x else rest,
                )
            painter.setPen(QPen(palette.text().color(), 1.5))
            painter.drawLine(QPointF(played_x, 0), QPointF(played_x, h))
        painter.end()
