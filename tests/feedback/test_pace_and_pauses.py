"""Speaking rate (zh, en, mixed), time against the limit, and long pauses from word timings."""

from __future__ import annotations

from typing import Any

import pytest

from mockinterview.feedback import analyze_answer

ZH_200 = "我们在项目里用检索增强生成来回答客服问题" * 10  # 20 chars × 10
EN_140 = " ".join(
    ["the retriever finds relevant chunks and then the model answers"] * 14
)  # 10 words × 14


def test_chinese_rate_over_speaking_time_excludes_leading_and_trailing_silence() -> None:
    # 100 two-character words, contiguous, from 5.0 s to 65.0 s; the recording lasts 80 s.
    words = [
        {"start": 5.0 + i * 0.6, "end": 5.0 + (i + 1) * 0.6, "word": ZH_200[2 * i : 2 * i + 2]}
        for i in range(100)
    ]
    rate = analyze_answer(ZH_200, words, 80.0)["rate"]
    assert rate["zh_chars"] == 200 and rate["en_words"] == 0
    assert rate["basis"] == "word timings"
    assert rate["speaking_seconds"] == pytest.approx(60.0)
    assert rate["zh_chars_per_min"] == pytest.approx(200.0)
    assert rate["range"] == [180, 260] and rate["verdict"] == "comfortable"


def test_english_rate_from_duration_without_word_timings() -> None:
    rate = analyze_answer(EN_140, None, 60.0)["rate"]
    assert rate["basis"] == "duration"
    assert rate["en_words"] == 140 and rate["en_words_per_min"] == 140.0
    # 140 wpm × 1.5 syllables a word = 210, inside the English range 180-240 syllables/min.
    assert rate["syllables_per_min"] == 210.0
    assert rate["range"] == [180, 240] and rate["verdict"] == "comfortable"


def test_mixed_rate_counts_chinese_characters_and_english_words_separately() -> None:
    text = ZH_200[:100] + " " + " ".join(["attention"] * 40)
    rate = analyze_answer(text, None, 60.0)["rate"]
    assert rate["zh_chars"] == 100 and rate["en_words"] == 40
    assert rate["syllables_per_min"] == 160.0  # 100 + 40 × 1.5
    # Range blended by share (100/160 zh): 180-252.5 syllables/min, so 160 is slow.
    assert rate["range"][0] == 180 and rate["range"][1] in (252, 253)
    assert rate["verdict"] == "slow"


def test_fast_chinese_answer_is_flagged() -> None:
    assert analyze_answer(ZH_200 + ZH_200[:100], None, 60.0)["rate"]["verdict"] == "fast"


def test_time_used_against_the_limit() -> None:
    result = analyze_answer("我们用了 LoRA。", None, 130.0, limit_seconds=120)
    assert result["duration"] == 130.0 and result["limit"] == 120.0
    assert result["time"] == {
        "ratio": pytest.approx(1.083, abs=1e-3),
        "over_by": 10.0,
        "over_limit": True,
    }


def test_long_gap_reported_with_time_and_surrounding_words(timed: Any) -> None:
    tokens = ["我们", "先", "做", "检索", "然后", "重排"]
    words = timed(tokens, gaps={4: 2.5})
    text = "".join(tokens)
    result = analyze_answer(text, words, 10.0)
    (pause,) = result["pauses"]
    assert pause["kind"] == "gap"
    assert pause["start"] == words[3]["end"] and pause["end"] == words[4]["start"]
    assert pause["seconds"] == 2.5
    assert pause["position"] == text.index("然后")
    assert pause["before"] == "我们先做检索" and pause["after"] == "然后重排"
    assert result["pause_summary"]["longest"] == 2.5


def test_leading_silence_and_configurable_threshold(timed: Any) -> None:
    words = timed(["I", " think", " it", " works"], gaps={2: 1.9}, start=3.0)
    result = analyze_answer("", words, 8.0)  # text rebuilt from the words
    assert [p["kind"] for p in result["pauses"]] == ["leading"]
    assert (
        result["pauses"][0]["seconds"] == 3.0 and result["pauses"][0]["after"] == "I think it works"
    )
    assert analyze_answer("", words, 8.0, pause_threshold=1.5)["pause_summary"]["count"] == 2
    assert analyze_answer("", words, 8.0, pause_threshold=3.5)["pauses"] == []


def test_no_word_timings_means_no_pauses() -> None:
    result = analyze_answer("我们先做检索。然后重排。", None, 10.0)
    assert result["pauses"] == [] and result["pause_summary"]["leading_silence"] is None
