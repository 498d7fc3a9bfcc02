"""Feedback: one vote per person and question, and which did-you-mean question a choice resolves.

Revision ID: r0002
Revises: r0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "r0002"
down_revision: str | None = "r0001"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.add_column("questions", sa.Column("resolves", sa.String(32)))
    op.create_index("ix_questions_resolves", "questions", ["resolves"])
    op.create_table(
        "feedback",
        sa.Column("question_id", sa.String(32), primary_key=True),
        sa.Column("voter", sa.String(64), primary_key=True),
        sa.Column("helpful", sa.Boolean(), nullable=False),
        sa.Column("voted_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_feedback_voted_at", "feedback", ["voted_at"])


def downgrade() -> None:
    op.drop_index("ix_feedback_voted_at", "feedback")
    op.drop_table("feedback")
    op.drop_index("ix_questions_resolves", "questions")
    with op.batch_alter_table("questions") as batch:
        batch.drop_column("resolves")
