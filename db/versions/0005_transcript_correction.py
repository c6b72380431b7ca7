"""Transcript corrections: the user's fix of an answer's transcript, with Whisper's text kept.

``answers.transcript`` stays the text everything reads (analysis, search, export, the pages), so
a correction written there reaches all of them; ``answers.original_transcript`` keeps what the
model wrote, NULL while the answer was never corrected. The search index follows ``transcript``
through the existing update trigger.

Revision ID: 0005
Revises: 0002 (the lead re-chains it after 0003/0004)
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A plain ADD COLUMN (no batch copy): the FTS triggers on answers stay as they are.
    op.add_column("answers", sa.Column("original_transcript", sa.Text(), nullable=True))


def downgrade() -> None:
    # Dropping the column would lose what the model wrote; put it back into transcript first.
    op.execute(
        "UPDATE answers SET transcript = original_transcript "
        "WHERE original_transcript IS NOT NULL"
    )
    # ALTER TABLE ... DROP COLUMN (SQLite >= 3.35) keeps the table and its search triggers; a
    # batch copy would drop them.
    op.execute("ALTER TABLE answers DROP COLUMN original_transcript")
