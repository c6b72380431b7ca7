"""Counts over the bank: per round, topic, source, difficulty and job profile (JSON-ready)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from mockinterview.bank.loader import Bank
from mockinterview.bank.models import ROUNDS

MIN_PER_TOPIC = 3  # the bank should give every topic at least this many questions


def bank_stats(bank: Bank) -> dict[str, Any]:
    questions = list(bank.questions.values())
    per_topic = Counter(t for q in questions for t in q.topics)
    jobs: dict[str, Any] = {}
    for job in bank.jobs.values():
        reached = [q for q in questions if set(q.topics) & set(job.topic_weights)]
        jobs[job.id] = {
            "role": job.role,
            "company": job.company,
            "topics": len(job.topic_weights),
            "questions": len(reached),
            "per_round": {r: sum(1 for q in reached if q.round == r) for r in ROUNDS},
        }
    return {
        "total": len(questions),
        "packs": len(bank.packs),
        "per_round": {r: sum(1 for q in questions if q.round == r) for r in ROUNDS},
        "per_topic": {t: per_topic.get(t, 0) for t in bank.topics},
        "per_source": dict(sorted(Counter(q.source for q in questions).items())),
        "per_difficulty": {
            str(d): sum(1 for q in questions if q.difficulty == d) for d in (1, 2, 3)
        },
        "per_job": jobs,
        "thin_topics": [t for t in bank.topics if per_topic.get(t, 0) < MIN_PER_TOPIC],
    }


def format_stats(stats: dict[str, Any], bank: Bank) -> str:
    """The stats as aligned plain-text tables."""
    lines = [f"{stats['total']} questions in {stats['packs']} packs"]

    def table(title: str, rows: dict[str, Any], label: dict[str, str] | None = None) -> None:
        lines.append("")
        lines.append(title)
        width = max((len(k) for k in rows), default=0)
        for key, value in rows.items():
            extra = f"  {label[key]}" if label and key in label else ""
            lines.append(f"  {key:<{width}}  {value:>4}{extra}")

    table("per round:", stats["per_round"])
    table("per topic:", stats["per_topic"], {t: bank.topics[t].name_zh for t in bank.topics})
    table("per source:", stats["per_source"])
    table("per difficulty:", stats["per_difficulty"])
    if stats["per_job"]:
        table(
            "per job profile (questions its topics reach):",
            {j: v["questions"] for j, v in stats["per_job"].items()},
            {j: f"{v['company']} · {v['role']}" for j, v in stats["per_job"].items()},
        )
    if stats["thin_topics"]:
        lines.append("")
        lines.append(
            f"topics with fewer than {MIN_PER_TOPIC} questions: {', '.join(stats['thin_topics'])}"
        )
    return "\n".join(lines)
