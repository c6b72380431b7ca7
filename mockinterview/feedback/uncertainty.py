"""Feedback that admits what the transcript cannot show, and where in the recording a point was made.

Whisper gives every word a ``probability``. A stretch of low-probability words, or a correction
the user has not confirmed (a homophone repair that keeps the original, a hand edit not yet
confirmed), means the text may not be what was said. Word overlap cannot find a key point in text
that is wrong, so on an uncertain transcript a key point the matcher did not find is reported as
``unclear`` ("not heard clearly"), never ``missed``: the text alone is not evidence of absence.

Each key point that was found gets ``at``: the time in the recording (seconds) of the first word
that matched it, so the report can seek the replay there.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from mockinterview.feedback.text import align, normalize_words

# A word Whisper gives less than this is "not heard clearly" (faster-whisper word probabilities:
# clean speech sits mostly above 0.8, mis-heard terms and mumbles well below 0.5).
LOW_PROBABILITY = 0.5
# The transcript as a whole is uncertain when this share of its words is low, or when a run of
# RUN_WORDS low words in a row (a whole phrase) occurs.
UNCERTAIN_SHARE = 0.15
RUN_WORDS = 3


def _probability(word: Any) -> float | None:
    value = word.get("probability") if isinstance(word, Mapping) else getattr(word, "probability", None)
    try:
        return None if value is None else float(value)
    except (TypeError, ValueError):
        return None


def _text_of(word: Any) -> str:
    value = word.get("word") if isinstance(word, Mapping) else getattr(word, "word", "")
    return str(value or "").strip()


def _time(word: Any, key: str) -> float | None:
    value = word.get(key) if isinstance(word, Mapping) else getattr(word, key, None)
    return None if value is None else float(value)


def unconfirmed_corrections(segments: Iterable[Mapping[str, Any]] | None) -> int:
    """Corrections the user has not confirmed: words or segments that keep an ``original`` (a
    homophone repair) or are marked ``corrected`` without ``confirmed``."""
    count = 0
    for seg in segments or ():
        if seg.get("original") is not None and not seg.get("confirmed"):
            count += 1
        for w in seg.get("words") or ():
            if isinstance(w, Mapping) and w.get("original") is not None and not w.get("confirmed"):
                count += 1
        for repair in seg.get("repairs") or ():
            if isinstance(repair, Mapping) and not repair.get("confirmed"):
                count += 1
    return count


def assess(
    words: Sequence[Any] | None,
    *,
    unconfirmed: int = 0,
    low: float = LOW_PROBABILITY,
) -> dict[str, Any]:
    """How far the transcript can be trusted: low-probability words (with times), their share,
    the longest run of them, unconfirmed corrections, and ``uncertain`` (True/False) with the
    reason in plain words."""
    spoken = [w for w in words or () if _text_of(w)]
    scored = [(w, p) for w in spoken if (p := _probability(w)) is not None]
    lows: list[dict[str, Any]] = []
    run = longest = 0
    for w, p in scored:
        if p < low:
            run += 1
            longest = max(longest, run)
            lows.append(
                {"word": _text_of(w), "start": _time(w, "start"), "end": _time(w, "end"),
                 "probability": round(p, 3)}
            )  # fmt: skip
        else:
            run = 0
    share = len(lows) / len(scored) if scored else 0.0
    reasons = []
    if scored and share >= UNCERTAIN_SHARE:
        reasons.append(f"{share:.0%} of the words were not heard clearly")
    elif longest >= RUN_WORDS:
        reasons.append(f"a phrase of {longest} words was not heard clearly")
    if unconfirmed:
        reasons.append(f"{unconfirmed} correction(s) not confirmed")
    return {
        "uncertain": bool(reasons),
        "reason": "; ".join(reasons) or None,
        "low_words": lows,
        "low_share": round(share, 3),
        "longest_low_run": longest,
        "scored_words": len(scored),
        "unconfirmed_corrections": unconfirmed,
        "threshold": low,
    }


def qualify_key_points(
    items: Sequence[dict[str, Any]], certainty: Mapping[str, Any]
) -> list[dict[str, Any]]:
    """On an uncertain transcript a point not found is ``unclear`` (with ``was: "missed"``), not
    ``missed``; points found keep their status. Returns new dicts."""
    out = []
    for item in items:
        item = dict(item)
        if certainty.get("uncertain") and item.get("status") == "missed":
            item["status"] = "unclear"
            item["was"] = "missed"
            item["why"] = certainty.get("reason")
        out.append(item)
    return out


def locate_hits(
    items: Sequence[dict[str, Any]], text: str, words: Sequence[Any] | None
) -> list[dict[str, Any]]:
    """``at`` (seconds into the recording) for each point found: the earliest matched term's word,
    or the evidence clause's first word. None without word timings."""
    alignment = align(text, normalize_words(words))
    out = []
    for item in items:
        item = dict(item)
        at = None
        if item.get("status") in ("covered", "partly") and alignment.words:
            positions = [m["position"] for m in item.get("matched") or () if m.get("position") is not None]
            if not positions and item.get("position") is not None:
                positions = [item["position"]]
            times = [t for p in positions if (t := alignment.time_at(int(p))) is not None]
            at = round(min(times), 2) if times else None
        item["at"] = at
        out.append(item)
    return out


def summarize_statuses(items: Sequence[Mapping[str, Any]], score: float | None) -> dict[str, Any]:
    """The coverage summary with ``unclear`` counted apart from ``missed`` (the key only when some
    point is unclear, so summaries of certain transcripts keep their shape)."""
    counts = {s: sum(1 for i in items if i.get("status") == s) for s in ("covered", "partly", "missed")}
    unclear = sum(1 for i in items if i.get("status") == "unclear")
    if unclear:
        counts["unclear"] = unclear
    return {**counts, "total": len(items), "score": score}
