"""Playing a rendered question (WAV/FLAC) through a sounddevice OutputStream, without blocking.

The file is read whole (questions are seconds long); the stream callback steps through it at
`speed` samples per output sample with linear interpolation, so speed can change while playing
(pitch moves with it) and `seek` is just moving the read position.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import soundfile as sf

from mockinterview.speech.audio_devices import AudioDeviceError, find_device

MIN_SPEED, MAX_SPEED = 0.75, 1.5
# Above PortAudio's 0.1 s "high": ALSA's PulseAudio plugin underruns on a busy 2-core box.
OUTPUT_LATENCY_S = 0.3
TAIL_S = 0.6  # silence played after the end, so the buffered end is heard
# Fixed blocks of 1/8 s. With PortAudio's variable block size (~75 ms here) and a capture stream
# open at the same time, the ALSA PulseAudio plugin spun through 'output underflow' callbacks and
# played nothing in 5 of 5 tries on the 2-core box; with >= 93 ms blocks, 15 of 15 played whole.
OUTPUT_BLOCK_S = 0.125


class PlayerError(Exception):
    """The file cannot be read or the output device cannot be opened; the message names which."""


class Player:
    """`play(path, start=0.0)`, `stop()`, `seek(seconds)`, `is_playing`, `position` (seconds into
    the file), `speed` (0.75-1.5). `on_finished()` is called from the audio thread when a file
    has played to its end (not after `stop()`)."""

    def __init__(
        self,
        device: str | int | None = None,
        speed: float = 1.0,
        on_finished: Callable[[], None] | None = None,
    ) -> None:
        self.device = device
        self.on_finished = on_finished
        self._speed = _clamp(speed)
        self._data = np.zeros((0, 1), dtype=np.float32)
        self._rate = 0
        self._pos = 0.0  # read position in file samples (fractional)
        self._stream: Any = None
        self._heard_at: tuple[float, float, float, float] | None = None
        self._tail_frames = 0
        self._done = threading.Event()
        self._done.set()
        self._stopped = False
        self._lock = threading.Lock()  # who takes the stream to close it: stop() or _finished

    # ------------------------------------------------------------------ control
    def play(self, path: str | Path, start: float = 0.0) -> None:
        """Start playing `path` from `start` seconds; stops whatever was playing."""
        self.stop()
        try:
            data, rate = sf.read(str(path), dtype="float32", always_2d=True)
        except (sf.LibsndfileError, RuntimeError, OSError) as exc:
            raise PlayerError(f"cannot read audio file {path}: {exc}") from exc
        try:
            import sounddevice as sd

            found = find_device(self.device, "output")
        except (AudioDeviceError, OSError) as exc:
            raise PlayerError(f"cannot play {Path(path).name}: {exc}") from exc
        channels = min(data.shape[1], max(1, found.max_output_channels))
        self._data = np.ascontiguousarray(data[:, :channels])
        self._rate = int(rate)
        out_rate = self._rate
        try:
            sd.check_output_settings(device=found.index, channels=channels, samplerate=rate)
        except (sd.PortAudioError, ValueError):
            out_rate = int(found.default_samplerate)  # the callback's step absorbs the ratio
        self._step_scale = self._rate / out_rate
        self._pos = max(0.0, start) * self._rate
        self._stopped = False
        self._heard_at = None
        self._tail_frames = int(TAIL_S * out_rate)
        self._done.clear()
        try:
            self._stream = sd.OutputStream(
                device=found.index,
                channels=channels,
                samplerate=out_rate,
                dtype="float32",
                latency=OUTPUT_LATENCY_S,
                blocksize=int(out_rate * OUTPUT_BLOCK_S),
                prime_output_buffers_using_stream_callback=True,
                callback=self._callback,
                finished_callback=self._finished,
            )
            self._stream.start()
        except (sd.PortAudioError, OSError) as exc:
            self._stream = None
            self._done.set()
            raise PlayerError(f"cannot open output device {found.name!r}: {exc}") from exc

    def stop(self) -> None:
        self._stopped = True
        with self._lock:
            stream, self._stream = self._stream, None
        if stream is not None:
            stream.abort()  # at once, not after the buffered audio
            stream.close()
        self._done.set()

    def seek(self, seconds: float) -> None:
        """Jump to `seconds` into the file while playing."""
        self._heard_at = None
        self._pos = min(max(0.0, seconds) * self._rate, float(len(self._data)))

    def wait(self, timeout: float | None = None) -> bool:
        """Block until playback ends (tests and the CLI); True if it ended."""
        return self._done.wait(timeout)

    # ------------------------------------------------------------------ state
    @property
    def is_playing(self) -> bool:
        return not self._done.is_set()

    @property
    def position(self) -> float:
        """Seconds into the file of what is being heard now."""
        if not self._rate:
            return 0.0
        pos = self._pos
        heard = self._heard_at
        if heard is not None and self.is_playing:
            dac, current, at, block_pos = heard
            ahead = dac - current  # seconds between writing the block and hearing it
            if 0.0 < ahead < 5.0:
                since = time.monotonic() - at - ahead
                pos = min(pos, max(0.0, block_pos + since * self._rate * self._speed))
        return min(pos, float(len(self._data))) / self._rate

    @property
    def duration(self) -> float:
        return len(self._data) / self._rate if self._rate else 0.0

    @property
    def speed(self) -> float:
        return self._speed

    @speed.setter
    def speed(self, value: float) -> None:
        self._speed = _clamp(value)

    # ------------------------------------------------------------------ audio thread
    def _callback(self, outdata: np.ndarray, frames: int, when: Any, status: Any) -> None:
        import sounddevice as sd

        data, n = self._data, len(self._data)
        step = self._speed * self._step_scale
        t = self._pos + step * np.arange(frames)
        valid = int(np.searchsorted(t, n - 1, side="left")) if n > 1 else 0
        if valid:
            idx = t[:valid].astype(np.int64)
            frac = (t[:valid] - idx)[:, None].astype(np.float32)
            outdata[:valid] = data[idx] * (1.0 - frac) + data[idx + 1] * frac
        outdata[valid:] = 0.0
        # What is written now is heard at outputBufferDacTime: remember it so `position` reports
        # what is audible, not what is buffered (ALSA's PulseAudio plugin buffers ~0.3 s+).
        self._heard_at = (when.outputBufferDacTime, when.currentTime, time.monotonic(), self._pos)
        self._pos = min(self._pos + step * frames, float(n))
        if valid < frames:
            # Play silence for a while before stopping: ALSA's PulseAudio plugin drops what is
            # still buffered when a stream stops, which would cut off the question's last words.
            self._tail_frames -= frames - valid
            if self._tail_frames <= 0:
                raise sd.CallbackStop

    def _finished(self) -> None:
        if self._stopped:  # stop() aborted and closes the stream itself
            self._done.set()
            return
        # Played to the end: close the stream too. A finished stream left open keeps its ALSA
        # PulseAudio-plugin PCM, and the next stream opened (by any Player) then spins through
        # 'output underflow' callbacks and plays nothing (measured: 5 of 6 plays silent).
        # PortAudio cannot close a stream from its own thread, so a helper thread does it.
        with self._lock:
            stream, self._stream = self._stream, None
        threading.Thread(
            target=self._close_finished, args=(stream,), name="player-close", daemon=True
        ).start()

    def _close_finished(self, stream: Any) -> None:
        import sounddevice as sd

        try:
            if stream is not None:
                deadline = time.monotonic() + 2.0
                while stream.active and time.monotonic() < deadline:
                    time.sleep(0.005)  # the audio thread is still returning from the callback
                stream.close(ignore_errors=True)
        except sd.PortAudioError:
            pass  # closed already, or the device vanished: nothing left to release
        finally:
            self._done.set()
        if self.on_finished is not None:
            self.on_finished()


def _clamp(speed: float) -> float:
    return min(MAX_SPEED, max(MIN_SPEED, float(speed)))
