"""`mockinterview transcribe AUDIO... [--model NAME|PATH] [--device ...] [--language ...] [--json]
[--question ID | --question-text TEXT]`: the question gives the decoding context the interview
uses (its text as the prompt, the bank's hotwords, homophone repair against the bank's words)."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "transcribe",
        help="transcribe audio files with the local Whisper model",
        description="Transcribe audio files offline with the local Whisper model.",
    )
    parser.add_argument(
        "audio", nargs="+", metavar="AUDIO", help="audio file(s) (wav, flac, mp3...)"
    )
    parser.add_argument(
        "--model", default="base", metavar="NAME|PATH", help="model name or folder (default: base)"
    )
    parser.add_argument("--device", choices=("auto", "cpu", "cuda"), default="auto")
    parser.add_argument("--language", choices=("auto", "zh", "en"), default="auto")
    parser.add_argument(
        "--hotword",
        action="append",
        default=[],
        metavar="TERM",
        help="a term to expect (repeatable)",
    )
    context = parser.add_mutually_exclusive_group()
    context.add_argument(
        "--question", metavar="ID", help="bank question the audio answers (decoding context)"
    )
    context.add_argument(
        "--question-text", metavar="TEXT", help="the question's text, when it is not in the bank"
    )
    parser.add_argument("--json", action="store_true", help="print JSON (a list for several files)")
    parser.set_defaults(func=handle)


def handle(args: argparse.Namespace) -> int:
    from pathlib import Path

    from mockinterview import paths
    from mockinterview.speech.asr import AudioError, Transcriber
    from mockinterview.speech.models import ModelError

    try:
        question, hotwords, lexicon = _context(args)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    progress = _Progress()
    try:
        transcriber = Transcriber(
            model=args.model,
            device=args.device,
            cache_dir=paths.model_cache_dir(paths.data_dir(args.data_dir)),
            progress=progress,
        )
        transcriber.wait_ready()
    except (ModelError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except RuntimeError as exc:  # CTranslate2: no CUDA driver, unsupported compute type
        print(f"error: cannot load model {args.model!r} on {args.device}: {exc}", file=sys.stderr)
        return 1
    finally:
        progress.done()

    language = args.language  # "auto": zh or en chosen per file from the audio
    results: list[dict[str, Any]] = []
    status = 0
    try:
        for name in args.audio:
            try:
                transcript = transcriber.transcribe(
                    Path(name),
                    language=language,
                    hotwords=[*args.hotword, *hotwords],
                    question=question,
                    lexicon=lexicon,
                )
            except AudioError as exc:
                print(f"error: {exc}", file=sys.stderr)
                status = 1
                continue
            data = {"file": name, **transcript.to_dict()}
            if args.json:
                results.append(data)
            else:
                if len(args.audio) > 1:
                    print(f"== {name}")
                print(transcript.text)
    finally:
        transcriber.close()
    if args.json and (results or len(args.audio) > 1):
        payload: Any = results[0] if len(args.audio) == 1 else results
        print(json.dumps(payload, ensure_ascii=False, indent=1))
    return status


def _context(args: argparse.Namespace) -> tuple[str | None, list[str], Any]:
    """(question text, hotwords, homophone lexicon) from --question ID or --question-text."""
    if not args.question and not args.question_text:
        return None, [], None
    from mockinterview.bank import BankError, load_bank
    from mockinterview.speech.homophones import lexicon_from_bank

    try:
        bank = load_bank(None)
    except BankError as exc:
        if args.question:
            raise ValueError(f"question bank is invalid: {exc}") from exc
        return " ".join(args.question_text.split()), [], None
    if args.question_text is not None:
        text = " ".join(args.question_text.split())
        if not text:
            raise ValueError("--question-text is empty")
        return text, [], lexicon_from_bank(bank)
    question = bank.questions.get(args.question)
    if question is None:
        raise ValueError(
            f"unknown question id {args.question[:80]!r} ({len(bank.questions)} in the bank)"
        )
    return question.text, list(bank.hotwords(question)), lexicon_from_bank(bank)


class _Progress:
    """Model assembly/download progress on stderr, one updating line."""

    def __init__(self) -> None:
        self._shown = False
        self._last = -1

    def __call__(self, done: int, total: int) -> None:
        percent = int(done * 100 / total) if total else 0
        if percent != self._last:
            self._last = percent
            self._shown = True
            print(f"\rpreparing model: {percent:3d}%", end="", file=sys.stderr, flush=True)

    def done(self) -> None:
        if self._shown:
            print(file=sys.stderr)
