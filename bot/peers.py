"""Instances that share a Redis converge on one knowledge base version.

- A successful reload here (an admin's `/mlrole reload`, SIGHUP) is announced: the new version is stored
  under `<prefix>announced` and published on `<prefix>reloads`.
- An announcement from another instance, of a version this one does not serve, makes this one reload from
  its own source (the same `MLROLE_KNOWLEDGE` everywhere), as actor `peer <instance>`. Reloads caused by a
  peer are never announced again, so instances that read different sources cannot bounce reloads forever:
  they show up as `peers_version_agree: false` instead.
- Every instance writes its version into the hash `<prefix>instances` every `HEARTBEAT_S` and after each
  reload; `/healthz` compares it with the live entries of the others (`view`).
- Redis away: nothing is announced or heard, answers go on (`bot.redis_link`). When it is back, the
  subscriber subscribes again, announces a reload made here meanwhile, and catches up with one announced
  elsewhere while it was not listening.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any, Final

from bot.redis_link import FAILURES, RedisLink, RedisUnavailable
from knowledge.base.store import KnowledgeStore, ReloadResult

CHANNEL: Final = "reloads"
ANNOUNCED: Final = "announced"
INSTANCES: Final = "instances"
HEARTBEAT_S: Final = 5.0
"""How often an instance rewrites its entry in `<prefix>instances`."""
INSTANCE_TTL_S: Final = 3 * HEARTBEAT_S
"""An entry older than this belongs to an instance that stopped (or lost Redis): it is not a peer."""
LISTEN_POLL_S: Final = 1.0
"""How long one read of the subscription waits for a message before reading again."""
RETRY_AFTER_BUG_S: Final = 5.0
PEER_ACTOR: Final = "peer"
SUBSCRIBED: Final = "subscribed to reload announcements"
"""Logged each time the subscription is (re)established."""

logger: Final = logging.getLogger("mlrole.peers")

WallClock = Callable[[], float]
"""Seconds since the epoch (`time.time`): instances compare each other's timestamps."""


@dataclass(frozen=True, slots=True)
class Announcement:
    instance: str
    version: str
    source: str
    at: float
    """When it was announced, in seconds since the epoch."""

    def dumps(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def loads(cls, raw: object) -> Announcement | None:
        try:
            data: Any = json.loads(raw) if isinstance(raw, str) else {}
            return cls(str(data["instance"]), str(data["version"]), str(data["source"]), float(data["at"]))
        except (ValueError, TypeError, KeyError):
            return None


@dataclass(frozen=True, slots=True)
class PeerView:
    peers: int
    """Other live instances."""
    version_agree: bool
    """Whether every one of them serves this instance's version (True when there are none)."""


class Peers:
    """Announces this instance's reloads and follows the others'. `start()` it, then `close()` it."""

    def __init__(
        self,
        link: RedisLink,
        store: KnowledgeStore,
        *,
        heartbeat_s: float = HEARTBEAT_S,
        clock: WallClock = time.time,
    ) -> None:
        self._link = link
        self._store = store
        self._heartbeat_s = heartbeat_s
        self._clock = clock
        self._tasks: list[asyncio.Task[None]] = []
        self._remove_listener: Callable[[], None] | None = None
        self._unsent: Announcement | None = None
        """This instance's latest reload, until it is announced (Redis may be away when it happens)."""

    def start(self) -> None:
        self._remove_listener = self._store.add_listener(self._on_reload)
        self._tasks = [asyncio.create_task(self._subscribe()), asyncio.create_task(self._heartbeat())]

    async def close(self) -> None:
        """Stop following and announcing, and leave the instances hash; the link stays open."""
        if self._remove_listener is not None:
            self._remove_listener()
            self._remove_listener = None
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        link = self._link
        with contextlib.suppress(RedisUnavailable):  # an entry left behind goes stale by itself
            await link.call(lambda client: client.hdel(link.key(INSTANCES), link.instance))

    async def view(self) -> PeerView | None:
        """The other live instances and whether they serve this one's version; None if Redis cannot say."""
        link = self._link
        try:
            entries = await link.call(lambda client: client.hgetall(link.key(INSTANCES)))
        except RedisUnavailable:
            return None
        mine = self._store.current.version
        now = self._clock()
        versions: list[str] = []
        stale: list[str] = []
        for instance, raw in entries.items():
            entry = _entry(str(raw))
            if instance == link.instance:
                continue
            if entry is None or now - entry[1] > INSTANCE_TTL_S:
                stale.append(str(instance))
            else:
                versions.append(entry[0])
        if stale:
            with contextlib.suppress(RedisUnavailable):
                await link.call(lambda client: client.hdel(link.key(INSTANCES), *stale))
        return PeerView(peers=len(versions), version_agree=all(version == mine for version in versions))

    async def health(self) -> dict[str, object]:
        """What `/healthz` adds: the number of live peers and whether they agree (null: cannot tell)."""
        view = await self.view()
        if view is None:
            return {"peers_version_agree": None}
        return {"peers": view.peers, "peers_version_agree": view.version_agree}

    async def _on_reload(self, result: ReloadResult) -> None:
        if not result.ok or result.new_version is None:
            return
        await self._beat()
        if (result.actor or "").startswith(PEER_ACTOR):
            return
        self._unsent = Announcement(self._link.instance, result.new_version, result.source, self._clock())
        await self._announce()

    async def _announce(self) -> None:
        """Publish the latest reload not yet announced; kept for when Redis is back if it cannot be now."""
        announcement = self._unsent
        if announcement is None:
            return
        raw = announcement.dumps()
        link = self._link

        async def publish(client: Any) -> object:
            async with client.pipeline(transaction=True) as pipe:
                pipe.set(link.key(ANNOUNCED), raw)
                pipe.publish(link.key(CHANNEL), raw)
                return await pipe.execute()

        try:
            await link.call(publish)
        except RedisUnavailable:
            logger.warning(
                "version %s will be announced to other instances when Redis is back", announcement.version
            )
            return
        if self._unsent is announcement:
            self._unsent = None

    async def _beat(self) -> None:
        link = self._link
        entry = json.dumps({"version": self._store.current.version, "at": self._clock()})
        with contextlib.suppress(RedisUnavailable):
            await link.call(lambda client: client.hset(link.key(INSTANCES), link.instance, entry))

    async def _heartbeat(self) -> None:
        while True:
            await self._beat()
            await asyncio.sleep(self._heartbeat_s)

    async def _subscribe(self) -> None:
        """Follow announcements for as long as the process runs, subscribing again whenever Redis is back."""
        link = self._link
        while True:
            await link.wait_until_up()
            try:
                async with link.client.pubsub() as pubsub:
                    await pubsub.subscribe(link.key(CHANNEL))
                    logger.info("%s on %s", SUBSCRIBED, link.display, extra={"redis": link.display})
                    await self._beat()
                    await self._announce()
                    await self._catch_up()
                    while True:
                        if not link.up:  # a command failed while this connection kept working
                            await link.wait_until_up()
                        message = await pubsub.get_message(
                            ignore_subscribe_messages=True, timeout=LISTEN_POLL_S
                        )
                        if message is not None:
                            await self._follow(Announcement.loads(message.get("data")))
            except FAILURES as exc:
                link.lost(exc)
            except Exception:  # a bug must not end convergence for the life of the process
                logger.exception("the reload subscription failed: subscribing again")
                await asyncio.sleep(RETRY_AFTER_BUG_S)

    async def _catch_up(self) -> None:
        """Follow an announcement made while this instance was not listening (after it started serving)."""
        link = self._link
        raw = await link.client.get(link.key(ANNOUNCED))
        announcement = Announcement.loads(raw)
        if announcement is not None and announcement.at > self._store.loaded_at.timestamp():
            await self._follow(announcement)

    async def _follow(self, announcement: Announcement | None) -> None:
        if announcement is None or announcement.instance == self._link.instance:
            return
        if announcement.version == self._store.current.version:
            return
        logger.info(
            "instance %s serves version %s: reloading from %s",
            announcement.instance,
            announcement.version,
            self._store.source.display,
        )
        result = await self._store.reload(actor=f"{PEER_ACTOR} {announcement.instance}")
        if result.ok and result.new_version != announcement.version:
            logger.warning(
                "reloaded version %s, not %s as instance %s did: do all instances read one %s? (%s here)",
                result.new_version,
                announcement.version,
                announcement.instance,
                "MLROLE_KNOWLEDGE",
                result.source,
            )


def _entry(raw: str) -> tuple[str, float] | None:
    try:
        data = json.loads(raw)
        return str(data["version"]), float(data["at"])
    except (ValueError, TypeError, KeyError):
        return None
