"""Replay page over a real store and real WAV files: transcript words, click-to-seek, waveform,
self-assessment saved and scheduled, export/import, and re-transcription with Whisper base."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt


def _fixtures() -> Any:
    name = "gui_review_fixtures"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(
            name, Path(__file__).with_name("review_fixtures.py")
        )
        assert spec and spec.loader
        sys.modules[name] = module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    return sys.modules[name]


fx = _fixtures()
review_context = fx.review_context
shipped_bank = fx.shipped_bank


def open_replay(qtbot: Any, context: Any, session_id: int, **kw: Any) -> Any:
    from mockinterview.gui.replay_page import ReplayPage

    page = ReplayPage(context, **kw)
    qtbot.addWidget(page)
    page.resize(1000, 800)
    page.show()
    with qtbot.waitSignal(page.loaded, timeout=5000):
        page.on_show(session_id=session_id)
    return page


def test_replay_shows_transcript_key_points_and_waveform(qtbot: Any, review_context: Any) -> None:
    filled = fx.add_session(review_context.store, review_context.data_dir)
    page = open_replay(qtbot, review_context, filled.session_id)
    assert len(page.panels) == 1
    panel = page.panels[0]
    assert panel.transcript.toPlainText() == "".join(fx.WORDS)
    assert [w.text for w in panel.transcript.words] == fx.WORDS
    assert "softmax 梯度" in panel.findChildren(type(panel.heading))[1].text()
    qtbot.waitUntil(lambda: panel.waveform.has_peaks, timeout=5000)
    assert abs(panel.waveform.duration - 2.0) < 0.01
    assert "Feedback" in panel.feedback.toMarkdown()


def test_clicking_a_word_plays_from_it_and_highlights_it(qtbot: Any, review_context: Any) -> None:
    """Issue 10 item 6: a click on a word seeks AND plays (it only moved the position)."""
    filled = fx.add_session(review_context.store, review_context.data_dir)
    player = FakePlayer()
    page = open_replay(qtbot, review_context, filled.session_id, player_factory=lambda: player)
    panel = page.panels[0]
    key = f"a{filled.answer_ids[0]}"
    view = panel.transcript
    qtbot.waitUntil(lambda: view.isVisible() and view.viewport().width() < 640)
    point = view.word_point(3)  # " freezes", starts at 0.75 s
    with qtbot.waitSignal(view.word_clicked, timeout=2000) as clicked:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert clicked.args == [3, 0.75]
    assert player.played == [(filled.audio[0], 0.75)] and player.is_playing
    assert page.playback.position(key) == 0.75
    qtbot.waitUntil(lambda: view.current == 3, timeout=2000)  # the word heard is highlighted
    # Clicking the waveform at its middle seeks the playing file to half the duration.
    qtbot.waitUntil(lambda: panel.waveform.has_peaks, timeout=5000)
    wave = panel.waveform
    qtbot.mouseClick(wave, Qt.MouseButton.LeftButton, pos=wave.rect().center())
    assert abs(player.position - 1.0) < 2.0 / wave.width() * 2 + 0.01
    qtbot.waitUntil(lambda: view.current == view.word_at_time(player.position), timeout=2000)


def test_space_plays_and_pauses_the_answer(qtbot: Any, review_context: Any) -> None:
    """Issue 10 item 6: Replay has a play/pause key."""
    filled = fx.add_session(review_context.store, review_context.data_dir)
    player = FakePlayer()
    page = open_replay(qtbot, review_context, filled.session_id, player_factory=lambda: player)
    page.setFocus()
    qtbot.keyClick(page, Qt.Key.Key_Space)
    assert player.played == [(filled.audio[0], 0.0)] and player.is_playing
    player.position = 0.5
    qtbot.keyClick(page, Qt.Key.Key_Space)
    assert not player.is_playing
    qtbot.keyClick(page, Qt.Key.Key_Space)
    assert player.played[-1] == (filled.audio[0], 0.5) and player.is_playing


class FakePlayer:
    """Stands in for the sound card in the fast test: records what it is asked."""

    def __init__(self) -> None:
        self.speed = 1.0
        self.played: list[tuple[Path, float]] = []
        self.is_playing = False
        self.position = 0.0
        self.duration = 2.0

    def play(self, path: Path, start: float = 0.0) -> None:
        self.played.append((Path(path), start))
        self.is_playing, self.position = True, start

    def stop(self) -> None:
        self.is_playing = False

    def seek(self, seconds: float) -> None:
        self.position = seconds


def test_play_pause_resumes_where_it_was_at_the_chosen_speed(
    qtbot: Any, review_context: Any
) -> None:
    filled = fx.add_session(review_context.store, review_context.data_dir)
    player = FakePlayer()
    page = open_replay(qtbot, review_context, filled.session_id, player_factory=lambda: player)
    panel = page.panels[0]
    page.speed_box.setCurrentIndex(page.speed_box.findData(1.5))
    panel.play_answer.click()
    assert player.played == [(filled.audio[0], 0.0)] and player.speed == 1.5
    assert panel.play_answer.text().endswith("Pause")
    player.position = 1.1  # as if 1.1 s were heard
    qtbot.waitUntil(lambda: panel.transcript.current == 4, timeout=2000)  # " the" at 1.0-1.23
    panel.play_answer.click()  # pause
    assert not player.is_playing
    panel.play_answer.click()  # resume from there
    assert player.played[-1] == (filled.audio[0], 1.1)


def test_rating_weak_notes_and_tags_are_saved_and_scheduled(
    qtbot: Any, review_context: Any
) -> None:
    store = review_context.store
    filled = fx.add_session(store, review_context.data_dir)
    page = open_replay(qtbot, review_context, filled.session_id)
    panel = page.panels[0]
    answer_id = filled.answer_ids[0]
    panel.rating.buttons[1].click()  # 2
    panel.weak.setChecked(True)
    panel.notes.setText("忘了说 softmax 饱和")
    panel.notes.editingFinished.emit()
    panel.tags.set_topic_checked("inference-acceleration", True)
    panel.tags.free.setText("要重练, sqrt")
    panel.tags.free.editingFinished.emit()
    saved = store.get_answer(answer_id)
    assert (saved.rating, saved.weak, saved.notes) == (2, True, "忘了说 softmax 饱和")
    assert saved.topic_tags == ("inference-acceleration",)
    assert set(saved.free_tags) == {"要重练", "sqrt"}
    card = store.get_review_card("orig-attn-scaling")
    assert card is not None and card.last_rating == 2
    # Weak counts as Again: due again within the day.
    from datetime import datetime, timedelta, timezone

    from mockinterview.review.scheduling import due_question_ids

    assert "orig-attn-scaling" in due_question_ids(
        store, datetime.now(timezone.utc) + timedelta(days=1)
    )
    # Reopening shows what was saved.
    page2 = open_replay(qtbot, review_context, filled.session_id)
    again = page2.panels[0]
    assert again.rating.value() == 2 and again.weak.isChecked()
    assert again.tags.topics() == ["inference-acceleration"]


def test_export_json_and_markdown_then_import_back(
    qtbot: Any, review_context: Any, tmp_path: Path
) -> None:
    filled = fx.add_session(review_context.store, review_context.data_dir, rating=3)
    page = open_replay(qtbot, review_context, filled.session_id)
    md, js = tmp_path / "s.md", tmp_path / "s.json"
    assert page.export_to(md, "md") and page.export_to(js, "json")
    assert "attention" in md.read_text(encoding="utf-8")
    data = json.loads(js.read_text(encoding="utf-8"))
    assert data["session"]["questions"][0]["answers"][0]["transcript"] == "".join(fx.WORDS).strip()
    assert "attempt" in data["session"]["questions"][0]["answers"][0]  # exported with attempts
    with qtbot.waitSignal(page.loaded, timeout=5000):
        new_id = page.import_from(js)
    assert new_id is not None and new_id != filled.session_id
    assert page.detail.id == new_id
    assert page.panels[0].transcript.toPlainText() == "".join(fx.WORDS)
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    assert page.import_from(bad) is None
    assert "bad.json" in page.status_label.text()


def test_retranscribe_with_whisper_replaces_the_transcript_when_done(
    qtbot: Any, review_context: Any, whisper_base: Any, answer_clips: list[Path]
) -> None:
    import shutil

    store, root = review_context.store, review_context.data_dir
    filled = fx.add_session(store, root)
    # The answer's recording is a real spoken clip ("Low rank adaptation freezes ...").
    shutil.copyfile(answer_clips[0], filled.audio[0])
    review_context.transcriber = lambda: whisper_base
    review_context.prefs.language = "en"
    page = open_replay(qtbot, review_context, filled.session_id)
    page.model_box.setCurrentText("base")
    page.device_box.setCurrentText("cpu")
    with qtbot.waitSignal(page.transcription_done, timeout=120_000) as done:
        task = page.retranscribe(None)
        assert task is not None and page.cancel_button.isVisible()
        # The old transcript stays on screen and in the store while the new one is made.
        assert store.get_answer(filled.answer_ids[0]).segments[0]["words"][0]["word"] == "Low"
    assert done.args == [1]
    saved = store.get_answer(filled.answer_ids[0])
    assert "adaptation" in saved.transcript.lower()
    assert saved.model == "base" and saved.device.startswith("cpu")
    assert page.panels[0].transcript.toPlainText().strip() == saved.transcript.strip()
    assert page.panels[0].transcript.words  # word timings from Whisper, clickable
    assert not page.cancel_button.isVisible()


def test_cancelled_retranscription_keeps_the_old_transcript(
    qtbot: Any, review_context: Any
) -> None:
    import threading

    started, release = threading.Event(), threading.Event()

    class HeldTranscriber:
        """Fast stand-in: holds the worker inside transcribe() until the test has cancelled."""

        model_name, device = "base", "cpu"

        def transcribe(self, path: Path, language: Any = None, **_: Any) -> Any:
            started.set()
            assert release.wait(10)
            from mockinterview.speech.asr import Transcript

            return Transcript("NEW TEXT", "en", 2.0, [], "base", "cpu", 0.1)

    store = review_context.store
    filled = fx.add_session(store, review_context.data_dir)
    review_context.transcriber = lambda: HeldTranscriber()
    page = open_replay(qtbot, review_context, filled.session_id)
    page.model_box.setCurrentText("base")
    assert page.retranscribe(None) is not None
    qtbot.waitUntil(started.is_set, timeout=5000)
    page.cancel_button.click()
    release.set()
    qtbot.waitUntil(lambda: page.transcribe_task is None, timeout=10_000)
    assert store.get_answer(filled.answer_ids[0]).transcript == "".join(fx.WORDS).strip()
    assert page.panels[0].transcript.toPlainText() == "".join(fx.WORDS)
    assert page.retranscribe_button.isEnabled() and not page.cancel_button.isVisible()
    assert page.status_label.text().startswith("Cancelled; 0 finished")


def test_model_still_loading_is_waited_for_not_a_failure(monkeypatch: Any) -> None:
    """Issue 11: replay caught the builtin TimeoutError around wait_ready; on Python 3.10 a
    Future raises concurrent.futures.TimeoutError (a different class), so re-transcription
    with a model still loading failed there. The page now catches the futures' own class."""
    import ast
    import concurrent.futures

    from mockinterview.gui import replay_page
    from mockinterview.gui.tasks import TaskContext, _TaskSignals

    class Loading:
        waits = 0

        def __init__(self, **kw: Any) -> None:
            self.kw = kw

        def wait_ready(self, timeout: float) -> None:
            Loading.waits += 1
            if Loading.waits < 3:
                raise concurrent.futures.TimeoutError()

        def close(self) -> None:
            pass

    monkeypatch.setattr(replay_page, "Transcriber", Loading)
    ctx = TaskContext(_TaskSignals())
    transcriber, own = replay_page._transcriber_for(None, "base", "cpu", Path("/tmp"), ctx)
    assert isinstance(transcriber, Loading) and own and Loading.waits == 3
    # and no gui module catches the builtin where a Future's timeout is meant
    source = Path(replay_page.__file__).read_text(encoding="utf-8")
    caught = [
        ast.unparse(h.type) for h in ast.walk(ast.parse(source))
        if isinstance(h, ast.ExceptHandler) and h.type is not None
    ]  # fmt: skip
    assert "TimeoutError" not in caught, caught


def test_replay_keeps_punctuation_and_spaces_of_the_transcript(
    qtbot: Any, review_context: Any
) -> None:
    """Issue 10 item 10: replay glued the words and dropped punctuation ("DPOU-Tapi")."""
    words = ["我们", "用", " DPO", " 做", "偏好", "优化"]
    filled = fx.add_session(review_context.store, review_context.data_dir, words=words)
    text = "我们用 DPO 做偏好优化，效果不错。"
    store = review_context.store
    answer = store.get_answer(filled.answer_ids[0])
    store.update_transcript(answer.id, transcript=text, segments=answer.segments,
                            language="zh", model="base", device="cpu")  # fmt: skip
    page = open_replay(qtbot, review_context, filled.session_id)
    view = page.panels[0].transcript
    assert view.toPlainText() == text
    assert len(view.words) == 6 and all(s is not None for s in view._spans)
    view.highlight(2)
    assert view.textCursor().selectedText() == "DPO"


def test_unsure_words_are_marked_and_the_transcript_can_be_corrected(
    qtbot: Any, review_context: Any
) -> None:
    """Issue 9: low-probability words are marked in replay; the user corrects the transcript,
    the original is kept and shown, the analysis and search use the correction."""
    from mockinterview.review.search import search

    filled = fx.add_session(
        review_context.store, review_context.data_dir, words=["我们", "用", "低制举证", "做", "伪调"],
        questions=[("orig-lora", "LoRA 为什么省显存？", ["lora-peft"], ["低秩矩阵"])],
    )  # fmt: skip
    store = review_context.store
    answer = store.get_answer(filled.answer_ids[0])
    segments = [dict(answer.segments[0])]
    segments[0]["words"] = [dict(w) for w in segments[0]["words"]]
    segments[0]["words"][2]["probability"] = 0.2
    segments[0]["words"][4]["probability"] = 0.35
    store.update_transcript(answer.id, transcript=answer.transcript, segments=segments,
                            language="zh", model="base", device="cpu")  # fmt: skip
    page = open_replay(qtbot, review_context, filled.session_id)
    panel = page.panels[0]
    assert panel.transcript.unsure_words() == [2, 4]
    assert panel.unsure_label.isVisibleTo(panel) and "(2)" in panel.unsure_label.text()
    assert not panel.editor.isVisibleTo(panel)
    panel.correct_button.click()
    assert panel.editor.isVisibleTo(panel)
    assert panel.editor.toPlainText() == "我们用低制举证做伪调"
    panel.editor.setPlainText("我们用低秩矩阵做微调。")
    with qtbot.waitSignal(page.corrected, timeout=5000):
        panel.save_correction.click()
    saved = store.get_answer(answer.id)
    assert saved.transcript == "我们用低秩矩阵做微调。"
    assert saved.original_transcript == "我们用低制举证做伪调"
    assert panel.transcript.toPlainText() == "我们用低秩矩阵做微调。"
    assert panel.corrected_label.isVisibleTo(panel)
    assert "我们用低制举证做伪调" in panel.corrected_label.text()
    points = {kp["point"]: kp["status"] for kp in saved.analysis["key_points"]}
    assert points["低秩矩阵"] != "missed"  # the analysis reads the correction
    assert [h.answer_id for h in search(store, "低秩矩阵") if h.kind == "answer"] == [answer.id]


def test_scroll_starts_at_the_top_for_another_session(qtbot: Any, review_context: Any) -> None:
    """Issue 10 item 10: Replay kept the previous session's scroll position."""
    many = [(None, f"问题 {i}", [], []) for i in range(8)]
    first = fx.add_session(review_context.store, review_context.data_dir, questions=many)
    second = fx.add_session(review_context.store, review_context.data_dir, questions=many)
    page = open_replay(qtbot, review_context, first.session_id)
    bar = page.scroll_area.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0, timeout=5000)
    bar.setValue(bar.maximum())
    with qtbot.waitSignal(page.loaded, timeout=5000):
        page.on_show(session_id=second.session_id)
    assert bar.value() == 0


def test_unreadable_recording_says_so_instead_of_a_blank_waveform(
    qtbot: Any, review_context: Any
) -> None:
    """Issue 11: the waveform task's failure was dropped (lambda exc: None)."""
    filled = fx.add_session(review_context.store, review_context.data_dir)
    filled.audio[0].write_bytes(b"not a wav file at all")
    page = open_replay(qtbot, review_context, filled.session_id)
    panel = page.panels[0]
    qtbot.waitUntil(lambda: "waveform" in page.status_label.text(), timeout=5000)
    assert panel.no_audio.isVisibleTo(panel) and "waveform" in panel.no_audio.text()
