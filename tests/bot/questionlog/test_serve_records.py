"""The real `mlrole serve` opens the log at start (migrating a new SQLite file) and writes before it exits."""

from __future__ import annotations

import asyncio
from pathlib import Path

import aiohttp

from bot.server import EVENTS_PATH
from tests.bot.questionlog.conftest import hashed, rows
from tests.bot.serve_process import start_serve
from tests.fakes.env import SIGNING_SECRET
from tests.fakes.slack_api import WAIT_TIMEOUT, FakeSlack
from tests.fakes.slack_client import USER_ID, SlackClient

SECRET = "serve-test-log-secret"


async def test_mlrole_serve_records_a_question_in_a_new_database(
    fake_slack: FakeSlack, tmp_path: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'mlrole.db'}"
    async with start_serve(
        fake_slack, MLROLE_QUESTION_LOG="on", MLROLE_DATABASE_URL=url, MLROLE_LOG_SECRET=SECRET
    ) as process:
        served = await asyncio.wait_for(process.url, WAIT_TIMEOUT)
        async with aiohttp.ClientSession() as session:
            slack = SlackClient(
                url=served + EVENTS_PATH, secret=SIGNING_SECRET, session=session, slack=fake_slack
            )
            reply = await slack.command("who owns deployment?")
        assert reply.status == 200
        assert await process.stop() == 0

    [row] = await rows(url)
    assert (row["text"], row["entry_id"], row["asker"]) == (
        "who owns deployment?",
        "deployment",
        hashed(USER_ID, SECRET),
    )
    assert SECRET not in "".join(process.lines), "the secret is never logged"


async def test_mlrole_serve_with_the_log_off_creates_no_database(
    fake_slack: FakeSlack, tmp_path: Path
) -> None:
    path = tmp_path / "mlrole.db"
    async with start_serve(
        fake_slack, MLROLE_QUESTION_LOG="off", MLROLE_DATABASE_URL=f"sqlite:///{path}"
    ) as process:
        served = await asyncio.wait_for(process.url, WAIT_TIMEOUT)
        async with aiohttp.ClientSession() as session:
            slack = SlackClient(
                url=served + EVENTS_PATH, secret=SIGNING_SECRET, session=session, slack=fake_slack
            )
            reply = await slack.command("who owns deployment?")
        assert await process.stop() == 0

    assert "mlrole_feedback" not in reply.body, "no feedback buttons when nothing is recorded"
    assert not path.exists()
