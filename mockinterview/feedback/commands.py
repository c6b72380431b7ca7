"""``mockinterview feedback``: feedback on one recorded (or transcribed) answer.

    mockinterview feedback AUDIO --question ID [--json]        transcribe with Whisper, then analyse
    mockinterview feedback --transcript FILE --duration S ...   analyse a given transcript

FILE is plain text, or JSON as written by ``mockinterview transcribe --json`` /
``Transcript.to_dict()`` (text, duration, segments with word timings: then pauses are found too).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from mockinterview import paths
from mockinterview.bank.models import Question, Topic


class FeedbackCommandError(Exception):
    """A problem the user can fix; printed as one line."""


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "feedback",
        help="feedback on one answer: pace, fillers, pauses, key points, STAR",
        description="Transcribe a recorded answer (or read a transcript) and print its feedback.",
    )
    p.add_argument(
        "audio", nargs="?", metavar="AUDIO", help="recording of the answer (wav, mp3, ...)"
    )
    p.add_argument(
        "--question", metavar="ID", help="bank question id (gives key points, round, limit)"
    )
    p.add_argument(
        "--transcript", metavar="FILE", help="analyse this transcript (text or JSON) instead"
    )
    p.add_argument(
        "--duration", type=float, metavar="SECONDS", help="answer length for --transcript"
    )
    p.add_argument("--round", choices=("hr", "technical", "project"), help="override the round")
    p.add_argument(
        "--limit", type=float, metavar="SECONDS", help="time limit (default: the question's)"
    )
    p.add_argument(
        "--pause-threshold",
        type=float,
        default=2.0,
        metavar="SECONDS",
        help="long pause (default 2)",
    )
    p.add_argument(
        "--language",
        choices=("auto", "zh", "en"),
        default="auto",
        help="spoken language (default auto: chosen from the audio)",
    )
    p.add_argument("--model", default="base", help="Whisper model name or directory (default base)")
    p.add_argument(
        "--pack",
        action="append",
        type=Path,
        metavar="FILE",
        help="question pack(s) to use instead of the bank",
    )
    p.add_argument("--json", action="store_true", help="print the analysis as JSON")
    p.set_defaults(func=handle)


def load_questions_and_topics(
    packs: Sequence[Path] | None,
) -> tuple[dict[str, Question], dict[str, Topic]]:
    """The bank's questions and topics (the shipped bank, or the given packs)."""
    bank = _load_bank(packs)
    return dict(bank.questions), dict(bank.topics)


def _load_bank(packs: Sequence[Path] | None) -> Any:
    from mockinterview.bank import BankError, load_bank

    try:
        return load_bank(list(packs) if packs else None)
    except BankError as exc:  # lists the problems; show them, not a traceback
        raise FeedbackCommandError(f"question bank is invalid: {exc}") from exc


def _read_transcript(path: Path) -> tuple[str, list[dict[str, Any]], float | None]:
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise FeedbackCommandError(f"cannot read transcript {path}: {exc}") from exc
    if path.suffix.lower() != ".json":
        return raw.strip(), [], None
    from mockinterview.feedback.text import words_from_segments

    try:
        data = json.loads(raw)
        segments = data.get("segments") or []
        return str(data.get("text", "")), words_from_segments(segments), data.get("duration")
    except (json.JSONDecodeError, AttributeError) as exc:
        raise FeedbackCommandError(f"{path}: not a transcript JSON ({exc})") from exc


def _transcribe(
    args: argparse.Namespace,
    hotwords: Sequence[str],
    question: Question | None = None,
    bank: Any = None,
) -> tuple[str, list[dict[str, Any]], float]:
    """Whisper on the AUDIO file with the interview's context: the question's text as the
    prompt, ``Bank.hotwords(question)`` (a list), homophone repair against the bank's words."""
    audio = Path(args.audio)
    if not audio.is_file():
        raise FeedbackCommandError(f"audio file not found: {audio}")
    try:
        from mockinterview.speech.asr import Transcriber
    except ImportError as exc:
        raise FeedbackCommandError(f"speech recognition is not available: {exc}") from exc
    from mockinterview.speech.homophones import lexicon_from_bank

    root = paths.data_dir(args.data_dir)
    transcriber = Transcriber(
        model=args.model, device="auto", cache_dir=paths.model_cache_dir(root)
    )
    try:
        result = transcriber.transcribe(
            audio,
            language=args.language,
            hotwords=list(hotwords),
            question=question.text if question else None,
            lexicon=lexicon_from_bank(bank),
        )
        data = result.to_dict()
    except Exception as exc:  # the edge: model missing, undecodable audio ...
        raise FeedbackCommandError(f"cannot transcribe {audio}: {exc}") from exc
    finally:
        for name in ("close", "shutdown"):
            if callable(getattr(transcriber, name, None)):
                getattr(transcriber, name)()
                break
    from mockinterview.feedback.text import words_from_segments

    return (
        str(data.get("text", "")),
        words_from_segments(data.get("segments") or []),
        float(data["duration"]),
    )


def _marked_transcript(text: str, fillers: list[dict[str, Any]]) -> str:
    out, last = [], 0
    for f in fillers:
        out += [
            text[last : f["position"]],
            "【",
            text[f["position"] : f["position"] + f["length"]],
            "】",
        ]
        last = f["position"] + f["length"]
    return "".join(out) + text[last:]


def run(args: argparse.Namespace) -> int:
    from mockinterview.feedback import analyze_answer, render_feedback_markdown

    if bool(args.audio) == bool(args.transcript):
        raise FeedbackCommandError("give either an AUDIO file or --transcript FILE (see --help)")
    question: Question | None = None
    bank = _load_bank(args.pack)
    questions, topics = dict(bank.questions), dict(bank.topics)
    if args.question:
        question = questions.get(args.question)
        if question is None:
            raise FeedbackCommandError(
                f"unknown question id '{args.question}' ({len(questions)} questions in the bank)"
            )
    if args.transcript:
        text, words, json_duration = _read_transcript(Path(args.transcript))
        duration = args.duration if args.duration is not None else json_duration
        if duration is None:
            raise FeedbackCommandError(
                "--duration SECONDS is needed with a plain-text --transcript"
            )
    else:
        # The same terms the interview passes (a list: a string would be read letter by letter).
        terms = list(bank.hotwords(question)) if question else []
        text, words, duration = _transcribe(args, terms, question, bank)
    if duration <= 0:
        raise FeedbackCommandError(f"duration must be positive, got {duration}")
    analysis = analyze_answer(
        text,
        words,
        float(duration),
        question=question,
        round=args.round,
        limit_seconds=args.limit,
        topics=topics,
        pause_threshold=args.pause_threshold,
    )
    if args.json:
        print(json.dumps({**analysis, "text": text}, ensure_ascii=False, indent=2))
    else:
        title = f"{question.id}: {question.text}" if question else None
        print(render_feedback_markdown(analysis, title=title))
        print("Transcript (fillers in 【】):")
        print(_marked_transcript(text, analysis["fillers"]))
    return 0


def handle(args: argparse.Namespace) -> int:
    try:
        return run(args)
    except FeedbackCommandError as exc:
        print(f"mockinterview feedback: error: {exc}", file=sys.stderr)
        return 1
