"""Fixtures shared by every test package. Package-specific ones live in tests/<pkg>/conftest.py."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

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
