"""Transcript primitives shared by the measures: script detection, clause spans, word timings.

Whisper's Chinese output is unreliable about punctuation (sometimes none, sometimes spaces between
segments), so clause boundaries come from punctuation, from whitespace between CJK characters and,
when word timings exist, from short gaps in the speech.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from typing import Any

# CJK Unified Ideographs (+ extension A, compatibility, extension B). Punctuation is outside these.
_CJK_RANGES = ((0x4E00, 0x9FFF), (0x3400, 0x4DBF), (0xF900, 0xFAFF), (0x20000, 0x2A6DF))
# A "Latin word": letters/digits, allowing inner apostrophes, dots and hyphens (it's, 3.5, low-rank).
LATIN_WORD = re.compile(r"[A-Za-z0-9]+(?:['’.\-][A-Za-z0-9]+)*")
CLAUSE_PUNCT = set("，。！？；：、,.!?;:…\n—")
SENTENCE_PUNCT = set("。！？.!?\n")
# A gap this long between two words reads as a clause break even without punctuation.
CLAUSE_GAP_SECONDS = 0.3


def is_cjk(ch: str) -> bool:
    code = ord(ch)
    return any(lo <= code <= hi for lo, hi in _CJK_RANGES)


def count_cjk(text: str) -> int:
    return sum(1 for ch in text if is_cjk(ch))


def latin_words(text: str) -> list[str]:
    return LATIN_WORD.findall(text)


@dataclass(frozen=True)
class Word:
    start: float
    end: float
    word: str


def normalize_words(words: Iterable[Any] | None) -> list[Word]:
    """Accept dicts ({start, end, word}) or faster-whisper Word objects; drop empty ones."""
    out: list[Word] = []
    for w in words or ():
        if isinstance(w, Mapping):
            start, end, word = w.get("start"), w.get("end"), w.get("word", "")
        else:
            start, end, word = getattr(w, "start", None), getattr(w, "end", None), w.word
        if start is None or end is None or not str(word).strip():
            continue
        out.append(Word(float(start), float(end), str(word)))
    out.sort(key=lambda w: w.start)
    return out


def words_from_segments(segments: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Flatten ``Transcript.to_dict()["segments"]`` into one word list."""
    return [dict(w) for seg in segments for w in seg.get("words") or ()]


@dataclass
class Alignment:
    """Which word each character of the text belongs to (None where the two disagree)."""

    text: str
    words: list[Word]
    char_word: list[int | None]
    word_first_char: list[int | None]

    def time_at(self, char: int, *, end: bool = False) -> float | None:
        """Start time of the word holding ``char`` (its end time with ``end=True``)."""
        if not self.words:
            return None
        idx = self.char_word[char] if 0 <= char < len(self.char_word) else None
        if idx is None:  # nearest aligned character, looking forwards for a start, back for an end
            rng = range(char - 1, -1, -1) if end else range(char + 1, len(self.char_word))
            idx = next((self.char_word[i] for i in rng if self.char_word[i] is not None), None)
        if idx is None:
            return None
        return self.words[idx].end if end else self.words[idx].start

    def word_index(self, char: int) -> int | None:
        return self.char_word[char] if 0 <= char < len(self.char_word) else None


def align(text: str, words: Sequence[Word]) -> Alignment:
    """Match the text's characters to the words' characters, ignoring spaces and case.

    The stored text may differ from the joined words (OpenCC t2s, user edits), so this is a
    sequence alignment rather than a plain concatenation.
    """
    char_word: list[int | None] = [None] * len(text)
    first: list[int | None] = [None] * len(words)
    if not words:
        return Alignment(text, list(words), char_word, first)
    t_idx = [i for i, c in enumerate(text) if not c.isspace()]
    t_str = "".join(text[i].lower() for i in t_idx)
    w_chars: list[str] = []
    owner: list[int] = []
    for wi, w in enumerate(words):
        for c in w.word:
            if not c.isspace():
                w_chars.append(c.lower())
                owner.append(wi)
    matcher = difflib.SequenceMatcher(None, t_str, "".join(w_chars), autojunk=False)
    for a, b, size in matcher.get_matching_blocks():
        for k in range(size):
            wi = owner[b + k]
            char = t_idx[a + k]
            char_word[char] = wi
            if first[wi] is None:
                first[wi] = char
    return Alignment(text, list(words), char_word, first)


def pause_breaks(alignment: Alignment, min_gap: float = CLAUSE_GAP_SECONDS) -> set[int]:
    """Character positions that start a word preceded by a gap of at least ``min_gap``."""
    breaks: set[int] = set()
    ws = alignment.words
    for i in range(1, len(ws)):
        if ws[i].start - ws[i - 1].end >= min_gap and alignment.word_first_char[i] is not None:
            breaks.add(alignment.word_first_char[i])  # type: ignore[arg-type]
    return breaks


def is_boundary_char(text: str, i: int) -> bool:
    """Punctuation, or whitespace between two Chinese characters."""
    ch = text[i]
    if ch in CLAUSE_PUNCT:
        return True
    if not ch.isspace():
        return False
    j = i - 1
    while j >= 0 and text[j].isspace():
        j -= 1
    k = i + 1
    while k < len(text) and text[k].isspace():
        k += 1
    left = text[j] if j >= 0 else ""
    right = text[k] if k < len(text) else ""
    # Whisper separates its Chinese segments with spaces; around English words a space is just
    # spacing ("用了 LoRA 然后").
    return bool(left and right and is_cjk(left) and is_cjk(right))


def starts_clause(text: str, pos: int, breaks: AbstractSet[int] = frozenset()) -> bool:
    """True when nothing but boundaries (or the text start) precede ``pos`` in its clause."""
    if pos in breaks:
        return True
    j = pos - 1
    while j >= 0 and text[j].isspace() and not is_boundary_char(text, j):
        j -= 1
    return j < 0 or is_boundary_char(text, j)


def ends_clause(text: str, end: int) -> bool:
    """True when the clause ends right after ``end`` (punctuation, CJK-space or text end)."""
    k = end
    while k < len(text) and text[k] == " " and not is_boundary_char(text, k):
        k += 1
    return k >= len(text) or is_boundary_char(text, k)


def spans(
    text: str, stops: set[str], max_len: int = 80, keep_stop: bool = False
) -> list[tuple[int, int]]:
    """Split into (start, end) spans at ``stops`` (included with ``keep_stop``); long spans are
    cut into ``max_len`` pieces."""
    out: list[tuple[int, int]] = []
    start = 0
    for i, ch in enumerate(text + "\n"):
        if ch in stops or i == len(text):
            s, e = start, (i + 1 if keep_stop and i < len(text) else i)
            while s < e and text[s].isspace():
                s += 1
            while e > s and text[e - 1].isspace():
                e -= 1
            while e - s > max_len:
                out.append((s, s + max_len))
                s += max_len
            if e > s:
                out.append((s, e))
            start = i + 1
    return out


def sentences(text: str) -> list[tuple[int, int]]:
    return spans(text, SENTENCE_PUNCT, keep_stop=True)


def clauses(text: str) -> list[tuple[int, int]]:
    return spans(text, CLAUSE_PUNCT, max_len=60)


def span_containing(all_spans: Sequence[tuple[int, int]], pos: int) -> tuple[int, int] | None:
    for s, e in all_spans:
        if s <= pos < e:
            return s, e
    return None
