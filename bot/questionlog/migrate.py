"""Alembic, run at start over the app's own async engine: the database is brought to the newest schema."""

from __future__ import annotations

from pathlib import Path
from typing import Final

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

MIGRATIONS: Final = Path(__file__).resolve().parent / "migrations"
HEAD: Final = "head"


def _config(connection: Connection) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


async def upgrade(engine: AsyncEngine, revision: str = HEAD) -> None:
    """Migrate the database to `revision` (the newest by default), in one transaction where it can."""

    def run(connection: Connection) -> None:
        command.upgrade(_config(connection), revision)

    async with engine.begin() as connection:
        await connection.run_sync(run)
