"""Domain homophone repair: Chinese technical words Whisper writes as sound-alikes.

Whisper base writes 量化 as 亮化, 检索 as 剪锁, 梯度 as 踢肚: same syllables, other characters.
``Lexicon`` holds the domain words (the curated ``assets/glossary.yaml`` plus words from the
question bank: topic terms, key points, reference answers) indexed by toneless pinyin;
``Lexicon.repair(text)`` replaces a stretch of characters by a lexicon word only when

- the pinyin matches closely: the same syllables without tones (2-character words), or at most
  one syllable with a near sound (z/zh, n/l, en/eng, ...) for words of 3+ characters;
- the stretch is not itself a common word, and does not cut through a common word on either
  side (common = jieba's dictionary frequency >= ``COMMON_FREQ``; jieba ships a 349k-word
  dictionary counted over ~60M tokens, so 100 is about 1.7 per million words: 找回, 减少, 经度
  are common and stay, 亮化 (36), 线卡 (3) are not);
- the result is a lexicon word (it always is: only lexicon words are proposed); when several
  match, the curated glossary's word wins over bank-derived ones, otherwise nothing is changed.

Repairs keep their length in characters (one character is one syllable), so word timings stay
valid and the original can be kept next to the repair (``Repair``).
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

COMMON_FREQ = 100
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]{2,}")
_CJK_WORD = re.compile(r"^[\u4e00-\u9fff]{2,6}$")
_INITIALS = ("zh", "ch", "sh", "b", "p", "m", "f", "d", "t", "n", "l", "g", "k", "h", "j", "q",
             "x", "r", "z", "c", "s", "y", "w")  # fmt: skip
# Pairs Mandarin speakers (and Whisper) confuse; used for at most one syllable of a long word.
_NEAR_INITIALS = {frozenset(p) for p in (("z", "zh"), ("c", "ch"), ("s", "sh"), ("n", "l"),
                                         ("f", "h"), ("r", "l"))}  # fmt: skip
_NEAR_FINALS = {frozenset(p) for p in (("an", "ang"), ("en", "eng"), ("in", "ing"),
                                       ("ian", "iang"), ("uan", "uang"), ("on", "ong"))}  # fmt: skip

_lock = threading.Lock()


@dataclass(frozen=True)
class Repair:
    start: int  # character offset in the text
    original: str
    word: str


def _split(syllable: str) -> tuple[str, str]:
    for initial in _INITIALS:
        if syllable.startswith(initial) and len(syllable) > len(initial):
            return initial, syllable[len(initial) :]
    return "", syllable


def _near(a: str, b: str) -> bool:
    ia, fa = _split(a)
    ib, fb = _split(b)
    if ia == ib:
        return frozenset((fa, fb)) in _NEAR_FINALS
    return fa == fb and frozenset((ia, ib)) in _NEAR_INITIALS


@lru_cache(maxsize=1)
def _jieba_freq() -> dict[str, int]:
    import jieba

    jieba.setLogLevel(logging.WARNING)
    with _lock:
        jieba.dt.initialize()
    return jieba.dt.FREQ


def is_common(word: str) -> bool:
    return _jieba_freq().get(word, 0) >= COMMON_FREQ


@lru_cache(maxsize=8192)
def _readings(ch: str) -> frozenset[str]:
    from pypinyin import Style, pinyin

    return frozenset(pinyin(ch, style=Style.NORMAL, heteronym=True, errors="ignore")[0] or ())


def word_pinyin(word: str) -> tuple[str, ...]:
    from pypinyin import Style, lazy_pinyin

    return tuple(lazy_pinyin(word, style=Style.NORMAL, errors="ignore"))


class Lexicon:
    """Domain words by toneless pinyin; ``repair`` rewrites sound-alikes into them."""

    def __init__(self, words: Iterable[str] = (), *, preferred: bool = False) -> None:
        self.words: set[str] = set()
        # Curated words (the glossary): chosen over bank-derived ones that sound the same.
        self.preferred: set[str] = set()
        self._by_length: dict[int, list[tuple[str, tuple[str, ...]]]] = {}
        self.add(words, preferred=preferred)

    def add(self, words: Iterable[str], *, preferred: bool = False) -> None:
        for word in words:
            word = word.strip()
            if not _CJK_WORD.match(word):
                continue
            if preferred and word in self.words:
                self.preferred.add(word)
            if word in self.words:
                continue
            syllables = word_pinyin(word)
            if len(syllables) != len(word):
                continue
            self.words.add(word)
            if preferred:
                self.preferred.add(word)
            self._by_length.setdefault(len(word), []).append((word, syllables))

    def __len__(self) -> int:
        return len(self.words)

    def _match(self, chars: str) -> str | None:
        """The lexicon word that ``chars`` sounds like, when exactly one does (or exactly one
        curated word among several)."""
        readings = [_readings(ch) for ch in chars]
        found: list[str] = []
        for word, syllables in self._by_length.get(len(chars), ()):
            if word == chars:
                return None
            near = 0
            for syllable, options in zip(syllables, readings, strict=True):
                if syllable in options:
                    continue
                if len(chars) >= 3 and any(_near(syllable, o) for o in options):
                    near += 1
                    continue
                near = 99
                break
            if near <= (1 if len(chars) >= 3 else 0):
                found.append(word)
        if len(found) == 1:
            return found[0]
        curated = [w for w in found if w in self.preferred]
        return curated[0] if len(curated) == 1 else None

    def _cuts_common_word(self, text: str, start: int, end: int) -> bool:
        for boundary in (start, end):
            for left in range(max(0, boundary - 3), boundary):
                for right in range(boundary + 1, min(len(text), boundary + 3) + 1):
                    if right - left >= 2 and is_common(text[left:right]):
                        return True
        return False

    def find(self, text: str) -> list[Repair]:
        """Repairs for ``text`` (longest words first, never overlapping)."""
        if not self.words:
            return []
        repairs: list[Repair] = []
        taken = [False] * len(text)
        lengths = sorted(self._by_length, reverse=True)
        for run in _CJK_RUN.finditer(text):
            for n in lengths:
                for i in range(run.start(), run.end() - n + 1):
                    if any(taken[i : i + n]):
                        continue
                    chars = text[i : i + n]
                    if chars in self.words or is_common(chars):
                        continue
                    word = self._match(chars)
                    if word is None or self._cuts_common_word(text, i, i + n):
                        continue
                    repairs.append(Repair(i, chars, word))
                    for k in range(i, i + n):
                        taken[k] = True
        return sorted(repairs, key=lambda r: r.start)

    def repair(self, text: str) -> tuple[str, list[Repair]]:
        repairs = self.find(text)
        out = list(text)
        for r in repairs:
            out[r.start : r.start + len(r.word)] = list(r.word)
        return "".join(out), repairs


def glossary_words(path: Path | None = None) -> list[str]:
    """The curated domain words in ``assets/glossary.yaml`` (``words:`` lists by area)."""
    import yaml

    if path is None:
        from mockinterview.paths import assets_dir

        path = assets_dir() / "glossary.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    out: list[str] = []
    for words in (data.get("words") or {}).values():
        out.extend(str(w) for w in words or ())
    return out


_SPLIT = re.compile(r"[^\u4e00-\u9fff]+")


def words_from_text(text: str, max_freq: int = 5 * COMMON_FREQ) -> list[str]:
    """Candidate lexicon words in free text (key points, reference answers): jieba's words of
    2-6 Chinese characters rarer than ``max_freq``. Key points are terse and technical (矩阵 257,
    梯度 276 stay under the default); reference answers are spoken prose, whose words of middle
    frequency are everyday Chinese (找回 190, 没用 463, 一分钟 496): ``COMMON_FREQ`` there."""
    import jieba

    _jieba_freq()
    out: list[str] = []
    for chunk in _SPLIT.split(text or ""):
        if len(chunk) < 2:
            continue
        for word in jieba.cut(chunk, HMM=False):
            if _CJK_WORD.match(word) and _jieba_freq().get(word, 0) < max_freq:
                out.append(word)
    return out


def lexicon_from_bank(bank: Any = None, *, glossary: bool = True) -> Lexicon:
    """Glossary (preferred) + the bank's topic terms, key points' rarer words and reference
    answers' uncommon words (duck-typed: ``bank.topics`` values with ``terms``,
    ``bank.questions`` values with ``key_points`` and ``reference_answer``), so the speech
    layer does not import the bank."""
    lexicon = Lexicon(glossary_words() if glossary else (), preferred=True)
    if bank is None:
        return lexicon
    for topic in getattr(bank, "topics", {}).values():
        lexicon.add(t for t in topic.terms if _CJK_WORD.match(t))
    for question in getattr(bank, "questions", {}).values():
        for point in question.key_points:
            lexicon.add(words_from_text(point))
        lexicon.add(words_from_text(question.reference_answer or "", COMMON_FREQ))
    return lexicon


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """The glossary alone: every transcription path repairs at least these words."""
    return Lexicon(glossary_words(), preferred=True)
