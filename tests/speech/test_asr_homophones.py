"""Homophone repair (speech/homophones.py) and the prompt clean-up (textnorm), no model.

The sound-alikes below are the ones issue 9 lists from its own recordings (not from
benchmarks/heldout, which nothing may be tuned on)."""

from __future__ import annotations

from dataclasses import replace
from types import SimpleNamespace

import pytest

from mockinterview.speech import textnorm
from mockinterview.speech.asr import (
    FILE_OPTIONS,
    DecodeOptions,
    Segment,
    Word,
    decode_kwargs,
    question_prompt,
    repair_segment,
)
from mockinterview.speech.homophones import (
    Lexicon,
    default_lexicon,
    glossary_words,
    is_common,
    lexicon_from_bank,
)
from mockinterview.speech.language import choose_language, forced


@pytest.mark.parametrize(
    ("heard", "meant"),
    [
        ("我们用低制举证做分解", "我们用低秩矩阵做分解"),  # 4 characters, one near syllable
        ("先做相量检索再重排", "先做向量检索再重排"),
        ("模型亮化以后精度下降", "模型量化以后精度下降"),
        ("踢肚消失的问题", "梯度消失的问题"),
        ("伪调之后效果变好", "微调之后效果变好"),
        ("剪锁的结果不准", "检索的结果不准"),
    ],
)
def test_technical_sound_alikes_are_repaired(heard: str, meant: str) -> None:
    fixed, repairs = default_lexicon().repair(heard)
    assert fixed == meant
    assert repairs and all(r.original != r.word for r in repairs)


@pytest.mark.parametrize(
    "text",
    [
        "减少了找回的时间",  # 减少 ~ 检索 (s/sh) and 找回 = 召回's syllables: both common words
        "他说了很多话，我们都同意",
        "放在线上跑",  # 在线 is a common word: 线卡 → 显卡 must not cut through it
    ],
)
def test_common_words_are_left_alone(text: str) -> None:
    assert default_lexicon().repair(text) == (text, [])


def test_the_rule_needs_a_rare_original_and_a_close_match() -> None:
    assert is_common("减少") and not is_common("亮化")
    lexicon = Lexicon(["向量检索"])
    assert lexicon.repair("相量检索")[0] == "向量检索"  # exact toneless pinyin
    assert lexicon.repair("相同剪锁")[0] == "相同剪锁"  # tong is not near liang: no
    two = Lexicon(["检索"])
    assert two.repair("剪锁")[0] == "检索"  # tones aside, the same syllables
    assert two.repair("减说")[0] == "减说"  # 2 characters: a near syllable (s/sh) is not enough


def test_segment_and_words_keep_the_original() -> None:
    words = [Word(0.0, 0.3, "模型", 0.9), Word(0.3, 0.5, "亮", 0.4), Word(0.5, 0.7, "化", 0.5)]
    segment = Segment(0.0, 0.7, "模型亮化", words)
    repair_segment(segment, default_lexicon())
    assert segment.text == "模型量化" and segment.original == "模型亮化"
    assert [(w.word, w.original) for w in segment.words] == [
        ("模型", None), ("量", "亮"), ("化", None),
    ]  # fmt: skip
    assert [w.probability for w in segment.words] == [0.9, 0.4, 0.5]  # kept for the GUI


def test_lexicon_from_bank_takes_terms_key_points_and_reference_answers() -> None:
    topic = SimpleNamespace(terms=["旋转位置编码", "RoPE"])
    question = SimpleNamespace(key_points=["用拒答样本做微调"], reference_answer="先做模型剪枝。")
    bank = SimpleNamespace(topics={"t": topic}, questions={"q": question})
    lexicon = lexicon_from_bank(bank, glossary=False)
    assert {"旋转位置编码", "拒答", "样本", "剪枝"} <= lexicon.words
    assert "RoPE" not in lexicon.words  # Latin terms are the respelling's business


def test_prompt_artifacts_and_echoes_are_removed() -> None:
    assert (
        textnorm.strip_prompt_artifacts("问题：什么是RAG？回答：嗯，就是检索", "zh") == "就是检索"
    )
    assert textnorm.strip_prompt_artifacts("：我们先做，。对齐", "zh") == "我们先做。对齐"
    assert textnorm.strip_prompt_artifacts("这个问题：我觉得", "zh") == "这个问题，我觉得"
    assert textnorm.strip_prompt_artifacts("a\ufffdb", "en") == "ab"
    prompt = question_prompt("什么是 reward hacking？RLHF 训练中怎么缓解？", "zh") or ""
    assert textnorm.is_context_echo("RLHF 训练中怎么缓解", prompt)
    assert textnorm.is_context_echo("RLHF DPO", prompt + " DPO")
    assert not textnorm.is_context_echo("我们用 RLHF 训练", prompt)
    assert textnorm.clean_text("量化\ufffd", "zh", []) == "量化"


def test_english_answers_get_no_chinese_prompt() -> None:
    assert question_prompt("什么是 KV cache？", "en") is None
    assert (
        question_prompt("What is a KV cache?", "en")
        == "Interview question: What is a KV cache? Answer:"
    )
    assert (question_prompt("什么是 KV cache？", "zh") or "").startswith("问题：什么是 KV cache？")


def test_language_choice_between_mandarin_and_english() -> None:
    assert choose_language({"zh": 0.6, "en": 0.3, "ja": 0.1}) == "zh"
    assert choose_language({"en": 0.7, "zh": 0.2}) == "en"
    assert choose_language({"yue": 0.3, "zh": 0.3, "en": 0.4}) == "zh"  # Chinese scripts together
    assert choose_language({"de": 0.98, "en": 0.01}) == "zh"  # neither: the default
    assert forced("auto") is None and forced(None) is None and forced("en") == "en"
    with pytest.raises(ValueError, match="unknown answer language 'fr'"):
        forced("fr")


def test_the_curated_glossary_wins_over_a_bank_word_that_sounds_the_same() -> None:
    lexicon = Lexicon(["检索"], preferred=True)
    lexicon.add(["简所"])  # a bank-derived word with the same toneless syllables (jian suo)
    assert lexicon.repair("剪锁的结果")[0] == "检索的结果"
    bank_only = Lexicon(["检索", "简所"])  # two bank words alike: ambiguous, nothing changes
    assert bank_only.repair("剪锁的结果")[0] == "剪锁的结果"


def test_the_default_lexicon_is_the_curated_glossary() -> None:
    lexicon = default_lexicon()
    assert lexicon.words and lexicon.preferred == lexicon.words


def test_reference_answers_give_uncommon_words_only() -> None:
    question = SimpleNamespace(
        key_points=["低秩矩阵"], reference_answer="没用的就找回来，一分钟以内用拒答样本训练。"
    )
    bank = SimpleNamespace(topics={}, questions={"q": question})
    lexicon = lexicon_from_bank(bank, glossary=False)
    assert not {"找回", "没用", "一分钟", "样本"} & lexicon.words  # everyday words: no targets
    assert {"拒答", "矩阵"} <= lexicon.words and not lexicon.preferred  # rare / from key points
    assert "矩阵" in lexicon_from_bank(bank).preferred or "矩阵" not in glossary_words()


def test_prompt_on_every_decode_and_no_timestamps_are_options_off_by_default() -> None:
    prompt = question_prompt("什么是 RAG？", "zh")
    every = replace(FILE_OPTIONS, prompt_every_window=True, without_timestamps=True)
    kwargs = decode_kwargs("zh", [], prompt, every, 70.0)
    # faster-whisper forgets initial_prompt after the first re-seek; hotwords go to every decode
    assert kwargs["initial_prompt"] is None and kwargs["hotwords"] == prompt
    assert kwargs["without_timestamps"] is True and kwargs["word_timestamps"] is True
    both = decode_kwargs("en", ["LoRA"], "Interview question: Why? Answer:", every)
    assert both["hotwords"] == "LoRA Interview question: Why? Answer:"
    file_kwargs = decode_kwargs("zh", [], prompt, FILE_OPTIONS, 70.0)  # measured worse on A and B
    assert file_kwargs["initial_prompt"] == prompt and file_kwargs["without_timestamps"] is False
    assert FILE_OPTIONS.loop_retry_without_context and FILE_OPTIONS.fill_holes
    live = DecodeOptions(beam_size=1)
    assert not (live.loop_retry_without_context or live.fill_holes or live.text_from_words)
