"""The store: one SQLite file in the data dir, schema by Alembic, plain records out.

``open_store(data_dir)`` is the only way in: it creates or upgrades the DB (backing the file up
first) and refuses one written by a newer app.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy.exc import DBAPIError

from mockinterview.paths import db_path
from mockinterview.store.engine import make_engine
from mockinterview.store.errors import (
    NotFoundError,
    StoreError,
    StoreTooNewError,
    environment_error,
)
from mockinterview.store.migrate import upgrade
from mockinterview.store.records import (
    Answer,
    AskedQuestion,
    AttemptRecord,
    ReviewCard,
    SessionDetail,
    SessionSummary,
    TopicObservation,
)
from mockinterview.store.repository import Store

__all__ = [
    "Answer",
    "AskedQuestion",
    "AttemptRecord",
    "NotFoundError",
    "ReviewCard",
    "SessionDetail",
    "SessionSummary",
    "Store",
    "StoreError",
    "StoreTooNewError",
    "TopicObservation",
    "open_store",
]

log = logging.getLogger(__name__)

LOCK_NAME = "mockinterview.sqlite3.lock"
LOCK_WAIT_S = 60.0


@contextmanager
def migration_lock(data_dir: Path, wait: float = LOCK_WAIT_S) -> Iterator[None]:
    """One process at a time checks and migrates the schema (an OS file lock, released when the
    process dies). Without it, three CLI calls on a new data dir raced to create the tables and
    some failed with "database is locked"."""
    try:
        import fcntl
    except ImportError:  # Windows: SQLite's own busy timeout is all there is
        yield
        return
    path = Path(data_dir) / LOCK_NAME
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError:  # a read-only data dir: nothing can be migrated there anyway
        yield
        return
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise StoreError(
                        f"database {db_path(Path(data_dir))}: another mockinterview has been "
                        f"upgrading it for {wait:.0f} s; close other mockinterview windows "
                        "and try again"
                    ) from None
                time.sleep(0.05)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def open_store(data_dir: Path) -> Store:
    """Open (create, upgrade) the DB in ``data_dir``; raises StoreError with a message for people."""
    data_dir = Path(data_dir)
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"data directory {data_dir} cannot be created: {exc.strerror}") from exc
    db_file = db_path(data_dir)
    engine = make_engine(db_file)
    try:
        with migration_lock(data_dir):  # several processes opening a new data dir at once
            made = upgrade(engine, db_file)
    except StoreError:
        engine.dispose()
        raise
    except (DBAPIError, OSError) as exc:
        engine.dispose()
        raise environment_error(exc, db_file) from exc
    if made is not None:
        log.info("database upgraded; the previous version is kept at %s", made)
    return Store(data_dir, db_file, engine)
