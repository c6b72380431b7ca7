"""The answer's transcript, word by word: the word being heard is highlighted, a click seeks (and
plays), and words the model was unsure of are marked so the user checks and corrects them.

Words come from the stored segments (``{"start", "end", "text", "words": [...]}``). The text shown
is the transcript itself (its punctuation and spaces), with each timed word found in it in order
and made an anchor ``w:<index>``; words that cannot be found (a corrected transcript) stay plain
text, and the words still found keep their timing.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QPoint, QUrl, Signal
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QTextBrowser, QTextEdit, QWidget

# Below this word probability (faster-whisper's per-word confidence) a word is marked "unsure".
LOW_PROBABILITY = 0.5
UNSURE_COLOR = QColor("#b35c00")
MIN_HEIGHT, MAX_HEIGHT = 60, 220  # the box fits its text between these (then it scrolls)
# Look this far ahead in the text for the next word: further means the word is not there.
MAX_SKIP = 40


@dataclass(frozen=True)
class TimedWord:
    start: float
    end: float
    text: str
    probability: float | None = None

    @property
    def unsure(self) -> bool:
        return self.probability is not None and self.probability < LOW_PROBABILITY


def _probability(w: dict[str, Any]) -> float | None:
    try:
        value = float(w["probability"])
    except (KeyError, TypeError, ValueError):
        return None
    return value if 0.0 <= value <= 1.0 else None


def words_of(segments: Sequence[dict[str, Any]]) -> list[TimedWord]:
    """Every timed word of the segments, in order; segments without words give none."""
    found: list[TimedWord] = []
    for seg in segments or ():
        if not isinstance(seg, dict):
            continue
        for w in seg.get("words") or ():
            try:
                found.append(
                    TimedWord(float(w["start"]), float(w["end"]), str(w["word"]), _probability(w))
                )
            except (KeyError, TypeError, ValueError):
                continue  # a malformed word (hand-edited import) is skipped, not fatal
    return found


def align(text: str, words: Sequence[TimedWord]) -> list[tuple[int, int] | None]:
    """Where each word sits in ``text`` ((begin, end) character span), in order; None for a word
    not found within ``MAX_SKIP`` characters of the previous one."""
    spans: list[tuple[int, int] | None] = []
    pos = 0
    folded = text.casefold()
    for word in words:
        core = word.text.strip().casefold()
        at = folded.find(core, pos, pos + MAX_SKIP + len(core)) if core else -1
        if at < 0:
            spans.append(None)
            continue
        spans.append((at, at + len(core)))
        pos = at + len(core)
    return spans


def glue(words: Sequence[TimedWord]) -> str:
    """The words' own text when no transcript is stored (older imports)."""
    return "".join(w.text for w in words).strip()


class TranscriptView(QTextBrowser):
    word_clicked = Signal(int, float)  # index, start seconds

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.anchorClicked.connect(self._anchor)
        self.words: list[TimedWord] = []
        self._spans: list[tuple[int, int] | None] = []
        self._starts: list[float] = []
        self.current: int | None = None

    def unsure_words(self) -> list[int]:
        """Indexes of the words marked as unsure (and shown in the text)."""
        return [i for i, w in enumerate(self.words) if w.unsure and self._spans[i] is not None]

    def set_transcript(self, text: str, segments: Sequence[dict[str, Any]]) -> None:
        self.clear()
        self.current = None
        self.words = words_of(segments)
        self._starts = [w.start for w in self.words]
        text = text if text.strip() else glue(self.words)
        self._spans = align(text, self.words)
        cursor = QTextCursor(self.document())
        plain = QTextCharFormat()
        color = self.palette().text().color()
        written = 0
        for i, (word, span) in enumerate(zip(self.words, self._spans, strict=True)):
            if span is None:
                continue
            begin, end = span
            if begin > written:
                cursor.insertText(text[written:begin], plain)
            fmt = QTextCharFormat()
            fmt.setAnchor(True)
            fmt.setAnchorHref(f"w:{i}")
            fmt.setForeground(color)  # readable text, not link blue
            if word.unsure:
                fmt.setForeground(UNSURE_COLOR)
                fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
                fmt.setUnderlineColor(UNSURE_COLOR)
                fmt.setToolTip(f"{word.probability:.0%}")
            at = cursor.position()
            cursor.insertText(text[begin:end], fmt)
            self._spans[i] = (at, cursor.position())  # document positions from here on
            written = end
        if written < len(text):
            cursor.insertText(text[written:], plain)
        self.setExtraSelections([])
        self._fit_height()

    def _fit_height(self) -> None:
        """As tall as the text (a short answer left a large empty box), up to MAX_HEIGHT."""
        doc = self.document()
        doc.setTextWidth(max(50, self.viewport().width()))
        height = int(doc.size().height()) + 2 * self.frameWidth() + 6
        self.setFixedHeight(max(MIN_HEIGHT, min(MAX_HEIGHT, height)))

    def resizeEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self._fit_height()

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
        span = self._spans[index] if index is not None and 0 <= index < len(self._spans) else None
        if span is None:
            self.setExtraSelections([])
            return
        sel = QTextEdit.ExtraSelection()
        cursor = QTextCursor(self.document())
        begin, end = span
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
        span = self._spans[index]
        assert span is not None, f"word {index} is not in the text"
        begin, end = span
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


def marked_html(text: str, segments: Sequence[dict[str, Any]]) -> tuple[str, int]:
    """``text`` as HTML with the unsure words marked as in replay (orange, dotted underline,
    the probability as tooltip); also how many were marked. For the interview's live box."""
    from html import escape

    words = words_of(segments)
    text = text if text.strip() else glue(words)
    out: list[str] = []
    written = marked = 0
    for word, span in zip(words, align(text, words), strict=True):
        if span is None or not word.unsure:
            continue
        begin, end = span
        out.append(escape(text[written:begin]))
        out.append(
            f'<span style="color:{UNSURE_COLOR.name()}; text-decoration: underline dotted;" '
            f'title="{word.probability:.0%}">{escape(text[begin:end])}</span>'
        )
        written = end
        marked += 1
    out.append(escape(text[written:]))
    return "".join(out), marked
