"""Ids are never reused: sessions, asked questions and answers get AUTOINCREMENT keys.

Without AUTOINCREMENT SQLite hands out the largest rowid + 1, so deleting the newest session
gave its id to the next one, and an interview still running under the old id wrote into the
new session (and its audio folder). The tables are rebuilt (batch mode, full definitions so the
CHECK constraints survive) with their rows and ids; sqlite_sequence starts at the largest id
present. The FTS triggers of migration 2 name these tables, so they are dropped first and
made again afterwards; the search_fts rows are untouched (same ids).

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TRIGGERS = ("q_insert", "q_update", "q_delete", "a_insert", "a_update", "a_delete")


_Q_ROW = "NEW.id * 2"
_A_ROW = "NEW.id * 2 + 1"
_A_SESSION = "(SELECT session_id FROM asked_questions WHERE id = NEW.question_id)"


def _create_triggers() -> None:
    """The triggers of migration 0002, as they were made there."""
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


def _tables(autoincrement: bool) -> list[sa.Table]:
    meta = sa.MetaData()
    kw = {"sqlite_autoincrement": autoincrement}
    sessions = sa.Table(
        "sessions",
        meta,
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("round", sa.String(32), nullable=False),
        sa.Column("job_id", sa.String(128), nullable=True),
        sa.Column("settings", sa.JSON(), nullable=False),
        sa.Column("seed", sa.Integer(), nullable=True),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("ended_at", sa.DateTime(), nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.CheckConstraint("status IN ('in_progress', 'finished', 'abandoned')", name="ck_status"),
        sa.Index("ix_sessions_started_at", "started_at"),
        sa.Index("ix_sessions_status", "status"),
        sa.Index("ix_sessions_job_id", "job_id"),
        **kw,
    )
    questions = sa.Table(
        "asked_questions",
        meta,
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "session_id", sa.Integer(), sa.ForeignKey("sessions.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("bank_id", sa.String(128), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("topics", sa.JSON(), nullable=False),
        sa.Column("key_points", sa.JSON(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column(
            "parent_id", sa.Integer(), sa.ForeignKey("asked_questions.id", ondelete="CASCADE"),
            nullable=True,
        ),
        sa.Column("audio_path", sa.Text(), nullable=True),
        sa.Column("asked_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint("kind IN ('main', 'follow_up')", name="ck_kind"),
        sa.Index("ix_asked_questions_session_position", "session_id", "position"),
        sa.Index("ix_asked_questions_bank_id", "bank_id"),
        sa.Index("ix_asked_questions_parent_id", "parent_id"),
        **kw,
    )  # fmt: skip
    answers = sa.Table(
        "answers",
        meta,
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "question_id", sa.Integer(), sa.ForeignKey("asked_questions.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("audio_path", sa.Text(), nullable=True),
        sa.Column("duration", sa.Float(), nullable=False),
        sa.Column("transcript", sa.Text(), nullable=False),
        sa.Column("language", sa.String(16), nullable=True),
        sa.Column("segments", sa.JSON(), nullable=False),
        sa.Column("model", sa.String(128), nullable=True),
        sa.Column("device", sa.String(32), nullable=True),
        sa.Column("processing_seconds", sa.Float(), nullable=True),
        sa.Column("started_at", sa.DateTime(), nullable=True),
        sa.Column("ended_at", sa.DateTime(), nullable=True),
        sa.Column("analysis", sa.JSON(), nullable=True),
        sa.Column("rating", sa.Integer(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("weak", sa.Boolean(), nullable=False),
        sa.CheckConstraint("rating IS NULL OR rating BETWEEN 1 AND 5", name="ck_rating"),
        sa.Index("ix_answers_question_id", "question_id"),
        **kw,
    )  # fmt: skip
    return [sessions, questions, answers]


def _rebuild(autoincrement: bool) -> None:
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS search_fts_{name}")
    for table in _tables(autoincrement):
        with op.batch_alter_table(
            table.name,
            copy_from=table,
            recreate="always",
            table_kwargs={"sqlite_autoincrement": autoincrement},
        ):
            pass
    _create_triggers()


def upgrade() -> None:
    _rebuild(autoincrement=True)


def downgrade() -> None:
    _rebuild(autoincrement=False)
