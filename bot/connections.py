"""The server's limits: how long a client may take, how many connections one process holds, how big a body.

Slack sends small requests quickly, on few connections. A client that opens connections and sends nothing,
or sends half a request and stalls, costs a file descriptor each, and with enough of them nobody else gets
in: not `/healthz`, not Slack. So:

- A connection must deliver a request's headers within `header_timeout_s` of opening (or of its previous
  response, when kept alive), or it is closed (aiohttp's keep-alive timer, which starts at connect).
- A body must arrive whole within `body_timeout_s` (`bot.request_body`), or the request gets a 408.
- At most `max_connections` (`MLROLE_MAX_CONNECTIONS`) connections are open at once. Past that, the
  oldest connection that is not handling a request (idle, or still sending its headers) is closed to make
  room: the newest client, most likely a real one, gets in, and a flood of idle connections only displaces
  itself. When every connection is busy with a request, the new one is answered 503 and closed.

Refusals are logged, but at most `LOG_BURST` lines per `LOG_WINDOW_S` (see `bot.log_privacy.Throttle`), so
a flood cannot fill the disk.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Final

from aiohttp import web
from aiohttp.web_protocol import RequestHandler

from bot.settings import DEFAULT_MAX_CONNECTIONS
from bot.shutdown import GRACE_S

HEADER_TIMEOUT_S: Final = 10.0
BODY_TIMEOUT_S: Final = 10.0
MAX_BODY_BYTES: Final = 1024 * 1024
"""Slack's requests are a few kilobytes; a larger body is refused with 413 before it is read."""

REFUSAL: Final = (
    b"HTTP/1.1 503 Service Unavailable\r\n"
    b"Retry-After: 1\r\n"
    b"Content-Type: text/plain\r\n"
    b"Content-Length: 12\r\n"
    b"Connection: close\r\n"
    b"\r\n"
    b"server busy\n"
)

logger: Final = logging.getLogger("mlrole.connections")


@dataclass(frozen=True, slots=True)
class ServerLimits:
    max_connections: int = DEFAULT_MAX_CONNECTIONS
    header_timeout_s: float = HEADER_TIMEOUT_S
    body_timeout_s: float = BODY_TIMEOUT_S
    max_body_bytes: int = MAX_BODY_BYTES
    shutdown_grace_s: float = GRACE_S
    """On SIGTERM, how long requests in flight and the replies they started get before being cancelled."""


class _Refuse(asyncio.Protocol):
    """A connection past the limit while every other one is busy: 503, then closed."""

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        transport.write(REFUSAL)
        transport.close()


Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


class ConnectionLimiter:
    """The protocol factory the listening socket uses: aiohttp's own, within `limits.max_connections`.

    `track` is an aiohttp middleware that marks a connection busy while it handles a request; install it
    on the application (`install`) before the runner is set up.
    """

    def __init__(self, limits: ServerLimits) -> None:
        self._limits = limits
        self._busy: dict[object, int] = {}
        self._changed = asyncio.Event()

    @property
    def busy(self) -> int:
        """How many connections are handling a request now."""
        return len(self._busy)

    async def until_busy(self, count: int) -> None:
        """Wait until at least `count` connections are handling a request."""
        while self.busy < count:
            self._changed.clear()
            await self._changed.wait()

    def install(self, web_app: web.Application) -> None:
        web_app.middlewares.append(self.track)

    @web.middleware
    async def track(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        protocol = request.protocol
        self._busy[protocol] = self._busy.get(protocol, 0) + 1
        self._changed.set()
        try:
            return await handler(request)
        finally:
            left = self._busy.pop(protocol) - 1
            if left:
                self._busy[protocol] = left

    def factory(self, server: web.Server) -> Callable[[], asyncio.Protocol]:
        def make() -> asyncio.Protocol:
            # In the order they opened; one closed here stays listed until the loop reports it lost.
            open_now = [conn for conn in server.connections if conn.transport is not None]
            if len(open_now) < self._limits.max_connections:
                return server()
            idle = next((conn for conn in open_now if conn not in self._busy), None)
            if idle is None:
                logger.warning(
                    "refused a connection: all %d connections are handling requests",
                    len(open_now),
                    extra={"reason": "connection_limit", "connections": len(open_now)},
                )
                return _Refuse()
            _close(idle)
            logger.warning(
                "closed the oldest idle connection to admit a new one (limit %d)",
                self._limits.max_connections,
                extra={"reason": "connection_limit", "connections": len(open_now)},
            )
            return server()

        return make


def _close(connection: RequestHandler) -> None:
    connection.force_close()
