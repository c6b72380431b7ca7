"""The answer's language, decided per answer from the audio: Mandarin or English.

Whisper's language detection scores ~100 languages on the first 30 s; an interview answer is
Mandarin (often full of English terms) or English, so only those two are compared: Chinese
scripts (zh, yue) against en. A Mandarin answer with English terms still scores far higher on
zh than on en, so it stays zh; silence and noise (both tiny) fall back to zh, the app's default
interview language.
"""

from __future__ import annotations

from collections.abc import Mapping

CHOICES = ("auto", "zh", "en")
_ZH = ("zh", "yue")


def zh_en_scores(probabilities: Mapping[str, float]) -> tuple[float, float]:
    zh = sum(float(probabilities.get(code, 0.0)) for code in _ZH)
    return zh, float(probabilities.get("en", 0.0))


def choose_language(probabilities: Mapping[str, float], default: str = "zh") -> str:
    """'zh' or 'en' from Whisper's language probabilities (``detect_language``'s list)."""
    zh, en = zh_en_scores(probabilities)
    if zh + en < 0.05:  # neither: noise or another language; keep the interview's default
        return default
    return "en" if en > zh else "zh"


def forced(language: str | None) -> str | None:
    """An explicit 'zh'/'en' setting, or None when the audio decides ('auto', None, '')."""
    if language in (None, "", "auto"):
        return None
    if language not in CHOICES:
        raise ValueError(f"unknown answer language {language!r}: use auto, zh or en")
    return language
