"""Odd and hostile questions through every surface of the real app: the slash command's ack, a mention's
threaded reply and a DM's reply. Each gets a sensible answer within Slack's limits, and what the user wrote
comes back as text, never as a ping or a link. Slack's own markup in a question (a real mention, a link) is
not part of what was asked: mentions go, a link keeps its label."""

from __future__ import annotations

import json
from typing import Any

import pytest

from handlers.blocks import Message
from tests.fakes.slack_api import BOT_USER_ID, FakeSlack
from tests.fakes.slack_client import SlackClient
from tests.handlers.conftest import assert_within_limits
from tests.handlers.test_properties import ODD_QUESTIONS, assert_no_invisible_controls

PINGS_AND_LINKS = "<!channel> <!here> <@U123> <https://x|y> & unicorns"
ECHOED = "&lt;!channel&gt; &lt;!here&gt; &lt;@U123&gt; &lt;https://x|y&gt; &amp; unicorns"
"""How Slack must receive the question back when a person typed it: as text."""
WITHOUT_MARKUP = "Sorry, I don't know about “y &amp; unicorns”"
"""The same words as Slack's markup (real mentions, a link): the mentions go, the link's label stays."""


def slack_escaped(text: str) -> str:
    """Text as Slack sends what a user typed: `&`, `<` and `>` as entities."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def as_message(payload: dict[str, Any]) -> Message:
    blocks = payload["blocks"]
    return {"text": payload["text"], "blocks": json.loads(blocks) if isinstance(blocks, str) else blocks}


def assert_sensible(message: Message) -> None:
    assert_within_limits(message)
    assert_no_invisible_controls(message)
    assert "<!" not in json.dumps(message) and "<@U123" not in json.dumps(message)


@pytest.mark.parametrize(
    ("question", "echoed"), [(slack_escaped(PINGS_AND_LINKS), ECHOED), (PINGS_AND_LINKS, WITHOUT_MARKUP)]
)
async def test_a_slash_command_echoes_pings_and_links_as_text(
    slack: SlackClient, question: str, echoed: str
) -> None:
    reply = await slack.command(question)

    assert reply.status == 200
    message = as_message(reply.json())
    assert_sensible(message)
    assert echoed in message["text"]


async def test_a_mention_and_a_dm_echo_pings_and_links_as_text(
    slack: SlackClient, fake_slack: FakeSlack
) -> None:
    text = f"<@{BOT_USER_ID}> {slack_escaped(PINGS_AND_LINKS)}"
    channel_event = {"type": "app_mention", "user": "UPERSON01", "text": text, "ts": "1.1", "channel": "C1"}
    dm_event = {"type": "message", "channel_type": "im", "user": "UPERSON01", "text": text, "ts": "2.2"}
    assert (await slack.event(channel_event)).status == 200
    assert (await slack.event(dm_event | {"channel": "D1"})).status == 200

    for post in await fake_slack.wait_for("chat.postMessage", count=2):
        message = as_message(post.body)
        assert_sensible(message)
        assert ECHOED in message["text"]


@pytest.mark.parametrize("question", ODD_QUESTIONS, ids=lambda q: repr(q[:16]))
async def test_an_odd_question_gets_a_sensible_answer_on_every_surface(
    slack: SlackClient, fake_slack: FakeSlack, question: str
) -> None:
    reply = await slack.command(slack_escaped(question))
    assert reply.status == 200
    assert_sensible(as_message(reply.json()))

    text = f"<@{BOT_USER_ID}> {slack_escaped(question)}"
    event = {"type": "app_mention", "user": "UPERSON01", "text": text, "ts": "3.3", "channel": "C1"}
    assert (await slack.event(event)).status == 200
    [post] = await fake_slack.wait_for("chat.postMessage")
    assert post.body["thread_ts"] == "3.3"
    assert_sensible(as_message(post.body))
