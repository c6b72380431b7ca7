"""Recording an answer to disk as it is spoken, so a crash or a kill loses about a second at most.

The input (microphone or `FileSource`) only puts blocks on a queue. One writer thread mixes them
down to mono, resamples to 16 kHz, appends 16-bit PCM to a WAV file at once (plain `os.write`:
the data is in the OS's hands, a killed process does not lose it), rewrites the WAV header's
sizes every second, publishes the level ~20 times a second and hands each block to `on_block`
(the live transcriber). A WAV left with stale sizes by a crash is fixed by `repair_recordings`.

Levels: `on_level(rms, peak)` gets linear amplitudes 0..1 (what the level meter draws);
`dbfs()` converts.
"""

from __future__ import annotations

import errno
import logging
import math
import os
import queue
import struct
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from mockinterview.speech.sources import InputSource, MicrophoneSource, RecorderError

__all__ = ["Recorder", "RecorderError", "Recording", "dbfs", "repair_recordings"]

log = logging.getLogger(__name__)

LevelCallback = Callable[[float, float], None]
BlockCallback = Callable[[np.ndarray], None]

HEADER_BYTES = 44
HEADER_EVERY_S = 1.0  # how stale the sizes in the header may get
LEVEL_EVERY_S = 0.05  # 20 level updates a second
SILENT_INPUT_S = 5.0  # a live device that sends nothing this long is gone (not a hiccup)


@dataclass(frozen=True)
class Recording:
    path: Path
    duration: float  # seconds of audio in the file
    error: str | None = None  # why the input ended early; the audio up to then is in `path`


def dbfs(amplitude: float) -> float:
    """Linear amplitude (1.0 = full scale) → dBFS; silence is -inf."""
    return 20.0 * math.log10(amplitude) if amplitude > 0 else -math.inf


def wav_header(samplerate: int, data_bytes: int, channels: int = 1) -> bytes:
    """Canonical 44-byte PCM16 WAV header."""
    block_align = 2 * channels
    return (
        b"RIFF"
        + struct.pack("<I", 36 + data_bytes)
        + b"WAVEfmt "
        + struct.pack("<IHHIIHH", 16, 1, channels, samplerate, samplerate * block_align,
                      block_align, 16)
        + b"data"
        + struct.pack("<I", data_bytes)
    )  # fmt: skip


class LinearResampler:
    """Streaming linear-interpolation resampler (state carried across blocks). Enough for
    speech to Whisper; the device is asked for 16 kHz first, so it is rarely used."""

    def __init__(self, src_rate: int, dst_rate: int) -> None:
        self.step = src_rate / dst_rate
        self._pos = 0.0  # position of the next output sample, relative to `_last`
        self._last: np.ndarray | None = None

    def process(self, block: np.ndarray) -> np.ndarray:
        if self.step == 1.0:
            return block
        buf = block if self._last is None else np.concatenate((self._last, block))
        n = len(buf)
        if n < 2:
            self._last = buf[-1:] if n else self._last
            return np.zeros(0, dtype=np.float32)
        count = max(0, math.ceil((n - 1 - self._pos) / self.step))
        t = self._pos + self.step * np.arange(count)
        out = np.interp(t, np.arange(n), buf).astype(np.float32)
        self._pos = self._pos + self.step * count - (n - 1)
        self._last = buf[-1:]
        return out


class Recorder:
    """`start(path, on_level, on_block)` … `stop() -> Recording`. One recording at a time.

    `device`: name substring or index (None: the default input). `source`: any InputSource instead
    of the microphone (a `FileSource` for headless runs and tests)."""

    def __init__(
        self,
        device: str | int | None = None,
        samplerate: int = 16000,
        source: InputSource | None = None,
    ) -> None:
        self.samplerate = samplerate
        self.source: InputSource = source or MicrophoneSource(device, samplerate)
        self._queue: queue.Queue[np.ndarray | None] = queue.Queue()
        self._writer: threading.Thread | None = None
        self._fd = -1
        self._path: Path | None = None
        self._frames = 0
        self._error: str | None = None
        self._write_failed = False
        self._ended = threading.Event()
        self._on_level: LevelCallback | None = None
        self._on_block: BlockCallback | None = None

    # ------------------------------------------------------------------ control
    def start(
        self,
        path: str | Path,
        on_level: LevelCallback | None = None,
        on_block: BlockCallback | None = None,
    ) -> None:
        if self._writer is not None:
            raise RuntimeError("the recorder is already recording")
        self._path = Path(path)
        if self._path.suffix.lower() != ".wav":
            raise ValueError(f"recordings are written as WAV; got {self._path.name}")
        self._path.parent.mkdir(parents=True, exist_ok=True)
        self._on_level, self._on_block = on_level, on_block
        self._frames, self._error = 0, None
        self._ended.clear()
        self._queue = queue.Queue()
        # Never truncate: an existing file is someone's recording (an id reused, a resumed
        # session); a fresh name is taken instead and `Recording.path` says which.
        self._fd, self._path = create_fresh(self._path)
        self._write_failed = False
        try:
            os.write(self._fd, wav_header(self.samplerate, 0))
        except OSError as exc:
            os.close(self._fd)
            self._fd = -1
            self._path.unlink(missing_ok=True)
            raise RecorderError(_write_error(self._path, exc)) from exc
        try:
            self.source.start(self._queue.put_nowait, self._source_ended)
        except Exception:
            os.close(self._fd)
            self._fd = -1
            raise
        self._writer = threading.Thread(
            target=self._write_loop, name="recorder-writer", daemon=True
        )
        self._writer.start()

    def stop(self) -> Recording:
        """Stop the input, write what is queued, close the file; never loses what was recorded."""
        if self._writer is None or self._path is None:
            raise RuntimeError("no recording in progress")
        self.source.stop()
        self._queue.put(None)
        self._writer.join()
        self._writer = None
        self._write_header()
        os.close(self._fd)
        self._fd = -1
        return Recording(self._path, self._frames / self.samplerate, self._error)

    @property
    def recording(self) -> bool:
        return self._writer is not None

    @property
    def input_ended(self) -> bool:
        """True once the input stopped by itself (file read to the end, or device lost)."""
        return self._ended.is_set()

    @property
    def error(self) -> str | None:
        return self._error

    @property
    def duration(self) -> float:
        return self._frames / self.samplerate

    # ------------------------------------------------------------------ writer thread
    def _source_ended(self, error: Exception | None) -> None:
        if error is not None and self._error is None:
            self._error = str(error)
            log.warning("recording input ended: %s", error)
        self._ended.set()

    def _write_loop(self) -> None:
        resampler = LinearResampler(self.source.samplerate, self.samplerate)
        level_size = max(1, int(self.samplerate * LEVEL_EVERY_S))
        level_buf = np.zeros(0, dtype=np.float32)
        last_header = last_block = time.monotonic()
        live = isinstance(self.source, MicrophoneSource)
        while True:
            try:
                block = self._queue.get(timeout=0.2)
            except queue.Empty:
                block = None
                silent = time.monotonic() - last_block > SILENT_INPUT_S
                if live and silent and not self._ended.is_set():
                    self._source_ended(
                        RecorderError(
                            f"{self.source.name} sent no audio for {SILENT_INPUT_S:.0f} s "
                            "(unplugged?)"
                        )
                    )
                continue
            if block is None:
                break
            last_block = time.monotonic()
            mono = block.mean(axis=1) if block.ndim == 2 else block
            mono = resampler.process(mono.astype(np.float32, copy=False))
            if not len(mono):
                continue
            if self._write_failed:
                continue  # drain the queue; nothing more can be written
            pcm = (np.clip(mono, -1.0, 1.0) * 32767.0).astype("<i2")
            written, failure = self._write_all(pcm.tobytes())
            self._frames += written // 2
            if failure is not None:
                self._fail_write(failure)
                continue
            if last_block - last_header >= HEADER_EVERY_S:
                self._write_header()
                last_header = last_block
            self._publish_block(mono)
            level_buf = np.concatenate((level_buf, mono))
            while len(level_buf) >= level_size:
                chunk, level_buf = level_buf[:level_size], level_buf[level_size:]
                self._publish_level(chunk)

    def _write_all(self, data: bytes) -> tuple[int, OSError | None]:
        """(bytes written, the error that stopped it): a full disk ends the recording, it
        does not end the thread silently."""
        view = memoryview(data)
        written = 0
        while view:
            try:
                n = os.write(self._fd, view)
            except OSError as exc:
                return written, exc
            written += n
            view = view[n:]
        return written, None

    def _fail_write(self, exc: OSError) -> None:
        self._write_failed = True
        assert self._path is not None
        message = _write_error(self._path, exc)
        if self._error is None:
            self._error = message
        log.error("%s", message)
        self._ended.set()  # the host stops the answer and saves what was written

    def _write_header(self) -> None:
        try:  # rewrites bytes already on disk: needs no new space
            os.pwrite(self._fd, wav_header(self.samplerate, self._frames * 2), 0)
        except OSError as exc:
            if not self._write_failed:
                self._fail_write(exc)

    def _publish_block(self, mono: np.ndarray) -> None:
        if self._on_block is None:
            return
        try:
            self._on_block(mono)
        except Exception:  # a failing listener must not stop the recording
            log.exception("on_block listener failed")

    def _publish_level(self, chunk: np.ndarray) -> None:
        if self._on_level is None:
            return
        rms = float(np.sqrt(np.mean(np.square(chunk, dtype=np.float64))))
        peak = float(np.max(np.abs(chunk)))
        try:
            self._on_level(rms, peak)
        except Exception:
            log.exception("on_level listener failed")


def create_fresh(path: Path, attempts: int = 1000) -> tuple[int, Path]:
    """Open a new file for writing (O_EXCL): ``path`` or, when it exists, ``stem-2.wav``, …"""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL
    candidate = path
    for n in range(2, attempts + 2):
        try:
            return os.open(candidate, flags, 0o644), candidate
        except FileExistsError:
            candidate = path.with_name(f"{path.stem}-{n}{path.suffix}")
    raise RecorderError(f"cannot find a free file name for {path} ({attempts} taken)")


def _write_error(path: Path, exc: OSError) -> str:
    why = exc.strerror or str(exc)
    if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        why += " — the disk (or your quota) is full; free some space"
    return f"cannot write the recording {path}: {why}; what was recorded up to here is kept"


# ---------------------------------------------------------------------- crash recovery
def _repair_wav(path: Path) -> bool:
    """Fix the RIFF and data sizes of a WAV whose header was not updated before a crash.
    Returns True when the file was changed. Only PCM files whose data chunk is the last."""
    size = path.stat().st_size
    with open(path, "r+b") as f:
        head = f.read(12)
        if len(head) < 12 or head[:4] != b"RIFF" or head[8:12] != b"WAVE":
            return False
        riff_size = struct.unpack("<I", head[4:8])[0]
        block_align = 2
        offset = 12
        while offset + 8 <= size:
            f.seek(offset)
            chunk_id, chunk_size = struct.unpack("<4sI", f.read(8))
            if chunk_id == b"fmt ":
                fmt = f.read(min(chunk_size, 16))
                if len(fmt) >= 14:
                    block_align = max(1, struct.unpack("<H", fmt[12:14])[0])
            if chunk_id == b"data":
                available = size - offset - 8
                actual = available - available % block_align
                if riff_size == size - 8 and chunk_size <= available:
                    return False  # consistent (chunks after the data are allowed)
                f.seek(4)
                f.write(struct.pack("<I", offset + actual))  # file size - 8 after truncating
                f.seek(offset + 4)
                f.write(struct.pack("<I", actual))
                f.truncate(offset + 8 + actual)
                return True
            offset += 8 + chunk_size + (chunk_size & 1)
    return False


def repair_recordings(directory: str | Path) -> list[Path]:
    """At start-up: fix every WAV under `directory` left unfinished by a crash or kill, so it
    reads to the last sample written. Returns the files that were repaired."""
    repaired: list[Path] = []
    root = Path(directory)
    if not root.is_dir():
        return repaired
    for path in sorted(root.rglob("*.wav")):
        try:
            if _repair_wav(path):
                repaired.append(path)
        except OSError as exc:
            log.warning("cannot repair recording %s: %s", path, exc)
    return repaired
