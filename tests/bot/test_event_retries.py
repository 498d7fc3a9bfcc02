"""Slack's retries: the same `event_id` again (with `X-Slack-Retry-Num`) never produces a second reply.

The retry arrives while the first delivery is still being answered: the fake holds the first reply's
`chat.postMessage` until the retries have been acked, which is exactly the slow first attempt that makes
Slack retry. "No second reply" is checked after a later mention's reply has arrived.
"""

from __future__ import annotations

import json

from bot.logging_setup import AddRequestIds
from tests.fakes.logs import recording
from tests.fakes.slack_api import FakeSlack, in_thread
from tests.fakes.slack_client import JSON, Payloads, SlackClient, mention
from tests.fakes.socket_mode import FakeSocketMode

RETRIED = "ignored a repeated delivery of an event"


def retry_headers(n: int, reason: str = "http_timeout") -> dict[str, str]:
    return {"X-Slack-Retry-Num": str(n), "X-Slack-Retry-Reason": reason}


def replies_in(fake_slack: FakeSlack, ts: str) -> int:
    return len(list(filter(in_thread(ts), fake_slack.calls_to("chat.postMessage"))))


async def test_a_retried_event_is_acked_and_answered_once_even_while_the_first_is_slow(
    slack: SlackClient, fake_slack: FakeSlack
) -> None:
    held = fake_slack.hold("chat.postMessage")
    body = json.dumps(slack.event_payload(mention("1700000001.000100")))

    with recording() as log:
        assert (await slack.post(body, content_type=JSON)).status == 200
        await fake_slack.wait_for("chat.postMessage")  # the first reply is on its way, and stuck
        for n in (1, 2, 3):
            retry = await slack.post(body, content_type=JSON, extra_headers=retry_headers(n))
            assert (retry.status, retry.body) == (200, "")
        held.release()

        assert (await slack.event(mention("1700000002.000100"))).status == 200
        await fake_slack.wait_for("chat.postMessage", where=in_thread("1700000002.000100"))

    assert held.answered, "the first delivery's reply went out"
    assert replies_in(fake_slack, "1700000001.000100") == 1
    dropped = log.matching(lambda r: r.getMessage() == RETRIED)
    assert [(r.__dict__["retry_num"], r.__dict__["retry_reason"]) for r in dropped] == [
        ("1", "http_timeout"),
        ("2", "http_timeout"),
        ("3", "http_timeout"),
    ]


async def test_a_duplicate_delivery_without_retry_headers_is_dropped_too(
    slack: SlackClient, fake_slack: FakeSlack
) -> None:
    body = json.dumps(slack.event_payload(mention("1700000003.000100")))

    for _ in range(2):
        assert (await slack.post(body, content_type=JSON)).status == 200
    await fake_slack.wait_for("chat.postMessage")
    assert (await slack.event(mention("1700000004.000100"))).status == 200
    await fake_slack.wait_for("chat.postMessage", where=in_thread("1700000004.000100"))

    assert replies_in(fake_slack, "1700000003.000100") == 1


async def test_a_retry_whose_first_delivery_never_arrived_is_answered(
    slack: SlackClient, fake_slack: FakeSlack
) -> None:
    body = json.dumps(slack.event_payload(mention("1700000005.000100")))

    reply = await slack.post(body, content_type=JSON, extra_headers=retry_headers(1, "http_error"))

    assert reply.status == 200
    [post] = await fake_slack.wait_for("chat.postMessage")
    assert post.body["thread_ts"] == "1700000005.000100"


async def test_a_forged_request_cannot_use_up_an_event_id(slack: SlackClient, fake_slack: FakeSlack) -> None:
    body = json.dumps(slack.event_payload(mention("1700000006.000100")))

    assert (await slack.post(body, content_type=JSON, secret="forged")).status == 401
    assert (await slack.post(body, content_type=JSON)).status == 200

    [post] = await fake_slack.wait_for("chat.postMessage")
    assert post.body["thread_ts"] == "1700000006.000100"


async def test_over_socket_mode_a_redelivered_event_is_acked_and_answered_once(
    socket: FakeSocketMode, fake_slack: FakeSlack
) -> None:
    payloads = Payloads(slack=fake_slack)
    payload = payloads.event_payload(mention("1700000007.000100"))

    with recording() as log:
        log.addFilter(AddRequestIds())
        for _ in range(3):
            ack = await socket.send("events_api", payload)
            assert set(ack) == {"envelope_id"}
        await socket.send("events_api", payloads.event_payload(mention("1700000008.000100")))
        await fake_slack.wait_for("chat.postMessage", where=in_thread("1700000008.000100"))

    assert replies_in(fake_slack, "1700000007.000100") == 1
    dropped = log.matching(lambda r: r.getMessage() == RETRIED)
    assert [r.__dict__["event_id"] for r in dropped] == [payload["event_id"]] * 2, "with the event id"
    assert len({r.__dict__["request_id"] for r in dropped}) == 2, "each delivery is a request of its own"
