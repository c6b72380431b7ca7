"""Long pauses from word timings: gaps between words, and the silence before the first word."""

from __future__ import annotations

from typing import Any

from mockinterview.feedback.text import Alignment

DEFAULT_PAUSE_SECONDS = 2.0
_CONTEXT_WORDS = 4  # words shown either side of a pause


def _joined(words: list[str]) -> str:
    # Whisper words carry their own leading spaces for English; Chinese ones have none.
    return "".join(words).strip()


def find_pauses(
    alignment: Alignment, threshold: float = DEFAULT_PAUSE_SECONDS
) -> list[dict[str, Any]]:
    """Each pause: kind (leading | gap), start, end, seconds, position (char offset of the next
    word in the text, None if unaligned), before/after (the words around it)."""
    ws = alignment.words
    out: list[dict[str, Any]] = []
    if not ws:
        return out
    if ws[0].start >= threshold:
        out.append(
            {
                "kind": "leading",
                "start": 0.0,
                "end": round(ws[0].start, 2),
                "seconds": round(ws[0].start, 2),
                "position": alignment.word_first_char[0],
                "before": "",
                "after": _joined([w.word for w in ws[:_CONTEXT_WORDS]]),
            }
        )
    for i in range(1, len(ws)):
        gap = ws[i].start - ws[i - 1].end
        if gap >= threshold:
            out.append(
                {
                    "kind": "gap",
                    "start": round(ws[i - 1].end, 2),
                    "end": round(ws[i].start, 2),
                    "seconds": round(gap, 2),
                    "position": alignment.word_first_char[i],
                    "before": _joined([w.word for w in ws[max(0, i - _CONTEXT_WORDS) : i]]),
                    "after": _joined([w.word for w in ws[i : i + _CONTEXT_WORDS]]),
                }
            )
    return out
