"""`mlrole serve --workers 2`: a real supervisor and its two workers, on one port, over real signals.

It answers; a worker killed with SIGKILL is started again and the port keeps answering; SIGHUP reloads
every worker; one SIGTERM stops them all. Without `REDIS_URL` it warns that retries may be answered twice.
A worker whose supervisor was killed stops by itself.
"""

from __future__ import annotations

import asyncio
import os
import re
import signal
from pathlib import Path

import aiohttp
import pytest

from bot.server import EVENTS_PATH
from bot.startup import EXIT_CONFIG
from bot.workers import PARENT_POLL_S
from knowledge.base.loader import load_path
from tests.bot.serve_process import Process, start_serve
from tests.fakes.env import SIGNING_SECRET
from tests.fakes.knowledge import KB_YAML, write_atomically
from tests.fakes.slack_api import WAIT_TIMEOUT, FakeSlack
from tests.fakes.slack_client import SlackClient

STARTED = re.compile(r"worker (\d+) started \(pid (\d+)\)")
ALL_LISTENING = "with 2 workers"

pytestmark = pytest.mark.skipif(
    not hasattr(signal, "SIGHUP") or not hasattr(os, "pidfd_open"), reason="Linux processes and signals"
)


def worker_pids(process: Process) -> dict[int, int]:
    """Worker index -> its latest pid, from the supervisor's log."""
    pids: dict[int, int] = {}
    for line in process.lines:
        if found := STARTED.search(line):
            pids[int(found.group(1))] = int(found.group(2))
    return pids


async def exited(pid: int) -> None:
    """Wait until process `pid` (not a child of this one) has exited: a pidfd is readable then."""
    try:
        fd = os.pidfd_open(pid)
    except ProcessLookupError:
        return
    loop = asyncio.get_running_loop()
    gone: asyncio.Future[None] = loop.create_future()

    def readable() -> None:
        if not gone.done():
            gone.set_result(None)

    loop.add_reader(fd, readable)
    try:
        await asyncio.wait_for(gone, WAIT_TIMEOUT)
    finally:
        loop.remove_reader(fd)
        os.close(fd)


async def answers(slack: SlackClient, times: int) -> None:
    replies = await asyncio.gather(*(slack.command("labeler") for _ in range(times)))
    for reply in replies:
        assert reply.status == 200
        assert reply.json()["blocks"], "an answer, from whichever worker took the connection"


async def test_two_workers_answer_survive_a_killed_worker_reload_together_and_stop_together(
    fake_slack: FakeSlack, tmp_path: Path
) -> None:
    kb_dir = tmp_path / "kb"
    kb_dir.mkdir()
    write_atomically(kb_dir / "kb.yaml", KB_YAML)
    async with (
        start_serve(fake_slack, serve_args=("--workers", "2"), MLROLE_KNOWLEDGE=str(kb_dir)) as process,
        aiohttp.ClientSession() as session,
    ):
        await process.wait_for_line(lambda line: ALL_LISTENING in line)
        url = await asyncio.wait_for(process.url, WAIT_TIMEOUT)
        assert any("REDIS_URL is not set" in line and "answered twice" in line for line in process.lines)
        slack = SlackClient(url=url + EVENTS_PATH, secret=SIGNING_SECRET, session=session, slack=fake_slack)
        first = worker_pids(process)
        assert sorted(first) == [1, 2] and process.proc.pid not in first.values()
        await answers(slack, 8)

        mark = len(process.lines)
        os.kill(first[1], signal.SIGKILL)
        await process.wait_for_line(lambda line: "worker 1 is listening again" in line, after=mark)
        now = worker_pids(process)
        assert now[1] != first[1] and now[2] == first[2]
        await answers(slack, 8)

        write_atomically(kb_dir / "kb.yaml", KB_YAML.replace("aliases: [ds]", "aliases: [ds, modeler]"))
        version = load_path(kb_dir).version
        mark = len(process.lines)
        process.proc.send_signal(signal.SIGHUP)

        def reloaded(line: str) -> bool:
            return "actor='SIGHUP'" in line and f"new_version='{version}'" in line

        first_reload = await process.wait_for_line(reloaded, after=mark)
        await process.wait_for_line(reloaded, after=process.lines.index(first_reload, mark) + 1)

        assert await process.stop() == 0, "one SIGTERM stops the supervisor and its workers, cleanly"
        for pid in now.values():
            await exited(pid)
    assert "Traceback" not in "".join(process.lines)


async def test_a_worker_whose_supervisor_was_killed_stops_by_itself(fake_slack: FakeSlack) -> None:
    async with start_serve(fake_slack, serve_args=("--workers", "2")) as process:
        await process.wait_for_line(lambda line: ALL_LISTENING in line)
        pids = worker_pids(process)
        process.proc.kill()
        for pid in pids.values():
            await asyncio.wait_for(exited(pid), WAIT_TIMEOUT + 2 * PARENT_POLL_S)


async def test_workers_that_cannot_start_stop_the_supervisor_with_their_status(fake_slack: FakeSlack) -> None:
    async with start_serve(
        fake_slack, serve_args=("--workers", "2"), MLROLE_KNOWLEDGE="/nonexistent/kb"
    ) as process:
        code = await asyncio.wait_for(process.proc.wait(), WAIT_TIMEOUT)
        await process.drained()
    assert code == EXIT_CONFIG
    assert any("cannot use the knowledge base" in line for line in process.lines)
    assert not any(ALL_LISTENING in line for line in process.lines)
