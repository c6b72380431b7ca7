"""Fixtures for the bank tests: small packs written to a temporary folder, the shipped bank once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from mockinterview.bank import Bank, load_bank

Entry = Callable[..., str]
PackWriter = Callable[..., Path]


def _entry(
    qid: str,
    *,
    round: str = "technical",
    topics: str = "[rag]",
    text: str = "什么是 RAG？",
    difficulty: int = 2,
    reference_answer: str | None = None,
) -> str:
    extra = f"    reference_answer: {reference_answer}\n" if reference_answer else ""
    return (
        f"  - id: {qid}\n"
        f"    round: {round}\n"
        f"    topics: {topics}\n"
        f"    text: {text}\n"
        "    key_points: [检索, 生成]\n"
        "    follow_ups: []\n"
        "    source: original\n"
        f"    difficulty: {difficulty}\n"
        f"{extra}"
    )


@pytest.fixture
def entry() -> Entry:
    """``entry(id, round=..., topics="[a, b]", text=...)``: one pack entry, indented for a list."""
    return _entry


@pytest.fixture
def write_pack(tmp_path: Path) -> PackWriter:
    """``write_pack(name, *entries)``: a pack file under tmp_path/packs."""
    folder = tmp_path / "packs"
    folder.mkdir()

    def write(name: str, *entries: str) -> Path:
        path = folder / name
        path.write_text("questions:\n" + "".join(entries), encoding="utf-8")
        return path

    return write


@pytest.fixture(scope="session")
def shipped_bank() -> Bank:
    return load_bank()
