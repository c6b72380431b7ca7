"""Key-point coverage: paraphrase, Chinese/English term mixing, and a clear miss."""

from __future__ import annotations

from typing import Any

import pytest

from mockinterview.bank.models import Question, Topic
from mockinterview.feedback import analyze_answer
from mockinterview.feedback.coverage import COVERED_AT

LORA = Question(
    id="tech-lora-test",
    round="technical",
    topics=("lora-peft", "fine-tuning"),
    text="LoRA 的原理是什么？为什么低秩分解有效？",
    key_points=(
        "冻结原模型权重",
        "在旁路加入低秩矩阵 A、B",
        "推理时把权重合并回原模型，没有额外延迟",
        "用 int8/int4 量化进一步降低显存（QLoRA）",
    ),
    follow_ups=(),
    source="original",
    difficulty=2,
)


def statuses(text: str, topics: dict[str, Topic]) -> list[str]:
    return [
        kp["status"]
        for kp in analyze_answer(text, None, 60.0, question=LORA, topics=topics)["key_points"]
    ]


def test_chinese_paraphrase_covers_points_without_the_exact_wording(
    topics: dict[str, Topic],
) -> None:
    text = "我们把预训练模型的参数冻住不更新，在旁边加两个低秩矩阵去学增量，推理的时候可以 merge 回原来的模型，没有额外的延迟。"
    result = analyze_answer(text, None, 60.0, question=LORA, topics=topics)
    kp = result["key_points"]
    assert [k["status"] for k in kp] == ["covered", "covered", "covered", "missed"]
    frozen = {m["term"]: m["found"] for m in kp[0]["matched"]}
    assert frozen["冻结"] == "冻住" and frozen["权重"] == "参数"
    assert kp[0]["evidence"] == "我们把预训练模型的参数冻住不更新"
    assert "量化" in kp[3]["missing"]
    assert result["coverage"] == {
        "covered": 3,
        "partly": 0,
        "missed": 1,
        "total": 4,
        "score": pytest.approx(sum(k["score"] for k in kp) / 4, abs=1e-3),  # mean of the points
    }
    assert 3 * COVERED_AT / 4 <= result["coverage"]["score"] < 1  # three covered, one missed


def test_english_answer_covers_chinese_key_points_through_terms(topics: dict[str, Topic]) -> None:
    text = (
        "We freeze the pretrained weights and learn a low-rank update with two small matrices on a "
        "side branch. At inference the update is merged into the weights, so there is no extra latency."
    )
    assert statuses(text, topics) == ["covered", "covered", "covered", "missed"]


def test_lora_counts_as_low_rank_in_a_mixed_answer(topics: dict[str, Topic]) -> None:
    kp = analyze_answer("在旁路上加 LoRA 矩阵。", None, 30.0, question=LORA, topics=topics)[
        "key_points"
    ][1]
    assert kp["status"] == "covered"
    assert {"term": "低秩", "found": "LoRA", "kind": "concept", "position": 6} in kp["matched"]


def test_same_topic_term_earns_partial_credit(topics: dict[str, Topic]) -> None:
    # "adapter" is another lora-peft term: right area, not the point.
    kp = analyze_answer("我们用 adapter。", None, 30.0, question=LORA, topics=topics)["key_points"][
        3
    ]
    assert [m["kind"] for m in kp["matched"] if m["term"].lower() == "qlora"] == ["related"]


def test_answer_on_another_subject_misses_every_point(topics: dict[str, Topic]) -> None:
    text = "RAG 就是先检索再生成，我们用向量库召回文档，再用 rerank 模型排序。"
    assert statuses(text, topics) == ["missed"] * 4


def test_partly_when_only_some_of_the_point_is_said(topics: dict[str, Topic]) -> None:
    kp = analyze_answer("推理的时候把权重合并回去就行。", None, 30.0, question=LORA, topics=topics)[
        "key_points"
    ][2]
    assert kp["status"] == "partly"
    assert 0.3 <= kp["score"] < 0.6


def test_no_question_means_no_key_points() -> None:
    result: dict[str, Any] = analyze_answer("随便说说。", None, 10.0)
    assert result["key_points"] == [] and result["coverage"]["score"] is None
