"""Full-text search over asked questions and answer transcripts (the FTS5 index of migration 2).

User input never reaches MATCH unescaped: each whitespace-separated token becomes a quoted
phrase (inner double quotes doubled), so operators (AND, OR, NEAR(, *, ^) are plain text. The
trigram tokenizer only matches tokens of 3+ characters; shorter ones (two-character Chinese
words like 微调) are matched with LIKE on the same table, wildcards escaped.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone

from mockinterview.store import Store, StoreError

TRIGRAM_AVAILABLE = sqlite3.sqlite_version_info >= (3, 34, 0)
MIN_MATCH_CHARS = 3  # trigram
SNIPPET_CHARS = 24  # context on each side of the first hit
MARK_START, MARK_END = "[", "]"
MAX_TOKENS = 32  # SQLite refuses deep expression trees ("Expression tree is too large")
MAX_TOKEN_CHARS = 200
# NUL ends a string inside SQLite's LIKE (a lone NUL matched every row); other control
# characters never occur in a transcript either.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class SearchQueryError(StoreError, ValueError):
    """The query cannot be searched as typed; the message says what to change."""


@dataclass(frozen=True)
class SearchHit:
    session_id: int
    question_id: int
    answer_id: int | None  # None when the hit is in the question text
    kind: str  # "question" | "answer"
    snippet: str
    rank: float  # bm25: lower is better; 0.0 for LIKE-only queries
    started_at: datetime


def fts_phrase(token: str) -> str:
    """A token as an FTS5 string: always quoted, inner quotes doubled."""
    return '"' + token.replace('"', '""') + '"'


def like_pattern(token: str) -> str:
    escaped = token.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def split_query(query: str) -> tuple[list[str], list[str]]:
    """(tokens for MATCH, tokens for LIKE); duplicates dropped, order kept, control characters
    removed. Raises SearchQueryError past MAX_TOKENS words or MAX_TOKEN_CHARS in one word."""
    tokens = list(dict.fromkeys(query.replace("\x00", " ").split()))
    tokens = [t for t in (_CONTROL.sub("", t) for t in tokens) if t]
    if len(tokens) > MAX_TOKENS:
        raise SearchQueryError(
            f"the search has {len(tokens):,} different words; use at most {MAX_TOKENS}"
        )
    longest = max((len(t) for t in tokens), default=0)
    if longest > MAX_TOKEN_CHARS:
        raise SearchQueryError(
            f"a search word is {longest:,} characters long; use words of at most "
            f"{MAX_TOKEN_CHARS} characters"
        )
    long_enough = TRIGRAM_AVAILABLE
    match = [t for t in tokens if long_enough and len(t) >= MIN_MATCH_CHARS]
    like = [t for t in tokens if t not in match]
    return match, like


def search(
    store: Store,
    query: str,
    *,
    limit: int = 50,
    session_id: int | None = None,
) -> list[SearchHit]:
    """Hits for every token (AND): best first (bm25) then newest session; newest first when every
    token is too short for the trigram index."""
    match, like = split_query(query)
    if not match and not like:
        return []
    where: list[str] = []
    params: dict[str, object] = {"limit": int(limit)}
    if match:
        where.append("search_fts MATCH :match")
        params["match"] = " ".join(fts_phrase(t) for t in match)
    for i, token in enumerate(like):
        where.append(f"f.body LIKE :like{i} ESCAPE '\\'")
        params[f"like{i}"] = like_pattern(token)
    if session_id is not None:
        where.append("f.session_id = :session_id")
        params["session_id"] = session_id
    rank = "f.rank" if match else "0.0"
    sql = (
        f"SELECT f.rowid, f.body, f.kind, f.session_id, f.question_id, {rank} AS r, s.started_at "
        "FROM search_fts AS f JOIN sessions AS s ON s.id = f.session_id "
        f"WHERE {' AND '.join(where)} "
        + (
            "ORDER BY r, s.started_at DESC, f.rowid LIMIT :limit"
            if match
            # LIKE-only: newest rows first by rowid, so the scan stops after `limit` hits
            # instead of sorting every match by date (rowids grow with insertion).
            else "ORDER BY f.rowid DESC LIMIT :limit"
        )
    )
    with store.connection() as conn:  # driver SQL: sqlite3's own :name placeholders
        rows = conn.exec_driver_sql(sql, params).all()
    tokens = match + like
    return [
        SearchHit(
            session_id=int(r[3]),
            question_id=int(r[4]),
            answer_id=(int(r[0]) - 1) // 2 if r[2] == "answer" else None,
            kind=str(r[2]),
            snippet=make_snippet(str(r[1]), tokens),
            rank=float(r[5]),
            started_at=_parse_time(r[6]),
        )
        for r in rows
    ]


def make_snippet(body: str, tokens: list[str], context: int = SNIPPET_CHARS) -> str:
    """The text around the first hit, the hit marked; whole body when short."""
    folded = body.casefold()
    hits = [(folded.find(t.casefold()), t) for t in tokens]
    hits = [(i, t) for i, t in hits if i >= 0]
    if not hits:
        return body[: 2 * context] + ("…" if len(body) > 2 * context else "")
    start, token = min(hits)
    end = start + len(token)
    left = max(0, start - context)
    right = min(len(body), end + context)
    return (
        ("…" if left > 0 else "")
        + body[left:start]
        + MARK_START
        + body[start:end]
        + MARK_END
        + body[end:right]
        + ("…" if right < len(body) else "")
    )


def _parse_time(value: object) -> datetime:
    when = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return when.replace(tzinfo=timezone.utc) if when.tzinfo is None else when
