"""Broken bank files give one `path:line: message` per problem and exit status 1, never a traceback.

Driven through the real CLI (``mockinterview.cli.main``); one case through a subprocess.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from mockinterview import cli
from mockinterview.bank import BankError, load_bank, validate_paths, yamlfile

Capture = pytest.CaptureFixture[str]


def run_validate(capsys: Capture, *paths: Path) -> tuple[int, list[str]]:
    status = cli.main(["bank", "validate", *map(str, paths)])
    return status, capsys.readouterr().out.splitlines()


def assert_problem(lines: list[str], path: Path, line: int, fragment: str) -> None:
    wanted = f"{path}:{line}: "
    hits = [text for text in lines if text.startswith(wanted) and fragment in text]
    assert hits, f"no '{wanted}...{fragment}...' in:\n" + "\n".join(lines)


def test_valid_pack_passes(capsys: Capture, write_pack, entry) -> None:
    answer = "先检索相关文档，再把它们和问题一起交给模型生成。"  # technical: a reference answer
    pack = write_pack(
        "good.yaml", entry("t-1", reference_answer=answer), entry("t-2", round="hr", topics="[motivation]")
    )
    status, lines = run_validate(capsys, pack)
    assert status == 0
    assert len(lines) == 1
    assert lines[0].startswith("OK: 2 questions in 1 packs (hr 1, technical 1, project 0), ")
    assert lines[0].endswith(" topics, 0 job profiles")


def test_yaml_syntax_error_names_its_line(capsys: Capture, tmp_path: Path, entry) -> None:
    path = tmp_path / "syntax.yaml"
    path.write_text(
        "questions:\n" + entry("t-1") + "  - id: t-2\n    text: [unclosed\n    round: hr\n"
    )
    status, lines = run_validate(capsys, path)
    assert status == 1
    # The parser stops on line 12; the bracket left open on line 11 is named too.
    assert_problem(
        lines, path, 12, "YAML syntax error: while parsing a flow sequence (started on line 11)"
    )


def test_duplicate_id_across_packs_names_both_places(capsys: Capture, write_pack, entry) -> None:
    first = write_pack("a.yaml", entry("t-1"), entry("t-2"))
    second = write_pack("b.yaml", entry("t-3"), entry("t-2"))
    status, lines = run_validate(capsys, first.parent)
    assert status == 1
    assert_problem(lines, second, 10, f"duplicate id 't-2' (first at {first}:10)")


def test_unknown_round(capsys: Capture, write_pack, entry) -> None:
    pack = write_pack("round.yaml", entry("t-1"), entry("t-2", round="coding"))
    status, lines = run_validate(capsys, pack)
    assert status == 1
    assert_problem(lines, pack, 11, "unknown round 'coding'")


def test_missing_text_names_the_entry(capsys: Capture, write_pack, entry) -> None:
    broken = entry("t-2").replace("    text: 什么是 RAG？\n", "")
    pack = write_pack("text.yaml", entry("t-1"), broken)
    status, lines = run_validate(capsys, pack)
    assert status == 1
    assert_problem(lines, pack, 10, "question has no 'text'")


def test_empty_text(capsys: Capture, write_pack, entry) -> None:
    pack = write_pack("empty-text.yaml", entry("t-1", text='""'))
    status, lines = run_validate(capsys, pack)
    assert status == 1
    assert_problem(lines, pack, 5, "'text' is empty")


def test_binary_file(capsys: Capture, tmp_path: Path) -> None:
    path = tmp_path / "image.yaml"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    status, lines = run_validate(capsys, path)
    assert status == 1
    assert_problem(lines, path, 1, "binary file")


def test_empty_file(capsys: Capture, tmp_path: Path) -> None:
    path = tmp_path / "empty.yaml"
    path.write_text("")
    status, lines = run_validate(capsys, path)
    assert status == 1
    assert_problem(lines, path, 1, "empty file")


def test_not_utf8_names_the_line_of_the_bad_byte(capsys: Capture, tmp_path: Path, entry) -> None:
    path = tmp_path / "gbk.yaml"
    path.write_bytes(
        ("questions:\n" + entry("t-1", text="RAG")).encode() + "    text_en: 检索\n".encode("gbk")
    )
    status, lines = run_validate(capsys, path)
    assert status == 1
    assert_problem(lines, path, 10, "not UTF-8")


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("- a\n- b\n", 1, "top level is a list"),
        ("hello\n", 1, "top level is a single value"),
        ("title: x\n", 1, "not a bank file"),
        ("questions: []\n", 1, "'questions' must be a non-empty list"),
        ("# only a comment\n", 1, "empty file"),
    ],
)
def test_files_that_are_not_packs(
    capsys: Capture, tmp_path: Path, text: str, line: int, fragment: str
) -> None:
    path = tmp_path / "odd.yaml"
    path.write_text(text)
    status, lines = run_validate(capsys, path)
    assert status == 1
    assert_problem(lines, path, line, fragment)


def test_every_field_problem_has_its_line(capsys: Capture, tmp_path: Path) -> None:
    path = tmp_path / "fields.yaml"
    path.write_text(
        "questions:\n"
        "  - id: Bad_Id\n"  # 2
        "    round: technical\n"
        "    topics: [rag, no-such-topic]\n"  # 4
        "    text: 问题\n"
        "    key_points: 一句话\n"  # 6
        "    follow_ups: []\n"
        "    source: somewhere\n"  # 8
        "    difficulty: 5\n"  # 9
        "    answer_seconds: soon\n"  # 10
        "    colour: red\n"  # 11
        "  - just text\n",  # 12
        encoding="utf-8",
    )
    status, lines = run_validate(capsys, path)
    assert status == 1
    assert_problem(lines, path, 2, "id 'Bad_Id' may only hold")
    assert_problem(lines, path, 4, "unknown topic 'no-such-topic'")
    assert_problem(lines, path, 6, "'key_points' must be a list")
    assert_problem(lines, path, 8, "source 'somewhere'")
    assert_problem(lines, path, 9, "'difficulty' is 5")
    assert_problem(lines, path, 10, "'answer_seconds' must be a whole number")
    assert_problem(lines, path, 11, "unknown field 'colour'")
    assert_problem(lines, path, 12, "a question must be a mapping")
    assert len(lines) == 8


NASTY_FILES = {
    "control.yaml": b"questions:\n  - id: a\x07\n",
    "tags.yaml": b"questions:\n  - !!python/object:os.system {id: x}\n  - id: t-1\n"
    b"    round: !!python/name:os.system\n    topics: &a [rag]\n    text: *a\n",
    "recursive.yaml": b"questions:\n  - &x [*x]\n",
    "two-documents.yaml": b"questions: 1\n---\nfoo: 2\n",
    "odd-keys.yaml": b"questions:\n  - id: x\n    id: y\n    ? [a, b]\n    : c\n",
    "latin1.yaml": "questions:\n  - text: café\n".encode("latin-1"),
    "no-nul-noise.yaml": bytes(range(1, 256)) * 4,
}


@pytest.mark.parametrize("parser", ["libyaml", "pure-python"])
def test_nasty_files_give_only_problem_lines(
    capsys: Capture, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, parser: str
) -> None:
    if parser == "pure-python":  # what a machine without libyaml runs
        monkeypatch.setattr(yamlfile, "_COMPOSER", yaml.SafeLoader)
    for name, content in NASTY_FILES.items():
        (tmp_path / name).write_bytes(content)
    status, lines = run_validate(capsys, tmp_path)
    assert status == 1
    for name in NASTY_FILES:
        assert any(line.startswith(f"{tmp_path / name}:") for line in lines), name
    pattern = re.compile(rf"^{re.escape(str(tmp_path))}/[a-z0-9-]+\.yaml:\d+: \S")
    assert [line for line in lines if not pattern.match(line)] == []
    assert_problem(lines, tmp_path / "control.yaml", 2, "control character #x0007")
    assert_problem(lines, tmp_path / "two-documents.yaml", 2, "expected a single document")
    assert_problem(lines, tmp_path / "tags.yaml", 4, "cannot read the value")
    assert_problem(lines, tmp_path / "odd-keys.yaml", 3, "field 'id' appears twice")


def test_missing_path(capsys: Capture, tmp_path: Path) -> None:
    status, lines = run_validate(capsys, tmp_path / "nowhere.yaml")
    assert status == 1
    assert_problem(lines, tmp_path / "nowhere.yaml", 1, "no such file")


def test_bad_job_profile_and_vocabulary(tmp_path: Path, write_pack, entry) -> None:
    jobs = tmp_path / "jobs"
    jobs.mkdir()
    (jobs / "ml-engineer.yaml").write_text(
        "id: ml-engineer\ncompany: X\nrole: 算法\nsummary: s\nsource: original\n"
        "topics:\n  rag: 2\n  nonsense: 1\n  agent: -1\n",
        encoding="utf-8",
    )
    vocabulary = tmp_path / "topics.yaml"
    vocabulary.write_text(
        "topics:\n"
        "  - id: rag\n    name_zh: 检索\n    name_en: RAG\n    round: technical\n    terms: [RAG]\n"
        "  - id: agent\n    name_zh: 智能体\n    name_en: Agents\n    round: tech\n",
        encoding="utf-8",
    )
    pack = write_pack("p.yaml", entry("t-1"))
    problems = [str(p) for p in validate_paths([vocabulary, jobs, pack])]
    assert f"{vocabulary}:10: unknown round 'tech' (use one of: hr, technical, project)" in problems
    assert any(
        p.startswith(f"{jobs / 'ml-engineer.yaml'}:8: unknown topic 'nonsense'") for p in problems
    )
    # 'agent' is unknown too: the vocabulary given replaces the shipped one and lost it.
    assert any(
        p.startswith(f"{jobs / 'ml-engineer.yaml'}:9: unknown topic 'agent'") for p in problems
    )


def test_load_bank_raises_with_every_problem(write_pack, entry) -> None:
    pack = write_pack("two.yaml", entry("t-1", round="x"), entry("t-1", difficulty=0))
    with pytest.raises(BankError) as caught:
        load_bank([pack])
    assert [p.line for p in caught.value.problems] == [3, 10, 17]
    assert str(caught.value).startswith(f"{pack}:3: unknown round 'x'")


def test_subprocess_prints_problems_without_traceback(tmp_path: Path) -> None:
    path = tmp_path / "binary.yaml"
    path.write_bytes(bytes(range(256)))
    result = subprocess.run(
        [sys.executable, "-m", "mockinterview", "bank", "validate", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert result.stdout.startswith(f"{path}:1: binary file")
    assert "Traceback" not in result.stderr
