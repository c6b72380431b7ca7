"""`bank stats` counts and Bank.hotwords for Whisper."""

from __future__ import annotations

import json

import pytest

from mockinterview import cli
from mockinterview.bank import Bank, bank_stats, load_bank
from mockinterview.bank.loader import HOTWORD_LIMIT


def test_stats_count_rounds_topics_sources(write_pack, entry) -> None:
    pack = write_pack(
        "small.yaml",
        entry("t-1", topics="[rag, embedding]"),
        entry("t-2", topics="[rag]", difficulty=3),
        entry("h-1", round="hr", topics="[motivation]", difficulty=1),
    )
    stats = bank_stats(load_bank([pack]))
    assert stats["total"] == 3
    assert stats["per_round"] == {"hr": 1, "technical": 2, "project": 0}
    assert stats["per_topic"]["rag"] == 2
    assert stats["per_topic"]["embedding"] == 1
    assert stats["per_topic"]["agent"] == 0
    assert stats["per_source"] == {"original": 3}
    assert stats["per_difficulty"] == {"1": 1, "2": 1, "3": 1}
    assert "rag" in stats["thin_topics"] and "agent" in stats["thin_topics"]


def test_stats_json_through_cli(capsys: pytest.CaptureFixture[str], shipped_bank: Bank) -> None:
    assert cli.main(["bank", "stats", "--json"]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats["total"] == len(shipped_bank.questions)
    assert sum(stats["per_round"].values()) == stats["total"]
    assert stats["per_source"]["001_2ed2ba9b113c806c.txt"] == 72
    job = stats["per_job"]["llm-training-engineer"]
    reached = [
        q
        for q in shipped_bank.questions.values()
        if set(q.topics) & set(shipped_bank.jobs["llm-training-engineer"].topic_weights)
    ]
    assert job["questions"] == len(reached)


def test_stats_text_through_cli(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["bank", "stats"]) == 0
    out = capsys.readouterr().out
    assert "per round:" in out and "per topic:" in out and "per job profile" in out


def test_stats_of_a_broken_bank_fails(
    capsys: pytest.CaptureFixture[str], write_pack, entry
) -> None:
    pack = write_pack("bad.yaml", entry("t-1", round="nope"))
    assert cli.main(["bank", "stats", str(pack)]) == 1
    err = capsys.readouterr().err
    assert f"{pack}:3: unknown round 'nope'" in err


def test_hotwords_start_with_the_question_terms(shipped_bank: Bank) -> None:
    question = shipped_bank.questions["s001-deepspeed-zero-stages"]
    words = shipped_bank.hotwords(question)
    assert words[:2] == ["DeepSpeed", "ZeRO"]
    assert 2 < len(words) <= HOTWORD_LIMIT
    assert len({w.casefold() for w in words}) == len(words)
    assert set(words[2:]) <= set(shipped_bank.topics["distributed-training"].terms)


def test_hotwords_mix_two_topics(shipped_bank: Bank) -> None:
    question = shipped_bank.questions["s001-hallucination-dpo-rlhf"]
    words = shipped_bank.hotwords(question, limit=8)
    assert words[:3] == ["LLM", "DPO", "RLHF"]
    assert len(words) == 8
    hallucination = set(shipped_bank.topics["hallucination"].terms)
    alignment = set(shipped_bank.topics["rlhf-alignment"].terms)
    assert hallucination & set(words[3:]) and alignment & set(words[3:])
