"""`bot.peers` in process, two stores on one real Redis: what the two-process tests do not reach."""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from bot.peers import ANNOUNCED, CHANNEL, INSTANCE_TTL_S, INSTANCES, SUBSCRIBED, Announcement, Peers
from bot.redis_link import RedisLink
from knowledge.base.sources import parse_source
from knowledge.base.store import KnowledgeStore, ReloadResult
from tests.fakes.knowledge import KB_YAML, write_atomically
from tests.fakes.logs import LogRecorder, recording
from tests.fakes.redis_server import RedisTarget, redis_target
from tests.fakes.slack_api import WAIT_TIMEOUT


@asynccontextmanager
async def peer(redis: RedisTarget, kb_file: Path, name: str) -> AsyncIterator[tuple[Peers, KnowledgeStore]]:
    store = await KnowledgeStore.open(parse_source(str(kb_file)))
    link = RedisLink(redis.url, prefix=redis.prefix, instance=name)
    peers = Peers(link, store)
    peers.start()
    try:
        yield peers, store
    finally:
        await peers.close()
        await link.close()


async def subscribed(log: LogRecorder, count: int) -> None:
    """Until `count` subscriptions have been logged (a record's arrival re-checks the count)."""

    def enough(_: logging.LogRecord) -> bool:
        return len(log.matching(lambda r: SUBSCRIBED in r.getMessage())) >= count

    await asyncio.wait_for(log.wait_for(enough), WAIT_TIMEOUT)


def next_reload(store: KnowledgeStore) -> asyncio.Future[ReloadResult]:
    heard: asyncio.Future[ReloadResult] = asyncio.get_running_loop().create_future()

    async def listen(result: ReloadResult) -> None:
        if not heard.done():
            heard.set_result(result)

    store.add_listener(listen)
    return heard


async def test_garbage_on_the_channel_is_ignored_and_a_followed_reload_is_not_announced_again(
    tmp_path: Path,
) -> None:
    kb_file = write_atomically(tmp_path / "kb.yaml", KB_YAML)
    with recording("mlrole.peers", logging.INFO) as log:
        async with (
            redis_target() as redis,
            peer(redis, kb_file, "A") as (_, a),
            peer(redis, kb_file, "B") as (_, b),
        ):
            await subscribed(log, 2)
            client = RedisLink(redis.url, prefix=redis.prefix).client
            for garbage in ("not json", "{}", json.dumps({"instance": "C", "version": 1})):
                await client.publish(f"{redis.prefix}{CHANNEL}", garbage)

            write_atomically(kb_file, KB_YAML.replace("aliases: [ds]", "aliases: [ds, modeler]"))
            followed = next_reload(b)
            result = await a.reload(actor="U1")
            assert (await asyncio.wait_for(followed, WAIT_TIMEOUT)).new_version == result.new_version
            assert b.current.version == a.current.version

            announced = Announcement.loads(await client.get(f"{redis.prefix}{ANNOUNCED}"))
            assert announced is not None and announced.instance == "A", "B did not announce what it followed"
            await client.aclose()


async def test_healthz_view_counts_live_peers_and_forgets_stale_ones(tmp_path: Path) -> None:
    kb_file = write_atomically(tmp_path / "kb.yaml", KB_YAML)
    async with redis_target() as redis, peer(redis, kb_file, "A") as (peers, store):
        client = RedisLink(redis.url, prefix=redis.prefix).client
        key = f"{redis.prefix}{INSTANCES}"
        now = time.time()
        await client.hset(key, "B", json.dumps({"version": store.current.version, "at": now}))
        assert await peers.health() == {"peers": 1, "peers_version_agree": True}

        await client.hset(key, "C", json.dumps({"version": "other", "at": now}))
        await client.hset(key, "D", json.dumps({"version": "older", "at": now - INSTANCE_TTL_S - 1}))
        await client.hset(key, "E", "garbage")
        assert await peers.health() == {"peers": 2, "peers_version_agree": False}
        assert not {"D", "E"} & set(await client.hkeys(key)), "stale entries are removed"
        await client.aclose()
