"""A whole short interview in the real window with the real parts: set-up → Start → questions
shown → answers read from audio files through the recorder's FileSource path → transcribed by the
packaged Whisper base model → saved in the real SQLite store → shown on the end screen."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from mockinterview.interview.events import Phase


def _run_interview(window: Any, qtbot: Any) -> tuple[Any, float]:
    window.context.prefs.language = "en"  # espeak English clips
    setup = window.pages["setup"]
    setup.count.setValue(2)
    setup.thinking.setValue(0)
    setup.seed.setText("1")
    started = time.monotonic()
    qtbot.keyClick(setup, Qt.Key.Key_Return)
    interview = window.pages["interview"]
    assert window.current_page_key() == "interview", setup.error.text()
    qtbot.waitUntil(lambda: interview.engine.phase is Phase.ANSWERING, timeout=30_000)
    qtbot.waitUntil(lambda: window.current_page_key() == "end", timeout=90_000)
    return window.pages["end"], time.monotonic() - started


@pytest.mark.slow
def test_whole_interview_with_file_answers_and_whisper_base(
    make_window: Any, qtbot: Any, whisper_base: Any, answer_clips: list[Path]
) -> None:
    window = make_window(transcriber=whisper_base, answer_audio=answer_clips, use_tts=False)
    window.pages["setup"].speak.setChecked(False)
    end, elapsed = _run_interview(window, qtbot)
    texts = [card.transcript.text().lower() for card in end.cards]
    assert len(texts) == 2
    assert "matrices" in texts[0] or "low rank" in texts[0], texts
    assert "latency" in texts[1] and "throughput" in texts[1], texts
    store = window.context.store
    detail = store.get_session(end.session_id)
    assert detail.status == "finished"
    for answer in detail.answers:
        assert store.audio_file(answer.audio_path).exists()
        assert answer.duration > 2 and answer.model and answer.analysis
    assert elapsed < 60, f"the two-question interview took {elapsed:.0f} s"


@pytest.fixture(scope="session")
def paused_answer(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two spoken sentences with a second of silence between: the live transcriber cuts a piece
    at the pause, so text appears while the rest is still being 'spoken' (realtime FileSource)."""
    folder = tmp_path_factory.mktemp("paused-answer")
    parts = []
    for i, text in enumerate(PAUSED_SENTENCES):
        raw, part = folder / f"raw{i}.wav", folder / f"part{i}.wav"
        subprocess.run(["espeak-ng", "-v", "en-us", "-s", "150", "-w", str(raw), text], check=True)
        subprocess.run(["sox", str(raw), "-r", "16000", "-c", "1", str(part)], check=True)
        parts.append(str(part))
    clip = folder / "answer.wav"
    padded = folder / "first-padded.wav"
    subprocess.run(["sox", parts[0], str(padded), "pad", "0", "1.5"], check=True)
    subprocess.run(["sox", str(padded), parts[1], str(clip)], check=True)
    return clip


PAUSED_SENTENCES = (
    "We store the weights of the model in fewer bits.",
    "It lowers memory use and makes inference faster on the same hardware.",
)


@pytest.mark.slow
def test_live_transcript_grows_on_screen_before_the_answer_is_saved(
    make_window: Any, qtbot: Any, whisper_base: Any, paused_answer: Path
) -> None:
    window = make_window(transcriber=whisper_base, answer_audio=[paused_answer], use_tts=False)
    window.context.prefs.language = "en"
    setup = window.pages["setup"]
    setup.speak.setChecked(False)
    setup.count.setValue(1)
    setup.thinking.setValue(0)
    setup.seed.setText("1")
    qtbot.keyClick(setup, Qt.Key.Key_Return)
    interview = window.pages["interview"]
    assert window.current_page_key() == "interview", setup.error.text()

    # While the recorder is still reading the file in real time, the first piece's text is shown.
    def partial_on_screen() -> bool:
        return (
            interview.engine.phase is Phase.ANSWERING
            and not interview.saved_answers
            and "bits" in interview.transcript.toPlainText().lower()
        )

    qtbot.waitUntil(partial_on_screen, timeout=20_000)
    shown = interview.transcript.toPlainText().lower()
    assert "hardware" not in shown, "the second sentence cannot be known yet"
    qtbot.waitUntil(lambda: window.current_page_key() == "end", timeout=30_000)
    final = window.pages["end"].cards[0].transcript.text().lower()
    assert "bits" in final and "hardware" in final, final
