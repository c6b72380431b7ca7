"""Hostile CLI: an interview that cannot work stops before its first question and before its
session exists, naming what is wrong, with a non-zero exit (it used to ask every question, save
"(nothing heard)" for each and exit 0)."""

from __future__ import annotations

import shutil
import wave
from pathlib import Path

import pytest

from mockinterview import paths
from mockinterview.cli import main
from mockinterview.store import open_store


def _silence(path: Path, seconds: float = 0.5) -> Path:
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(16000)
        w.writeframes(b"\x00\x00" * int(16000 * seconds))
    return path


def _no_session(root: Path) -> bool:
    if not paths.db_path(root).exists():
        return True
    with open_store(root) as store:
        return store.list_sessions() == []


def _interview(*args: str) -> list[str]:
    return ["interview", "--round", "technical", "--count", "1", "--no-speak", *args]


def test_unknown_model_stops_before_the_first_question(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    clip = _silence(tmp_path / "a.wav")
    status = main(_interview("--model", "study", "--answer-audio", str(clip)))
    err = capsys.readouterr().err
    assert status == 1, err
    assert "'study'" in err and "model" in err
    assert "Q1/" not in err and "saved" not in err
    assert _no_session(data_dir)


def test_model_folder_that_is_not_a_model_stops_the_run(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "not-a-model"
    folder.mkdir()
    (folder / "model.bin").write_bytes(b"\0" * 64)  # looks like a model folder, is not one
    clip = _silence(tmp_path / "a.wav")
    status = main(_interview("--model", str(folder), "--answer-audio", str(clip)))
    err = capsys.readouterr().err
    assert status == 1, err
    assert str(folder) in err
    assert "Q1/" not in err
    assert _no_session(data_dir)


@pytest.mark.parametrize("problem", ["missing", "not audio", "folder"])
def test_bad_answer_audio_stops_before_a_session_exists(
    problem: str, data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = _silence(tmp_path / "good.wav")
    bad = tmp_path / "answer2.wav"
    if problem == "not audio":
        bad.write_text("this is not a recording", encoding="utf-8")
    elif problem == "folder":
        bad.mkdir()
    status = main(
        ["interview", "--count", "2", "--no-speak", "--answer-audio", str(good), str(bad)]
    )
    err = capsys.readouterr().err
    assert status == 1, err
    assert str(bad) in err
    assert "Q1/" not in err
    assert _no_session(data_dir)


def test_missing_microphone_stops_before_a_session_exists(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(_interview("--input-device", "987"))
    err = capsys.readouterr().err
    assert status == 1, err
    assert "'987'" in err and "--answer-audio" in err
    assert "Q1/" not in err
    assert _no_session(data_dir)


def test_invalid_bank_stops_before_a_session_exists(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    assets = tmp_path / "assets"
    shutil.copytree(paths.assets_dir(), assets)
    pack = sorted((assets / "questions").glob("*.yaml"))[0]
    pack.write_text(pack.read_text(encoding="utf-8") + "\n  - id: [broken\n", encoding="utf-8")
    monkeypatch.setattr(paths, "assets_dir", lambda: assets)
    clip = _silence(tmp_path / "a.wav")
    status = main(_interview("--answer-audio", str(clip)))
    err = capsys.readouterr().err
    assert status == 1, err
    assert "question bank is invalid" in err and pack.name in err
    assert _no_session(data_dir)
