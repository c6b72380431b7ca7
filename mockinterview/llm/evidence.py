"""Checks that a quote the model cites is really in the transcript.

A model can invent a quote as easily as a verdict. A quote is accepted only when, ignoring case,
spaces and punctuation, it occurs verbatim in the transcript; the span returned is the
transcript's own text, so what the report shows is always what the user said.
"""

from __future__ import annotations

import unicodedata

MIN_QUOTE_CHARS = 2  # after normalising: "是" alone proves nothing


def _keep(ch: str) -> bool:
    cat = unicodedata.category(ch)
    return not (cat.startswith("P") or cat.startswith("Z") or cat.startswith("S") or ch.isspace())


def _normalised(text: str) -> tuple[str, list[int]]:
    """The text without spaces/punctuation, lower-cased, and each kept char's original index."""
    chars: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        if _keep(ch):
            chars.append(ch.lower())
            index.append(i)
    return "".join(chars), index


def find_quote(transcript: str, quote: str) -> tuple[int, int] | None:
    """``(start, end)`` of ``quote`` in ``transcript`` (end exclusive), or None if not there."""
    needle, _ = _normalised(quote)
    if len(needle) < MIN_QUOTE_CHARS:
        return None
    hay, index = _normalised(transcript)
    at = hay.find(needle)
    if at < 0:
        return None
    return index[at], index[at + len(needle) - 1] + 1


def checked_quote(transcript: str, quote: str | None) -> str | None:
    """The transcript's own text for ``quote``, or None when the quote is not a real span."""
    if not quote:
        return None
    span = find_quote(transcript, quote)
    return None if span is None else transcript[span[0] : span[1]]
