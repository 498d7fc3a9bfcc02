""" "Ask the owners" end to end over HTTP: the question lands in the mapped channel, once per question per
person, and the asker is told where (with a link), or to ask there directly when the bot is not in it."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from handlers.blocks import Message
from knowledge.base.sources import parse_source
from knowledge.base.store import KnowledgeStore
from tests.fakes.org import CHANNEL, CONTACT, GROUP, LABEL_CHANNEL, without, write_org_kb
from tests.fakes.slack_api import RESPOND, Call, FakeSlack
from tests.fakes.slack_client import USER_ID, SlackClient, buttons, mention

OTHER_USER = "UOTHER001"
AssertWithinLimits = Callable[[Message], None]


@pytest.fixture
async def store(tmp_path: Path) -> KnowledgeStore:
    return await KnowledgeStore.open(parse_source(str(write_org_kb(tmp_path / "kb"))))


async def _ask_button(slack: SlackClient, question: str) -> dict[str, Any]:
    reply = await slack.command(question)
    [ask] = [b for b in buttons(reply.json()["blocks"]) if b["action_id"] == "mlrole_ask_owners"]
    return ask


def _section_texts(call: Call) -> str:
    return "\n".join(json.dumps(block) for block in call.blocks)


async def _told(fake: FakeSlack, count: int) -> Call:
    """The `count`-th message the asker was sent through a click's `response_url`."""
    told = (await fake.wait_for(RESPOND, count=count))[count - 1]
    assert told.body["response_type"] == "ephemeral"
    assert told.body["replace_original"] is False, "the answer the asker saw stays"
    return told


async def test_the_question_lands_in_the_mapped_channel_once_and_the_asker_is_told_where(
    slack: SlackClient, fake_slack: FakeSlack, within_limits: AssertWithinLimits
) -> None:
    ask = await _ask_button(slack, "who owns deployment &amp; &lt;#C1&gt;")  # as Slack sends what was typed

    assert (await slack.click(ask, ephemeral=True)).status == 200
    [post] = await fake_slack.wait_for("chat.postMessage")
    assert post.body["channel"] == CHANNEL
    assert post.body["text"].startswith(f"<@{USER_ID}> asks: “who owns deployment &amp; &lt;#C1&gt;”")
    shown = _section_texts(post)
    assert "Deployment" in shown and f"<!subteam^{GROUP}>" in shown
    assert "<#C1>" not in json.dumps(post.body), "the asker's words are never a live mention"
    ours = (f"<@{USER_ID}>", f"<!subteam^{GROUP}>", f"<#{CHANNEL}>", f"<@{CONTACT}>")
    within_limits(without({"text": post.body["text"], "blocks": post.blocks}, ours))
    [link] = await fake_slack.wait_for("chat.getPermalink")
    assert (link.body["channel"], link.body["message_ts"]) == (CHANNEL, "1700000000.000001")
    told = await _told(fake_slack, 1)
    permalink = f"https://example.slack.com/archives/{CHANNEL}/p1700000000000001"
    assert f"<#{CHANNEL}>" in told.body["text"]
    assert f"<{permalink}|see your question>" in json.dumps(told.body["blocks"])
    within_limits(
        without(
            {"text": told.body["text"], "blocks": told.body["blocks"]},
            [*ours, f"<{permalink}|see your question>"],
        )
    )

    await slack.click(ask, ephemeral=True)  # the same person, the same question: not posted again

    again = await _told(fake_slack, 2)
    assert "already sent" in again.body["blocks"][0]["text"]["text"]
    assert permalink in again.body["blocks"][0]["text"]["text"]
    assert len(fake_slack.calls_to("chat.postMessage")) == 1

    await slack.click(ask, ephemeral=True, user=OTHER_USER)  # someone else asking it is another question

    await _told(fake_slack, 3)
    posts = fake_slack.calls_to("chat.postMessage")
    assert len(posts) == 2 and posts[1].body["text"].startswith(f"<@{OTHER_USER}> asks:")


async def test_from_a_thread_the_asker_is_told_privately(slack: SlackClient, fake_slack: FakeSlack) -> None:
    await slack.event(mention("1700000500.000100", "who owns data labeling?"))
    [answer] = await fake_slack.wait_for("chat.postMessage")
    [ask] = buttons(answer.blocks)
    assert ask["text"]["text"] == f"Ask the owners in #{LABEL_CHANNEL}"

    message = {"type": "message", "ts": "1700000500.000200", "text": answer.body["text"]}
    await slack.click(ask, ephemeral=False, message=message)

    posts = await fake_slack.wait_for("chat.postMessage", count=2)
    assert posts[1].body["channel"] == LABEL_CHANNEL
    told = await _told(fake_slack, 1)
    assert f"<#{LABEL_CHANNEL}>" in told.body["text"]


async def test_when_the_bot_is_not_in_the_channel_the_asker_is_sent_there(
    slack: SlackClient, fake_slack: FakeSlack
) -> None:
    fake_slack.not_in_channels.add(LABEL_CHANNEL)
    ask = await _ask_button(slack, "who owns data labeling?")

    await slack.click(ask, ephemeral=True)

    told = await _told(fake_slack, 1)
    text = told.body["blocks"][0]["text"]["text"]
    assert text == (
        f"I'm not a member of <#{LABEL_CHANNEL}>, so I couldn't post your question there. "
        f"Please ask in <#{LABEL_CHANNEL}> directly."
    )
    assert fake_slack.calls_to("chat.getPermalink") == []

    fake_slack.not_in_channels.clear()  # someone invites the bot; the same click now goes through
    await slack.click(ask, ephemeral=True)

    told = await _told(fake_slack, 2)
    assert told.body["text"] == f"Sent to <#{LABEL_CHANNEL}>."
    assert [p.body["channel"] for p in fake_slack.calls_to("chat.postMessage")] == [LABEL_CHANNEL] * 2


async def test_a_button_value_that_is_not_ours_gets_a_polite_answer(
    slack: SlackClient, fake_slack: FakeSlack
) -> None:
    ask = await _ask_button(slack, "who owns deployment?")
    for value in (
        "not json",
        json.dumps({"id": "evaluation", "q": "x"}),
        json.dumps({"id": "nope", "q": "x"}),
    ):
        await slack.click(ask | {"value": value}, ephemeral=True)
    told = await fake_slack.wait_for(RESPOND, count=3)
    assert "could not read that button" in told[0].body["text"]
    assert all("no channel to ask" in call.body["text"] for call in told[1:])
    assert fake_slack.calls_to("chat.postMessage") == []


async def test_the_click_is_acked_before_the_post_and_a_quick_second_click_posts_nothing(
    slack: SlackClient, fake_slack: FakeSlack
) -> None:
    ask = await _ask_button(slack, "who owns deployment?")
    held = fake_slack.hold("chat.postMessage")

    assert (await slack.click(ask, ephemeral=True)).status == 200  # while the post waits for Slack
    await fake_slack.wait_for("chat.postMessage")
    assert (await slack.click(ask, ephemeral=True)).status == 200

    first = await _told(fake_slack, 1)
    assert "already sent" in first.body["blocks"][0]["text"]["text"], (
        "the second click, while the first posts"
    )
    held.release()
    second = await _told(fake_slack, 2)
    assert second.body["text"] == f"Sent to <#{CHANNEL}>."
    assert len(fake_slack.calls_to("chat.postMessage")) == 1
