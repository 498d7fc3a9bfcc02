"""Reading the gaps report out of the log, for `/mlrole gaps` (through the recorder) and `mlrole gaps`."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.questionlog import queries
from bot.questionlog.clock import now_utc
from handlers.gaps import GapsReport, build_report


async def read_report(engine: AsyncEngine, *, days: int) -> GapsReport | None:
    """The report over the last `days` days; None when the database holds no question log yet."""
    since = now_utc() - timedelta(days=days)
    async with engine.connect() as connection:
        if not await queries.has_schema(connection):
            return None
        asked = await queries.questions_since(connection, since)
        votes = await queries.votes_since(connection, since)
    return build_report(asked, votes, days=days)
