"""The question log's schema. Alembic's migrations (`migrations/versions`) create it; these tables are what
the queries are written against, and what the migration test compares the migrated database with."""

from __future__ import annotations

from typing import Final

from sqlalchemy import JSON, Boolean, Column, DateTime, Float, Index, MetaData, String, Table, Text

ID_LENGTH: Final = 32
"""A question id: 32 hex digits (`handlers.question_log.new_question_id`)."""
HASH_LENGTH: Final = 64
"""An asker's or voter's HMAC-SHA256, in hex."""

metadata: Final = MetaData()

questions: Final = Table(
    "questions",
    metadata,
    Column("id", String(ID_LENGTH), primary_key=True),
    Column("asked_at", DateTime(), nullable=False),
    Column("surface", String(16), nullable=False),
    Column("text", String(1000), nullable=False),
    Column("asker", String(HASH_LENGTH), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("entry_id", String(200)),
    Column("score", Float()),
    Column("alternatives", JSON(), nullable=False),
    Column("kb_version", String(200), nullable=False),
    Column("resolves", String(ID_LENGTH)),
    Index("ix_questions_asked_at", "asked_at"),
    Index("ix_questions_resolves", "resolves"),
)
"""One row per question; times are naive UTC."""

feedback: Final = Table(
    "feedback",
    metadata,
    Column("question_id", String(ID_LENGTH), primary_key=True),
    Column("voter", String(HASH_LENGTH), primary_key=True),
    Column("helpful", Boolean(), nullable=False),
    Column("voted_at", DateTime(), nullable=False),
    Index("ix_feedback_voted_at", "voted_at"),
)
"""One vote per person (their hash) and question: a second click updates it."""

log_settings: Final = Table(
    "log_settings",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("value", Text(), nullable=False),
)
"""Values the log keeps for itself: the generated HMAC secret when `MLROLE_LOG_SECRET` is unset."""
