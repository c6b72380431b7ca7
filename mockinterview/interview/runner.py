"""Drive an InterviewEngine in a terminal: a tick loop, Enter to answer/stop, progress on stderr."""

from __future__ import annotations

import queue
import signal
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TextIO

from mockinterview.interview.engine import InterviewEngine
from mockinterview.interview.events import (
    AnswerRefined,
    AnswerSaved,
    Countdown,
    Event,
    Finished,
    PartialTranscript,
    Phase,
    PhaseChanged,
    QuestionSkipped,
    QuestionStarted,
    Warning,
)


@dataclass
class RunOutcome:
    session_id: int | None = None
    status: str = "in_progress"
    answered: int = 0
    skipped: int = 0
    warnings: list[Warning] = field(default_factory=list)
    interrupted: bool = False
    signal: int | None = None  # SIGTERM/SIGHUP that ended the run (None: Ctrl-C or none)

    @property
    def exit_status(self) -> int:
        """130 for Ctrl-C, 128 + N for signal N (the shell's convention)."""
        return 128 + self.signal if self.signal is not None else 130


class ConsoleReporter:
    """Listener that tells a person at a terminal what is happening (never the data on stdout)."""

    def __init__(self, stream: TextIO, outcome: RunOutcome, show_text: bool = True) -> None:
        self._out = stream
        self._outcome = outcome
        self._show_text = show_text

    def __call__(self, event: Event) -> None:
        outcome = self._outcome
        if isinstance(event, QuestionStarted):
            label = (
                f"Q{event.index + 1}/{event.total}"
                if event.kind == "main"
                else f"  follow-up {(event.follow_up_index or 0) + 1}"
            )
            text = event.text if self._show_text else "(listen)"
            self._say(f"{label} [{event.answer_seconds}s] {text}")
        elif isinstance(event, PhaseChanged) and event.phase is Phase.ANSWERING:
            self._say("  answering… (Enter to stop)")
        elif isinstance(event, PhaseChanged) and event.phase is Phase.PAUSED:
            self._say("  paused")
        elif isinstance(event, Countdown) and event.cue:
            self._say("  10 seconds left")
        elif isinstance(event, PartialTranscript):
            self._say(f"  … {event.text}")
        elif isinstance(event, AnswerSaved):
            outcome.answered += 1
            self._say(f"  saved ({event.duration:.1f}s): {event.transcript or '(nothing heard)'}")
        elif isinstance(event, AnswerRefined):
            self._say(f"  transcribed again from the whole recording: {event.transcript}")
        elif isinstance(event, QuestionSkipped):
            outcome.skipped += 1
            self._say("  skipped")
        elif isinstance(event, Warning):
            outcome.warnings.append(event)
            self._say(f"  warning: {event.message}")
        elif isinstance(event, Finished):
            outcome.session_id = event.session_id
            outcome.status = event.status

    def _say(self, line: str) -> None:
        print(line, file=self._out, flush=True)


def enter_presses(stream: TextIO) -> queue.Queue[str]:
    """Lines typed at the terminal, read on a daemon thread (the loop never blocks on input)."""
    lines: queue.Queue[str] = queue.Queue()

    def read() -> None:
        for line in stream:
            lines.put(line)

    threading.Thread(target=read, name="interview-stdin", daemon=True).start()
    return lines


def run(
    engine: InterviewEngine,
    outcome: RunOutcome,
    *,
    keys: queue.Queue[str] | None = None,
    poll_seconds: float = 0.05,
    sleep: Callable[[float], None] = time.sleep,
    stop_on_recorder_error: bool = True,
) -> RunOutcome:
    """Tick ``engine`` until it finishes. Enter: answer now / stop answering. Ctrl-C, SIGTERM
    (kill, system shutdown) or SIGHUP (terminal closed): close, keeping the answers and the one
    in progress (the session stays resumable)."""
    received: list[int] = []
    previous = _catch_signals(received)
    try:
        engine.start()
        while engine.phase is not Phase.FINISHED:
            if received:  # checked between ticks, so the engine is never cut mid-step
                outcome.interrupted = True
                outcome.signal = received[0]
                engine.close()
                break
            if keys is not None:
                _handle_keys(engine, keys)
            engine.tick()
            # A recorder that cannot start pauses the engine; in a terminal nobody fixes it mid-run.
            if (
                stop_on_recorder_error
                and engine.phase is Phase.PAUSED
                and any(w.kind == "recorder" for w in outcome.warnings)
            ):
                engine.close()
                break
            sleep(poll_seconds)
    except KeyboardInterrupt:
        outcome.interrupted = True
        engine.close()
    finally:
        _restore_signals(previous)
    outcome.session_id = engine.session_id
    return outcome


def _catch_signals(received: list[int]) -> dict[int, object]:
    """SIGTERM and SIGHUP only note themselves; the loop closes the engine like Ctrl-C does."""
    if threading.current_thread() is not threading.main_thread():
        return {}  # handlers can only be installed from the main thread

    def note(signum: int, _frame: object) -> None:
        received.append(signum)

    previous: dict[int, object] = {}
    for name in ("SIGTERM", "SIGHUP"):
        number = getattr(signal, name, None)  # SIGHUP does not exist on Windows
        if number is not None:
            previous[number] = signal.signal(number, note)
    return previous


def _restore_signals(previous: dict[int, object]) -> None:
    for number, handler in previous.items():
        signal.signal(number, handler)  # type: ignore[arg-type]


def _handle_keys(engine: InterviewEngine, keys: queue.Queue[str]) -> None:
    while True:
        try:
            line = keys.get_nowait().strip().lower()
        except queue.Empty:
            return
        if line in ("s", "skip"):
            engine.skip()
        elif line in ("r", "repeat"):
            engine.repeat()
        elif line in ("a", "again") and engine.answer_again():
            pass  # study mode: the same question once more
        elif line in ("p", "pause"):
            engine.toggle_pause()
        elif line in ("q", "quit", "end"):
            engine.end()
        elif engine.phase is Phase.ANSWERING:
            engine.stop_answer()
        elif engine.phase in (Phase.READING, Phase.THINKING):
            engine.start_answer()
        elif engine.phase is Phase.PAUSED:
            engine.resume()


def stderr_reporter(outcome: RunOutcome, show_text: bool = True) -> ConsoleReporter:
    return ConsoleReporter(sys.stderr, outcome, show_text)
