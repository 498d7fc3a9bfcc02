"""The real `mlrole serve` process: a graceful stop on SIGTERM, and its structured, secret-free logs.

Work is kept in flight deterministically by the fake Slack holding a call the bot is waiting on: `auth.test`,
which Bolt makes inside the first request it handles, or the `chat.postMessage` of a mention's reply, which
Bolt sends after it has acked the event.
"""

from __future__ import annotations

import asyncio
import json
import signal

import aiohttp
import pytest

from bot.server import EVENTS_PATH, HEALTH_PATH
from knowledge.base.model import KnowledgeBase
from tests.bot.serve_process import Process, start_serve
from tests.fakes.env import APP_TOKEN, BOT_TOKEN, SIGNING_SECRET
from tests.fakes.slack_api import WAIT_TIMEOUT, FakeSlack, Fault
from tests.fakes.slack_client import SlackClient, mention

STOPPED_ACCEPTING = "stopped accepting connections"
FINISHING = "task(s) in flight"


async def sigterm_and_wait_until_it_stops_accepting(process: Process) -> None:
    mark = len(process.lines)
    process.proc.send_signal(signal.SIGTERM)
    await process.wait_for_line(lambda line: STOPPED_ACCEPTING in line, after=mark)


async def assert_new_connections_are_refused(url: str) -> None:
    async with aiohttp.ClientSession() as session:
        with pytest.raises(aiohttp.ClientConnectorError):
            await session.get(url + HEALTH_PATH)


async def exit_code(process: Process) -> int:
    code = await asyncio.wait_for(process.proc.wait(), WAIT_TIMEOUT)
    await process.drained()
    return code


async def test_sigterm_refuses_new_connections_and_answers_the_request_in_flight(
    fake_slack: FakeSlack, bundled_kb: KnowledgeBase
) -> None:
    async with start_serve(fake_slack) as process, aiohttp.ClientSession() as session:
        url = await asyncio.wait_for(process.url, WAIT_TIMEOUT)  # after start-up's own `auth.test`
        held = fake_slack.hold("auth.test")  # Bolt's first request waits on it, before it can answer
        slack = SlackClient(url=url + EVENTS_PATH, secret=SIGNING_SECRET, session=session, slack=fake_slack)
        in_flight = asyncio.create_task(slack.command("labeler"))
        await fake_slack.wait_for("auth.test", count=2)

        await sigterm_and_wait_until_it_stops_accepting(process)
        await assert_new_connections_are_refused(url)
        assert not in_flight.done()
        held.release()
        reply = await asyncio.wait_for(in_flight, WAIT_TIMEOUT)

        assert await exit_code(process) == 0
    assert reply.status == 200
    labeler = bundled_kb.role("data-labeler")
    assert labeler is not None
    assert reply.json()["blocks"][0]["text"]["text"] == labeler.name


async def test_sigterm_lets_a_reply_being_sent_finish_before_exiting(fake_slack: FakeSlack) -> None:
    async with start_serve(fake_slack) as process, aiohttp.ClientSession() as session:
        url = await asyncio.wait_for(process.url, WAIT_TIMEOUT)
        slack = SlackClient(url=url + EVENTS_PATH, secret=SIGNING_SECRET, session=session, slack=fake_slack)
        held = fake_slack.hold("chat.postMessage")
        assert (await slack.event(mention("1700000001.000100"))).status == 200  # acked: the reply follows
        await fake_slack.wait_for("chat.postMessage")

        await sigterm_and_wait_until_it_stops_accepting(process)
        await assert_new_connections_are_refused(url)
        await process.wait_for_line(lambda line: FINISHING in line)
        held.release()

        assert await exit_code(process) == 0
    assert held.answered, "the bot was still there to receive Slack's answer"
    assert not [line for line in process.lines if "cancelled" in line]


async def test_the_logs_are_json_lines_with_the_requests_ids_and_no_secrets(fake_slack: FakeSlack) -> None:
    # Slack refuses the reply, and its answer echoes the token: the error is logged, the token is not.
    refusal = json.dumps({"ok": False, "error": "not_in_channel", "echo": f"Bearer {BOT_TOKEN}"})
    fake_slack.fail("chat.postMessage", Fault(status=200, body=refusal, content_type="application/json"))
    async with start_serve(fake_slack) as process, aiohttp.ClientSession() as session:
        url = await asyncio.wait_for(process.url, WAIT_TIMEOUT)
        slack = SlackClient(url=url + EVENTS_PATH, secret=SIGNING_SECRET, session=session, slack=fake_slack)
        payload = slack.event_payload(mention("1700000002.000100"))
        reply = await slack.post(json.dumps(payload), content_type="application/json")
        assert reply.status == 200
        error_line = await process.wait_for_line(lambda line: "could not handle a Slack request" in line)
        assert await process.stop() == 0

    entries = [json.loads(line) for line in process.lines]  # every line is one JSON object
    error = json.loads(error_line)
    assert error["level"] == "ERROR"
    assert error["event_id"] == payload["event_id"] and error["request_id"]
    assert (error["event_type"], error["channel"], error["user"]) == (
        "app_mention",
        "CGENERAL01",
        "UPERSON01",
    )
    assert (error["error_type"], error["slack_error"]) == ("SlackApiError", "not_in_channel")
    assert "Traceback" in error["exception"]
    [answered] = [e for e in entries if e["message"].startswith("answered a Slack request")]
    assert (answered["request_id"], answered["event_id"]) == (error["request_id"], payload["event_id"])
    assert answered["status"] == 200
    log = "".join(process.lines)
    for secret in (BOT_TOKEN, SIGNING_SECRET, APP_TOKEN):
        assert secret not in log
    assert "Bearer [redacted]" in error["exception"]
