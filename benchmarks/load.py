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
import json
import os
import platform
import secrets
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

import aiohttp
from aiohttp import web

from benchmarks import procs
from benchmarks.http_bench import SERVER_READY
from benchmarks.procs import mlrole_command
from benchmarks.slack_requests import sign, signed_slash_commands
from bot.server import EVENTS_PATH
from knowledge.base.loader import load_bundled
from knowledge.base.model import KnowledgeBase

COMMANDS: Final = 1_000
MENTIONS: Final = 200
CONCURRENCY: Final = 50
RETRY_EVERY: Final = 10
"""Every tenth mention is also sent as Slack's retry of it."""
ANSWER_WITHIN_S: Final = 3.0
"""Slack's deadline for an acknowledgement; a slash command's answer is its acknowledgement."""
REQUEST_TIMEOUT_S: Final = 30.0
REPLIES_WITHIN_S: Final = 60.0
BOT_USER_ID: Final = "U0LOADBOT"
BOT_TOKEN: Final = "xoxb-load-benchmark"
"""A made-up token: the fake Slack accepts any."""


@dataclass(frozen=True, slots=True)
class Sample:
    status: int
    seconds: float
    answered: bool
    """200 and, for a slash command, a message with text and blocks in the body."""


@dataclass(frozen=True, slots=True)
class Summary:
    sent: int
    ok: int
    """Answered with 200 (and, for commands, a message)."""
    late: int
    """Answered after `ANSWER_WITHIN_S`."""
    median_ms: float
    p95_ms: float
    max_ms: float
    per_s: float

    @classmethod
    def of(cls, samples: Sequence[Sample], wall_s: float) -> Summary:
        times = sorted(sample.seconds for sample in samples) or [0.0]
        return cls(
            sent=len(samples),
            ok=sum(sample.answered for sample in samples),
            late=sum(sample.seconds > ANSWER_WITHIN_S for sample in samples),
            median_ms=statistics.median(times) * 1000,
            p95_ms=times[min(len(times) - 1, int(len(times) * 0.95))] * 1000,
            max_ms=times[-1] * 1000,
            per_s=len(samples) / wall_s if wall_s > 0 else 0.0,
        )


def questions(kb: KnowledgeBase) -> list[str]:
    """What people ask, built from the knowledge base itself, plus the odd ones that reach the bot too."""
    asked = [role.name for role in kb.roles]
    asked += [f"what does the {role.name} do?" for role in kb.roles]
    asked += [f"who owns {task.name.lower()}?" for task in kb.tasks]
    asked += [f"{approach.name} pros and cons" for approach in kb.approaches]
    asked += ["", "help", "roles", "compare the team approaches", "who cleans the office?", "🤖 ?"]
    return asked


def cycle(items: Sequence[str], count: int) -> list[str]:
    return [items[n % len(items)] for n in range(count)]


async def _run_workers(
    count: int, concurrency: int, one: Callable[[int], Awaitable[Sample]]
) -> tuple[list[Sample], float]:
    """`one(n)` for n in range(count) by `concurrency` workers; the samples in order and the wall time."""
    samples: list[Sample | None] = [None] * count
    numbers: Iterator[int] = iter(range(count))

    async def worker() -> None:
        for n in numbers:
            samples[n] = await one(n)

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(min(concurrency, count))))
    wall = time.perf_counter() - started
    return [sample for sample in samples if sample is not None], wall


async def _timed_post(
    session: aiohttp.ClientSession, url: str, body: str, headers: dict[str, str], *, command: bool
) -> Sample:
    started = time.perf_counter()
    try:
        async with session.post(url, data=body.encode(), headers=headers) as response:
            text = await response.text()
            status = response.status
    except (aiohttp.ClientError, TimeoutError):
        return Sample(status=0, seconds=time.perf_counter() - started, answered=False)
    seconds = time.perf_counter() - started
    answered = status == 200
    if command and answered:
        try:
            message = json.loads(text)
        except ValueError:
            message = {}
        answered = bool(message.get("text")) and bool(message.get("blocks"))
    return Sample(status=status, seconds=seconds, answered=answered)


async def send_commands(
    session: aiohttp.ClientSession,
    *,
    url: str,
    secret: str,
    response_url: str,
    asked: Sequence[str],
    concurrency: int,
) -> tuple[list[Sample], float]:
    """One signed `/mlrole <question>` per question, `concurrency` at a time."""
    requests = signed_slash_commands(asked, secret=secret, response_url=response_url)

    async def one(n: int) -> Sample:
        request = requests[n]
        return await _timed_post(session, url, request.body, dict(request.headers), command=True)

    return await _run_workers(len(requests), concurrency, one)


def mention_ts(n: int) -> str:
    return f"1700000000.{n:06d}"


def _mention(n: int, question: str, *, channel: str, bot_user_id: str) -> dict[str, Any]:
    return {
        "token": "load-verification-token",
        "team_id": "T0LOAD",
        "api_app_id": "A0LOAD",
        "type": "event_callback",
        "event_id": f"Ev0LOAD{n:06d}",
        "event_time": int(time.time()),
        "event": {
            "type": "app_mention",
            "user": f"U0LOAD{n % 97:04d}",
            "text": f"<@{bot_user_id}> {question}",
            "ts": mention_ts(n),
            "channel": channel,
            "event_ts": mention_ts(n),
        },
    }


def _signed_json(body: str, secret: str, **extra: str) -> dict[str, str]:
    timestamp = str(int(time.time()))
    return {
        "Content-Type": "application/json",
        "X-Slack-Request-Timestamp": timestamp,
        "X-Slack-Signature": sign(body, secret=secret, timestamp=timestamp),
        **extra,
    }


async def send_mentions(
    session: aiohttp.ClientSession,
    *,
    url: str,
    secret: str,
    asked: Sequence[str],
    concurrency: int,
    retry_every: int | None = RETRY_EVERY,
    channel: str = "C0LOAD",
    bot_user_id: str = BOT_USER_ID,
    first: int = 0,
) -> tuple[list[Sample], float]:
    """One signed `app_mention` per question (ts `mention_ts(first + n)`), `concurrency` at a time; every
    `retry_every`-th is sent again as Slack's retry, next in line, so it arrives while the first delivery is
    being answered."""
    sends: list[tuple[str, dict[str, str]]] = []
    for n, question in enumerate(asked):
        body = json.dumps(_mention(first + n, question, channel=channel, bot_user_id=bot_user_id))
        sends.append((body, {}))
        if retry_every and n % retry_every == 0:
            sends.append((body, {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}))

    async def one(n: int) -> Sample:
        body, retry = sends[n]
        return await _timed_post(session, url, body, _signed_json(body, secret, **retry), command=False)

    return await _run_workers(len(sends), concurrency, one)


@dataclass
class ReplyCounter:
    """A fake Slack Web API that answers `auth.test` and `chat.postMessage` and counts replies per thread."""

    threads: Counter[str] = field(default_factory=Counter)
    _changed: asyncio.Condition = field(default_factory=asyncio.Condition)

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_post("/api/{method}", self._api)
        app.router.add_post("/response/{tail:.*}", self._response_url)
        return app

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        body = (
            await request.json() if request.content_type == "application/json" else dict(await request.post())
        )
        if method == "auth.test":
            return web.json_response(
                {
                    "ok": True,
                    "team_id": "T0LOAD",
                    "user_id": BOT_USER_ID,
                    "bot_id": "B0LOAD",
                    "user": "mlrole",
                }
            )
        if method == "chat.postMessage":
            async with self._changed:
                self.threads[str(body.get("thread_ts"))] += 1
                self._changed.notify_all()
        return web.json_response({"ok": True, "channel": body.get("channel"), "ts": "1700000000.999999"})

    async def _response_url(self, request: web.Request) -> web.Response:
        await request.read()
        return web.Response(text="ok")

    async def wait_for_replies(self, count: int, within_s: float) -> None:
        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(lambda: self.threads.total() >= count), within_s)


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
