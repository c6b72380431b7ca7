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
import sys
from pathlib import Path
from typing import Any

from mockinterview.interview.settings import DEVICES, INTERVIEW_ROUNDS, InterviewSettings


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
    p.add_argument("--count", type=_positive_int, default=3, metavar="N")
    p.add_argument("--seed", type=int, metavar="N", help="reproducible question choice")
    p.add_argument("--focus-weak", action="store_true", help="draw from your weak topics")
    p.add_argument(
        "--answer-audio", nargs="+", type=Path, metavar="FILE", help="answer i from file i"
    )
    p.add_argument("--no-speak", action="store_true", help="show the questions, do not speak them")
    p.add_argument("--json", action="store_true", help="print the whole session as JSON")
    p.add_argument("--model", default="base", metavar="NAME|PATH", help="Whisper model")
    p.add_argument("--device", choices=DEVICES, default="auto")
    p.add_argument("--language", choices=("zh", "en", "auto"), default="auto")
    p.add_argument("--thinking", type=float, metavar="S", help="thinking seconds (default 5)")
    p.add_argument("--answer-seconds", type=_positive_int, metavar="S", help="answer time limit")
    p.add_argument("--session-limit", type=float, metavar="S", help="whole-interview limit")
    p.add_argument("--input-device", metavar="NAME|INDEX", help="microphone to record from")
    p.set_defaults(func=handle)


def _positive_int(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be a positive whole number: {value}")
    return number


def handle(args: argparse.Namespace) -> int:
    try:
        return _run(args)
    except CommandError as exc:
        print(f"mockinterview interview: {exc}", file=sys.stderr)
        return 1


def _run(args: argparse.Namespace) -> int:
    from mockinterview import paths
    from mockinterview.interview.engine import InterviewEngine
    from mockinterview.interview.plan import PlanError, build_plan
    from mockinterview.interview.runner import RunOutcome, enter_presses, run, stderr_reporter
    from mockinterview.interview.services import InterviewServices
    from mockinterview.interview.settings import SettingsError
    from mockinterview.interview.wiring import BankFeedback, WhisperAnswers
    from mockinterview.store import StoreError, open_store

    files: list[Path] = list(args.answer_audio or [])
    for f in files:
        if not f.is_file():
            raise CommandError(f"answer audio file not found: {f}")
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
            speak=not args.no_speak,
        )
    except SettingsError as exc:
        raise CommandError(str(exc)) from exc

    root = paths.data_dir(args.data_dir)
    bank = _load_bank()
    try:
        store = open_store(root)
    except StoreError as exc:
        raise CommandError(str(exc)) from exc
    try:
        try:
            plan = build_plan(bank, settings, store=store)
        except PlanError as exc:
            raise CommandError(str(exc)) from exc
        recorder = _recorder(files, args.input_device)
        transcriber = WhisperAnswers(_transcriber(settings, root), bank=bank)
        voice, player = _voice(settings, root)
        services = InterviewServices(
            store=store,
            recorder=recorder,
            transcriber=transcriber,
            audio_root=paths.audio_dir(root),
            voice=voice,
            player=player,
            feedback=BankFeedback(getattr(bank, "topics", None)),
            hotwords=transcriber.hotwords_for,  # also the question as decoding context
        )
        outcome = RunOutcome()
        engine = InterviewEngine(plan, settings, services, stderr_reporter(outcome))
        keys = None if files else enter_presses(sys.stdin)
        run(engine, outcome, keys=keys)
        transcriber.close()
        transcriber.transcriber.close()
        if outcome.session_id is None:
            raise CommandError("the interview did not start")
        if args.json:
            from mockinterview.review.export import to_json_dict

            # The same document as `sessions show --json` (importable with `sessions import`).
            detail = store.get_session(outcome.session_id)
            print(json.dumps(to_json_dict(detail), ensure_ascii=False, indent=2))
        else:
            print(outcome.session_id)
        if outcome.interrupted or outcome.status != "finished":
            print(
                f"interview stopped; session {outcome.session_id} keeps its answers and can be"
                " resumed",
                file=sys.stderr,
            )
            return 130 if outcome.interrupted else 1
        return 0
    finally:
        store.close()


def _load_bank() -> Any:
    try:
        from mockinterview.bank import BankError, load_bank
    except ImportError as exc:
        raise CommandError(f"the question bank is not available ({exc})") from exc
    try:
        return load_bank()
    except BankError as exc:
        problems = getattr(exc, "problems", None) or [exc]
        raise CommandError(f"the question bank is invalid: {problems[0]}") from exc


def _recorder(files: list[Path], input_device: str | None) -> Any:
    from mockinterview.interview.wiring import FileAnswerRecorder, MicrophoneRecorder

    if files:
        return FileAnswerRecorder(files)
    device: str | int | None = input_device
    if input_device is not None and input_device.isdigit():
        device = int(input_device)
    try:
        import sounddevice as sd

        sd.query_devices(device, kind="input")
    except Exception as exc:  # PortAudio raises ValueError/PortAudioError for a missing device
        which = f"input device {input_device!r}" if input_device else "a microphone"
        raise CommandError(
            f"cannot find {which} ({exc}); plug one in, choose another with --input-device,"
            " or answer from files with --answer-audio FILE ..."
        ) from exc
    from mockinterview.speech.recorder import Recorder

    return MicrophoneRecorder(lambda: Recorder(device=device))


def _transcriber(settings: InterviewSettings, root: Path) -> Any:
    from mockinterview import paths

    try:
        from mockinterview.speech.asr import Transcriber
    except ImportError as exc:
        raise CommandError(f"speech recognition is not available ({exc})") from exc
    try:
        return Transcriber(
            model=settings.model, device=settings.device, cache_dir=paths.model_cache_dir(root)
        )
    except Exception as exc:  # model manager errors carry a message for people
        raise CommandError(
            f"cannot load the transcription model {settings.model!r}: {exc}"
        ) from exc


def _voice(settings: InterviewSettings, root: Path) -> tuple[Any, Any]:
    """The TTS renderer (questions are rendered and kept with the session) and, when there is an
    output device, a Player; otherwise one note on stderr and the interview goes on."""
    if not settings.speak:
        return None, None
    from mockinterview import paths
    from mockinterview.interview.wiring import SpeakingPlayer, output_device_problem

    try:
        from mockinterview.speech.tts import TTSRenderer, TTSUnavailable

        renderer = TTSRenderer(paths.tts_cache_dir(root), rate=settings.rate)
    except (ImportError, TTSUnavailable) as exc:
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
