"""``mockinterview plan --round R [--job ID] [--count N] [--seed S] [--focus-weak] [--json]``:
the questions an interview with these settings would ask, through the same ``build_plan`` call
(recently asked questions avoided, My projects applied), without asking anything."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from mockinterview.interview.settings import INTERVIEW_ROUNDS


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "plan",
        help="print the questions an interview would ask",
        description="Plan an interview exactly as `mockinterview interview` would (same settings, "
        "same data directory) and print the planned question ids; nothing is recorded.",
    )
    p.add_argument("--round", choices=INTERVIEW_ROUNDS, default="technical")
    p.add_argument("--job", metavar="ID", help="target job profile (assets/jobs/ID.yaml)")
    p.add_argument("--count", type=_count, default=3, metavar="N")
    p.add_argument("--seed", type=_seed, metavar="S", help="reproducible question choice")
    p.add_argument("--focus-weak", action="store_true", help="draw from your weak topics")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=handle)


def _count(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if not 1 <= number <= 200:
        raise argparse.ArgumentTypeError(f"must be 1-200: {value}")
    return number


def _seed(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if not 0 <= number < 2**63:
        raise argparse.ArgumentTypeError(f"must be 0 to 2**63-1: {value}")
    return number


def plan_document(bank: Any, settings: Any, plan: list[Any]) -> dict[str, Any]:
    from mockinterview.bank.select import on_profile

    job = bank.jobs.get(settings.job_id) if settings.job_id else None
    return {
        "round": settings.round,
        "job": settings.job_id,
        "count": settings.count,
        "seed": settings.seed,
        "ids": [q.id for q in plan],
        "questions": [
            {
                "id": q.id,
                "round": q.round,
                "topics": list(q.topics),
                "text": q.text,
                "on_profile": on_profile(q, job) if job is not None else None,
                "follow_ups": len(q.follow_ups),
            }
            for q in plan
        ],
    }


def handle(args: argparse.Namespace) -> int:
    from mockinterview import paths
    from mockinterview.bank import BankError, load_bank
    from mockinterview.interview.plan import PlanError, build_plan
    from mockinterview.interview.settings import InterviewSettings, SettingsError
    from mockinterview.store import StoreError, open_store

    try:
        settings = InterviewSettings(
            round=args.round, job_id=args.job, count=args.count, seed=args.seed,
            focus_weak=args.focus_weak,
        )  # fmt: skip
        bank = load_bank()
        with open_store(paths.data_dir(args.data_dir)) as store:
            plan = build_plan(bank, settings, store=store)
    except BankError as exc:
        print(f"mockinterview plan: the question bank has problems ({len(exc.problems)}); "
              "run `mockinterview bank validate`", file=sys.stderr)  # fmt: skip
        return 1
    except (SettingsError, PlanError, StoreError) as exc:
        print(f"mockinterview plan: {exc}", file=sys.stderr)
        return 1
    document = plan_document(bank, settings, plan)
    if args.json:
        print(json.dumps(document, ensure_ascii=False, indent=2))
    else:
        for q in document["questions"]:
            print(f"{q['id']}\t{q['text']}")
    return 0
