"""Bring a DB file to the schema this app knows: Alembic run in code, backup first, refuse newer.

``python -m mockinterview.store.migrate revision "message"`` autogenerates a new revision
(from a checkout) against a scratch DB at head.
"""

from __future__ import annotations

import contextlib
import sqlite3
import sys
import tempfile
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, text

from mockinterview.paths import migrations_dir
from mockinterview.store.engine import set_foreign_keys
from mockinterview.store.errors import StoreError, StoreTooNewError


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir()))
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None, "db/versions holds no migration"
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def backup_path(db_file: Path, revision: str) -> Path:
    return db_file.with_name(f"{db_file.name}.rev{revision}.bak")


def backup(db_file: Path, revision: str) -> Path:
    """A consistent copy (sqlite backup API, so pages still in the WAL come along)."""
    target = backup_path(db_file, revision)
    if target.exists():
        target = target.with_name(f"{target.stem}-{_stamp()}.bak")
    try:
        src = sqlite3.connect(db_file)
        try:
            dst = sqlite3.connect(target)
            try:
                src.backup(dst)
            finally:
                dst.close()
        finally:
            src.close()
    except (sqlite3.Error, OSError) as exc:
        # A half-written backup is worse than none: it looks like a safe copy.
        for leftover in (target, Path(f"{target}-journal"), Path(f"{target}-wal")):
            with contextlib.suppress(OSError):
                leftover.unlink(missing_ok=True)
        text = str(exc).lower()
        why = (
            "the disk is full; free some space and try again"
            if "full" in text or "i/o" in text or getattr(exc, "errno", None) in (28, 27, 122)
            else f"{exc}; check the folder's permissions and free space"
        )
        raise StoreError(
            f"database {db_file}: the backup made before upgrading its schema failed "
            f"({why}); nothing was changed"
        ) from exc
    return target


def _stamp() -> str:
    from datetime import datetime

    return datetime.now().strftime("%Y%m%dT%H%M%S%f")


def upgrade(engine: Engine, db_file: Path) -> Path | None:
    """Migrate to head; returns the backup made (None for a new DB or one already at head)."""
    cfg = alembic_config()
    script = ScriptDirectory.from_config(cfg)
    head = head_revision()
    current = current_revision(engine)
    if current == head:
        return None
    if current is not None and current not in {rev.revision for rev in script.walk_revisions()}:
        raise StoreTooNewError(
            f"database {db_file} has schema revision {current}, which this version of "
            f"mockinterview does not know (newest known: {head}); it was written by a newer "
            "version — update mockinterview, or use another --data-dir"
        )
    made = backup(db_file, current) if current is not None else None
    with engine.connect() as conn:
        # Batch migrations copy tables; foreign keys must be off meanwhile.
        set_foreign_keys(conn, on=False)
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")  # one transaction: all revisions and the version row
        conn.commit()
        broken = conn.execute(text("PRAGMA foreign_key_check")).fetchall()
        conn.rollback()
        set_foreign_keys(conn, on=True)
    if broken:
        raise StoreError(
            f"database {db_file}: migration left {len(broken)} broken references; "
            f"the original is kept at {made}"
        )
    return made


def _new_revision(message: str) -> None:
    from mockinterview.store.engine import make_engine

    with tempfile.TemporaryDirectory() as tmp:
        db_file = Path(tmp) / "scratch.sqlite3"
        engine = make_engine(db_file)
        upgrade(engine, db_file)
        cfg = alembic_config()
        with engine.connect() as conn:
            cfg.attributes["connection"] = conn
            command.revision(cfg, message=message, autogenerate=True)
        engine.dispose()


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] != "revision":
        print('usage: python -m mockinterview.store.migrate revision "message"', file=sys.stderr)
        sys.exit(2)
    _new_revision(sys.argv[2])
