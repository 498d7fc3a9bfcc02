"""The real bot with a real question log, over HTTP, against each database backend the machine offers."""

from __future__ import annotations

import hashlib
import hmac
import logging
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from slack_bolt.async_app import AsyncApp
from sqlalchemy import select

from bot.app import create_app
from bot.questionlog.database import async_url, create_engine
from bot.questionlog.recorder import SqlQuestionLog
from bot.questionlog.tables import feedback, questions
from bot.settings import Settings
from knowledge.base.store import KnowledgeStore
from tests.bot.questionlog.databases import BACKENDS, database_url
from tests.fakes.question_log import WatchedLog

SECRET = "test-log-secret-0123456789"


@pytest.fixture(params=BACKENDS)
async def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    async with database_url(str(request.param), tmp_path) as url:
        yield url


async def open_log(url: str, *, secret: str | None = SECRET, retention_days: int = 90) -> SqlQuestionLog:
    log = SqlQuestionLog(
        create_engine(async_url(url)),
        secret=secret,
        retention_days=retention_days,
        logger=logging.getLogger("mlrole"),
        batch_window_s=0.0,  # write at once: `mlrole serve`'s own test runs with the default window
    )
    await log.prepare()
    return log


@pytest.fixture
async def question_log(db_url: str) -> AsyncIterator[SqlQuestionLog]:
    log = await open_log(db_url)
    try:
        yield log
    finally:
        await log.close()


@pytest.fixture
def watched(question_log: SqlQuestionLog) -> WatchedLog:
    return WatchedLog(question_log)


@pytest.fixture
def app(settings: Settings, store: KnowledgeStore, watched: WatchedLog) -> AsyncApp:
    return create_app(settings, store, questions=watched)


def hashed(user_id: str, secret: str = SECRET) -> str:
    return hmac.new(secret.encode(), user_id.encode(), hashlib.sha256).hexdigest()


async def rows(url: str, table: Any = questions) -> list[dict[str, Any]]:
    """Every row of `table`, read with an engine of its own (as another process would)."""
    engine = create_engine(async_url(url))
    try:
        async with engine.connect() as connection:
            result = await connection.execute(select(table))
            return [dict(row._mapping) for row in result]
    finally:
        await engine.dispose()


__all__ = ["feedback", "hashed", "open_log", "questions", "rows"]
