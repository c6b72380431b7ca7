"""First schema: sessions, asked questions, answers, tags, review cards.

Revision ID: 0001
Revises:
Create Date: 2026-05-09
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "sessions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("round", sa.String(32), nullable=False),
        sa.Column("job_id", sa.String(128), nullable=True),
        sa.Column("settings", sa.JSON(), nullable=False),
        sa.Column("seed", sa.Integer(), nullable=True),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("ended_at", sa.DateTime(), nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.CheckConstraint("status IN ('in_progress', 'finished', 'abandoned')", name="ck_status"),
    )
    op.create_index("ix_sessions_started_at", "sessions", ["started_at"])
    op.create_index("ix_sessions_status", "sessions", ["status"])
    op.create_index("ix_sessions_job_id", "sessions", ["job_id"])

    op.create_table(
        "asked_questions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "session_id",
            sa.Integer(),
            sa.ForeignKey("sessions.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("bank_id", sa.String(128), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("topics", sa.JSON(), nullable=False),
        sa.Column("key_points", sa.JSON(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column(
            "parent_id",
            sa.Integer(),
            sa.ForeignKey("asked_questions.id", ondelete="CASCADE"),
            nullable=True,
        ),
        sa.Column("audio_path", sa.Text(), nullable=True),
        sa.Column("asked_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint("kind IN ('main', 'follow_up')", name="ck_kind"),
    )
    op.create_index(
        "ix_asked_questions_session_position", "asked_questions", ["session_id", "position"]
    )
    op.create_index("ix_asked_questions_bank_id", "asked_questions", ["bank_id"])
    op.create_index("ix_asked_questions_parent_id", "asked_questions", ["parent_id"])

    op.create_table(
        "answers",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "question_id",
            sa.Integer(),
            sa.ForeignKey("asked_questions.id", ondelete="CASCADE"),
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
    )
    op.create_index("ix_answers_question_id", "answers", ["question_id"])

    op.create_table(
        "answer_tags",
        sa.Column(
            "answer_id",
            sa.Integer(),
            sa.ForeignKey("answers.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("kind", sa.String(8), primary_key=True),
        sa.Column("tag", sa.String(128), primary_key=True),
        sa.CheckConstraint("kind IN ('topic', 'free')", name="ck_tag_kind"),
    )
    op.create_index("ix_answer_tags_tag", "answer_tags", ["tag"])

    op.create_table(
        "review_cards",
        sa.Column("bank_id", sa.String(128), primary_key=True),
        sa.Column("card", sa.Text(), nullable=False),
        sa.Column("due", sa.DateTime(), nullable=False),
        sa.Column("last_rating", sa.Integer(), nullable=True),
        sa.Column("last_review", sa.DateTime(), nullable=True),
        sa.Column("reviews", sa.Integer(), nullable=False),
    )
    op.create_index("ix_review_cards_due", "review_cards", ["due"])


def downgrade() -> None:
    op.drop_table("review_cards")
    op.drop_table("answer_tags")
    op.drop_table("answers")
    op.drop_table("asked_questions")
    op.drop_table("sessions")
