"""STAR finds actions said the ordinary way, and is given only where STAR applies.

The labelled tuning sets (tests/data/star/tune.yaml, tune_a.yaml) are what feedback/star.py was tuned on, so the
threshold here guards against regressions; the held-out figure comes from benchmarks/bench_star.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from mockinterview.bank.models import Question
from mockinterview.feedback import analyze_answer
from mockinterview.feedback.star import PARTS, find_star, star_applies

DATA = Path(__file__).resolve().parents[1] / "data" / "star"
TUNE = (DATA / "tune.yaml", DATA / "tune_a.yaml")  # heldout.yaml: only benchmarks/bench_star.py


@pytest.mark.parametrize(
    "text",
    [
        "嗯 那个 我主要做了检索这块的重构",
        "我们当时就是 呃 我把索引换成了 HNSW",
        "um so I rebuilt the ranking service from scratch",
        "then added a reranker on top uh",
        "i rewrote the batching logic",
    ],
)
def test_ordinary_phrasings_are_actions(text: str) -> None:
    assert find_star(text)["action"] is not None


@pytest.mark.parametrize("text", ["嗯 我负责的是评测这块", "我付责数据清洗", "i owned the ranking part"])
def test_ordinary_phrasings_are_tasks(text: str) -> None:
    assert find_star(text)["task"] is not None


def test_opinions_have_no_star_parts() -> None:
    found = find_star("嗯 因为贵公司在大模型方面投入很大 然后我也很认同你们的产品 希望能一起成长")
    assert all(found[p] is None for p in PARTS)


def test_tuning_set_recall_and_precision_stay_high() -> None:
    answers = [a for f in TUNE for a in yaml.safe_load(f.read_text(encoding="utf-8"))["answers"]]
    assert len(answers) >= 40 and {a["lang"] for a in answers} == {"zh", "en"}
    for part in PARTS:
        tp = fp = fn = 0
        for a in answers:
            truth, guess = bool(a["labels"][part]), find_star(a["text"])[part] is not None
            tp += truth and guess
            fp += guess and not truth
            fn += truth and not guess
        assert tp / (tp + fp) >= 0.9, part
        assert tp / (tp + fn) >= 0.9, part


def _question(round_: str, text: str) -> Question:
    return Question("q", round_, ("x",), text, (), (), "original", 1)


def test_star_only_for_behavioural_hr_and_project_questions() -> None:
    story = "当时项目很赶。我负责后端。我把接口重写了。最后按时上线了。"
    assert star_applies("project") and star_applies("hr", "讲一个你失败的经历")
    assert not star_applies("hr", "你的期望薪资是多少？")
    assert not star_applies("technical", "讲一个项目")
    salary = analyze_answer(story, None, 30.0, question=_question("hr", "你的期望薪资是多少？"))
    assert salary["star"] is None
    failure = analyze_answer(story, None, 30.0, question=_question("hr", "讲一个你失败的经历"))
    assert failure["star"] is not None and all(failure["star"][p] for p in PARTS)
