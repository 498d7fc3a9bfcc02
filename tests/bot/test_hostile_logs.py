"""What hostile traffic costs in log space, and what it can make `mlrole serve` write: the real process.

Unsigned posts carry what a forged or replayed Slack request would (a `response_url`, a `token=` field, a
user's text); none of it may reach the log, and a flood of them writes a bounded number of short lines.
"""

from __future__ import annotations

import asyncio
import json
import signal
import time
from collections.abc import AsyncIterator
from urllib.parse import urlencode

import aiohttp
import pytest

from bot.log_privacy import LOG_BURST
from bot.server import EVENTS_PATH, HEALTH_PATH
from bot.shutdown import GRACE_S
from tests.bot.serve_process import Process, start_serve
from tests.fakes.env import SIGNING_SECRET
from tests.fakes.slack_api import WAIT_TIMEOUT, FakeSlack
from tests.fakes.slack_client import FORM, SlackClient

FLOOD = 40
MB = 1_000_000
USER_TEXT = "my-private-question-about-salaries"
TOKEN_VALUE = "verification-token-value-42"
MAX_LINE_BYTES = 16_384


@pytest.fixture
async def serve(fake_slack: FakeSlack) -> AsyncIterator[Process]:
    async with start_serve(fake_slack) as process:
        await asyncio.wait_for(process.url, WAIT_TIMEOUT)
        yield process


def forged_command(fake_slack: FakeSlack, *, size: int) -> bytes:
    fields = {
        "token": TOKEN_VALUE,
        "command": "/mlrole",
        "text": USER_TEXT,
        "response_url": fake_slack.response_url("forged"),
        "user_id": "UFORGED01",
    }
    body = urlencode(fields).encode()
    return body + b"&pad=" + b"x" * (size - len(body) - 5)


async def test_a_flood_of_unsigned_megabyte_posts_writes_a_few_short_lines_and_nothing_private(
    serve: Process, fake_slack: FakeSlack
) -> None:
    url = await serve.url
    body = forged_command(fake_slack, size=MB)
    async with aiohttp.ClientSession() as session:
        for _ in range(FLOOD):
            async with session.post(url + EVENTS_PATH, data=body, headers={"Content-Type": FORM}) as response:
                assert response.status == 401
        slack = SlackClient(url=url + EVENTS_PATH, secret=SIGNING_SECRET, session=session, slack=fake_slack)
        assert (await slack.command("labeler")).status == 200, "Slack's own request still gets in"

    assert await serve.stop() == 0
    log = "".join(serve.lines)
    refusals = [line for line in serve.lines if "refused a request" in line]
    assert 1 <= len(refusals) <= LOG_BURST, "a flood is throttled"
    refusal = json.loads(refusals[0])
    assert refusal["path"] == EVENTS_PATH and refusal["size"] == MB and refusal["reason"]
    assert len(log) < 64 * 1024, f"{FLOOD} MB of unsigned posts wrote {len(log)} bytes of log"
    for private in (USER_TEXT, TOKEN_VALUE, "/respond/forged", "UFORGED01"):
        assert private not in log


async def test_a_megabyte_of_garbage_on_a_connection_logs_one_short_line(serve: Process) -> None:
    url = await serve.url
    host, port = url.removeprefix("http://").split(":")
    mark = len(serve.lines)
    reader, writer = await asyncio.open_connection(host, int(port))
    writer.write(b"\x16\x03\x01" + b"G" * MB + b"\r\n\r\n")
    try:
        await writer.drain()
        await asyncio.wait_for(reader.read(), WAIT_TIMEOUT)
    except ConnectionError:
        pass  # the server may close before it has read it all
    finally:
        writer.close()

    line = await serve.wait_for_line(lambda line: "malformed HTTP request" in line, after=mark)
    assert len(line) < 1_000
    assert "GGGGGGGG" not in "".join(serve.lines)
    assert all(len(line) <= MAX_LINE_BYTES for line in serve.lines)


async def test_sigterm_with_a_request_stuck_mid_body_exits_within_the_grace_period(serve: Process) -> None:
    url = await serve.url
    host, port = url.removeprefix("http://").split(":")
    _, writer = await asyncio.open_connection(host, int(port))
    try:
        writer.write(
            f"POST {EVENTS_PATH} HTTP/1.1\r\nHost: {host}\r\nContent-Type: {FORM}\r\n"
            f"Content-Length: 1000\r\n\r\ntext=".encode()
        )
        await writer.drain()
        async with aiohttp.ClientSession() as session, session.get(url + HEALTH_PATH) as health:
            assert health.status == 200  # the stuck request has reached the server by now

        started = time.monotonic()
        serve.proc.send_signal(signal.SIGTERM)
        code = await asyncio.wait_for(serve.proc.wait(), WAIT_TIMEOUT)
        took = time.monotonic() - started
    finally:
        writer.close()

    assert code == 0
    assert took < GRACE_S + 2, f"shutdown took {took:.1f} s"
