"""`mockinterview transcribe`: JSON shape, several files, bad files, missing model."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mockinterview.cli import main

DATA = Path(__file__).resolve().parents[1] / "data" / "speech"
pytestmark = pytest.mark.slow


def test_json_for_one_file(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status = main(
        [
            "--data-dir",
            str(data_dir),
            "transcribe",
            str(DATA / "en_lora.flac"),
            "--language",
            "en",
            "--device",
            "cpu",
            "--json",
        ]
    )
    out = capsys.readouterr()
    assert status == 0, out.err
    data = json.loads(out.out)
    assert set(data) == {
        "file",
        "text",
        "language",
        "duration",
        "segments",
        "model",
        "device",
        "processing_seconds",
    }
    assert data["file"].endswith("en_lora.flac") and data["language"] == "en"
    assert "weights" in data["text"]
    word = data["segments"][0]["words"][0]
    assert {"start", "end", "word", "probability"} <= set(word)
    assert "preparing model" in out.err  # the packaged model was assembled into the data dir
    assert (data_dir / "models" / "base" / "model.bin").is_file()


def test_bad_file_is_reported_and_the_others_still_done(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "answer.wav"
    bad.write_text("not audio")
    status = main(
        [
            "--data-dir",
            str(data_dir),
            "transcribe",
            str(bad),
            str(DATA / "noise.flac"),
            str(tmp_path / "gone.flac"),
            str(DATA / "en_latency.flac"),
            "--json",
        ]
    )
    out = capsys.readouterr()
    assert status == 1
    data = json.loads(out.out)
    assert [Path(d["file"]).name for d in data] == ["noise.flac", "en_latency.flac"]
    assert data[0]["text"] == ""
    assert "latency" in data[1]["text"]
    assert "answer.wav: not a readable audio file" in out.err
    assert "gone.flac: no such file" in out.err
    assert "Traceback" not in out.err


def test_unavailable_model_is_one_clear_line(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(
        [
            "--data-dir",
            str(data_dir),
            "transcribe",
            str(DATA / "en_lora.flac"),
            "--model",
            "large-v3",
        ]
    )
    err = capsys.readouterr().err
    assert status == 1
    assert err.startswith("error: Whisper model 'large-v3' is not available")
    assert len(err.strip().splitlines()) == 1
