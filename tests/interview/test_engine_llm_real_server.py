"""A real llama.cpp server (Gemma 3 270M from PyPI) killed mid-interview: the interview goes on
with the bank's follow-ups at once, and says so."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from mockinterview.interview.engine import InterviewEngine
from mockinterview.interview.events import Phase, QuestionStarted, Warning
from mockinterview.interview.llm_assist import LlmAssist
from mockinterview.interview.settings import InterviewSettings
from mockinterview.llm.config import LlmConfig
from mockinterview.llm.serve import resolve_model, start_server


@pytest.mark.slow
def test_a_server_killed_mid_interview_leaves_the_bank_follow_ups(
    harness, question, tmp_path: Path
) -> None:
    model = resolve_model("gemma3-270m", tmp_path / "cache")
    server = start_server(model, threads=2)
    config = LlmConfig(url=server.url, follow_up_deadline=60, grade_deadline=240, max_follow_ups=1)
    assist = LlmAssist(config)
    harness.services.llm = assist
    harness.services.voice = None
    plan = [question("q1", follow_ups=("bank one?",)), question("q2", follow_ups=("bank two?",))]
    settings = InterviewSettings(
        thinking_seconds=0, answer_seconds_override=60, speak=False, ask_follow_ups=True
    )
    engine = InterviewEngine(plan, settings, harness.services, harness.events.append, harness.clock)

    def answer_and_wait() -> None:
        harness.clock.advance(10)
        engine.stop_answer()
        end = time.monotonic() + 90
        while engine.phase in (Phase.TRANSCRIBING, Phase.SAVED) and time.monotonic() < end:
            engine.tick()
            time.sleep(0.05)

    try:
        engine.start()
        answer_and_wait()  # the live model writes a follow-up (or is refused: the bank's)
        assert [e.text for e in harness.of(QuestionStarted)][-1] != "Question q2?"
        answer_and_wait()  # the follow-up's answer → the next main question
        assert [e.text for e in harness.of(QuestionStarted)][-1] == "Question q2?"
        engine.finish_llm_work(120)
        graded = "llm_grade" in harness.store.answers[1]["analysis"]  # while it was alive
        assert graded or any(w.kind == "llm" for w in harness.of(Warning))  # or refused, and said
        server.stop()  # the model dies halfway
        started = time.monotonic()
        answer_and_wait()
        assert time.monotonic() - started < 5  # a dead server is known at once, no deadline wait
        assert [e.text for e in harness.of(QuestionStarted)][-1] == "bank two?"
        assert len([w for w in harness.of(Warning) if w.kind == "llm"]) == 1  # said once
    finally:
        server.stop()
        assist.shutdown()
