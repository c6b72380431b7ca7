"""Attempts: every answer to an asked question is one attempt, with how and where it was given.

``answers`` already allows several rows per asked question; this table numbers them (1, 2, ...)
and keeps what the answer table has no room for: the interview mode (real | study), where the
attempt came from (interview | again | replay | history | topics | cli) and the turn-taking
prompts spoken while it was recorded (hints, "还有 30 秒", "请总结一下", with their times).
Existing answers are numbered in place (by id within their question) as real-mode interview
attempts with no prompts, so a database from before this revision upgrades without loss.

Revision ID: 0004
Revises: 0002
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "answer_attempts",
        sa.Column(
            "answer_id",
            sa.Integer(),
            sa.ForeignKey("answers.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column(
            "question_id",
            sa.Integer(),
            sa.ForeignKey("asked_questions.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("mode", sa.String(16), nullable=False),
        sa.Column("origin", sa.String(16), nullable=False),
        sa.Column("prompts", sa.JSON(), nullable=False),
        sa.CheckConstraint("mode IN ('real', 'study')", name="ck_attempt_mode"),
    )
    op.create_index("ix_answer_attempts_question_id", "answer_attempts", ["question_id"])
    # Number the answers that exist: by id within each asked question.
    op.execute(
        "INSERT INTO answer_attempts (answer_id, question_id, number, mode, origin, prompts) "
        "SELECT a.id, a.question_id, "
        "(SELECT count(*) FROM answers b WHERE b.question_id = a.question_id AND b.id <= a.id), "
        "'real', 'interview', '[]' FROM answers a"
    )


def downgrade() -> None:
    op.drop_index("ix_answer_attempts_question_id", table_name="answer_attempts")
    op.drop_table("answer_attempts")
