"""Shared fixtures: a fake Slack on loopback and the real bot serving HTTP on a loopback port."""

from __future__ import annotations

from collections.abc import AsyncIterator

import aiohttp
import pytest
from slack_bolt.async_app import AsyncApp

from bot.app import create_app
from bot.server import EVENTS_PATH, RunningServer, build_web_app, start_server
from bot.settings import Settings
from knowledge.base.loader import load_bundled
from knowledge.base.model import KnowledgeBase
from knowledge.base.store import KnowledgeStore
from tests.fakes.env import SIGNING_SECRET, deployment_env
from tests.fakes.slack_api import FakeSlack
from tests.fakes.slack_client import SlackClient


@pytest.fixture(scope="session")
def bundled_kb() -> KnowledgeBase:
    """The bundled knowledge base: the bot is tested end to end on what it ships with."""
    return load_bundled()


@pytest.fixture
def store(bundled_kb: KnowledgeBase) -> KnowledgeStore:
    return KnowledgeStore(bundled_kb)


@pytest.fixture
async def fake_slack() -> AsyncIterator[FakeSlack]:
    async with FakeSlack.running() as fake:
        yield fake


@pytest.fixture
def settings(fake_slack: FakeSlack) -> Settings:
    return Settings.from_env(deployment_env(fake_slack), mode="http")


@pytest.fixture
def app(settings: Settings, store: KnowledgeStore) -> AsyncApp:
    """The real app from the test settings; a test module overrides this fixture to build it otherwise."""
    return create_app(settings, store)


@pytest.fixture
async def server(app: AsyncApp, store: KnowledgeStore) -> AsyncIterator[RunningServer]:
    """`app` behind the real web app (`build_web_app`), serving on 127.0.0.1 and a free port."""
    web_app = build_web_app(app, store, signing_secret=SIGNING_SECRET)
    running = await start_server(web_app, host="127.0.0.1", port=0)
    try:
        yield running
    finally:
        await running.close()


@pytest.fixture
async def slack(server: RunningServer, fake_slack: FakeSlack) -> AsyncIterator[SlackClient]:
    """Slack itself, as far as the bot can tell: signed requests in, a Web API that records calls."""
    async with aiohttp.ClientSession() as session:
        yield SlackClient(
            url=server.url + EVENTS_PATH, secret=SIGNING_SECRET, session=session, slack=fake_slack
        )
