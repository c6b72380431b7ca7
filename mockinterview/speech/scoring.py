"""How close a transcript is to a reference: word/character error rate and term recall.

Used by the tests and benchmarks/bench_asr.py; punctuation and case are ignored. ``cer`` counts
Latin letters one by one (as the issue's targets were set); ``mer`` is the code-switching
measure (Chinese characters and English words as units).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

_PUNCT = re.compile(r"[^\w\s]|_", re.UNICODE)


def _edit_distance(ref: Sequence[str], hyp: Sequence[str]) -> int:
    prev = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, 1):
        cur = [i] + [0] * len(hyp)
        for j, h in enumerate(hyp, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (r != h))
        prev = cur
    return prev[-1]


def words(text: str) -> list[str]:
    return _PUNCT.sub(" ", text.lower()).split()


def chars(text: str) -> list[str]:
    """Characters for CER: CJK one by one, Latin letters too, no spaces or punctuation."""
    return [ch for ch in _PUNCT.sub("", text.lower()) if not ch.isspace()]


def wer(reference: str, hypothesis: str) -> float:
    ref = words(reference)
    return _edit_distance(ref, words(hypothesis)) / max(len(ref), 1)


def cer(reference: str, hypothesis: str) -> float:
    ref = chars(reference)
    return _edit_distance(ref, chars(hypothesis)) / max(len(ref), 1)


_MIXED_TOKEN = re.compile(r"[\u3400-\u9fff]|[a-z0-9]+(?:\.[0-9]+[a-z0-9]*)?")


def mixed_tokens(text: str) -> list[str]:
    """Tokens for the mixed error rate: each Chinese character, each Latin/number word whole
    ("KV cache" is two tokens, "int4" one), case and punctuation aside."""
    return _MIXED_TOKEN.findall(text.lower())


def mer(reference: str, hypothesis: str) -> float:
    """Mixed error rate, the usual measure for Mandarin-English code-switching speech: CER over
    Chinese characters and WER over English words in one alignment. ``cer`` counts every Latin
    letter, so one misheard "PagedAttention" weighs as much as fourteen Chinese characters."""
    ref = mixed_tokens(reference)
    return _edit_distance(ref, mixed_tokens(hypothesis)) / max(len(ref), 1)


def term_hits(terms: Iterable[str], hypothesis: str) -> tuple[int, int]:
    """(found, total): a term counts when it appears with its exact spelling, case aside."""
    found = total = 0
    low = hypothesis.lower()
    for term in terms:
        total += 1
        found += term.lower() in low
    return found, total


_TRADITIONAL_ONLY = set("個們這裡來時說為會後對於與問題體還經過頭點發開關實現學習權變數據區應種從")


def traditional_chars(text: str) -> str:
    """Characters that are written differently in simplified Chinese (a common subset)."""
    return "".join(ch for ch in text if ch in _TRADITIONAL_ONLY)
