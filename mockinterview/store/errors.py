"""Store exceptions: one for people (environment, versions), one for missing rows."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy.exc import DBAPIError


class StoreError(Exception):
    """The database cannot be used; the message says what is wrong and what to do."""


class StoreTooNewError(StoreError):
    """The DB file was written by a newer mockinterview (an unknown migration revision)."""


class NotFoundError(StoreError, LookupError):
    """A session, question or answer id that is not in the database."""


def environment_error(exc: BaseException, db_file: Path) -> StoreError:
    """Turn a driver error into a StoreError that tells disk full / read-only / locked apart."""
    inner = exc.orig if isinstance(exc, DBAPIError) else exc
    text = str(inner).lower()
    code = getattr(inner, "sqlite_errorcode", None)
    if "disk is full" in text or code == getattr(sqlite3, "SQLITE_FULL", 13):
        why = "the disk is full; free some space and try again"
    elif (
        "readonly" in text or "read-only" in text or code == getattr(sqlite3, "SQLITE_READONLY", 8)
    ):
        why = "the file or its folder is read-only; check the permissions or choose another --data-dir"
    elif "locked" in text or "busy" in text:
        why = "another program holds a lock on it; close other mockinterview windows and try again"
    elif "unable to open" in text or "cannot open" in text:
        why = "it cannot be opened; check that the folder exists and is writable"
    elif "disk i/o" in text:
        why = "the disk reported an I/O error; check the drive"
    elif "not a database" in text or "malformed" in text:
        why = (
            "it is not a valid SQLite database (corrupt?); move it aside to start afresh,"
            " or restore a backup from the same folder"
        )
    else:
        why = f"the database reported: {inner}"
    return StoreError(f"database {db_file}: {why}")
