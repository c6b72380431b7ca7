"""`mockinterview doctor` reports every part, each OK or a problem with its fix."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mockinterview.cli import main
from mockinterview.doctor import Check, run_checks


def test_doctor_reports_every_part_as_json(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["--data-dir", str(data_dir), "doctor", "--json"])
    checks = json.loads(capsys.readouterr().out)
    parts = {c["part"] for c in checks}
    assert {"python", "qt", "tts", "whisper models", "cuda", "database", "question bank"} <= parts
    # PortAudio is installed by the set-up script: the devices are listed, not "audio" missing
    assert {"microphone", "speakers"} <= parts and "audio" not in parts
    bank = next(c for c in checks if c["part"] == "question bank")
    assert bank["ok"] and "questions" in bank["detail"]
    # the shipped base model comes from the packaged wheels installed by the set-up script
    models = next(c for c in checks if c["part"] == "whisper models")
    assert models["ok"] and "base" in models["detail"]


def test_doctor_names_a_broken_database_and_the_fix(data_dir: Path) -> None:
    (data_dir / "mockinterview.sqlite3").write_bytes(b"this is not a database" * 100)
    db = next(c for c in run_checks(data_dir) if c.part == "database")
    assert not db.ok
    assert "mockinterview.sqlite3" in db.fix


def test_problem_lines_carry_the_fix() -> None:
    line = Check("microphone", False, "0 input device(s): none", "connect a microphone").line()
    assert line.startswith("!! microphone") and "fix: connect a microphone" in line
