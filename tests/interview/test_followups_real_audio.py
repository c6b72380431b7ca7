"""The anti-money-laundering chain reacting to a spoken answer: real espeak-ng speech, the real
FileSource recorder, Whisper base and SQLite, through `mockinterview interview`. The graph step is
asked only when the transcript names a graph; words never said open nothing."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from mockinterview.bank import load_bank
from mockinterview.cli import main

pytestmark = pytest.mark.slow

GRAPH = ("We turned the expert rules into features and trained LightGBM. We also built a graph of "
         "accounts and transactions and used a graph neural network to classify accounts.")  # fmt: skip
PLAIN = "We turned the expert rules into features and trained LightGBM on the transactions."


def speak(text: str, path: Path) -> Path:
    assert shutil.which("espeak-ng") and shutil.which("sox"), "espeak-ng and sox are needed"
    raw = path.with_suffix(".raw.wav")
    subprocess.run(["espeak-ng", "-v", "en", "-s", "150", "-w", str(raw), text], check=True)
    subprocess.run(["sox", str(raw), "-r", "16000", "-c", "1", str(path)], check=True)
    return path


def asked_follow_ups(data_dir: Path, clip: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    status = main(["projects", "add", "AML model", "--domain", "anti-money-laundering"])
    assert status == 0
    capsys.readouterr()
    seed = aml_seed(capsys)
    status = main(
        ["interview", "--round", "project", "--count", "1", "--seed", str(seed), "--no-speak",
         "--language", "en", "--answer-audio", *[str(clip)] * 6, "--json"]
    )  # fmt: skip
    out, err = capsys.readouterr()
    assert status == 0, err
    questions = json.loads(out)["session"]["questions"]
    assert questions[0]["bank_id"] == "s001-aml-model"
    return [q["text"] for q in questions if q["kind"] == "follow_up" and q["answers"]]


def aml_seed(capsys: pytest.CaptureFixture[str]) -> int:
    """A seed whose one-question project round is the AML chain, found through `plan` (the
    interview's own planning), so the test does not break each time the bank grows."""
    for seed in range(300):
        assert main(["plan", "--round", "project", "--count", "1", "--seed", str(seed), "--json"]) == 0
        if "s001-aml-model" in capsys.readouterr().out:
            return seed
    raise AssertionError("no seed in 0..299 plans s001-aml-model for a declared AML project")


def step_text(step_id: str) -> str:
    main_q = load_bank().questions["s001-aml-model"]
    return next(s.text for s in main_q.chain if s.id == step_id)


def test_a_spoken_graph_opens_the_gnn_step(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    asked = asked_follow_ups(data_dir, speak(GRAPH, tmp_path / "graph.wav"), capsys)
    assert step_text("gnn") in asked
    assert step_text("graph-considered") not in asked
    assert step_text("rules-vs-model") in asked  # "rules" was said


def test_no_graph_said_asks_the_neutral_wording_instead(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    asked = asked_follow_ups(data_dir, speak(PLAIN, tmp_path / "plain.wav"), capsys)
    assert step_text("gnn") not in asked
    assert step_text("graph-considered") in asked
