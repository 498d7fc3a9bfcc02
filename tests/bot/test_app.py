"""`create_app` takes everything from its settings, never from the environment."""

from __future__ import annotations

from collections.abc import AsyncIterator

import aiohttp
import pytest

from bot.app import create_app
from bot.server import EVENTS_PATH, build_web_app, start_server
from bot.settings import Settings
from knowledge.store import KnowledgeStore
from tests.fakes.env import SIGNING_SECRET
from tests.fakes.slack_api import FakeSlack
from tests.fakes.slack_client import SlackClient

ENV_SECRET = "a-signing-secret-from-the-environment"


@pytest.fixture
async def slack_with_env(
    monkeypatch: pytest.MonkeyPatch,
    settings: Settings,
    store: KnowledgeStore,
    fake_slack: FakeSlack,
) -> AsyncIterator[SlackClient]:
    monkeypatch.setenv("SLACK_SIGNING_SECRET", ENV_SECRET)
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-from-the-environment")
    app = create_app(settings, store)
    running = await start_server(build_web_app(app, store), host="127.0.0.1", port=0)
    try:
        async with aiohttp.ClientSession() as session:
            yield SlackClient(
                url=running.url + EVENTS_PATH, secret=SIGNING_SECRET, session=session, slack=fake_slack
            )
    finally:
        await running.close()


async def test_the_signing_secret_and_token_come_from_settings_not_the_environment(
    slack_with_env: SlackClient, fake_slack: FakeSlack, caplog: pytest.LogCaptureFixture
) -> None:
    forged = await slack_with_env.post(
        "command=%2Fmlrole&text=help", content_type="application/x-www-form-urlencoded", secret=ENV_SECRET
    )
    assert forged.status == 401

    assert (await slack_with_env.command("help")).status == 200
    [auth] = fake_slack.calls_to("auth.test")
    assert "from-the-environment" not in auth.headers["Authorization"]
    setup = caplog.get_records("setup")  # the app was created while the fixture was set up
    assert not [r for r in setup if "token" in r.getMessage() and r.levelname == "WARNING"]
