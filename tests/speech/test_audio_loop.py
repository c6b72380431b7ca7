"""The no-hardware audio loop: TTS renders a question, the Player plays it into the PulseAudio null
sink, the Recorder records the sink's monitor through sounddevice."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from mockinterview.speech.player import Player
from mockinterview.speech.recorder import Recorder
from mockinterview.speech.tts import TTSRenderer

from .conftest import with_retries

pytestmark = pytest.mark.audio_loop

QUESTION = "Explain how low rank adaptation reduces the number of trainable parameters."


def test_spoken_question_is_heard_back_through_the_monitor(audio_loop, tmp_path: Path) -> None:
    with_retries(lambda: _loop_once(audio_loop, tmp_path))


def _loop_once(audio_loop, tmp_path: Path) -> None:
    question = TTSRenderer(tmp_path / "tts").render(QUESTION).result(timeout=30)
    spoken = sf.info(str(question)).duration

    levels: list[float] = []
    recorder = Recorder(device=audio_loop.input_device)
    recorder.start(tmp_path / "answer.wav", on_level=lambda rms, _peak: levels.append(rms))
    started = time.monotonic()
    time.sleep(1.0)  # silence before
    player = Player(device=audio_loop.output_device)
    player.play(question)
    assert player.wait(spoken + 10)
    time.sleep(1.5)  # silence after (and the end the plugin may still hold)
    rec = recorder.stop()
    wall = time.monotonic() - started

    assert rec.error is None
    audio, rate = sf.read(str(rec.path), dtype="float32")
    assert rate == 16000
    # the whole question plus most of the silence around it (the plugin may drop a little)
    assert spoken + 0.8 < rec.duration <= wall + 0.1
    frame = rate // 20  # the recorder's level rate: 20 per second
    rms = np.sqrt(np.mean(audio[: len(audio) // frame * frame].reshape(-1, frame) ** 2, axis=1))
    loud = np.nonzero(rms > 0.01)[0]
    assert len(loud), "nothing was heard from the monitor"
    # quiet before the question, loud while it plays, as long as the question
    assert rms[: max(1, loud[0] - 2)].max() < 0.005
    assert float(np.median(rms[loud[0] : loud[-1] + 1])) > 0.03
    assert (loud[-1] - loud[0] + 1) / 20 == pytest.approx(spoken, abs=0.5)
    # the level callback saw the same rise
    assert max(levels) > 0.05 and min(levels) < 0.005
