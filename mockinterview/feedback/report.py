"""Markdown renderings of feedback: one card per answer and the session summary (for export)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

_STATUS_MARK = {
    "covered": "✅ covered",
    "partly": "◐ partly",
    "missed": "✗ missed",
    "unclear": "? unclear (transcript uncertain)",
}
_PART_NAMES = {"situation": "Situation", "task": "Task", "action": "Action", "result": "Result"}


def _cell(text: Any) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _seconds(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f} s"


def _rate_line(rate: Mapping[str, Any]) -> str:
    if rate.get("syllables_per_min") is None:
        return "- Rate: — (no speech)"
    lo, hi = rate["range"]
    return (
        f"- Rate: {rate['syllables_per_min']:.0f} syllables/min ({rate.get('verdict')}; comfortable "
        f"{lo}-{hi}) — {rate['zh_chars']} Chinese chars, {rate['en_words']} English words over "
        f"{rate['speaking_seconds']:.0f} s ({rate['basis']})"
    )


def render_feedback_markdown(analysis: Mapping[str, Any], *, title: str | None = None) -> str:
    """One answer's card: time, rate, fillers, pauses, key points, STAR and numbers."""
    lines = [f"### {title or analysis.get('question_id') or 'Answer'}", ""]
    limit = analysis.get("limit")
    used = f"- Time: {_seconds(analysis.get('duration'))}"
    if limit:
        over = (analysis.get("time") or {}).get("over_by") or 0
        used += f" of {_seconds(limit)}" + (f" (over by {over:.0f} s)" if over else "")
    lines += [used, _rate_line(analysis.get("rate") or {})]

    fillers = analysis.get("fillers") or []
    summary = analysis.get("filler_summary") or {}
    if fillers:
        by_word = ", ".join(f"{w} ×{n}" for w, n in (summary.get("by_word") or {}).items())
        per_min = summary.get("per_minute")
        lines.append(
            f"- Fillers: {len(fillers)}"
            + (f" ({per_min}/min)" if per_min else "")
            + f" — {by_word}"
        )
    else:
        lines.append("- Fillers: none")
    pauses = analysis.get("pauses") or []
    if pauses:
        where = "; ".join(
            f"{p['seconds']:.1f} s at {p['start']:.1f} s"
            + (
                f" (before “{p['after']}”)"
                if p["kind"] == "leading"
                else f" (after “{p['before']}”)"
            )
            for p in pauses
        )
        lines.append(f"- Long pauses: {len(pauses)} — {where}")
    else:
        lines.append("- Long pauses: none")

    points = analysis.get("key_points") or []
    certainty = analysis.get("transcript_certainty") or {}
    if certainty.get("uncertain"):
        lines.append(
            f"- Transcript uncertain ({certainty.get('reason')}): key points not found are "
            "marked unclear, not missed"
        )
    if points:
        lines += ["", "| Key point | Status | Evidence |", "|---|---|---|"]
        for kp in points:
            found = ", ".join(
                m["term"] if m["term"] == m["found"] else f"{m['term']}→{m['found']}"
                for m in kp["matched"]
            )
            evidence = f"“{kp['evidence']}” ({found})" if kp.get("evidence") else "—"
            if kp.get("at") is not None:
                evidence += f" @ {float(kp['at']):.1f} s"
            status = _STATUS_MARK.get(kp["status"], kp["status"])
            lines.append(f"| {_cell(kp['point'])} | {status} | {_cell(evidence)} |")
    star = analysis.get("star")
    if star:
        lines += ["", "STAR:"]
        for part, name in _PART_NAMES.items():
            lines.append(f"- {name}: " + (f"“{star[part]}”" if star.get(part) else "missing"))
    numbers = analysis.get("numbers") or {}
    if numbers.get("items"):
        lines.append("- Numbers: " + ", ".join(i["text"] for i in numbers["items"]))
    elif numbers.get("expected"):
        lines.append("- Numbers: none — give a metric (e.g. accuracy +3 points, latency in ms)")
    return "\n".join(lines) + "\n"


def render_session_markdown(
    summary: Mapping[str, Any], topic_names: Mapping[str, str] | None = None
) -> str:
    """The session summary: averages, per-topic coverage, weakest topics and next drills."""
    names = topic_names or {}
    rate = summary.get("average_syllables_per_min")
    fpm = summary.get("fillers_per_min")
    cov = summary.get("coverage")
    lines = [
        "## Session summary",
        "",
        f"- Answers: {summary.get('answers', 0)}, speaking {_seconds(summary.get('speaking_seconds'))}",
        f"- Average rate: {'—' if rate is None else f'{rate:.0f} syllables/min'}",
        f"- Fillers: {summary.get('fillers', 0)}" + ("" if fpm is None else f" ({fpm}/min)"),
        f"- Key-point coverage: {'—' if cov is None else f'{cov:.0%}'}",
    ]
    per_topic = summary.get("per_topic") or {}
    if per_topic:
        lines += [
            "",
            "| Topic | Answers | Coverage | Covered / partly / missed |",
            "|---|---|---|---|",
        ]
        for topic, row in sorted(
            per_topic.items(), key=lambda kv: (kv[1]["score"] is None, kv[1]["score"] or 0)
        ):
            score = "—" if row["score"] is None else f"{row['score']:.0%}"
            lines.append(
                f"| {_cell(names.get(topic, topic))} | {row['answers']} | {score} | "
                f"{row['covered']} / {row['partly']} / {row['missed']} |"
            )
    if summary.get("weakest_topics"):
        lines += [
            "",
            "Weakest topics: " + ", ".join(names.get(t, t) for t in summary["weakest_topics"]),
        ]
    if summary.get("suggested_drills"):
        lines.append("Suggested next drills: " + ", ".join(summary["suggested_drills"]))
    return "\n".join(lines) + "\n"
