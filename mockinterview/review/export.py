"""A session as a readable Markdown report or a complete JSON document, and JSON back in.

The JSON keeps audio paths as stored (relative to the data dir), so an export re-imported into
the same data dir plays its audio; ``import_session`` gives the session and its rows new ids.

The Markdown report carries the feedback: the session summary (``feedback.summarize_session``
rendered by ``feedback.render_session_markdown``) and one feedback card per answer
(``feedback.render_feedback_markdown``). It renders the analyses as stored; analyses from an older
algorithm (or partial ones) get a short defensive summary instead of a card. To export fresh
feedback, refresh stale analyses first (``review.retranscribe.refresh_analysis``, as the report
page does).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any, TypeGuard

from mockinterview.feedback import (
    ANALYSIS_VERSION,
    render_feedback_markdown,
    render_session_markdown,
    summarize_session,
)
from mockinterview.store import Answer, AskedQuestion, SessionDetail, Store, StoreError

FORMAT_NAME = "mockinterview-session"
SCHEMA_VERSION = 1


class SessionImportError(StoreError):
    """The file is not a mockinterview session export (the message says where and why)."""


# -- JSON ---------------------------------------------------------------------------------------
def to_json_dict(detail: SessionDetail) -> dict[str, Any]:
    return {
        "format": FORMAT_NAME,
        "schema_version": SCHEMA_VERSION,
        "session": {
            "id": detail.id,
            "round": detail.round,
            "job_id": detail.job_id,
            "settings": detail.settings,
            "seed": detail.seed,
            "started_at": _iso(detail.started_at),
            "ended_at": _iso(detail.ended_at),
            "status": detail.status,
            "questions": [_question_dict(q) for q in detail.questions],
        },
    }


def _question_dict(q: AskedQuestion) -> dict[str, Any]:
    return {
        "id": q.id,
        "position": q.position,
        "bank_id": q.bank_id,
        "text": q.text,
        "topics": list(q.topics),
        "key_points": list(q.key_points),
        "kind": q.kind,
        "parent_id": q.parent_id,
        "audio_path": q.audio_path,
        "asked_at": _iso(q.asked_at),
        "answers": [_answer_dict(a) for a in q.answers],
    }


def _answer_dict(a: Answer) -> dict[str, Any]:
    return {
        "id": a.id,
        "audio_path": a.audio_path,
        "duration": a.duration,
        "transcript": a.transcript,
        "language": a.language,
        "segments": a.segments,
        "model": a.model,
        "device": a.device,
        "processing_seconds": a.processing_seconds,
        "started_at": _iso(a.started_at),
        "ended_at": _iso(a.ended_at),
        "analysis": a.analysis,
        "rating": a.rating,
        "notes": a.notes,
        "weak": a.weak,
        "topic_tags": list(a.topic_tags),
        "free_tags": list(a.free_tags),
    }


def export_json(detail: SessionDetail) -> str:
    return json.dumps(to_json_dict(detail), ensure_ascii=False, indent=2) + "\n"


def import_session(store: Store, source: Path | str | dict[str, Any]) -> int:
    """Import a JSON export (a file path, JSON text or parsed dict); returns the new session id."""
    where = "the document"
    if isinstance(source, dict):
        data: Any = source
    else:
        if isinstance(source, Path):
            where = str(source)
            try:
                raw = source.read_text(encoding="utf-8")
            except FileNotFoundError as exc:
                raise SessionImportError(f"{where}: no such file") from exc
            except UnicodeDecodeError as exc:
                raise SessionImportError(
                    f"{where}: not UTF-8 text, so not a session export"
                ) from exc
            except OSError as exc:
                raise SessionImportError(f"{where}: cannot be read: {exc.strerror}") from exc
        else:
            raw = source
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise SessionImportError(f"{where}:{exc.lineno}: not valid JSON ({exc.msg})") from exc
    return store.restore_session(parse_export(data, where))


def parse_export(data: Any, where: str = "the document") -> SessionDetail:
    if not isinstance(data, dict) or data.get("format") != FORMAT_NAME:
        raise SessionImportError(
            f'{where}: not a mockinterview session export (no "format": "{FORMAT_NAME}")'
        )
    version = data.get("schema_version")
    if not isinstance(version, int) or version > SCHEMA_VERSION:
        raise SessionImportError(
            f"{where}: export schema version {version!r} is not supported "
            f"(this app reads up to {SCHEMA_VERSION}); update mockinterview"
        )
    try:
        s = data["session"]
        detail = SessionDetail(
            id=int(s.get("id") or 0),
            round=_str(s["round"]),
            job_id=_opt_str(s.get("job_id")),
            settings=dict(s.get("settings") or {}),
            seed=s.get("seed"),
            started_at=_time(s["started_at"]),
            ended_at=_opt_time(s.get("ended_at")),
            status=_status(s.get("status", "finished")),
            questions=tuple(_parse_question(q, i) for i, q in enumerate(s.get("questions", []))),
        )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise SessionImportError(f"{where}: malformed session export: {_why(exc)}") from exc
    ids = {q.id for q in detail.questions}
    for q in detail.questions:
        if q.parent_id is not None and q.parent_id not in ids:
            raise SessionImportError(
                f"{where}: question {q.id} follows up question {q.parent_id}, "
                "which is not in the file"
            )
    return detail


def _parse_question(q: dict[str, Any], index: int) -> AskedQuestion:
    kind = q.get("kind", "main")
    if kind not in ("main", "follow_up"):
        raise ValueError(f"question {index}: kind {kind!r} is not main or follow_up")
    return AskedQuestion(
        id=int(q.get("id", -(index + 1))),
        session_id=0,
        position=int(q.get("position", index)),
        bank_id=_opt_str(q.get("bank_id")),
        text=_str(q["text"]),
        topics=tuple(_str(t) for t in q.get("topics", [])),
        key_points=tuple(_str(k) for k in q.get("key_points", [])),
        kind=kind,
        parent_id=None if q.get("parent_id") is None else int(q["parent_id"]),
        audio_path=_opt_str(q.get("audio_path")),
        asked_at=_opt_time(q.get("asked_at")),
        answers=tuple(_parse_answer(a) for a in q.get("answers", [])),
    )


def _parse_answer(a: dict[str, Any]) -> Answer:
    rating = a.get("rating")
    if rating is not None and (not isinstance(rating, int) or not 1 <= rating <= 5):
        raise ValueError(f"rating {rating!r} is not 1-5")
    segments = a.get("segments", [])
    if not isinstance(segments, list):
        raise ValueError("segments is not a list")
    analysis = a.get("analysis")
    if analysis is not None and not isinstance(analysis, dict):
        raise ValueError("analysis is not an object")
    return Answer(
        id=0,
        question_id=0,
        audio_path=_opt_str(a.get("audio_path")),
        duration=float(a.get("duration", 0.0)),
        transcript=_str(a.get("transcript", "")),
        language=_opt_str(a.get("language")),
        segments=segments,
        model=_opt_str(a.get("model")),
        device=_opt_str(a.get("device")),
        processing_seconds=None
        if a.get("processing_seconds") is None
        else float(a["processing_seconds"]),
        started_at=_opt_time(a.get("started_at")),
        ended_at=_opt_time(a.get("ended_at")),
        analysis=analysis,
        rating=rating,
        notes=_str(a.get("notes", "")),
        weak=bool(a.get("weak", False)),
        topic_tags=tuple(_str(t) for t in a.get("topic_tags", [])),
        free_tags=tuple(_str(t) for t in a.get("free_tags", [])),
    )


# -- Markdown -----------------------------------------------------------------------------------
def is_current_analysis(analysis: Any) -> TypeGuard[dict[str, Any]]:
    """A complete analysis from this version of ``feedback.analyze_answer``."""
    return isinstance(analysis, dict) and analysis.get("version") == ANALYSIS_VERSION


def session_summary(detail: SessionDetail) -> dict[str, Any] | None:
    """``feedback.summarize_session`` over the answers with a current analysis (None if none)."""
    pairs: list[tuple[Mapping[str, Any], Mapping[str, Any]]] = [
        ({"id": q.bank_id, "topics": list(q.topics)}, a.analysis)
        for q in detail.questions
        for a in q.answers
        if is_current_analysis(a.analysis)
    ]
    return summarize_session(pairs) if pairs else None


def export_markdown(detail: SessionDetail, topic_names: Mapping[str, str] | None = None) -> str:
    """The session as a Markdown report; ``topic_names`` (topic id -> name) labels the summary."""
    answers = detail.answers
    rated = [a.rating for a in answers if a.rating is not None]
    speaking = sum(a.duration for a in answers)
    lines = [
        f"# Mock interview #{detail.id} — {detail.round}",
        "",
        f"- Date: {_local(detail.started_at)}",
        f"- Job profile: {detail.job_id or '—'}",
        f"- Status: {detail.status}",
        f"- Questions: {len(detail.questions)}, answered: {sum(1 for q in detail.questions if q.answers)}",
        f"- Speaking time: {_duration(speaking)}",
        f"- Average self-rating: {sum(rated) / len(rated):.1f} / 5"
        if rated
        else "- Average self-rating: —",
        "",
    ]
    summary = session_summary(detail)
    if summary is not None:
        lines += [render_session_markdown(summary, topic_names).rstrip(), ""]
    number = 0
    for q in detail.questions:
        if q.kind == "main":
            number += 1
            lines.append(f"## {number}. {q.text}")
        else:
            lines.append(f"### Follow-up: {q.text}")
        lines.append("")
        meta = [f"id `{q.bank_id}`"] if q.bank_id else []
        if q.topics:
            meta.append("topics: " + ", ".join(q.topics))
        if meta:
            lines += ["*" + "; ".join(meta) + "*", ""]
        if q.key_points:
            lines.append("Key points:")
            lines += [f"- {k}" for k in q.key_points]
            lines.append("")
        if not q.answers:
            lines += ["*(not answered)*", ""]
        for a in q.answers:
            lines += _answer_markdown(a)
    return "\n".join(lines).rstrip() + "\n"


def _answer_markdown(a: Answer) -> list[str]:
    head = [f"duration {_duration(a.duration)}"]
    if a.rating is not None:
        head.append(f"self-rating {a.rating}/5")
    if a.weak:
        head.append("**weak**")
    if a.model:
        head.append(f"transcribed by {a.model} on {a.device or '?'}")
    lines = ["**Answer** (" + ", ".join(head) + ")", ""]
    lines += [
        "> " + line for line in (a.transcript.strip() or "(no speech recognised)").splitlines()
    ]
    lines.append("")
    tags = [f"`{t}`" for t in (*a.topic_tags, *a.free_tags)]
    if tags:
        lines += ["Tags: " + " ".join(tags), ""]
    if a.notes:
        lines += [f"Notes: {a.notes}", ""]
    if is_current_analysis(a.analysis):
        card = render_feedback_markdown(a.analysis, title="Feedback").rstrip()
        lines += ["#" + card, ""]  # one level below the question's heading
    elif a.analysis:
        lines += _analysis_markdown(a.analysis)
    if a.audio_path:
        lines += [f"Audio: `{a.audio_path}`", ""]
    return lines


def _analysis_markdown(analysis: dict[str, Any]) -> list[str]:
    """A short feedback summary of an older or partial analysis (keys read defensively: an
    analysis saved by an older version may lack some)."""
    out = []
    rate = analysis.get("rate")
    if isinstance(rate, dict) and rate.get("syllables_per_min") is not None:
        verdict = f" ({rate['verdict']})" if rate.get("verdict") else ""
        out.append(f"- Pace: {rate['syllables_per_min']:.0f} syllables/min{verdict}")
    fillers = analysis.get("filler_summary")
    if isinstance(fillers, dict) and fillers.get("count") is not None:
        words = ", ".join(f"{w}×{n}" for w, n in (fillers.get("by_word") or {}).items())
        out.append(f"- Fillers: {fillers['count']}" + (f" ({words})" if words else ""))
    pauses = analysis.get("pause_summary")
    if isinstance(pauses, dict) and pauses.get("count") is not None:
        longest = pauses.get("longest")
        extra = f", longest {longest:.1f} s" if isinstance(longest, (int, float)) else ""
        out.append(f"- Long pauses: {pauses['count']}{extra}")
    coverage = analysis.get("coverage")
    if isinstance(coverage, dict) and coverage.get("total"):
        out.append(
            f"- Key points: {coverage.get('covered', 0)} covered, {coverage.get('partly', 0)} partly,"
            f" {coverage.get('missed', 0)} missed of {coverage['total']}"
        )
    points = analysis.get("key_points")
    if isinstance(points, list):
        missed = [
            str(p.get("point"))
            for p in points
            if isinstance(p, dict) and p.get("status") == "missed"
        ]
        if missed:
            out.append("- Missed: " + "; ".join(missed))
    star = analysis.get("star")
    if isinstance(star, dict):
        absent = [part for part, evidence in star.items() if not evidence]
        out.append("- STAR: " + ("complete" if not absent else "missing " + ", ".join(absent)))
    if not out:
        return []
    return ["Feedback:", *out, ""]


# -- helpers ------------------------------------------------------------------------------------
def _iso(when: datetime | None) -> str | None:
    return None if when is None else when.isoformat()


def _time(value: Any) -> datetime:
    if not isinstance(value, str):
        raise ValueError(f"time {value!r} is not an ISO 8601 string")
    return datetime.fromisoformat(value)


def _opt_time(value: Any) -> datetime | None:
    return None if value is None else _time(value)


def _str(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError(f"{value!r} is not a string")
    return value


def _opt_str(value: Any) -> str | None:
    return None if value is None else _str(value)


def _status(value: Any) -> str:
    if value not in ("in_progress", "finished", "abandoned"):
        raise ValueError(f"status {value!r} is not in_progress, finished or abandoned")
    return str(value)


def _why(exc: BaseException) -> str:
    return f"missing field {exc.args[0]!r}" if isinstance(exc, KeyError) else str(exc)


def _local(when: datetime) -> str:
    return when.astimezone().strftime("%Y-%m-%d %H:%M")


def _duration(seconds: float) -> str:
    m, s = divmod(int(round(seconds)), 60)
    return f"{m}:{s:02d}"
