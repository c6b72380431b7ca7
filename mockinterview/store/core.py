"""The ``Store``'s plumbing: engine, transactions, audio paths, and the helpers every part uses.

The parts (``sessions``, ``answers``, ``review_cards``, ``topic_stats``) subclass ``StoreCore``;
``repository.Store`` puts them together.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine, select, update
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from mockinterview.store.errors import NotFoundError, StoreError, environment_error
from mockinterview.store.rows import A, Q, T, _time_key

_Self = TypeVar("_Self", bound="StoreCore")


class StoreCore:
    def __init__(self, data_dir: Path, db_file: Path, engine: Engine) -> None:
        self.data_dir = data_dir
        self.db_file = db_file
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    # -- plumbing -----------------------------------------------------------------------------
    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self: _Self) -> _Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _tx(self) -> Iterator[Session]:
        try:
            with self._sessions.begin() as session:
                yield session
        except IntegrityError as exc:
            raise StoreError(f"database {self.db_file}: rejected a change: {exc.orig}") from exc
        except DBAPIError as exc:  # the database said no; other SQLAlchemy errors are our bugs
            raise environment_error(exc, self.db_file) from exc

    @contextmanager
    def connection(self) -> Iterator[Connection]:
        """One transaction on a Core connection, for queries in ``review`` (search, stats)."""
        try:
            with self.engine.begin() as conn:
                yield conn
        except DBAPIError as exc:  # the database said no; other SQLAlchemy errors are our bugs
            raise environment_error(exc, self.db_file) from exc

    def relative_path(self, path: str | os.PathLike[str] | None) -> str | None:
        """How a file path is stored: relative to the data dir when inside it (POSIX form)."""
        if path is None:
            return None
        p = Path(path)
        if not p.is_absolute():
            return p.as_posix()
        try:
            return p.resolve().relative_to(self.data_dir.resolve()).as_posix()
        except ValueError:
            return p.as_posix()

    def normalized_audio_path(self, stored: str | os.PathLike[str] | None) -> str | None:
        """A stored or imported audio path as this data dir's canonical relative form, or None
        when it points outside the data dir (``..``, an absolute path elsewhere)."""
        if stored is None or str(stored) == "":
            return None
        root = self.data_dir.resolve()
        p = Path(stored)
        try:
            resolved = (p if p.is_absolute() else root / p).resolve()
            return resolved.relative_to(root).as_posix()
        except (ValueError, OSError, RuntimeError):
            return None

    def audio_references(self) -> set[tuple[str, str | None]]:
        """(canonical audio path, UTC time of the answer/question) for every row with audio:
        what tells an export of this data dir's own session from a foreign one."""
        with self._tx() as s:
            rows = list(s.execute(select(A.c.audio_path, A.c.started_at)))
            rows += list(s.execute(select(Q.c.audio_path, Q.c.asked_at)))
        out: set[tuple[str, str | None]] = set()
        for stored, when in rows:
            canonical = self.normalized_audio_path(stored)
            if canonical is not None:
                out.add((canonical, _time_key(when)))
        return out

    def audio_file(self, stored: str) -> Path:
        """The absolute path of a stored (relative) audio path."""
        p = Path(stored)
        return p if p.is_absolute() else self.data_dir / p


    # -- helpers ----------------------------------------------------------------------------------
    def _resolved(self, stored: str) -> Path | None:
        try:
            return self.audio_file(stored).resolve()
        except (OSError, RuntimeError):
            return None

    @staticmethod
    def _update(
        s: Session, model: type[Any], row_id: int, values: dict[str, Any], what: str
    ) -> None:
        table = model.__table__
        result = s.execute(update(table).where(table.c.id == row_id).values(**values))
        if getattr(result, "rowcount", 1) == 0:
            raise NotFoundError(f"no {what} with id {row_id}")

    @staticmethod
    def _tags(s: Session, answer_ids: list[int]) -> dict[int, dict[str, list[str]]]:
        out: dict[int, dict[str, list[str]]] = {}
        if not answer_ids:
            return out
        stmt = select(T.c.answer_id, T.c.kind, T.c.tag).where(T.c.answer_id.in_(answer_ids))
        for aid, kind, tag in s.execute(stmt.order_by(T.c.kind, T.c.tag)):
            out.setdefault(aid, {}).setdefault(kind, []).append(tag)
        return out

