"""The package type-checks: ``python -m mypy mockinterview`` (settings in pyproject.toml) is clean."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow  # a full mypy run takes tens of seconds
def test_mypy_reports_no_errors() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "mockinterview"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )
    output = (done.stdout + done.stderr).strip()
    assert done.returncode == 0, f"mypy exited {done.returncode}:\n{output}"
