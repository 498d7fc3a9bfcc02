"""Databases for the question-log tests: a SQLite file in a temporary directory, and, when
`MLROLE_TEST_POSTGRES_URL` names a server, a PostgreSQL database of the test's own, created and dropped."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Final

import pytest
from sqlalchemy import text

from bot.questionlog.database import async_url, create_engine

POSTGRES_VARIABLE: Final = "MLROLE_TEST_POSTGRES_URL"
BACKENDS: Final = ("sqlite", "postgresql")


@asynccontextmanager
async def postgres_database() -> AsyncIterator[str]:
    """A fresh, uniquely named database on the server `MLROLE_TEST_POSTGRES_URL` names; dropped after."""
    server = os.environ.get(POSTGRES_VARIABLE, "").strip()
    if not server:
        pytest.skip(f"{POSTGRES_VARIABLE} is not set: no PostgreSQL server to test against")
    name = f"mlrole_test_{uuid.uuid4().hex[:16]}"
    admin = create_engine(async_url(server).set(drivername="postgresql+asyncpg"))
    admin = admin.execution_options(isolation_level="AUTOCOMMIT")
    async with admin.connect() as connection:
        await connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield async_url(server).set(database=name).render_as_string(hide_password=False)
    finally:
        async with admin.connect() as connection:
            await connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        await admin.dispose()


@asynccontextmanager
async def database_url(backend: str, tmp_path: Path) -> AsyncIterator[str]:
    if backend == "postgresql":
        async with postgres_database() as url:
            yield url
    else:
        yield f"sqlite:///{tmp_path / 'mlrole.db'}"
