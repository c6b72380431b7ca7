"""The store: one SQLite file in the data dir, schema by Alembic, plain records out.

``open_store(data_dir)`` is the only way in: it creates or upgrades the DB (backing the file up
first) and refuses one written by a newer app.
"""

from __future__ import annotations

import logging
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
    ReviewCard,
    SessionDetail,
    SessionSummary,
    TopicObservation,
)
from mockinterview.store.repository import Store

__all__ = [
    "Answer",
    "AskedQuestion",
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
