"""select_questions: rounds, reproducibility, job weighting, weak-topic focus, recent exclusion."""

from __future__ import annotations

from collections import Counter

import pytest

from mockinterview.bank import Bank, load_bank, select_questions


def test_same_seed_same_questions(shipped_bank: Bank) -> None:
    first = select_questions(shipped_bank, "technical", 8, seed=42)
    again = select_questions(shipped_bank, "technical", 8, seed=42)
    other = select_questions(shipped_bank, "technical", 8, seed=43)
    assert [q.id for q in first] == [q.id for q in again]
    assert [q.id for q in first] != [q.id for q in other]
    assert len({q.id for q in first}) == 8


@pytest.mark.parametrize("round", ["hr", "technical", "project"])
def test_round_filters_the_pool(shipped_bank: Bank, round: str) -> None:
    chosen = select_questions(shipped_bank, round, 10, seed=1)
    assert len(chosen) == 10
    assert {q.round for q in chosen} == {round}


def test_mixed_draws_from_every_round(shipped_bank: Bank) -> None:
    chosen = select_questions(shipped_bank, "mixed", 10, seed=5)
    rounds = Counter(q.round for q in chosen)
    assert rounds == {"project": 3, "technical": 5, "hr": 2}
    # Asked in interview order: project deep-dive, then technical, then HR.
    assert [q.round for q in chosen] == ["project"] * 3 + ["technical"] * 5 + ["hr"] * 2


def test_unknown_round_is_refused(shipped_bank: Bank) -> None:
    with pytest.raises(ValueError, match="unknown round 'coding'"):
        select_questions(shipped_bank, "coding", 3)


def _share_on(bank: Bank, topics: set[str], **kwargs: object) -> float:
    """Share of drawn technical questions touching ``topics`` over 150 seeds."""
    hits = total = 0
    for seed in range(150):
        for question in select_questions(bank, "technical", 6, seed=seed, **kwargs):  # type: ignore[arg-type]
            total += 1
            hits += bool(topics.intersection(question.topics))
    return hits / total


def test_job_weights_shift_topic_frequency(shipped_bank: Bank) -> None:
    job = shipped_bank.jobs["llm-training-engineer"]
    heavy = {t for t, w in job.topic_weights.items() if w >= 2}
    plain = _share_on(shipped_bank, heavy)
    weighted = _share_on(shipped_bank, heavy, job=job)
    assert weighted > plain + 0.2, (plain, weighted)


def test_focus_topics_shift_topic_frequency(shipped_bank: Bank) -> None:
    plain = _share_on(shipped_bank, {"quantization"})
    as_list = _share_on(shipped_bank, {"quantization"}, focus_topics=["quantization"])
    as_weights = _share_on(
        shipped_bank, {"quantization"}, focus_topics={"quantization": 2.0, "rag": 0.1}
    )
    assert as_list > plain + 0.1, (plain, as_list)
    assert as_weights > plain + 0.1, (plain, as_weights)


def test_due_questions_come_first(shipped_bank: Bank) -> None:
    due = ["s001-grpo", "s001-why-leave", "s001-full-vs-lora"]  # why-leave is hr: not this round
    chosen = select_questions(shipped_bank, "technical", 4, due_ids=due, seed=3)
    assert [q.id for q in chosen[:2]] == ["s001-grpo", "s001-full-vs-lora"]
    # A question id among focus_topics counts as due as well.
    chosen = select_questions(shipped_bank, "technical", 4, focus_topics=["s001-grpo"], seed=3)
    assert chosen[0].id == "s001-grpo"


def test_recent_questions_only_when_the_bank_runs_out(write_pack, entry) -> None:
    pack = write_pack(
        "four.yaml",
        entry("t-1", topics="[rag]"),
        entry("t-2", topics="[agent]"),
        entry("t-3", topics="[embedding]"),
        entry("t-4", topics="[decoding]"),
        entry("h-1", round="hr", topics="[motivation]"),
    )
    bank = load_bank([pack])
    recent = ["t-1", "t-2", "t-3"]
    for seed in range(20):
        two = select_questions(bank, "technical", 2, exclude_ids=recent, seed=seed)
        assert two[0].id == "t-4"  # the only fresh one comes first
        assert two[1].id in recent
    everything = select_questions(bank, "technical", 10, exclude_ids=recent, seed=0)
    assert sorted(q.id for q in everything) == ["t-1", "t-2", "t-3", "t-4"]


def test_one_topic_is_not_asked_over_and_over(write_pack, entry) -> None:
    rag = [entry(f"rag-{i}", topics="[rag]") for i in range(6)]
    other = [
        entry(f"o-{i}", topics=f"[{t}]") for i, t in enumerate(["agent", "embedding", "decoding"])
    ]
    bank = load_bank([write_pack("skewed.yaml", *rag, *other)])
    rag_share = (
        sum(
            q.id.startswith("rag-")
            for seed in range(200)
            for q in select_questions(bank, "technical", 3, seed=seed)
        )
        / 600
    )
    # Plain sampling without replacement would give 6/9 = 0.67; halving after each RAG pick less.
    assert rag_share < 0.55, rag_share
