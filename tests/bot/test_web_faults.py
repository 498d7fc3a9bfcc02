"""Slack's bad days on the way out: 429s, 5xx, dropped connections and dead `response_url`s.

The real app serves on loopback against the fake Slack, which scripts the faults. Every wait the retry
handlers ask for is recorded by `Sleeps` and returns at once, so the tests check the backoff without waiting.
"""

from __future__ import annotations

import asyncio
import json
import logging
import socket
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

import pytest
from slack_bolt.async_app import AsyncApp
from slack_sdk.http_retry.response import HttpResponse

from bot.app import create_app
from bot.logging_setup import AddRequestIds
from bot.retries import MAX_RETRIES, RetryPolicy, retry_after
from bot.settings import Settings
from knowledge.base.store import KnowledgeStore
from tests.fakes.logs import LogRecorder, recording
from tests.fakes.slack_api import RESPOND, Call, FakeSlack, Fault, in_thread
from tests.fakes.slack_client import FORM, SlackClient, buttons, mention

FAILED = "could not handle a Slack request"
REFUSED = "a response_url refused the message"
UNREACHABLE = "could not post to a response_url"


class Sleeps:
    """A `RetryPolicy.sleep` that records each wait and does not wait."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)
        await asyncio.sleep(0)


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


@pytest.fixture
def log() -> Iterator[LogRecorder]:
    with recording() as recorder:
        recorder.addFilter(AddRequestIds())
        yield recorder


@pytest.fixture
def app(settings: Settings, store: KnowledgeStore, sleeps: Sleeps) -> AsyncApp:
    """The real app, retrying as in production (no jitter, so every wait is exact) but never waiting."""
    return create_app(settings, store, retries=RetryPolicy(sleep=sleeps, jitter=lambda: 0.0))


def failed(record: logging.LogRecord) -> bool:
    return record.getMessage() == FAILED


async def test_a_rate_limited_reply_waits_as_long_as_retry_after_says_then_goes_out(
    slack: SlackClient, fake_slack: FakeSlack, sleeps: Sleeps, log: LogRecorder
) -> None:
    fake_slack.fail("chat.postMessage", Fault.rate_limited(7), Fault.rate_limited(2))

    assert (await slack.event(mention("1700000001.000100"))).status == 200

    first, second, third = await fake_slack.wait_for("chat.postMessage", count=3)
    assert sleeps.waits == [7.0, 2.0]
    assert first.body == second.body == third.body, "the same reply, sent again"
    assert not log.matching(failed)


@pytest.mark.parametrize("status", [500, 502, 503, 504])
async def test_a_server_error_is_retried_with_a_growing_backoff(
    slack: SlackClient, fake_slack: FakeSlack, sleeps: Sleeps, status: int
) -> None:
    fake_slack.fail("chat.postMessage", Fault(status=status), Fault(status=status))

    assert (await slack.event(mention("1700000002.000100"))).status == 200

    await fake_slack.wait_for("chat.postMessage", count=3)
    assert sleeps.waits == [0.5, 1.0]


async def test_a_dropped_connection_is_retried(
    slack: SlackClient, fake_slack: FakeSlack, sleeps: Sleeps
) -> None:
    fake_slack.fail("chat.postMessage", Fault.dropped())

    assert (await slack.event(mention("1700000003.000100"))).status == 200

    await fake_slack.wait_for("chat.postMessage", count=2)
    assert sleeps.waits == [0.5]


async def test_retries_are_bounded_then_the_failure_is_logged_with_context_and_serving_goes_on(
    slack: SlackClient, fake_slack: FakeSlack, sleeps: Sleeps, log: LogRecorder
) -> None:
    attempts = 1 + MAX_RETRIES
    fake_slack.fail("chat.postMessage", *[Fault(status=503)] * attempts)
    payload = slack.event_payload(mention("1700000004.000100"))

    assert (await slack.post(json.dumps(payload), content_type="application/json")).status == 200

    record = await log.wait_for(failed)
    assert record.levelno == logging.ERROR and record.exc_info is not None
    assert len(fake_slack.calls_to("chat.postMessage")) == attempts
    assert sleeps.waits == [0.5, 1.0, 2.0]
    context = record.__dict__
    assert context["event_id"] == payload["event_id"], "the listener's log carries the event's id"
    assert context["request_id"]
    assert context["request_type"] == "event_callback"
    assert context["event_type"] == "app_mention"
    assert context["channel"] == "CGENERAL01" and context["user"] == "UPERSON01"
    assert context["error_type"] == "SlackApiError" and context["http_status"] == 503
    assert "Bearer" not in record.getMessage()

    # The next mention is answered as usual: nothing was left broken.
    assert (await slack.event(mention("1700000005.000100"))).status == 200
    await fake_slack.wait_for("chat.postMessage", where=in_thread("1700000005.000100"))
    assert len(log.matching(failed)) == 1


async def test_a_retry_after_too_long_to_wait_for_is_not_waited_for(
    slack: SlackClient, fake_slack: FakeSlack, sleeps: Sleeps, log: LogRecorder
) -> None:
    fake_slack.fail("chat.postMessage", Fault.rate_limited(3600))

    assert (await slack.event(mention("1700000006.000100"))).status == 200

    record = await log.wait_for(failed)
    assert record.__dict__["http_status"] == 429
    assert record.__dict__["slack_error"] == "ratelimited"
    assert len(fake_slack.calls_to("chat.postMessage")) == 1
    assert sleeps.waits == []


async def shared_answer(slack: SlackClient) -> dict[str, Any]:
    """The "Share in channel" button of a fresh `/mlrole labeler` answer."""
    reply = await slack.command("labeler")
    [share] = buttons(reply.json()["blocks"])
    return share


async def test_a_dead_response_url_is_logged_and_the_share_stops_there(
    slack: SlackClient, fake_slack: FakeSlack, log: LogRecorder
) -> None:
    share = await shared_answer(slack)
    expired = Fault(status=404, body="expired_url", content_type="text/plain")
    fake_slack.fail(RESPOND, expired)

    assert (await slack.click(share, ephemeral=True)).status == 200

    record = await log.wait_for(lambda r: r.getMessage() == REFUSED)
    assert record.levelno == logging.ERROR
    assert record.__dict__["http_status"] == 404 and record.__dict__["slack_error"] == "expired_url"
    assert record.__dict__["action_id"] == share["action_id"]
    assert record.__dict__["user"] == "UPERSON01" and record.__dict__["channel"] == "CCHANNEL1"
    assert not log.matching(failed), "the listener ended cleanly"
    [refused] = fake_slack.calls_to(RESPOND)
    assert refused.body["response_type"] == "in_channel"
    # The private answer is not deleted when its public copy did not arrive; the next click works.
    assert (await slack.click(share, ephemeral=True)).status == 200
    _, posted, deleted = await fake_slack.wait_for(RESPOND, count=3)
    assert posted.body["response_type"] == "in_channel" and deleted.body["delete_original"] is True


async def test_respond_is_retried_like_the_web_api(
    slack: SlackClient, fake_slack: FakeSlack, sleeps: Sleeps
) -> None:
    share = await shared_answer(slack)
    fake_slack.fail(RESPOND, Fault(status=503), Fault.rate_limited(4))

    assert (await slack.click(share, ephemeral=True)).status == 200

    calls: list[Call] = await fake_slack.wait_for(RESPOND, count=4)
    assert [call.body.get("delete_original") for call in calls] == [None, None, None, True]
    assert sleeps.waits == [0.5, 4.0]


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_a_response_url_that_refuses_connections_is_retried_then_logged(
    slack: SlackClient, sleeps: Sleeps, log: LogRecorder
) -> None:
    share = await shared_answer(slack)
    payload = slack.block_action_payload(share, ephemeral=True)
    payload["response_url"] = f"http://127.0.0.1:{closed_port()}/respond/gone"

    reply = await slack.post(urlencode({"payload": json.dumps(payload)}), content_type=FORM)

    assert reply.status == 200
    record = await log.wait_for(lambda r: r.getMessage() == UNREACHABLE)
    assert record.exc_info is not None
    assert record.__dict__["error_type"] == "ClientConnectorError"
    assert record.__dict__["action_id"] == share["action_id"]
    assert sleeps.waits == [0.5, 1.0, 2.0]
    assert not log.matching(failed), "the listener ended cleanly"
    logged = json.dumps({k: str(v) for k, v in record.__dict__.items()})
    assert "/respond/gone" not in logged, "a response_url is a credential: it is not logged"


def test_the_backoff_doubles_and_jitter_adds_at_most_as_much_again() -> None:
    policy = RetryPolicy(backoff_s=0.5, jitter=lambda: 0.5)
    assert [policy.backoff(n) for n in range(3)] == [0.75, 1.5, 3.0]


@pytest.mark.parametrize(
    ("headers", "expected"),
    [({"Retry-After": "3"}, 3.0), ({"retry-after": "0"}, 0.0), ({}, None), ({"Retry-After": "soon"}, None)],
)
def test_retry_after_is_read_in_seconds(headers: dict[str, str], expected: float | None) -> None:
    assert retry_after(HttpResponse(status_code=429, headers=dict(headers))) == expected
