"""End to end: `mockinterview interview ... --answer-audio a b --json` with the real store, the
recorder's FileSource path and the packaged Whisper base model on spoken English clips."""

from __future__ import annotations

import json
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from mockinterview.cli import main
from mockinterview.store import open_store

CLIPS = {
    "clip1": "Low rank adaptation freezes the base model and trains two small matrices.",
    "clip2": "We measured the latency and the throughput of the model on one GPU.",
}


@pytest.fixture(scope="session")
def english_clips(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Spoken English answers (espeak-ng is intelligible to Whisper in English), 16 kHz mono."""
    assert shutil.which("espeak-ng") and shutil.which("sox"), "espeak-ng and sox are needed"
    folder = tmp_path_factory.mktemp("clips")
    clips = []
    for name, text in CLIPS.items():
        raw, clip = folder / f"{name}-raw.wav", folder / f"{name}.wav"
        subprocess.run(["espeak-ng", "-v", "en-us", "-s", "150", "-w", str(raw), text], check=True)
        subprocess.run(["sox", str(raw), "-r", "16000", "-c", "1", str(clip)], check=True)
        clips.append(clip)
    return clips


@pytest.mark.slow
def test_headless_interview_from_audio_files_saves_transcripts(
    data_dir: Path, english_clips: list[Path], capsys: pytest.CaptureFixture[str]
) -> None:
    started = time.monotonic()
    status = main(
        ["interview", "--round", "technical", "--count", "2", "--seed", "1", "--no-speak",
         "--language", "en", "--answer-audio", *map(str, english_clips), "--json"]
    )  # fmt: skip
    elapsed = time.monotonic() - started
    out, err = capsys.readouterr()
    assert status == 0, err
    document = json.loads(out)  # the `sessions show --json` document, importable as it is
    assert document["format"] == "mockinterview-session"
    session = document["session"]
    questions = session["questions"]
    assert len(questions) == 2 and all(q["kind"] == "main" for q in questions)
    transcripts = [q["answers"][0]["transcript"].lower() for q in questions]
    assert "matrices" in transcripts[0] or "low rank" in transcripts[0], transcripts
    assert "latency" in transcripts[1] and "throughput" in transcripts[1], transcripts
    answer = questions[0]["answers"][0]
    assert answer["model"] and answer["device"] and answer["segments"]
    analysis = answer["analysis"]
    assert analysis and analysis["duration"] > 2
    # analyze_answer ran with the question: its key points are scored against the transcript
    assert [k["point"] for k in analysis["key_points"]] == questions[0]["key_points"]

    store = open_store(data_dir)
    detail = store.get_session(session["id"])
    assert detail.status == "finished"
    assert all(store.audio_file(a.audio_path).exists() for a in detail.answers)
    store.close()
    assert elapsed < 60, f"the scripted interview took {elapsed:.0f} s"


@pytest.mark.slow
def test_audio_files_running_out_skip_the_remaining_questions(
    data_dir: Path, english_clips: list[Path], capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(
        ["interview", "--round", "technical", "--count", "2", "--seed", "2", "--no-speak",
         "--language", "en", "--answer-audio", str(english_clips[1])]
    )  # fmt: skip
    out, err = capsys.readouterr()
    assert status == 0, err
    assert "no answer audio file left" in err
    store = open_store(data_dir)
    detail = store.get_session(int(out.strip()))
    assert [len(q.answers) for q in detail.questions] == [1, 0]
    assert detail.status == "finished"
    store.close()


def test_missing_answer_file_is_one_clear_line(data_dir: Path, capsys: pytest.CaptureFixture[str]):
    status = main(["interview", "--no-speak", "--answer-audio", str(data_dir / "nope.wav")])
    err = capsys.readouterr().err
    assert status == 1
    assert err.strip().count("\n") == 0 and "answer audio file not found" in err
