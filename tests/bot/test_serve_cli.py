"""`mlrole serve` and `mlrole socket`: start-up errors, and the real subcommand answering over HTTP."""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator

import aiohttp
import pytest

from bot.cli import main
from bot.server import EVENTS_PATH
from knowledge.base.model import KnowledgeBase
from tests.bot.serve_process import SLACK_VARIABLES, Process, start_serve
from tests.fakes.env import APP_TOKEN, BOT_TOKEN, SIGNING_SECRET
from tests.fakes.slack_api import WAIT_TIMEOUT, FakeSlack
from tests.fakes.slack_client import SlackClient


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in SLACK_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


@pytest.mark.parametrize(
    ("command", "present", "missing"),
    [
        ("serve", {"SLACK_BOT_TOKEN": BOT_TOKEN}, "SLACK_SIGNING_SECRET"),
        ("serve", {"SLACK_SIGNING_SECRET": SIGNING_SECRET, "SLACK_BOT_TOKEN": ""}, "SLACK_BOT_TOKEN"),
        ("socket", {"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET}, "SLACK_APP_TOKEN"),
        ("socket", {"SLACK_APP_TOKEN": APP_TOKEN}, "SLACK_BOT_TOKEN"),
    ],
)
def test_a_missing_variable_stops_start_up_with_status_2_naming_it(
    clean_env: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    command: str,
    present: dict[str, str],
    missing: str,
) -> None:
    for name, value in present.items():
        clean_env.setenv(name, value)

    assert main([command]) == 2

    out, err = capsys.readouterr()
    assert err.startswith("mlrole: ")
    assert missing in err
    for secret in (BOT_TOKEN, SIGNING_SECRET, APP_TOKEN):
        assert secret not in out + err


def test_a_knowledge_base_that_cannot_load_stops_start_up_with_status_2(
    clean_env: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: os.PathLike[str]
) -> None:
    clean_env.setenv("SLACK_BOT_TOKEN", BOT_TOKEN)
    clean_env.setenv("SLACK_SIGNING_SECRET", SIGNING_SECRET)
    clean_env.setenv("MLROLE_KNOWLEDGE", os.path.join(tmp_path, "missing"))

    assert main(["serve"]) == 2

    _, err = capsys.readouterr()
    assert "MLROLE_KNOWLEDGE" in err
    assert BOT_TOKEN not in err and SIGNING_SECRET not in err


@pytest.fixture
async def serve_process(fake_slack: FakeSlack) -> AsyncIterator[Process]:
    async with start_serve(fake_slack) as process:
        yield process


async def test_mlrole_serve_answers_a_slash_command_with_a_fake_slack(
    serve_process: Process, fake_slack: FakeSlack, bundled_kb: KnowledgeBase
) -> None:
    url = await asyncio.wait_for(serve_process.url, WAIT_TIMEOUT)

    async with aiohttp.ClientSession() as session:
        slack = SlackClient(url=url + EVENTS_PATH, secret=SIGNING_SECRET, session=session, slack=fake_slack)
        reply = await slack.command("labeler")
        async with session.get(url + "/healthz") as health:
            assert (await health.json())["version"] == bundled_kb.version

    assert reply.status == 200
    labeler = bundled_kb.role("data-labeler")
    assert labeler is not None
    assert reply.json()["blocks"][0]["text"]["text"] == labeler.name
    assert [call.method for call in fake_slack.calls] == ["auth.test"] * 2, "start-up's check, then Bolt's"

    assert await serve_process.stop() == 0, "SIGTERM is a clean shutdown"
    log = "".join(serve_process.lines)
    for secret in (BOT_TOKEN, SIGNING_SECRET):
        assert secret not in log
