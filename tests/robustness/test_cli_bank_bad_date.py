"""Hostile bank: a date YAML cannot build (``2024-13-45``) used to end the check of its file with
"unexpected error" on line 1, hiding every other problem in that file."""

from __future__ import annotations

from pathlib import Path

import pytest

from mockinterview.cli import main

PACK = """\
questions:
  - id: tech-x-001
    round: technical
    topics: [lora-peft]
    text: 什么是 LoRA？
    key_points: [冻结原模型权重]
    follow_ups: []
    source: 2024-13-45
    difficulty: 2
  - id: BAD ID
    round: nosuch
    topics: [lora-peft]
    text: 第二题
    key_points: [a]
    follow_ups: []
    source: original
    difficulty: 2
"""


def test_bad_date_is_one_problem_on_its_line_and_the_others_are_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pack = tmp_path / "pack.yaml"
    pack.write_text(PACK, encoding="utf-8")
    status = main(["bank", "validate", str(pack)])
    out = capsys.readouterr()
    text = out.out + out.err
    assert status != 0
    assert "unexpected error" not in text
    assert "pack.yaml:8:" in text and "month must be in 1..12" in text  # the date, on its line
    assert "BAD ID" in text  # the next question's problems are still there
    assert "unknown round 'nosuch'" in text
