"""Attempts: the same asked question answered more than once, kept, compared and scheduled.

Every answer row of an asked question is an attempt (numbered by id within the question); the
``answer_attempts`` table (migration 0004) adds its mode (real | study), where it came from
(interview | again | replay | history | topics | cli) and the turn-taking prompts spoken while it
was recorded. Answers saved by paths that do not record an attempt (imports, older versions) are
attempts all the same: mode "real", origin "interview", no prompts.

The comparison of two attempts: key points newly covered and lost, fillers per minute, pace,
longest pause, duration and both audio files. Spaced repetition follows the latest attempt: a new
attempt reviews the question's card with a grade from its key-point coverage (unless the user
rates it, which reviews it again with their own grade).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from mockinterview.store import (
    Answer,
    AskedQuestion,
    SessionDetail,
    Store,
    StoreError,
)
from mockinterview.store.attempts import (
    attempt_rows,
    insert_attempt,
    latest_main_position,
    main_answer_rows,
)

ORIGINS = ("interview", "again", "replay", "history", "topics", "cli")
# Coverage score -> self-rating-like grade for fsrs when an attempt is not rated by the user.
COVERAGE_GRADES = ((0.75, 4), (0.5, 3), (0.0, 2))

class AttemptError(StoreError):
    """An attempt cannot be added; the message says what is wrong and where."""


@dataclass(frozen=True)
class Attempt:
    number: int
    answer: Answer
    mode: str = "real"
    origin: str = "interview"
    prompts: list[dict[str, Any]] = field(default_factory=list, hash=False)


class AttemptLog:
    """``AttemptRecorder`` for the engine: one row per answer saved. From the second attempt on,
    the question's spaced-repetition card is reviewed from it (the latest attempt counts)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def record(
        self, answer_id: int, *, mode: str, origin: str, prompts: list[dict[str, Any]]
    ) -> None:
        if mode not in ("real", "study"):
            raise ValueError(f"mode must be real or study, not {mode!r}")
        if origin not in ORIGINS:
            raise ValueError(f"origin must be one of {', '.join(ORIGINS)}, not {origin!r}")
        number = insert_attempt(self.store, answer_id, mode=mode, origin=origin, prompts=prompts)
        if number >= 2:
            self._schedule(answer_id)

    def _schedule(self, answer_id: int) -> None:
        answer = self.store.get_answer(answer_id)
        bank_id = self.store.question_bank_id(answer.question_id)
        if bank_id:
            review_from(self.store, bank_id, answer)


def attempts_of(store: Store, question: AskedQuestion) -> list[Attempt]:
    """The question's answers as attempts 1, 2, ... (oldest first)."""
    rows = attempt_rows(store, question.id)
    out = []
    for number, answer in enumerate(sorted(question.answers, key=lambda a: a.id), start=1):
        row = rows.get(answer.id)
        out.append(
            Attempt(
                number=number,
                answer=answer,
                mode=row.mode if row is not None else "real",
                origin=row.origin if row is not None else "interview",
                prompts=list(row.prompts or []) if row is not None else [],
            )
        )
    return out


# -- measures and comparison ------------------------------------------------------------------
def _analysis(answer: Answer, question: Any = None) -> dict[str, Any] | None:
    """The stored analysis when current, else one computed now (not stored)."""
    from mockinterview.feedback import analyze_answer, needs_recompute

    words = [w for s in answer.segments for w in s.get("words") or ()]
    if not answer.transcript.strip():
        return None
    if not needs_recompute(answer.analysis, answer.transcript, words, answer.duration):
        return answer.analysis
    return analyze_answer(
        answer.transcript, words, answer.duration, question=question, segments=answer.segments
    )


def metrics(analysis: Mapping[str, Any] | None, duration: float) -> dict[str, Any]:
    """The measures the comparison shows, from one answer's analysis."""
    a = analysis or {}
    return {
        "duration": round(float(duration), 1),
        "fillers_per_min": (a.get("filler_summary") or {}).get("per_minute"),
        "syllables_per_min": (a.get("rate") or {}).get("syllables_per_min"),
        "longest_pause": (a.get("pause_summary") or {}).get("longest"),
        "coverage": (a.get("coverage") or {}).get("score"),
    }


def _found(analysis: Mapping[str, Any] | None) -> dict[str, str]:
    return {
        kp["point"]: kp.get("status", "missed")
        for kp in (analysis or {}).get("key_points") or ()
        if kp.get("point")
    }


def compare(
    before: Attempt, after: Attempt, question: Any = None
) -> dict[str, Any]:
    """Attempt ``before`` against ``after``: points newly covered / lost, measures side by side."""
    a_an, b_an = _analysis(before.answer, question), _analysis(after.answer, question)
    a_found, b_found = _found(a_an), _found(b_an)
    hit = ("covered", "partly")
    newly = [p for p, s in b_found.items() if s in hit and a_found.get(p) not in hit]
    lost = [p for p, s in a_found.items() if s in hit and b_found.get(p) not in hit]
    # A point not found in an uncertain transcript is not "lost": the text cannot show it.
    unclear = [p for p in lost if b_found.get(p) == "unclear"]
    lost = [p for p in lost if p not in unclear]
    m_a, m_b = metrics(a_an, before.answer.duration), metrics(b_an, after.answer.duration)
    measures = {}
    for key in m_a:
        x, y = m_a[key], m_b[key]
        change = round(y - x, 3) if isinstance(x, (int, float)) and isinstance(y, (int, float)) else None
        measures[key] = {"before": x, "after": y, "change": change}
    return {
        "before": before.number,
        "after": after.number,
        "before_answer_id": before.answer.id,
        "after_answer_id": after.answer.id,
        "newly_covered": newly,
        "lost": lost,
        "unclear_now": unclear,
        "kept": [p for p, s in b_found.items() if s in hit and a_found.get(p) in hit],
        "measures": measures,
        "audio": [before.answer.audio_path, after.answer.audio_path],
    }


# -- the practice part of the session document ------------------------------------------------
def practice_for_question(
    store: Store, asked: AskedQuestion, bank_question: Any = None, language: str = "zh"
) -> dict[str, Any]:
    """Reference answer, attempts (each with its study card) and, from two attempts on, the
    comparison of the last two."""
    from mockinterview.feedback.reference import reference_text, study_card

    question = bank_question or {"id": asked.bank_id, "topics": list(asked.topics),
                                 "key_points": list(asked.key_points)}  # fmt: skip
    attempts = attempts_of(store, asked)
    rows = []
    for att in attempts:
        card = study_card(
            bank_question, _analysis(att.answer, question), language=language,
            key_points=list(asked.key_points),
        )  # fmt: skip
        rows.append(
            {
                "number": att.number,
                "answer_id": att.answer.id,
                "mode": att.mode,
                "origin": att.origin,
                "prompts": att.prompts,
                "audio_path": att.answer.audio_path,
                "feedback": card,
            }
        )
    zh = reference_text(bank_question, "zh") if bank_question is not None else None
    en = getattr(bank_question, "reference_answer_en", None) if bank_question is not None else None
    note = None
    if not (zh or en):
        note = (
            "no reference answer in the bank for this question yet"
            if bank_question is not None
            else "this question is not in the bank (or no longer is): no reference answer"
        )
    return {
        "reference_answer": zh,
        "reference_answer_en": en,
        "reference_note": note,
        "attempts": rows,
        "comparison": (
            compare(attempts[-2], attempts[-1], question) if len(attempts) >= 2 else None
        ),
    }


def enrich_session_json(
    doc: dict[str, Any], store: Store, detail: SessionDetail, bank: Any = None
) -> dict[str, Any]:
    """Add to each question of a ``review.export.to_json_dict`` document its practice part:
    ``reference_answer``, ``reference_answer_en``, ``reference_note``, ``attempts`` (with
    feedback) and ``comparison``; and the session's ``mode``."""
    questions = getattr(bank, "questions", {}) or {}
    language = "en" if detail.settings.get("language") == "en" else "zh"
    by_id = {q.id: q for q in detail.questions}
    session = doc.get("session", {})
    session["mode"] = detail.settings.get("mode", "real")
    for qdoc in session.get("questions", []):
        asked = by_id.get(qdoc.get("id"))
        if asked is None:
            continue
        qdoc.update(practice_for_question(store, asked, questions.get(asked.bank_id or ""), language))
    return doc


# -- scheduling and improvement ---------------------------------------------------------------
def coverage_grade(analysis: Mapping[str, Any] | None) -> int | None:
    score = ((analysis or {}).get("coverage") or {}).get("score")
    if score is None:
        return None
    return next(grade for floor, grade in COVERAGE_GRADES if score >= floor)


def schedule_from_attempt(store: Store, asked: AskedQuestion, attempt: Attempt) -> Any:
    """Review the question's card from this (latest) attempt; None without a bank id or grade."""
    if asked.bank_id is None:
        return None
    return review_from(store, asked.bank_id, attempt.answer)


def review_from(store: Store, bank_id: str, answer: Answer) -> Any:
    """One fsrs review of ``bank_id`` graded by the answer's self-rating, else its coverage."""
    from mockinterview.review.scheduling import record_review

    grade = answer.rating or coverage_grade(answer.analysis)
    if grade is None:
        return None
    when = answer.ended_at or datetime.now(timezone.utc)
    return record_review(store, bank_id, grade, answer.weak, when)


def improvement(store: Store) -> dict[str, Any]:
    """Per bank question answered (across sessions) and per topic: the first and the latest
    attempt's key-point coverage and the change (None with one attempt; topics count questions
    with two or more). ``{"questions": {bank_id: {text, topics, attempts, first, latest, change,
    latest_answer_id, sessions, latest_session, latest_position}}, "topics": {topic: {"questions",
    "first", "latest", "change"}}}``."""
    series: dict[str, dict[str, Any]] = {}
    for row in main_answer_rows(store):
        coverage = (row.analysis or {}).get("coverage")
        score = coverage.get("score") if isinstance(coverage, dict) else None
        entry = series.setdefault(
            row.bank_id, {"text": row.text, "topics": row.topics, "scores": [], "answers": [],
                          "sessions": []}
        )  # fmt: skip
        if row.session_id not in entry["sessions"]:
            entry["sessions"].append(row.session_id)
        entry["where"] = (row.session_id, row.position)
        if isinstance(score, (int, float)) and not isinstance(score, bool):
            entry["scores"].append(float(score))
            entry["answers"].append(row.answer_id)
    out_q: dict[str, Any] = {}
    per_topic: dict[str, list[tuple[float, float]]] = {}
    for bank_id, e in series.items():
        if not e["scores"]:
            continue
        first, latest = e["scores"][0], e["scores"][-1]
        several = len(e["scores"]) >= 2
        out_q[bank_id] = {
            "text": e["text"],
            "topics": e["topics"],
            "attempts": len(e["scores"]),
            "first": round(first, 3),
            "latest": round(latest, 3),
            "change": round(latest - first, 3) if several else None,
            "latest_answer_id": e["answers"][-1],
            "sessions": e["sessions"],
            "latest_session": e["where"][0],
            "latest_position": e["where"][1],
        }
        if not several:
            continue
        for topic in e["topics"]:
            per_topic.setdefault(topic, []).append((first, latest))
    out_t = {}
    for topic, pairs in per_topic.items():
        f = sum(p[0] for p in pairs) / len(pairs)
        latest_mean = sum(p[1] for p in pairs) / len(pairs)
        out_t[topic] = {
            "questions": len(pairs),
            "first": round(f, 3),
            "latest": round(latest_mean, 3),
            "change": round(latest_mean - f, 3),
        }
    return {"questions": out_q, "topics": out_t}


# -- a new attempt from an audio file -----------------------------------------------------------
def find_question(detail: SessionDetail, position: int) -> AskedQuestion:
    for q in detail.questions:
        if q.position == position:
            return q
    known = ", ".join(str(q.position) for q in detail.questions) or "none"
    raise AttemptError(
        f"session {detail.id} has no question at position {position} (positions: {known})"
    )


def _target(store: Store, detail: SessionDetail, asked: AskedQuestion, number: int, suffix: str) -> Path:
    from mockinterview import paths

    folder = paths.audio_dir(store.data_dir) / f"session-{detail.id}"
    folder.mkdir(parents=True, exist_ok=True)
    base = f"{asked.position:03d}-answer-a{number}"
    target = folder / f"{base}{suffix}"
    k = 2
    while target.exists():  # never overwrite a recording
        target = folder / f"{base}-{k}{suffix}"
        k += 1
    return target


def add_attempt(
    store: Store,
    session_id: int,
    position: int,
    audio: Path,
    transcribe: Callable[[Path, AskedQuestion], Any],
    *,
    bank: Any = None,
    origin: str = "cli",
    topics: Mapping[str, Any] | None = None,
) -> tuple[Attempt, dict[str, Any] | None]:
    """Answer the question at ``position`` of a session again from an audio file: the file is
    copied next to the session's recordings, transcribed (``transcribe(path, asked)`` returns a
    ``TranscriptResult``-like object), analysed, saved as a new attempt and the question's card is
    reviewed from it. Returns the attempt and its comparison with the previous one."""
    from mockinterview.feedback import analyze_answer

    detail = store.get_session(session_id)
    asked = find_question(detail, position)
    audio = Path(audio)
    if not audio.is_file():
        raise AttemptError(f"answer audio file not found: {audio}")
    try:
        import soundfile

        info = soundfile.info(str(audio))
    except Exception as exc:  # libsndfile says what it cannot read
        raise AttemptError(f"cannot read {audio} as audio: {exc}") from exc
    number = len(asked.answers) + 1
    target = _target(store, detail, asked, number, audio.suffix.lower() or ".wav")
    shutil.copyfile(audio, target)
    started = datetime.now(timezone.utc)
    result = transcribe(target, asked)
    bank_q = (getattr(bank, "questions", {}) or {}).get(asked.bank_id or "")
    question = bank_q or {"id": asked.bank_id, "round": detail.round,
                          "topics": list(asked.topics), "key_points": list(asked.key_points)}  # fmt: skip
    duration = float(getattr(result, "duration", 0.0) or info.duration)
    words = [w for s in result.segments for w in s.get("words") or ()]
    analysis = (
        analyze_answer(result.text, words, duration, question=question, topics=topics,
                       segments=result.segments)  # fmt: skip
        if result.text
        else None
    )
    answer_id = store.save_answer(
        asked.id,
        audio_path=target,
        duration=duration,
        transcript=result.text,
        segments=result.segments,
        language=result.language,
        model=result.model,
        device=result.device,
        started_at=started,
        ended_at=datetime.now(timezone.utc),
        analysis=analysis,
        processing_seconds=getattr(result, "processing_seconds", None),
    )
    mode = detail.settings.get("mode", "real")
    AttemptLog(store).record(answer_id, mode=mode if mode in ("real", "study") else "real",
                             origin=origin, prompts=[])  # fmt: skip
    asked = find_question(store.get_session(session_id), position)
    attempts = attempts_of(store, asked)
    latest = attempts[-1]
    if latest.number == 1:  # later attempts were reviewed by AttemptLog.record
        schedule_from_attempt(store, asked, latest)
    comparison = compare(attempts[-2], latest, question) if len(attempts) >= 2 else None
    return latest, comparison


def latest_position_of(store: Store, bank_id: str) -> tuple[int, int] | None:
    """(session id, position) of the latest time a bank question was asked as a main question:
    where "answer again" from the topics page adds its attempt."""
    return latest_main_position(store, bank_id)


def attempts_for(store: Store, session_id: int, position: int) -> Sequence[Attempt]:
    return attempts_of(store, find_question(store.get_session(session_id), position))
