"""The real packaged base model, assembled and loaded once per test process.

tests/speech/conftest.py belongs to the recorder/TTS tests, so the ASR test files import this
module (``from tests.speech import whisper_shared``) and re-export its fixtures; the cache
below makes every file share one assembled model folder and one loaded Transcriber.
"""

from __future__ import annotations

import json
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import soundfile as sf

SPEECH_DATA = Path(__file__).resolve().parents[1] / "data" / "speech"


@lru_cache(maxsize=1)
def _model_cache() -> Path:
    from mockinterview.speech.models import ModelManager

    root = Path(tempfile.mkdtemp(prefix="mockinterview-asr-tests-")) / "models"
    ModelManager(root).resolve("base")
    return root


@lru_cache(maxsize=1)
def _transcriber() -> Any:
    from mockinterview.speech.asr import Transcriber

    transcriber = Transcriber("base", device="cpu", cache_dir=_model_cache())
    transcriber.wait_ready()
    return transcriber


@pytest.fixture(scope="session")
def whisper_cache() -> Path:
    return _model_cache()


@pytest.fixture(scope="session")
def transcriber() -> Any:
    return _transcriber()


@pytest.fixture(scope="session")
def references() -> dict[str, dict[str, Any]]:
    return json.loads((SPEECH_DATA / "references.json").read_text(encoding="utf-8"))


def clip(name: str) -> Path:
    return SPEECH_DATA / f"{name}.flac"


def read_clip(name: str) -> np.ndarray:
    audio, rate = sf.read(clip(name), dtype="float32")
    assert rate == 16000
    return audio
