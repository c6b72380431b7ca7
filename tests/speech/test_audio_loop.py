"""The no-hardware audio loop: TTS renders a question, the Player plays it into the PulseAudio null
sink, the Recorder records the sink's monitor through sounddevice. Measured in what was recorded
(see conftest.py for why not in wall-clock time)."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from mockinterview.speech.player import Player
from mockinterview.speech.recorder import Recorder
from mockinterview.speech.tts import TTSRenderer

from .conftest import frame_rms, loud_span

pytestmark = pytest.mark.audio_loop

QUESTION = "Explain how low rank adaptation reduces the number of trainable parameters."


def test_spoken_question_is_heard_back_through_the_monitor(audio_loop, tmp_path: Path) -> None:
    question = TTSRenderer(tmp_path / "tts").render(QUESTION).result(timeout=30)
    spoken = sf.info(str(question)).duration
    rendered_rms, fps = frame_rms(question)
    rendered = loud_span(rendered_rms, 0.01)
    assert rendered is not None
    rendered_seconds = (rendered[1] - rendered[0] + 1) / fps

    levels: list[float] = []
    recorder = Recorder(device=audio_loop.input_device)
    recorder.start(tmp_path / "answer.wav", on_level=lambda rms, _peak: levels.append(rms))
    started = time.monotonic()
    deadline = started + 10
    while recorder.duration < 1.0:  # a second of silence first, once capture really flows
        assert time.monotonic() < deadline, "the monitor delivered no audio within 10 s"
        time.sleep(0.05)
    player = Player(device=audio_loop.output_device)
    player.play(question)
    assert player.wait(spoken + 10)
    time.sleep(1.5)  # silence after (and the end the plugin may still hold)
    rec = recorder.stop()
    wall = time.monotonic() - started

    assert rec.error is None
    assert rec.duration <= wall + 0.1
    assert rec.duration >= spoken + 1.0  # the silence before plus at least the question
    rms, fps = frame_rms(rec.path)
    span = loud_span(rms, 0.01)
    assert span is not None, "nothing was heard from the monitor"
    first, last = span
    quiet = float(np.percentile(rms, 5))
    speaking = float(np.median(rms[first : last + 1]))
    # Silence around, speech far above it: a broken loop records silence or noise only.
    assert quiet < 0.002 and speaking > 0.03 and speaking > 20 * max(quiet, 1e-4)
    assert rms[: max(1, first - 2)].max() < 0.005, "loud before the question was played"
    # As long as the rendered speech, within what a dropped/late block can change.
    heard = (last - first + 1) / fps
    assert 0.8 * rendered_seconds <= heard <= 1.25 * rendered_seconds + 0.3, (
        heard,
        rendered_seconds,
    )
    # The level callback (what the meter draws) saw the same rise.
    assert max(levels) > 0.05 and min(levels) < 0.005
