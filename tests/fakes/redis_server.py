"""A real Redis for the tests: the one at `MLROLE_TEST_REDIS_URL`, or a `redis-server` of the test's own.

Other test runs may share the server at `MLROLE_TEST_REDIS_URL`, so every test gets a key prefix of its own
(`RedisTarget.prefix`) and its keys are deleted afterwards; nothing else on that server is touched. A test
that stops Redis mid-run always uses `RedisServer`, a `redis-server` process on a free loopback port that
keeps nothing on disk, and never stops the shared one.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Final

import pytest
from redis.asyncio import Redis

from .loopback import HOST
from .slack_api import WAIT_TIMEOUT

TEST_URL: Final = "MLROLE_TEST_REDIS_URL"
BINARY: Final = "redis-server"
READY: Final = b"Ready to accept connections"


@dataclass(frozen=True, slots=True)
class RedisTarget:
    url: str
    prefix: str
    """Unique to the test: every key it makes starts with it."""


def free_port() -> int:
    """A loopback port nobody listens on now (for a server that cannot be told to bind port 0 and say)."""
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


class RedisServer:
    """`redis-server` on a loopback port, no persistence; `stop()` and `start()` again on the same port."""

    def __init__(self) -> None:
        self.port = free_port()
        self.proc: asyncio.subprocess.Process | None = None

    @property
    def url(self) -> str:
        return f"redis://{HOST}:{self.port}/0"

    async def start(self) -> None:
        binary = shutil.which(BINARY)
        assert binary is not None
        self.proc = await asyncio.create_subprocess_exec(
            binary,
            *("--port", str(self.port), "--bind", HOST, "--save", "", "--appendonly", "no"),
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
        )
        assert self.proc.stdout is not None
        output = b""
        async with asyncio.timeout(WAIT_TIMEOUT):
            while READY not in output:
                line = await self.proc.stdout.readline()
                assert line, f"redis-server exited:\n{output.decode(errors='replace')}"
                output += line
        self._drain = asyncio.create_task(self._discard(self.proc.stdout))

    @staticmethod
    async def _discard(stream: asyncio.StreamReader) -> None:
        while await stream.readline():
            pass

    async def stop(self) -> None:
        if self.proc is not None and self.proc.returncode is None:
            self.proc.terminate()
            await asyncio.wait_for(self.proc.wait(), WAIT_TIMEOUT)
            await self._drain


def redis_server_or_skip() -> RedisServer:
    if shutil.which(BINARY) is None:
        pytest.skip(f"needs {BINARY} on PATH (Debian's redis-server package) to stop Redis mid-run")
    return RedisServer()


@asynccontextmanager
async def own_redis_server() -> AsyncIterator[RedisServer]:
    """A `redis-server` of this test's own (skips without the binary); stopped at the end."""
    server = redis_server_or_skip()
    await server.start()
    try:
        yield server
    finally:
        await server.stop()


@asynccontextmanager
async def redis_target() -> AsyncIterator[RedisTarget]:
    """`MLROLE_TEST_REDIS_URL` if set, else a `redis-server` of the test's own, else the test is skipped."""
    prefix = f"mlrole-test-{uuid.uuid4().hex[:12]}:"
    shared = os.environ.get(TEST_URL, "").strip()
    if shared:
        try:
            yield RedisTarget(shared, prefix)
        finally:
            await delete_keys(shared, prefix)
        return
    if shutil.which(BINARY) is None:
        pytest.skip(f"needs a Redis: set {TEST_URL}, or install {BINARY} (Debian's redis-server package)")
    async with own_redis_server() as server:
        yield RedisTarget(server.url, prefix)


async def delete_keys(url: str, prefix: str) -> None:
    """Delete every key under `prefix`, and only those."""
    client = Redis.from_url(url)
    try:
        keys = [key async for key in client.scan_iter(match=f"{prefix}*", count=500)]
        if keys:
            await client.delete(*keys)
    finally:
        await client.aclose()
