"""Full-text search: trigram MATCH, two-character Chinese fallback, hostile input, triggers."""

from __future__ import annotations

from typing import Any

import pytest

from mockinterview.review.search import fts_phrase, like_pattern, search, split_query
from mockinterview.store import Store


@pytest.fixture
def sid(store: Store, sample: Any) -> int:
    return int(sample.build(store))


def test_finds_words_inside_chinese_sentences(store: Store, sid: int) -> None:
    hits = search(store, "低秩矩阵")
    assert {(h.session_id, h.kind) for h in hits} == {(sid, "answer")}
    assert hits[0].snippet.count("[低秩矩阵]") == 1
    assert hits[0].answer_id == store.get_session(sid).questions[0].answers[0].id
    assert {h.kind for h in search(store, "低秩分解")} == {"question"}


def test_two_character_words_use_the_fallback(store: Store, sid: int) -> None:
    hits = search(store, "微调")  # trigram alone cannot match two characters
    assert [(h.session_id, h.kind, h.rank) for h in hits] == [(sid, "answer", 0.0)]
    assert "[微调]" in hits[0].snippet
    # Mixed: a long token through MATCH and a short one through LIKE, both required.
    assert len(search(store, "LoRA 微调")) == 1
    assert search(store, "LoRA 检索") == []


def test_english_terms_are_case_insensitive(store: Store, sid: int) -> None:
    assert {h.kind for h in search(store, "lora")} == {"question", "answer"}
    assert [h.kind for h in search(store, "RECALL")] == []  # key points are not indexed
    assert [h.kind for h in search(store, "rag")] == ["question"]


@pytest.mark.parametrize(
    "query",
    [
        '"',
        '""',
        "AND OR",
        "AND",
        "*",
        "NEAR(",
        "NEAR(LoRA, 5)",
        "'; DROP TABLE sessions; --",
        "lora*",
        "^LoRA",
        "col:LoRA",
        "(",
        "%",
        "_",
        "\\",
        "-LoRA",
        "{body}: x",
    ],
)
def test_hostile_queries_never_raise(store: Store, sid: int, query: str) -> None:
    search(store, query)
    assert store.count_sessions() == 1


def test_wildcards_in_short_tokens_are_literal(store: Store, sid: int) -> None:
    assert search(store, "%") == []
    assert search(store, "_") == []
    assert search(store, "。") != []  # a real character in the answer


def test_index_follows_edits_and_deletes(store: Store, sid: int) -> None:
    aid = store.get_session(sid).questions[0].answers[0].id
    store.update_transcript(
        aid, transcript="完全不同的内容：量化", segments=[], language="zh", model=None, device=None
    )
    assert search(store, "低秩矩阵") == []
    assert [h.answer_id for h in search(store, "量化")] == [aid]
    store.delete_session(sid)
    assert search(store, "LoRA") == []
    with store.connection() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM search_fts").scalar() == 0


def test_query_helpers() -> None:
    assert fts_phrase('a"b') == '"a""b"'
    assert like_pattern("5%_x\\") == "%5\\%\\_x\\\\%"
    assert split_query("微调 LoRA 微调 ab") == (["LoRA"], ["微调", "ab"])
    assert split_query("   ") == ([], [])
