"""The SQLite engine: WAL, foreign keys and a busy timeout on every connection."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event

BUSY_TIMEOUT_MS = 5000


def make_engine(db_file: Path) -> Engine:
    engine = create_engine(
        f"sqlite+pysqlite:///{db_file}",
        connect_args={"timeout": BUSY_TIMEOUT_MS / 1000},
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
        # Take transactions away from the driver (it skips BEGIN before DDL), so that a
        # migration and its version row commit together; SQLAlchemy emits BEGIN below.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN")

    return engine


def set_foreign_keys(conn: Connection, on: bool) -> None:
    """PRAGMA foreign_keys is ignored inside a transaction: run it on the bare driver connection."""
    assert not conn.in_transaction(), "foreign_keys can only change outside a transaction"
    raw = conn.connection.dbapi_connection
    assert raw is not None
    raw.execute(f"PRAGMA foreign_keys={'ON' if on else 'OFF'}")
