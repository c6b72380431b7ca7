"""My projects in the store: add, list, remove (one short transaction each, plain records out).

Kept beside the repository rather than in it: the table is small and only the project commands,
the Settings widget and the interview plan read it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from typing import cast

from sqlalchemy import Table, delete, insert, select
from sqlalchemy.exc import IntegrityError

from mockinterview.store.errors import NotFoundError, StoreError
from mockinterview.store.models import ProjectRow
from mockinterview.store.repository import Store

MAX_NAME = 200
MAX_SUMMARY = 500
MAX_STACK_ITEMS = 30
P = cast(Table, ProjectRow.__table__)


@dataclass(frozen=True)
class Project:
    id: int
    name: str
    domain: str
    summary: str
    stack: tuple[str, ...]
    created_at: datetime


class ProjectError(ValueError):
    """A project that cannot be saved as given; the message says which field and why."""


def _clean(value: str, field: str, limit: int, *, required: bool) -> str:
    text = " ".join(str(value or "").split())
    if required and not text:
        raise ProjectError(f"project {field} is empty")
    if len(text) > limit:
        raise ProjectError(f"project {field} is {len(text)} characters; at most {limit}")
    if any(ord(c) < 32 for c in text):
        raise ProjectError(f"project {field} holds control characters")
    return text


def clean_stack(stack: Sequence[str] | str) -> tuple[str, ...]:
    """A stack as a list, or one text split at commas (、，, ;)."""
    items = stack.replace("，", ",").replace("、", ",").replace(";", ",").split(",") if isinstance(stack, str) else list(stack)
    cleaned = [_clean(s, "stack item", 60, required=False) for s in items]
    out = tuple(dict.fromkeys(s for s in cleaned if s))
    if len(out) > MAX_STACK_ITEMS:
        raise ProjectError(f"project stack has {len(out)} items; at most {MAX_STACK_ITEMS}")
    return out


def add_project(store: Store, name: str, domain: str, summary: str = "", stack: Sequence[str] | str = ()) -> Project:
    project = Project(
        0,  # the id the database gives it, below
        _clean(name, "name", MAX_NAME, required=True),
        _clean(domain, "domain", MAX_NAME, required=True),
        _clean(summary, "one-line description", MAX_SUMMARY, required=False),
        clean_stack(stack),
        datetime.now(timezone.utc),
    )
    row = insert(P).values(
        name=project.name, domain=project.domain, summary=project.summary,
        stack=list(project.stack), created_at=project.created_at,
    )  # fmt: skip
    try:
        with store.engine.begin() as conn:
            key = conn.execute(row).inserted_primary_key
    except IntegrityError as exc:
        raise ProjectError(f"a project named '{project.name}' already exists") from exc
    if key is None:  # not for a one-row insert into a table with an integer key
        raise StoreError(f"the database gave no id for the new project '{project.name}'")
    return replace(project, id=int(key[0]))


def list_projects(store: Store) -> list[Project]:
    with store.engine.connect() as conn:
        rows = conn.execute(select(P).order_by(P.c.id)).all()
    out = []
    for row in rows:
        stack = row.stack if isinstance(row.stack, list) else []  # a damaged cell reads as no stack
        created = row.created_at.replace(tzinfo=timezone.utc) if row.created_at.tzinfo is None else row.created_at
        out.append(Project(row.id, row.name, row.domain, row.summary or "", tuple(str(s) for s in stack), created))
    return out


def remove_project(store: Store, key: int | str) -> Project:
    """Remove by id or exact name; ``NotFoundError`` names what was not found."""
    projects = list_projects(store)
    found = next((p for p in projects if str(p.id) == str(key) or p.name == str(key)), None)
    if found is None:
        known = ", ".join(f"{p.id} {p.name}" for p in projects) or "none"
        raise NotFoundError(f"no project {key!r} (projects: {known})")
    with store.engine.begin() as conn:
        conn.execute(delete(P).where(P.c.id == found.id))
    return found


__all__ = ["Project", "ProjectError", "StoreError", "add_project", "clean_stack", "list_projects", "remove_project"]
