"""What mlrole's log handler lets through from Bolt, slack_sdk and aiohttp: no bodies, response URLs or
`token=` values above DEBUG, and bounded lines."""

from __future__ import annotations

import asyncio
import io
import json
import logging
from collections.abc import Iterator
from typing import Any

import pytest

from bot.log_privacy import LOG_BURST, MAX_EXCEPTION_CHARS, MAX_MESSAGE_CHARS
from bot.logging_setup import json_handler
from bot.retries import RetryingRespond, RetryPolicy, retry_handlers
from tests.fakes.slack_api import RESPOND, FakeSlack, Fault


@pytest.fixture
def stream() -> Iterator[io.StringIO]:
    """Everything any logger writes at INFO and above, through mlrole's handler, into a buffer."""
    buffer = io.StringIO()
    handler = json_handler(secrets=(), stream=buffer)
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    try:
        yield buffer
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)


def lines(stream: io.StringIO) -> list[dict[str, Any]]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


async def _no_wait(_: float) -> None:
    await asyncio.sleep(0)


async def test_slack_sdks_retry_line_does_not_name_the_response_url(
    stream: io.StringIO, fake_slack: FakeSlack
) -> None:
    url = fake_slack.response_url("secret-hook-T1-B2")
    fake_slack.fail(RESPOND, Fault(status=503))
    # slack_sdk writes its retry line at INFO when its logger's own level is unset, as in production.
    assert logging.getLogger("slack_sdk.webhook.async_client").level == logging.NOTSET
    respond = RetryingRespond(
        response_url=url,
        handlers=retry_handlers(RetryPolicy(sleep=_no_wait, jitter=lambda: 0.0)),
        logger=logging.getLogger("mlrole"),
    )

    response = await respond(text="hi")

    assert response.status_code == 200
    logged = stream.getvalue()
    assert "retry handler" in logged, "slack_sdk logged its retry"
    assert "secret-hook" not in logged and url not in logged


@pytest.mark.parametrize(
    ("name", "message"),
    [
        (
            "slack_bolt.RequestVerification",
            "Invalid request signature detected (signature: v0=1, body: text=hi)",
        ),
        ("mlrole", "Unhandled request ({'text': 'my question', 'response_url': 'https://x'})"),
        ("mlrole", "posting to https://hooks.slack.com/commands/T1/2/abc failed"),
        ("mlrole", "got token=abc123&text=hi"),
        ("mlrole", 'a field {"token": "abc123"}'),
    ],
)
def test_bodies_response_urls_and_tokens_are_withheld_above_debug(
    stream: io.StringIO, name: str, message: str
) -> None:
    logging.getLogger(name).warning(message)
    [line] = lines(stream)
    for private in ("text=hi", "my question", "hooks.slack.com/commands", "abc123"):
        assert private not in line["message"]
    assert "[withheld]" in line["message"] or "<response_url>" in line["message"]


def test_every_line_is_capped(stream: io.StringIO) -> None:
    logger = logging.getLogger("mlrole")
    try:
        raise ValueError("x" * 100_000)
    except ValueError:
        logger.exception("a" * 100_000, extra={"field": "b" * 100_000})
    [line] = stream.getvalue().splitlines()
    assert len(line) < MAX_MESSAGE_CHARS + MAX_EXCEPTION_CHARS + 2_000


def test_a_flood_of_the_same_refusal_is_throttled(stream: io.StringIO) -> None:
    logger = logging.getLogger("mlrole.requests")
    for n in range(LOG_BURST * 10):
        logger.info("refused a request to %s: %s", "/slack/events", f"reason {n}")
    assert len(lines(stream)) == LOG_BURST
