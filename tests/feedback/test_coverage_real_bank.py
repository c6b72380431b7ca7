"""Key-point coverage measured on spoken answers to real bank questions.

tests/feedback/data/real_bank_answers.yaml holds, per question, a snapshot of its key points and
three hand-labelled answers (spoken, mixed zh/en paraphrase, off-topic). Run with ``pytest -s`` to
see the confusion table.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from mockinterview.bank.loader import read_bank
from mockinterview.bank.models import Question, Topic
from mockinterview.feedback import analyze_answer
from mockinterview.feedback.coverage import cover_key_points
from mockinterview.feedback.vocabulary import Vocabulary, build_vocabulary

DATA = Path(__file__).parent / "data" / "real_bank_answers.yaml"
STATUSES = ("covered", "partly", "missed")
# Truth rows: a point the answer makes, a point an on-topic answer leaves out, any point against an
# off-topic answer.
ROWS = ("made", "not made", "off-topic")


def load_cases() -> list[dict[str, Any]]:
    return list(yaml.safe_load(DATA.read_text(encoding="utf-8"))["questions"])


def judge(topics: dict[str, Topic]) -> list[tuple[str, str, str, str, dict[str, Any]]]:
    """(question id, answer kind, truth row, predicted status, key-point item) for every point."""
    out = []
    for case in load_cases():
        question = {k: case[k] for k in ("id", "round", "topics", "key_points")}
        for answer in case["answers"]:
            items = analyze_answer(answer["text"], None, 60.0, question=question, topics=topics)[
                "key_points"
            ]
            for i, item in enumerate(items):
                if answer["kind"] == "off_topic":
                    row = "off-topic"
                else:
                    row = "made" if i in answer["covers"] else "not made"
                out.append((case["id"], answer["kind"], row, item["status"], item))
    return out


def confusion(judged: list[tuple[str, str, str, str, dict[str, Any]]]) -> Counter[tuple[str, str]]:
    return Counter((row, status) for _, _, row, status, _ in judged)


def rates(table: Counter[tuple[str, str]]) -> dict[str, float]:
    def share(row: str, statuses: tuple[str, ...]) -> float:
        total = sum(table[row, s] for s in STATUSES)
        return sum(table[row, s] for s in statuses) / total

    return {
        # a point the answer makes is shown as covered, or at least partly
        "made_found": share("made", ("covered", "partly")),
        "made_covered": share("made", ("covered",)),
        "not_made_false_covered": share("not made", ("covered",)),
        "off_topic_missed": share("off-topic", ("missed",)),
    }


def format_table(table: Counter[tuple[str, str]]) -> str:
    lines = [f"{'truth / shown':<12}" + "".join(f"{s:>9}" for s in STATUSES)]
    for row in ROWS:
        lines.append(f"{row:<12}" + "".join(f"{table[row, s]:>9}" for s in STATUSES))
    return "\n".join(lines)


@pytest.fixture(scope="module")
def judged(topics: dict[str, Topic]) -> list[tuple[str, str, str, str, dict[str, Any]]]:
    return judge(topics)


def test_fixture_is_well_formed() -> None:
    cases = load_cases()
    assert len(cases) >= 20
    assert {c["round"] for c in cases} == {"technical", "hr", "project"}
    for case in cases:
        assert [a["kind"] for a in case["answers"]] == ["spoken", "paraphrase", "off_topic"]
        for answer in case["answers"]:
            assert all(0 <= i < len(case["key_points"]) for i in answer["covers"]), case["id"]
        assert not case["answers"][2]["covers"]


def test_points_an_answer_makes_are_found(judged: list[Any]) -> None:
    table = confusion(judged)
    r = rates(table)
    print("\n" + format_table(table))
    print({k: round(v, 3) for k, v in r.items()})
    # The matcher tuned for 5-20 character points found 0.69 of these and called 0.20 covered.
    assert r["made_found"] >= 0.9
    assert r["made_covered"] >= 0.6


def test_off_topic_answers_mostly_miss(judged: list[Any]) -> None:
    r = rates(confusion(judged))
    assert r["off_topic_missed"] >= 0.9


def test_points_left_out_are_rarely_called_covered(judged: list[Any]) -> None:
    r = rates(confusion(judged))
    assert r["not_made_false_covered"] <= 0.1


def test_each_answer_kind_finds_most_of_its_points(judged: list[Any]) -> None:
    # Paraphrases in mixed zh/en must not lag far behind the plain spoken answers.
    for kind in ("spoken", "paraphrase"):
        made = [status for _, k, row, status, _ in judged if k == kind and row == "made"]
        found = sum(s != "missed" for s in made) / len(made)
        assert found >= 0.85, (kind, found)


def test_found_points_carry_evidence(judged: list[Any]) -> None:
    for qid, _, _row, status, item in judged:
        if status == "missed":
            continue
        assert item["matched"], (qid, item["point"])
        assert item["evidence"], (qid, item["point"])


@pytest.fixture(scope="module")
def shipped_bank() -> tuple[list[Question], Vocabulary]:
    # read_bank, not load_bank: a pack another engineer is still writing must not hide this check.
    bank, _problems = read_bank(None)
    return list(bank.questions.values()), build_vocabulary(None, bank.topics)


def test_every_bank_key_point_said_verbatim_is_covered(
    shipped_bank: tuple[list[Question], Vocabulary],
) -> None:
    # Catches points made only of instruction and function words, which nothing could cover.
    questions, vocab = shipped_bank
    uncovered = [
        (q.id, point)
        for q in questions
        for i, point in enumerate(q.key_points)
        if cover_key_points(point, q.key_points, vocab, q.topics)[i]["status"] != "covered"
    ]
    assert len(questions) >= 200
    assert uncovered == []


def test_a_bank_key_point_rarely_covers_its_siblings(
    shipped_bank: tuple[list[Question], Vocabulary],
) -> None:
    # Saying one point of a question must not tick the question's other points.
    questions, vocab = shipped_bank
    statuses: Counter[str] = Counter()
    for q in questions:
        for i, point in enumerate(q.key_points):
            items = cover_key_points(point, q.key_points, vocab, q.topics)
            statuses.update(item["status"] for j, item in enumerate(items) if j != i)
    total = sum(statuses.values())
    print(f"\nsibling points: {dict(statuses)}")
    assert statuses["covered"] / total <= 0.01
    assert statuses["missed"] / total >= 0.85
