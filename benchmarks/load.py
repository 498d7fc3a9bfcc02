"""Load and reliability: a busy Monday against a real `mlrole serve`, on loopback.

    python -m benchmarks.load                        # 1,000 slash commands at concurrency 50, 200 mentions
    python -m benchmarks.load --commands 200 --mentions 50

Slash commands are signed as Slack signs them and sent by `concurrency` workers; each must come back 200 with
its answer (Slack's contract: within 3 seconds). Mentions are sent the same way, and every tenth is sent
again as Slack's retry (`X-Slack-Retry-Num: 1`) right behind the first delivery, while it is being answered:
each mention must get exactly one threaded reply. Replies go to a fake Slack Web API in this process that
counts them per thread; the server is its own process, so the figures are the server's.

It prints a Markdown table (the README's Reliability section is one such output) and exits 1 if any request
failed, any answer was missing or late, or any mention did not get exactly one reply. Timings are printed,
never asserted by the test suite beyond the 3-second contract: machines are shared and noisy.
`tests/bot/test_load.py` runs the same drivers, smaller, in CI.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import secrets
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import aiohttp
from aiohttp import web

from benchmarks import procs
from benchmarks.http_bench import SERVER_READY
from benchmarks.load_drivers import (
    REQUEST_TIMEOUT_S,
    ReplyCounter,
    Summary,
    cycle,
    mention_ts,
    questions,
    send_commands,
    send_mentions,
)
from benchmarks.procs import mlrole_command
from bot.server import EVENTS_PATH
from knowledge.base.loader import load_bundled

COMMANDS: Final = 1_000
MENTIONS: Final = 200
CONCURRENCY: Final = 50
REPLIES_WITHIN_S: Final = 60.0
BOT_TOKEN: Final = "xoxb-load-benchmark"
"""A made-up token: the fake Slack accepts any."""


@dataclass(frozen=True, slots=True)
class Figures:
    commands: Summary
    mentions: Summary
    retries_sent: int
    threads_replied: int
    replies: int
    duplicates: int
    last_reply_s: float
    """From the last mention's ack to the moment every reply had arrived."""
    server_exit: int | None

    @property
    def valid(self) -> bool:
        return (
            self.commands.ok == self.commands.sent
            and self.commands.late == 0
            and self.mentions.ok == self.mentions.sent
            and self.duplicates == 0
            and self.server_exit == 0
        )


async def run(commands: int, mentions: int, concurrency: int, workdir: Path) -> Figures:
    kb = load_bundled()
    secret = secrets.token_hex(32)
    counter = ReplyCounter()
    runner = web.AppRunner(counter.app(), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    fake_url = f"http://127.0.0.1:{runner.addresses[0][1]}"
    env = procs.child_env(
        {
            "PORT": "0",
            "SLACK_BOT_TOKEN": BOT_TOKEN,
            "SLACK_SIGNING_SECRET": secret,
            "SLACK_API_URL": f"{fake_url}/api/",
            "MLROLE_DATABASE_URL": f"sqlite:///{workdir / 'mlrole.db'}",  # recording, as deployed
        }
    )
    argv = [*mlrole_command(), "serve", "--host", "127.0.0.1"]
    server, url = await procs.start(
        "mlrole serve", argv, env=env, log=workdir / "serve.log", ready=SERVER_READY
    )
    assert url is not None
    try:
        connector = aiohttp.TCPConnector(limit=concurrency)
        timeout = aiohttp.ClientTimeout(total=REQUEST_TIMEOUT_S)
        async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:
            events = url + EVENTS_PATH
            asked = questions(kb)
            # Warm-up: Bolt's auth.test, the matcher's first use.
            await send_commands(
                session,
                url=events,
                secret=secret,
                response_url=fake_url + "/response",
                asked=asked,
                concurrency=4,
            )
            command_samples, command_wall = await send_commands(
                session,
                url=events,
                secret=secret,
                response_url=fake_url + "/response",
                asked=cycle(asked, commands),
                concurrency=concurrency,
            )
            mention_samples, mention_wall = await send_mentions(
                session, url=events, secret=secret, asked=cycle(asked, mentions), concurrency=concurrency
            )
            acked = time.perf_counter()
            await counter.wait_for_replies(mentions, REPLIES_WITHIN_S)
            last_reply_s = time.perf_counter() - acked
            # One more mention, answered after every retry was acked: a late duplicate is counted by now.
            await send_mentions(
                session,
                url=events,
                secret=secret,
                asked=["labeler"],
                concurrency=1,
                retry_every=None,
                first=mentions,
            )
            await counter.wait_for_replies(mentions + 1, REPLIES_WITHIN_S)
        await server.stop()
        exit_code = server.process.returncode
    finally:
        await server.stop()
        await runner.cleanup()
    threads = {ts: n for ts, n in counter.threads.items() if ts != mention_ts(mentions)}
    return Figures(
        commands=Summary.of(command_samples, command_wall),
        mentions=Summary.of(mention_samples, mention_wall),
        retries_sent=len(mention_samples) - mentions,
        threads_replied=len(threads),
        replies=sum(threads.values()),
        duplicates=sum(n - 1 for n in threads.values() if n > 1),
        last_reply_s=last_reply_s,
        server_exit=exit_code,
    )


def render(figures: Figures, *, concurrency: int) -> str:
    c, m = figures.commands, figures.mentions
    machine = f"{platform.python_implementation()} {platform.python_version()}, {platform.machine()}"
    rows = [
        "| | Sent | 200 with an answer | Over 3 s | Median | p95 | Max | Requests/s |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        f"| Slash commands (concurrency {concurrency}) | {c.sent} | {c.ok} | {c.late} | {c.median_ms:.0f} ms "
        f"| {c.p95_ms:.0f} ms | {c.max_ms:.0f} ms | {c.per_s:.0f} |",
        f"| Mentions, with {figures.retries_sent} Slack retries | {m.sent} | {m.ok} | {m.late} "
        f"| {m.median_ms:.0f} ms | {m.p95_ms:.0f} ms | {m.max_ms:.0f} ms | {m.per_s:.0f} |",
    ]
    summary = (
        f"Threaded replies: {figures.replies} in {figures.threads_replied} threads, "
        f"{figures.duplicates} duplicates; every reply in {figures.last_reply_s:.2f} s after the last ack. "
        f"`mlrole serve` exit status on SIGTERM: {figures.server_exit}. Machine: {machine}, "
        f"{os.cpu_count()} CPUs."
    )
    return "\n".join([*rows, "", summary])


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.load", description=__doc__.splitlines()[0])
    parser.add_argument("--commands", type=int, default=COMMANDS)
    parser.add_argument("--mentions", type=int, default=MENTIONS)
    parser.add_argument("--concurrency", type=int, default=CONCURRENCY)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="mlrole-load-") as tmp:
        figures = asyncio.run(run(args.commands, args.mentions, args.concurrency, Path(tmp)))
    print(render(figures, concurrency=args.concurrency))
    if figures.threads_replied != args.mentions:
        print(f"missing replies: {args.mentions - figures.threads_replied}", file=sys.stderr)
        return 1
    return 0 if figures.valid else 1


if __name__ == "__main__":
    sys.exit(main())
