"""Once per id, once per person: a bounded, expiring memory of what was already seen or done.

`RecentIds` is how a retried Slack event is told from a new one. Slack re-sends an event (same `event_id`,
`X-Slack-Retry-Num` set) when it did not get a 200 within three seconds, and at least once more within
minutes; it can also deliver the same event twice. `RecentIds` remembers each id for `ttl` seconds, and at
most `max_size` ids (the oldest are forgotten first), so memory stays bounded however busy the workspace.
Nothing here knows about Slack: the caller chooses the key.

`OncePerPerson` is what a handler asks before doing something a person may do only once (rate an answer,
"Ask the owners" of an entry): `await deps.once.first_time(subject, person)` is True the first time, False
after. `MemoryOncePerPerson` (the default in `Deps`) remembers in this process; with `REDIS_URL` set,
`bot.dedup.SharedOncePerPerson` remembers across every instance and falls back to this process's memory
while Redis is unreachable.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Final, Protocol

DEFAULT_TTL_S: Final = 15 * 60.0
"""Slack retries three times: at once, after about a minute and after about five minutes. 15 minutes covers
the last retry with a wide margin."""
DEFAULT_MAX_SIZE: Final = 10_000
"""Events remembered at most: about 11 events a second for 15 minutes, far more than a team's bot gets. When
full, the oldest id is forgotten (a retry of it 15 minutes later would then be answered again)."""

Clock = Callable[[], float]
"""Seconds from an arbitrary origin, never going back (`time.monotonic`)."""


class RecentIds:
    """`first_time(id)` is True once per id within `ttl` seconds, then False until the id expires."""

    def __init__(
        self, *, ttl: float = DEFAULT_TTL_S, max_size: int = DEFAULT_MAX_SIZE, clock: Clock = time.monotonic
    ) -> None:
        if ttl <= 0 or max_size <= 0:
            raise ValueError("ttl and max_size must be positive")
        self._ttl = ttl
        self._max_size = max_size
        self._clock = clock
        self._expiry: OrderedDict[str, float] = OrderedDict()
        """id -> when it expires, oldest first (every id lives `ttl`, so insertion order is expiry order)."""

    def __len__(self) -> int:
        self._forget_expired(self._clock())
        return len(self._expiry)

    def first_time(self, key: str) -> bool:
        """Remember `key`; True if it was not already remembered (it is new, or its memory expired).

        Marks the id as seen at once, so a retry arriving while the first delivery is still being handled
        is already a repeat.
        """
        now = self._clock()
        self._forget_expired(now)
        if key in self._expiry:
            return False
        self._expiry[key] = now + self._ttl
        while len(self._expiry) > self._max_size:
            self._expiry.popitem(last=False)
        return True

    def forget(self, key: str) -> None:
        """Take `key` back: the next `first_time(key)` is True again (the act it stood for failed)."""
        self._expiry.pop(key, None)

    def _forget_expired(self, now: float) -> None:
        while self._expiry:
            oldest, expires = next(iter(self._expiry.items()))
            if expires > now:
                return
            del self._expiry[oldest]


ONCE_TTL_S: Final = 30 * 24 * 3600.0
"""How long "once" lasts for a person and a subject: a month (a question asked again next quarter may well
deserve new feedback)."""
ONCE_MAX_SIZE: Final = 100_000
"""(subject, person) pairs remembered at most in memory: the oldest are forgotten first."""


class OncePerPerson(Protocol):
    """True the first time `person` does `subject` (within the store's time to live), False after.

    `subject` names the thing and the act, e.g. `f"feedback:{answer_id}"` or `f"ask-owners:{entry_id}"`:
    stores share one key space, so a prefix per feature keeps features apart. The first call marks it done,
    so two clicks racing each other get one True between them.
    """

    async def first_time(self, subject: str, person: str) -> bool: ...

    async def forget(self, subject: str, person: str) -> None:
        """Take a `first_time` back when the act failed, so the person may try again."""


class MemoryOncePerPerson:
    """`OncePerPerson` in this process's memory: enough for one instance (`--workers 1`, no `REDIS_URL`)."""

    def __init__(
        self, *, ttl: float = ONCE_TTL_S, max_size: int = ONCE_MAX_SIZE, clock: Clock = time.monotonic
    ) -> None:
        self._seen = RecentIds(ttl=ttl, max_size=max_size, clock=clock)

    async def first_time(self, subject: str, person: str) -> bool:
        return self._seen.first_time(once_key(subject, person))

    async def forget(self, subject: str, person: str) -> None:
        self._seen.forget(once_key(subject, person))


def once_key(subject: str, person: str) -> str:
    """One string per (subject, person): a person id never holds a NUL, so the pair cannot be confused."""
    return f"{subject}\0{person}"
