"""The terminal loop over the engine (fake services): keys, progress lines, Ctrl-C keeps answers."""

from __future__ import annotations

import io
import queue

from mockinterview.interview.engine import InterviewEngine
from mockinterview.interview.runner import ConsoleReporter, RunOutcome, run
from mockinterview.interview.settings import InterviewSettings


def make(harness, plan, **kw):
    outcome = RunOutcome()
    out = io.StringIO()
    reporter = ConsoleReporter(out, outcome)

    def listener(event):
        harness.events.append(event)
        reporter(event)

    settings = InterviewSettings(speak=False, **kw)
    engine = InterviewEngine(plan, settings, harness.services, listener, harness.clock)
    return engine, outcome, out


def test_enter_answers_early_and_stops_the_answer(harness, question):
    engine, outcome, out = make(harness, [question("q1"), question("q2")], thinking_seconds=30)
    keys: queue.Queue[str] = queue.Queue()
    script = iter(["\n", None, "\n", "s\n"])  # answer q1 now, (tick), stop it, skip q2

    def sleep(_: float) -> None:
        harness.clock.advance(1)
        line = next(script, None)
        if line is not None:
            keys.put(line)

    keys.put("")
    run(engine, outcome, keys=keys, sleep=sleep)
    assert (outcome.status, outcome.answered, outcome.skipped) == ("finished", 1, 1)
    text = out.getvalue()
    assert "Q1/2" in text and "saved" in text and "answer 1" in text and "skipped" in text


def test_ctrl_c_closes_and_keeps_the_session_resumable(harness, question):
    engine, outcome, _ = make(harness, [question("q1"), question("q2")], thinking_seconds=0)
    calls = {"n": 0}

    def sleep(_: float) -> None:
        calls["n"] += 1
        harness.clock.advance(2)
        if calls["n"] == 3:
            raise KeyboardInterrupt

    run(engine, outcome, sleep=sleep)
    assert outcome.interrupted and outcome.status == "in_progress"
    assert harness.store.sessions[1]["status"] == "in_progress"
    assert harness.store.answers[1]["duration"] == 6


def test_recorder_failure_ends_a_terminal_run(harness, question):
    harness.recorder.fail_with = OSError("input device 'hw:1' disappeared")
    engine, outcome, out = make(harness, [question("q1")], thinking_seconds=0)
    run(engine, outcome, sleep=lambda _: None)
    assert outcome.status == "in_progress"
    assert "input device 'hw:1' disappeared" in out.getvalue()
