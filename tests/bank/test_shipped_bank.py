"""The bank that ships with the app is valid and deep enough (issue 2's minimums)."""

from __future__ import annotations

import pytest

from mockinterview import cli
from mockinterview.bank import Bank, bank_stats, validate_paths


def test_shipped_bank_has_no_problems() -> None:
    problems = validate_paths()
    assert problems == [], "\n".join(str(p) for p in problems)


def test_cli_validate_of_shipped_bank_says_ok(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["bank", "validate"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("OK: ") and "job profiles" in out


def test_every_round_has_depth(shipped_bank: Bank) -> None:
    per_round = bank_stats(shipped_bank)["per_round"]
    assert per_round["hr"] >= 30, per_round
    assert per_round["technical"] >= 150, per_round
    assert per_round["project"] >= 50, per_round


def test_every_topic_has_at_least_three_questions(shipped_bank: Bank) -> None:
    assert bank_stats(shipped_bank)["thin_topics"] == []


def test_every_job_profile_reaches_questions(shipped_bank: Bank) -> None:
    assert len(shipped_bank.jobs) >= 10
    for job_id, row in bank_stats(shipped_bank)["per_job"].items():
        assert row["questions"] >= 10, job_id
