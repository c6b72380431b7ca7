"""The headless face of the app: ``mockinterview [--data-dir PATH] COMMAND ...``.

With no command the desktop window opens. Each command lives beside the code it drives and
registers itself here through ``register(subparsers)``; its handler is ``args.func(args) -> int``.
Command modules import their heavy dependencies (Whisper, Qt) inside the handler, so
``mockinterview --help`` stays fast.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from typing import Any

from mockinterview import __version__
from mockinterview.paths import DataDirError

# One module per command family; each exposes register(subparsers).
COMMAND_MODULES = (
    "mockinterview.bank.commands",  # bank validate | stats
    "mockinterview.store.commands",  # sessions list | delete
    "mockinterview.review.commands",  # sessions show | export | import | search
    "mockinterview.speech.commands",  # transcribe
    "mockinterview.speech.say_command",  # say
    "mockinterview.interview.commands",  # interview
    "mockinterview.interview.resume_command",  # resume
    "mockinterview.feedback.commands",  # feedback
    "mockinterview.doctor",  # doctor
    "mockinterview.interview.plan_commands",  # plan
    "mockinterview.store.project_commands",  # projects add | list | remove
    "mockinterview.llm.commands",  # llm serve | check | grade | follow-up
    "mockinterview.review.answer_command",  # answer (a new attempt of an asked question)
)


class Parser(argparse.ArgumentParser):
    """An ArgumentParser that never takes a prefix of a long option for the option
    (``--mode`` is not ``--model``). ``add_subparsers`` builds sub-parsers of the parent's class,
    so every ``sub.add_parser(...)`` of every command module gets this rule without asking."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["allow_abbrev"] = False
        super().__init__(*args, **kwargs)


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="mockinterview",
        description="Offline voice-first mock interview coach. Without a command, opens the window.",
    )
    parser.add_argument("--version", action="version", version=f"mockinterview {__version__}")
    parser.add_argument(
        "--data-dir",
        metavar="PATH",
        help="data directory (default: $MOCKINTERVIEW_HOME or the platform's user data dir)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        from mockinterview.app import run_gui

        return run_gui(data_dir=args.data_dir)
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except DataDirError as exc:  # any command: the data dir cannot be made
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        return 0
