"""Time used against the limit, and speaking rate for Chinese, English and mixed answers.

Comfortable ranges (coaching conventions, not hard science): interview/presentation Mandarin is
usually quoted at about 180-260 characters a minute (news anchors read near 300; below ~180 sounds
hesitant), and presentation English at 120-160 words a minute (conversation ~150-170). One Chinese
character is one syllable; an English word averages about 1.5 syllables in spoken technical
English, so a mixed answer is put on one "syllables per minute" scale: zh 180-260 and en
180-240 syllables/min, and the mixed range is the two blended by each language's share.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from mockinterview.feedback.text import Word, count_cjk, latin_words

ZH_RANGE = (180.0, 260.0)  # characters per minute
EN_RANGE = (120.0, 160.0)  # words per minute
SYLLABLES_PER_EN_WORD = 1.5


def speaking_span(words: Sequence[Word], duration: float) -> tuple[float, str]:
    """Seconds of speech (first word start to last word end) and what it was taken from."""
    if words:
        return max(0.0, words[-1].end - words[0].start), "word timings"
    return max(0.0, duration), "duration"


def speaking_rate(text: str, words: Sequence[Word], duration: float) -> dict[str, Any]:
    zh = count_cjk(text)
    en = len(latin_words(text))
    seconds, basis = speaking_span(words, duration)
    syllables = zh + SYLLABLES_PER_EN_WORD * en
    share_zh = zh / syllables if syllables else 1.0
    lo = share_zh * ZH_RANGE[0] + (1 - share_zh) * EN_RANGE[0] * SYLLABLES_PER_EN_WORD
    hi = share_zh * ZH_RANGE[1] + (1 - share_zh) * EN_RANGE[1] * SYLLABLES_PER_EN_WORD
    minutes = seconds / 60.0
    per_min = round(syllables / minutes, 1) if minutes > 0 else None
    if per_min is None or syllables == 0:
        verdict = None
    elif per_min < lo:
        verdict = "slow"
    elif per_min > hi:
        verdict = "fast"
    else:
        verdict = "comfortable"
    return {
        "zh_chars": zh,
        "en_words": en,
        "speaking_seconds": round(seconds, 2),
        "basis": basis,
        "zh_chars_per_min": round(zh / minutes, 1) if minutes > 0 else None,
        "en_words_per_min": round(en / minutes, 1) if minutes > 0 else None,
        "syllables_per_min": per_min,
        "range": [round(lo), round(hi)],
        "range_zh_chars_per_min": list(ZH_RANGE),
        "range_en_words_per_min": list(EN_RANGE),
        "verdict": verdict,
    }


def time_used(duration: float, limit: float | None) -> dict[str, Any]:
    if not limit:
        return {"ratio": None, "over_by": None, "over_limit": None}
    return {
        "ratio": round(duration / limit, 3),
        "over_by": round(max(0.0, duration - limit), 2),
        "over_limit": duration > limit,
    }
