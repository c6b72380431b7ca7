"""Closing mid-answer while Whisper is still busy: the recording is saved and attached, and the
user is told (and the log says) that it has no transcript yet. It used to be stored as an empty
transcript with no word to anyone."""

from __future__ import annotations

import logging
import wave
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from mockinterview.bank.models import Question
from mockinterview.interview.engine import InterviewEngine
from mockinterview.interview.events import Event, Phase, Warning
from mockinterview.interview.services import InterviewServices, RecordingResult, TranscriptResult
from mockinterview.interview.settings import InterviewSettings
from mockinterview.paths import audio_dir
from mockinterview.store import open_store


class Recorder:
    input_ended = False

    def start(self, path: Path, on_level: Any, on_block: Any) -> None:
        self.path = path
        with wave.open(str(path), "wb") as w:
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(16000)
            w.writeframes(np.zeros(16000, np.int16).tobytes())

    def stop(self) -> RecordingResult:
        return RecordingResult(self.path, 1.0)


class SlowLive:
    def feed(self, block: np.ndarray) -> None:
        pass

    def finish(self, audio_path: Path) -> Future[TranscriptResult]:
        return Future()  # Whisper still busy: never done within the close's wait


class SlowTranscriber:
    def begin(self, language: str, hotwords: Sequence[str], on_text: Callable[[str], None]) -> SlowLive:
        return SlowLive()


def test_close_while_transcribing_warns_and_keeps_the_recording(
    data_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    question = Question(id="q1", round="technical", topics=("lora-peft",), text="Q?",
                        key_points=(), follow_ups=(), source="original", difficulty=1)  # fmt: skip
    events: list[Event] = []
    with open_store(data_dir) as store:
        services = InterviewServices(store=store, recorder=Recorder(),
                                     transcriber=SlowTranscriber(), audio_root=audio_dir(data_dir))  # fmt: skip
        engine = InterviewEngine(
            [question], InterviewSettings(thinking_seconds=0, speak=False), services, events.append
        )
        engine.start()
        assert engine.phase is Phase.ANSWERING
        with caplog.at_level(logging.WARNING, logger="mockinterview"):
            engine.close(wait_seconds=0.05)
        detail = store.get_session(engine.session_id or 0)
    warnings = [e.message for e in events if isinstance(e, Warning) and e.kind == "transcriber"]
    assert len(warnings) == 1 and "not transcribed within" in warnings[0]
    assert "re-transcribe" in warnings[0]
    assert "not transcribed within" in caplog.text  # and it is in the log
    (answer,) = detail.questions[0].answers
    assert answer.audio_path and answer.transcript == ""
    assert answer.audio_path.split("/")[-1] in warnings[0]  # the message names the recording
