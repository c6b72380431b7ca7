"""Closing mid-interview keeps every finished answer; the session can be resumed where it stopped."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from mockinterview.interview.engine import InterviewEngine
from mockinterview.interview.events import Finished, Phase, QuestionStarted
from mockinterview.interview.settings import InterviewSettings


def test_close_mid_answer_keeps_answers_and_leaves_session_in_progress(harness, question):
    plan = [question("q1"), question("q2"), question("q3")]
    settings = InterviewSettings(thinking_seconds=0, speak=False)
    engine = InterviewEngine(plan, settings, harness.services, harness.events.append, harness.clock)
    engine.start()
    harness.clock.advance(10)
    engine.stop_answer()
    engine.tick()
    engine.tick()
    harness.clock.advance(6)  # halfway through q2's answer
    engine.close()
    assert engine.phase is Phase.FINISHED
    assert harness.of(Finished) == [Finished(1, "in_progress")]
    assert harness.store.sessions[1]["status"] == "in_progress"
    assert [a["transcript"] for a in harness.store.answers.values()] == ["answer 1", "answer 2"]
    assert harness.store.answers[2]["duration"] == 6


def test_close_with_transcription_unfinished_still_keeps_the_audio(harness, question):
    harness.transcriber.immediate = False
    settings = InterviewSettings(thinking_seconds=0, speak=False)
    engine = InterviewEngine(
        [question("q1")], settings, harness.services, harness.events.append, harness.clock
    )
    engine.start()
    harness.clock.advance(3)
    engine.close(wait_seconds=0.01)
    saved = harness.store.answers[1]
    assert saved["transcript"] == "" and saved["audio_path"].exists()
    assert harness.store.sessions[1]["status"] == "in_progress"


def test_resume_continues_at_the_next_position_with_the_questions_left(harness, question):
    plan = [question("q1"), question("q2"), question("q3")]
    bank = SimpleNamespace(questions={q.id: q for q in plan}, jobs={})
    settings = InterviewSettings(thinking_seconds=0, speak=False)
    first = InterviewEngine(plan, settings, harness.services, harness.events.append, harness.clock)
    first.start()
    first.stop_answer()
    first.tick()
    first.tick()
    first.close()  # closed while q2 was being answered... and its answer kept
    harness.store.answers.clear()  # pretend q2's answer was lost: q2 must be asked again
    harness.store.answers[1] = {"question_id": 1, "transcript": "answer 1"}
    harness.events.clear()

    detail: Any = harness.store.detail(1)
    second = InterviewEngine.resume_session(
        detail, bank, harness.services, harness.events.append, harness.clock
    )
    second.start()
    started = harness.of(QuestionStarted)
    # Asked again at its own position, under its own row (issue 10 item 4: no second q2 row).
    assert [(s.bank_id, s.position) for s in started] == [("q2", 1)]
    assert second.session_id == 1 and len(harness.store.sessions) == 1
    for _ in range(2):
        second.stop_answer()
        second.tick()
        second.tick()
    assert second.phase is Phase.FINISHED
    assert harness.store.sessions[1]["status"] == "finished"
    assert [q["bank_id"] for q in harness.store.questions.values()] == ["q1", "q2", "q3"]


def test_resume_does_not_ask_again_what_was_skipped_on_purpose(harness, question):
    plan = [question("q1"), question("q2"), question("q3")]
    bank = SimpleNamespace(questions={q.id: q for q in plan}, jobs={})
    settings = InterviewSettings(thinking_seconds=5, speak=False)
    first = InterviewEngine(plan, settings, harness.services, harness.events.append, harness.clock)
    first.start()
    first.skip()  # q1 skipped, q2 now thinking
    first.close()
    harness.events.clear()
    second = InterviewEngine.resume_session(
        harness.store.detail(1), bank, harness.services, harness.events.append, harness.clock
    )
    second.start()
    assert [s.bank_id for s in harness.of(QuestionStarted)] == ["q2"]
    assert second.plan == plan[1:]
