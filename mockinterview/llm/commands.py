"""``mockinterview llm serve | check | grade | follow-up``: the optional local model from a terminal."""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mockinterview import paths


def add_endpoint_arguments(p: argparse.ArgumentParser) -> None:
    """``--llm URL --llm-model NAME --llm-allow-remote``, shared by every command that may use it."""
    p.add_argument(
        "--llm",
        metavar="URL",
        help="OpenAI-compatible endpoint of a local model, e.g. http://127.0.0.1:8080/v1 "
        "(default: $MOCKINTERVIEW_LLM_URL; none = no model, nothing contacted)",
    )
    p.add_argument("--llm-model", metavar="NAME", help="model name sent to the endpoint")
    p.add_argument(
        "--llm-allow-remote",
        action="store_true",
        help="allow an endpoint on another machine (transcripts then leave this one)",
    )


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("llm", help="optional local language model: serve, check, grade", allow_abbrev=False)
    llm_sub = p.add_subparsers(dest="llm_command", metavar="ACTION", required=True)

    serve = llm_sub.add_parser(
        "serve",
        help="start a local llama.cpp server (127.0.0.1 only)",
        allow_abbrev=False,
    )
    serve.add_argument("--model", required=True, metavar="FILE.gguf|NAME", help="GGUF path or gemma3-270m")
    serve.add_argument("--port", type=int, default=8080)
    serve.add_argument("--context", type=int, default=4096, metavar="TOKENS")
    serve.add_argument("--threads", type=int, metavar="N")
    serve.set_defaults(func=_serve)

    check = llm_sub.add_parser("check", help="does the endpoint answer, and how fast", allow_abbrev=False)
    add_endpoint_arguments(check)
    check.set_defaults(func=_check)

    for name, what in (("grade", "grade an answer with evidence"), ("follow-up", "propose a follow-up")):
        q = llm_sub.add_parser(name, help=what, allow_abbrev=False)
        add_endpoint_arguments(q)
        q.add_argument("--question", required=True, metavar="ID", help="bank question id")
        q.add_argument("--transcript", required=True, metavar="TEXT|@FILE", help="the answer's text")
        q.add_argument("--deadline", type=float, metavar="S")
        q.set_defaults(func=_grade if name == "grade" else _follow_up)


def _client(args: argparse.Namespace):  # -> ChatClient | None, printed errors
    from mockinterview.llm.client import ChatClient
    from mockinterview.llm.config import LlmConfigError, config_from

    try:
        config = config_from(args.llm, args.llm_model, allow_remote=args.llm_allow_remote)
    except LlmConfigError as exc:
        print(f"mockinterview llm: {exc}", file=sys.stderr)
        return None
    if config is None:
        print("mockinterview llm: no endpoint: pass --llm URL or set MOCKINTERVIEW_LLM_URL", file=sys.stderr)
        return None
    return ChatClient(config)


def _serve(args: argparse.Namespace) -> int:
    from mockinterview.llm.serve import ServeError, resolve_model, start_server

    root = paths.data_dir(args.data_dir)
    try:
        model = resolve_model(args.model, paths.model_cache_dir(root))
        print(f"starting llama-server with {model} …", file=sys.stderr)
        server = start_server(model, port=args.port, context=args.context, threads=args.threads)
    except ServeError as exc:
        print(f"mockinterview llm serve: {exc}", file=sys.stderr)
        return 2
    print(server.url, flush=True)
    print(f"serving on {server.url} (Ctrl-C stops it)", file=sys.stderr)
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    try:
        while not stop.wait(0.5):
            if server.process.poll() is not None:
                print(f"llama-server exited with code {server.process.returncode}", file=sys.stderr)
                return 1
    finally:
        server.stop()
    return 0


def _check(args: argparse.Namespace) -> int:
    from mockinterview.llm.client import LlmUnavailable

    client = _client(args)
    if client is None:
        return 2
    try:
        seconds = client.ping()
    except LlmUnavailable as exc:
        print(f"!! {client.config.url}: {exc}", file=sys.stderr)
        return 1
    print(f"OK {client.config.url} answered in {seconds:.2f} s")
    return 0


def _read_transcript(value: str) -> str:
    if value.startswith("@"):
        return Path(value[1:]).read_text(encoding="utf-8")
    return value


def _question(qid: str):
    from mockinterview.bank.loader import load_bank

    bank = load_bank()
    found = bank.questions.get(qid)
    if found is None:
        print(f"mockinterview llm: no question '{qid}' in the bank", file=sys.stderr)
    return found


def _grade(args: argparse.Namespace) -> int:
    from mockinterview.llm.grading import grade_answer

    return _ask_about_answer(args, "grade", grade_answer)


def _follow_up(args: argparse.Namespace) -> int:
    from mockinterview.llm.followup import propose_follow_up

    return _ask_about_answer(args, "follow-up", propose_follow_up)


def _ask_about_answer(args: argparse.Namespace, action: str, call: Callable[..., Any]) -> int:
    """``llm grade`` / ``llm follow-up``: one checked call about one answer, printed as JSON."""
    from mockinterview.llm.client import LlmUnavailable

    client = _client(args)
    question = _question(args.question)
    if client is None or question is None:
        return 2
    try:
        result = call(client, question, _read_transcript(args.transcript), deadline=args.deadline)
    except LlmUnavailable as exc:
        print(f"mockinterview llm {action}: {exc}", file=sys.stderr)
        return 1
    print(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
    return 0
