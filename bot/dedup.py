"""Seen once across every instance: Slack's retried events, and what a person may do only once.

Each process remembers what it saw (`handlers.once.RecentIds`); with `REDIS_URL`, `SET key NX EX` tells
whether any instance saw it first, so a retry that lands on another instance than the first delivery is
still answered once. While Redis is unreachable the process's own memory decides alone (`bot.redis_link`):
a retry landing elsewhere may then be answered twice, but nothing goes unanswered.
"""

from __future__ import annotations

import math
from typing import Final

from bot.redis_link import RedisLink, RedisUnavailable
from handlers.once import DEFAULT_TTL_S, ONCE_MAX_SIZE, ONCE_TTL_S, RecentIds, once_key

EVENTS: Final = "event"
"""The key space of event ids (`<prefix>event:<event_id>`)."""
ONCE: Final = "once"
"""The key space of once-per-person checks (`<prefix>once:<subject>\\0<person>`)."""


class SharedIds:
    """`await first_time(key)` is True once per key within `ttl_s`, across every instance sharing `link`."""

    def __init__(
        self, *, local: RecentIds, link: RedisLink | None, namespace: str, ttl_s: float = DEFAULT_TTL_S
    ) -> None:
        self._local = local
        self._link = link
        self._namespace = namespace
        self._ttl = max(math.ceil(ttl_s), 1)  # `EX` takes whole seconds

    async def first_time(self, key: str) -> bool:
        # This process first: its own repeats never cost a round trip, and it still knows while Redis is away.
        if not self._local.first_time(key):
            return False
        link = self._link
        if link is None:
            return True
        redis_key = link.key(self._namespace, key)
        try:
            created = await link.call(
                lambda client: client.set(redis_key, link.instance, nx=True, ex=self._ttl)
            )
        except RedisUnavailable:
            return True
        return bool(created)

    async def forget(self, key: str) -> None:
        """Take `key` back everywhere: the next `first_time(key)`, on any instance, is True again."""
        self._local.forget(key)
        link = self._link
        if link is None:
            return
        redis_key = link.key(self._namespace, key)
        try:
            await link.call(lambda client: client.delete(redis_key))
        except RedisUnavailable:
            return  # it expires with its time to live


class SharedOncePerPerson:
    """`handlers.once.OncePerPerson` across every instance sharing `link` (this process's memory without)."""

    def __init__(self, link: RedisLink | None, *, ttl_s: float = ONCE_TTL_S, max_size: int = ONCE_MAX_SIZE):
        local = RecentIds(ttl=ttl_s, max_size=max_size)
        self._ids = SharedIds(local=local, link=link, namespace=ONCE, ttl_s=ttl_s)

    async def first_time(self, subject: str, person: str) -> bool:
        return await self._ids.first_time(once_key(subject, person))

    async def forget(self, subject: str, person: str) -> None:
        await self._ids.forget(once_key(subject, person))
