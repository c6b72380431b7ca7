"""Fixtures for the window tests: the real window over a temporary data dir, spoken answer clips,
the real packaged Whisper base model (session-scoped), and fast fake services beside them."""

from __future__ import annotations

import shutil
import subprocess
import wave
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from mockinterview.gui.context import AppContext
from mockinterview.gui.i18n import set_language
from mockinterview.gui.services import BuiltServices
from mockinterview.interview.services import InterviewServices, RecordingResult, TranscriptResult
from mockinterview.interview.settings import InterviewSettings
from mockinterview.interview.wiring import BankFeedback

CLIPS = {
    "lora": "Low rank adaptation freezes the base model and trains two small matrices.",
    "latency": "We measured the latency and the throughput of the model on one GPU.",
}


@pytest.fixture(autouse=True)
def english_ui() -> Iterator[None]:
    set_language("en")  # tests read English labels unless they switch
    yield
    set_language("en")


@pytest.fixture(scope="session")
def answer_clips(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Spoken English answers (espeak-ng, which Whisper understands in English), 16 kHz mono."""
    assert shutil.which("espeak-ng") and shutil.which("sox"), "espeak-ng and sox are needed"
    folder = tmp_path_factory.mktemp("gui-clips")
    clips = []
    for name, text in CLIPS.items():
        raw, clip = folder / f"{name}-raw.wav", folder / f"{name}.wav"
        subprocess.run(["espeak-ng", "-v", "en-us", "-s", "150", "-w", str(raw), text], check=True)
        subprocess.run(["sox", str(raw), "-r", "16000", "-c", "1", str(clip)], check=True)
        clips.append(clip)
    return clips


@pytest.fixture(scope="session")
def whisper_base(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The packaged base model, assembled and loaded once for every window test."""
    from mockinterview.speech.asr import Transcriber

    transcriber = Transcriber(
        model="base", device="cpu", cache_dir=tmp_path_factory.mktemp("models")
    )
    transcriber.wait_ready()
    return transcriber


# ---------------------------------------------------------------------- fast fakes
def _write_wav(path: Path, seconds: float = 0.5) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(16000)
        w.writeframes(b"\x00\x00" * int(16000 * seconds))


class FakeRecorder:
    """Writes a short WAV; ``ends_by_itself`` makes the input end at once (like a file source)."""

    def __init__(self, ends_by_itself: bool) -> None:
        self.ends_by_itself = ends_by_itself
        self.path: Path | None = None
        self.started = 0

    def start(self, path: Path, on_level: Any, on_block: Any) -> None:
        self.path = path
        self.started += 1
        _write_wav(path)
        if on_level is not None:
            on_level(0.05, 0.4)
        if on_block is not None:
            on_block(np.zeros(1600, dtype=np.float32))

    def stop(self) -> RecordingResult:
        assert self.path is not None
        path, self.path = self.path, None
        return RecordingResult(path, 0.5)

    @property
    def input_ended(self) -> bool:
        return self.ends_by_itself and self.path is not None


class FakeLive:
    def __init__(self, text: str, on_text: Callable[[str], None]) -> None:
        self._text = text
        self._on_text = on_text

    def feed(self, block: np.ndarray) -> None:
        self._on_text(self._text.split()[0])

    def finish(self, audio_path: Path) -> Future[TranscriptResult]:
        future: Future[TranscriptResult] = Future()
        future.set_result(TranscriptResult(self._text, "en", 0.5, [], "fake", "cpu", 0.01))
        return future


class FakeTranscriber:
    def __init__(self, texts: Sequence[str]) -> None:
        self._texts = list(texts)
        self.calls = 0

    def begin(self, language: str, hotwords: Sequence[str], on_text: Callable[[str], None]) -> Any:
        text = self._texts[self.calls % len(self._texts)]
        self.calls += 1
        return FakeLive(text, on_text)


class _NoClose:
    def close(self) -> None:
        pass


def fake_factory(
    ends_by_itself: bool = True, texts: Sequence[str] = ("first answer", "second answer")
) -> Callable[[AppContext, InterviewSettings], BuiltServices]:
    """A services factory with fake recorder/transcriber and the REAL store of the context."""

    def build(context: AppContext, settings: InterviewSettings) -> BuiltServices:
        from mockinterview import paths

        services = InterviewServices(
            store=context.store,
            recorder=FakeRecorder(ends_by_itself),
            transcriber=FakeTranscriber(texts),
            audio_root=paths.audio_dir(context.data_dir),
            feedback=BankFeedback(getattr(context.bank, "topics", None)),
        )
        return BuiltServices(services, _NoClose(), [])  # type: ignore[arg-type]

    return build


@pytest.fixture
def make_window(qtbot: Any, data_dir: Path) -> Iterator[Callable[..., Any]]:
    """Builds the real main window over the temporary data dir (closed at the end)."""
    windows: list[Any] = []

    def make(**kw: Any) -> Any:
        from mockinterview.app import build_main_window

        kw.setdefault("load_model", False)
        kw.setdefault("use_tts", False)
        window = build_main_window(data_dir, **kw)
        qtbot.addWidget(window)
        window.show()
        window.activateWindow()
        qtbot.waitActive(window)  # window shortcuts (Space, S, Esc...) need the active window
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.close()
        window.context.store.close()
