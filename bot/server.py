"""The HTTP server: every Slack request on `POST /slack/events`, and `GET /healthz` for the platform.

Bolt's aiohttp adapter only converts requests and responses, so the app is served from our own aiohttp
application; that is what lets `/healthz` live next to the Slack endpoint on one port.

`serve_forever` is the whole life of `mlrole serve` once its app is built: signals, the server, the
graceful stop. The benchmark's bare Bolt baseline is served by it too, so the two cannot drift apart.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Final

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response
from slack_bolt.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest

from bot.connections import ConnectionLimiter, ServerLimits
from bot.guards import request_context
from bot.logging_setup import event_id_of, start_request
from bot.request_body import verified_body
from bot.settings import Settings
from bot.shutdown import stop_serving
from bot.sighup import reload_on_sighup
from bot.startup import stop_on_signals
from knowledge.base.store import KnowledgeStore

EVENTS_PATH: Final = "/slack/events"
HEALTH_PATH: Final = "/healthz"
READY_MESSAGE: Final = "listening on"
"""`serve_forever` logs `listening on http://HOST:PORT ...` once the server accepts connections."""

LINGER_S: Final = 1.0
"""After a refusal that left a body unread (a 413), how long the rest is read and dropped before the
connection closes: enough for an honest client to get its answer rather than a reset, not for a slow one
to hold the connection."""

logger: Final = logging.getLogger("mlrole")

HealthExtra = Callable[[], Awaitable[Mapping[str, object]]]
"""More fields for `/healthz` (the peers' view, with `REDIS_URL`: `bot.peers.Peers.health`)."""


def _bad_request() -> web.Response:
    return web.Response(status=400, text="bad request")


def build_web_app(
    app: AsyncApp,
    store: KnowledgeStore,
    *,
    signing_secret: str,
    limits: ServerLimits | None = None,
    health: HealthExtra | None = None,
) -> web.Application:
    """The aiohttp application. Slack's signature is checked on the raw body (`bot.request_body`) before
    Bolt parses anything; Bolt checks it again, which costs one HMAC. `health` adds fields to `/healthz`."""
    limits = limits or ServerLimits()

    async def slack_events(request: web.Request) -> web.Response:
        raw = await verified_body(
            request, secret=signing_secret, max_bytes=limits.max_body_bytes, timeout_s=limits.body_timeout_s
        )
        if isinstance(raw, web.Response):
            return raw
        try:
            bolt_request = AsyncBoltRequest(
                body=raw.decode(),
                query=request.query_string,
                headers=request.headers,  # type: ignore[arg-type]  # a multidict, as Bolt's adapter passes
            )
        except Exception:  # Bolt's parser raises whatever a malformed body provokes
            # Signed, but Bolt trusts the body's shape: one that is not UTF-8, a JSON object or a form (with
            # a JSON object as `payload`) is not a request Slack sends.
            return _bad_request()
        if not isinstance(bolt_request.body.get("event", {}), dict):
            return _bad_request()  # Bolt's middleware would fail on it with a 500
        start_request(event_id_of(bolt_request.body))  # the ids every log line of this request carries
        started = time.perf_counter()
        try:
            bolt_response = await app.async_dispatch(bolt_request)
        except Exception:
            # A payload shape Bolt cannot read fails even its error handler (`actions: []` in a click): it is
            # not a request Slack sent, so it gets a 4xx, never a 500 with a stack trace.
            logger.exception("could not dispatch a Slack request")
            return _bad_request()
        elapsed_ms = round((time.perf_counter() - started) * 1000, 1)
        logger.info(
            "answered a Slack request: %d in %.1f ms",
            bolt_response.status,
            elapsed_ms,
            extra=request_context(bolt_request.body)
            | {"status": bolt_response.status, "duration_ms": elapsed_ms},
        )
        return await to_aiohttp_response(bolt_response)

    async def healthz(_: web.Request) -> web.Response:
        snapshot = store.snapshot  # one read: the version and its loaded_at always belong together
        body: dict[str, object] = {
            "status": "ok",
            "version": snapshot.kb.version,
            "loaded_at": snapshot.loaded_at.isoformat(),
        }
        if health is not None:
            body |= await health()
        return web.json_response(body)

    web_app = web.Application(client_max_size=limits.max_body_bytes)
    web_app.router.add_post(EVENTS_PATH, slack_events)
    web_app.router.add_get(HEALTH_PATH, healthz)
    return web_app


@dataclass(frozen=True, slots=True)
class RunningServer:
    runner: web.AppRunner
    listener: asyncio.Server
    limiter: ConnectionLimiter
    host: str
    port: int
    """The bound port: the real one when 0 was asked for."""

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    async def stop_accepting(self) -> None:
        """Close the listening socket: new connections are refused; requests in flight carry on."""
        self.listener.close()

    async def close(self) -> None:
        """Stop accepting, then wait (up to the limits' shutdown grace) for the requests in flight."""
        self.listener.close()
        await self.runner.cleanup()


async def start_server(
    web_app: web.Application,
    *,
    host: str,
    port: int,
    limits: ServerLimits | None = None,
    reuse_port: bool = False,
) -> RunningServer:
    """Serve `web_app` on host:port (port 0 picks a free one) and return once it accepts connections.

    The listening socket is ours rather than an aiohttp site's, so its connections pass through
    `ConnectionLimiter` (see `bot.connections`). `reuse_port` (`SO_REUSEPORT`) lets several worker processes
    listen on one port (`bot.workers`)."""
    limits = limits or ServerLimits()
    limiter = ConnectionLimiter(limits)
    limiter.install(web_app)
    runner = web.AppRunner(
        web_app,
        access_log=None,
        shutdown_timeout=limits.shutdown_grace_s,
        lingering_time=LINGER_S,
        # aiohttp's keep-alive timer starts at connect and runs until a request's headers are complete.
        keepalive_timeout=limits.header_timeout_s,
    )
    await runner.setup()
    assert runner.server is not None
    try:
        listener = await asyncio.get_running_loop().create_server(
            limiter.factory(runner.server),
            host,
            port,
            backlog=limits.max_connections,
            reuse_port=reuse_port or None,
        )
    except BaseException:
        await runner.cleanup()
        raise
    bound_port = int(listener.sockets[0].getsockname()[1])
    return RunningServer(runner=runner, listener=listener, limiter=limiter, host=host, port=bound_port)


async def serve_forever(
    app: AsyncApp,
    store: KnowledgeStore,
    *,
    host: str,
    settings: Settings,
    health: HealthExtra | None = None,
    reuse_port: bool = False,
    on_listening: Callable[[RunningServer], None] | None = None,
    on_stopping: Callable[[], Awaitable[None]] | None = None,
) -> None:
    """Serve `app` over HTTP on host and `settings.port` until SIGTERM or SIGINT, then stop gracefully.

    Requests are verified with `settings.signing_secret`; at most `settings.max_connections` are open.

    Reloads `store` on SIGHUP while serving (see `bot.sighup`). Logs `listening on http://HOST:PORT` once it
    accepts requests (then calls `on_listening`), and `shutting down` when told to stop; requests in flight
    and their replies finish. `health` and `reuse_port`: see `build_web_app` and `start_server`.
    `on_stopping` ends the caller's background tasks first: the shutdown waits for every task on the loop.
    """
    stop = stop_on_signals()
    sighup = reload_on_sighup(store)
    try:
        limits = ServerLimits(max_connections=settings.max_connections)
        web_app = build_web_app(
            app, store, signing_secret=settings.signing_secret, limits=limits, health=health
        )
        server = await start_server(
            web_app, host=host, port=settings.port, limits=limits, reuse_port=reuse_port
        )
        logger.info("%s %s (knowledge base version %s)", READY_MESSAGE, server.url, store.current.version)
        if on_listening is not None:
            on_listening(server)
        try:
            await stop.wait()
        finally:
            logger.info("shutting down")
            if on_stopping is not None:
                await on_stopping()
            # No new connections; requests in flight and their replies finish, within the grace period.
            await stop_serving(server, grace_s=limits.shutdown_grace_s)
    finally:
        await sighup.close()
