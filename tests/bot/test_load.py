"""A busy Monday, CI-sized: signed slash commands and mentions at concurrency 50 against the real app.

The drivers are `benchmarks/load.py`'s; the full-size run (1,000 commands, 200 mentions, `mlrole serve` in
its own process) is `python -m benchmarks.load`, with its figures in the README. Here the only timing checked
is Slack's contract: every slash command answered within 3 seconds.
"""

from __future__ import annotations

from collections import Counter

import aiohttp

from benchmarks.load_drivers import (
    ANSWER_WITHIN_S,
    cycle,
    mention_ts,
    questions,
    send_commands,
    send_mentions,
)
from bot.server import EVENTS_PATH, RunningServer
from knowledge.base.model import KnowledgeBase
from tests.fakes.env import SIGNING_SECRET
from tests.fakes.slack_api import BOT_USER_ID, FakeSlack, in_thread

CONCURRENCY = 50
COMMANDS = 200
MENTIONS = 50
RETRY_EVERY = 5


async def test_every_slash_command_under_load_is_answered_within_three_seconds(
    server: RunningServer, fake_slack: FakeSlack, bundled_kb: KnowledgeBase
) -> None:
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=CONCURRENCY)) as session:
        samples, _ = await send_commands(
            session,
            url=server.url + EVENTS_PATH,
            secret=SIGNING_SECRET,
            response_url=fake_slack.response_url("load"),
            asked=cycle(questions(bundled_kb), COMMANDS),
            concurrency=CONCURRENCY,
        )

    assert len(samples) == COMMANDS
    assert [s.status for s in samples] == [200] * COMMANDS
    assert all(s.answered for s in samples), "each 200 carries the answer"
    assert max(s.seconds for s in samples) <= ANSWER_WITHIN_S


async def test_every_mention_under_load_gets_exactly_one_threaded_reply_despite_retries(
    server: RunningServer, fake_slack: FakeSlack, bundled_kb: KnowledgeBase
) -> None:
    url = server.url + EVENTS_PATH
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=CONCURRENCY)) as session:
        samples, _ = await send_mentions(
            session,
            url=url,
            secret=SIGNING_SECRET,
            asked=cycle(questions(bundled_kb), MENTIONS),
            concurrency=CONCURRENCY,
            retry_every=RETRY_EVERY,
            bot_user_id=BOT_USER_ID,
        )
        await fake_slack.wait_for("chat.postMessage", count=MENTIONS)
        # One more, after every retry was acked: by its reply, a late duplicate would have been posted.
        await send_mentions(
            session,
            url=url,
            secret=SIGNING_SECRET,
            asked=["labeler"],
            concurrency=1,
            retry_every=None,
            first=MENTIONS,
        )
        await fake_slack.wait_for("chat.postMessage", where=in_thread(mention_ts(MENTIONS)))

    assert len(samples) == MENTIONS + MENTIONS // RETRY_EVERY, "retries were sent too"
    assert [s.status for s in samples] == [200] * len(samples)
    threads = Counter(c.body["thread_ts"] for c in fake_slack.calls_to("chat.postMessage"))
    assert threads == Counter({mention_ts(n): 1 for n in range(MENTIONS + 1)})
