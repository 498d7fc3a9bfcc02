"""Requests that are not what Slack sends: unsigned, forged, stale or malformed. None reaches a handler it
should not, and none gets a 500 or a stack trace.

"Reached no handler" is checked with mentions, the one request whose handler calls the Web API: after the
bad requests, a good mention is sent and its reply awaited; only that one reply may exist.
"""

from __future__ import annotations

import json
import time
from typing import Any
from urllib.parse import urlencode

import pytest

from bot.app import create_app
from bot.cli import main
from bot.settings import ConfigError, Settings
from handlers.ids import SHARE_ACTION
from knowledge.base.store import KnowledgeStore
from tests.bot.serve_process import SLACK_VARIABLES
from tests.fakes.env import BOT_TOKEN
from tests.fakes.logs import recording
from tests.fakes.slack_api import FakeSlack
from tests.fakes.slack_client import FORM, JSON, SlackClient, mention


async def only_this_reply_exists(slack: SlackClient, fake_slack: FakeSlack) -> None:
    """Send a good mention, wait for its reply, and check it is the only reply ever posted."""
    assert (await slack.event(mention("1700009999.000100"))).status == 200
    await fake_slack.wait_for("chat.postMessage")
    replies = fake_slack.calls_to("chat.postMessage")
    assert [reply.body["thread_ts"] for reply in replies] == ["1700009999.000100"]


@pytest.mark.parametrize(
    ("case", "secret", "age_s"),
    [
        ("forged", "not-the-signing-secret", 0),
        ("stale", None, 5 * 60 + 30),
        ("from the future", None, -(5 * 60 + 30)),
        ("signed with an empty key", "", 0),
    ],
)
async def test_a_badly_signed_mention_is_refused_and_reaches_no_handler(
    slack: SlackClient, fake_slack: FakeSlack, case: str, secret: str | None, age_s: int
) -> None:
    body = json.dumps(slack.event_payload(mention("1700000001.000100")))

    reply = await slack.post(body, content_type=JSON, secret=secret, timestamp=int(time.time()) - age_s)

    assert reply.status == 401, case
    await only_this_reply_exists(slack, fake_slack)


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({}, 401),
        ({"X-Slack-Request-Timestamp": "{now}"}, 401),
        ({"X-Slack-Signature": "v0=0000"}, 401),
        # A timestamp that is not a number is refused like any other bad signature, before parsing.
        ({"X-Slack-Request-Timestamp": "yesterday", "X-Slack-Signature": "v0=0000"}, 401),
    ],
)
async def test_an_unsigned_mention_is_refused_and_reaches_no_handler(
    slack: SlackClient, fake_slack: FakeSlack, headers: dict[str, str], status: int
) -> None:
    body = json.dumps(slack.event_payload(mention("1700000002.000100")))
    sent = {"Content-Type": JSON} | {k: v.format(now=int(time.time())) for k, v in headers.items()}

    async with slack.session.post(slack.url, data=body.encode(), headers=sent) as response:
        assert response.status == status
        assert "Traceback" not in await response.text()
    await only_this_reply_exists(slack, fake_slack)


def test_http_mode_never_runs_without_a_signing_secret(store: KnowledgeStore) -> None:
    for secret in ("", "   "):
        settings = Settings(mode="http", bot_token=BOT_TOKEN, signing_secret=secret)
        with pytest.raises(ConfigError, match="SLACK_SIGNING_SECRET"):
            create_app(settings, store)
    create_app(Settings(mode="socket", bot_token=BOT_TOKEN, app_token="xapp-1"), store)  # not needed there


@pytest.mark.parametrize("secret", ["", "   "])
def test_mlrole_serve_with_an_empty_signing_secret_does_not_start(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], secret: str
) -> None:
    for name in SLACK_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SLACK_BOT_TOKEN", BOT_TOKEN)
    monkeypatch.setenv("SLACK_SIGNING_SECRET", secret)

    assert main(["serve"]) == 2
    assert "SLACK_SIGNING_SECRET" in capsys.readouterr().err


def click(slack: SlackClient, **changes: Any) -> str:
    """A form body for a button click, with top-level fields of the payload replaced."""
    button = {"action_id": SHARE_ACTION, "text": {"type": "plain_text", "text": "Share"}, "value": "{}"}
    payload = slack.block_action_payload(button, ephemeral=True) | changes
    return urlencode({"payload": json.dumps(payload)})


def command(slack: SlackClient, *, without: str) -> str:
    payload = slack.command_payload("labeler")
    del payload[without]
    return urlencode(payload)


def event(slack: SlackClient, event: dict[str, Any]) -> str:
    return json.dumps(slack.event_payload(event))


MALFORMED: dict[str, Any] = {
    "not form or JSON": lambda s: ("what is a labeler?", "text/plain"),
    "control characters": lambda s: ("\x00\x01\x7f\u202e", FORM),
    "a command without text": lambda s: (command(s, without="text"), FORM),
    "a command without user_id": lambda s: (command(s, without="user_id"), FORM),
    "a command without channel_id": lambda s: (command(s, without="channel_id"), FORM),
    "an unknown command": lambda s: (urlencode({"command": "/other", "text": "x"}), FORM),
    "an unknown event type": lambda s: (event(s, {"type": "reaction_added", "user": "U1"}), JSON),
    "an event without a type": lambda s: (event(s, {"user": "U1"}), JSON),
    "a mention without ts or channel": lambda s: (event(s, {"type": "app_mention", "text": "hi"}), JSON),
    "a DM without a channel": lambda s: (
        event(s, {"type": "message", "channel_type": "im", "user": "U1"}),
        JSON,
    ),
    "a home tab without a user": lambda s: (event(s, {"type": "app_home_opened", "tab": "home"}), JSON),
    "an unknown action id": lambda s: (click(s, actions=[{"action_id": "nope", "block_id": "b"}]), FORM),
    "an empty actions list": lambda s: (click(s, actions=[]), FORM),
    "an action without an id": lambda s: (click(s, actions=[{}]), FORM),
    "a null action": lambda s: (click(s, actions=[None]), FORM),
    "actions that are text": lambda s: (click(s, actions=SHARE_ACTION), FORM),
    "a click without a response_url": lambda s: (click(s, response_url=None), FORM),
    "a click without a user": lambda s: (click(s, user=None), FORM),
    "an unknown interaction type": lambda s: (urlencode({"payload": json.dumps({"type": "nope"})}), FORM),
}


@pytest.mark.parametrize("case", sorted(MALFORMED))
async def test_a_signed_malformed_request_gets_a_4xx_or_a_harmless_200(slack: SlackClient, case: str) -> None:
    body, content_type = MALFORMED[case](slack)

    with recording() as log:
        reply = await slack.post(body, content_type=content_type)

    assert reply.status == 200 or 400 <= reply.status < 500, (case, reply.status)
    assert "Traceback" not in reply.body and "Error" not in reply.body, reply.body
    if reply.status == 200 and reply.body:
        assert reply.json()["text"], "a 200 with a body is a message for the user"
    assert not [r for r in log.records if "Failed to run" in r.getMessage()], "Bolt's errors are ours to log"


async def test_a_handler_that_fails_is_logged_with_the_requests_context(
    slack: SlackClient, fake_slack: FakeSlack
) -> None:
    with recording() as log:
        body = event(slack, {"type": "app_mention", "text": "hi"})
        assert (await slack.post(body, content_type=JSON)).status == 200
        record = await log.wait_for(lambda r: r.getMessage() == "could not handle a Slack request")
    assert record.exc_info is not None
    assert record.__dict__["request_type"] == "event_callback"
    assert record.__dict__["event_type"] == "app_mention"
    assert record.__dict__["error_type"] == "KeyError"
    await only_this_reply_exists(slack, fake_slack)
