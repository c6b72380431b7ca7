"""``mockinterview sessions show|export|import|restore|search``: history commands above the store.

They join the ``sessions`` parser the store registers (``store.commands.sessions_actions``): the
store sits below review and never imports it, so the commands that need export formats and
search live here, above both.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from mockinterview.bank import Bank, BankError, load_bank
from mockinterview.store.commands import _positive, _print_json, _wrap, sessions_actions
from mockinterview.store.records import SessionDetail
from mockinterview.store.repository import Store


def register(sub: argparse._SubParsersAction) -> None:
    cmds = sessions_actions(sub)

    p = cmds.add_parser("show", help="one session with its questions and answers")
    p.add_argument("id", type=int)
    p.add_argument("--json", action="store_true", help="the complete JSON export")
    p.set_defaults(func=_wrap(_show))

    p = cmds.add_parser("export", help="write a session as a Markdown report or JSON")
    p.add_argument("id", type=int)
    p.add_argument("--format", choices=("md", "json"), default="md")
    p.add_argument("-o", "--output", metavar="FILE", help="write here instead of stdout")
    p.set_defaults(func=_wrap(_export))

    p = cmds.add_parser("import", help="add a session from a JSON export")
    p.add_argument("file", metavar="FILE")
    p.set_defaults(func=_wrap(_import))

    p = cmds.add_parser(
        "restore", help="put answers kept on disk (NNN-answer.wav.json) back into the database"
    )
    p.add_argument("files", nargs="+", metavar="FILE", help="the .wav.json files a warning named")
    p.set_defaults(func=_wrap(_restore))

    p = cmds.add_parser("search", help="full-text search over questions and transcripts")
    p.add_argument("query", nargs="+", help="words to find (all must occur)")
    p.add_argument("--json", action="store_true")
    p.add_argument("--limit", type=_positive, default=20)
    p.set_defaults(func=_wrap(_search))


def _bank_or_none() -> Bank | None:
    """The bank for reference answers; a broken bank must not hide the user's session."""
    try:
        return load_bank()
    except BankError as exc:
        print(f"note: the question bank could not be read ({exc}); reference answers left out",
              file=sys.stderr)  # fmt: skip
        return None


def _show(store: Store, args: argparse.Namespace) -> int:
    from mockinterview.review.attempts import enrich_session_json
    from mockinterview.review.export import export_markdown, to_json_dict
    from mockinterview.store.attempts import session_attempt_rows

    detail = store.get_session(args.id)
    if args.json:
        # Feedback per attempt, the reference answer per question, attempts and comparison.
        doc = to_json_dict(detail, session_attempt_rows(store, detail.id))
        _print_json(enrich_session_json(doc, store, detail, _bank_or_none()))
    else:
        sys.stdout.write(export_markdown(detail))
    return 0


def _export(store: Store, args: argparse.Namespace) -> int:
    from mockinterview.review.export import export_json, export_markdown
    from mockinterview.store.attempts import session_attempt_rows

    detail: SessionDetail = store.get_session(args.id)
    if args.format == "json":
        body = export_json(detail, session_attempt_rows(store, detail.id))
    else:
        body = export_markdown(detail)
    if not args.output:
        sys.stdout.write(body)
        return 0
    out = Path(args.output)
    try:
        out.write_text(body, encoding="utf-8")
    except OSError as exc:
        print(f"error: cannot write {out}: {exc.strerror}", file=sys.stderr)
        return 1
    print(f"session {args.id} written to {out}", file=sys.stderr)
    return 0


def _import(store: Store, args: argparse.Namespace) -> int:
    from mockinterview.review.export import import_session


    new_id = import_session(store, Path(args.file))
    print(f"imported as session {new_id}")
    return 0


def _restore(store: Store, args: argparse.Namespace) -> int:
    from mockinterview.store.unsaved import RestoreError, restore_unsaved

    failed = 0
    for name in args.files:
        try:
            session_id, answer_id = restore_unsaved(store, Path(name))
        except RestoreError as exc:
            print(f"error: {exc}", file=sys.stderr)
            failed += 1
            continue
        print(f"{name}: restored as answer {answer_id} of session {session_id}")
    return 1 if failed else 0


def _search(store: Store, args: argparse.Namespace) -> int:
    from mockinterview.review.search import search


    hits = search(store, " ".join(args.query), limit=args.limit)
    if args.json:
        _print_json(
            [
                {
                    "session_id": h.session_id,
                    "question_id": h.question_id,
                    "answer_id": h.answer_id,
                    "kind": h.kind,
                    "snippet": h.snippet,
                    "rank": h.rank,
                    "started_at": h.started_at.isoformat(),
                }
                for h in hits
            ]
        )
        return 0
    if not hits:
        print("no matches")
        return 0
    for h in hits:
        print(f"session {h.session_id}  question {h.question_id}  {h.kind:8}  {h.snippet}")
    return 0


