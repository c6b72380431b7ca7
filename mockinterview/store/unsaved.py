"""When an answer cannot reach the database: retry a locked one, else keep it on disk, and put
it back later.

A recorded answer is never dropped because the database said no (locked by another program, disk
full, the session deleted meanwhile). A lock is retried with backoff; any other failure, or a lock
that outlasts the retries, leaves the recording where it is and writes the transcript beside it as
``<recording>.json`` — a transcript document ``mockinterview feedback --transcript`` reads, plus
what is needed to put it back (session, position, question) — and the message says so.
``restore_unsaved`` (``mockinterview sessions restore FILE``) puts it into the database once it
works again: into its session, or into a new one when that session was deleted.
"""

from __future__ import annotations

import json
import math
import sqlite3
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from mockinterview.store.errors import NotFoundError, StoreError

if TYPE_CHECKING:
    from mockinterview.store.repository import Store

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
    backoff: tuple[float, ...] | None = None,
    sleep: Callable[[float], None] = time.sleep,
    on_retry: Callable[[int, BaseException], None] | None = None,
) -> T:
    """``call()``, tried again after each wait in ``backoff`` (default LOCK_BACKOFF_SECONDS)
    while the database is locked."""
    waits = LOCK_BACKOFF_SECONDS if backoff is None else backoff
    for attempt, wait in enumerate((*waits, None), start=1):
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


class RestoreError(ValueError):
    """The file is not a kept answer, or it cannot go back; the message says why."""


def restore_unsaved(store: Store, sidecar: Path) -> tuple[int, int]:
    """Put a kept answer into the database: ``(session id, answer id)``. Its question row is
    found by position in its session (or added); a deleted session is replaced by a new one.
    The JSON file is removed once the answer is committed; the recording stays where it is."""
    try:
        doc = json.loads(sidecar.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise RestoreError(f"cannot read {sidecar}: {exc}") from exc
    if not isinstance(doc, dict) or doc.get("format") != SIDECAR_FORMAT:
        raise RestoreError(f"{sidecar} is not an answer kept by mockinterview")
    try:
        position = int(doc["position"])
        duration = float(doc.get("duration") or 0.0)
        text = str(doc.get("text") or "")
        segments = doc.get("segments") or []
    except (KeyError, TypeError, ValueError, OverflowError) as exc:
        raise RestoreError(f"{sidecar}: damaged kept answer ({type(exc).__name__})") from exc
    if not 0 <= position < 10_000 or not math.isfinite(duration) or not 0 <= duration < 86_400:
        raise RestoreError(f"{sidecar}: damaged kept answer (position or duration out of range)")
    if not isinstance(segments, list) or not all(isinstance(x, dict) for x in segments):
        raise RestoreError(f"{sidecar}: damaged kept answer ('segments' must be a list of objects)")
    audio = Path(doc["audio"]) if isinstance(doc.get("audio"), str) else None
    if audio is not None and not audio.is_file():
        audio = None  # the transcript still goes back; the message of the caller says so
    kept_session = doc.get("session_id")
    if kept_session is not None and (
        isinstance(kept_session, bool) or not isinstance(kept_session, int)
    ):
        # int() would raise on "abc" or [1] and quietly pick session 1 for true or 1.9
        raise RestoreError(f"{sidecar}: damaged kept answer ('session_id' must be a whole number)")
    question_id = None
    try:
        detail = store.get_session(kept_session) if kept_session is not None else None
    except NotFoundError:
        detail = None
    if detail is None:
        settings = {"restored_from": str(sidecar)}
        session_id = store.create_session(str(doc.get("round") or "technical"), None, settings)
    else:
        session_id = detail.id
        for asked in detail.questions:
            if asked.position == position:
                if asked.answers:
                    raise RestoreError(
                        f"question {position + 1} of session {detail.id} already has an answer"
                    )
                question_id = asked.id
    if question_id is None:
        parent = doc.get("parent_id") if detail is not None else None  # rows of its own session
        question_id = store.add_question(
            session_id,
            position,
            doc.get("bank_id"),
            str(doc.get("question") or ""),
            [str(t) for t in doc.get("topics") or []],
            [str(k) for k in doc.get("key_points") or []],
            parent_id=parent if isinstance(parent, int) else None,
            kind="follow_up" if doc.get("kind") == "follow_up" and parent else "main",
        )
    answer_id = store.save_answer(
        question_id,
        audio_path=audio,
        duration=duration,
        transcript=text,
        segments=segments,
        language=doc.get("language"),
        model=doc.get("model"),
        device=doc.get("device"),
        started_at=_when(doc.get("started_at")),
        ended_at=_when(doc.get("ended_at")),
        analysis=doc.get("analysis") if isinstance(doc.get("analysis"), dict) else None,
        processing_seconds=doc.get("processing_seconds"),
    )
    sidecar.unlink(missing_ok=True)
    return session_id, answer_id


def _when(value: Any) -> datetime | None:
    try:
        return datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None
