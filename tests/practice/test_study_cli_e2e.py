"""Done-when, from the command line with the real parts (FileSource recorder, Whisper base, SQLite):
`interview --mode study --answer-audio A.wav` stores feedback and shows the reference answer per
question in `sessions show --json`; `mockinterview answer` adds a second attempt, and the same
document then carries both attempts and their comparison."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from mockinterview.cli import main

FIRST = "Low rank adaptation freezes the base model weights."
SECOND = "It freezes the pretrained weights and trains two small low rank matrices beside them."


def _clip(folder: Path, name: str, text: str) -> Path:
    assert shutil.which("espeak-ng") and shutil.which("sox"), "espeak-ng and sox are needed"
    raw, clip = folder / f"{name}-raw.wav", folder / f"{name}.wav"
    subprocess.run(["espeak-ng", "-v", "en-us", "-s", "150", "-w", str(raw), text], check=True)
    subprocess.run(["sox", str(raw), "-r", "16000", "-c", "1", str(clip)], check=True)
    return clip


@pytest.mark.slow
def test_study_interview_then_a_second_attempt_from_the_cli(
    data_dir: Path, tmp_path: Path, bank_with_references, capsys: pytest.CaptureFixture[str]
) -> None:
    first, second = _clip(tmp_path, "a1", FIRST), _clip(tmp_path, "a2", SECOND)
    status = main(
        ["interview", "--mode", "study", "--round", "technical", "--count", "1", "--seed", "3",
         "--no-speak", "--language", "en", "--answer-audio", str(first)]
    )  # fmt: skip
    out, err = capsys.readouterr()
    assert status == 0, err
    session_id = int(out.strip())
    assert "reference" in err  # the study card was shown after the answer

    assert main(["sessions", "show", str(session_id), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["session"]["mode"] == "study"
    q = doc["session"]["questions"][0]
    bank_q = bank_with_references.questions[q["bank_id"]]
    assert q["reference_answer_en"] == bank_q.reference_answer_en
    assert q["reference_answer"] == bank_q.reference_answer and q["reference_note"] is None
    [attempt] = q["attempts"]
    assert attempt["mode"] == "study" and attempt["origin"] == "interview"
    assert [p["point"] for p in attempt["feedback"]["points"]] == q["key_points"]
    assert q["answers"][0]["analysis"]["key_points"]  # feedback stored with the answer
    assert q["comparison"] is None

    assert main(["answer", str(session_id), "0", "--audio", str(second), "--json"]) == 0
    added = json.loads(capsys.readouterr().out)
    assert added["attempt"] == 2 and "matrices" in added["transcript"].lower()

    assert main(["sessions", "show", str(session_id), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    q = doc["session"]["questions"][0]
    assert [a["number"] for a in q["attempts"]] == [1, 2]
    assert q["attempts"][1]["origin"] == "cli"
    comparison = q["comparison"]
    assert comparison["before"] == 1 and comparison["after"] == 2
    assert set(comparison["measures"]) == {
        "duration", "fillers_per_min", "syllables_per_min", "longest_pause", "coverage",
    }  # fmt: skip
    assert comparison["measures"]["duration"]["after"] > comparison["measures"]["duration"]["before"]
    assert all(path for path in comparison["audio"])  # both recordings kept and playable
    root = data_dir
    assert all((root / p).is_file() for p in comparison["audio"])
    assert comparison["after_answer_id"] == added["answer_id"]


def test_answer_command_names_what_is_wrong(data_dir: Path, tmp_path: Path, capsys) -> None:
    missing = tmp_path / "nope.wav"
    assert main(["answer", "1", "0", "--audio", str(missing)]) == 1
    assert f"answer audio file not found: {missing}" in capsys.readouterr().err
    bad = tmp_path / "bad.wav"
    bad.write_bytes(b"not audio at all")
    assert main(["answer", "99", "0", "--audio", str(bad)]) == 1
    assert "no session with id 99" in capsys.readouterr().err
