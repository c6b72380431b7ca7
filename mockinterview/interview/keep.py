"""When an answer cannot reach the database: retry a locked one, else keep it on disk.

A recorded answer is never dropped because the database said no (locked by another program, disk
full, the session deleted meanwhile). A lock is retried with backoff; any other failure, or a lock
that outlasts the retries, leaves the recording where it is and writes the transcript beside it as
``<recording>.json`` — a transcript document ``mockinterview feedback --transcript`` reads, plus
what is needed to put it back (session, position, question) — and the message says so.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from mockinterview.store.errors import NotFoundError, StoreError

T = TypeVar("T")

# Waits between attempts after "locked" (on top of SQLite's own busy timeout per attempt).
LOCK_BACKOFF_SECONDS: tuple[float, ...] = (0.2, 0.5, 1.0)
SIDECAR_FORMAT = "mockinterview-unsaved-answer"


def is_locked(exc: BaseException) -> bool:
    """The database was busy/locked (worth another try), as opposed to full, gone or read-only."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        text = str(current).lower()
        if isinstance(current, sqlite3.OperationalError) and ("locked" in text or "busy" in text):
            return True
        if isinstance(current, StoreError) and "holds a lock" in text:
            return True
        current = current.__cause__ or current.__context__
    return False


def with_lock_retry(
    call: Callable[[], T],
    backoff: tuple[float, ...] = LOCK_BACKOFF_SECONDS,
    sleep: Callable[[float], None] = time.sleep,
    on_retry: Callable[[int, BaseException], None] | None = None,
) -> T:
    """``call()``, tried again after each wait in ``backoff`` while the database is locked."""
    for attempt, wait in enumerate((*backoff, None), start=1):
        try:
            return call()
        except StoreError as exc:
            if wait is None or not is_locked(exc):
                raise
            if on_retry is not None:
                on_retry(attempt, exc)
            sleep(wait)
    raise AssertionError("unreachable")


def reason(exc: BaseException) -> str:
    if isinstance(exc, NotFoundError):
        return f"the session is no longer in the database ({exc})"
    return str(exc) or type(exc).__name__


def sidecar_path(recording: Path) -> Path:
    return recording.with_suffix(recording.suffix + ".json")


def keep_on_disk(recording: Path, document: dict[str, Any]) -> Path:
    """Write ``document`` beside ``recording`` (atomically: a temp file renamed into place)."""
    target = sidecar_path(recording)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".tmp")
    body = json.dumps({"format": SIDECAR_FORMAT, **document}, ensure_ascii=False, indent=2)
    try:
        tmp.write_text(body, encoding="utf-8")
        tmp.replace(target)
    finally:
        tmp.unlink(missing_ok=True)
    return target
