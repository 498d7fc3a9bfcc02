"""`create_app` takes everything from its settings, never from the environment."""

from __future__ import annotations

import pytest
from slack_bolt.async_app import AsyncApp

from bot.app import create_app
from bot.settings import Settings
from knowledge.base.store import KnowledgeStore
from tests.fakes.env import deployment_env
from tests.fakes.slack_api import FakeSlack
from tests.fakes.slack_client import SlackClient

ENV_SECRET = "a-signing-secret-from-the-environment"


@pytest.fixture
def app(monkeypatch: pytest.MonkeyPatch, settings: Settings, store: KnowledgeStore) -> AsyncApp:
    """The app created while the environment holds other credentials than its settings."""
    monkeypatch.setenv("SLACK_SIGNING_SECRET", ENV_SECRET)
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-from-the-environment")
    return create_app(settings, store)


async def test_the_signing_secret_and_token_come_from_settings_not_the_environment(
    slack: SlackClient, fake_slack: FakeSlack, caplog: pytest.LogCaptureFixture
) -> None:
    forged = await slack.post(
        "command=%2Fmlrole&text=help", content_type="application/x-www-form-urlencoded", secret=ENV_SECRET
    )
    assert forged.status == 401

    assert (await slack.command("help")).status == 200
    [auth] = fake_slack.calls_to("auth.test")
    assert "from-the-environment" not in auth.headers["Authorization"]
    setup = caplog.get_records("setup")  # the app was created while the fixture was set up
    assert not [r for r in setup if "token" in r.getMessage() and r.levelname == "WARNING"]


@pytest.mark.parametrize("mode", ["http", "socket"])
def test_the_app_acks_inline_in_both_modes(fake_slack: FakeSlack, store: KnowledgeStore, mode: str) -> None:
    """Inline acks (no 10 ms poll for the ack); the Web API work is in lazy listeners (`handlers.lazy`)."""
    app = create_app(Settings.from_env(deployment_env(fake_slack), mode=mode), store)  # type: ignore[arg-type]

    assert app.process_before_response
