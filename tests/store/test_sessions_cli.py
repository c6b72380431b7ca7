"""``mockinterview sessions ...`` through mockinterview.cli.main, on a real data dir."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from mockinterview.cli import main
from mockinterview.store import open_store


@pytest.fixture
def filled(data_dir: Path, sample: Any) -> tuple[int, int]:
    store = open_store(data_dir)
    first = sample.build(store)
    second = sample.build(store, round="project", started_at=sample.T0.replace(day=3))
    store.close()
    return first, second


def test_list_plain_and_json(filled: tuple[int, int], capsys: pytest.CaptureFixture[str]) -> None:
    first, second = filled
    assert main(["sessions", "list"]) == 0
    out = capsys.readouterr().out
    assert "technical" in out and "project" in out and "job-llm-app" in out
    assert out.index(f"\n{second:>5}") < out.index(f"\n{first:>5}")  # newest first

    assert main(["sessions", "list", "--json", "--round", "project"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["id"] for r in rows] == [second]
    assert rows[0]["questions"] == 3 and rows[0]["speaking_seconds"] == 54.5

    assert main(["sessions", "list", "--json", "--limit", "1", "--job", "job-llm-app"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 1


def test_show_and_export(
    filled: tuple[int, int], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first, _ = filled
    assert main(["sessions", "show", str(first)]) == 0
    out = capsys.readouterr().out
    assert "## 1. LoRA 的原理是什么？" in out and "### Follow-up: rank 怎么选？" in out

    assert main(["sessions", "show", str(first), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["session"]["id"] == first

    target = tmp_path / "s.json"
    assert main(["sessions", "export", str(first), "--format", "json", "-o", str(target)]) == 0
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["schema_version"] == 2
    assert data["session"]["questions"][0]["answers"][0]["audio_path"] == f"audio/s{first}/a1.wav"
    assert "attempt" in data["session"]["questions"][0]["answers"][0]  # exported with attempts

    assert main(["sessions", "export", str(first), "--format", "md"]) == 0
    assert "self-rating 4/5" in capsys.readouterr().out


def test_import_search_and_delete(
    data_dir: Path, filled: tuple[int, int], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first, second = filled
    target = tmp_path / "s.json"
    assert main(["sessions", "export", str(first), "--format", "json", "-o", str(target)]) == 0
    assert main(["sessions", "import", str(target)]) == 0
    assert "imported as session 3" in capsys.readouterr().out

    assert main(["sessions", "search", "低秩矩阵", "--json"]) == 0
    hits = json.loads(capsys.readouterr().out)
    assert {h["session_id"] for h in hits} == {first, second, 3}
    assert all("[低秩矩阵]" in h["snippet"] for h in hits)

    assert main(["sessions", "delete", str(second), "--yes"]) == 0
    assert "deleted session" in capsys.readouterr().out
    assert not (data_dir / "audio" / f"s{second}").exists() or not any(
        (data_dir / "audio" / f"s{second}").iterdir()
    )
    # The import shares session 1's audio files: deleting the original keeps them for the copy.
    assert main(["sessions", "delete", str(first), "--yes"]) == 0
    assert (data_dir / "audio" / f"s{first}" / "a1.wav").is_file()


@pytest.mark.parametrize("query", ['"', "AND OR", "*", "NEAR(", "'; DROP TABLE sessions; --"])
def test_hostile_search_never_fails(
    filled: tuple[int, int], query: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["sessions", "search", query]) == 0
    assert "no matches" in capsys.readouterr().out


def test_errors_are_one_line_without_traceback(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["sessions", "show", "42"]) == 1
    assert capsys.readouterr().err == "error: no session with id 42\n"

    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "mockinterview-session", "schema_version": 1, "session": {}}')
    assert main(["sessions", "import", str(bad)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"error: {bad}: malformed session export: session.round: Field required")
    assert "Traceback" not in err

    assert main(["sessions", "delete", "1"]) == 1  # no such session, no prompt
    capsys.readouterr()

    with sqlite3.connect(data_dir / "mockinterview.sqlite3") as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0099'")
    assert main(["sessions", "list"]) == 1
    err = capsys.readouterr().err
    assert "newer version" in err and err.count("\n") == 1
