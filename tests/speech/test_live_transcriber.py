"""Live transcript: an answer fed in blocks is cut at pauses and merged with correct times."""

from __future__ import annotations

import numpy as np
import pytest

from mockinterview.speech import scoring
from mockinterview.speech.live import LiveTranscriber
from tests.speech import whisper_shared  # the real base model, loaded once for all files

shared = whisper_shared
transcriber = shared.transcriber
references = shared.references
pytestmark = pytest.mark.slow

GAP = 1.5


def _answer() -> tuple[np.ndarray, float]:
    first = shared.read_clip("en_lora")
    second = shared.read_clip("en_latency")
    gap = np.zeros(int(GAP * 16000), dtype=np.float32)
    return np.concatenate([first, gap, second, gap[:8000]]), len(first) / 16000 + GAP


def test_live_text_matches_the_whole_file_and_times_are_offset(transcriber, references) -> None:
    audio, second_starts = _answer()
    partials: list[str] = []
    live = LiveTranscriber(transcriber, "en", ["LoRA"], partials.append)
    for i in range(0, len(audio), 1600):  # 0.1 s blocks, as the recorder hands them over
        live.feed(audio[i : i + 1600])
    result = live.finish()

    whole = transcriber.transcribe(audio, language="en", hotwords=["LoRA"])
    assert scoring.wer(whole.text, result.text) <= 0.15, (whole.text, result.text)
    reference = references["en_lora"]["text"] + " " + references["en_latency"]["text"]
    assert scoring.wer(reference, result.text) <= 0.25, result.text
    assert result.duration == pytest.approx(len(audio) / 16000, abs=0.01)

    # The second sentence was a separate piece: its times are answer times, not piece times.
    tell = next(w for w in result.words if w.word.strip().lower().startswith("tell"))
    assert tell.start == pytest.approx(second_starts, abs=0.6)
    whole_tell = next(w for w in whole.words if w.word.strip().lower().startswith("tell"))
    assert tell.start == pytest.approx(whole_tell.start, abs=0.4)
    starts = [w.start for w in result.words]
    assert starts == sorted(starts)

    # The first piece was transcribed while the answer went on; the text grew.
    assert len(partials) >= 1
    assert "LoRA" in partials[0] and "latency" not in partials[0]


def test_silence_sends_nothing_to_whisper(transcriber) -> None:
    live = LiveTranscriber(transcriber, "zh", [], None)
    quiet = np.random.default_rng(1).normal(0, 0.0005, 16000 * 8).astype(np.float32)
    for i in range(0, len(quiet), 1600):
        live.feed(quiet[i : i + 1600])
    result = live.finish()
    assert result.text == "" and result.processing_seconds == 0
    assert result.duration == pytest.approx(8.0)


def test_long_speech_without_pauses_is_cut_at_the_max_piece_length(transcriber) -> None:
    speech = np.concatenate([shared.read_clip("en_latency")[4000:-6000]] * 3)  # no pause ≥ 0.5 s
    live = LiveTranscriber(transcriber, "en", [], None, max_piece_seconds=8.0)
    for i in range(0, len(speech), 1600):
        live.feed(speech[i : i + 1600])
    pieces = len(live._pieces)
    result = live.finish()
    assert pieces >= 2
    assert result.text.lower().count("latency") >= 2
