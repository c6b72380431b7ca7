"""Migrations: empty DB to head, a revision-1 DB with data to head (backup made), too new refused."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from mockinterview.paths import db_path
from mockinterview.review.search import search
from mockinterview.store import StoreTooNewError, open_store
from mockinterview.store.engine import make_engine
from mockinterview.store.migrate import alembic_config, head_revision
from mockinterview.store.models import Base


def _tables(db: Path) -> set[str]:
    with sqlite3.connect(db) as conn:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}


def _revision(db: Path) -> str:
    with sqlite3.connect(db) as conn:
        return str(conn.execute("SELECT version_num FROM alembic_version").fetchone()[0])


def test_empty_data_dir_gets_schema_at_head_without_backup(data_dir: Path) -> None:
    store = open_store(data_dir)
    store.close()
    db = db_path(data_dir)
    assert _revision(db) == head_revision()
    assert {"sessions", "asked_questions", "answers", "answer_tags", "review_cards"} <= _tables(db)
    assert "search_fts" in _tables(db)
    assert not list(data_dir.glob("*.bak"))
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_orm_models_match_the_migrated_schema(data_dir: Path) -> None:
    open_store(data_dir).close()
    engine = make_engine(db_path(data_dir))
    with engine.connect() as conn:
        ctx = MigrationContext.configure(
            conn,
            opts={
                "compare_type": True,
                "include_name": lambda name, type_, _p: (
                    not (type_ == "table" and name.startswith("search_fts"))
                ),
            },
        )
        diff = compare_metadata(ctx, Base.metadata)
    engine.dispose()
    assert diff == []


def _db_at_revision_1(data_dir: Path) -> Path:
    db = db_path(data_dir)
    engine = make_engine(db)
    cfg = alembic_config()
    with engine.connect() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
        conn.commit()
    engine.dispose()
    with sqlite3.connect(db) as conn:
        conn.execute(
            "INSERT INTO sessions (id, round, job_id, settings, seed, started_at, status) "
            "VALUES (1, 'technical', NULL, '{}', 3, '2026-01-05 08:00:00.000000', 'finished')"
        )
        conn.execute(
            "INSERT INTO asked_questions (id, session_id, position, bank_id, text, topics, "
            "key_points, kind) VALUES (1, 1, 0, 'tech-kv-001', 'KV cache 为什么能加速推理？', "
            "'[\"inference\"]', '[]', 'main')"
        )
        conn.execute(
            "INSERT INTO answers (id, question_id, duration, transcript, segments, notes, weak, "
            "rating) VALUES (1, 1, 30.0, '缓存之前算过的键值，避免重复计算注意力。', '[]', '', 0, 3)"
        )
    return db


def test_revision_1_db_with_data_upgrades_to_head_and_is_backed_up(data_dir: Path) -> None:
    db = _db_at_revision_1(data_dir)
    assert _revision(db) == "0001"
    assert "search_fts" not in _tables(db)

    store = open_store(data_dir)
    try:
        detail = store.get_session(1)
        assert detail.questions[0].text == "KV cache 为什么能加速推理？"
        assert detail.questions[0].answers[0].rating == 3
        # Rows that existed before migration 2 were indexed by it.
        hits = search(store, "重复计算")
        assert [(h.session_id, h.kind) for h in hits] == [(1, "answer")]
    finally:
        store.close()
    assert _revision(db) == head_revision()

    backup = data_dir / "mockinterview.sqlite3.rev0001.bak"
    assert backup.is_file()
    assert _revision(backup) == "0001"
    with sqlite3.connect(backup) as conn:
        assert conn.execute("SELECT count(*) FROM answers").fetchone()[0] == 1

    # Opening again at head makes no second backup.
    open_store(data_dir).close()
    assert len(list(data_dir.glob("*.bak"))) == 1


def test_db_from_a_newer_app_is_refused_and_left_untouched(data_dir: Path) -> None:
    open_store(data_dir).close()
    db = db_path(data_dir)
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0099'")
    before = db.read_bytes()
    with pytest.raises(StoreTooNewError, match=r"revision 0099.*newer version"):
        open_store(data_dir)
    assert _revision(db) == "0099"
    assert db.read_bytes() == before
    assert not list(data_dir.glob("*.bak"))
