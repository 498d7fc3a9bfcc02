"""Which database, and the async engine to it.

`MLROLE_DATABASE_URL` takes the URLs people write (`sqlite:///mlrole.db`, `postgresql://user@host/db`,
`postgres://...`); they are mapped to SQLAlchemy's async drivers (aiosqlite, asyncpg). An URL that already
names an async driver is kept.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Final

from sqlalchemy import event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

DEFAULT_DATABASE_URL: Final = "sqlite:///mlrole.db"
"""A file in the working directory, created on first use."""
ASYNC_DRIVERS: Final = {
    "sqlite": "sqlite+aiosqlite",
    "postgresql": "postgresql+asyncpg",
    "postgres": "postgresql+asyncpg",
}


class DatabaseUrlError(ValueError):
    """Not a database URL mlrole can use; the message never includes the URL (it may hold a password)."""


def async_url(raw: str) -> URL:
    try:
        url = make_url(raw)
    except Exception as exc:
        raise DatabaseUrlError(
            "not a database URL (e.g. sqlite:///mlrole.db or postgresql://host/db)"
        ) from exc
    backend = url.drivername.split("+", 1)[0]
    if backend not in ASYNC_DRIVERS:
        raise DatabaseUrlError("only SQLite (sqlite:///...) and PostgreSQL (postgresql://...) are supported")
    if "+" in url.drivername:
        return url
    return url.set(drivername=ASYNC_DRIVERS[backend])


def shown(url: URL) -> str:
    """The URL for a log line or a message: without its password."""
    return url.render_as_string(hide_password=True)


def sqlite_file(url: URL) -> Path | None:
    """The file of a SQLite database, None for other databases and in-memory SQLite."""
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    database = url.database
    if database.startswith("file:"):  # a SQLite URI (`?uri=true`): the path up to its own query
        database = database.removeprefix("file:").split("?", 1)[0]
    return Path(database)


SQLITE_PRAGMAS: Final = ("PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL", "PRAGMA busy_timeout=5000")
"""A SQLite log commits often and small: in write-ahead mode with `synchronous=NORMAL` a commit costs no
fsync (a crash of the machine may lose the last moments of the log, never corrupt it), and readers (the
gaps report, a second process) do not block the writer."""


def create_engine(url: URL) -> AsyncEngine:
    if url.get_backend_name() != "sqlite":
        return create_async_engine(url, pool_pre_ping=True)
    engine = create_async_engine(url)
    event.listen(engine.sync_engine, "connect", _tune_sqlite)
    return engine


def _tune_sqlite(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    try:
        for pragma in SQLITE_PRAGMAS:
            try:
                cursor.execute(pragma)
            except Exception:  # noqa: S112 -- a read-only database keeps its mode; writes then fail, logged
                continue
    finally:
        cursor.close()
