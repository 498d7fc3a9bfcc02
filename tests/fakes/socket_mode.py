"""A local websocket server that speaks Slack's Socket Mode envelope protocol.

`apps.connections.open` on the fake Web API returns this server's `ws://` URL. On connect it sends `hello`;
`await fake.send(...)` delivers one envelope and returns the client's ack (`{"envelope_id", "payload"?}`).
"""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from dataclasses import dataclass, field
from typing import Any, Literal

from aiohttp import WSMsgType, web

from .loopback import HOST, serving
from .slack_api import APP_ID, WAIT_TIMEOUT, FakeSlack

EnvelopeType = Literal["slash_commands", "events_api", "interactive"]


@dataclass
class FakeSocketMode:
    """Start with `async with FakeSocketMode.running(fake_slack) as socket:`."""

    port: int = 0
    connections: int = 0
    _ws: web.WebSocketResponse | None = None
    _connected: asyncio.Event = field(default_factory=asyncio.Event)
    _acks: dict[str, asyncio.Future[dict[str, Any]]] = field(default_factory=dict)
    _ids: Any = field(default_factory=lambda: itertools.count(1))

    @classmethod
    @asynccontextmanager
    async def running(cls, slack: FakeSlack) -> AsyncIterator[FakeSocketMode]:
        fake = cls()
        app = web.Application()
        app.router.add_get("/link", fake._link)
        async with serving(app) as port:
            fake.port = port
            slack.socket_url = f"ws://{HOST}:{fake.port}/link"
            try:
                yield fake
            finally:
                if fake._ws is not None:
                    await fake._ws.close()

    async def connected(self) -> None:
        await asyncio.wait_for(self._connected.wait(), WAIT_TIMEOUT)

    async def send(
        self, type: EnvelopeType, payload: dict[str, Any], *, accepts_response_payload: bool = False
    ) -> dict[str, Any]:
        """Deliver one envelope and return the ack the client sends back for it."""
        await self.connected()
        assert self._ws is not None
        envelope_id = f"env-{next(self._ids)}"
        ack: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._acks[envelope_id] = ack
        envelope: dict[str, Any] = {
            "envelope_id": envelope_id,
            "type": type,
            "payload": payload,
            "accepts_response_payload": accepts_response_payload,
        }
        if type == "events_api":
            envelope |= {"retry_attempt": 0, "retry_reason": ""}
        await self._ws.send_json(envelope)
        return await asyncio.wait_for(ack, WAIT_TIMEOUT)

    async def _link(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(autoping=True)
        await ws.prepare(request)
        self._ws = ws
        self.connections += 1
        await ws.send_json(
            {
                "type": "hello",
                "num_connections": 1,
                "debug_info": {"host": "fake", "approximate_connection_time": 18060},
                "connection_info": {"app_id": APP_ID},
            }
        )
        self._connected.set()
        async for message in ws:
            if message.type != WSMsgType.TEXT:
                continue
            data = message.json()
            waiter = self._acks.pop(str(data.get("envelope_id")), None)
            if waiter is not None and not waiter.done():
                waiter.set_result(data)
        with suppress(Exception):
            await ws.close()
        return ws
