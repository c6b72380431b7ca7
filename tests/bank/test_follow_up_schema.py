"""The follow-up chain schema and the structure fields: good ones load, bad ones say path:line."""

from __future__ import annotations

from pathlib import Path

import pytest

from mockinterview import cli
from mockinterview.bank import load_bank

Capture = pytest.CaptureFixture[str]

HEAD = """questions:
  - id: p-main
    round: project
    topics: [project-overview]
    text: 介绍一下你的项目
    key_points: [背景和目标, 你的贡献]
    source: original
    difficulty: 2
"""


def pack(tmp_path: Path, follow_ups: str, extra: str = "", more: str = "") -> Path:
    path = tmp_path / "chain.yaml"
    path.write_text(HEAD + extra + "    follow_ups:\n" + follow_ups + more, encoding="utf-8")
    return path


def validate(capsys: Capture, *args: str) -> tuple[int, list[str]]:
    status = cli.main(["bank", "validate", *args])
    return status, capsys.readouterr().out.splitlines()


def problem_at(lines: list[str], path: Path, line: int, fragment: str) -> None:
    hits = [t for t in lines if t.startswith(f"{path}:{line}: ") and fragment in t]
    assert hits, f"no {path}:{line}: ...{fragment}... in:\n" + "\n".join(lines)


STEP = """  - id: p-step
    part_of: p-main
    round: project
    topics: [project-results]
    text: 效果怎么评估的？
    key_points: [指标, 基线]
    follow_ups: []
    source: original
    difficulty: 2
"""


def test_a_chain_of_texts_and_conditioned_mappings_loads(tmp_path: Path) -> None:
    path = pack(
        tmp_path,
        "      - 团队多大？\n"
        "      - id: graph\n"
        "        text: 你提到了图，图是怎么建的？\n"
        "        text_en: You mentioned a graph - how was it built?\n"
        "        if_mentioned: [GNN, 图模型]\n"
        "      - text: 你的贡献具体是什么？\n"
        "        if_missed: [2]\n"
        "        if_covered: [背景和目标]\n"
        "      - text: 图有多大？\n"
        "        after: graph\n"
        "      - question: p-step\n"
        "        unless_mentioned: [AUC]\n",
        more=STEP,
    )
    bank = load_bank([path])
    main = bank.questions["p-main"]
    assert main.follow_ups == ("团队多大？", "你提到了图，图是怎么建的？", "你的贡献具体是什么？",
                               "图有多大？", "效果怎么评估的？")  # fmt: skip
    graph = main.chain[1]
    assert graph.if_mentioned == ("GNN", "图模型") and graph.text_en.startswith("You mentioned")
    assert main.chain[2].if_missed == (2,) and main.chain[2].if_covered == ("背景和目标",)
    assert main.chain[3].after == "graph"
    assert main.chain[4].question == "p-step" and main.chain[4].unless_mentioned == ("AUC",)
    assert bank.questions["p-step"].part_of == "p-main"


def test_plain_texts_make_no_chain(tmp_path: Path) -> None:
    bank = load_bank([pack(tmp_path, "      - 团队多大？\n      - 难点是什么？\n")])
    assert bank.questions["p-main"].chain == ()
    assert bank.questions["p-main"].follow_ups == ("团队多大？", "难点是什么？")


@pytest.mark.parametrize(
    ("follow_ups", "line", "fragment"),
    [
        ("      - text: 为什么？\n        if_mentoined: [LoRA]\n", 11, "unknown field 'if_mentoined' in follow-up 1"),
        ("      - text: 为什么？\n        after: 1\n", 11, "the first follow-up cannot come 'after' another"),
        ("      - 第一\n      - text: 第二\n        after: 3\n", 12, "'after' is 3; it must name an earlier follow-up (1-1)"),
        ("      - text: 第一\n        after: later\n", 11, "'after' names 'later', which is no earlier follow-up's id"),
        ("      - text: 为什么？\n        if_missed: [3]\n", 11, "names key point 3, but the question has 2 key point(s)"),
        ("      - text: 为什么？\n        if_covered: [不存在的要点]\n", 11, "which is not one of this question's key points"),
        ("      - if_mentioned: [LoRA]\n", 10, "follow-up 1 has neither 'text' nor 'question'"),
        ("      - text: 为什么？\n        if_mentioned: []\n", 11, "'if_mentioned' is empty"),
        ("      - [a, b]\n", 10, "'follow_ups' item 1 must be text or a mapping"),
        ("      - question: nowhere\n", 10, "follow-up 1 asks unknown question 'nowhere'"),
        ("      - id: a\n        text: 一\n      - id: a\n        text: 二\n", 12, "id 'a' is already follow-up 1"),
    ],
)
def test_a_bad_follow_up_is_reported_at_its_line(
    capsys: Capture, tmp_path: Path, follow_ups: str, line: int, fragment: str
) -> None:
    path = pack(tmp_path, follow_ups)
    status, lines = validate(capsys, str(path))
    assert status == 1
    problem_at(lines, path, line, fragment)


def test_part_of_a_question_whose_chain_does_not_ask_it_is_a_problem(
    capsys: Capture, tmp_path: Path
) -> None:
    path = pack(tmp_path, "      - 团队多大？\n", more=STEP)
    status, lines = validate(capsys, str(path))
    assert status == 1
    problem_at(lines, path, 11, "'p-step' is part_of 'p-main', but that question's follow_ups do not ask it")


@pytest.mark.parametrize(
    ("extra", "fragment"),
    [
        ("    project_text: 介绍一下你的项目吧\n", "'project_text' must name the project as {project}"),
        ("    project_text: '{project} 的 {name}'\n", "only {project} may stand in braces"),
        ("    delivery_rules: [no-whining]\n", "unknown delivery rule 'no-whining'"),
        ("    requires_project: []\n", "'requires_project' is empty"),
    ],
)
def test_bad_structure_fields_are_reported_at_their_line(
    capsys: Capture, tmp_path: Path, extra: str, fragment: str
) -> None:
    path = pack(tmp_path, "      - 团队多大？\n", extra=extra)
    status, lines = validate(capsys, str(path))
    assert status == 1
    problem_at(lines, path, 9, fragment)


def test_reference_answers_are_required_unless_switched_off(
    capsys: Capture, tmp_path: Path
) -> None:
    path = pack(tmp_path, "      - 团队多大？\n")
    status, lines = validate(capsys, str(path))
    assert status == 1
    problem_at(lines, path, 2, "project question 'p-main' has no reference_answer")
    assert validate(capsys, str(path), "--no-require-reference-answers")[0] == 0  # a draft pack
    answered = pack(tmp_path, "      - 团队多大？\n", extra="    reference_answer: 我们的项目背景是……\n")
    assert validate(capsys, str(answered))[0] == 0


def test_the_shipped_bank_is_valid_with_its_chains(capsys: Capture) -> None:
    status, lines = validate(capsys)
    assert status == 0, "\n".join(lines)
