"""Checks an interview runs before its first question (and before its session exists).

An interview that cannot hear, transcribe or ask anything must stop at once with a message naming
what and where, not ask every question and save each answer as "(nothing heard)". Each check uses
the real part the interview will use: the recorder's own file reader, the model manager's
resolution and a real model load, PortAudio's own device query.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mockinterview.speech.asr import Transcriber


class PreflightError(Exception):
    """Something the interview needs is unusable; the message names it and says what to do."""


def check_answer_files(files: Sequence[Path]) -> None:
    """Every ``--answer-audio`` file exists and the recorder's FileSource can read it."""
    from mockinterview.speech.sources import FileSource, RecorderError

    problems: list[str] = []
    for path in files:
        if not path.exists():
            problems.append(f"answer audio file not found: {path}")
        elif not path.is_file():
            problems.append(f"answer audio is not a file: {path}")
        else:
            try:
                source = FileSource(path, realtime=False)
            except RecorderError as exc:
                problems.append(str(exc))
                continue
            if source.duration <= 0:
                problems.append(f"answer audio file holds no audio: {path}")
    if problems:
        raise PreflightError("; ".join(problems))


def load_model(model: str, device: str, cache_dir: Path, timeout: float | None = None) -> Transcriber:
    """A Transcriber whose model is resolved and loaded (not just queued to load): an unknown
    name, a missing folder or a broken download fails here, naming the model."""
    from mockinterview.speech.asr import Transcriber
    from mockinterview.speech.models import ModelError

    try:
        transcriber = Transcriber(model=model, device=device, cache_dir=cache_dir)
    except (ValueError, RuntimeError, OSError) as exc:  # device choice, CTranslate2 without CUDA
        raise PreflightError(f"cannot use the transcription model {model!r} on {device}: {exc}") from exc
    try:
        transcriber.wait_ready(timeout)
    except ModelError as exc:
        transcriber.close()
        raise PreflightError(f"transcription model {model!r} is not usable: {exc}") from exc
    except Exception as exc:  # CTranslate2 rejects a folder that is not a model: RuntimeError ...
        transcriber.close()
        raise PreflightError(
            f"transcription model {model!r} cannot be loaded ({type(exc).__name__}: {exc})"
        ) from exc
    return transcriber


def parse_input_device(value: str | None) -> str | int | None:
    return int(value) if value is not None and value.strip().isdigit() else value


def check_microphone(input_device: str | None) -> None:
    """The chosen (or default) input device exists and accepts a mono recording."""
    import sounddevice as sd

    device = parse_input_device(input_device)
    which = f"input device {input_device!r}" if input_device else "the default microphone"
    try:
        info = sd.query_devices(device, kind="input")
    except Exception as exc:  # PortAudio: ValueError / PortAudioError for a missing device
        raise PreflightError(
            f"cannot find {which} ({exc}); plug one in, choose another with --input-device,"
            " or answer from files with --answer-audio FILE ..."
        ) from exc
    if int(info.get("max_input_channels", 0)) < 1:
        raise PreflightError(f"{which} ({info.get('name')}) has no input channels")
    try:
        sd.check_input_settings(device=device, channels=1, dtype="float32")
    except Exception as exc:
        raise PreflightError(f"{which} ({info.get('name')}) cannot record: {exc}") from exc
