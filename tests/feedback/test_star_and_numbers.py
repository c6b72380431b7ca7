"""STAR evidence for HR/project answers and numbers/metrics detection."""

from __future__ import annotations

import pytest

from mockinterview.feedback import analyze_answer

PROJECT_ZH = (
    "当时我在一个客服问答项目中，回答准确率不高。我负责检索模块的优化。"
    "我设计了混合检索，又加了 rerank。最终准确率提升了 12 个百分点，延迟降到 300ms。"
)


def test_project_answer_star_evidence_in_chinese() -> None:
    result = analyze_answer(PROJECT_ZH, None, 60.0, round="project")
    star = result["star"]
    assert star["situation"] == "当时我在一个客服问答项目中，回答准确率不高。"
    assert star["task"] == "我负责检索模块的优化。"
    assert star["action"] == "我设计了混合检索，又加了 rerank。"
    assert star["result"].startswith("最终准确率提升了")
    assert result["star_detail"]["task"]["cue"] == "负责"
    assert result["star_detail"]["task"]["position"] == PROJECT_ZH.index("我负责")


def test_hr_answer_star_in_english() -> None:
    text = (
        "The situation was that our team kept missing deadlines. My task was to get the release "
        "back on track. I built a daily check-in and split the work. As a result we shipped on time."
    )
    star = analyze_answer(text, None, 60.0, round="hr")["star"]
    assert star == {
        "situation": "The situation was that our team kept missing deadlines.",
        "task": "My task was to get the release back on track.",
        "action": "I built a daily check-in and split the work.",
        "result": "As a result we shipped on time.",
    }


def test_missing_result_is_null() -> None:
    star = analyze_answer("当时项目很赶。我负责后端。我采用了新的框架。", None, 30.0, round="hr")[
        "star"
    ]
    assert star["situation"] and star["task"] and star["action"]
    assert star["result"] is None


def test_technical_answers_have_no_star() -> None:
    result = analyze_answer(PROJECT_ZH, None, 60.0, round="technical")
    assert result["star"] is None and result["numbers"]["expected"] is False


def test_numbers_in_a_project_answer() -> None:
    numbers = analyze_answer(PROJECT_ZH, None, 60.0, round="project")["numbers"]
    assert numbers["expected"] and numbers["given"]
    assert [(i["text"], i["kind"]) for i in numbers["items"]] == [
        ("12 个百分点", "percent"),
        ("300ms", "latency"),
    ]
    assert numbers["items"][1]["position"] == PROJECT_ZH.index("300ms")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("召回率提升了三个点。", [("提升了三个点", "points")]),
        ("QPS 从 200 提到 1000。", [("qps 从 200", "throughput")]),
        ("我们清洗了 50 万条数据。", [("50 万", "scale")]),
        ("accuracy went from 81% to 90%", [("81%", "percent"), ("90%", "percent")]),
        ("速度快了两倍", [("两倍", "multiplier")]),
        ("F1 大概是 0.87", [("f1 大概是 0.87", "metric")]),
        ("有一个点我想补充。", []),
    ],
)
def test_metric_kinds(text: str, expected: list[tuple[str, str]]) -> None:
    items = analyze_answer(text, None, 10.0, round="project")["numbers"]["items"]
    assert [(i["text"].lower(), i["kind"]) for i in items] == expected


def test_project_answer_without_numbers_is_flagged() -> None:
    numbers = analyze_answer("我们做了一个 RAG 系统，效果挺好的。", None, 20.0, round="project")[
        "numbers"
    ]
    assert numbers == {"expected": True, "given": False, "items": []}
