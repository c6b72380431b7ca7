"""Filler detection on hand-written transcripts, including the not-a-filler uses."""

from __future__ import annotations

from typing import Any

import pytest

from mockinterview.feedback import analyze_answer


def fillers(text: str, words: list[dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    result = analyze_answer(text, words, 30.0)
    for f in result["fillers"]:  # every reported position points at the word itself
        assert text[f["position"] : f["position"] + f["length"]].lower() == f["word"].lower()
    return result["fillers"]


def words_of(text: str, words: list[dict[str, Any]] | None = None) -> list[str]:
    return [f["word"].lower() for f in fillers(text, words)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("嗯，我觉得呃这个问题挺难的。", ["嗯", "呃"]),
        ("这就是原因。", []),
        ("我们的方案就是，先做检索。", ["就是"]),
        ("也就是说我们要先做检索。", []),
        ("就是说我们要先做检索。", ["就是说"]),
        ("他就是负责人。", []),
        ("数据太少，就是我们没有标注。", ["就是"]),
        ("首先清洗数据，然后训练模型，最后评估效果。", []),
        ("先做检索，然后重排，然后生成。", []),
        ("然后然后我们上线了。", ["然后"]),
        ("那个模型的效果很好。", []),
        ("那个，我们当时用了 LoRA。", ["那个"]),
        ("那个那个参数要调。", ["那个"]),
        ("这个嗯其实不难。", ["这个", "嗯"]),
        ("这个方法会带来额外的开销。", []),
        ("额，我想一下。", ["额"]),
        ("这个很难啊。", []),
        ("啊，这个问题我想想。", ["啊"]),
        ("LoRA 是低秩的对吧？", ["对吧"]),
    ],
)
def test_chinese_fillers_count_only_in_filler_use(text: str, expected: list[str]) -> None:
    assert words_of(text) == expected


def test_ranhou_opening_three_clauses_in_a_row_counts_all_but_the_first() -> None:
    text = "然后我们做了数据清洗。然后我们发现效果不好。然后我们加了重排。"
    found = fillers(text)
    assert [f["word"] for f in found] == ["然后", "然后"]
    assert [f["position"] for f in found] == [11, 22]
    assert {f["rule"] for f in found} == {"clause-initial run"}


def test_ranhou_run_detected_without_punctuation_from_pauses(timed: Any) -> None:
    # Whisper often leaves Chinese unpunctuated: the pauses mark the clauses.
    tokens = ["然后", "我们", "清洗", "然后", "我们", "训练", "然后", "我们", "上线"]
    words = timed(tokens, gaps={3: 0.6, 6: 0.6})
    assert words_of("".join(tokens), words) == ["然后", "然后"]
    assert words_of("".join(tokens)) == []  # the same text without timings: no clause evidence


def test_demonstrative_followed_by_a_pause_is_a_filler(timed: Any) -> None:
    tokens = ["我们", "用", "那个", "模型", "做", "检索"]
    with_pause = timed(tokens, gaps={3: 0.8})
    found = fillers("".join(tokens), with_pause)
    assert [f["word"] for f in found] == ["那个"]
    assert found[0]["rule"] == "pause after"
    assert found[0]["start"] == with_pause[2]["start"] and found[0]["end"] == with_pause[2]["end"]
    assert words_of("".join(tokens), timed(tokens)) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Um, I think uh the model is fine.", ["um", "uh"]),
        ("I like this approach and it looks like a good fit, we did it like this.", []),
        ("It was, like, really slow.", ["like"]),
        ("We had like 200 GPUs for the run.", ["like"]),
        ("It costs something like 200 dollars.", []),
        ("You know, the data was noisy. Do you know the answer?", ["you know"]),
        ("What kind of model? It was kind of slow.", ["kind of"]),
        (
            "Basically we froze the weights. What actually happened is unclear. Actually, it worked.",
            ["basically", "actually"],
        ),
        ("I mean, it worked. That is what I mean.", ["i mean"]),
        ("The user count went up.", []),
    ],
)
def test_english_fillers_count_only_in_filler_use(text: str, expected: list[str]) -> None:
    assert words_of(text) == expected


def test_mixed_answer_fillers_with_positions_and_times(timed: Any) -> None:
    tokens = ["嗯", "，我们", "用了", " LoRA", "，", " um", "，效果", "还", "不错"]
    words = timed(tokens, start=1.0)
    text = "".join(tokens)
    found = fillers(text, words)
    assert [(f["word"], f["lang"]) for f in found] == [("嗯", "zh"), ("um", "en")]
    assert found[0]["position"] == 0 and found[0]["start"] == 1.0
    assert found[1]["position"] == text.index("um")
    assert found[1]["start"] == words[5]["start"]


def test_filler_rate_per_minute_over_speaking_time() -> None:
    result = analyze_answer("嗯，这个很简单。呃，就是这样。um, that's it.", None, 30.0)
    assert result["filler_summary"]["count"] == 3
    assert result["filler_summary"]["per_minute"] == 6.0
    assert result["filler_summary"]["by_word"] == {"嗯": 1, "呃": 1, "um": 1}
