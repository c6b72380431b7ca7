"""Ids are never reused (AUTOINCREMENT, migration 0003), also in a DB that existed before it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from alembic import command

from mockinterview.paths import db_path
from mockinterview.review.search import search
from mockinterview.store import open_store
from mockinterview.store.engine import make_engine
from mockinterview.store.migrate import alembic_config


def db_at_0002_with_data(data_dir: Path) -> Path:
    """A DB as the previous release left it: revision 0002, three sessions, the newest deleted."""
    db = db_path(data_dir)
    engine = make_engine(db)
    cfg = alembic_config()
    with engine.connect() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0002")
        conn.commit()
    engine.dispose()
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA foreign_keys=ON")
        for sid in (1, 2, 3):
            conn.execute(
                "INSERT INTO sessions (id, round, job_id, settings, seed, started_at, status) "
                f"VALUES ({sid}, 'technical', NULL, '{{}}', 3, '2026-01-0{sid} 08:00:00.000000',"
                " 'finished')"
            )
            conn.execute(
                "INSERT INTO asked_questions (id, session_id, position, bank_id, text, topics, "
                f"key_points, kind) VALUES ({sid}, {sid}, 0, 'tech-kv-001', "
                f"'KV cache 为什么能加速推理？ {sid}', '[\"inference\"]', '[]', 'main')"
            )
            conn.execute(
                "INSERT INTO answers (id, question_id, duration, transcript, segments, notes, "
                f"weak, rating) VALUES ({sid}, {sid}, 30.0, '缓存之前算过的键值 {sid}', '[]', '', 0, 3)"
            )
        conn.execute(
            "INSERT INTO asked_questions (id, session_id, position, bank_id, text, topics, "
            "key_points, kind, parent_id) VALUES (4, 2, 1, NULL, 'follow', '[]', '[]', "
            "'follow_up', 2)"
        )
        conn.execute("INSERT INTO answer_tags VALUES (2, 'free', 'kv')")
        conn.execute("DELETE FROM sessions WHERE id = 3")  # cascades (foreign keys on)
    return db


def test_a_0002_db_with_data_upgrades_in_place_and_never_reuses_ids(data_dir: Path) -> None:
    db = db_at_0002_with_data(data_dir)
    store = open_store(data_dir)
    try:
        assert [s.id for s in store.list_sessions()] == [2, 1]
        detail = store.get_session(2)
        assert [q.id for q in detail.questions] == [2, 4]
        assert detail.questions[1].parent_id == 2
        assert detail.questions[0].answers[0].free_tags == ("kv",)
        # The search index and its triggers survived the table rebuild.
        assert [h.session_id for h in search(store, "缓存之前算过")] == [2, 1]

        # Deleting the newest session, then creating one, must not hand out its id again.
        store.delete_session(2)
        new = store.create_session("hr", None, {})
        assert new > 2
        q = store.add_question(new, 0, None, "新问题 xyz", [], [])
        assert q > 4
        a = store.save_answer(
            q, audio_path=None, duration=1.0, transcript="全新的回答内容", segments=[],
            language="zh", model=None, device=None, started_at=None, ended_at=None,
        )  # fmt: skip
        assert a > 2
        assert [h.session_id for h in search(store, "全新的回答")] == [new]
        assert search(store, "缓存之前算过") and {h.session_id for h in search(store, "缓存之前算过")} == {1}
    finally:
        store.close()
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        for table in ("sessions", "asked_questions", "answers"):
            sql = conn.execute(
                "SELECT sql FROM sqlite_master WHERE type='table' AND name=?", (table,)
            ).fetchone()[0]
            assert "AUTOINCREMENT" in sql, table
            assert "CHECK" in sql, table
    assert (data_dir / "mockinterview.sqlite3.rev0002.bak").is_file()


def test_a_new_db_never_reuses_the_id_of_a_deleted_newest_session(data_dir: Path) -> None:
    store = open_store(data_dir)
    try:
        first = store.create_session("hr", None, {})
        second = store.create_session("hr", None, {})
        store.delete_session(second)
        third = store.create_session("hr", None, {})
        assert third not in (first, second)
    finally:
        store.close()
