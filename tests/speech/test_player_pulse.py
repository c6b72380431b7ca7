"""Player on a real sounddevice output (the PulseAudio null sink): non-blocking play, position,
speed, seek, stop, on_finished. Durations are measured in what the monitor recorded, not in
wall-clock time: ALSA's PulseAudio plugin may hold a stream's start back by up to a second."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from mockinterview.speech.player import Player, PlayerError
from mockinterview.speech.recorder import Recorder

from .conftest import with_retries

pytestmark = pytest.mark.audio_loop


@pytest.fixture
def clip(tmp_path: Path) -> Path:
    rate = 22050
    t = np.arange(int(1.5 * rate)) / rate
    path = tmp_path / "question.wav"
    sf.write(str(path), (0.3 * np.sin(2 * np.pi * 440 * t)).astype(np.float32), rate)
    return path


def _loud_seconds(path: Path, threshold: float = 0.02) -> float:
    audio, rate = sf.read(str(path), dtype="float32")
    frame = rate // 50
    rms = np.sqrt(np.mean(audio[: len(audio) // frame * frame].reshape(-1, frame) ** 2, axis=1))
    return float(np.count_nonzero(rms > threshold) * frame / rate)


def test_play_returns_at_once_and_finishes_with_callback(audio_loop, clip: Path) -> None:
    finished = threading.Event()
    player = Player(device=audio_loop.output_device, on_finished=finished.set)
    started = time.monotonic()
    player.play(clip)
    assert time.monotonic() - started < 0.5  # non-blocking
    assert player.is_playing
    assert player.position < 1.5
    assert finished.wait(8)
    assert not player.is_playing
    assert player.position == pytest.approx(1.5, abs=0.01)


@pytest.mark.parametrize(("speed", "start", "expected"), [(1.5, 0.3, 0.8), (0.75, 0.3, 1.6)])
def test_speed_and_start_change_how_long_the_question_sounds(
    audio_loop, clip: Path, tmp_path: Path, speed: float, start: float, expected: float
) -> None:
    def check() -> None:
        recorder = Recorder(device=audio_loop.input_device)
        recorder.start(tmp_path / "monitor.wav")
        player = Player(device=audio_loop.output_device, speed=speed)
        player.play(clip, start=start)
        assert player.wait(8)
        time.sleep(1.5)  # the plugin may still hold the end of it
        rec = recorder.stop()
        assert _loud_seconds(rec.path) == pytest.approx(expected, abs=0.2)

    with_retries(check)


def test_speed_is_clamped() -> None:
    player = Player(speed=9.0)
    assert player.speed == 1.5
    player.speed = 0.1
    assert player.speed == 0.75


def test_stop_ends_playback_without_on_finished(audio_loop, clip: Path) -> None:
    finished = threading.Event()
    player = Player(device=audio_loop.output_device, on_finished=finished.set)
    player.play(clip)
    time.sleep(0.3)
    player.stop()
    assert not player.is_playing
    assert not finished.wait(0.5)
    assert player.position < 1.4


def test_missing_output_device_and_unreadable_file(audio_loop, clip: Path, tmp_path: Path) -> None:
    with pytest.raises(PlayerError, match="Studio Monitor X"):
        Player(device="Studio Monitor X").play(clip)
    bad = tmp_path / "q.wav"
    bad.write_bytes(b"RIFF")
    with pytest.raises(PlayerError, match="q.wav"):
        Player(device=audio_loop.output_device).play(bad)
