"""Hostile search input: a NUL, thousands of words, a huge word."""

from __future__ import annotations

from pathlib import Path

import pytest

from mockinterview.cli import main
from mockinterview.review.search import search
from mockinterview.store import open_store


@pytest.fixture
def three_sessions(data_dir: Path) -> Path:
    store = open_store(data_dir)
    for i, text in enumerate(["LoRA 低秩矩阵", "KV cache 推理加速", "RLHF 奖励模型"]):
        sid = store.create_session("technical", None, {})
        q = store.add_question(sid, 0, None, f"问题 {i}", [], [])
        store.save_answer(
            q, audio_path=None, duration=3.0, transcript=text, segments=[], language="zh",
            model=None, device=None, started_at=None, ended_at=None,
        )  # fmt: skip
    store.close()
    return data_dir


@pytest.mark.parametrize("query", ["\x00", "\x00\x00", "q\x00", "\x01\x02", "\x00 \x7f"])
def test_control_characters_alone_match_nothing(three_sessions: Path, query: str) -> None:
    store = open_store(three_sessions)
    try:
        assert search(store, query) == []
    finally:
        store.close()


def test_nul_inside_a_word_does_not_widen_the_search(three_sessions: Path) -> None:
    store = open_store(three_sessions)
    try:
        hits = search(store, "低秩\x00")
        assert [h.snippet for h in hits] == ["LoRA [低秩]矩阵"]
    finally:
        store.close()


def test_1200_words_give_a_clear_message_not_an_sqlite_error(
    three_sessions: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    words = [f"w{i}" for i in range(1200)]
    assert main(["sessions", "search", *words]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "1,200 different words" in err and "at most" in err
    assert "Expression tree" not in err and "Traceback" not in err
    long_words = [f"word{i:04d}" for i in range(1200)]  # trigram (MATCH) tokens
    assert main(["sessions", "search", *long_words]) == 1
    assert "at most" in capsys.readouterr().err


def test_a_huge_word_gives_a_clear_message(
    three_sessions: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["sessions", "search", "x" * 100_000]) == 1
    assert "characters" in capsys.readouterr().err


def test_normal_search_still_works_at_the_bound(three_sessions: Path) -> None:
    store = open_store(three_sessions)
    try:
        assert len(search(store, "推理加速 " + " ".join(["推理加速"] * 40))) == 1
        assert search(store, " ".join(f"z{i}" for i in range(32))) == []
    finally:
        store.close()
