"""``analyze_answer`` (one answer) and ``summarize_session`` (a whole session): plain dicts in,
JSON-serialisable dicts out, no I/O beyond reading the shipped synonym table once."""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from mockinterview.bank.models import Question, Topic
from mockinterview.bank.synonyms import load_synonyms
from mockinterview.feedback.coverage import COVERED_AT, cover_key_points, coverage_summary
from mockinterview.feedback.delivery import check_delivery
from mockinterview.feedback.fillers import filler_summary, find_fillers
from mockinterview.feedback.numbers import find_numbers
from mockinterview.feedback.pace import SYLLABLES_PER_EN_WORD, speaking_rate, time_used
from mockinterview.feedback.pauses import DEFAULT_PAUSE_SECONDS, find_pauses
from mockinterview.feedback.star import PARTS, find_star, star_applies
from mockinterview.feedback.text import align, normalize_words
from mockinterview.feedback.uncertainty import (
    assess,
    locate_hits,
    qualify_key_points,
    summarize_statuses,
    unconfirmed_corrections,
)
from mockinterview.feedback.vocabulary import Vocabulary, build_vocabulary

# Bump when any measure changes, so stored analyses are recomputed (see needs_recompute).
ANALYSIS_VERSION = 3  # 3: transcript certainty, unclear key points, hit times
WEAK_TOPICS_SHOWN = 3
DRILLS_SUGGESTED = 5


def _r(value: float, digits: int = 2) -> float:
    return round(value, digits)


def input_digest(text: str, words: Iterable[Any] | None, duration: float) -> str:
    """A fingerprint of what an analysis was computed from."""
    ws = [(w.start, w.end, w.word) for w in normalize_words(words)]
    payload = json.dumps([text, ws, _r(float(duration), 3)], ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]


def needs_recompute(
    analysis: Mapping[str, Any] | None, text: str, words: Iterable[Any] | None, duration: float
) -> bool:
    """True when the stored analysis is missing, from an older algorithm or another transcript."""
    return (
        not analysis
        or analysis.get("version") != ANALYSIS_VERSION
        or analysis.get("input_digest") != input_digest(text, words, duration)
    )


@functools.lru_cache(maxsize=8)
def _vocabulary(topics: tuple[Topic, ...]) -> Vocabulary:
    return build_vocabulary(load_synonyms(), topics)


def _field(question: Question | Mapping[str, Any] | None, name: str, default: Any = None) -> Any:
    if question is None:
        return default
    if isinstance(question, Mapping):
        return question.get(name, default)
    return getattr(question, name, default)


def analyze_answer(
    text: str,
    words: Sequence[Any] | None,
    duration: float,
    *,
    question: Question | Mapping[str, Any] | None = None,
    round: str | None = None,  # the contract's name; shadows round()
    limit_seconds: float | None = None,
    topics: Mapping[str, Topic] | Iterable[Topic] | None = None,
    pause_threshold: float = DEFAULT_PAUSE_SECONDS,
    vocabulary: Vocabulary | None = None,
    segments: Sequence[Any] | None = None,
) -> dict[str, Any]:
    """Every measure of one answer.

    ``words``: faster-whisper word timings ({start, end, word} dicts or Word objects); without
    them pauses are empty and the rate is taken over ``duration``. ``question``: a bank Question
    or a mapping with the same fields (id, round, topics, key_points, answer_seconds). ``topics``:
    the topic vocabulary (assets/topics.yaml), whose terms join the synonym table.
    """
    ws = normalize_words(words)
    text = text if text and text.strip() else "".join(w.word for w in ws).strip()
    round_name = round or _field(question, "round")
    limit = limit_seconds if limit_seconds is not None else _field(question, "answer_seconds")
    key_points = list(_field(question, "key_points", ()) or ())
    q_topics = list(_field(question, "topics", ()) or ())
    if vocabulary is None:
        topic_list = tuple(topics.values()) if isinstance(topics, Mapping) else tuple(topics or ())
        vocabulary = _vocabulary(topic_list)

    alignment = align(text, ws)
    rate = speaking_rate(text, ws, float(duration))
    fillers = find_fillers(alignment)
    pauses = find_pauses(alignment, pause_threshold)
    key_point_items = cover_key_points(text, key_points, vocabulary, q_topics)
    # A point not found in uncertain text is "unclear", not "missed"; found points get a time.
    certainty = assess(words, unconfirmed=unconfirmed_corrections(segments))
    key_point_items = locate_hits(qualify_key_points(key_point_items, certainty), text, words)
    star_detail = find_star(text) if star_applies(round_name, _field(question, "text")) else None
    return {
        "version": ANALYSIS_VERSION,
        "input_digest": input_digest(text, ws, duration),
        "question_id": _field(question, "id"),
        "round": round_name,
        "topics": q_topics,
        "duration": _r(float(duration)),
        "limit": float(limit) if limit else None,
        "time": time_used(float(duration), float(limit) if limit else None),
        "rate": rate,
        "fillers": fillers,
        "filler_summary": filler_summary(fillers, rate["speaking_seconds"]),
        "pauses": pauses,
        "pause_summary": {
            "count": len(pauses),
            "threshold": pause_threshold,
            "total_seconds": _r(sum(p["seconds"] for p in pauses)),
            "longest": max((p["seconds"] for p in pauses), default=None),
            "leading_silence": _r(ws[0].start) if ws else None,
        },
        "key_points": key_point_items,
        "coverage": summarize_statuses(
            key_point_items, coverage_summary(key_point_items)["score"]
        ),
        "transcript_certainty": certainty,
        # star: for hr/project answers, each part the evidence sentence or None (null in JSON).
        "star": (
            {p: (d["evidence"] if d else None) for p, d in star_detail.items()}
            if star_detail is not None
            else None
        ),
        "star_detail": star_detail,
        "numbers": find_numbers(text, expected=round_name == "project"),
        # How it was said (no complaining, within a minute ...): rules the question lists.
        "delivery": check_delivery(
            text, list(_field(question, "delivery_rules", ()) or ()), float(duration)
        ),
    }


def _topics_of(
    question: Question | Mapping[str, Any] | None, analysis: Mapping[str, Any]
) -> list[str]:
    return list(_field(question, "topics", None) or analysis.get("topics") or [])


def summarize_session(
    items: Iterable[tuple[Question | Mapping[str, Any] | None, Mapping[str, Any]]],
) -> dict[str, Any]:
    """Session summary from (question, analysis) pairs: per-answer series for charts, per-topic
    coverage, average rate and fillers per minute, the weakest topics and suggested drills."""
    pairs = list(items)
    per_answer: list[dict[str, Any]] = []
    per_topic: dict[str, dict[str, Any]] = {}
    total_seconds = total_syllables = 0.0
    total_fillers = total_pauses = 0
    structure_gaps: list[str] = []  # topics of hr/project answers missing STAR parts or numbers
    for question, analysis in pairs:
        rate = analysis.get("rate") or {}
        seconds = float(rate.get("speaking_seconds") or 0.0)
        total_seconds += seconds
        total_syllables += rate.get("zh_chars", 0) + SYLLABLES_PER_EN_WORD * rate.get("en_words", 0)
        total_fillers += len(analysis.get("fillers") or ())
        total_pauses += len(analysis.get("pauses") or ())
        coverage = analysis.get("coverage") or {}
        topics = _topics_of(question, analysis)
        per_answer.append(
            {
                "question_id": _field(question, "id") or analysis.get("question_id"),
                "topics": topics,
                "duration": analysis.get("duration"),
                "syllables_per_min": rate.get("syllables_per_min"),
                "fillers_per_min": (analysis.get("filler_summary") or {}).get("per_minute"),
                "coverage": coverage.get("score"),
            }
        )
        for topic in topics:
            entry = per_topic.setdefault(
                topic, {"answers": 0, "scores": [], "covered": 0, "partly": 0, "missed": 0}
            )
            entry["answers"] += 1
            if coverage.get("score") is not None:
                entry["scores"].append(coverage["score"])
                for status in ("covered", "partly", "missed"):
                    entry[status] += coverage.get(status, 0)
        star = analysis.get("star")
        numbers = analysis.get("numbers") or {}
        if (star and any(star.get(p) is None for p in PARTS)) or (
            numbers.get("expected") and not numbers.get("given")
        ):
            structure_gaps.extend(topics)

    topic_rows = {}
    for topic, entry in per_topic.items():
        scores = entry.pop("scores")
        entry["score"] = _r(sum(scores) / len(scores), 3) if scores else None
        topic_rows[topic] = entry
    scored = sorted(
        (t for t, e in topic_rows.items() if e["score"] is not None and e["score"] < COVERED_AT),
        key=lambda t: (topic_rows[t]["score"], t),
    )
    weakest = scored[:WEAK_TOPICS_SHOWN]
    drills = list(dict.fromkeys([*scored, *structure_gaps]))[:DRILLS_SUGGESTED]
    minutes = total_seconds / 60.0
    scores_all = [a["coverage"] for a in per_answer if a["coverage"] is not None]
    return {
        "version": ANALYSIS_VERSION,
        "answers": len(pairs),
        "speaking_seconds": _r(total_seconds),
        "average_syllables_per_min": _r(total_syllables / minutes, 1) if minutes > 0 else None,
        "fillers": total_fillers,
        "fillers_per_min": _r(total_fillers / minutes) if minutes > 0 else None,
        "pauses": total_pauses,
        "coverage": _r(sum(scores_all) / len(scores_all), 3) if scores_all else None,
        "per_topic": topic_rows,
        "per_answer": per_answer,
        "weakest_topics": weakest,
        "suggested_drills": drills,
    }
