"""The error measures the benchmarks report (speech/scoring.py)."""

from __future__ import annotations

import pytest

from mockinterview.speech import scoring


def test_mixed_tokens_keep_english_words_whole() -> None:
    assert scoring.mixed_tokens("我们用 KV cache 和 int4，1.3B 模型") == [
        "我", "们", "用", "kv", "cache", "和", "int4", "1.3b", "模", "型",
    ]  # fmt: skip


def test_a_misheard_english_term_is_one_unit_in_mer_and_one_per_letter_in_cer() -> None:
    assert scoring.mer("用LoRA微调", "用Laura微调") == pytest.approx(1 / 4)
    assert scoring.cer("用LoRA微调", "用Laura微调") == pytest.approx(2 / 7)
    # a long term heard as two characters: 2 of 8 units, but 14 of 21 letters and characters
    reference, heard = "我们用PagedAttention管理显存", "我们用配置管理显存"
    assert scoring.mer(reference, heard) == pytest.approx(2 / 8)
    assert scoring.cer(reference, heard) == pytest.approx(14 / 21)


def test_mer_is_zero_for_the_same_text_with_other_case_spaces_and_punctuation() -> None:
    assert scoring.mer("用 LoRA 微调。", "用lora微调") == 0.0
    assert scoring.mer("", "") == 0.0
