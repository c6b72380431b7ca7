"""The engine with the optional local LLM: generated follow-ups, grades kept beside the rules,
and the fallbacks (stall, dead server, skip). The model is a scripted OpenAI-compatible
endpoint on 127.0.0.1 (a real HTTP peer); the real llama.cpp run is in tests/llm/."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest

from mockinterview.interview.engine import InterviewEngine
from mockinterview.interview.events import Phase, QuestionStarted, Warning
from mockinterview.interview.llm_assist import LlmAssist
from mockinterview.interview.settings import InterviewSettings
from mockinterview.llm.config import LlmConfig

from ..llm.conftest import ScriptedEndpoint, StallingServer


def _reply(body: dict[str, Any]) -> tuple[int, str]:
    name = body["response_format"]["json_schema"]["name"]
    if name == "follow_up":
        asked = body["messages"][1]["content"].count("- ")
        text = "你刚才提到的 answer 是怎么做的？" if asked <= 1 else "还有别的办法吗？"
        return 200, json.dumps({"question": text, "quote": "answer 1"})
    grade = {
        "points": [{"index": 1, "status": "covered", "quote": "answer", "comment": "said it"}],
        "stronger_answer": "更好的回答",
    }
    return 200, json.dumps(grade, ensure_ascii=False)


@pytest.fixture
def endpoint():
    server = ScriptedEndpoint(_reply)
    yield server
    server.close()


def _engine(h: Any, plan: list[Any], url: str, **llm: Any) -> tuple[InterviewEngine, LlmAssist]:
    assist = LlmAssist(LlmConfig(url=url, **llm))
    h.services.llm = assist
    h.services.voice = None  # questions as text: the test is about follow-ups
    settings = InterviewSettings(
        thinking_seconds=0, answer_seconds_override=60, speak=False, ask_follow_ups=True
    )
    return InterviewEngine(plan, settings, h.services, h.events.append, h.clock), assist


def _answer(h: Any, engine: InterviewEngine) -> None:
    assert engine.phase is Phase.ANSWERING, engine.phase
    h.clock.advance(10)
    engine.stop_answer()
    engine.tick()


def _wait_next(h: Any, engine: InterviewEngine, real_seconds: float = 5.0) -> None:
    """Tick (real time passes for the model's thread) until the next question starts."""
    end = time.monotonic() + real_seconds
    while engine.phase is Phase.SAVED and time.monotonic() < end:
        engine.tick()
        time.sleep(0.02)


def test_the_model_writes_the_follow_up_and_its_grade_is_kept_beside_the_rules(
    harness, question, endpoint
) -> None:
    engine, assist = _engine(harness, [question("q1", follow_ups=("bank follow-up?",))], endpoint.url,
                             max_follow_ups=1)
    engine.start()
    _answer(harness, engine)
    _wait_next(harness, engine)
    asked = [e.text for e in harness.of(QuestionStarted)]
    assert asked[-1] == "你刚才提到的 answer 是怎么做的？"  # the model's, not the bank's
    assert [e.generated for e in harness.of(QuestionStarted)] == [False, True]
    _answer(harness, engine)
    _wait_next(harness, engine)
    assert engine.phase is Phase.FINISHED  # one generated follow-up allowed: no bank one on top
    engine.finish_llm_work(5.0)
    answers = list(harness.store.answers.values())
    marker = answers[1]["analysis"]["generated_follow_up"]
    assert marker["generated"] is True and marker["quote"] == "answer 1"
    grade = harness.store.answers[1]["analysis"]["llm_grade"]
    assert grade["points"][0]["quote"] == "answer"  # a real span of "answer 1"
    assert harness.store.answers[1]["analysis"]["words"] == 2  # the rule-based part is still there
    assert not harness.of(Warning)
    assist.shutdown()


def test_a_stalled_model_falls_back_to_the_bank_follow_up_and_says_so_once(harness, question) -> None:
    stalling = StallingServer()
    try:
        plan = [question("q1", follow_ups=("bank one?",)), question("q2", follow_ups=("bank two?",))]
        engine, assist = _engine(harness, plan, stalling.url, follow_up_deadline=0.5)
        engine.start()
        _answer(harness, engine)
        engine.tick()
        assert engine.phase is Phase.SAVED  # waiting for the model, within its deadline
        harness.clock.advance(1.1)  # the deadline passes
        engine.tick()
        assert [e.text for e in harness.of(QuestionStarted)][-1] == "bank one?"
        assert not harness.of(QuestionStarted)[-1].generated  # the chain's step
        _answer(harness, engine)  # the follow-up's answer
        engine.tick()
        _answer(harness, engine)  # q2
        engine.tick()
        harness.clock.advance(1.1)
        engine.tick()
        assert [e.text for e in harness.of(QuestionStarted)][-1] == "bank two?"
        warnings = [w for w in harness.of(Warning) if w.kind == "llm"]
        assert len(warnings) == 1 and "bank" in warnings[0].message
        assist.shutdown()
    finally:
        stalling.close()


def test_skip_while_the_model_writes_asks_no_follow_up(harness, question) -> None:
    stalling = StallingServer()
    try:
        plan = [question("q1", follow_ups=("bank one?",)), question("q2")]
        engine, assist = _engine(harness, plan, stalling.url, follow_up_deadline=30)
        engine.start()
        _answer(harness, engine)
        engine.tick()
        assert engine.phase is Phase.SAVED
        started = time.monotonic()
        engine.skip()
        assert time.monotonic() - started < 0.5
        assert [e.text for e in harness.of(QuestionStarted)][-1] == "Question q2?"
        assist.shutdown()
    finally:
        stalling.close()


def test_without_a_model_nothing_changes(harness, question) -> None:
    harness.services.voice = None
    settings = InterviewSettings(
        thinking_seconds=0, answer_seconds_override=60, speak=False, ask_follow_ups=True
    )
    engine = InterviewEngine(
        [question("q1", follow_ups=("bank one?",))], settings, harness.services,
        harness.events.append, harness.clock,
    )  # fmt: skip
    engine.start()
    _answer(harness, engine)
    engine.tick()
    assert [e.text for e in harness.of(QuestionStarted)][-1] == "bank one?"
    assert "llm_grade" not in (harness.store.answers[1]["analysis"] or {})


def test_a_refused_follow_up_does_not_cancel_the_grade(harness, question) -> None:
    """The follow-up and the grade are separate calls: giving up on one keeps the other."""

    def reply(body: dict[str, Any]) -> tuple[int, str]:
        if body["response_format"]["json_schema"]["name"] == "follow_up":
            return 200, json.dumps({"question": "Question q1?", "quote": ""})  # a repeat: refused
        time.sleep(1.0)  # the grade is still in flight when the follow-up is given up
        return _reply(body)

    server = ScriptedEndpoint(reply)
    try:
        engine, assist = _engine(harness, [question("q1", follow_ups=("bank one?",))], server.url)
        engine.start()
        _answer(harness, engine)
        _wait_next(harness, engine)
        assert [e.text for e in harness.of(QuestionStarted)][-1] == "bank one?"
        engine.finish_llm_work(5.0)
        assert "llm_grade" in harness.store.answers[1]["analysis"]
        assist.shutdown()
    finally:
        server.close()


def test_transcript_uncertain_reads_only_well_formed_word_probabilities() -> None:
    from mockinterview.interview.llm_assist import transcript_uncertain

    sure = {"probability": 0.9}
    assert not transcript_uncertain([{"words": [sure] * 10}])
    assert transcript_uncertain([{"words": [sure] * 8}, {"words": [{"probability": 0.2}] * 2}])
    # no words, words of another shape, a probability that is not a number: nothing to count
    damaged = [{}, {"words": None}, {"words": 3}, {"words": ["a", {"probability": "low"}]}]
    assert not transcript_uncertain(damaged)
