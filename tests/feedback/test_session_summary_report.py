"""Session summary, Markdown cards and the recompute check."""

from __future__ import annotations

from mockinterview.bank.models import Question, Topic
from mockinterview.feedback import (
    ANALYSIS_VERSION,
    analyze_answer,
    needs_recompute,
    render_feedback_markdown,
    render_session_markdown,
    summarize_session,
)


def _q(qid: str, round_: str, topics: tuple[str, ...], key_points: tuple[str, ...]) -> Question:
    return Question(qid, round_, topics, "问题", key_points, (), "original", 1)


RAG = _q("t-rag", "technical", ("rag",), ("用向量检索召回文档", "用 rerank 模型重排"))
QUANT = _q("t-quant", "technical", ("quantization",), ("int8 量化降低显存", "AWQ 保护重要权重"))
PROJ = _q("p-1", "project", ("project-results",), ("说明上线后的指标提升",))


def _session(topics: dict[str, Topic]) -> list[tuple[Question, dict]]:
    return [
        (
            RAG,
            analyze_answer(
                "嗯，我们先用向量检索召回文档，然后用 rerank 模型重排。",
                None,
                30.0,
                question=RAG,
                topics=topics,
            ),
        ),
        (
            QUANT,
            analyze_answer(
                "这个我不太了解，那个，应该是让模型更小吧。",
                None,
                30.0,
                question=QUANT,
                topics=topics,
            ),
        ),
        (
            PROJ,
            analyze_answer(
                "当时我负责客服系统，我设计了检索模块，效果还不错。",
                None,
                30.0,
                question=PROJ,
                topics=topics,
            ),
        ),
    ]


def test_summary_finds_weak_topics_and_suggests_drills(topics: dict[str, Topic]) -> None:
    summary = summarize_session(_session(topics))
    assert summary["answers"] == 3 and summary["speaking_seconds"] == 90.0
    assert summary["per_topic"]["rag"]["score"] >= 0.6
    assert summary["per_topic"]["rag"]["covered"] == 2
    assert summary["per_topic"]["quantization"]["missed"] == 2
    assert summary["weakest_topics"][0] == "quantization"
    assert "rag" not in summary["weakest_topics"]
    # The project answer gave no numbers: its topic is a drill even if covered.
    assert summary["suggested_drills"][0] == "quantization"
    assert "project-results" in summary["suggested_drills"]
    fillers = sum(len(a["fillers"]) for _, a in _session(topics))
    assert summary["fillers"] == fillers and summary["fillers_per_min"] == round(fillers / 1.5, 2)
    assert [a["question_id"] for a in summary["per_answer"]] == ["t-rag", "t-quant", "p-1"]


def test_markdown_card_shows_each_measure(topics: dict[str, Topic]) -> None:
    _, analysis = _session(topics)[2]
    card = render_feedback_markdown(analysis, title="p-1")
    assert card.startswith("### p-1")
    assert "| 说明上线后的指标提升 |" in card
    assert "- Result: missing" not in card  # 效果 is a result cue
    assert "- Numbers: none" in card
    summary_md = render_session_markdown(summarize_session(_session(topics)), {"rag": "RAG"})
    assert "| RAG | 1 |" in summary_md and "Weakest topics: quantization" in summary_md


def test_needs_recompute_when_transcript_or_version_changes() -> None:
    analysis = analyze_answer("我们用了 LoRA。", None, 10.0)
    assert analysis["version"] == ANALYSIS_VERSION
    assert not needs_recompute(analysis, "我们用了 LoRA。", None, 10.0)
    assert needs_recompute(analysis, "我们用了 QLoRA。", None, 10.0)
    assert needs_recompute(
        {**analysis, "version": ANALYSIS_VERSION - 1}, "我们用了 LoRA。", None, 10.0
    )
    assert needs_recompute(None, "我们用了 LoRA。", None, 10.0)
