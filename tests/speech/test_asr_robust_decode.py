"""Whole-file decoding that does not lose or repeat speech (speech/asr.py, FILE_OPTIONS):
fast tests on faster-whisper Segment objects, and the real base model on a long answer."""

from __future__ import annotations

import numpy as np
import pytest
from faster_whisper.transcribe import Segment, Word

from mockinterview.speech.asr import (
    FILE_OPTIONS,
    DecodeOptions,
    looped,
    patch_loops,
    segment_text,
    shifted,
    uncovered,
)
from tests.speech import whisper_shared  # the real base model, loaded once for all files


def _segment(start: float, end: float, text: str, ratio: float = 1.2, words: list | None = None):
    return Segment(
        id=0, seek=0, start=start, end=end, text=text, tokens=[], avg_logprob=-0.2,
        compression_ratio=ratio, no_speech_prob=0.0, words=words, temperature=0.0,
    )  # fmt: skip


def test_segment_text_is_what_its_words_spell() -> None:
    words = [Word(0.0, 0.4, "我们", 0.9), Word(0.4, 0.9, "用", 0.9)]
    ran_ahead = _segment(0.0, 0.9, "我们用显存省了很多", words=words)  # text past its timestamp
    assert segment_text(ran_ahead, FILE_OPTIONS) == "我们用"
    assert segment_text(ran_ahead, DecodeOptions()) == "我们用显存省了很多"  # option off
    assert segment_text(_segment(0, 1, "没有词"), FILE_OPTIONS) == "没有词"


def test_a_looped_segment_is_replaced_by_the_bare_decode_of_its_span() -> None:
    good = _segment(0.0, 4.0, "我们先做检索")
    loop = _segment(4.0, 25.0, "评估评估评估评估评估评估评估评估", ratio=9.7)
    assert looped([good, loop]) and not looped([good])
    bare = [
        _segment(0.0, 4.0, "我们先做减速"),  # outside the loop: the context's version stays
        _segment(5.0, 12.0, "困惑度只看模型对文本有多意外"),
        _segment(13.0, 24.0, "它不能说明回答对不对"),
    ]
    patched = patch_loops([good, loop], bare)
    assert [s.text for s in patched] == ["我们先做检索", bare[1].text, bare[2].text]
    # the bare decode heard less in that span: the looped segment stays (its loop is stripped later)
    assert patch_loops([good, loop], [bare[0]]) == [good, loop]


def test_uncovered_speech_and_shifted_segments() -> None:
    words = [(1.0, 1.5), (1.6, 2.0), (8.0, 8.5)]
    assert uncovered(0.0, 10.0, words) == [(0.0, 0.7), (2.3, 7.7), (8.8, 10.0)]
    moved = shifted(_segment(0.5, 1.0, "嗯", words=[Word(0.5, 1.0, "嗯", 0.9)]), 10.0)
    assert (moved.start, moved.end, moved.words[0].start) == (10.5, 11.0, 10.5)




@pytest.mark.slow
def test_a_long_answer_is_not_written_twice() -> None:
    """The eight Mandarin tuning clips as one 70 s answer: with the segment text taken as
    written, base wrote "…训练七十亿参数的模型…" twice (a timestamp that came too early)."""
    shared = whisper_shared
    names = ["zh_lora", "zh_deepspeed", "zh_rlhf_dpo", "zh_grpo", "zh_rag", "zh_awq_gguf",
             "zh_quantization", "zh_finetune_data"]  # fmt: skip
    pause = np.zeros(16000, dtype=np.float32)
    audio = np.concatenate([x for n in names for x in (shared.read_clip(n), pause)])
    from mockinterview.bank import load_bank

    question = load_bank().questions["proj-finetune-method"]
    result = shared._transcriber().transcribe(audio, language="auto", question=question.text)
    assert result.text.count("七十亿参数") == 1, result.text
    assert len(result.text) > 150  # nothing lost either (the reference has ~260 characters)
