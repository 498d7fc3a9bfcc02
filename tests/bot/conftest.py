"""Fixtures for the bot's own wiring: the real app connected over Socket Mode."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from bot.app import create_app
from bot.settings import Settings
from bot.socket_mode import connect
from knowledge.base.store import KnowledgeStore
from tests.fakes.env import deployment_env
from tests.fakes.slack_api import FakeSlack
from tests.fakes.socket_mode import FakeSocketMode


@pytest.fixture
async def socket(fake_slack: FakeSlack, store: KnowledgeStore) -> AsyncIterator[FakeSocketMode]:
    """The bot connected over Socket Mode to the fake."""
    async with FakeSocketMode.running(fake_slack) as fake_socket:
        settings = Settings.from_env(deployment_env(fake_slack), mode="socket")
        handler = await connect(create_app(settings, store), settings, stop=asyncio.Event())
        assert handler is not None
        try:
            await fake_socket.connected()
            yield fake_socket
        finally:
            await handler.close_async()  # type: ignore[no-untyped-call]
