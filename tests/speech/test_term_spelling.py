"""Latin words that nearly spell an expected term (speech/term_spelling.py, asr.repair_terms)."""

from __future__ import annotations

import pytest

from mockinterview.speech import term_spelling
from mockinterview.speech.asr import Segment, Word, repair_terms
from tests.speech import whisper_shared  # the real base model, loaded once for all files

TERMS = ["Transformer", "FP16", "bf16", "gradient clipping", "loss", "PPO", "TRPO", "KL"]


def _fix(text: str, terms: list[str] = TERMS, common: set[str] = frozenset()) -> str:
    repairs = term_spelling.find(text, terms, lambda w: w.lower() in common)
    return term_spelling.apply(text, repairs)


def test_near_spellings_become_the_expected_term() -> None:
    assert _fix("图像那边用一个 Transforma 编码") == "图像那边用一个 Transformer 编码"
    assert _fix("再保留成 FV16 的权重") == "再保留成 FP16 的权重"
    assert _fix("加了 bredient clipping 以后") == "加了 gradient clipping 以后"


def test_what_is_not_nearly_one_term_is_left_alone() -> None:
    # two terms equally near (f16: FP16 and bf16) — no guess
    assert _fix("f16 的指数位") == "f16 的指数位"
    # two edits from a 3-letter term is another word (DDO is 2 from PPO)
    assert _fix("DDO 的流程") == "DDO 的流程"
    # a term of two letters is never guessed (KO is 1 from KL)
    assert _fix("KO 散度") == "KO 散度"
    # a term already spelled right, and an unrelated word
    assert _fix("Transformer 和 PyTorch") == "Transformer 和 PyTorch"
    # no expected terms: nothing to repair toward
    assert _fix("Transforma", []) == "Transforma"


def test_a_common_english_word_is_never_respelled() -> None:
    """The speaker may have said "lost"; only a word no dictionary holds is a mishearing."""
    assert _fix("训练到一半 lost 突然变了") == "训练到一半 loss 突然变了"  # no dictionary given
    assert _fix("训练到一半 lost 突然变了", common={"lost"}) == "训练到一半 lost 突然变了"


def test_the_segment_keeps_the_original_and_words_follow() -> None:
    segment = Segment(
        0.0,
        3.0,
        "用 Transforma 编码",
        [
            Word(0.0, 0.4, "用", 0.9),
            Word(0.5, 0.9, " Trans", 0.6),
            Word(0.9, 1.3, "forma", 0.4),
            Word(1.4, 2.0, " 编码", 0.95),
        ],
    )
    repair_terms(segment, TERMS, lambda w: False)
    assert segment.text == "用 Transformer 编码"
    assert segment.original == "用 Transforma 编码"
    assert [w.word for w in segment.words] == ["用", " Transformer", " 编码"]
    merged = segment.words[1]
    assert (merged.start, merged.end, merged.probability) == (0.5, 1.3, 0.4)
    assert merged.original == " Transforma"




@pytest.mark.slow
def test_whispers_vocabulary_decides_what_is_common() -> None:
    """The real model's tokenizer: a whole-token word is common, a misheard term is not."""
    transcriber = whisper_shared._transcriber()
    assert transcriber._common_english("lost")
    assert transcriber._common_english("size")
    assert not transcriber._common_english("Transforma")
    assert not transcriber._common_english("FV16")


@pytest.mark.slow
def test_an_ordinary_english_word_is_no_hotword() -> None:
    """Biasing "paper" turned a spoken "data" into it; terms with capitals or of two words,
    and rare words, still bias decoding."""
    transcriber = whisper_shared._transcriber()
    assert transcriber._ordinary_word("paper")
    assert transcriber._ordinary_word("evaluation")
    for term in ("ZeRO", "RAG", "beam search", "ablation", "embedding", "梯度"):
        assert not transcriber._ordinary_word(term), term
