"""The server under hostile traffic: oversize and slow bodies, idle and half-sent connection floods.

The bot runs in this process behind `start_server` with small limits (a connection cap of a few, short
timeouts), so a flood of a few dozen connections shows what a flood of thousands would.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, suppress

import aiohttp
import pytest
from slack_bolt.async_app import AsyncApp

from bot.connections import ServerLimits
from bot.server import EVENTS_PATH, HEALTH_PATH, RunningServer, build_web_app, start_server
from knowledge.base.store import KnowledgeStore
from tests.fakes.env import SIGNING_SECRET
from tests.fakes.slack_api import WAIT_TIMEOUT, FakeSlack
from tests.fakes.slack_client import FORM, SlackClient

CAP = 8
LIMITS = ServerLimits(max_connections=CAP, header_timeout_s=0.5, body_timeout_s=0.5)


@pytest.fixture
async def server(app: AsyncApp, store: KnowledgeStore) -> AsyncIterator[RunningServer]:
    web_app = build_web_app(app, store, signing_secret=SIGNING_SECRET, limits=LIMITS)
    running = await start_server(web_app, host="127.0.0.1", port=0, limits=LIMITS)
    try:
        yield running
    finally:
        await running.close()


class Raw:
    """One TCP connection to the server, for what an HTTP client would never send."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader = reader
        self.writer = writer

    @classmethod
    async def open(cls, server: RunningServer, stack: AsyncExitStack) -> Raw:
        reader, writer = await asyncio.open_connection(server.host, server.port)
        raw = cls(reader, writer)
        stack.push_async_callback(raw.close)
        return raw

    async def send(self, data: bytes) -> None:
        self.writer.write(data)
        await self.writer.drain()

    async def answer(self) -> bytes:
        """Everything the server sends until it closes the connection."""
        return await asyncio.wait_for(self.reader.read(), WAIT_TIMEOUT)

    async def close(self) -> None:
        self.writer.close()
        with suppress(ConnectionError):
            await self.writer.wait_closed()


def head(server: RunningServer, *, length: int) -> bytes:
    return (
        f"POST {EVENTS_PATH} HTTP/1.1\r\nHost: {server.host}\r\nContent-Type: {FORM}\r\n"
        f"Content-Length: {length}\r\n\r\n"
    ).encode()


async def healthz(server: RunningServer) -> int:
    async with (
        aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=WAIT_TIMEOUT)) as session,
        session.get(server.url + HEALTH_PATH) as response,
    ):
        return response.status


async def test_an_oversize_body_gets_413_before_it_is_sent(server: RunningServer) -> None:
    async with AsyncExitStack() as stack:
        raw = await Raw.open(server, stack)
        await raw.send(head(server, length=50 * 1024 * 1024) + b"text=x")  # 50 MB announced, 6 bytes sent

        answer = await raw.answer()

    assert answer.startswith(b"HTTP/1.1 413 ")


async def test_a_body_that_stalls_gets_408(server: RunningServer) -> None:
    async with AsyncExitStack() as stack:
        raw = await Raw.open(server, stack)
        await raw.send(head(server, length=100) + b"text=half")

        answer = await raw.answer()

    assert answer.startswith(b"HTTP/1.1 408 ")


async def test_a_connection_that_never_finishes_its_headers_is_closed(server: RunningServer) -> None:
    async with AsyncExitStack() as stack:
        raw = await Raw.open(server, stack)
        await raw.send(b"POST /slack/events HTTP/1.1\r\nHost: x\r\n")  # and nothing more

        assert await raw.answer() == b""  # closed by the server, without an answer


async def test_healthz_and_commands_answer_through_a_flood_of_idle_and_half_sent_connections(
    server: RunningServer, slack: SlackClient
) -> None:
    async with AsyncExitStack() as stack:
        idle = [await Raw.open(server, stack) for _ in range(CAP * 4)]
        for raw in idle[::2]:
            await raw.send(b"GET /healthz HTTP/1.1\r\nHost: ")  # half a request line, never finished

        assert await healthz(server) == 200
        reply = await slack.command("labeler")
        assert reply.status == 200
        assert reply.json()["blocks"]

        # The flood displaced itself: the oldest idle connections were closed to make room.
        closed = [raw for raw in idle if raw.reader.at_eof() or await _closed_soon(raw)]
        assert len(closed) >= len(idle) - CAP


async def _closed_soon(raw: Raw) -> bool:
    try:
        return await asyncio.wait_for(raw.reader.read(), 0.05) == b""
    except TimeoutError:
        return False


async def test_past_the_cap_with_every_connection_busy_a_new_one_gets_503(server: RunningServer) -> None:
    async with AsyncExitStack() as stack:
        for _ in range(CAP):  # each is in the handler, reading a body that is still coming
            raw = await Raw.open(server, stack)
            await raw.send(head(server, length=100) + b"text=")
        await asyncio.wait_for(server.limiter.until_busy(CAP), WAIT_TIMEOUT)
        extra = await Raw.open(server, stack)

        answer = await extra.answer()

    assert answer.startswith(b"HTTP/1.1 503 ")


async def test_many_oversize_posts_are_refused_without_slack_hearing_of_them(
    server: RunningServer, fake_slack: FakeSlack
) -> None:
    await post_unsigned(server, b"x" * (LIMITS.max_body_bytes + 1), times=5, status=413)
    assert fake_slack.calls == []


async def post_unsigned(server: RunningServer, body: bytes, *, times: int, status: int) -> None:
    async with aiohttp.ClientSession() as session:
        for _ in range(times):
            async with session.post(
                server.url + EVENTS_PATH, data=body, headers={"Content-Type": FORM}
            ) as response:
                assert response.status == status


async def test_a_signed_command_answers_promptly_while_clients_post_huge_unsigned_forms(
    server: RunningServer, slack: SlackClient
) -> None:
    """Unsigned bodies are refused after one HMAC, never parsed: 200,000 fields cost no more than one."""
    form = b"&".join(b"f%d=1" % n for n in range(200_000))[: LIMITS.max_body_bytes]

    flooding = [asyncio.create_task(post_unsigned(server, form, times=3, status=401)) for _ in range(CAP - 2)]
    started = asyncio.get_running_loop().time()
    reply = await slack.command("labeler")
    took = asyncio.get_running_loop().time() - started
    await asyncio.gather(*flooding)

    assert reply.status == 200 and reply.json()["blocks"]
    assert took < 3.0, f"a command took {took:.1f} s under the flood"
