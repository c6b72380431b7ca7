"""Speech test fixtures: test clips, and a PulseAudio null sink for the no-hardware audio loop.

`audio_loop` starts PulseAudio when none answers (see pulse_loop.py), makes the null sink `vspk`
the default sink and its monitor the default source, and re-initialises PortAudio, which froze its
device list at import. sounddevice then has a device named `pulse`: what the player plays into it,
the recorder hears from the monitor. It also opens one capture and one playback stream first: the
first capture stream of a process starts ~2 s late, which would cut the start off a recording.

Measured on the 2-core CI box (PortAudio → ALSA pulse plugin → null sink): with a capture and a
playback stream open at once, a stream now and then starts up to ~1 s late or drops a block. The
loop tests therefore measure what was recorded (levels, lengths, ratios) with tolerances wide
enough for that and narrow enough that a broken loop (silence, wrong speed, truncation) fails.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from tests.conftest import _pulse_loop

SPEECH_DATA = Path(__file__).resolve().parents[1] / "data" / "speech"


@dataclass(frozen=True)
class AudioLoop:
    """Device names to pass to Player(device=...) and Recorder(device=...)."""

    output_device: str
    input_device: str
    sink: str
    source: str


@pytest.fixture(scope="session")
def speech_data() -> Path:
    return SPEECH_DATA


@pytest.fixture(scope="session")
def audio_loop() -> Iterator[AudioLoop]:
    """A PulseAudio null sink looped back to an input, seen by sounddevice as device `pulse`."""
    loop = _pulse_loop()  # tests/conftest.py
    try:
        sink, source = loop.start_null_sink()
        loop.warm_up("pulse")
    except loop.PulseUnavailable as exc:
        pytest.fail(str(exc))
    yield AudioLoop("pulse", "pulse", sink, source)


def frame_rms(path: Path, frames_per_second: int = 50) -> tuple[np.ndarray, int]:
    """RMS of each 1/frames_per_second of a recording, and that frame rate."""
    audio, rate = sf.read(str(path), dtype="float32")
    if audio.ndim == 2:
        audio = audio.mean(axis=1)
    frame = rate // frames_per_second
    usable = len(audio) // frame * frame
    rms = np.sqrt(np.mean(audio[:usable].reshape(-1, frame) ** 2, axis=1))
    return rms, frames_per_second


def loud_span(rms: np.ndarray, threshold: float) -> tuple[int, int] | None:
    """First and last loud frame, or None when nothing was loud."""
    loud = np.nonzero(rms > threshold)[0]
    return (int(loud[0]), int(loud[-1])) if len(loud) else None
