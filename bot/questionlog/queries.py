"""Every statement the question log runs, on SQLite and PostgreSQL alike.

Inserts of a question that is already there do nothing (a Slack event delivered twice is one row: its id is
derived from the event's); a vote by the same person on the same question replaces the earlier one.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterator, Sequence
from datetime import datetime
from functools import lru_cache
from typing import Any, Final

from sqlalchemy import delete, inspect, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.questionlog.tables import feedback, log_settings, questions
from handlers.gaps import LoggedQuestion, LoggedVote

SECRET_NAME: Final = "log_secret"  # noqa: S105 -- the name of the row, not a secret
SECRET_BYTES: Final = 32
SQLITE_DATETIME: Final = "%Y-%m-%d %H:%M:%S.%f"
"""How SQLAlchemy's `DateTime` stores a time in SQLite."""


def _insert(connection: AsyncConnection, table: Any) -> Any:
    """The dialect's INSERT, which knows ON CONFLICT."""
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    return dialect.insert(table)


SQLITE_MAX_VARIABLES: Final = 999
"""Parameters one SQLite statement may take in every SQLite version (newer ones allow 32,766)."""
_COLUMNS: Final = tuple(column.name for column in questions.columns)
_ROWS_PER_STATEMENT: Final = SQLITE_MAX_VARIABLES // len(_COLUMNS)


async def add_questions(connection: AsyncConnection, rows: Sequence[dict[str, Any]]) -> None:
    """Insert the questions; one already there (the same Slack delivery) is left as it is."""
    if not rows:
        return
    if connection.dialect.name != "sqlite":
        await connection.execute(_insert(connection, questions).on_conflict_do_nothing(), list(rows))
        return
    # SQLite: many rows per statement. An executemany steps SQLite once per row, and Python's sqlite3
    # releases and takes back the GIL around every step, which interrupts the event loop's thread each time
    # (measured: about a quarter more CPU per answered request than the statement below).
    for start in range(0, len(rows), _ROWS_PER_STATEMENT):
        chunk = rows[start : start + _ROWS_PER_STATEMENT]
        await connection.exec_driver_sql(_sqlite_insert(len(chunk)), tuple(_sqlite_values(chunk)))


@lru_cache(maxsize=8)
def _sqlite_insert(count: int) -> str:
    one = "(" + ", ".join("?" * len(_COLUMNS)) + ")"
    values = ", ".join([one] * count)
    columns = ", ".join(_COLUMNS)  # our own names and placeholders: no value is ever in the text
    return f"INSERT INTO {questions.name} ({columns}) VALUES {values} ON CONFLICT DO NOTHING"  # noqa: S608


def _sqlite_values(rows: Sequence[dict[str, Any]]) -> Iterator[Any]:
    """The rows' values, column by column, stored as SQLAlchemy's SQLite types store them (so they read back
    through the same `DateTime` and `JSON` types)."""
    for row in rows:
        for column in _COLUMNS:
            value = row[column]
            if column == "asked_at":
                yield value.strftime(SQLITE_DATETIME)
            elif column == "alternatives":
                yield json.dumps(value)
            else:
                yield value


async def add_votes(connection: AsyncConnection, rows: Sequence[dict[str, Any]]) -> None:
    """Upsert each vote (one statement per vote: a batch may hold the same person's two clicks)."""
    for row in rows:
        statement = _insert(connection, feedback).values(row)
        await connection.execute(
            statement.on_conflict_do_update(
                index_elements=[feedback.c.question_id, feedback.c.voter],
                set_={"helpful": statement.excluded.helpful, "voted_at": statement.excluded.voted_at},
            )
        )


async def forget_before(connection: AsyncConnection, cutoff: datetime) -> int:
    """Delete questions and votes older than `cutoff` (naive UTC); how many questions went."""
    result = await connection.execute(delete(questions).where(questions.c.asked_at < cutoff))
    await connection.execute(delete(feedback).where(feedback.c.voted_at < cutoff))
    return int(result.rowcount or 0)


async def stored_secret(connection: AsyncConnection) -> str:
    """The log's generated secret, made and kept on first use (the first instance to write it wins)."""
    generated = secrets.token_hex(SECRET_BYTES)
    await connection.execute(
        _insert(connection, log_settings).values(name=SECRET_NAME, value=generated).on_conflict_do_nothing()
    )
    found = await connection.scalar(select(log_settings.c.value).where(log_settings.c.name == SECRET_NAME))
    return str(found)


async def questions_since(connection: AsyncConnection, since: datetime) -> list[LoggedQuestion]:
    q = questions.c
    result = await connection.execute(
        select(q.id, q.text, q.asker, q.kind, q.entry_id, q.alternatives, q.resolves)
        .where(q.asked_at >= since)
        .order_by(q.asked_at, q.id)
    )
    return [
        LoggedQuestion(
            id=row.id,
            text=row.text,
            asker=row.asker,
            kind=row.kind,
            entry_id=row.entry_id,
            suggested=bool(row.alternatives),
            resolves=row.resolves,
        )
        for row in result
    ]


async def votes_since(connection: AsyncConnection, since: datetime) -> list[LoggedVote]:
    """The votes on questions asked since `since`."""
    result = await connection.execute(
        select(feedback.c.question_id, feedback.c.helpful)
        .join(questions, questions.c.id == feedback.c.question_id)
        .where(questions.c.asked_at >= since)
    )
    return [LoggedVote(question_id=row.question_id, helpful=bool(row.helpful)) for row in result]


async def has_schema(connection: AsyncConnection) -> bool:
    """Whether the log's tables exist (a database mlrole never wrote to has none)."""

    def check(sync: Any) -> bool:
        return bool(inspect(sync).has_table(questions.name))

    return bool(await connection.run_sync(check))
