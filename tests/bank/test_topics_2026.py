"""The 2026 topics issue 12 found thin are each asked by at least three questions with a model answer."""

from __future__ import annotations

import re

import pytest

from mockinterview.bank import Bank

# Topic -> what a question's Chinese text says when it actually asks about the topic.
THIN_TOPICS = {
    "GRPO / RLVR family": r"GRPO|RLVR|可验证奖励",
    "test-time compute": r"test-time|思考长度|pass@|推理计算预算",
    "MoE routing": r"MoE",
    "linear / hybrid / sparse attention": r"线性注意力|稀疏注意力|全注意力混合",
    "long-context training and evaluation": r"128K|长上下文",
    "serving (PD disaggregation, prefix caching, FP8/FP4, KV quantisation)": r"prefill 和 decode 分离|前缀缓存|FP8",
    "FSDP and sequence/context parallelism": r"FSDP|序列并行|上下文并行|128K 长度的微调",
    "modern multimodal (native resolution, video, omni)": r"分辨率|视频理解|全模态",
    "agent evaluation and agentic RL": r"Agent 的效果|Agentic RL|Agent 搭一套离线评测",
    "speech / ASR": r"语音识别|语音对话",
    "autonomous driving": r"自动驾驶",
    "recommendation / search": r"推荐|排序模型",
    "RNN / LSTM": r"RNN|LSTM|Seq2Seq",
    "KBQA": r"KBQA|知识图谱|图数据库",
    "emotion recognition": r"情绪识别",
    "hand-written code": r"手写",
    "LeetCode-style reasoning aloud": r"口述一道算法题",
    "China compliance (filing, TC260)": r"备案|TC260|生成合成内容标识",
}
HR_STAPLES = {
    "non-compete": r"竞业",
    "background check": r"背景调查",
    "employment gap": r"空窗期",
    "last rating / level": r"职级",
    "base location": r"base 地",
    "expected raise": r"涨幅",
    "next steps": r"后续的流程",
    "compute and base model": r"团队的技术情况",
    "new or backfill headcount": r"岗位本身",
    "feedback on today": r"最后你还有什么想问",
}


@pytest.mark.parametrize("topic", sorted(THIN_TOPICS))
def test_thin_2026_topic_has_three_answered_questions(shipped_bank: Bank, topic: str) -> None:
    pattern = re.compile(THIN_TOPICS[topic])
    asked = [
        q.id
        for q in shipped_bank.questions.values()
        if q.round == "technical" and pattern.search(q.text) and q.reference_answer
    ]
    assert len(asked) >= 3, (topic, asked)


@pytest.mark.parametrize("staple", sorted(HR_STAPLES))
def test_hr_staple_is_asked_with_an_outline(shipped_bank: Bank, staple: str) -> None:
    pattern = re.compile(HR_STAPLES[staple])
    asked = [
        q.id
        for q in shipped_bank.by_round("hr")
        if pattern.search(q.text) and q.reference_answer and q.reference_answer_en
    ]
    assert asked, staple


def test_research_scientist_profile_weights_research_topics(shipped_bank: Bank) -> None:
    job = shipped_bank.jobs["research-scientist-llm"]
    assert job.source == "002_88528ed2e936ecd4.txt"
    heavy = {t for t, w in job.topic_weights.items() if w >= 2}
    assert {"research-frontier", "rlhf-alignment", "evaluation"} <= heavy
