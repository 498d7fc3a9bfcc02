"""Socket Mode: the app connects out to Slack over a websocket (`SLACK_APP_TOKEN`); no inbound port.

Bolt's aiohttp-based handler receives each envelope, dispatches it to the same app as HTTP mode, and acks
it, with the slash command's answer as the ack's payload.

The first connection is made here rather than by slack_sdk's client, whose loop retries every 10 s forever
with a traceback each time and cannot be interrupted: each attempt asks `apps.connections.open` once, then
opens the websocket within `CONNECT_TIMEOUT_S`. An app token Slack rejects raises `TokenRejected` naming
`SLACK_APP_TOKEN`; any other failure is logged on one line and retried after `Backoff`; and `stop` (SIGTERM,
Ctrl-C) ends the attempt at once, whatever it is waiting for. Once connected, slack_sdk reconnects by itself.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable
from typing import Final, TypeVar

from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp

from bot.settings import APP_TOKEN, Settings
from bot.slack_auth import Backoff, ask, one_shot_client

CONNECT_TIMEOUT_S: Final = 10.0

logger: Final = logging.getLogger("mlrole")

T = TypeVar("T")


async def unless_stopped(work: Awaitable[T], stop: asyncio.Event) -> tuple[bool, T | None]:
    """Run `work` until it finishes or `stop` is set (then cancel it): (finished, its result)."""
    task = asyncio.ensure_future(work)
    stopped = asyncio.ensure_future(stop.wait())
    try:
        await asyncio.wait({task, stopped}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        stopped.cancel()
    if task.done():
        return True, task.result()
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)
    return False, None


async def connect(
    app: AsyncApp, settings: Settings, *, stop: asyncio.Event, backoff: Backoff | None = None
) -> AsyncSocketModeHandler | None:
    """The connected handler, or None when `stop` was set first. Raises `TokenRejected`."""
    backoff = backoff or Backoff()
    handler = AsyncSocketModeHandler(app, app_token=settings.app_token, web_client=app.client)
    opener = one_shot_client(settings)
    attempt = 0
    urls: list[str] = []

    async def open_connection() -> None:
        response = await opener.apps_connections_open(app_token=settings.app_token)
        urls.append(str(response["url"]))

    while not stop.is_set():
        finished, reason = await unless_stopped(ask(open_connection, variable=APP_TOKEN), stop)
        if not finished:
            break
        if reason is None:
            handler.client.wss_uri = urls[-1]
            finished, reason = await unless_stopped(_open_websocket(handler), stop)
            if not finished:
                break
            if reason is None:
                return handler
        delay = backoff.delay(attempt)
        attempt += 1
        logger.warning("could not connect to Slack in Socket Mode (%s); retrying in %.0f s", reason, delay)
        finished, _ = await unless_stopped(asyncio.sleep(delay), stop)
        if not finished:
            break
    await handler.close_async()  # type: ignore[no-untyped-call]
    return None


async def _open_websocket(handler: AsyncSocketModeHandler) -> str | None:
    try:
        async with asyncio.timeout(CONNECT_TIMEOUT_S):
            await handler.connect_async()  # type: ignore[no-untyped-call]
    except TimeoutError:
        return f"the websocket did not open within {CONNECT_TIMEOUT_S:g} s"
    return None
