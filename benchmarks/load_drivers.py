"""The load benchmark's drivers: signed slash commands and mentions (with Slack's retries) sent by concurrent
workers, timed, and the fake Slack's count of threaded replies. `benchmarks.load` runs them against a real
`mlrole serve`; `tests/bot/test_load.py` runs them smaller in CI."""

from __future__ import annotations

import asyncio
import json
import statistics
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

import aiohttp
from aiohttp import web

from benchmarks.slack_requests import sign, signed_slash_commands
from knowledge.base.model import KnowledgeBase

RETRY_EVERY: Final = 10
"""Every tenth mention is also sent as Slack's retry of it."""
ANSWER_WITHIN_S: Final = 3.0
"""Slack's deadline for an acknowledgement; a slash command's answer is its acknowledgement."""
REQUEST_TIMEOUT_S: Final = 30.0
BOT_USER_ID: Final = "U0LOADBOT"


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
