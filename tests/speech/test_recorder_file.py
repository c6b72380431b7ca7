"""Recorder fed through FileSource (the microphone's exact path): 16 kHz output, levels, blocks,
errors kept with the audio, device lookup, and the crash repair of unfinished WAVs."""

from __future__ import annotations

import os
import struct
import time
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from mockinterview.speech.recorder import (
    LinearResampler,
    Recorder,
    RecorderError,
    Recording,
    dbfs,
    repair_recordings,
    wav_header,
)
from mockinterview.speech.sources import Deliver, FileSource, OnEnd

SPEECH_DATA = Path(__file__).resolve().parents[1] / "data" / "speech"


def _tone(path: Path, seconds: float, rate: int, channels: int = 1, amp: float = 0.5) -> Path:
    t = np.arange(int(seconds * rate)) / rate
    wave = (amp * np.sin(2 * np.pi * 440 * t)).astype(np.float32)
    sf.write(str(path), np.repeat(wave[:, None], channels, axis=1), rate)
    return path


def _record(source: FileSource, path: Path, **callbacks: object) -> Recording:
    recorder = Recorder(source=source)
    recorder.start(path, **callbacks)  # type: ignore[arg-type]
    deadline = time.monotonic() + 30
    while not recorder.input_ended:
        assert time.monotonic() < deadline, "the file source never ended"
        time.sleep(0.02)
    return recorder.stop()


def test_a_44k_stereo_file_is_recorded_as_16k_mono_with_levels(tmp_path: Path) -> None:
    source = FileSource(_tone(tmp_path / "in.flac", 3.0, 44100, channels=2), realtime=False)
    levels: list[tuple[float, float]] = []
    blocks: list[np.ndarray] = []
    rec = _record(
        source,
        tmp_path / "out" / "answer.wav",
        on_level=lambda rms, peak: levels.append((rms, peak)),
        on_block=blocks.append,
    )
    assert rec.error is None
    assert rec.duration == pytest.approx(3.0, abs=0.01)
    info = sf.info(str(rec.path))
    assert (info.samplerate, info.channels, info.subtype) == (16000, 1, "PCM_16")
    assert info.duration == pytest.approx(3.0, abs=0.01)
    # ~20 level updates a second; a 0.5 sine: RMS 0.354 (-9 dBFS), peak 0.5 (-6 dBFS)
    assert len(levels) == pytest.approx(60, abs=2)
    rms, peak = levels[len(levels) // 2]
    assert dbfs(rms) == pytest.approx(-9.03, abs=0.3)
    assert dbfs(peak) == pytest.approx(-6.02, abs=0.3)
    # on_block carries the same 16 kHz float32 mono audio that went to disk
    assert all(b.dtype == np.float32 and b.ndim == 1 for b in blocks)
    fed = np.concatenate(blocks)
    on_disk, _ = sf.read(str(rec.path), dtype="float32")
    assert len(fed) == len(on_disk)
    assert np.abs(fed - on_disk).max() < 1e-3


def test_resampling_keeps_the_pitch() -> None:
    rate = 48000
    t = np.arange(rate) / rate
    tone = np.sin(2 * np.pi * 1000 * t).astype(np.float32)
    resampler = LinearResampler(rate, 16000)
    out = np.concatenate([resampler.process(tone[i : i + 1000]) for i in range(0, rate, 1000)])
    assert len(out) == pytest.approx(16000, abs=2)
    spectrum = np.abs(np.fft.rfft(out[:16000]))
    assert np.argmax(spectrum) * 16000 / len(out[:16000]) == pytest.approx(1000, abs=2)


def test_realtime_file_source_takes_as_long_as_the_clip(tmp_path: Path) -> None:
    source = FileSource(_tone(tmp_path / "in.wav", 1.5, 16000), realtime=True)
    started = time.monotonic()
    rec = _record(source, tmp_path / "answer.wav")
    assert time.monotonic() - started == pytest.approx(1.5, abs=0.4)
    assert rec.duration == pytest.approx(1.5, abs=0.01)


def test_a_spoken_clip_goes_through_unchanged_in_length(tmp_path: Path) -> None:
    clip = SPEECH_DATA / "en_lora.flac"
    rec = _record(FileSource(clip, realtime=False), tmp_path / "answer.wav")
    assert rec.duration == pytest.approx(sf.info(str(clip)).duration, abs=0.01)


def test_missing_device_is_a_recorder_error_naming_it(tmp_path: Path) -> None:
    recorder = Recorder(device="Nonexistent USB Mic 9000")
    with pytest.raises(RecorderError, match="Nonexistent USB Mic 9000"):
        recorder.start(tmp_path / "answer.wav")
    assert not recorder.recording


def test_unreadable_answer_file_is_a_recorder_error(tmp_path: Path) -> None:
    bad = tmp_path / "notes.wav"
    bad.write_text("not audio")
    with pytest.raises(RecorderError, match="notes.wav"):
        FileSource(bad)


class _VanishingSource:
    """A device that delivers one second and then is unplugged (stand-in: no real device can be
    unplugged in a test)."""

    name = "input device 'USB Headset'"
    samplerate = 16000

    def start(self, deliver: Deliver, on_end: OnEnd) -> None:
        for _ in range(10):
            deliver(np.full((1600, 1), 0.25, dtype=np.float32))
        on_end(RecorderError(f"{self.name} stopped delivering audio (unplugged?)"))

    def stop(self) -> None:
        pass


def test_device_lost_mid_answer_keeps_the_audio_and_names_the_device(tmp_path: Path) -> None:
    recorder = Recorder(source=_VanishingSource())
    recorder.start(tmp_path / "answer.wav")
    deadline = time.monotonic() + 5
    while not recorder.input_ended and time.monotonic() < deadline:
        time.sleep(0.01)
    rec = recorder.stop()
    assert rec.error is not None and "USB Headset" in rec.error
    assert rec.duration == pytest.approx(1.0)
    assert sf.info(str(rec.path)).duration == pytest.approx(1.0)


def test_repair_fixes_a_wav_whose_header_was_never_updated(tmp_path: Path) -> None:
    path = tmp_path / "session" / "001-answer.wav"
    path.parent.mkdir()
    pcm = (np.sin(np.arange(24000) / 5) * 8000).astype("<i2").tobytes()
    path.write_bytes(wav_header(16000, 0) + pcm + b"\x01")  # killed mid-sample
    intact = _tone(tmp_path / "session" / "002-answer.wav", 0.5, 16000)
    before = intact.read_bytes()
    assert repair_recordings(tmp_path) == [path]
    assert sf.info(str(path)).frames == 24000
    assert intact.read_bytes() == before  # finished files are left alone
    assert repair_recordings(tmp_path) == []  # and a repaired one is now finished
    riff = struct.unpack("<I", path.read_bytes()[4:8])[0]
    assert riff == os.path.getsize(path) - 8
