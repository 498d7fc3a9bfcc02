"""Two `mlrole serve` processes, one fake Slack, one real Redis: they behave as one bot.

- The same event delivered to both at once gets one reply; the other instance logs it as a repeat.
- A reload on one (an admin's `/mlrole reload`, or SIGHUP) brings the other to the same version within 2 s,
  awaited on the other's own reload log line.
- Redis stopped mid-run: both keep answering every event, neither crashes; when Redis is back they
  subscribe again and reloads converge again.
"""

from __future__ import annotations

import asyncio
import json
import signal
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from bot.peers import SUBSCRIBED
from bot.server import EVENTS_PATH, HEALTH_PATH
from knowledge.base.loader import load_path
from tests.bot.serve_process import Process, start_serve
from tests.fakes.env import ADMIN_ID, BOT_TOKEN, SIGNING_SECRET
from tests.fakes.knowledge import KB_YAML, write_atomically
from tests.fakes.redis_server import own_redis_server, redis_target
from tests.fakes.slack_api import WAIT_TIMEOUT, FakeSlack, in_thread
from tests.fakes.slack_client import JSON, SlackClient, mention
from tests.handlers.reloading import reload_as

CONVERGE_S = 2.0
POLL_S = 0.02
"""The issue's bound: another instance serves a reloaded version within this long."""
REPEAT = "ignored a repeated delivery of an event"
UNREACHABLE = "is unreachable"

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="POSIX processes and signals")


@dataclass
class Instance:
    process: Process
    url: str
    slack: SlackClient

    async def health(self) -> dict[str, Any]:
        async with self.slack.session.get(self.url + HEALTH_PATH) as response:
            assert response.status == 200
            data = await response.json()
            assert isinstance(data, dict)
            return data


@asynccontextmanager
async def two_instances(
    fake_slack: FakeSlack, *, redis_url: str, prefix: str, kb_dir: Path
) -> AsyncIterator[tuple[Instance, Instance]]:
    async with AsyncExitStack() as stack:
        session = await stack.enter_async_context(aiohttp.ClientSession())
        processes = [
            await stack.enter_async_context(
                start_serve(
                    fake_slack, REDIS_URL=redis_url, MLROLE_REDIS_PREFIX=prefix, MLROLE_KNOWLEDGE=str(kb_dir)
                )
            )
            for _ in range(2)
        ]
        instances = []
        for process in processes:
            url = await asyncio.wait_for(process.url, WAIT_TIMEOUT)
            await process.wait_for_line(lambda line: SUBSCRIBED in line)
            events = url + EVENTS_PATH
            slack = SlackClient(url=events, secret=SIGNING_SECRET, session=session, slack=fake_slack)
            instances.append(Instance(process, url, slack))
        yield instances[0], instances[1]
        for instance in instances:
            assert await instance.process.stop() == 0, "still running, and stops cleanly on SIGTERM"
            log = "".join(instance.process.lines)
            assert "Traceback" not in log
            assert BOT_TOKEN not in log and SIGNING_SECRET not in log


def kb_dir_with(tmp_path: Path, text: str) -> Path:
    kb_dir = tmp_path / "kb"
    kb_dir.mkdir(exist_ok=True)
    write_atomically(kb_dir / "kb.yaml", text)
    return kb_dir


async def peer_reloaded(instance: Instance, version: str, *, after: int, within: float = CONVERGE_S) -> None:
    """The instance's own log says it reloaded `version` because a peer announced it, `within` seconds."""
    await asyncio.wait_for(
        instance.process.wait_for_line(
            lambda line: "actor='peer " in line and f"new_version='{version}'" in line, after=after
        ),
        within,
    )


async def agreeing(instance: Instance, *, within: float = CONVERGE_S) -> dict[str, Any]:
    """The instance's `/healthz` once it sees every peer on its version. An instance writes its version to
    Redis just after its reload is logged (and on every heartbeat), so the view may trail the log a moment;
    polled briefly, as a load balancer's health check would, within `within` seconds."""

    async def poll() -> dict[str, Any]:
        # Another process writes what `/healthz` reads: no event here to await, so a short bounded poll.
        while (health := await instance.health())["peers_version_agree"] is not True:  # noqa: ASYNC110
            await asyncio.sleep(POLL_S)
        return health

    return await asyncio.wait_for(poll(), within)


async def test_the_same_event_delivered_to_two_instances_is_answered_once(
    fake_slack: FakeSlack, tmp_path: Path
) -> None:
    kb_dir = kb_dir_with(tmp_path, KB_YAML)
    async with (
        redis_target() as redis,
        two_instances(fake_slack, redis_url=redis.url, prefix=redis.prefix, kb_dir=kb_dir) as (a, b),
    ):
        for n in range(3):
            ts = f"1700000100.00010{n}"
            body = json.dumps(a.slack.event_payload(mention(ts, "who labels data")))
            marks = (len(a.process.lines), len(b.process.lines))
            replies = await asyncio.gather(
                a.slack.post(body, content_type=JSON), b.slack.post(body, content_type=JSON)
            )
            assert [reply.status for reply in replies] == [200, 200]
            await fake_slack.wait_for("chat.postMessage", where=in_thread(ts))
            repeat = asyncio.create_task(a.process.wait_for_line(lambda line: REPEAT in line, after=marks[0]))
            other = asyncio.create_task(b.process.wait_for_line(lambda line: REPEAT in line, after=marks[1]))
            done, pending = await asyncio.wait({repeat, other}, return_when=asyncio.FIRST_COMPLETED)
            for task in pending:
                task.cancel()
            for task in done:
                assert REPEAT in task.result(), "one of the two logged the delivery as a repeat"

        # A later event's reply has arrived: a second reply to any of the three would have come before it.
        await a.slack.event(mention("1700000200.000100"))
        await fake_slack.wait_for("chat.postMessage", where=in_thread("1700000200.000100"))
        for n in range(3):
            replies_to_it = fake_slack.calls_to("chat.postMessage")
            assert len([call for call in replies_to_it if in_thread(f"1700000100.00010{n}")(call)]) == 1


async def test_a_reload_on_one_instance_brings_the_other_to_the_same_version(
    fake_slack: FakeSlack, tmp_path: Path
) -> None:
    kb_dir = kb_dir_with(tmp_path, KB_YAML)
    first = load_path(kb_dir).version
    async with (
        redis_target() as redis,
        two_instances(fake_slack, redis_url=redis.url, prefix=redis.prefix, kb_dir=kb_dir) as (a, b),
    ):
        assert (await a.health())["version"] == (await b.health())["version"] == first
        assert (await a.health())["peers_version_agree"] is True

        # An admin's `/mlrole reload` on A.
        write_atomically(kb_dir / "kb.yaml", KB_YAML.replace("aliases: [ds]", "aliases: [ds, modeler]"))
        second = load_path(kb_dir).version
        mark = len(b.process.lines)
        assert second in json.dumps((await reload_as(ADMIN_ID, a.slack, fake_slack)).result)
        await peer_reloaded(b, second, after=mark)
        assert (await b.health())["version"] == second
        answer = (await b.slack.command("modeler")).json()
        assert answer["blocks"][0]["text"]["text"] == "Data Scientist", "B answers from the new version"

        # SIGHUP on B, the other way round.
        write_atomically(kb_dir / "kb.yaml", KB_YAML.replace("aliases: [mle]", "aliases: [mle, mlops]"))
        third = load_path(kb_dir).version
        mark = len(a.process.lines)
        b.process.proc.send_signal(signal.SIGHUP)
        await peer_reloaded(a, third, after=mark)
        a_health, b_health = await agreeing(a), await agreeing(b)
        assert a_health["version"] == b_health["version"] == third
        assert a_health["peers"] == b_health["peers"] == 1


async def test_redis_stopping_mid_run_loses_no_answer_and_crashes_nothing(
    fake_slack: FakeSlack, tmp_path: Path
) -> None:
    kb_dir = kb_dir_with(tmp_path, KB_YAML)
    async with (
        own_redis_server() as server,
        two_instances(fake_slack, redis_url=server.url, prefix="mlrole-outage:", kb_dir=kb_dir) as (a, b),
    ):
        marks = (len(a.process.lines), len(b.process.lines))
        await server.stop()

        for n, instance in enumerate((a, b, a, b, a, b)):
            ts = f"1700000300.00010{n}"
            assert (await instance.slack.event(mention(ts, "who labels data"))).status == 200
            await fake_slack.wait_for("chat.postMessage", where=in_thread(ts))
        assert (await a.slack.command("labeler")).status == 200
        for instance, mark in zip((a, b), marks, strict=True):
            assert instance.process.proc.returncode is None, "still running"
            await instance.process.wait_for_line(lambda line: UNREACHABLE in line, after=mark)
            assert len([line for line in instance.process.lines if UNREACHABLE in line]) == 1, "logged once"
            assert (await instance.health())["peers_version_agree"] is None, "cannot tell without Redis"

        # A reload while Redis is away serves at once on A, and reaches B once Redis is back.
        write_atomically(kb_dir / "kb.yaml", KB_YAML.replace("aliases: [ds]", "aliases: [ds, modeler]"))
        during = load_path(kb_dir).version
        assert during in json.dumps((await reload_as(ADMIN_ID, a.slack, fake_slack)).result)
        assert (await b.health())["version"] != during

        marks = (len(a.process.lines), len(b.process.lines))
        await server.start()  # the same port
        for instance, mark in zip((a, b), marks, strict=True):
            await instance.process.wait_for_line(lambda line: SUBSCRIBED in line, after=mark)
        await peer_reloaded(b, during, after=marks[1], within=WAIT_TIMEOUT)

        write_atomically(kb_dir / "kb.yaml", KB_YAML.replace("aliases: [mle]", "aliases: [mle, mlops]"))
        after = load_path(kb_dir).version
        mark = len(b.process.lines)
        assert after in json.dumps((await reload_as(ADMIN_ID, a.slack, fake_slack)).result)
        await peer_reloaded(b, after, after=mark)
        assert (await a.health())["peers_version_agree"] is True
