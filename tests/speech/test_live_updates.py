"""Live text while the answer is spoken (issue 10 item 2): early and frequent updates, the whole
answer at the end, and no hole in the final transcript when a piece with speech comes back empty
(a hole would be reported as a long pause)."""

from __future__ import annotations

import time
from concurrent.futures import Future
from typing import Any

import numpy as np
import pytest

from mockinterview.speech.asr import DecodeOptions, Segment, Transcript, Word
from mockinterview.speech.live import LiveTranscriber
from tests.speech import whisper_shared  # the real base model, loaded once for all files

shared = whisper_shared
transcriber = shared.transcriber


@pytest.mark.slow
def test_first_live_words_come_while_speech_goes_on(transcriber) -> None:
    """en_latency is 7 s of speech with no pause long enough for a cut: before, nothing was
    shown until the answer ended. Fed in real time, the first words now show up within 3 s of
    the start of speech, and the text is updated more than once."""
    audio = shared.read_clip("en_latency")
    speech_start = 0.3  # the clip starts with 0.3 s of silence (make_test_speech.py)
    updates: list[tuple[float, str]] = []
    live = LiveTranscriber(transcriber, "en", [], lambda t: updates.append((time.perf_counter(), t)))
    start = time.perf_counter()
    for i in range(0, len(audio), 1600):
        time.sleep(max(0.0, start + (i + 1600) / 16000 - time.perf_counter()))
        live.feed(audio[i : i + 1600])
    stopped = time.perf_counter()
    result = live.finish()
    during = [(t, text) for t, text in updates if t < stopped and text]
    assert during, updates
    assert during[0][0] - start - speech_start < 3.0, during[0][0] - start
    assert len([u for u in updates if u[1]]) >= 3
    assert updates[-1][1] == result.text and "latency" in result.text.lower()
    assert live.interims >= 1


class _DropsFirstPiece:
    """Whisper stand-in: the live decode of a piece comes back empty (a loop stripped, a bad
    window); the whole-file options give the words."""

    model_name, device, compute_type = "fake", "cpu", "int8"

    def __init__(self) -> None:
        self.calls: list[DecodeOptions] = []

    def submit(self, audio: np.ndarray, language: Any = None, hotwords: Any = None,
               initial_prompt: Any = None, options: DecodeOptions | None = None,
               **_kw: Any) -> Future[Transcript]:  # fmt: skip
        self.calls.append(options or DecodeOptions())
        seconds = len(audio) / 16000
        words = [] if options is not None and options.beam_size == 1 else [
            Word(0.1, seconds - 0.3, "heard", 0.9)
        ]  # fmt: skip
        segments = [Segment(0.1, seconds - 0.3, "heard", words)] if words else []
        future: Future[Transcript] = Future()
        future.set_result(
            Transcript(" ".join(w.word for w in words), "en", seconds, segments, "fake", "cpu", 0.0)
        )
        return future


def test_a_piece_with_speech_that_came_back_empty_is_decoded_again() -> None:
    rng = np.random.default_rng(0)
    tone = (0.1 * np.sin(np.arange(16000 * 3) * 2 * np.pi * 220 / 16000)).astype(np.float32)
    pause = (0.001 * rng.normal(size=16000)).astype(np.float32)
    audio = np.concatenate([pause, tone, pause, tone, pause])
    fake = _DropsFirstPiece()
    live = LiveTranscriber(fake, "en", [], None, speculate=False)  # type: ignore[arg-type]
    for i in range(0, len(audio), 1600):
        live.feed(audio[i : i + 1600])
    result = live.finish()
    assert live.redecoded == 2  # both pieces had 3 s of speech and came back empty
    assert result.text == "heard heard"
    starts = [w.start for w in result.words]
    assert starts[1] - starts[0] > 3.0  # times still offset to the whole answer


def test_no_retry_at_the_end_when_the_recording_is_transcribed_again_afterwards() -> None:
    """``retry_at_end=False`` (the interview refines each answer from its whole recording): a
    piece that came back empty *during* the answer is still decoded again, but the last one,
    finished after the stop, is not — the stop returns at once."""
    rng = np.random.default_rng(0)
    tone = (0.1 * np.sin(np.arange(16000 * 3) * 2 * np.pi * 220 / 16000)).astype(np.float32)
    pause = (0.001 * rng.normal(size=16000)).astype(np.float32)
    audio = np.concatenate([pause, tone, pause, tone])  # the stop comes while speaking
    fake = _DropsFirstPiece()
    live = LiveTranscriber(fake, "en", [], None, speculate=False, retry_at_end=False)  # type: ignore[arg-type]
    for i in range(0, len(audio), 1600):
        live.feed(audio[i : i + 1600])
    result = live.finish()
    assert live.redecoded == 1
    assert result.text == "heard"
    assert [o.beam_size for o in fake.calls].count(5) == 1
