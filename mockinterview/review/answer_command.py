"""``mockinterview answer SESSION POSITION --audio FILE``: answer an asked question again.

The file becomes a new attempt of that question (all attempts are kept), is transcribed with the
question's hotwords, analysed, and the question's spaced-repetition card is reviewed from it. It
prints the attempt and its comparison with the previous attempt (``--json``: as JSON; the same
comparison appears in ``sessions show --json``).
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "answer",
        help="answer a question of a past session again from an audio file",
        description="Add a new attempt to the question at POSITION (0-based, as in `sessions "
        "show`) of session SESSION, from an audio file; prints the comparison with the "
        "previous attempt.",
        allow_abbrev=False,
    )
    p.add_argument("session", type=int, metavar="SESSION")
    p.add_argument("position", type=int, metavar="POSITION")
    p.add_argument("--audio", type=Path, required=True, metavar="FILE", help="the new answer")
    p.add_argument("--model", default=None, metavar="NAME|PATH", help="Whisper model")
    p.add_argument("--device", choices=("auto", "cpu", "cuda"), default=None)
    p.add_argument("--language", choices=("zh", "en", "auto"), default=None)
    p.add_argument("--json", action="store_true", help="print the attempt and comparison as JSON")
    p.set_defaults(func=handle)


def handle(args: argparse.Namespace) -> int:
    from mockinterview import paths
    from mockinterview.review.attempts import AttemptError, add_attempt
    from mockinterview.store import NotFoundError, StoreError, open_store

    if args.position < 0:
        print(f"mockinterview answer: position must be 0 or more: {args.position}", file=sys.stderr)
        return 2
    if not args.audio.is_file():
        print(f"mockinterview answer: answer audio file not found: {args.audio}", file=sys.stderr)
        return 1
    root = paths.data_dir(args.data_dir)
    try:
        store = open_store(root)
    except StoreError as exc:
        print(f"mockinterview answer: {exc}", file=sys.stderr)
        return 1
    transcriber = None
    try:
        bank = _bank()
        detail = store.get_session(args.session)
        settings = detail.settings
        model = args.model or settings.get("model") or "base"
        device = args.device or settings.get("device") or "auto"
        language = args.language or settings.get("language") or "zh"
        from mockinterview.speech.asr import Transcriber

        transcriber = Transcriber(model=model, device=device, cache_dir=paths.model_cache_dir(root))

        def transcribe(path: Path, asked: Any) -> Any:
            question = (getattr(bank, "questions", {}) or {}).get(asked.bank_id or "")
            hotwords = list(bank.hotwords(question)) if bank is not None and question else []
            print(f"transcribing {path.name} …", file=sys.stderr)
            return _Transcript.of(
                transcriber.transcribe(
                    path, language=None if language == "auto" else language, hotwords=hotwords
                )
            )

        attempt, comparison = add_attempt(
            store, args.session, args.position, args.audio, transcribe, bank=bank, origin="cli",
            topics=getattr(bank, "topics", None),
        )  # fmt: skip
    except (AttemptError, NotFoundError) as exc:
        print(f"mockinterview answer: {exc}", file=sys.stderr)
        return 1
    except StoreError as exc:
        print(f"mockinterview answer: {exc}", file=sys.stderr)
        return 1
    finally:
        if transcriber is not None:
            transcriber.close()
        store.close()
    if args.json:
        doc = {"session": args.session, "position": args.position, "attempt": attempt.number,
               "answer_id": attempt.answer.id, "transcript": attempt.answer.transcript,
               "comparison": comparison}  # fmt: skip
        print(json.dumps(doc, ensure_ascii=False, indent=2))
    else:
        print(f"attempt {attempt.number} saved (answer {attempt.answer.id})")
        print(format_comparison(comparison))
    return 0


@dataclass(frozen=True)
class _Transcript:
    """What ``add_attempt`` reads of a ``speech.asr.Transcript``."""

    text: str
    language: str | None
    duration: float
    segments: list[dict[str, Any]]
    model: str | None
    device: str | None
    processing_seconds: float | None

    @classmethod
    def of(cls, transcript: Any) -> _Transcript:
        d = transcript.to_dict()
        return cls(str(d.get("text") or "").strip(), d.get("language"),
                   float(d.get("duration") or 0.0), list(d.get("segments") or []),
                   d.get("model"), d.get("device"), d.get("processing_seconds"))  # fmt: skip


def _bank() -> Any:
    from mockinterview.bank import BankError, load_bank

    try:
        return load_bank()
    except BankError as exc:  # the attempt is still kept; only the reference/feedback suffer
        print(f"note: the question bank could not be loaded ({exc})", file=sys.stderr)
        return None


def format_comparison(comparison: dict[str, Any] | None) -> str:
    if comparison is None:
        return "first attempt: nothing to compare with yet"
    lines = [f"attempt {comparison['before']} → {comparison['after']}"]
    lines.append("  newly covered: " + ("; ".join(comparison["newly_covered"]) or "none"))
    lines.append("  lost: " + ("; ".join(comparison["lost"]) or "none"))
    labels = {
        "duration": "duration (s)",
        "fillers_per_min": "fillers / min",
        "syllables_per_min": "pace (syllables / min)",
        "longest_pause": "longest pause (s)",
        "coverage": "key-point coverage",
    }
    for key, label in labels.items():
        m = comparison["measures"][key]
        lines.append(f"  {label}: {_v(m['before'])} → {_v(m['after'])}")
    return "\n".join(lines)


def _v(value: Any) -> str:
    return "—" if value is None else f"{value:g}" if isinstance(value, (int, float)) else str(value)
