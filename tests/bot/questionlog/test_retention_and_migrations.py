"""Retention deletes what is older than `MLROLE_RETENTION_DAYS`; migrations run on an empty database and on
one from the previous schema (revision r0001, before feedback), keeping its rows."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import inspect, text

from bot.questionlog import recorder
from bot.questionlog.database import async_url, create_engine
from bot.questionlog.migrate import upgrade
from bot.questionlog.tables import metadata
from handlers.question_log import AskedQuestion, FeedbackVote, new_question_id
from tests.bot.questionlog.conftest import feedback, open_log, rows
from tests.fakes.logs import recording


def asked(text_: str, *, days_ago: float) -> AskedQuestion:
    return AskedQuestion(
        id=new_question_id(),
        surface="slash",
        text=text_,
        asker="U1",
        kind="none",
        entry_id=None,
        score=0.0,
        alternatives=(),
        kb_version="v1",
        asked_at=datetime.now(UTC) - timedelta(days=days_ago),
    )


async def test_retention_deletes_questions_and_votes_older_than_the_setting_at_start(db_url: str) -> None:
    log = await open_log(db_url, retention_days=30)
    old, recent = asked("old", days_ago=31), asked("recent", days_ago=29)
    for question in (old, recent):
        log.record(question)
    log.vote(FeedbackVote(question_id=recent.id, voter="U2", helpful=True))
    await log.flushed()
    await log.close()
    assert {row["text"] for row in await rows(db_url)} == {"old", "recent"}

    restarted = await open_log(db_url, retention_days=30)  # retention is applied at start
    await restarted.close()

    assert [row["text"] for row in await rows(db_url)] == ["recent"]
    assert len(await rows(db_url, feedback)) == 1


async def test_the_secret_is_generated_once_and_kept(db_url: str) -> None:
    first = await open_log(db_url, secret=None)
    first.record(asked("q", days_ago=0))
    await first.flushed()
    await first.close()
    second = await open_log(db_url, secret=None)
    second.record(asked("q", days_ago=0))
    await second.flushed()
    await second.close()

    askers = {row["asker"] for row in await rows(db_url)}
    assert len(askers) == 1, "the same person hashes the same after a restart"
    assert "U1" not in askers


async def _schema(url: str) -> dict[str, set[str]]:
    engine = create_engine(async_url(url))
    try:
        async with engine.connect() as connection:

            def read(sync: object) -> dict[str, set[str]]:
                found = inspect(sync)
                return {t: {c["name"] for c in found.get_columns(t)} for t in found.get_table_names()}

            return await connection.run_sync(read)
    finally:
        await engine.dispose()


async def test_migrations_build_the_schema_on_an_empty_database(db_url: str) -> None:
    engine = create_engine(async_url(db_url))
    await upgrade(engine)
    await engine.dispose()

    schema = await _schema(db_url)
    for table in metadata.tables.values():
        assert schema[table.name] == {column.name for column in table.columns}


async def test_migrations_bring_a_database_from_the_previous_schema_up_keeping_its_rows(db_url: str) -> None:
    engine = create_engine(async_url(db_url))
    await upgrade(engine, "r0001")
    async with engine.begin() as connection:
        await connection.execute(
            text(
                "INSERT INTO questions"
                " (id, asked_at, surface, text, asker, kind, score, alternatives, kb_version)"
                " VALUES ('a', :now, 'slash', 'who does payroll', 'h', 'none', 0.1, '[]', 'v0')"
            ),
            {"now": datetime.now(UTC).replace(tzinfo=None)},
        )
    await engine.dispose()
    assert "feedback" not in await _schema(db_url)

    log = await open_log(db_url)  # what `mlrole serve` does at start
    log.vote(FeedbackVote(question_id="a", voter="U2", helpful=False))
    await log.flushed()
    report = await log.report(days=30)
    await log.close()

    [row] = await rows(db_url)
    assert (row["text"], row["resolves"]) == ("who does payroll", None)
    assert [group.question for group in report.unanswered] == ["who does payroll"]
    assert len(await rows(db_url, feedback)) == 1


async def test_retention_runs_again_every_day(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    log = await open_log(db_url, retention_days=30)
    monkeypatch.setattr(recorder, "DAY_S", 0.01)  # a day, as the timer sees it
    log.record(asked("old", days_ago=31))
    await log.flushed()

    with recording() as logged:
        log.purge_daily()
        await logged.wait_for(lambda r: "past retention" in r.getMessage())
    await log.close()

    assert await rows(db_url) == []
