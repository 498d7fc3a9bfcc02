"""A fake Slack Web API on loopback that answers like Slack and records every call.

The bot's `AsyncWebClient` is pointed at `fake.api_url` (`SLACK_API_URL`), and `response_url`s in the requests
tests send point at `fake.response_url(...)`, so every message the bot sends, whichever way it goes out,
lands in `fake.calls`. Tests wait for calls with `await fake.wait_for(...)`: no sleeps.

Slack's bad days can be scripted per method (`RESPOND` for `response_url`s): `fake.fail(method, *faults)`
answers the next calls with the given `Fault`s (a 429 with `Retry-After`, a 5xx, a dropped connection) before
answering normally again, `fake.hold(method)` keeps the next call waiting until the test releases it, and
`fake.slow(seconds)` makes every answer (or those of the methods named) come that much later, as a slow Slack
would. Failed, held and slow calls are recorded when they arrive, like any other.
"""

from __future__ import annotations

import asyncio
import itertools
import json
from collections import deque
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from .loopback import HOST, serving

BOT_USER_ID = "UBOT0001"
BOT_ID = "BBOT0001"
TEAM_ID = "T0000001"
APP_ID = "A0000001"
WAIT_TIMEOUT = 10.0
"""Seconds a test waits for an expected call before failing (a failure bound, not a delay)."""


@dataclass(frozen=True, slots=True)
class Call:
    """One request the bot made: a Web API call (`chat.postMessage`) or a post to a `response_url`."""

    method: str
    body: dict[str, Any]
    """JSON body, or form fields and query parameters merged, as the bot sent them."""
    headers: dict[str, str]
    path: str

    @property
    def blocks(self) -> list[dict[str, Any]]:
        blocks = self.body.get("blocks", [])
        parsed = json.loads(blocks) if isinstance(blocks, str) else blocks
        return list(parsed)

    @property
    def view(self) -> dict[str, Any]:
        view = self.body.get("view", {})
        return dict(json.loads(view) if isinstance(view, str) else view)


def in_thread(ts: str) -> Callable[[Call], bool]:
    """A `wait_for(..., where=...)` filter: the calls that reply in the thread of the message at `ts`."""
    return lambda call: call.body.get("thread_ts") == ts


RESPOND = "respond"
"""The `method` recorded for posts to a `response_url`."""


@dataclass(frozen=True, slots=True)
class Fault:
    """One scripted failure, sent instead of the normal answer."""

    status: int = 500
    headers: Mapping[str, str] = field(default_factory=dict)
    body: str = "<html><body>Internal Server Error</body></html>"
    content_type: str = "text/html"
    drop: bool = False
    """Close the connection without answering: the client sees a connection error."""

    @classmethod
    def rate_limited(cls, retry_after: int) -> Fault:
        """Slack's 429: `Retry-After` in whole seconds."""
        return cls(
            status=429,
            headers={"Retry-After": str(retry_after)},
            body='{"ok": false, "error": "ratelimited"}',
            content_type="application/json",
        )

    @classmethod
    def dropped(cls) -> Fault:
        return cls(drop=True)


@dataclass(eq=False)
class Hold:
    """A call the fake has recorded but not answered yet; `release()` lets the answer go."""

    _released: asyncio.Event = field(default_factory=asyncio.Event)
    answered: bool | None = None
    """After release: whether the caller was still connected to receive the answer."""

    def release(self) -> None:
        self._released.set()


@dataclass
class FakeSlack:
    """Start with `async with FakeSlack.running() as fake:`."""

    port: int = 0
    calls: list[Call] = field(default_factory=list)
    socket_url: str | None = None
    """What `apps.connections.open` returns; set by the Socket Mode fake."""
    users: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Fields `users.info` adds to a user's object (e.g. `{"is_admin": True}`), by user id."""
    unknown_users: set[str] = field(default_factory=set)
    """User ids `users.info` answers `user_not_found` for, as Slack does."""
    usergroups: dict[str, dict[str, Any]] = field(default_factory=dict)
    """The workspace's user groups by id, for `usergroups.list` (fields added to `{"id": ...}`)."""
    channels: dict[str, dict[str, Any]] = field(default_factory=dict)
    """The channels `conversations.info` knows, by id (fields added; `is_member` defaults to True);
    any other id is `channel_not_found`."""
    not_in_channels: set[str] = field(default_factory=set)
    """Channels where `chat.postMessage` answers `not_in_channel`, as Slack does for a bot not invited."""
    _changed: asyncio.Condition = field(default_factory=asyncio.Condition)
    _ts: Any = field(default_factory=lambda: itertools.count(1))
    _faults: dict[str, deque[Fault]] = field(default_factory=dict)
    _holds: dict[str, deque[Hold]] = field(default_factory=dict)
    _delays: dict[str | None, float] = field(default_factory=dict)
    """Seconds before answering, by method; the None key for every method not named."""

    @classmethod
    @asynccontextmanager
    async def running(cls) -> AsyncIterator[FakeSlack]:
        fake = cls()
        app = web.Application()
        app.router.add_post("/api/{method}", fake._api)
        app.router.add_get("/api/{method}", fake._api)  # slack_sdk sends a few methods (users.info) as GET
        app.router.add_post("/respond/{hook}", fake._respond)
        async with serving(app) as port:
            fake.port = port
            yield fake

    @property
    def base(self) -> str:
        return f"http://{HOST}:{self.port}"

    @property
    def api_url(self) -> str:
        return f"{self.base}/api/"

    def response_url(self, hook: str = "hook") -> str:
        return f"{self.base}/respond/{hook}"

    def fail(self, method: str, *faults: Fault) -> None:
        """Answer the next `len(faults)` calls of `method` with these faults, in order."""
        self._faults.setdefault(method, deque()).extend(faults)

    def hold(self, method: str) -> Hold:
        """Keep the next call of `method` waiting (recorded, unanswered) until `release()`."""
        hold = Hold()
        self._holds.setdefault(method, deque()).append(hold)
        return hold

    def slow(self, seconds: float, *methods: str) -> None:
        """Answer every call of `methods` (all methods, `response_url`s included, when none are named)
        `seconds` after it arrives, until set again (0 answers at once)."""
        for method in methods or (None,):
            self._delays[method] = seconds

    def calls_to(self, method: str) -> list[Call]:
        return [call for call in self.calls if call.method == method]

    async def wait_for(
        self, method: str, *, count: int = 1, where: Callable[[Call], bool] | None = None
    ) -> list[Call]:
        """Wait until `count` calls of `method` (matching `where`) are recorded; return them all."""

        def matching() -> list[Call]:
            return [c for c in self.calls_to(method) if where is None or where(c)]

        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(lambda: len(matching()) >= count), WAIT_TIMEOUT)
        return matching()

    async def _record(self, request: web.Request, method: str) -> Call:
        body: dict[str, Any] = dict(request.query)
        if request.content_type == "application/json":
            body.update(await request.json())
        elif request.can_read_body:
            body.update({k: str(v) for k, v in (await request.post()).items()})
        call = Call(method=method, body=body, headers=dict(request.headers), path=request.path)
        async with self._changed:
            self.calls.append(call)
            self._changed.notify_all()
        return call

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        call = await self._record(request, method)
        return await self._scripted(request, method) or web.json_response(self._answer(method, call))

    async def _respond(self, request: web.Request) -> web.Response:
        await self._record(request, RESPOND)
        return await self._scripted(request, RESPOND) or web.Response(text="ok")

    async def _scripted(self, request: web.Request, method: str) -> web.Response | None:
        """A slow method answers late; a held call waits for its release; a scripted fault replaces the
        answer."""
        delay = self._delays.get(method, self._delays.get(None, 0.0))
        if delay > 0:
            await asyncio.sleep(delay)  # Slack's latency, played: there is no event to wait for
        holds = self._holds.get(method)
        if holds:
            hold = holds.popleft()
            await hold._released.wait()
            transport = request.transport
            hold.answered = transport is not None and not transport.is_closing()
        faults = self._faults.get(method)
        if not faults:
            return None
        fault = faults.popleft()
        if fault.drop and request.transport is not None:
            request.transport.close()
        return web.Response(
            status=fault.status, headers=dict(fault.headers), text=fault.body, content_type=fault.content_type
        )

    def _answer(self, method: str, call: Call) -> dict[str, Any]:
        if method == "auth.test":
            return {
                "ok": True,
                "url": "https://example.slack.com/",
                "team": "Example",
                "user": "mlrole",
                "team_id": TEAM_ID,
                "user_id": BOT_USER_ID,
                "bot_id": BOT_ID,
                "is_enterprise_install": False,
            }
        if method == "apps.connections.open":
            if self.socket_url is None:
                return {"ok": False, "error": "socket_mode_not_enabled"}
            return {"ok": True, "url": self.socket_url}
        if method == "chat.postMessage" and call.body.get("channel") in self.not_in_channels:
            return {"ok": False, "error": "not_in_channel"}
        if method == "chat.getPermalink":
            channel, ts = call.body.get("channel"), str(call.body.get("message_ts", ""))
            link = f"https://example.slack.com/archives/{channel}/p{ts.replace('.', '')}"
            return {"ok": True, "channel": channel, "permalink": link}
        if method == "usergroups.list":
            return {"ok": True, "usergroups": [{"id": i, **g} for i, g in self.usergroups.items()]}
        if method == "conversations.info":
            channel = str(call.body.get("channel", ""))
            if channel not in self.channels:
                return {"ok": False, "error": "channel_not_found"}
            return {"ok": True, "channel": {"id": channel, "is_member": True, **self.channels[channel]}}
        if method in ("chat.postMessage", "chat.update"):
            ts = f"1700000000.{next(self._ts):06d}"
            return {"ok": True, "channel": call.body.get("channel"), "ts": ts, "message": {"ts": ts}}
        if method == "chat.postEphemeral":
            return {"ok": True, "message_ts": f"1700000000.{next(self._ts):06d}"}
        if method in ("views.publish", "views.open", "views.update", "views.push"):
            return {"ok": True, "view": {"id": "V0000001", **call.view}}
        if method == "users.info":
            user = call.body.get("user", "U0")
            if user in self.unknown_users:
                return {"ok": False, "error": "user_not_found"}
            fields = {"id": user, "name": user.lower(), "is_bot": False, "is_admin": False, "is_owner": False}
            return {"ok": True, "user": fields | self.users.get(user, {})}
        return {"ok": True}
