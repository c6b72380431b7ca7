"""Text clean-up without a model: simplified Chinese, hallucination blocklist, loops, terms."""

from __future__ import annotations

from mockinterview.speech import textnorm


def test_traditional_becomes_simplified() -> None:
    assert textnorm.to_simplified("我在一個項目裡用微調") == "我在一个项目里用微调"


def test_known_silence_hallucinations_are_recognised() -> None:
    for junk in (
        "字幕由 Amara.org 社群提供",
        "请不吝点赞 订阅 转发 打赏支持明镜与点点栏目",
        ". . . .",
        "...",
        "Thank you for watching!",
    ):
        assert textnorm.is_hallucination(junk), junk
    assert not textnorm.is_hallucination("我们用 LoRA 做微调")


def test_decoding_loops_are_dropped_but_short_repeats_kept() -> None:
    assert textnorm.strip_loops("显存省了很多证证证证证证") == "显存省了很多"
    assert textnorm.strip_loops("我设计设计设计设计了") == "我了"
    assert textnorm.strip_loops("说说看") == "说说看"


def test_terms_respelled_only_when_they_are_hotwords() -> None:
    assert textnorm.normalize_terms(
        "we used Laura and deep speed zero", ["LoRA", "DeepSpeed", "ZeRO"]
    ) == ("we used LoRA and DeepSpeed ZeRO")
    assert textnorm.normalize_terms("I met Laura", ["RAG"]) == "I met Laura"
    assert textnorm.normalize_terms("我们用rag检索", ["RAG"]) == "我们用RAG检索"
    assert textnorm.normalize_terms("storage", ["RAG"]) == "storage"


def test_song_credits_after_the_last_word_are_dropped() -> None:
    assert (
        textnorm.strip_trailing_credits("上线前要在验证集上评估效果。作词、作")
        == "上线前要在验证集上评估效果。"
    )
    assert textnorm.strip_trailing_credits("我们用 LoRA 做微调词曲") == "我们用 LoRA 做微调"
    assert textnorm.strip_trailing_credits("作词的人") == "作词的人"


def test_leaked_hotword_loop_at_the_end_is_dropped() -> None:
    text = "上线前要在验证机上评估效果。LHF DPO RLHF DPO RLHF DPO RLHF DPO RL"
    assert textnorm.strip_loops(text) == "上线前要在验证机上评估效果。"
