"""Refined transcripts (interview/refine_work.py): the live text is saved at once, the whole
recording's transcript replaces it when ready, and the end of the interview waits for it.
Speech faked here (the refinement's Future is held by the test), real SQLite store; the real
Whisper path is in tests/interview/test_interview_refine_real.py."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from mockinterview.interview.engine import InterviewEngine
from mockinterview.interview.events import (
    AnswerRefined,
    AnswerSaved,
    Finished,
    Phase,
    RefineProgress,
    Warning,
)
from mockinterview.interview.refine_work import WAIT_BASE_SECONDS, ProgressThrottle
from mockinterview.interview.settings import InterviewSettings
from mockinterview.paths import audio_dir
from mockinterview.store import open_store

from .conftest import FakeLive, FakeTranscriber


@dataclass
class RefiningLive(FakeLive):
    refines: list[tuple[Path, Future]] = field(default_factory=list)
    progress: list[Callable[[float], None]] = field(default_factory=list)

    def refine(self, audio_path: Path, progress: Callable[[float], None] | None = None) -> Future:
        future: Future = Future()
        self.refines.append((audio_path, future))
        if progress is not None:  # what the Whisper worker would call as it decodes
            self.progress.append(progress)
        self.owner.refines.append(future)  # type: ignore[attr-defined]
        return future


class RefiningTranscriber(FakeTranscriber):
    def __init__(self) -> None:
        super().__init__()
        self.refines: list[Future] = []

    def begin(self, language, hotwords, on_text):  # type: ignore[no-untyped-def]
        self.hotwords.append(hotwords)
        live = RefiningLive(self, on_text)
        self.lives.append(live)
        return live


@pytest.fixture
def setup(harness, question, data_dir):
    store = open_store(data_dir)
    harness.services.store = store
    harness.services.audio_root = audio_dir(data_dir)
    harness.services.transcriber = RefiningTranscriber()
    harness.services.voice = None  # questions shown, not spoken: one tick per step
    yield harness, store, question
    store.close()


def _engine(harness, plan, **settings) -> InterviewEngine:
    engine = InterviewEngine(
        plan, InterviewSettings(thinking_seconds=0, speak=False, **settings),
        harness.services, harness.events.append, harness.clock,
    )  # fmt: skip
    engine.start()
    return engine


def _answer(engine: InterviewEngine, harness) -> None:
    engine.tick()  # thinking over: answering
    harness.clock.advance(3)
    engine.stop_answer()  # the fake live text is ready at once: saved


def test_refined_text_replaces_the_live_one_with_feedback_and_an_event(setup):
    harness, store, question = setup
    engine = _engine(harness, [question("t1"), question("t2")])
    _answer(engine, harness)
    saved = harness.of(AnswerSaved)[0]
    assert saved.transcript == "answer 1"
    path, future = harness.services.transcriber.lives[0].refines[0]
    assert path.exists()  # the kept recording is what is transcribed again
    answer = store.get_answer(saved.answer_id)
    assert answer.transcript == "answer 1"  # stored at once: nothing waits for the refinement

    future.set_result(FakeTranscriber.result("the whole answer again"))
    engine.tick()
    refined = harness.of(AnswerRefined)
    assert len(refined) == 1 and refined[0].answer_id == saved.answer_id
    assert refined[0].live_transcript == "answer 1"
    answer = store.get_answer(saved.answer_id)
    assert answer.transcript == "the whole answer again"
    assert answer.analysis["words"] == 4  # recomputed from the refined text


def test_the_end_waits_for_the_last_refinement_then_finishes(setup):
    harness, store, question = setup
    engine = _engine(harness, [question("t1")])
    _answer(engine, harness)
    engine.tick()  # saved → no question left → wait for the refinement
    assert engine.phase is Phase.TRANSCRIBING and not harness.of(Finished)
    harness.clock.advance(1)
    engine.tick()
    assert engine.phase is Phase.TRANSCRIBING
    harness.services.transcriber.refines[0].set_result(FakeTranscriber.result("refined text"))
    engine.tick()
    assert engine.phase is Phase.FINISHED
    detail = store.get_session(engine.session_id)
    assert detail.status == "finished"
    assert detail.questions[0].answer.transcript == "refined text"


def test_a_late_refinement_keeps_the_live_text_after_the_deadline(setup):
    harness, store, question = setup
    engine = _engine(harness, [question("t1")])
    _answer(engine, harness)
    engine.tick()
    assert engine.phase is Phase.TRANSCRIBING
    harness.clock.advance(WAIT_BASE_SECONDS + 60)
    engine.tick()
    assert engine.phase is Phase.FINISHED
    assert harness.services.transcriber.refines[0].cancelled()
    assert store.get_session(engine.session_id).questions[0].answer.transcript == "answer 1"
    assert not harness.of(AnswerRefined)


def test_end_pressed_while_waiting_finishes_at_once_keeping_the_live_text(setup):
    harness, store, question = setup
    engine = _engine(harness, [question("t1")])
    _answer(engine, harness)
    engine.tick()
    engine.end()
    assert engine.phase is Phase.FINISHED
    assert harness.of(Finished)[-1].status == "finished"
    assert store.get_session(engine.session_id).questions[0].answer.transcript == "answer 1"


@pytest.mark.parametrize(
    "outcome", ["error", "empty"], ids=["whole-file pass failed", "whole-file pass heard nothing"]
)
def test_a_failed_or_empty_refinement_never_blanks_the_answer(setup, outcome):
    harness, store, question = setup
    engine = _engine(harness, [question("t1"), question("t2")])
    _answer(engine, harness)
    future = harness.services.transcriber.refines[0]
    if outcome == "error":
        future.set_exception(RuntimeError("model crashed"))
    else:
        future.set_result(FakeTranscriber.result(""))
    engine.tick()
    saved = harness.of(AnswerSaved)[0]
    assert store.get_answer(saved.answer_id).transcript == "answer 1"
    assert not harness.of(AnswerRefined)
    warned = [w.message for w in harness.of(Warning) if "transcribed again" in w.message]
    assert warned == (
        ["the answer was not transcribed again (model crashed); its live transcript is kept"]
        if outcome == "error"
        else []
    )


def test_refinement_off_leaves_the_live_text(setup):
    harness, store, question = setup
    engine = _engine(harness, [question("t1")], refine_transcripts=False)
    _answer(engine, harness)
    engine.tick()
    assert engine.phase is Phase.FINISHED
    assert harness.services.transcriber.refines == []


def test_close_mid_interview_cancels_refinements_and_keeps_what_was_saved(setup):
    harness, store, question = setup
    engine = _engine(harness, [question("t1"), question("t2")])
    _answer(engine, harness)
    engine.tick()  # next question
    engine.close()
    assert harness.services.transcriber.refines[0].cancelled()
    detail = store.get_session(engine.session_id)
    assert detail.status == "in_progress"
    assert detail.questions[0].answer.transcript == "answer 1"


def _timed(words: list[tuple[str, float, float]]):
    from mockinterview.interview.services import TranscriptResult

    text = " ".join(w for w, _s, _e in words)
    items = [{"start": s, "end": e, "word": w, "probability": 0.9} for w, s, e in words]
    return TranscriptResult(text, "en", 20.0, [{"start": 0, "end": 20, "text": text, "words": items}])


def test_a_refinement_that_dropped_a_stretch_of_speech_keeps_the_live_text() -> None:
    """A whole-file window can stop early and lose speech the live pieces heard: then the
    whole-file text is no improvement (refine_work.use_refined)."""
    from mockinterview.interview.refine_work import lost_speech_seconds, use_refined

    live = _timed([("we", 0.0, 0.5), ("tuned", 0.5, 1.0), ("the", 9.0, 9.5), ("adapter", 9.5, 12.0)])
    lost_tail = _timed([("we", 0.1, 0.5), ("trained", 0.5, 1.1)])
    assert lost_speech_seconds(live, lost_tail) == pytest.approx(3.0)
    assert not use_refined(live, lost_tail)
    better = _timed([("we", 0.1, 0.5), ("tuned", 0.5, 1.1), ("an", 9.2, 9.5), ("adapter", 9.5, 11.8)])
    assert lost_speech_seconds(live, better) == 0.0
    assert use_refined(live, better)
    assert not use_refined(live, _timed([]))  # heard nothing


def test_progress_of_a_refinement_reaches_the_listener_throttled_before_the_refined_text(setup):
    """The Whisper worker's progress callback only writes a number; the engine tells the
    listener from tick() — 0 % when queued, then rises of >= 5 % at most 4 a second — and the
    last progress event (done) comes before AnswerRefined."""
    import threading

    harness, store, question = setup
    engine = _engine(harness, [question("t1"), question("t2")])
    _answer(engine, harness)
    live = harness.services.transcriber.lives[0]
    (report,) = live.progress
    aid = harness.of(AnswerSaved)[0].answer_id

    def told() -> list[tuple[float, bool]]:
        return [(e.fraction, e.done) for e in harness.of(RefineProgress)]

    assert told() == [(0.0, False)]  # queued
    worker = threading.Thread(target=report, args=(0.3,))  # as from the Whisper worker
    worker.start()
    worker.join()
    engine.tick()
    assert told()[-1] == (0.3, False)
    report(0.32)  # under 5 %: not told
    harness.clock.advance(0.1)
    engine.tick()
    report(0.6)  # a step, but too soon after the last one told (0.2 s)
    harness.clock.advance(0.1)
    engine.tick()
    assert told() == [(0.0, False), (0.3, False)]
    harness.clock.advance(0.1)
    engine.tick()
    assert told()[-1] == (0.6, False)
    report(1.0)
    live.refines[0][1].set_result(FakeTranscriber.result("the whole answer again"))
    engine.tick()
    assert told()[-1] == (1.0, True)
    refine_events = (RefineProgress, AnswerRefined)
    kinds = [type(e).__name__ for e in harness.events if isinstance(e, refine_events)]
    assert kinds == ["RefineProgress"] * 4 + ["AnswerRefined"]
    assert all(e.answer_id == aid for e in harness.of(RefineProgress))
    assert harness.of(RefineProgress)[0].question_id == harness.of(AnswerSaved)[0].question_id


def test_the_end_of_interview_wait_reports_progress_and_a_kept_live_text_ends_it_too(setup):
    harness, store, question = setup
    engine = _engine(harness, [question("t1")])
    _answer(engine, harness)
    engine.tick()
    assert engine.phase is Phase.TRANSCRIBING and engine.waiting_for_refinements
    harness.services.transcriber.lives[0].progress[0](0.5)
    harness.clock.advance(1)
    engine.tick()
    assert harness.of(RefineProgress)[-1] == RefineProgress(
        harness.of(AnswerSaved)[0].answer_id, harness.of(AnswerSaved)[0].question_id, 0.5
    )
    engine.end()  # Esc: stop waiting
    assert engine.phase is Phase.FINISHED and not engine.waiting_for_refinements
    last = harness.of(RefineProgress)[-1]
    assert last.done and last.fraction == 0.5  # the window hides it; the live text stays
    assert not harness.of(AnswerRefined)


def test_progress_throttle_needs_a_5_percent_step_and_a_quarter_second() -> None:
    throttle = ProgressThrottle()
    offered = [(0.02, 0.0), (0.06, 0.0), (0.2, 0.1), (0.2, 0.4), (0.22, 0.8), (0.3, 0.8),
               (0.9, 0.9), (1.0, 0.95), (1.0, 2.0)]  # fmt: skip
    told = [f for f, now in offered if throttle.offer(f, now)]
    # 0.02: under the step; 0.2 at 0.1 s: too soon; 0.22: under the step from 0.2;
    # 0.9 at 0.9 s: too soon after 0.3; 1.0 is told at once, and once
    assert told == [0.06, 0.2, 0.3, 1.0]
