"""What `mlrole serve` and `mlrole socket` do at start: open the question log the settings ask for.

Only those commands import this (and so SQLAlchemy and Alembic): `bot.startup`, which the benchmark's bare
Bolt server shares, stays free of them."""

from __future__ import annotations

import logging
import sys
from typing import TextIO

from bot.logging_setup import APP_LOGGER
from bot.questionlog.database import DatabaseUrlError, async_url, create_engine, shown
from bot.questionlog.recorder import SqlQuestionLog
from bot.settings import DATABASE_URL, Settings
from handlers.question_log import NoQuestionLog, QuestionLog


async def open_question_log(settings: Settings, *, logger: logging.Logger) -> QuestionLog:
    """The log at `MLROLE_DATABASE_URL`, migrated, retention applied and scheduled daily; `NoQuestionLog`
    when `MLROLE_QUESTION_LOG=off`. A database that cannot be used now is logged and tried again later:
    the bot answers either way."""
    if not settings.question_log:
        logger.info("question log off (MLROLE_QUESTION_LOG=off): nothing is recorded")
        return NoQuestionLog()
    url = async_url(settings.database_url)  # checked by Settings already
    log = SqlQuestionLog(
        create_engine(url),
        secret=settings.log_secret or None,
        retention_days=settings.retention_days,
        logger=logger,
    )
    if await log.prepare():
        logger.info("question log at %s, kept %d days", shown(url), settings.retention_days)
    log.purge_daily()
    return log


async def open_log(settings: Settings, *, err: TextIO | None = None) -> QuestionLog | None:
    """`open_question_log` for `mlrole serve` and `mlrole socket`: None (printed) when `MLROLE_DATABASE_URL`
    is no URL they can use."""
    try:
        return await open_question_log(settings, logger=logging.getLogger(APP_LOGGER))
    except DatabaseUrlError as exc:
        print(f"mlrole: {DATABASE_URL}: {exc}", file=err or sys.stderr)
        return None


async def close_question_log(log: QuestionLog) -> None:
    """Write what is buffered, then close the database (nothing to do when the log is off)."""
    if isinstance(log, SqlQuestionLog):
        await log.close()
