"""Socket Mode: the app connects out to Slack over a websocket (`SLACK_APP_TOKEN`); no inbound port.

Bolt's aiohttp-based handler receives each envelope, dispatches it to the same app as HTTP mode, and acks
it, with the slash command's answer as the ack's payload.
"""

from __future__ import annotations

from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp

from bot.settings import Settings


async def connect(app: AsyncApp, settings: Settings) -> AsyncSocketModeHandler:
    """Open the Socket Mode connection (`apps.connections.open`, then the websocket); close it when done."""
    handler = AsyncSocketModeHandler(app, app_token=settings.app_token, web_client=app.client)
    await handler.connect_async()  # type: ignore[no-untyped-call]
    return handler
