"""Study mode in the engine (fast fakes): hold after each answer, answer again as a new attempt on
the same asked question, follow-ups once; the turn-taking ladder's prompts reach the voice, the
player and the saved attempt."""

from __future__ import annotations

from typing import Any

from mockinterview.interview.engine import InterviewEngine
from mockinterview.interview.events import AnswerSaved, Phase, QuestionStarted
from mockinterview.interview.settings import InterviewSettings
from mockinterview.interview.turn_taking import PromptSpoken


class Attempts:
    def __init__(self) -> None:
        self.rows: list[dict[str, Any]] = []

    def record(self, answer_id: int, *, mode: str, origin: str, prompts: list[dict[str, Any]]) -> None:
        self.rows.append({"answer_id": answer_id, "mode": mode, "origin": origin, "prompts": prompts})


def _engine(h: Any, plan: list[Any], **settings: Any) -> InterviewEngine:
    h.services.attempts = Attempts()
    values = {"thinking_seconds": 0, "answer_seconds_override": 60, "speak": False, **settings}
    return InterviewEngine(plan, InterviewSettings(**values), h.services, h.events.append, h.clock)


def _answer(h: Any, engine: InterviewEngine, seconds: float = 5) -> None:
    assert engine.phase is Phase.ANSWERING
    h.clock.advance(seconds)
    engine.tick()
    engine.stop_answer()
    engine.tick()


def test_study_mode_holds_after_the_answer_then_answers_again_on_the_same_row(harness, question):
    h = harness
    plan = [question("q1", round="project", follow_ups=("why?",)), question("q2")]
    engine = _engine(h, plan, mode="study", turn_taking={})
    engine.start()
    _answer(h, engine)
    assert engine.phase is Phase.PAUSED  # the study card is shown; nothing moves on by itself
    h.clock.advance(30)
    engine.tick()
    assert engine.phase is Phase.PAUSED and len(h.store.answers) == 1

    assert engine.answer_again()
    _answer(h, engine)
    assert engine.phase is Phase.PAUSED
    first, second = h.store.answers[1], h.store.answers[2]
    assert first["question_id"] == second["question_id"] == 1  # same asked question, two attempts
    assert first["audio_path"].name == "000-answer.wav"
    assert second["audio_path"].name == "000-answer-a2.wav" and first["audio_path"].exists()
    assert [r["origin"] for r in h.services.attempts.rows] == ["interview", "again"]
    assert {r["mode"] for r in h.services.attempts.rows} == {"study"}

    engine.resume()  # move on: the follow-up is asked once, not once per attempt
    started = [e.text for e in h.of(QuestionStarted)]
    assert started == ["Question q1?", "Question q1?", "why?"]
    _answer(h, engine)
    engine.resume()
    assert h.of(QuestionStarted)[-1].text == "Question q2?"


def test_real_mode_does_not_hold(harness, question):
    engine = _engine(harness, [question("q1"), question("q2")], mode="real")
    engine.start()
    _answer(harness, engine)
    engine.tick()
    assert engine.phase is Phase.ANSWERING  # straight on to q2
    assert not engine.answer_again()


def test_silence_ladder_prompts_are_spoken_and_stored_with_the_answer(harness, question):
    h = harness
    q = question("q1")  # key point: "low rank"
    engine = _engine(
        h, [q], speak=True, answer_seconds_override=60,
        turn_taking={"hint_after": 8, "offer_after": 20, "warn_before": 30, "grace": 10},
    )  # fmt: skip
    engine.start()
    h.player.playing = False
    engine.tick()  # the question was played; straight into the answer (no thinking time)
    assert engine.phase is Phase.ANSWERING
    for _ in range(9):  # silence: no level above the voice threshold
        h.clock.advance(1)
        engine.tick()
    hints = [e.prompt for e in h.of(PromptSpoken) if e.prompt.kind == "hint"]
    assert len(hints) == 1 and hints[0].point == "low rank" and "low rank" in hints[0].text
    assert hints[0].text in h.voice.rendered  # rendered by the question voice ...
    engine.tick()
    assert h.player.played[-1].name.startswith("tts-")  # ... and played
    assert engine.phase is Phase.ANSWERING  # thinking is not failure: still answering
    for _ in range(12):
        h.clock.advance(1)
        h.player.playing = False
        engine.tick()
    kinds = [e.prompt.kind for e in h.of(PromptSpoken)]
    assert kinds == ["hint", "offer_move_on"]
    # the candidate speaks: the ladder resets; near the limit the time warning, at it the summary
    for _ in range(40):
        h.clock.advance(1)
        h.recorder.on_level(0.2, 0.4)
        h.player.playing = False
        engine.tick()
    kinds = [e.prompt.kind for e in h.of(PromptSpoken)]
    assert kinds == ["hint", "offer_move_on", "time_warning", "summarize"]
    assert engine.phase is Phase.ANSWERING  # no hard cut at 60 s: 10 s of grace to sum up
    for _ in range(11):
        h.clock.advance(1)
        h.recorder.on_level(0.2, 0.4)
        h.player.playing = False
        engine.tick()
    assert h.of(AnswerSaved) and h.store.answers[1]["duration"] >= 70
    stored = h.services.attempts.rows[0]["prompts"]
    assert [p["kind"] for p in stored] == ["hint", "offer_move_on", "time_warning", "summarize"]
    assert stored[0]["point"] == "low rank" and 7.5 <= stored[0]["at"] <= 9.5
    assert all(p["spoken"] and p["audio"] for p in stored)
    assert "还有 30 秒" in stored[2]["text"] and "请总结一下" in stored[3]["text"]


def test_hard_limit_cuts_at_the_limit(harness, question):
    h = harness
    engine = _engine(h, [question("q1")], turn_taking={"hard_limit": True})
    engine.start()
    for _ in range(61):
        h.clock.advance(1)
        h.recorder.on_level(0.2, 0.4)
        engine.tick()
    assert h.store.answers[1]["duration"] == 60
    assert "summarize" not in [e.prompt.kind for e in h.of(PromptSpoken)]


def test_a_later_attempt_goes_on_the_same_asked_question_and_leaves_the_session(harness, question):
    h = harness
    q = question("q1")
    first = _engine(h, [q], mode="real")
    first.start()
    _answer(h, first)
    assert h.store.sessions[1]["status"] == "finished"
    h.store.sessions[1]["status"] = "kept"  # to see that a later attempt does not touch it
    asked = h.store.detail(1).questions[0]

    later = InterviewEngine([], InterviewSettings(mode="study", thinking_seconds=0, speak=False),
                            h.services, h.events.append, h.clock, session_id=1)  # fmt: skip
    assert later.start_again(asked, q)
    assert later.phase is Phase.ANSWERING
    _answer(h, later)
    assert later.phase is Phase.PAUSED  # study: the comparison is shown
    assert [a["question_id"] for a in h.store.answers.values()] == [1, 1]
    assert h.store.answers[2]["audio_path"].name == "000-answer-a2.wav"
    assert h.services.attempts.rows[-1]["origin"] == "again"
    later.resume()
    assert later.phase is Phase.FINISHED and h.store.sessions[1]["status"] == "kept"
