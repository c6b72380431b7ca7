"""`mockinterview transcribe AUDIO... [--model NAME|PATH] [--device ...] [--language ...] [--json]`."""

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
    parser.add_argument("--json", action="store_true", help="print JSON (a list for several files)")
    parser.set_defaults(func=handle)


def handle(args: argparse.Namespace) -> int:
    from pathlib import Path

    from mockinterview import paths
    from mockinterview.speech.asr import AudioError, Transcriber
    from mockinterview.speech.models import ModelError

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

    language = None if args.language == "auto" else args.language
    results: list[dict[str, Any]] = []
    status = 0
    try:
        for name in args.audio:
            try:
                transcript = transcriber.transcribe(
                    Path(name), language=language, hotwords=args.hotword
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
