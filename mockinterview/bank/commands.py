"""``mockinterview bank validate [PATH ...]`` and ``mockinterview bank stats [--json]``."""

from __future__ import annotations

import argparse
import json
import sys

from mockinterview.bank.loader import read_bank
from mockinterview.bank.stats import bank_stats, format_stats


def register(sub: argparse._SubParsersAction) -> None:
    bank = sub.add_parser("bank", help="check and count the question bank")
    actions = bank.add_subparsers(dest="bank_command", metavar="ACTION", required=True)

    validate = actions.add_parser(
        "validate", help="check question packs, the topic vocabulary and job profiles"
    )
    validate.add_argument(
        "paths", nargs="*", metavar="PATH", help="files or folders (default: the shipped bank)"
    )
    validate.add_argument(
        "--require-reference-answers",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="every technical and project question must have a reference_answer "
        "(default: mockinterview.bank.validate_rules.REQUIRE_REFERENCE_ANSWERS)",
    )
    validate.set_defaults(func=validate_command)

    stats = actions.add_parser("stats", help="count questions per round, topic, source, job")
    stats.add_argument(
        "paths", nargs="*", metavar="PATH", help="files or folders (default: the shipped bank)"
    )
    stats.add_argument("--json", action="store_true", help="print JSON")
    stats.set_defaults(func=stats_command)


def validate_command(args: argparse.Namespace) -> int:
    from mockinterview.bank import validate_rules

    bank, problems = read_bank(args.paths or None)
    require = getattr(args, "require_reference_answers", None)
    if require if require is not None else validate_rules.REQUIRE_REFERENCE_ANSWERS:
        problems = sorted(
            [*problems, *validate_rules.reference_answer_problems(bank)],
            key=lambda p: (p.path, p.line),
        )
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s) found", file=sys.stderr)
        return 1
    per_round = ", ".join(f"{r} {len(bank.by_round(r))}" for r in ("hr", "technical", "project"))
    print(
        f"OK: {len(bank.questions)} questions in {len(bank.packs)} packs ({per_round}), "
        f"{len(bank.topics)} topics, {len(bank.jobs)} job profiles"
    )
    return 0


def stats_command(args: argparse.Namespace) -> int:
    bank, problems = read_bank(args.paths or None)
    if problems:
        for problem in problems:
            print(problem, file=sys.stderr)
        print(
            f"the bank has {len(problems)} problem(s); fix them first (mockinterview bank validate)",
            file=sys.stderr,
        )
        return 1
    stats = bank_stats(bank)
    if args.json:
        print(json.dumps(stats, ensure_ascii=False, indent=2))
    else:
        print(format_stats(stats, bank))
    return 0
