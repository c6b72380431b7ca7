"""Two attempts side by side: key points newly covered and lost, the measures before → after, and
both recordings playable (``review.attempts.compare`` computes it; this only shows it)."""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from mockinterview.gui.i18n import register, tr

register(
    {
        "cmp.title": ("第 {a} 次 → 第 {b} 次回答", "Attempt {a} → attempt {b}"),
        "cmp.newly": ("新覆盖的要点", "Key points newly covered"),
        "cmp.lost": ("这次漏掉的要点", "Key points lost"),
        "cmp.unclear": ("这次听不清、无法判断", "Not heard clearly this time"),
        "cmp.none": ("无", "none"),
        "cmp.measure": ("指标", "Measure"),
        "cmp.before": ("第 {n} 次", "Attempt {n}"),
        "cmp.after": ("第 {n} 次", "Attempt {n}"),
        "cmp.change": ("变化", "Change"),
        "cmp.duration": ("时长（秒）", "Duration (s)"),
        "cmp.fillers_per_min": ("口头禅 / 分钟", "Fillers / min"),
        "cmp.syllables_per_min": ("语速（音节 / 分钟）", "Pace (syllables / min)"),
        "cmp.longest_pause": ("最长停顿（秒）", "Longest pause (s)"),
        "cmp.coverage": ("要点覆盖", "Key-point coverage"),
        "cmp.play": ("▶ 播放第 {n} 次", "▶ Play attempt {n}"),
        "cmp.stop": ("■ 停止", "■ Stop"),
    }
)

MEASURES = ("duration", "fillers_per_min", "syllables_per_min", "longest_pause", "coverage")
# Lower is better for these; the change is coloured accordingly.
LOWER_IS_BETTER = {"fillers_per_min", "longest_pause"}


def _fmt(key: str, value: Any) -> str:
    if value is None:
        return "—"
    if key == "coverage":
        return f"{float(value):.0%}"
    return f"{float(value):.1f}" if isinstance(value, float) else str(value)


def _change(key: str, change: Any) -> str:
    if change is None or key in ("duration", "syllables_per_min"):  # no better/worse direction
        return "" if change is None else f"{change:+.1f}"
    better = (change < 0) if key in LOWER_IS_BETTER else (change > 0)
    color = "#2e7d32" if better else "#c62828" if change else "#555"
    text = f"{change:+.0%}" if key == "coverage" else f"{change:+.1f}"
    return f'<span style="color:{color};">{escape(text)}</span>'


class CompareView(QGroupBox):
    """``CompareView(comparison, audio_file=callable)``; ``audio_file(stored) -> Path``."""

    def __init__(
        self,
        comparison: dict[str, Any],
        audio_file: Any = None,
        player_factory: Any = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.comparison = comparison
        self._audio_file = audio_file or (lambda stored: Path(stored))
        self._player_factory = player_factory
        self._player: Any = None
        self.playing: Path | None = None
        self.setTitle(tr("cmp.title", a=comparison["before"], b=comparison["after"]))
        layout = QVBoxLayout(self)
        self._build_lists(layout)
        layout.addLayout(self._build_measures())
        layout.addLayout(self._build_buttons())

    def _build_lists(self, layout: QVBoxLayout) -> None:
        comparison = self.comparison
        self.newly = self._list_label("cmp.newly", comparison.get("newly_covered") or [], "#2e7d32", "✔")
        self.lost = self._list_label("cmp.lost", comparison.get("lost") or [], "#c62828", "✗")
        lists = QHBoxLayout()
        lists.addWidget(self.newly, 1)
        lists.addWidget(self.lost, 1)
        layout.addLayout(lists)
        if comparison.get("unclear_now"):
            layout.addWidget(
                self._list_label("cmp.unclear", comparison["unclear_now"], "#8d6e00", "?")
            )

    def _build_measures(self) -> QGridLayout:
        """Measure | attempt a | attempt b | change, one row per measure."""
        a, b = self.comparison["before"], self.comparison["after"]
        grid = QGridLayout()
        heads = [tr("cmp.measure"), tr("cmp.before", n=a), tr("cmp.after", n=b), tr("cmp.change")]
        for col, text in enumerate(heads):
            grid.addWidget(QLabel(f"<b>{escape(text)}</b>"), 0, col)
        self.cells: dict[str, tuple[QLabel, QLabel, QLabel]] = {}
        for row, key in enumerate(MEASURES, start=1):
            m = self.comparison["measures"].get(key) or {}
            cells = (QLabel(_fmt(key, m.get("before"))), QLabel(_fmt(key, m.get("after"))),
                     QLabel(_change(key, m.get("change"))))  # fmt: skip
            grid.addWidget(QLabel(tr(f"cmp.{key}")), row, 0)
            for col, cell in enumerate(cells, start=1):
                cell.setTextFormat(Qt.TextFormat.RichText)
                grid.addWidget(cell, row, col)
            self.cells[key] = cells
        return grid

    def _build_buttons(self) -> QHBoxLayout:
        """A play button per attempt (disabled without a recording) and Stop."""
        a, b = self.comparison["before"], self.comparison["after"]
        buttons = QHBoxLayout()
        self.play_buttons: list[QPushButton] = []
        for number, stored in zip((a, b), self.comparison.get("audio") or (None, None), strict=False):
            button = QPushButton(tr("cmp.play", n=number))
            button.setEnabled(bool(stored))
            button.clicked.connect(lambda _=False, s=stored: self.play(s))
            buttons.addWidget(button)
            self.play_buttons.append(button)
        self.stop_button = QPushButton(tr("cmp.stop"))
        self.stop_button.clicked.connect(self.stop)
        buttons.addWidget(self.stop_button)
        buttons.addStretch(1)
        return buttons

    def _list_label(self, key: str, points: list[str], color: str, mark: str) -> QLabel:
        rows = [f"<b>{escape(tr(key))}</b>"]
        rows += [f'<br><span style="color:{color};">{mark}</span> {escape(p)}' for p in points]
        if not points:
            rows.append(f"<br><i>{escape(tr('cmp.none'))}</i>")
        label = QLabel("".join(rows))
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        return label

    def play(self, stored: str | None) -> None:
        """Play one attempt's recording (the other stops)."""
        if not stored:
            return
        path = Path(self._audio_file(stored))
        self.stop()
        try:
            if self._player is None:
                if self._player_factory is not None:
                    self._player = self._player_factory()
                else:
                    from mockinterview.speech.player import Player

                    self._player = Player()
            self._player.play(path)
        except Exception as exc:  # no output device: say so where the user looks
            self.setToolTip(str(exc))
            return
        self.playing = path

    def stop(self) -> None:
        if self._player is not None:
            try:
                self._player.stop()
            except Exception:  # already stopped or the device is gone; nothing to keep
                self._player = None
        self.playing = None
