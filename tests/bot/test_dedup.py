"""`bot.dedup` on a real Redis: seen once across instances (two links stand for two processes), and this
process's own memory alone while Redis is unreachable, with one log line for the outage."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator

import pytest

from bot.dedup import EVENTS, SharedIds, SharedOncePerPerson
from bot.redis_link import RedisLink
from handlers.once import RecentIds
from tests.fakes.logs import recording
from tests.fakes.redis_server import RedisServer, RedisTarget, free_port, redis_server_or_skip, redis_target

UNREACHABLE = "is unreachable"


@pytest.fixture
async def redis() -> AsyncIterator[RedisTarget]:
    async with redis_target() as target:
        yield target


@pytest.fixture
async def links(redis: RedisTarget) -> AsyncIterator[tuple[RedisLink, RedisLink]]:
    pair = (RedisLink(redis.url, prefix=redis.prefix), RedisLink(redis.url, prefix=redis.prefix))
    yield pair
    for link in pair:
        await link.close()


def events(link: RedisLink | None) -> SharedIds:
    return SharedIds(local=RecentIds(), link=link, namespace=EVENTS)


async def test_an_event_id_is_new_once_across_instances(links: tuple[RedisLink, RedisLink]) -> None:
    a, b = events(links[0]), events(links[1])
    assert await a.first_time("Ev1")
    assert not await b.first_time("Ev1"), "the other instance saw it first"
    assert not await a.first_time("Ev1")
    firsts = await asyncio.gather(*(ids.first_time("Ev2") for ids in (a, b, a, b)))
    assert sorted(firsts) == [False, False, False, True], "racing deliveries: exactly one answers"


async def test_an_event_id_lives_as_long_as_slack_retries(
    links: tuple[RedisLink, RedisLink], redis: RedisTarget
) -> None:
    await events(links[0]).first_time("Ev9")
    ttl = await links[0].client.ttl(f"{redis.prefix}{EVENTS}:Ev9")
    assert 14 * 60 < ttl <= 15 * 60


async def test_once_per_person_across_instances(links: tuple[RedisLink, RedisLink]) -> None:
    a, b = SharedOncePerPerson(links[0]), SharedOncePerPerson(links[1])
    assert await a.first_time("feedback:answer-1", "U1")
    assert not await b.first_time("feedback:answer-1", "U1")
    assert await b.first_time("feedback:answer-1", "U2")
    assert await b.first_time("ask-owners:entry-1", "U1")


async def test_a_forgotten_act_may_be_done_again_on_any_instance(links: tuple[RedisLink, RedisLink]) -> None:
    a, b = SharedOncePerPerson(links[0]), SharedOncePerPerson(links[1])
    assert await a.first_time("ask-owners:entry-1", "U1")
    await a.forget("ask-owners:entry-1", "U1")  # posting failed
    assert await b.first_time("ask-owners:entry-1", "U1"), "another instance may try again"
    assert not await a.first_time("ask-owners:entry-1", "U1")


async def test_without_redis_the_process_remembers_alone_and_says_so_once() -> None:
    link = RedisLink(f"redis://127.0.0.1:{free_port()}/0", prefix="mlrole-test:")
    ids = events(link)
    once = SharedOncePerPerson(link)
    with recording("mlrole.redis", logging.WARNING) as log:
        assert await ids.first_time("Ev1")
        assert not await ids.first_time("Ev1")
        assert await ids.first_time("Ev2")
        assert await once.first_time("feedback:1", "U1")
        assert not await once.first_time("feedback:1", "U1")
    assert not link.up
    assert len(log.matching(lambda r: UNREACHABLE in r.getMessage())) == 1
    await link.close()


async def test_an_outage_is_logged_at_most_once_a_minute_and_its_end_once() -> None:
    server: RedisServer = redis_server_or_skip()
    now = [0.0]
    link = RedisLink(server.url, prefix="mlrole-test:", probe_s=0.05, clock=lambda: now[0])
    try:
        with recording("mlrole.redis", logging.INFO) as log:
            assert await events(link).first_time("Ev1"), "nobody listens on the port yet"
            for seconds in (30.0, 59.0, 60.0, 61.0):
                now[0] = seconds
                link.lost(ConnectionError("still gone"))
            back = asyncio.create_task(link.wait_until_up())
            await server.start()
            await asyncio.wait_for(back, 10)
        outages = log.matching(lambda r: UNREACHABLE in r.getMessage())
        assert len(outages) == 2, "at 0 s and at 60 s, not at 30, 59 or 61"
        assert len(log.matching(lambda r: "reachable again" in r.getMessage())) == 1
        assert link.up
        assert await events(link).first_time("Ev1")
        assert not await events(link).first_time("Ev1"), "Redis remembers again"
    finally:
        await link.close()
        await server.stop()
