"""``mockinterview resume [SESSION]``: go on with an interview left ``in_progress`` (a closed
window, Ctrl-C, a crash), in the terminal.

First the recordings a crash left behind are repaired, attached to their questions and
transcribed (``interview.recovery``, through ``InterviewEngine.resume_session``); then the
questions not answered yet are asked, answers from the microphone or ``--answer-audio`` files,
exactly as ``mockinterview interview``. Without SESSION: the latest session in progress.
"""

from __future__ import annotations

import argparse
import json
import sys
from concurrent.futures import wait
from pathlib import Path
from typing import Any

from mockinterview.interview.settings import DEVICES

RECOVERY_WAIT_S = 600.0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "resume",
        help="go on with an interview left in progress (recovers its recordings first)",
        description=__doc__,
        allow_abbrev=False,
    )
    p.add_argument("session", nargs="?", type=int, metavar="SESSION",
                   help="session id (default: the latest in progress)")  # fmt: skip
    p.add_argument(
        "--answer-audio", nargs="+", type=Path, metavar="FILE", help="answer i from file i"
    )
    p.add_argument("--no-speak", action="store_true", help="show the questions, do not speak them")
    p.add_argument("--json", action="store_true", help="print the whole session as JSON")
    p.add_argument("--model", metavar="NAME|PATH", help="Whisper model (default: as started)")
    p.add_argument("--device", choices=DEVICES, help="compute device (default: as started)")
    p.add_argument("--input-device", metavar="NAME|INDEX", help="microphone to record from")
    p.set_defaults(func=handle)


def handle(args: argparse.Namespace) -> int:
    from mockinterview.interview.commands import CommandError

    try:
        return _run(args)
    except CommandError as exc:
        print(f"mockinterview resume: {exc}", file=sys.stderr)
        return 1


def _run(args: argparse.Namespace) -> int:
    from mockinterview import paths
    from mockinterview.interview.commands import (
        CommandError,
        _load_bank,
        _recorder,
        _voice,
    )
    from mockinterview.interview.engine import InterviewEngine
    from mockinterview.interview.preflight import PreflightError, load_model
    from mockinterview.interview.runner import RunOutcome, enter_presses, run, stderr_reporter
    from mockinterview.interview.services import InterviewServices
    from mockinterview.interview.settings import InterviewSettings, SettingsError
    from mockinterview.interview.wiring import BankFeedback, WhisperAnswers
    from mockinterview.store import NotFoundError, StoreError, open_store

    files: list[Path] = list(args.answer_audio or [])
    for f in files:
        if not f.is_file():
            raise CommandError(f"answer audio file not found: {f}")
    root = paths.data_dir(args.data_dir)
    try:
        store = open_store(root)
    except StoreError as exc:
        raise CommandError(str(exc)) from exc
    try:
        session_id = args.session
        if session_id is None:
            pending = store.in_progress_sessions()
            if not pending:
                raise CommandError("no interview is in progress; start one with: mockinterview interview")
            session_id = max(pending, key=lambda s: (s.started_at, s.id)).id
        try:
            detail = store.get_session(session_id)
        except NotFoundError as exc:
            raise CommandError(str(exc)) from exc
        if detail.status != "in_progress":
            raise CommandError(
                f"session {session_id} is {detail.status}, not in progress; nothing to resume"
            )
        overrides: dict[str, Any] = {}
        if args.model:
            overrides["model"] = args.model
        if args.device:
            overrides["device"] = args.device
        if args.no_speak:
            overrides["speak"] = False
        if files:
            overrides["thinking_seconds"] = 0.0
        try:
            settings = InterviewSettings.from_dict({**detail.settings, **overrides})
        except (SettingsError, TypeError, ValueError) as exc:
            raise CommandError(f"session {session_id} has unusable settings: {exc}") from exc
        bank = _load_bank()
        recorder = _recorder(files, args.input_device)
        try:  # a model that cannot load stops here, before anything is asked again
            loaded = load_model(settings.model, settings.device, paths.model_cache_dir(root))
        except PreflightError as exc:
            raise CommandError(str(exc)) from exc
        transcriber = WhisperAnswers(loaded, bank=bank, refined=settings.refine_transcripts)
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
        reporter = stderr_reporter(outcome)
        store.resume_session(session_id)
        engine = InterviewEngine.resume_session(
            store.get_session(session_id), bank, services, reporter, **overrides
        )
        if engine.recovered:
            print(
                f"transcribing {len(engine.recovered)} recovered recording(s)…",
                file=sys.stderr,
                flush=True,
            )
        keys = None if files else enter_presses(sys.stdin)
        run(engine, outcome, keys=keys)
        # Recovered recordings were queued first; make sure their transcripts are stored.
        wait([future for _answer, future in engine.recovered], timeout=RECOVERY_WAIT_S)
        transcriber.close()
        transcriber.transcriber.close()
        if args.json:
            from mockinterview.review.export import to_json_dict
            from mockinterview.store.attempts import session_attempt_rows

            final = store.get_session(session_id)
            doc = to_json_dict(final, session_attempt_rows(store, session_id))
            print(json.dumps(doc, ensure_ascii=False, indent=2))
        else:
            print(session_id)
        if outcome.interrupted or outcome.status != "finished":
            print(
                f"interview stopped; session {session_id} keeps its answers; go on with: "
                f"mockinterview resume {session_id}",
                file=sys.stderr,
            )
            return 130 if outcome.interrupted else 1
        return 0
    finally:
        store.close()
