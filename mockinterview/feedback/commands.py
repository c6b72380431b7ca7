"""``mockinterview feedback``: feedback on one recorded (or transcribed) answer.

    mockinterview feedback AUDIO --question ID [--json]        transcribe with Whisper, then analyse
    mockinterview feedback --transcript FILE --duration S ...   analyse a given transcript

FILE is plain text, or JSON as written by ``mockinterview transcribe --json`` /
``Transcript.to_dict()`` (text, duration, segments with word timings: then pauses are found too).
"""

from __future__ import annotations

import argparse
import json
import math
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
        "--duration", type=_seconds, metavar="SECONDS", help="answer length for --transcript"
    )
    p.add_argument("--round", choices=("hr", "technical", "project"), help="override the round")
    p.add_argument(
        "--limit", type=_seconds, metavar="SECONDS", help="time limit (default: the question's)"
    )
    p.add_argument(
        "--pause-threshold",
        type=_seconds,
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


MAX_SECONDS = 24 * 3600.0  # longer than any answer; a bigger figure is a typo


def _seconds(value: str) -> float:
    """A positive, finite number of seconds (NaN and inf would poison every rate)."""
    number = _finite_seconds(value)
    if number is None:
        shown = value if len(value) <= 24 else value[:20] + "…"
        raise argparse.ArgumentTypeError(
            f"must be a number of seconds above 0 and at most {MAX_SECONDS:g}: {shown}"
        )
    return number


def _finite_seconds(value: object) -> float | None:
    if isinstance(value, bool):
        return None
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError):
        return None
    return number if math.isfinite(number) and 0 < number <= MAX_SECONDS else None


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
    try:
        data = json.loads(raw)
    except (json.JSONDecodeError, RecursionError) as exc:
        raise FeedbackCommandError(f"{path}: not a transcript JSON ({exc})") from exc
    return _transcript_fields(path, data)


def _transcript_fields(path: Path, data: Any) -> tuple[str, list[dict[str, Any]], float | None]:
    """text, words and duration from a transcript JSON, each checked (one message per problem)."""
    from mockinterview.feedback.text import words_from_segments

    if not isinstance(data, dict):
        raise FeedbackCommandError(f"{path}: a transcript JSON must be an object with 'text'")
    problems: list[str] = []
    text = data.get("text", "")
    if not isinstance(text, str):
        problems.append("'text' must be a string")
    duration = data.get("duration")
    if duration is not None and _finite_seconds(duration) is None:
        problems.append(f"'duration' must be a positive number of seconds, not {_preview(duration)}")
    segments = data.get("segments") or []
    if not isinstance(segments, list):
        problems.append(f"'segments' must be a list, not {type(segments).__name__}")
        segments = []
    for i, segment in enumerate(segments):
        problem = _segment_problem(segment)
        if problem:
            problems.append(f"segment {i}: {problem}")
            if len(problems) >= 5:
                break
    if problems:
        raise FeedbackCommandError(f"{path}: " + "; ".join(problems))
    words = words_from_segments(segments)
    return str(text), words, None if duration is None else float(duration)


def _segment_problem(segment: Any) -> str | None:
    if not isinstance(segment, dict):
        return f"must be an object, not {type(segment).__name__}"
    words = segment.get("words") or []
    if not isinstance(words, list):
        return "'words' must be a list"
    for j, word in enumerate(words):
        if not isinstance(word, dict):
            return f"word {j} must be an object"
        for key in ("start", "end"):
            value = word.get(key)
            if value is not None and (
                isinstance(value, bool)
                or not isinstance(value, (int, float))
                or not math.isfinite(value)
            ):
                return f"word {j}: '{key}' must be a number of seconds, not {_preview(value)}"
        if not isinstance(word.get("word", ""), str):
            return f"word {j}: 'word' must be a string"
    return None


def _preview(value: Any) -> str:
    shown = repr(value)
    return shown if len(shown) <= 24 else shown[:20] + "…"


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
    from mockinterview.speech.asr import Transcriber
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
        transcriber.close()
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
