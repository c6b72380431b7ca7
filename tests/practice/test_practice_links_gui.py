"""Window hooks of the practice loop over the real store: a key-point hit in the report opens the
replay at its moment; replay offers "answer again" per question, which runs a study-mode attempt
on the same asked question; Settings explains and saves the turn-taking ladder."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from PySide6.QtWidgets import QDialogButtonBox

from mockinterview.feedback import analyze_answer
from mockinterview.gui.review.answer_panel import answer_key
from mockinterview.interview.events import Phase
from mockinterview.interview.modes import load_turn_taking
from mockinterview.review.attempts import attempts_of
from tests.gui.conftest import fake_factory

POINTS = ["freezes the base model weights", "trains two low rank matrices"]
TEXT = "Um, it freezes the base model weights. Then it trains two low rank matrices."


def _words(text: str, step: float = 0.4) -> list[dict[str, Any]]:
    return [{"start": i * step, "end": i * step + 0.35, "word": " " + w, "probability": 0.95}
            for i, w in enumerate(text.split())]  # fmt: skip


def _session(store: Any) -> tuple[int, int]:
    sid = store.create_session("technical", None, {"language": "en"})
    qid = store.add_question(sid, 0, "tech-lora-001", "What does LoRA do?", ["lora-peft"], POINTS)
    words = _words(TEXT)
    analysis = analyze_answer(TEXT, words, 6.0, question={"key_points": POINTS, "round": "technical"})
    now = datetime.now(timezone.utc)
    aid = store.save_answer(
        qid, audio_path=None, duration=6.0, transcript=TEXT,
        segments=[{"start": 0, "end": 6, "text": TEXT, "words": words}], language="en",
        model="base", device="cpu", started_at=now, ended_at=now, analysis=analysis,
    )  # fmt: skip
    store.finish_session(sid, "finished")
    return sid, aid


def test_a_key_point_hit_in_the_report_seeks_the_replay_there(make_window: Any, qtbot: Any) -> None:
    window = make_window(transcriber=object())
    sid, aid = _session(window.context.store)
    window.show_page("report", session_id=sid)
    report = window.pages["report"]
    qtbot.waitUntil(lambda: bool(report.cards), timeout=10_000)
    card = report.cards[0]
    html = card.key_points.text()
    at = [kp["at"] for kp in card.analysis["key_points"]]
    assert at[1] is not None and at[1] > at[0] >= 0  # "trains ..." is said after "freezes ..."
    assert f'href="seek:{at[1]}"' in html
    card.key_points.linkActivated.emit(f"seek:{at[1]}")
    assert window.current_page_key() == "replay"
    replay = window.pages["replay"]
    qtbot.waitUntil(lambda: getattr(replay, "seeked_to", None) is not None, timeout=10_000)
    assert replay.seeked_to == (aid, at[1])
    assert replay.playback.position(answer_key(aid)) == at[1]  # play starts from there


def test_replay_answer_again_adds_a_study_attempt_on_the_same_question(
    make_window: Any, qtbot: Any
) -> None:
    window = make_window(transcriber=object(), services_factory=fake_factory(True, ["again now"]))
    store = window.context.store
    sid, aid = _session(store)
    window.show_page("replay", session_id=sid)
    replay = window.pages["replay"]
    qtbot.waitUntil(lambda: bool(replay.panels) and hasattr(replay.panels[0], "again_button"),
                    timeout=10_000)  # fmt: skip
    replay.panels[0].again_button.click()
    assert window.current_page_key() == "interview"
    page = window.pages["interview"]
    qtbot.waitUntil(lambda: page.study.isVisible(), timeout=10_000)
    assert page.engine.phase is Phase.PAUSED and page.study.compare_view is not None
    asked = store.get_session(sid).questions[0]
    attempts = attempts_of(store, asked)
    assert [(a.number, a.origin) for a in attempts] == [(1, "interview"), (2, "replay")]
    assert attempts[1].answer.transcript == "again now"
    assert page.study.comparison["lost"] == POINTS  # "again now" makes neither point
    assert store.get_session(sid).status == "finished"


def test_settings_explains_and_saves_the_turn_taking_ladder(make_window: Any, qtbot: Any) -> None:
    from mockinterview.gui.settings_dialog import SettingsDialog

    window = make_window(transcriber=object())
    dialog = SettingsDialog(window.context, window)
    qtbot.addWidget(dialog)
    ladder = dialog.turn_taking
    assert "never treated as failure" in ladder.explain.text()
    ladder.hint_after.setValue(6)
    ladder.offer_after.setValue(4)  # before the hint: refused with the reason, dialog stays
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    assert "offer_after" in ladder.explain.text() and load_turn_taking(window.context.data_dir) == {}
    ladder.offer_after.setValue(18)
    ladder.hard_limit.setChecked(True)
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    saved = load_turn_taking(window.context.data_dir)
    assert saved["hint_after"] == 6 and saved["offer_after"] == 18 and saved["hard_limit"]
    assert window.pages["setup"].settings().turn_taking == saved  # the next interview uses it


def _second_attempt(store: Any, sid: int) -> None:
    from mockinterview.review.attempts import AttemptLog

    asked = store.get_session(sid).questions[0]
    text = "It only trains two low rank matrices."
    words = _words(text)
    analysis = analyze_answer(text, words, 3.0, question={"key_points": POINTS, "round": "technical"})
    now = datetime.now(timezone.utc)
    aid = store.save_answer(
        asked.id, audio_path=None, duration=3.0, transcript=text,
        segments=[{"start": 0, "end": 3, "text": text, "words": words}], language="en",
        model="base", device="cpu", started_at=now, ended_at=now, analysis=analysis,
    )  # fmt: skip
    AttemptLog(store).record(aid, mode="study", origin="again", prompts=[])


def test_history_and_topics_show_improvement_and_answer_again_from_topics(
    make_window: Any, qtbot: Any
) -> None:
    window = make_window(transcriber=object(), services_factory=fake_factory(True, ["x"]))
    store = window.context.store
    sid, _ = _session(store)
    _second_attempt(store, sid)

    window.show_page("history")
    history = window.pages["history"]
    qtbot.waitUntil(lambda: history.model.rowCount() == 1, timeout=10_000)
    with qtbot.waitSignal(history.improvement.loaded, timeout=10_000):
        history.improvement.load()
    history.select_row(0)
    item = history.improvement.list.item(0)
    assert item is not None and "2 attempts" in item.text() and "→" in item.text()

    window.show_page("topics")
    topics = window.pages["topics"]
    qtbot.waitUntil(lambda: topics.row_of("lora-peft") is not None, timeout=10_000)
    panel = topics.improvement
    qtbot.waitUntil(lambda: "lora-peft" in panel.data["topics"], timeout=10_000)
    topics.table.selectRow(topics.row_of("lora-peft"))
    t = panel.data["topics"]["lora-peft"]
    assert t["questions"] == 1 and t["change"] == round(t["latest"] - t["first"], 3)
    assert "coverage" in panel.summary.text() and panel.again.isEnabled()
    panel.again.click()
    page = window.pages["interview"]
    qtbot.waitUntil(lambda: page.study.isVisible(), timeout=10_000)
    asked = store.get_session(sid).questions[0]
    assert [a.origin for a in attempts_of(store, asked)] == ["interview", "again", "topics"]


def test_listening_to_the_reference_is_cancellable_at_any_point(qtbot: Any, tmp_path: Any) -> None:
    from concurrent.futures import Future

    from mockinterview.gui.study_panel import ReferenceSpeaker

    class SlowVoice:  # a render still under way in the renderer's worker
        def __init__(self) -> None:
            self.futures: list[Future[Any]] = []

        def render(self, text: str) -> Future[Any]:
            future: Future[Any] = Future()
            future.set_running_or_notify_cancel()  # under way: cancel() cannot stop it
            self.futures.append(future)
            return future

    class Player:
        def __init__(self) -> None:
            self.played: list[Any] = []
            self.is_playing = False

        def play(self, path: Any) -> None:
            self.played.append(path)
            self.is_playing = True

        def stop(self) -> None:
            self.is_playing = False

    voice, player = SlowVoice(), Player()
    speaker = ReferenceSpeaker(voice, lambda: player)
    assert speaker.speak("参考回答") and speaker.state == "rendering"
    speaker.cancel()  # while rendering: nothing is played when the render finishes
    wav = tmp_path / "ref.wav"
    wav.write_bytes(b"RIFF")
    voice.futures[0].set_result(wav)
    qtbot.wait(150)
    assert speaker.state == "idle" and player.played == []

    speaker.speak("参考回答")
    voice.futures[1].set_result(wav)
    qtbot.waitUntil(lambda: speaker.state == "playing")
    speaker.cancel()  # while playing: the player stops
    assert not player.is_playing and speaker.state == "idle"

    failing = ReferenceSpeaker(None)
    messages: list[str] = []
    failing.failed.connect(messages.append)
    assert not failing.speak("x") and "No voice" in messages[0]


def test_the_reference_highlights_covered_points_and_marks_missed_ones() -> None:
    from mockinterview.bank.models import Question
    from mockinterview.feedback.reference import study_card
    from mockinterview.gui.study_panel import HIGHLIGHT, points_html, reference_html

    ref = "LoRA 冻结原模型的权重。在旁路加两个低秩矩阵 A 和 B 来学习增量。"
    q = Question("q", "technical", ("lora-peft",), "LoRA?", ("冻结原模型权重", "旁路加入低秩矩阵 A、B"),
                 (), "original", 1, reference_answer=ref)  # fmt: skip
    analysis = analyze_answer("嗯 就是冻结原模型的权重", None, 5.0, question=q)
    card = study_card(q, analysis)
    assert card["covered"] == ["冻结原模型权重"] and card["missed"] == ["旁路加入低秩矩阵 A、B"]
    html = reference_html(card)
    assert f'background:{HIGHLIGHT["covered"]};" title="冻结原模型权重">LoRA 冻结原模型的权重</span>' in html
    assert f'background:{HIGHLIGHT["missed"]};" title="旁路加入低秩矩阵 A、B">✗ 在旁路' in html
    assert points_html(card).count("(highlighted in the reference)") == 2
    bare = study_card(Question("p", "hr", (), "Why us?", ("动机",), (), "original", 1), None, language="en")
    assert bare["reference_answer"] is None and "no reference answer" in bare["reference_note"]


def test_a_point_time_in_the_study_card_plays_the_answer_from_there(
    make_window: Any, qtbot: Any, bank_with_references
) -> None:
    from mockinterview.interview.settings import InterviewSettings

    class Player:
        def __init__(self) -> None:
            self.calls: list[tuple[Any, float]] = []

        def play(self, path: Any, start: float = 0.0) -> None:
            self.calls.append((path, start))

        def stop(self) -> None:
            pass

    window = make_window(transcriber=object(), bank=bank_with_references,
                         services_factory=fake_factory(True, ["an answer"]))  # fmt: skip
    settings = InterviewSettings(round="technical", count=1, seed=2, thinking_seconds=0,
                                 speak=False, mode="study", turn_taking={})  # fmt: skip
    window.pages["setup"].start_requested.emit(settings)
    page = window.pages["interview"]
    qtbot.waitUntil(lambda: page.study.isVisible(), timeout=10_000)
    assert not page.transcript.isVisible()  # the card shows the transcript
    player = Player()
    page.study.speaker._factory = lambda: player
    with qtbot.waitSignal(page.study.seek_requested) as signal:
        page.study._link("seek:2.5")
    answer_id = signal.args[0]
    [(path, start)] = player.calls
    stored = window.context.store.get_answer(answer_id).audio_path
    assert path == window.context.store.audio_file(stored) and start == 2.2
    assert window.current_page_key() == "interview"  # the paused interview stays on screen
