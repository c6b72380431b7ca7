"""Player on a real sounddevice output (the PulseAudio null sink): non-blocking play, position,
speed, seek, stop, on_finished. What was played is measured in what the monitor recorded (pitch,
length, level), never in wall-clock time: ALSA's PulseAudio plugin may hold a stream's start back
by up to a second on a busy 2-core box."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from mockinterview.speech.player import Player, PlayerError
from mockinterview.speech.recorder import Recorder

from .conftest import frame_rms, loud_span

pytestmark = pytest.mark.audio_loop

TONE_HZ = 440.0
CLIP_SECONDS = 1.5


@pytest.fixture
def clip(tmp_path: Path) -> Path:
    rate = 22050
    t = np.arange(int(CLIP_SECONDS * rate)) / rate
    path = tmp_path / "question.wav"
    sf.write(str(path), (0.3 * np.sin(2 * np.pi * TONE_HZ * t)).astype(np.float32), rate)
    return path


def start_flowing(recorder: Recorder, path: Path) -> None:
    """Start recording and return once blocks really arrive (capture may start late)."""
    recorder.start(path)
    deadline = time.monotonic() + 10
    while recorder.duration < 0.3:
        assert time.monotonic() < deadline, "the monitor delivered no audio within 10 s"
        time.sleep(0.05)


def dominant_hz(path: Path, threshold: float = 0.05) -> float:
    """The strongest frequency in the loud part of a recording."""
    audio, rate = sf.read(str(path), dtype="float32")
    rms, fps = frame_rms(path)
    span = loud_span(rms, threshold)
    assert span is not None, "nothing was heard from the monitor"
    part = audio[span[0] * rate // fps : (span[1] + 1) * rate // fps]
    spectrum = np.abs(np.fft.rfft(part * np.hanning(len(part))))
    return float(np.fft.rfftfreq(len(part), 1 / rate)[int(np.argmax(spectrum))])


def test_play_returns_at_once_and_finishes_with_callback(audio_loop, clip: Path) -> None:
    finished = threading.Event()
    player = Player(device=audio_loop.output_device, on_finished=finished.set)
    started = time.monotonic()
    player.play(clip)
    assert time.monotonic() - started < 0.5  # non-blocking
    assert player.is_playing
    assert player.position < CLIP_SECONDS
    assert finished.wait(10)
    assert not player.is_playing
    assert player.position == pytest.approx(CLIP_SECONDS, abs=0.01)


@pytest.mark.parametrize("speed", [1.5, 0.75])
def test_speed_changes_pitch_and_length_of_what_is_heard(
    audio_loop, clip: Path, tmp_path: Path, speed: float
) -> None:
    start = 0.3
    recorder = Recorder(device=audio_loop.input_device)
    start_flowing(recorder, tmp_path / "monitor.wav")
    player = Player(device=audio_loop.output_device, speed=speed)
    player.play(clip, start=start)
    assert player.wait(10)
    time.sleep(1.0)  # the plugin may still hold the end of it
    rec = recorder.stop()

    # Pitch moves with speed: a dropped block or a late start cannot fake that.
    assert dominant_hz(rec.path) == pytest.approx(TONE_HZ * speed, rel=0.03)
    # Length: (1.5 - 0.3) / speed seconds; wide band for blocks the plugin drops or repeats,
    # still far from the other speed's length (0.8 s vs 1.6 s) and from the whole clip at 1x.
    rms, fps = frame_rms(rec.path)
    span = loud_span(rms, 0.05)
    assert span is not None
    heard = (span[1] - span[0] + 1) / fps
    expected = (CLIP_SECONDS - start) / speed
    assert 0.75 * expected <= heard <= 1.3 * expected, (heard, expected)


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
    assert player.position < CLIP_SECONDS - 0.1


def test_missing_output_device_and_unreadable_file(audio_loop, clip: Path, tmp_path: Path) -> None:
    with pytest.raises(PlayerError, match="Studio Monitor X"):
        Player(device="Studio Monitor X").play(clip)
    bad = tmp_path / "q.wav"
    bad.write_bytes(b"RIFF")
    with pytest.raises(PlayerError, match="q.wav"):
        Player(device=audio_loop.output_device).play(bad)
