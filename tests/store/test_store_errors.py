"""Environment errors (disk full, read-only) reach people as StoreError with a clear message."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from mockinterview.store import Store, StoreError, open_store


def _on_every_connection(store: Store, pragma: str) -> None:
    @event.listens_for(store.engine, "connect")
    def _limit(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
        dbapi_conn.execute(pragma)

    store.engine.dispose()  # pooled connections predate the listener


def _save(store: Store, qid: int, transcript: str) -> int:
    return store.save_answer(
        qid,
        audio_path=None,
        duration=1.0,
        transcript=transcript,
        segments=[],
        language="zh",
        model=None,
        device=None,
        started_at=None,
        ended_at=None,
    )


def test_full_disk_is_reported_as_such(store: Store) -> None:
    sid = store.create_session("hr", None, {})
    qid = store.add_question(sid, 0, None, "问题", [], [])
    with store.connection() as conn:
        pages = conn.exec_driver_sql("PRAGMA page_count").scalar()
    # SQLite answers SQLITE_FULL once max_page_count is reached — the same code as a full disk.
    _on_every_connection(store, f"PRAGMA max_page_count={pages}")
    with pytest.raises(StoreError, match="disk is full; free some space"):
        for _ in range(50):
            _save(store, qid, "很长的回答" * 2000)


def test_read_only_database_is_reported_as_such(store: Store) -> None:
    sid = store.create_session("hr", None, {})
    _on_every_connection(store, "PRAGMA query_only=1")
    with pytest.raises(StoreError, match="read-only"):
        store.add_question(sid, 0, None, "问题", [], [])
    assert store.get_session(sid).questions == ()  # reading still works


def test_file_that_is_not_a_database_is_refused_clearly(data_dir: Path) -> None:
    (data_dir / "mockinterview.sqlite3").write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(StoreError, match="not a valid SQLite database"):
        open_store(data_dir)


def test_data_dir_that_cannot_be_created(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StoreError, match="cannot be created"):
        open_store(blocker / "sub")
