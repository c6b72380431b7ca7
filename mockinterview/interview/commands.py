"""``mockinterview interview``: the interview engine in a terminal (practice mode, scripted tests).

Answers come from ``--answer-audio`` files (one per question, through the recorder's FileSource
path) or from the microphone (Enter stops an answer). With answer files and no ``--thinking``,
there is no thinking pause: nobody is thinking. Progress goes to stderr; stdout gets the session
id, or with ``--json`` the whole session as exported by ``review.export`` (the document
``sessions show --json`` prints: ``{"format", "schema_version", "session": {..., "questions":
[{..., "answers": [{"transcript", "segments", "analysis", ...}]}]}}``).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mockinterview.interview.settings import DEVICES, INTERVIEW_ROUNDS, InterviewSettings

if TYPE_CHECKING:
    from mockinterview.bank.loader import Bank


class CommandError(Exception):
    """One line for stderr: what is wrong and what to do."""


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "interview",
        help="run a spoken mock interview in the terminal",
        description="Run a mock interview without the window: questions are spoken (unless "
        "--no-speak), answers recorded from the microphone or taken from audio files, "
        "transcribed, analysed and saved. Prints the session id.",
    )
    p.add_argument("--round", choices=INTERVIEW_ROUNDS, default="technical")
    p.add_argument("--job", metavar="ID", help="target job profile (assets/jobs/ID.yaml)")
    p.add_argument("--count", type=_count, default=3, metavar="N")
    p.add_argument("--seed", type=seed_value, metavar="N", help="reproducible question choice")
    p.add_argument("--focus-weak", action="store_true", help="draw from your weak topics")
    p.add_argument(
        "--answer-audio", nargs="+", type=Path, metavar="FILE", help="answer i from file i"
    )
    p.add_argument("--no-speak", action="store_true", help="show the questions, do not speak them")
    p.add_argument("--json", action="store_true", help="print the whole session as JSON")
    p.add_argument("--model", default="base", metavar="NAME|PATH", help="Whisper model")
    p.add_argument("--device", choices=DEVICES, default="auto")
    p.add_argument("--language", choices=("zh", "en", "auto"), default="auto")
    p.add_argument(
        "--no-refine",
        action="store_true",
        help="keep the live transcript: do not transcribe each whole answer again afterwards",
    )
    p.add_argument(
        "--thinking", type=_thinking_seconds, metavar="S", help="thinking seconds (default 5)"
    )
    p.add_argument("--answer-seconds", type=_answer_seconds, metavar="S", help="answer time limit")
    p.add_argument(
        "--session-limit", type=_session_seconds, metavar="S", help="whole-interview limit"
    )
    p.add_argument("--input-device", metavar="NAME|INDEX", help="microphone to record from")
    p.add_argument(
        "--mode",
        choices=("real", "study"),
        default="real",
        help="real (实战): feedback at the end; study (练习): feedback and the reference answer "
        "after each answer (Enter: next question, 'a': answer again)",
    )
    p.add_argument(
        "--hard-limit", action="store_true", help="stop answers exactly at the time limit"
    )
    p.add_argument(
        "--no-prompts",
        action="store_true",
        help="no spoken hints, time warnings or '请总结一下' while answering",
    )
    from mockinterview.llm.commands import add_endpoint_arguments

    add_endpoint_arguments(p)
    p.add_argument(
        "--llm-follow-ups",
        type=lambda v: bounded_int(v, 0, 5, "--llm-follow-ups"),
        default=2,
        metavar="N",
        help="generated follow-ups per question (0-5)",
    )
    p.add_argument(
        "--llm-deadline",
        type=lambda v: seconds_value(v, allow_zero=False, high=600),
        metavar="S",
        help="seconds the model has for a follow-up (default 6)",
    )
    p.set_defaults(func=handle)


def _positive_int(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be a positive whole number: {value}")
    return number


# Bounds for numbers typed on the command line: SQLite stores 64-bit integers, and a day is more
# than any interview needs (a bigger number is a typo, or an attack on the timers).
INT64_MAX = 2**63 - 1
MAX_SECONDS = 24 * 3600
MAX_COUNT = 1000


def _short(value: str) -> str:
    """The value as typed, cut short: a 5,000-digit number must not become a 5,000-digit message."""
    return value if len(value) <= 24 else value[:20] + "…"


def bounded_int(value: str, low: int, high: int, what: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{what} must be a whole number: {_short(value)}") from None
    if not low <= number <= high:
        raise argparse.ArgumentTypeError(f"{what} must be between {low} and {high}: {_short(value)}")
    return number


def seconds_value(value: str, *, allow_zero: bool, high: float = MAX_SECONDS) -> float:
    """A finite, non-negative (or positive) number of seconds, at most ``high``."""
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {_short(value)}") from None
    if not math.isfinite(number):
        raise argparse.ArgumentTypeError(f"seconds must be a finite number: {_short(value)}")
    if number < 0 or (number == 0 and not allow_zero):
        which = "cannot be negative" if allow_zero else "must be positive"
        raise argparse.ArgumentTypeError(f"seconds {which}: {_short(value)}")
    if number > high:
        raise argparse.ArgumentTypeError(f"at most {high:g} seconds: {_short(value)}")
    return number


def seed_value(value: str) -> int:
    return bounded_int(value, 0, INT64_MAX, "the seed")


def _count(value: str) -> int:
    return bounded_int(value, 1, MAX_COUNT, "the question count")


def _thinking_seconds(value: str) -> float:
    return seconds_value(value, allow_zero=True, high=3600)


def _answer_seconds(value: str) -> int:
    return bounded_int(value, 1, MAX_SECONDS, "the answer time limit")


def _session_seconds(value: str) -> float:
    return seconds_value(value, allow_zero=False)


def handle(args: argparse.Namespace) -> int:
    from mockinterview.store import StoreError

    try:
        return _run(args)
    except (CommandError, StoreError) as exc:  # a database that fails mid-run: one line too
        print(f"mockinterview interview: {exc}", file=sys.stderr)
        return 1


def _run(args: argparse.Namespace) -> int:
    from mockinterview import paths
    from mockinterview.interview.engine import InterviewEngine
    from mockinterview.interview.plan import PlanError, build_plan
    from mockinterview.interview.preflight import (
        PreflightError,
        check_answer_files,
        check_microphone,
        load_model,
    )
    from mockinterview.interview.runner import RunOutcome, enter_presses, run, stderr_reporter
    from mockinterview.interview.services import InterviewServices
    from mockinterview.interview.settings import SettingsError
    from mockinterview.interview.study_console import study_reporter
    from mockinterview.interview.wiring import BankFeedback, WhisperAnswers
    from mockinterview.review.attempts import AttemptLog
    from mockinterview.store import StoreError, open_store

    files: list[Path] = list(args.answer_audio or [])
    thinking = args.thinking if args.thinking is not None else (0.0 if files else 5.0)
    try:
        settings = InterviewSettings(
            round=args.round,
            job_id=args.job,
            count=args.count,
            seed=args.seed,
            focus_weak=args.focus_weak,
            thinking_seconds=thinking,
            answer_seconds_override=args.answer_seconds,
            session_limit_seconds=args.session_limit,
            model=args.model,
            device=args.device,
            language=args.language,
            refine_transcripts=not getattr(args, "no_refine", False),
            speak=not args.no_speak,
            mode=getattr(args, "mode", "real"),
            turn_taking=_turn_taking(args),
        )
    except SettingsError as exc:
        raise CommandError(str(exc)) from exc

    # Preflight: everything the interview needs, checked before its session exists.
    try:
        if files:
            check_answer_files(files)
        bank = _load_bank()
        if not files:
            check_microphone(args.input_device)
        root = paths.data_dir(args.data_dir)
        loaded = load_model(settings.model, settings.device, paths.model_cache_dir(root))
    except PreflightError as exc:
        raise CommandError(str(exc)) from exc
    try:
        store = open_store(root)
    except StoreError as exc:
        loaded.close()
        raise CommandError(str(exc)) from exc
    try:
        try:
            plan = build_plan(bank, settings, store=store)
        except PlanError as exc:
            raise CommandError(str(exc)) from exc
        recorder = _recorder(files, args.input_device)
        transcriber = WhisperAnswers(loaded, bank=bank, refined=settings.refine_transcripts)
        voice, player = _voice(settings, root)
        services = InterviewServices(
            store=store,
            recorder=recorder,
            transcriber=transcriber,
            audio_root=paths.audio_dir(root),
            voice=voice,
            player=player,
            feedback=BankFeedback(bank.topics),
            hotwords=transcriber.hotwords_for,  # also the question as decoding context
            attempts=AttemptLog(store),
        )
        llm = _llm_assist(args)
        services.llm = llm
        outcome = RunOutcome()
        keys = None if files else enter_presses(sys.stdin)
        listener = study_reporter(stderr_reporter(outcome), bank, settings, interactive=keys is not None)
        engine = InterviewEngine(plan, settings, services, listener)
        # With answers from files nobody is there to choose "again" or "next": no hold.
        engine.hold_for_review = engine.hold_for_review and keys is not None
        try:
            run(engine, outcome, keys=keys)
            if llm is not None and not outcome.interrupted:
                engine.finish_llm_work(llm.config.grade_deadline)
        finally:
            if llm is not None:
                llm.shutdown()
        transcriber.close()
        transcriber.transcriber.close()
        if outcome.session_id is None:
            raise CommandError("the interview did not start")
        if args.json:
            # The same document as `sessions show --json` (importable with `sessions import`).
            from mockinterview.review.attempts import enrich_session_json
            from mockinterview.review.export import to_json_dict
            from mockinterview.store.attempts import session_attempt_rows

            detail = store.get_session(outcome.session_id)
            doc = to_json_dict(detail, session_attempt_rows(store, detail.id))
            doc = enrich_session_json(doc, store, detail, bank)
            print(json.dumps(doc, ensure_ascii=False, indent=2))
        else:
            print(outcome.session_id)
        if outcome.interrupted or outcome.status != "finished":
            print(
                f"interview stopped; session {outcome.session_id} keeps its answers and can be"
                f" resumed: mockinterview resume {outcome.session_id}",
                file=sys.stderr,
            )
            return outcome.exit_status if outcome.interrupted else 1
        return 0
    finally:
        store.close()


def _turn_taking(args: argparse.Namespace) -> dict[str, Any]:
    """The humane ladder (interview/turn_taking.py) unless --no-prompts; --hard-limit cuts."""
    if getattr(args, "no_prompts", False):
        return {"enabled": False}
    return {"hard_limit": True} if getattr(args, "hard_limit", False) else {}


def _llm_assist(args: argparse.Namespace) -> Any:
    """The optional local model from --llm / the environment; None (nothing contacted) without."""
    from dataclasses import replace

    from mockinterview.interview.llm_assist import LlmAssist
    from mockinterview.llm.config import LlmConfigError, config_from

    try:
        config = config_from(
            args.llm,
            args.llm_model,
            allow_remote=args.llm_allow_remote,
            follow_up_deadline=args.llm_deadline,
        )
        if config is None:
            return None
        config = replace(config, max_follow_ups=args.llm_follow_ups)
    except (LlmConfigError, ValueError) as exc:
        raise CommandError(str(exc)) from exc
    if config.is_remote:
        print(f"note: transcripts are sent to {config.url}, outside this machine", file=sys.stderr)
    return LlmAssist(config)


def _load_bank() -> Bank:
    from mockinterview.bank import BankError, load_bank
    from mockinterview.interview.preflight import PreflightError

    try:
        return load_bank()
    except BankError as exc:
        raise PreflightError(f"the question bank is invalid: {exc}") from exc
    except OSError as exc:
        raise PreflightError(f"the question bank cannot be read: {exc}") from exc


def _recorder(files: list[Path], input_device: str | None) -> Any:
    """The answer recorder (the device was checked by the preflight)."""
    from mockinterview.interview.preflight import parse_input_device
    from mockinterview.interview.wiring import FileAnswerRecorder, MicrophoneRecorder
    from mockinterview.speech.recorder import Recorder

    if files:
        return FileAnswerRecorder(files)
    device = parse_input_device(input_device)
    return MicrophoneRecorder(lambda: Recorder(device=device))


def _voice(settings: InterviewSettings, root: Path) -> tuple[Any, Any]:
    """The TTS renderer (questions are rendered and kept with the session) and, when there is an
    output device, a Player; otherwise one note on stderr and the interview goes on."""
    if not settings.speak:
        return None, None
    from mockinterview import paths
    from mockinterview.interview.wiring import SpeakingPlayer, output_device_problem
    from mockinterview.speech.tts import TTSRenderer, TTSUnavailable

    try:
        renderer = TTSRenderer(paths.tts_cache_dir(root), rate=settings.rate)
    except TTSUnavailable as exc:
        print(f"note: questions will not be spoken ({exc}); they are shown", file=sys.stderr)
        return None, None
    problem = output_device_problem()
    if problem is not None:
        print(
            f"note: {problem}; questions are rendered and saved with the session, not played",
            file=sys.stderr,
        )
        return renderer, None
    from mockinterview.speech.player import Player

    return renderer, SpeakingPlayer(Player())
