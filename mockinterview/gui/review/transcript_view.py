"""The answer's transcript, word by word: the word being heard is highlighted, a click seeks.

Words come from the stored segments (``{"start", "end", "text", "words": [...]}``); each word is an
anchor ``w:<index>`` in the document, so a click gives its index and start time.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QPoint, QUrl, Signal
from PySide6.QtGui import QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QTextBrowser, QTextEdit, QWidget


@dataclass(frozen=True)
class TimedWord:
    start: float
    end: float
    text: str


def words_of(segments: Sequence[dict[str, Any]]) -> list[TimedWord]:
    """Every timed word of the segments, in order; segments without words give none."""
    found: list[TimedWord] = []
    for seg in segments or ():
        for w in seg.get("words") or ():
            try:
                found.append(TimedWord(float(w["start"]), float(w["end"]), str(w["word"])))
            except (KeyError, TypeError, ValueError):
                continue  # a malformed word (hand-edited import) is skipped, not fatal
    return found


class TranscriptView(QTextBrowser):
    word_clicked = Signal(int, float)  # index, start seconds

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.anchorClicked.connect(self._anchor)
        self.words: list[TimedWord] = []
        self._spans: list[tuple[int, int]] = []
        self._starts: list[float] = []
        self.current: int | None = None

    def set_transcript(self, text: str, segments: Sequence[dict[str, Any]]) -> None:
        self.clear()
        self.current = None
        self.words = words_of(segments)
        self._starts = [w.start for w in self.words]
        self._spans = []
        if not self.words:
            self.setPlainText(text)
            return
        cursor = QTextCursor(self.document())
        plain = QTextCharFormat()
        color = self.palette().text().color()
        for i, word in enumerate(self.words):
            fmt = QTextCharFormat()
            fmt.setAnchor(True)
            fmt.setAnchorHref(f"w:{i}")
            fmt.setForeground(color)  # readable text, not link blue
            lead = len(word.text) - len(word.text.lstrip())
            if lead:
                cursor.insertText(word.text[:lead], plain)
            begin = cursor.position()
            cursor.insertText(word.text[lead:], fmt)
            self._spans.append((begin, cursor.position()))
        self.setExtraSelections([])

    def word_at_time(self, seconds: float) -> int | None:
        """The word being said at ``seconds`` (the last one started), None before the first."""
        i = bisect_right(self._starts, seconds + 1e-6) - 1
        return i if i >= 0 else None

    def highlight_time(self, seconds: float) -> None:
        self.highlight(self.word_at_time(seconds))

    def highlight(self, index: int | None) -> None:
        if index == self.current:
            return
        self.current = index
        if index is None or not 0 <= index < len(self._spans):
            self.setExtraSelections([])
            return
        sel = QTextEdit.ExtraSelection()
        cursor = QTextCursor(self.document())
        begin, end = self._spans[index]
        cursor.setPosition(begin)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        sel.cursor = cursor
        fmt = QTextCharFormat()
        fmt.setBackground(self.palette().highlight())
        fmt.setForeground(self.palette().highlightedText())
        sel.format = fmt
        self.setExtraSelections([sel])
        self.setTextCursor(cursor)
        self.ensureCursorVisible()

    def word_point(self, index: int) -> QPoint:
        """Viewport point in the middle of word ``index`` (tests click there)."""
        begin, end = self._spans[index]
        cursor = QTextCursor(self.document())
        cursor.setPosition(begin)
        left = self.cursorRect(cursor).center()
        cursor.setPosition(end)
        right = self.cursorRect(cursor).center()
        return QPoint((left.x() + right.x()) // 2, left.y())

    def _anchor(self, url: QUrl) -> None:
        href = url.toString()
        if href.startswith("w:"):
            try:
                index = int(href[2:])
            except ValueError:
                return
            if 0 <= index < len(self.words):
                self.word_clicked.emit(index, self.words[index].start)
