"""Full-text search over asked questions and answer transcripts (FTS5, trigram tokenizer).

One standalone FTS5 table holds both kinds of text. Its rowid encodes the source row so
triggers can update/delete by rowid: question id * 2 for a question, answer id * 2 + 1 for an
answer. Cascaded deletes fire these triggers too (SQLite runs triggers for FK actions).
trigram needs SQLite >= 3.34; older builds get unicode61 and search.py falls back to LIKE.

Revision ID: 0002
Revises: 0001
Create Date: 2026-05-09
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TRIGRAM = sqlite3.sqlite_version_info >= (3, 34, 0)

_Q_ROW = "NEW.id * 2"
_A_ROW = "NEW.id * 2 + 1"
_A_SESSION = "(SELECT session_id FROM asked_questions WHERE id = NEW.question_id)"


def upgrade() -> None:
    tokenizer = "trigram" if TRIGRAM else "unicode61"
    op.execute(
        "CREATE VIRTUAL TABLE search_fts USING fts5("
        "body, kind UNINDEXED, session_id UNINDEXED, question_id UNINDEXED, "
        f"tokenize = '{tokenizer}')"
    )
    op.execute(
        "INSERT INTO search_fts(rowid, body, kind, session_id, question_id) "
        "SELECT id * 2, text, 'question', session_id, id FROM asked_questions"
    )
    op.execute(
        "INSERT INTO search_fts(rowid, body, kind, session_id, question_id) "
        "SELECT a.id * 2 + 1, a.transcript, 'answer', q.session_id, a.question_id "
        "FROM answers a JOIN asked_questions q ON q.id = a.question_id"
    )
    op.execute(
        "CREATE TRIGGER search_fts_q_insert AFTER INSERT ON asked_questions BEGIN "
        "INSERT INTO search_fts(rowid, body, kind, session_id, question_id) "
        f"VALUES ({_Q_ROW}, NEW.text, 'question', NEW.session_id, NEW.id); END"
    )
    op.execute(
        "CREATE TRIGGER search_fts_q_update AFTER UPDATE OF text ON asked_questions BEGIN "
        "UPDATE search_fts SET body = NEW.text WHERE rowid = NEW.id * 2; END"
    )
    op.execute(
        "CREATE TRIGGER search_fts_q_delete AFTER DELETE ON asked_questions BEGIN "
        "DELETE FROM search_fts WHERE rowid = OLD.id * 2; END"
    )
    op.execute(
        "CREATE TRIGGER search_fts_a_insert AFTER INSERT ON answers BEGIN "
        "INSERT INTO search_fts(rowid, body, kind, session_id, question_id) "
        f"VALUES ({_A_ROW}, NEW.transcript, 'answer', {_A_SESSION}, NEW.question_id); END"
    )
    op.execute(
        "CREATE TRIGGER search_fts_a_update AFTER UPDATE OF transcript ON answers BEGIN "
        "UPDATE search_fts SET body = NEW.transcript WHERE rowid = NEW.id * 2 + 1; END"
    )
    op.execute(
        "CREATE TRIGGER search_fts_a_delete AFTER DELETE ON answers BEGIN "
        "DELETE FROM search_fts WHERE rowid = OLD.id * 2 + 1; END"
    )


def downgrade() -> None:
    for name in ("q_insert", "q_update", "q_delete", "a_insert", "a_update", "a_delete"):
        op.execute(f"DROP TRIGGER IF EXISTS search_fts_{name}")
    op.execute("DROP TABLE IF EXISTS search_fts")
