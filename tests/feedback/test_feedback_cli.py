"""`mockinterview feedback --transcript ... --json` and its errors, through the real CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from mockinterview.cli import main

PACK = """\
questions:
  - id: proj-rag-test
    round: project
    topics: [rag, project-results]
    text: 介绍一个你做过的 RAG 项目。
    key_points:
      - 用向量检索召回文档
      - 说明上线后的指标提升
    follow_ups: [召回率怎么评估？]
    source: original
    difficulty: 2
    answer_seconds: 60
"""
ANSWER = "嗯，当时我负责一个客服 RAG 项目。我们用向量检索召回文档，然后重排。最终上线后准确率提升了 8 个点。"


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    path = tmp_path / "pack.yaml"
    path.write_text(PACK, encoding="utf-8")
    return path


def test_transcript_mode_json(
    pack: Path, tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    transcript = tmp_path / "answer.txt"
    transcript.write_text(ANSWER, encoding="utf-8")
    args = [
        "feedback",
        "--transcript",
        str(transcript),
        "--duration",
        "75",
        "--question",
        "proj-rag-test",
    ]
    assert main([*args, "--pack", str(pack), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["duration"] == 75.0 and data["limit"] == 60.0 and data["time"]["over_limit"] is True
    assert data["rate"]["zh_chars"] == 40 and data["rate"]["basis"] == "duration"
    assert [(f["word"], f["position"]) for f in data["fillers"]] == [("嗯", 0)]
    assert data["pauses"] == []
    assert [k["status"] for k in data["key_points"]] == ["covered", "covered"]
    assert set(data["star"]) == {"situation", "task", "action", "result"}
    assert data["star"]["task"] == "嗯，当时我负责一个客服 RAG 项目。"
    assert data["star"]["result"] == "最终上线后准确率提升了 8 个点。"
    assert data["numbers"]["items"][0]["text"] == "8 个点"


def test_transcript_json_with_word_timings_gives_pauses(
    pack: Path, tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    words = [
        {"start": 0.5, "end": 1.0, "word": "我们"},
        {"start": 1.0, "end": 1.5, "word": "用"},
        {"start": 4.0, "end": 4.5, "word": "向量"},
        {"start": 4.5, "end": 5.0, "word": "检索"},
    ]
    transcript = tmp_path / "answer.json"
    transcript.write_text(
        json.dumps(
            {
                "text": "我们用向量检索",
                "duration": 6.0,
                "segments": [{"start": 0.5, "end": 5.0, "text": "我们用向量检索", "words": words}],
            }
        ),
        encoding="utf-8",
    )
    assert main(["feedback", "--transcript", str(transcript), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["duration"] == 6.0 and data["rate"]["speaking_seconds"] == 4.5
    assert [(p["start"], p["end"], p["position"]) for p in data["pauses"]] == [(1.5, 4.0, 3)]


def test_human_report_marks_fillers(
    pack: Path, tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    transcript = tmp_path / "answer.txt"
    transcript.write_text(ANSWER, encoding="utf-8")
    args = [
        "feedback",
        "--transcript",
        str(transcript),
        "--duration",
        "40",
        "--question",
        "proj-rag-test",
    ]
    assert main([*args, "--pack", str(pack)]) == 0
    out = capsys.readouterr().out
    assert "proj-rag-test: 介绍一个你做过的 RAG 项目。" in out
    assert "【嗯】，当时我负责" in out
    assert "- Situation: “嗯，当时我负责一个客服 RAG 项目。”" in out


def test_unknown_question_is_a_clear_error_without_traceback(
    pack: Path, tmp_path: Path, data_dir: Path
) -> None:
    transcript = tmp_path / "answer.txt"
    transcript.write_text(ANSWER, encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "mockinterview", "feedback", "--transcript", str(transcript), "--duration", "30",
         "--question", "no-such-id", "--pack", str(pack)],
        capture_output=True, text=True, cwd=Path(__file__).resolve().parents[2], timeout=60,
    )  # fmt: skip
    assert proc.returncode == 1
    assert "unknown question id 'no-such-id'" in proc.stderr
    assert "Traceback" not in proc.stderr and proc.stdout == ""


def test_plain_transcript_needs_a_duration(
    tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    transcript = tmp_path / "answer.txt"
    transcript.write_text(ANSWER, encoding="utf-8")
    assert main(["feedback", "--transcript", str(transcript)]) == 1
    assert "--duration" in capsys.readouterr().err
