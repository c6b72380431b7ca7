"""``mockinterview sessions list|delete``: the history, headless.

``show``, ``export``, ``import`` and ``search`` need the review package (export formats, search),
which sits above the store: ``review/commands.py`` adds them to the same ``sessions`` parser
(``sessions_actions``), so the store never imports upward.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import Any

from mockinterview.store.errors import StoreError
from mockinterview.store.records import SessionSummary
from mockinterview.store.repository import Store


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("sessions", help="list, show, export, import, delete, search sessions")
    cmds = parser.add_subparsers(dest="sessions_command", metavar="ACTION", required=True)

    p = cmds.add_parser("list", help="past sessions, newest first")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument("--round", help="only this round (hr, technical, project, mixed)")
    p.add_argument("--job", help="only this job profile id")
    p.add_argument("--tag", help="only sessions with an answer tagged so")
    p.add_argument("--status", choices=("in_progress", "finished", "abandoned"))
    p.add_argument("--limit", type=_positive, default=50, help="at most N sessions (default 50)")
    p.set_defaults(func=_wrap(_list))

    p = cmds.add_parser("delete", help="delete a session and its recordings")
    p.add_argument("id", type=int)
    p.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    p.set_defaults(func=_wrap(_delete))


def sessions_actions(sub: argparse._SubParsersAction) -> argparse._SubParsersAction:
    """The ``sessions`` ACTION sub-parsers, for command families above the store to add theirs."""
    parser = sub.choices["sessions"]
    return next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))


def _positive(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError("must be a whole number") from None
    if not 1 <= n <= 1_000_000:  # SQLite's LIMIT is 64-bit; nobody lists a million sessions
        raise argparse.ArgumentTypeError("must be between 1 and 1000000")
    return n


def _wrap(
    handler: Callable[[Store, argparse.Namespace], int],
) -> Callable[[argparse.Namespace], int]:
    """Open the store for the handler; a StoreError becomes one line on stderr and exit 1."""

    def run(args: argparse.Namespace) -> int:
        from mockinterview.paths import data_dir
        from mockinterview.store import open_store

        try:
            store = open_store(data_dir(args.data_dir))
        except StoreError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        try:
            return handler(store, args)
        except StoreError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        finally:
            store.close()

    return run


def _list(store: Store, args: argparse.Namespace) -> int:
    rows = store.list_sessions(
        round=args.round, job_id=args.job, tag=args.tag, status=args.status, limit=args.limit
    )
    if args.json:
        _print_json([_summary_dict(r) for r in rows])
        return 0
    if not rows:
        print("no sessions")
        return 0
    print(
        f"{'ID':>5}  {'DATE':16}  {'ROUND':9}  {'JOB':18}  {'Q':>3}  {'SPOKEN':>6}  {'RATING':>6}  STATUS"
    )
    for r in rows:
        rating = f"{r.average_rating:.1f}" if r.average_rating is not None else "—"
        print(
            f"{r.id:>5}  {r.started_at.astimezone():%Y-%m-%d %H:%M}  {r.round:9}  "
            f"{(r.job_id or '—')[:18]:18}  {r.question_count:>3}  {_mmss(r.speaking_seconds):>6}  "
            f"{rating:>6}  {r.status}"
        )
    return 0


def _delete(store: Store, args: argparse.Namespace) -> int:
    detail = store.get_session(args.id)
    if not args.yes:
        if not sys.stdin.isatty():
            print(f"error: not deleting session {args.id} without --yes", file=sys.stderr)
            return 1
        answer = input(
            f"Delete session {args.id} ({detail.round}, {len(detail.questions)} questions) "
            "and its recordings? [y/N] "
        )
        if answer.strip().lower() not in ("y", "yes"):
            print("kept")
            return 1
    removed = store.delete_session(args.id)
    print(f"deleted session {args.id} and {len(removed)} audio file(s)")
    return 0


def _summary_dict(r: SessionSummary) -> dict[str, Any]:
    return {
        "id": r.id,
        "round": r.round,
        "job_id": r.job_id,
        "status": r.status,
        "started_at": r.started_at.isoformat(),
        "ended_at": r.ended_at.isoformat() if r.ended_at else None,
        "questions": r.question_count,
        "answered": r.answered_count,
        "speaking_seconds": round(r.speaking_seconds, 2),
        "average_rating": r.average_rating,
    }


def _print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def _mmss(seconds: float) -> str:
    m, s = divmod(int(round(seconds)), 60)
    return f"{m}:{s:02d}"
