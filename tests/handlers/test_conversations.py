"""Mentions and DMs, end to end over HTTP: the answer arrives where the person asked, and only there."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from handlers.blocks import Message, build_help
from handlers.conversation import question_from
from handlers.pipeline import answer
from handlers.routes import IDS
from knowledge.base.model import KnowledgeBase
from tests.fakes.env import BOT_TOKEN
from tests.fakes.slack_api import BOT_ID, BOT_USER_ID, FakeSlack
from tests.fakes.slack_client import USER_ID, SlackClient

AssertWithinLimits = Callable[[Message], None]
CHANNEL = "CGENERAL01"
DM = "DPERSON001"


def mention(text: str, *, ts: str = "1700000100.000100", **extra: Any) -> dict[str, Any]:
    return {
        "type": "app_mention",
        "user": USER_ID,
        "text": text,
        "ts": ts,
        "channel": CHANNEL,
        "event_ts": ts,
        **extra,
    }


def dm(text: str, *, ts: str = "1700000200.000100", **extra: Any) -> dict[str, Any]:
    return {
        "type": "message",
        "channel_type": "im",
        "channel": DM,
        "user": USER_ID,
        "text": text,
        "ts": ts,
        "event_ts": ts,
        **extra,
    }


def _posted(body: dict[str, Any]) -> Message:
    return {"text": body["text"], "blocks": body["blocks"]}


async def test_a_mention_is_answered_in_a_thread_under_it(
    slack: SlackClient, fake_slack: FakeSlack, bundled_kb: KnowledgeBase, within_limits: AssertWithinLimits
) -> None:
    reply = await slack.event(mention(f"<@{BOT_USER_ID}> labeler", ts="1700000100.000100"))

    assert reply.status == 200
    [post] = await fake_slack.wait_for("chat.postMessage")
    assert post.body["channel"] == CHANNEL
    assert post.body["thread_ts"] == "1700000100.000100"
    _, expected = answer("labeler", bundled_kb, actions=IDS.actions)
    assert _posted(post.body) == expected, "the mention is stripped: the question is just `labeler`"
    within_limits(_posted(post.body))
    assert post.headers["Authorization"] == f"Bearer {BOT_TOKEN}"


async def test_a_mention_inside_a_thread_is_answered_in_that_thread(
    slack: SlackClient, fake_slack: FakeSlack, bundled_kb: KnowledgeBase
) -> None:
    text = f"who owns deployment? <@{BOT_USER_ID}>"
    await slack.event(mention(text, ts="1700000300.000200", thread_ts="1700000000.000001"))

    [post] = await fake_slack.wait_for("chat.postMessage")
    assert post.body["channel"] == CHANNEL
    assert post.body["thread_ts"] == "1700000000.000001"
    _, expected = answer("who owns deployment?", bundled_kb, actions=IDS.actions)
    assert _posted(post.body) == expected


async def test_a_bare_mention_gets_help(
    slack: SlackClient, fake_slack: FakeSlack, bundled_kb: KnowledgeBase
) -> None:
    await slack.event(mention(f"<@{BOT_USER_ID}>"))

    [post] = await fake_slack.wait_for("chat.postMessage")
    assert _posted(post.body) == build_help(bundled_kb)


async def test_a_dm_is_answered_in_the_dm(
    slack: SlackClient, fake_slack: FakeSlack, bundled_kb: KnowledgeBase, within_limits: AssertWithinLimits
) -> None:
    await slack.event(dm("labeler"))

    [post] = await fake_slack.wait_for("chat.postMessage")
    assert post.body["channel"] == DM
    assert "thread_ts" not in post.body, "a DM is a conversation: the answer follows the question"
    _, expected = answer("labeler", bundled_kb, actions=IDS.actions)
    assert _posted(post.body) == expected
    within_limits(_posted(post.body))


async def test_a_dm_in_a_thread_is_answered_in_the_thread(slack: SlackClient, fake_slack: FakeSlack) -> None:
    await slack.event(dm("labeler", thread_ts="1700000000.000009"))

    [post] = await fake_slack.wait_for("chat.postMessage")
    assert post.body["channel"] == DM
    assert post.body["thread_ts"] == "1700000000.000009"


async def test_the_bot_ignores_itself_other_bots_edits_deletions_and_channel_chatter(
    slack: SlackClient, fake_slack: FakeSlack
) -> None:
    ignored = [
        dm("labeler", user=BOT_USER_ID, bot_id=BOT_ID),  # its own answer, echoed back
        dm("labeler", user=BOT_USER_ID),  # its own user, even without bot_id
        dm("labeler", subtype="bot_message", bot_id="BOTHER001", user=None),  # another bot
        dm("labeler", bot_id="BOTHER001", user="UOTHERBOT"),  # another bot's user, no subtype
        {  # an edit
            "type": "message",
            "subtype": "message_changed",
            "channel_type": "im",
            "channel": DM,
            "hidden": True,
            "message": {"type": "message", "user": USER_ID, "text": "labeler", "ts": "1700000200.000100"},
            "previous_message": {"type": "message", "user": USER_ID, "text": "labeller"},
            "ts": "1700000201.000100",
        },
        {  # a deletion
            "type": "message",
            "subtype": "message_deleted",
            "channel_type": "im",
            "channel": DM,
            "hidden": True,
            "deleted_ts": "1700000200.000100",
            "ts": "1700000202.000100",
        },
        {**dm("labeler"), "channel_type": "channel", "channel": CHANNEL},  # a channel message, not a DM
        mention(f"<@{BOT_USER_ID}> labeler", bot_id="BOTHER001"),  # a bot mentioning us
        mention(f"<@{BOT_USER_ID}> labeler", channel=DM, channel_type="im"),  # also sent as a DM message
    ]
    for event in ignored:
        assert (await slack.event(event)).status == 200

    await slack.event(dm("sentinel", ts="1700000999.000100"))

    # Bolt runs each event's listener as its own task, started before the request is acked and with no I/O
    # before it returns for an ignored event: by the time the sentinel's answer has made its round trip,
    # every ignored event is done. Exactly one message was posted: the sentinel's answer.
    await fake_slack.wait_for("chat.postMessage")
    posts = fake_slack.calls_to("chat.postMessage")
    assert [post.body["channel"] for post in posts] == [DM]
    assert "sentinel" in posts[0].body["text"]


async def test_what_slack_escaped_is_read_as_typed_and_echoed_escaped_once(
    slack: SlackClient, fake_slack: FakeSlack
) -> None:
    # The person typed `qwzx & <qq>`; Slack delivers the text with entities.
    await slack.event(dm("qwzx &amp; &lt;qq&gt;"))

    [post] = await fake_slack.wait_for("chat.postMessage")
    assert "qwzx &amp; &lt;qq&gt;" in post.body["text"]
    assert "&amp;amp;" not in str(post.body) and "&amp;lt;" not in str(post.body)


def test_the_question_is_the_text_without_mentions() -> None:
    assert question_from(f"<@{BOT_USER_ID}> who owns  ETL?", BOT_USER_ID) == "who owns ETL?"
    assert question_from(f"hey <@{BOT_USER_ID}|mlrole>, R&amp;D?", BOT_USER_ID) == "hey , R&D?"
    assert question_from("ask <@UOTHER1> about labels", BOT_USER_ID) == "ask about labels"
    assert question_from("who owns deployment? cc <!subteam^S1|@ops> <#C1|ops>", BOT_USER_ID) == (
        "who owns deployment? cc"
    )
    assert question_from("see <https://wiki/x|the runbook> for <https://wiki/y>", None) == (
        "see the runbook for https://wiki/y"
    )
    assert question_from("&lt;!channel&gt; typed", None) == "<!channel> typed", "typed text is no markup"
    assert question_from("&amp;lt;", BOT_USER_ID) == "&lt;", "unescaped once, as Slack escaped once"
