"""The link every instance keeps to Redis (`REDIS_URL`), and what it does while Redis is away.

Redis is a help, never a dependency of an answer: every command has a short timeout and is tried once, and
a failure marks the link down. While it is down, `call` raises `RedisUnavailable` at once, without trying,
so callers fall back to this process's own memory and nobody waits on a dead server. One task (the reload
subscriber, `bot.peers`) calls `wait_until_up`, which pings every `PROBE_S` until Redis answers, then marks
the link up again. The outage is logged at most once per `LOG_EVERY_S`, its end once; the URL is logged
without its password.
"""

from __future__ import annotations

import asyncio
import logging
import os
import secrets
import socket
import time
from collections.abc import Awaitable, Callable
from typing import Final, TypeVar
from urllib.parse import urlsplit, urlunsplit

from redis.asyncio import Redis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff
from redis.exceptions import RedisError

from bot.throttled import Clock, Throttled

TIMEOUT_S: Final = 0.5
"""Per command and per connection attempt: Redis on the same network answers in well under a millisecond,
and an event's de-duplication must leave the ack its 3 s."""
PROBE_S: Final = 1.0
"""While Redis is unreachable, how often it is pinged to see whether it is back."""
LOG_EVERY_S: Final = 60.0
"""An outage is logged at most once a minute, however many requests find Redis away."""
FAILURES: Final = (RedisError, OSError)
"""What a call to an unreachable or failing Redis raises (timeouts are `OSError`s too)."""

logger: Final = logging.getLogger("mlrole.redis")

T = TypeVar("T")
Client = Redis


class RedisUnavailable(Exception):
    """Redis did not answer (or is known to be down): fall back to this process's own memory."""


def display_url(url: str) -> str:
    """The URL without its password, fit for a log line."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    netloc = f"{parts.username or ''}:***@{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=netloc))


def new_instance_id() -> str:
    """This process among its peers: host, pid and a random part (pids repeat across containers)."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"


class RedisLink:
    """One client for one Redis, with every key under `prefix`; `instance` names this process."""

    def __init__(
        self,
        url: str,
        *,
        prefix: str,
        instance: str | None = None,
        timeout_s: float = TIMEOUT_S,
        probe_s: float = PROBE_S,
        clock: Clock = time.monotonic,
    ) -> None:
        self.client: Client = Redis.from_url(
            url,
            socket_timeout=timeout_s,
            socket_connect_timeout=timeout_s,
            retry=Retry(NoBackoff(), 0),
            decode_responses=True,
        )
        self.prefix = prefix
        self.instance = instance or new_instance_id()
        self.display = display_url(url)
        self._probe_s = probe_s
        self._up = True
        """Optimistic at first: the first failing call says otherwise."""
        self._outages = Throttled(logger, interval_s=LOG_EVERY_S, clock=clock)

    @property
    def up(self) -> bool:
        return self._up

    def key(self, *parts: str) -> str:
        return self.prefix + ":".join(parts)

    async def call(self, op: Callable[[Client], Awaitable[T]]) -> T:
        """`op(client)`'s result; `RedisUnavailable` if Redis is down, or fails now (then marked down)."""
        if not self._up:
            raise RedisUnavailable(self.display)
        try:
            return await op(self.client)
        except FAILURES as exc:
            self.lost(exc)
            raise RedisUnavailable(self.display) from exc

    def lost(self, error: BaseException) -> None:
        """Mark Redis down after `error`; logs at most once per `LOG_EVERY_S`."""
        self._up = False
        kind = type(error).__name__
        self._outages.warning(
            f"Redis at {self.display} is unreachable ({kind}): answering with this process's own "
            "de-duplication until it is back",
            extra={"redis": self.display, "error_type": kind},
        )

    async def wait_until_up(self) -> None:
        """Return once Redis answers a PING (at once if it does now), marking the link up again."""
        while True:
            try:
                await self.client.ping()
            except FAILURES as exc:
                self.lost(exc)
                await asyncio.sleep(self._probe_s)
                continue
            if not self._up:
                self._up = True
                logger.info("Redis at %s is reachable again", self.display, extra={"redis": self.display})
            return

    async def close(self) -> None:
        try:
            await self.client.aclose()
        except FAILURES:  # closing a connection to a server that is gone
            logger.debug("closing the Redis client failed", exc_info=True)
