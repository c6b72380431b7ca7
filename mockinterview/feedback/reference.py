"""The study card: an answer's key points set against the question's reference answer.

For each key point: whether the user's answer covered it (from the stored analysis) and where the
reference answer makes it (its clause, found with the same coverage matcher), so the window can
highlight in the reference the points it covers and mark the ones the user missed. A question
without a reference answer says so plainly (``reference_answer`` None and ``reference_note``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from mockinterview.feedback.coverage import cover_key_points
from mockinterview.feedback.vocabulary import build_vocabulary, load_synonyms

NO_REFERENCE = {
    "zh": "题库里这道题还没有参考回答。",
    "en": "The bank has no reference answer for this question yet.",
}


def reference_text(question: Any, language: str = "zh") -> str | None:
    """The reference answer in the interview's language, falling back to the other one."""
    zh = (getattr(question, "reference_answer", None) or "").strip() or None
    en = (getattr(question, "reference_answer_en", None) or "").strip() or None
    return (en or zh) if language == "en" else (zh or en)


def study_card(
    question: Any,
    analysis: Mapping[str, Any] | None,
    *,
    language: str = "zh",
    key_points: Sequence[str] | None = None,
) -> dict[str, Any]:
    """{reference_answer, reference_note, points: [{point, status, at, reference: {evidence,
    position} | None}], covered, missed, unclear} — JSON-serialisable."""
    reference = reference_text(question, language) if question is not None else None
    points = list(key_points if key_points is not None else getattr(question, "key_points", ()))
    user = {kp.get("point"): kp for kp in (analysis or {}).get("key_points") or ()}
    ref_items: dict[str, dict[str, Any]] = {}
    if reference and points:
        vocab = build_vocabulary(load_synonyms(), ())
        topics = list(getattr(question, "topics", ()) or ())
        for item in cover_key_points(reference, points, vocab, topics):
            if item["status"] != "missed" and item.get("evidence"):
                ref_items[item["point"]] = {
                    "evidence": item["evidence"],
                    "position": item["position"],
                }
    rows = []
    for point in points:
        mine = user.get(point) or {}
        status = mine.get("status") or ("not_analysed" if analysis is None else "missed")
        rows.append(
            {
                "point": point,
                "status": status,
                "at": mine.get("at"),
                "reference": ref_items.get(point),
            }
        )
    return {
        "reference_answer": reference,
        "reference_note": None if reference else NO_REFERENCE["en" if language == "en" else "zh"],
        "points": rows,
        "covered": [r["point"] for r in rows if r["status"] in ("covered", "partly")],
        "missed": [r["point"] for r in rows if r["status"] == "missed"],
        "unclear": [r["point"] for r in rows if r["status"] == "unclear"],
    }
