"""What `mlrole serve` and `mlrole socket` do at start: open the question log the settings ask for."""

from __future__ import annotations

import logging

from bot.questionlog.database import async_url, create_engine, shown
from bot.questionlog.recorder import SqlQuestionLog
from bot.settings import Settings
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


async def close_question_log(log: QuestionLog) -> None:
    """Write what is buffered, then close the database (nothing to do when the log is off)."""
    if isinstance(log, SqlQuestionLog):
        await log.close()
