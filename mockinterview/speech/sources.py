"""Where the recorder's blocks come from: the microphone (sounddevice) or an audio file.

Both hand float32 blocks (frames × channels, at the source's own rate) to `deliver`, which is the
recorder's queue; everything else (mixing down, resampling, disk, levels) happens in the
recorder's writer thread, so a file goes through exactly the path the microphone does.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import soundfile as sf

from mockinterview.speech.audio_devices import AudioDeviceError, find_device

INPUT_LATENCY_S = 0.25


class RecorderError(Exception):
    """The input cannot be opened or stopped delivering; the message names the device."""


Deliver = Callable[[np.ndarray], None]
OnEnd = Callable[[Exception | None], None]


class InputSource(Protocol):
    """A stream of float32 blocks. `on_end` is called when it ends by itself (file read to the end:
    None; device lost: a RecorderError), never after `stop()`."""

    name: str

    @property
    def samplerate(self) -> int: ...

    def start(self, deliver: Deliver, on_end: OnEnd) -> None: ...

    def stop(self) -> None: ...


class FileSource:
    """An audio file played into the recorder, at real-time pace or as fast as it can be read."""

    def __init__(self, path: str | Path, realtime: bool = True, blocksize: int = 1024) -> None:
        self.path = Path(path)
        self.name = f"file {self.path}"
        self.realtime = realtime
        self.blocksize = blocksize
        try:
            info = sf.info(str(self.path))
        except (sf.LibsndfileError, RuntimeError, OSError) as exc:
            raise RecorderError(f"cannot read answer audio {self.path}: {exc}") from exc
        self._samplerate = int(info.samplerate)
        self.duration = float(info.duration)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def samplerate(self) -> int:
        return self._samplerate

    def start(self, deliver: Deliver, on_end: OnEnd) -> None:
        self._stop.clear()
        self._thread = threading.Thread(
            target=self._run, args=(deliver, on_end), name="file-source", daemon=True
        )
        self._thread.start()

    def _run(self, deliver: Deliver, on_end: OnEnd) -> None:
        start = time.monotonic()
        sent = 0
        try:
            for block in sf.blocks(
                str(self.path), blocksize=self.blocksize, dtype="float32", always_2d=True
            ):
                if self._stop.is_set():
                    return
                if self.realtime:  # deliver each block when a microphone would have
                    due = start + sent / self._samplerate
                    if self._stop.wait(max(0.0, due - time.monotonic())):
                        return
                deliver(block)
                sent += len(block)
        except (sf.LibsndfileError, RuntimeError, OSError) as exc:
            on_end(RecorderError(f"reading answer audio {self.path} failed: {exc}"))
            return
        if self.realtime:  # the last block also takes its time to "be spoken"
            self._stop.wait(max(0.0, start + sent / self._samplerate - time.monotonic()))
        if not self._stop.is_set():
            on_end(None)

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout=5)


class MicrophoneSource:
    """A sounddevice InputStream; opened at `samplerate` when the device allows it, else at the
    device's default rate (the recorder resamples)."""

    def __init__(self, device: str | int | None = None, samplerate: int = 16000) -> None:
        self.device = device
        self.wanted_rate = samplerate
        self.name = "the default input device" if device is None else f"input device {device!r}"
        self._rate = samplerate
        self._stream: Any = None
        self._stopping = False

    @property
    def samplerate(self) -> int:
        return self._rate

    def start(self, deliver: Deliver, on_end: OnEnd) -> None:
        try:
            import sounddevice as sd

            found = find_device(self.device, "input")
        except (AudioDeviceError, OSError) as exc:
            raise RecorderError(f"cannot record from {self.name}: {exc}") from exc
        self.name = f"input device {found.name!r}"
        try:
            sd.check_input_settings(
                device=found.index, channels=1, samplerate=self.wanted_rate, dtype="float32"
            )
            self._rate = self.wanted_rate
        except (sd.PortAudioError, ValueError):
            self._rate = int(found.default_samplerate)

        def callback(indata: np.ndarray, frames: int, when: Any, status: Any) -> None:
            deliver(indata.copy())  # nothing else here: disk and levels are the writer's job

        def finished() -> None:
            if not self._stopping:
                on_end(RecorderError(f"{self.name} stopped delivering audio (unplugged?)"))

        self._stopping = False
        try:
            self._stream = sd.InputStream(
                device=found.index,
                channels=1,
                samplerate=self._rate,
                dtype="float32",
                blocksize=self._rate // 20,
                # PortAudio's low default (0.1 s) starves now and then through ALSA's PulseAudio
                # plugin (blocks stop coming); a recording does not need low latency.
                latency=INPUT_LATENCY_S,
                callback=callback,
                finished_callback=finished,
            )
            self._stream.start()
        except (sd.PortAudioError, OSError) as exc:
            self._stream = None
            raise RecorderError(
                f"cannot open {self.name} at {self._rate} Hz: {exc} "
                "(in use by another program, or no permission to record?)"
            ) from exc

    def stop(self) -> None:
        import sounddevice as sd

        self._stopping = True
        stream, self._stream = self._stream, None
        if stream is not None:
            try:
                stream.stop()
                stream.close()
            except sd.PortAudioError:  # a vanished device may fail to close; its audio is saved
                pass
