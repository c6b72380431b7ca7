"""The engine's state machine, driven with fake services and a hand-moved clock."""

from __future__ import annotations

from typing import Any

from mockinterview.interview.engine import InterviewEngine
from mockinterview.interview.events import (
    AnswerSaved,
    Countdown,
    Finished,
    Level,
    PartialTranscript,
    Phase,
    PhaseChanged,
    QuestionSkipped,
    QuestionStarted,
    Warning,
)
from mockinterview.interview.settings import InterviewSettings


def make_engine(h: Any, plan: list[Any], **settings: Any) -> InterviewEngine:
    defaults: dict[str, Any] = {"thinking_seconds": 5, "answer_seconds_override": 60}
    return InterviewEngine(
        plan, InterviewSettings(**{**defaults, **settings}), h.services, h.events.append, h.clock
    )


def phases(h: Any) -> list[Phase]:
    return [e.phase for e in h.of(PhaseChanged)]


def run_one_question(h: Any, engine: InterviewEngine) -> None:
    """Let the question play, think, answer 20 s, stop with Space."""
    h.player.playing = False
    engine.tick()
    h.clock.advance(5)
    engine.tick()
    assert engine.phase is Phase.ANSWERING
    h.clock.advance(20)
    engine.stop_answer()
    engine.tick()


def test_phases_run_read_think_answer_transcribe_saved_then_next(harness, question):
    engine = make_engine(harness, [question("q1"), question("q2")])
    engine.start()
    assert engine.phase is Phase.READING and harness.player.playing
    run_one_question(harness, engine)
    run_one_question(harness, engine)
    engine.tick()  # SAVED → no questions left → finished
    expected_one = [Phase.READING, Phase.THINKING, Phase.ANSWERING, Phase.TRANSCRIBING, Phase.SAVED]
    assert phases(harness) == expected_one * 2 + [Phase.FINISHED]
    saved = harness.of(AnswerSaved)
    assert [a.transcript for a in saved] == ["answer 1", "answer 2"]
    assert saved[0].duration == 20
    assert saved[0].analysis == {"words": 2, "limit": 60.0}
    assert harness.store.sessions[1]["status"] == "finished"
    assert harness.of(Finished) == [Finished(1, "finished")]
    stored = harness.store.answers[1]
    assert stored["audio_path"].name == "000-answer.wav" and stored["audio_path"].exists()
    assert stored["model"] == "fake" and stored["started_at"] < stored["ended_at"]
    assert harness.store.sessions[1]["settings"]["plan"] == ["q1", "q2"]


def test_question_audio_is_copied_into_the_session_folder(harness, question):
    engine = make_engine(harness, [question("q1")])
    engine.start()
    row = harness.store.questions[1]
    assert row["audio_path"] == harness.services.audio_root / "session-1" / "000-question.wav"
    assert row["audio_path"].exists()
    assert harness.player.played == [row["audio_path"]]


def test_answer_stops_by_itself_at_the_time_limit_and_is_saved(harness, question):
    engine = make_engine(harness, [question("q1", answer_seconds=45)], answer_seconds_override=None,
                         thinking_seconds=0, speak=False)  # fmt: skip
    engine.start()
    assert engine.phase is Phase.ANSWERING
    for _ in range(50):
        harness.clock.advance(1)
        engine.tick()
    assert harness.store.answers[1]["duration"] == 45
    countdowns = [c for c in harness.of(Countdown) if c.phase is Phase.ANSWERING]
    assert countdowns[0].remaining == 45 and countdowns[0].total == 45
    assert [c.remaining for c in countdowns if c.cue] == [10]
    assert all(c.warning == (c.remaining <= 30) for c in countdowns)
    assert engine.phase is Phase.FINISHED


def test_thinking_zero_goes_straight_to_answering(harness, question):
    engine = make_engine(harness, [question("q1")], thinking_seconds=0, speak=False)
    engine.start()
    assert phases(harness) == [Phase.READING, Phase.ANSWERING]


def test_space_starts_the_answer_early(harness, question):
    engine = make_engine(harness, [question("q1")])
    engine.start()
    engine.start_answer()  # while the question is still being read
    assert engine.phase is Phase.ANSWERING and not harness.player.playing
    assert harness.recorder.starts == 1


def test_skip_while_thinking_and_while_answering(harness, question):
    engine = make_engine(harness, [question("q1"), question("q2"), question("q3")], speak=False)
    engine.start()
    engine.skip()
    assert [e.bank_id for e in harness.of(QuestionStarted)] == ["q1", "q2"]
    harness.clock.advance(5)
    engine.tick()
    assert engine.phase is Phase.ANSWERING
    recording = harness.recorder.path
    engine.skip()
    assert recording is not None and not recording.exists()  # a skipped answer is discarded
    assert [s.bank_id for s in harness.of(QuestionSkipped)] == ["q1", "q2"]
    assert harness.store.answers == {}
    assert engine.current_text == "Question q3?"
    assert [q["position"] for q in harness.store.questions.values()] == [0, 1, 2]


def test_repeat_reads_the_question_again(harness, question):
    engine = make_engine(harness, [question("q1")])
    engine.start()
    harness.player.playing = False
    engine.tick()
    assert engine.phase is Phase.THINKING
    engine.repeat()
    assert engine.phase is Phase.READING
    assert len(harness.player.played) == 2 and harness.player.played[0] == harness.player.played[1]
    assert len(harness.voice.rendered) == 1  # replayed, not rendered again
    assert len(harness.store.questions) == 1  # and not recorded as a second question


def test_pause_freezes_the_thinking_countdown(harness, question):
    engine = make_engine(harness, [question("q1")], speak=False, thinking_seconds=10)
    engine.start()
    harness.clock.advance(4)
    engine.tick()
    engine.pause()
    assert engine.phase is Phase.PAUSED
    harness.clock.advance(600)
    engine.tick()
    assert engine.phase is Phase.PAUSED
    engine.resume()
    assert engine.phase is Phase.THINKING
    harness.clock.advance(5.5)
    engine.tick()
    assert engine.phase is Phase.THINKING
    harness.clock.advance(0.5)
    engine.tick()
    assert engine.phase is Phase.ANSWERING


def test_pause_while_answering_saves_the_answer_then_waits(harness, question):
    engine = make_engine(harness, [question("q1"), question("q2")], speak=False)
    engine.start()
    harness.clock.advance(5)
    engine.tick()
    harness.clock.advance(12)
    engine.toggle_pause()
    assert engine.phase is Phase.PAUSED
    assert harness.store.answers[1]["duration"] == 12
    engine.toggle_pause()
    assert engine.phase is Phase.THINKING and engine.current_text == "Question q2?"


def test_follow_ups_are_asked_one_at_a_time_and_linked_to_the_main_answer(harness, question):
    main = question("p1", round="project", follow_ups=("How big was the team?", "What failed?"))
    engine = make_engine(harness, [main, question("t1")], speak=False, answer_seconds_override=None)
    engine.start()
    texts = []
    for _ in range(4):
        texts.append(engine.current_text)
        harness.clock.advance(5)
        engine.tick()
        harness.clock.advance(3)
        engine.stop_answer()
        engine.tick()
    assert texts == ["Question p1?", "How big was the team?", "What failed?", "Question t1?"]
    rows = list(harness.store.questions.values())
    assert [r["kind"] for r in rows] == ["main", "follow_up", "follow_up", "main"]
    assert [r["parent_id"] for r in rows] == [None, 1, 1, None]
    assert [r["position"] for r in rows] == [0, 1, 2, 3]
    assert len(harness.store.answers) == 4
    started = harness.of(QuestionStarted)
    assert [s.follow_up_index for s in started] == [None, 0, 1, None]
    assert started[0].answer_seconds == 300 and started[3].answer_seconds == 120


def test_technical_questions_ask_no_follow_ups_by_default(harness, question):
    engine = make_engine(harness, [question("t1", follow_ups=("Why?",))], speak=False)
    engine.start()
    harness.clock.advance(5)
    engine.tick()
    engine.stop_answer()
    engine.tick()
    engine.tick()
    assert engine.phase is Phase.FINISHED and len(harness.store.questions) == 1


def test_session_limit_saves_the_current_answer_and_finishes(harness, question):
    plan = [question("q1"), question("q2"), question("q3")]
    engine = make_engine(harness, plan, speak=False, session_limit_seconds=90)
    engine.start()
    for _ in range(100):
        harness.clock.advance(1)
        engine.tick()
    assert engine.phase is Phase.FINISHED
    # q1: 5 s thinking + 60 s answer (0-65), SAVED holds one tick (66), q2: thinking to 71,
    # its answer cut at 90 s of session time.
    assert [a["duration"] for a in harness.store.answers.values()] == [60, 19]
    assert [w.kind for w in harness.of(Warning)] == ["session_limit"]
    assert harness.store.sessions[1]["status"] == "finished"


def test_end_while_answering_keeps_the_answer(harness, question):
    engine = make_engine(harness, [question("q1"), question("q2")], speak=False, thinking_seconds=0)
    engine.start()
    harness.clock.advance(7)
    engine.end()
    assert engine.phase is Phase.FINISHED
    assert harness.store.answers[1]["duration"] == 7
    assert harness.store.sessions[1]["status"] == "finished"


def test_transcription_runs_off_the_call_and_the_engine_waits_for_it(harness, question):
    harness.transcriber.immediate = False
    engine = make_engine(harness, [question("q1")], speak=False, thinking_seconds=0)
    engine.start()
    harness.clock.advance(3)
    engine.stop_answer()
    engine.tick()
    engine.tick()
    assert engine.phase is Phase.TRANSCRIBING and harness.store.answers == {}
    harness.transcriber.release()
    engine.tick()
    assert engine.phase is Phase.SAVED and harness.store.answers[1]["transcript"] == "answer 1"


def test_levels_and_partial_text_from_other_threads_reach_the_listener_on_tick(harness, question):
    engine = make_engine(harness, [question("q1")], speak=False, thinking_seconds=0)
    engine.start()
    harness.recorder.on_level(0.1, 0.5)
    harness.recorder.on_level(0.2, 0.6)
    harness.transcriber.lives[0].on_text("LoRA 冻结")
    assert harness.of(Level) == []
    engine.tick()
    assert harness.of(Level) == [Level(0.2, 0.6)]  # only the latest level is worth painting
    assert harness.of(PartialTranscript) == [PartialTranscript("LoRA 冻结")]
    assert harness.transcriber.hotwords == [["lora-peft"]]


def test_file_input_ending_stops_the_answer(harness, question):
    engine = make_engine(harness, [question("q1")], speak=False, thinking_seconds=0)
    engine.start()
    harness.clock.advance(4)
    harness.recorder.input_ended = True
    engine.tick()
    assert harness.store.answers[1]["duration"] == 4


def test_next_question_is_rendered_while_the_answer_is_recorded(harness, question):
    engine = make_engine(harness, [question("q1"), question("q2")], thinking_seconds=0)
    engine.start()
    assert harness.voice.rendered == ["Question q1?"]
    harness.player.playing = False
    engine.tick()
    assert engine.phase is Phase.ANSWERING
    assert harness.voice.rendered == ["Question q1?", "Question q2?"]
    engine.stop_answer()
    engine.tick()
    engine.tick()
    assert engine.current_text == "Question q2?"
    assert len(harness.voice.rendered) == 2  # the prefetched render is used


def test_no_tts_voice_warns_once_and_goes_on_as_text(harness, question):
    harness.voice.fail = True
    engine = make_engine(harness, [question("q1"), question("q2")], thinking_seconds=0)
    engine.start()
    assert engine.phase is Phase.ANSWERING
    engine.stop_answer()
    engine.tick()
    engine.tick()
    warnings = harness.of(Warning)
    assert [w.kind for w in warnings] == ["tts"]
    assert "espeak-ng" in warnings[0].message and "text" in warnings[0].message
    assert harness.voice.rendered == ["Question q1?"]
    assert harness.store.questions[1]["audio_path"] is None


def test_recorder_error_is_reported_and_the_interview_waits(harness, question):
    harness.recorder.fail_with = RuntimeError("no input device 'USB mic' (PortAudio error)")
    engine = make_engine(harness, [question("q1")], speak=False, thinking_seconds=0)
    engine.start()
    assert engine.phase is Phase.PAUSED
    assert harness.of(Warning)[0].message.startswith("no input device 'USB mic'")
    harness.recorder.fail_with = None
    engine.resume()
    assert engine.phase is Phase.ANSWERING


def test_store_failure_is_a_warning_not_a_crash(harness, question):
    def disk_full(*args: Any, **kwargs: Any) -> int:
        raise OSError("database mockinterview.sqlite3: the disk is full; free some space")

    harness.store.save_answer = disk_full  # type: ignore[method-assign]
    engine = make_engine(harness, [question("q1")], speak=False, thinking_seconds=0)
    engine.start()
    engine.stop_answer()
    engine.tick()
    assert "disk is full" in harness.of(Warning)[0].message


def test_questions_without_answer_input_are_skipped_with_a_message(harness, question):
    from mockinterview.interview.services import NoAnswerInput

    engine = make_engine(harness, [question("q1"), question("q2")], speak=False, thinking_seconds=0)
    engine.start()
    engine.stop_answer()
    assert engine.phase is Phase.SAVED
    harness.recorder.fail_with = NoAnswerInput("no answer audio file left for this question")
    engine.tick()
    assert engine.phase is Phase.FINISHED
    assert [s.bank_id for s in harness.of(QuestionSkipped)] == ["q2"]
    assert [w.kind for w in harness.of(Warning)] == ["input"]
    assert len(harness.store.answers) == 1 and harness.store.sessions[1]["status"] == "finished"


def test_the_bank_spoken_wording_is_what_the_voice_renders(harness, question):
    import dataclasses

    spoken = dataclasses.replace(question("q1"), text="为什么除以 √d_k？", spoken="为什么要除以根号 d k？")
    engine = make_engine(harness, [spoken, question("q2")])
    engine.start()
    assert harness.voice.rendered == ["为什么要除以根号 d k？"]  # said as written to be said
    run_one_question(harness, engine)
    assert harness.voice.rendered[-1] == "Question q2?"  # no spoken form: the text itself
