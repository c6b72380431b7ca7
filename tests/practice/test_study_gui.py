"""The window walks study mode with real parts: Whisper base on spoken clips through the
recorder's FileSource path, the real store, the real TTS renderer. Answer, see the feedback and the
reference answer, listen to it, answer again, see the comparison, move on; and the silence ladder:
a hint spoken through the question voice on the PulseAudio null sink and stored with the answer."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from mockinterview.interview.events import Phase
from mockinterview.interview.settings import InterviewSettings
from mockinterview.review.attempts import attempts_of


class RecordingPlayer:
    """Stands in for the loudspeaker where the test only needs to know what was played."""

    def __init__(self) -> None:
        self.played: list[Path] = []
        self.is_playing = False

    def play(self, path: Path, start: float = 0.0) -> None:
        self.played.append(Path(path))
        self.is_playing = True

    def stop(self) -> None:
        self.is_playing = False


def _study(**kw: Any) -> InterviewSettings:
    base: dict[str, Any] = dict(round="technical", count=1, seed=4, thinking_seconds=0,
                                speak=False, mode="study", language="en", turn_taking={})  # fmt: skip
    return InterviewSettings(**{**base, **kw})


@pytest.mark.slow
def test_study_mode_answer_reference_listen_answer_again_and_compare(
    make_window: Any, qtbot: Any, whisper_base: Any, answer_clips: list[Path], bank_with_references
) -> None:
    window = make_window(transcriber=whisper_base, answer_audio=answer_clips,
                         bank=bank_with_references, use_tts=True)  # fmt: skip
    assert window.context.tts is not None, "the real TTS renderer is needed for the reference"
    setup = window.pages["setup"]
    assert setup.mode_box.findData("study") >= 0  # chosen on the set-up screen
    setup.mode_box.setCurrentIndex(setup.mode_box.findData("study"))
    assert setup.settings().mode == "study"

    window.pages["setup"].start_requested.emit(_study())
    page = window.pages["interview"]
    qtbot.waitUntil(lambda: page.study.isVisible(), timeout=60_000)
    engine = page.engine
    assert engine.phase is Phase.PAUSED  # held: nothing moves on while the card is read
    study = page.study
    bank_q = bank_with_references.questions[page._question.bank_id]
    assert study.card["reference_answer"] == bank_q.reference_answer_en
    shown = study.reference.toPlainText()
    assert study.reference.isVisible() and bank_q.reference_answer_en[:40] in shown
    assert "background" in study.reference.toHtml()  # the key points it makes are highlighted
    assert study.feedback_card is not None and study.compare_view is None
    assert [r["point"] for r in study.card["points"]] == list(bank_q.key_points)

    player = RecordingPlayer()
    study.speaker._factory = lambda: player
    study.listen_button.click()  # 听参考回答: rendered off the GUI thread by the question voice
    assert study.speaker.state == "rendering"
    qtbot.waitUntil(lambda: bool(player.played), timeout=30_000)
    assert player.played[0].is_file() and player.played[0].stat().st_size > 1000
    player.is_playing = False
    qtbot.waitUntil(lambda: study.speaker.state == "idle")

    qtbot.keyClick(window, Qt.Key.Key_A)  # 再答一次
    assert not study.isVisible()
    qtbot.waitUntil(lambda: study.isVisible() and study.compare_view is not None, timeout=60_000)
    comparison = study.comparison
    assert comparison["before"] == 1 and comparison["after"] == 2
    assert study.compare_view.cells["duration"][0].text() != study.compare_view.cells["duration"][1].text()
    assert all(b.isEnabled() for b in study.compare_view.play_buttons)  # both audios playable
    speakers = RecordingPlayer()
    study.compare_view._player_factory = lambda: speakers
    for button in study.compare_view.play_buttons:
        button.click()
    assert [p.name for p in speakers.played] == ["000-answer.wav", "000-answer-a2.wav"]
    assert all(p.is_file() for p in speakers.played)

    store = window.context.store
    detail = store.get_session(engine.session_id)
    [asked] = [q for q in detail.questions if q.kind == "main"]
    attempts = attempts_of(store, asked)
    assert [(a.number, a.mode, a.origin) for a in attempts] == [(1, "study", "interview"),
                                                                 (2, "study", "again")]  # fmt: skip
    assert "latency" in attempts[1].answer.transcript.lower()

    qtbot.keyClick(window, Qt.Key.Key_Space)  # move on: the one-question interview ends
    qtbot.waitUntil(lambda: window.current_page_key() == "end", timeout=10_000)


@pytest.fixture
def silence_then_answer(tmp_path: Path) -> Path:
    """6 s of silence, then a spoken answer (16 kHz mono)."""
    assert shutil.which("espeak-ng") and shutil.which("sox"), "espeak-ng and sox are needed"
    raw, clip = tmp_path / "raw.wav", tmp_path / "late.wav"
    subprocess.run(["espeak-ng", "-v", "en-us", "-s", "150", "-w", str(raw),
                    "Low rank adaptation trains two small matrices."], check=True)  # fmt: skip
    subprocess.run(["sox", str(raw), "-r", "16000", "-c", "1", str(clip), "pad", "6", "0"], check=True)
    return clip


@pytest.mark.slow
def test_silence_ladder_hint_is_spoken_and_stored_with_the_answer(
    make_window: Any, qtbot: Any, whisper_base: Any, silence_then_answer: Path,
    bank_with_references, pulse_output: str,
) -> None:  # fmt: skip
    window = make_window(transcriber=whisper_base, answer_audio=[silence_then_answer],
                         bank=bank_with_references, use_tts=True)  # fmt: skip
    settings = _study(speak=True, turn_taking={"hint_after": 3.0, "offer_after": 30.0, "max_hints": 1})
    window.pages["setup"].start_requested.emit(settings)
    page = window.pages["interview"]
    qtbot.waitUntil(lambda: page.study.isVisible(), timeout=90_000)
    hint_texts = [m for m in page.messages if "hint" in m.lower()]
    assert hint_texts, page.messages  # shown as well as spoken
    store = window.context.store
    detail = store.get_session(page.engine.session_id)
    [attempt] = attempts_of(store, detail.questions[0])
    hints = [p for p in attempt.prompts if p["kind"] == "hint"]
    assert len(hints) == 1 and 2.5 <= hints[0]["at"] <= 6.5
    assert hints[0]["point"] in detail.questions[0].key_points  # drawn from an uncovered point
    assert hints[0]["spoken"] and store.audio_file(hints[0]["audio"]).is_file()  # played, kept
    assert "matrices" in attempt.answer.transcript.lower()  # the answer after the hint is kept
