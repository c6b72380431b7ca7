"""A whole short interview in the real window with the real parts: set-up → Start → questions
shown → answers read from audio files through the recorder's FileSource path → transcribed by the
packaged Whisper base model → saved in the real SQLite store → shown on the end screen."""

from __future__ import annotations

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
