"""Hostile CLI: values that used to hang or raise now get one clear line and exit 2 (argparse) or 1.

``--thinking nan`` hung the interview (NaN never counts down); ``--seed``/``--limit`` beyond 64
bits raised OverflowError from SQLite; ``feedback --transcript`` with a non-numeric duration or
malformed segments raised a traceback.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mockinterview.cli import main
from mockinterview.interview.settings import InterviewSettings, SettingsError

HUGE = str(2**64 + 5)


@pytest.mark.parametrize(
    "args",
    [
        ["interview", "--thinking", "nan"],
        ["interview", "--thinking", "inf"],
        ["interview", "--thinking", "-1"],
        ["interview", "--session-limit", "nan"],
        ["interview", "--answer-seconds", HUGE],
        ["interview", "--seed", HUGE],
        ["interview", "--count", HUGE],
        ["interview", "--seed", "9" * 5000],
        ["interview", "--thinking", "9" * 5000],
        ["sessions", "list", "--limit", HUGE],
        ["sessions", "search", "lora", "--limit", HUGE],
        ["feedback", "--transcript", "x.txt", "--duration", "nan"],
        ["feedback", "--transcript", "x.txt", "--duration", "1", "--limit", "inf"],
    ],
)
def test_bad_number_is_refused_with_one_line(
    args: list[str], data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exc:
        main(args)
    err = capsys.readouterr().err
    assert exc.value.code == 2
    assert "Traceback" not in err and "error:" in err
    option = [a for a in args if a.startswith("--")][-1]  # the bad value is the last option's
    assert f"argument {option}" in err
    assert len(err) < 1500  # a 5,000-digit value is never repeated in full


def test_settings_refuse_nan_thinking_time_from_any_caller() -> None:
    """The GUI builds settings too: the rule lives in the settings, not only in argparse."""
    with pytest.raises(SettingsError, match="thinking"):
        InterviewSettings(thinking_seconds=float("nan"))
    with pytest.raises(SettingsError, match="session limit"):
        InterviewSettings(session_limit_seconds=float("inf"))
    with pytest.raises(SettingsError, match="seed"):
        InterviewSettings(seed=2**64)


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        ({"text": "我们用了 LoRA", "duration": "abc", "segments": []}, "duration"),
        ({"text": "我们用了 LoRA", "duration": "nan", "segments": []}, "duration"),
        ({"text": "我们用了 LoRA", "duration": 3, "segments": "oops"}, "segments"),
        ({"text": "我们用了 LoRA", "duration": 3, "segments": [{"words": [{"start": "x"}]}]}, "segment"),
        ({"text": "我们用了 LoRA", "duration": 3, "segments": [17]}, "segment"),
        (["not", "an", "object"], "object"),
    ],
)
def test_malformed_transcript_json_is_a_clear_error(
    document: object, expected: str, tmp_path: Path, data_dir: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    path = tmp_path / "answer.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    status = main(["feedback", "--transcript", str(path), "--json"])
    err = capsys.readouterr().err
    assert status == 1, err
    assert "Traceback" not in err
    assert str(path) in err and expected in err
