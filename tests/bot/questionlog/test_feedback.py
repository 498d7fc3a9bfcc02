"""The feedback buttons over HTTP: under every answer, once per person per answer, acknowledged in place."""

from __future__ import annotations

import json
from typing import Any

import pytest

from handlers.blocks import Message
from tests.bot.questionlog.conftest import feedback, hashed, rows
from tests.fakes.question_log import WatchedLog
from tests.fakes.slack_api import RESPOND, FakeSlack
from tests.fakes.slack_client import USER_ID, SlackClient, buttons, mention
from tests.handlers.conftest import assert_within_limits

OTHER_USER = "UOTHER002"


def feedback_buttons(blocks: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {b["text"]["text"]: b for b in buttons(blocks) if b["action_id"].startswith("mlrole_feedback")}


async def test_an_answer_carries_helpful_and_not_helpful_naming_the_recorded_question(
    slack: SlackClient, watched: WatchedLog
) -> None:
    ack = (await slack.command("who owns deployment?")).json()
    await watched.written(asked=1)

    found = feedback_buttons(ack["blocks"])
    assert set(found) == {"Helpful", "Not helpful"}
    assert found["Helpful"]["action_id"] == "mlrole_feedback_up"
    assert found["Not helpful"]["action_id"] == "mlrole_feedback_down"
    assert all(watched.asked[0].id in b["value"] for b in found.values())
    assert ack["blocks"][-1]["type"] == "actions", "at the end"
    assert_within_limits({"text": ack["text"], "blocks": ack["blocks"]})


async def test_no_answer_no_buttons(slack: SlackClient, watched: WatchedLog) -> None:
    ack = (await slack.command("who does the payroll for the cafeteria")).json()
    assert feedback_buttons(ack["blocks"]) == {}


async def test_a_click_counts_once_per_person_and_a_second_click_changes_the_vote(
    slack: SlackClient, fake_slack: FakeSlack, watched: WatchedLog, db_url: str
) -> None:
    ack = (await slack.command("who owns deployment?")).json()
    found = feedback_buttons(ack["blocks"])

    await slack.click(found["Helpful"], ephemeral=True)
    await slack.click(found["Helpful"], ephemeral=True)
    await slack.click(found["Not helpful"], ephemeral=True)
    await slack.click(found["Helpful"], ephemeral=True, user=OTHER_USER)
    await fake_slack.wait_for(RESPOND, count=4)
    await watched.written(asked=1, votes=4)

    votes = {row["voter"]: row["helpful"] for row in await rows(db_url, feedback)}
    assert votes == {hashed(USER_ID): False, hashed(OTHER_USER): True}
    [asked] = await rows(db_url)
    assert {row["question_id"] for row in await rows(db_url, feedback)} == {asked["id"]}


async def test_a_private_answer_is_replaced_in_place_with_thanks_noted(
    slack: SlackClient, fake_slack: FakeSlack, watched: WatchedLog
) -> None:
    ack = (await slack.command("who owns deployment?")).json()
    await slack.click(feedback_buttons(ack["blocks"])["Not helpful"], ephemeral=True)

    [replaced] = await fake_slack.wait_for(RESPOND)
    assert replaced.body["replace_original"] is True
    assert replaced.body.get("response_type") != "in_channel"
    blocks = replaced.body["blocks"]
    assert blocks[:-1] == ack["blocks"][:-1], "the same answer, the Share button kept"
    assert blocks[-1]["type"] == "context" and blocks[-1]["elements"][0]["text"] == "Thanks, noted"
    assert feedback_buttons(blocks) == {}
    message: Message = {"text": replaced.body["text"], "blocks": blocks}
    assert_within_limits(message)
    assert fake_slack.calls_to("chat.postMessage") == [], "nothing posted to the channel"


async def test_a_click_under_a_mention_answer_thanks_only_the_clicker(
    slack: SlackClient, fake_slack: FakeSlack, watched: WatchedLog
) -> None:
    await slack.event(mention("1700000010.000100", "who owns deployment?"))
    [post] = await fake_slack.wait_for("chat.postMessage")
    message = {"type": "message", "ts": "1700000010.000200", "text": post.body["text"], "blocks": post.blocks}

    await slack.click(feedback_buttons(post.blocks)["Helpful"], ephemeral=False, message=message)

    [note] = await fake_slack.wait_for(RESPOND)
    assert note.body["response_type"] == "ephemeral"
    assert note.body["replace_original"] is False, "the others keep their buttons"
    assert note.body["text"] == "Thanks, noted"
    await watched.written(asked=1, votes=1)
    assert len(fake_slack.calls_to("chat.postMessage")) == 1, "nothing more posted to the channel"


async def test_a_click_in_a_dm_replaces_the_buttons_there(
    slack: SlackClient, fake_slack: FakeSlack, watched: WatchedLog
) -> None:
    event = {"type": "message", "channel_type": "im", "channel": "D0000DM01", "user": USER_ID}
    await slack.event(event | {"text": "who owns deployment?", "ts": "1700000011.000100"})
    [post] = await fake_slack.wait_for("chat.postMessage")
    message = {"type": "message", "ts": "1700000011.000200", "text": post.body["text"], "blocks": post.blocks}

    await slack.click(
        feedback_buttons(post.blocks)["Helpful"], ephemeral=False, message=message, channel="D0000DM01"
    )

    [replaced] = await fake_slack.wait_for(RESPOND)
    assert replaced.body["replace_original"] is True
    assert replaced.body["blocks"][:-1] == post.blocks[:-1]
    assert replaced.body["blocks"][-1]["elements"][0]["text"] == "Thanks, noted"


async def test_a_recommendation_carries_the_buttons_and_is_replayed_in_place(
    slack: SlackClient, fake_slack: FakeSlack, watched: WatchedLog
) -> None:
    ack = (await slack.command("recommend size=startup people=5")).json()
    found = feedback_buttons(ack["blocks"])
    assert set(found) == {"Helpful", "Not helpful"}

    await slack.click(found["Helpful"], ephemeral=True)

    [replaced] = await fake_slack.wait_for(RESPOND)
    assert replaced.body["blocks"][:-1] == ack["blocks"][:-1]
    assert replaced.body["blocks"][-1]["elements"][0]["text"] == "Thanks, noted"


@pytest.mark.parametrize(
    "value", ["x", "{}", "[1]", '{"f": 7}', json.dumps({"f": "a" * 1900, "q": "who owns deployment"})]
)
async def test_a_feedback_value_that_is_not_ours_is_acked_and_ignored(
    value: str, slack: SlackClient, fake_slack: FakeSlack, watched: WatchedLog
) -> None:
    button = {
        "action_id": "mlrole_feedback_up",
        "text": {"type": "plain_text", "text": "Helpful"},
        "value": value,
    }

    reply = await slack.click(button, ephemeral=True)

    assert reply.status == 200
    assert watched.votes == []
