"""Every shipped question carries a reference answer a candidate can listen to in 60-150 s.

The length is estimated the way the answer would be read aloud: about 4 Chinese characters and
2.5 Latin words (English words, numbers, terms such as LoRA) per second.
"""

from __future__ import annotations

import re

import pytest

from mockinterview.bank import Bank, Question
from mockinterview.feedback.coverage import cover_key_points
from mockinterview.feedback.vocabulary import build_vocabulary, load_synonyms

CJK = re.compile(r"[\u3400-\u9fff]")
LATIN_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9.+\-']*")
MIN_SECONDS, MAX_SECONDS = 60, 150


def spoken_seconds(text: str) -> float:
    return len(CJK.findall(text)) / 4.0 + len(LATIN_WORD.findall(text)) / 2.5


def _graded(bank: Bank) -> list[Question]:
    return [q for q in bank.questions.values() if q.round in ("technical", "project")]


def test_spoken_seconds_counts_characters_and_words() -> None:
    assert spoken_seconds("注意力" * 80) == 60.0
    assert spoken_seconds("LoRA rank 16 " * 50) == 60.0


def test_every_technical_and_project_question_has_a_reference_answer(shipped_bank: Bank) -> None:
    graded = _graded(shipped_bank)
    assert len(graded) >= 245
    missing = [q.id for q in graded if not q.reference_answer]
    assert missing == [], f"{len(missing)} without reference_answer: {missing[:20]}"


def test_every_hr_question_has_a_model_answer_outline(shipped_bank: Bank) -> None:
    missing = [q.id for q in shipped_bank.by_round("hr") if not q.reference_answer]
    assert missing == [], missing


def test_reference_answers_take_60_to_150_seconds_to_say(shipped_bank: Bank) -> None:
    outside = {
        q.id: round(spoken_seconds(q.reference_answer), 1)
        for q in shipped_bank.questions.values()
        if q.reference_answer
        and not MIN_SECONDS <= spoken_seconds(q.reference_answer) <= MAX_SECONDS
    }
    assert outside == {}, outside


def test_english_reference_answers_take_60_to_150_seconds_to_say(shipped_bank: Bank) -> None:
    outside = {
        q.id: round(spoken_seconds(q.reference_answer_en), 1)
        for q in shipped_bank.questions.values()
        if q.reference_answer_en
        and not MIN_SECONDS <= spoken_seconds(q.reference_answer_en) <= MAX_SECONDS
    }
    assert outside == {}, outside


def test_english_reference_answer_exactly_where_the_question_has_english(shipped_bank: Bank) -> None:
    orphans = [q.id for q in shipped_bank.questions.values() if q.reference_answer_en and not q.text_en]
    assert orphans == [], orphans
    missing = [q.id for q in shipped_bank.questions.values() if q.text_en and not q.reference_answer_en]
    assert missing == [], missing


@pytest.mark.parametrize("round_", ["technical", "project"])
def test_reference_answers_cover_their_own_key_points(shipped_bank: Bank, round_: str) -> None:
    """A model answer that the key-point matcher would mark as missing points teaches the wrong
    answer; allow a few misses bank-wide for paraphrases the matcher cannot see."""
    vocab = build_vocabulary(load_synonyms(), tuple(shipped_bank.topics.values()))
    total = 0
    missed: list[str] = []
    for q in shipped_bank.by_round(round_):
        assert q.reference_answer, q.id
        items = cover_key_points(q.reference_answer, q.key_points, vocab, q.topics)
        total += len(items)
        missed += [f"{q.id}: {i['point']}" for i in items if i["status"] == "missed"]
    assert total > 0
    assert len(missed) <= total * 0.05, missed
