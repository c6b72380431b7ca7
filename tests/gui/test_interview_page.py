"""The interview screen with fast fake recorder/transcriber over the REAL store: keys, closing
mid-interview, resuming, messages for people."""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from mockinterview.interview.events import Phase
from mockinterview.interview.settings import InterviewSettings
from tests.gui.conftest import fake_factory


def _settings(**kw: Any) -> InterviewSettings:
    base: dict[str, Any] = dict(round="technical", count=3, seed=5, thinking_seconds=60,
                                speak=False)  # fmt: skip
    return InterviewSettings(**{**base, **kw})


def _start(window: Any, qtbot: Any, settings: InterviewSettings) -> Any:
    window.pages["setup"].start_requested.emit(settings)
    interview = window.pages["interview"]
    qtbot.waitUntil(
        lambda: interview.engine is not None and interview.engine.phase is Phase.THINKING
    )
    return interview


def test_space_answers_early_and_stops_s_skips_and_escape_ends_after_confirm(
    make_window: Any, qtbot: Any
) -> None:
    window = make_window(transcriber=object(), services_factory=fake_factory(False))
    interview = _start(window, qtbot, _settings())
    engine = interview.engine
    first = interview.question_label.text()
    assert first and interview.phase.phase is Phase.THINKING
    assert interview.countdown.text() != "–:––"

    qtbot.keyClick(window, Qt.Key.Key_S)  # skip question 1 while thinking
    qtbot.waitUntil(lambda: interview.question_label.text() != first)
    assert "2" in interview.progress_label.text()

    qtbot.keyClick(window, Qt.Key.Key_Space)  # answer now
    qtbot.waitUntil(lambda: engine.phase is Phase.ANSWERING)
    assert interview.answer_button.text().startswith("Stop")
    qtbot.waitUntil(lambda: interview.level.fraction > 0)
    qtbot.waitUntil(lambda: "first" in interview.transcript.toPlainText())  # live text
    qtbot.keyClick(window, Qt.Key.Key_Space)  # stop answering → saved
    qtbot.waitUntil(lambda: len(interview.saved_answers) == 1)

    qtbot.waitUntil(lambda: engine.phase is Phase.THINKING)
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    box = interview._confirm
    assert isinstance(box, QMessageBox) and box.isVisible()
    box.button(QMessageBox.StandardButton.No).click()
    assert engine.phase is Phase.THINKING, "No keeps the interview going"
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    interview._confirm.button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: window.current_page_key() == "end")
    detail = window.context.store.get_session(engine.session_id)
    assert detail.status == "finished"
    # three questions asked (the third was on screen when Esc ended it): exactly the second answered
    assert [len(q.answers) for q in detail.questions] == [0, 1, 0]
    assert detail.questions[1].answers[0].transcript == "first answer"


def test_p_pauses_and_resumes(make_window: Any, qtbot: Any) -> None:
    window = make_window(transcriber=object(), services_factory=fake_factory(False))
    interview = _start(window, qtbot, _settings())
    qtbot.keyClick(window, Qt.Key.Key_P)
    assert interview.engine.phase is Phase.PAUSED
    assert interview.pause_button.text().startswith("Resume")
    qtbot.keyClick(window, Qt.Key.Key_P)
    assert interview.engine.phase is Phase.THINKING


def test_closing_mid_interview_keeps_answers_and_the_session_resumes(
    make_window: Any, qtbot: Any
) -> None:
    window = make_window(transcriber=object(), services_factory=fake_factory(False))
    interview = _start(window, qtbot, _settings())
    engine = interview.engine
    qtbot.keyClick(window, Qt.Key.Key_Space)
    qtbot.keyClick(window, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: len(interview.saved_answers) == 1)
    qtbot.waitUntil(lambda: engine.phase is Phase.THINKING)
    qtbot.keyClick(window, Qt.Key.Key_Space)  # mid-answer on question 2
    assert engine.phase is Phase.ANSWERING
    window.close()
    store = window.context.store
    detail = store.get_session(engine.session_id)
    assert detail.status == "in_progress"
    assert [a.transcript for a in detail.answers] == ["first answer", "second answer"]

    again = make_window(transcriber=object(), services_factory=fake_factory(True))
    box = again.offer_resume()
    assert box is not None and "1" in box.text()
    resume = next(b for b in box.buttons() if b.text() == "Resume")
    resume.click()
    page = again.pages["interview"]
    qtbot.waitUntil(lambda: page.engine is not None and page.engine.phase is Phase.THINKING)
    assert again.current_page_key() == "interview" and "3" in page.progress_label.text()
    qtbot.keyClick(again, Qt.Key.Key_Space)  # the file-like fake input ends by itself
    qtbot.waitUntil(lambda: again.current_page_key() == "end", timeout=10_000)
    resumed = again.context.store.get_session(engine.session_id)
    assert resumed.status == "finished"
    assert len(resumed.answers) == 3, "the third question was asked after resuming"


def test_unfinished_sessions_can_be_closed_as_abandoned(make_window: Any, qtbot: Any) -> None:
    window = make_window(transcriber=object(), services_factory=fake_factory(False))
    interview = _start(window, qtbot, _settings())
    session_id = interview.engine.session_id
    window.close()
    again = make_window(transcriber=object())
    box = again.offer_resume()
    next(b for b in box.buttons() if b.text() == "Close them").click()
    assert again.context.store.get_session(session_id).status == "abandoned"
    assert again.offer_resume() is None


def test_listening_only_hides_the_question_text(make_window: Any, qtbot: Any) -> None:
    window = make_window(transcriber=object(), services_factory=fake_factory(False))
    interview = _start(window, qtbot, _settings(hide_text=True))
    assert "Listening only" in interview.question_label.text()
    assert interview.engine.current_text not in interview.question_label.text()


def test_no_microphone_is_explained_on_the_setup_screen(make_window: Any, qtbot: Any) -> None:
    window = make_window(transcriber=object())
    window.context.prefs.input_device = "no-such-microphone-xyz"
    setup = window.pages["setup"]
    setup.start_requested.emit(_settings())
    assert window.current_page_key() == "setup"
    assert "no-such-microphone-xyz" in setup.error.text() and "Settings" in setup.error.text()


def test_no_voice_is_a_banner_and_the_interview_goes_on_as_text(
    make_window: Any, qtbot: Any, answer_clips: Any
) -> None:
    window = make_window(transcriber=object(), answer_audio=answer_clips, use_tts=False)
    window.context.tts_error = "no espeak voice"
    interview = window.pages["interview"]
    window.pages["setup"].start_requested.emit(_settings(speak=True, count=1))
    assert window.current_page_key() == "interview"
    assert interview.banner.isVisible() and "no espeak voice" in interview.banner.text()
    assert interview.question_label.text() == interview.engine.current_text
    interview.close_interview()


def test_previous_answer_stays_visible_until_the_next_answer_starts(
    make_window: Any, qtbot: Any
) -> None:
    """Issue 10 item 3: the final text of an answer was replaced by the next question at once."""
    window = make_window(transcriber=object(), services_factory=fake_factory(False))
    interview = _start(window, qtbot, _settings())
    engine = interview.engine
    qtbot.keyClick(window, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: engine.phase is Phase.ANSWERING)
    qtbot.keyClick(window, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: len(interview.saved_answers) == 1)
    qtbot.waitUntil(lambda: engine.phase is Phase.THINKING and "2" in interview.progress_label.text())
    # the next question is on screen, and what was said stays readable above the live box
    assert interview.previous_box.isVisible()
    assert "first answer" in interview.previous_text.text()
    assert interview.previous_text.isVisible()
    interview.previous_toggle.click()  # collapsible
    assert not interview.previous_text.isVisible() and interview.previous_box.isVisible()
    interview.previous_toggle.click()
    qtbot.keyClick(window, Qt.Key.Key_Space)  # the next answer starts: its own text takes over
    qtbot.waitUntil(lambda: engine.phase is Phase.ANSWERING)
    assert not interview.previous_box.isVisible()
    interview.close_interview()


def test_escape_dialog_title_has_no_key_hint_and_the_limit_is_shown(
    make_window: Any, qtbot: Any
) -> None:
    window = make_window(transcriber=object(), services_factory=fake_factory(False))
    interview = _start(window, qtbot, _settings())
    limit = interview._question.answer_seconds
    assert f"{limit // 60}:{limit % 60:02d}" in interview.progress_label.text()
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    box = interview._confirm
    assert box is not None and "Esc" not in box.windowTitle() and box.windowTitle()
    box.button(QMessageBox.StandardButton.No).click()
    interview.close_interview()


def test_fully_skipped_interview_is_not_saved_as_finished(make_window: Any, qtbot: Any) -> None:
    """Issue 10 item 10: skipping every question was stored as "finished 0/2"."""
    window = make_window(transcriber=object(), services_factory=fake_factory(False))
    interview = _start(window, qtbot, _settings(count=2))
    sid = interview.engine.session_id
    qtbot.keyClick(window, Qt.Key.Key_S)
    qtbot.waitUntil(lambda: interview.progress_label.text().startswith("Question 2"))
    qtbot.waitUntil(lambda: interview.engine.phase is Phase.THINKING)
    qtbot.keyClick(window, Qt.Key.Key_S)
    qtbot.waitUntil(lambda: window.current_page_key() == "end", timeout=5000)
    assert window.context.store.get_session(sid).status == "abandoned"


def test_unsure_words_are_marked_in_the_final_live_text(make_window: Any, qtbot: Any) -> None:
    """Issue 9: low-probability words are visible in the interview's transcript box."""
    from mockinterview.interview.events import AnswerSaved

    window = make_window(transcriber=object(), services_factory=fake_factory(False))
    store = window.context.store
    sid = store.create_session("technical", None, {"round": "technical"})
    qid = store.add_question(sid, 0, None, "q", [], [])
    words = [
        {"start": 0.0, "end": 0.4, "word": "我们用", "probability": 0.95},
        {"start": 0.4, "end": 0.8, "word": "低制举证", "probability": 0.21},
        {"start": 0.8, "end": 1.2, "word": "做微调", "probability": 0.9},
    ]
    text = "我们用低制举证做微调。"
    aid = store.save_answer(qid, audio_path=None, duration=1.2, transcript=text,
                            segments=[{"start": 0, "end": 1.2, "text": text, "words": words}],
                            language="zh", model="base", device="cpu", started_at=None,
                            ended_at=None)  # fmt: skip
    interview = window.pages["interview"]
    window.show_page("interview")
    interview._on_event(AnswerSaved(aid, qid, text, 1.2, None))
    html = interview.transcript.toHtml()
    assert interview.transcript.toPlainText() == text
    assert re.search(r"color:#b35c00;\">低制举证<", html), html[-300:]
    assert interview.unsure_label.isVisible() and "(1)" in interview.unsure_label.text()


def test_a_refined_transcript_replaces_the_live_text_on_screen(make_window: Any, qtbot: Any) -> None:
    """The whole recording's transcript (interview/refine_work.py) takes the live text's place in
    the transcript box, with its own unsure words, and the status line says so."""
    from mockinterview.interview.events import AnswerRefined, AnswerSaved

    window = make_window(transcriber=object(), services_factory=fake_factory(False))
    store = window.context.store
    sid = store.create_session("technical", None, {"round": "technical"})
    qid = store.add_question(sid, 0, None, "q", [], [])
    live = "我们用低制举证做微调。"
    aid = store.save_answer(qid, audio_path=None, duration=1.2, transcript=live,
                            segments=[{"start": 0, "end": 1.2, "text": live, "words": []}],
                            language="zh", model="base", device="cpu", started_at=None,
                            ended_at=None)  # fmt: skip
    interview = window.pages["interview"]
    window.show_page("interview")
    interview._on_event(AnswerSaved(aid, qid, live, 1.2, None))
    assert interview.transcript.toPlainText() == live

    refined = "我们用低秩矩阵做微调。"
    words = [
        {"start": 0.0, "end": 0.4, "word": "我们用", "probability": 0.95},
        {"start": 0.4, "end": 0.8, "word": "低秩矩阵", "probability": 0.3},
        {"start": 0.8, "end": 1.2, "word": "做微调", "probability": 0.9},
    ]
    store.update_transcript(aid, transcript=refined, language="zh", model="base", device="cpu",
                            segments=[{"start": 0, "end": 1.2, "text": refined, "words": words}])  # fmt: skip
    said: list[str] = []
    window.context.message = said.append
    interview._on_event(AnswerRefined(aid, qid, refined, {"duration": 1.2}, live))
    assert interview.transcript.toPlainText() == refined
    assert re.search(r"color:#b35c00;\">低秩矩阵<", interview.transcript.toHtml())
    assert interview.saved_answers[-1].transcript == refined
    assert said[-1] in (
        "Transcribed again from the whole recording; feedback updated",
        "已用整段录音重新转写，反馈已更新",
    )


def _refining_factory(refines: list[tuple[Any, Any]]) -> Any:
    """fake_factory whose answers are transcribed again: each ``refine`` call's Future and
    progress callback land in ``refines`` for the test to drive (as the Whisper worker would)."""
    from concurrent.futures import Future

    from tests.gui.conftest import FakeLive, FakeTranscriber

    class RefiningLive(FakeLive):
        def refine(self, audio_path: Any, progress: Any = None) -> Future:
            future: Future = Future()
            refines.append((future, progress))
            return future

    class RefiningTranscriber(FakeTranscriber):
        def begin(self, language: str, hotwords: Any, on_text: Any) -> Any:
            self.calls += 1
            return RefiningLive(("first answer", "second answer")[self.calls - 1], on_text)

    base = fake_factory(True)

    def build(context: Any, settings: InterviewSettings) -> Any:
        built = base(context, settings)
        built.services.transcriber = RefiningTranscriber(["unused"])
        return built

    return build


def test_refinement_progress_shows_while_it_runs_and_the_end_wait_can_be_stopped(
    make_window: Any, qtbot: Any
) -> None:
    """A saved answer's refinement: a quiet line with its figure, gone when the refined
    transcript lands; at the end of the interview a panel with the bar and Stop waiting, and
    Esc stops the wait at once (the live text stays)."""
    import threading

    from mockinterview.interview.services import TranscriptResult

    refines: list[tuple[Any, Any]] = []
    window = make_window(transcriber=object(), services_factory=_refining_factory(refines))
    interview = _start(window, qtbot, _settings(count=2))
    view = interview.refine_progress
    assert not view.isVisible()
    engine = interview.engine

    qtbot.keyClick(window, Qt.Key.Key_Space)  # answer now: the fake input ends at once → saved
    qtbot.waitUntil(lambda: len(refines) == 1)
    qtbot.waitUntil(view.isVisible)
    assert view.line.text() == "Refining the transcript of answer 1… 0 %"
    future, progress = refines[0]
    worker = threading.Thread(target=progress, args=(0.4,))  # from another thread, as Whisper's
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: view.line.text() == "Refining the transcript of answer 1… 40 %")
    assert view.bar.value() == 40
    assert not view.stop_button.isVisible() and not view.title.isVisible()  # unobtrusive
    window.set_ui_language("zh")
    assert view.line.text() == "正在用整段录音重新转写第 1 个回答… 40%"
    window.set_ui_language("en")

    refined = "the first answer heard again"
    future.set_result(TranscriptResult(refined, "en", 0.5, [], "fake", "cpu", 0.1))
    qtbot.waitUntil(lambda: not view.isVisible())
    assert interview.saved_answers[0].transcript == refined

    qtbot.waitUntil(lambda: engine.phase is Phase.THINKING)
    qtbot.keyClick(window, Qt.Key.Key_Space)  # the last answer: then the end waits for it
    qtbot.waitUntil(lambda: engine.waiting_for_refinements)
    assert engine.phase is Phase.TRANSCRIBING
    qtbot.waitUntil(lambda: view.stop_button.isVisible() and view.title.isVisible())
    assert view.line.text() == "Refining the transcript of answer 2… 0 %"
    refines[1][1](0.6)
    qtbot.waitUntil(lambda: view.bar.value() == 60)
    qtbot.keyClick(window, Qt.Key.Key_Escape)  # no dialog: every answer is saved already
    assert interview._confirm is None
    qtbot.waitUntil(lambda: window.current_page_key() == "end")
    assert not view.isVisible()
    assert refines[1][0].cancelled()
    detail = window.context.store.get_session(engine.session_id)
    assert detail.status == "finished"
    assert [q.answers[0].transcript for q in detail.questions] == [refined, "second answer"]
