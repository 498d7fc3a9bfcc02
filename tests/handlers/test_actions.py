"""Did-you-mean end to end over HTTP: a button per suggestion; a click replaces the prompt with the answer."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from handlers.blocks import Message, build_entry
from knowledge.base.model import Entry, KnowledgeBase
from knowledge.match import match
from tests.fakes.slack_api import RESPOND, FakeSlack
from tests.fakes.slack_client import SlackClient, buttons, mention

AssertWithinLimits = Callable[[Message], None]


def close_call(kb: KnowledgeBase) -> tuple[str, tuple[str, ...]]:
    """A question the matcher finds ambiguous, and its suggestions: a word shared by several entry names.

    Found, not hard-coded, so the test follows the knowledge base and the matcher's tuning.
    """
    entries: tuple[Entry, ...] = (*kb.roles, *kb.approaches, *kb.tasks)
    words = sorted({word.lower() for entry in entries for word in entry.name.split()})
    for word in words:
        found = match(word, kb)
        if found.kind == "none" and len(found.alternatives) >= 2:
            return word, found.alternatives
    pytest.fail("no word of an entry name is a close call: the did-you-mean path is not reachable")


async def test_a_close_call_offers_a_button_per_suggestion_and_a_click_answers_in_place(
    slack: SlackClient, fake_slack: FakeSlack, bundled_kb: KnowledgeBase, within_limits: AssertWithinLimits
) -> None:
    question, alternatives = close_call(bundled_kb)

    ack = (await slack.command(question)).json()

    offered = buttons(ack["blocks"])
    assert [b["value"] for b in offered] == list(alternatives)
    for button, entry_id in zip(offered, alternatives, strict=True):
        entry = bundled_kb.entry(entry_id)
        assert entry is not None
        assert button["text"]["text"] == entry.name
    assert len({b["action_id"] for b in offered}) == len(offered)
    within_limits({"text": ack["text"], "blocks": ack["blocks"]})

    chosen = offered[-1]
    await slack.click(chosen, ephemeral=True)

    [replaced] = await fake_slack.wait_for(RESPOND)
    assert replaced.body["replace_original"] is True
    card = build_entry(chosen["value"], bundled_kb)
    assert replaced.body["text"] == card["text"]
    assert replaced.body["blocks"][:-1] == card["blocks"]
    [share] = buttons(replaced.body["blocks"])
    assert share["text"]["text"] == "Share in channel", "the chosen answer is the asker's to share"

    await slack.click(share, ephemeral=True)

    _, posted, deleted = await fake_slack.wait_for(RESPOND, count=3)
    assert posted.body["response_type"] == "in_channel"
    assert posted.body["blocks"][:-1] == card["blocks"]
    assert deleted.body["delete_original"] is True


async def test_a_close_call_in_a_thread_is_settled_in_the_thread(
    slack: SlackClient, fake_slack: FakeSlack, bundled_kb: KnowledgeBase
) -> None:
    question, alternatives = close_call(bundled_kb)
    await slack.event(mention("1700000100.000100", question))
    [post] = await fake_slack.wait_for("chat.postMessage")
    offered = buttons(post.body["blocks"])
    assert [b["value"] for b in offered] == list(alternatives)
    assert all(re.fullmatch(r"[\w-]+", b["action_id"]) for b in offered)

    message = {"type": "message", "ts": "1700000100.000200", "text": post.body["text"]}
    await slack.click(offered[0], ephemeral=False, message=message)

    [replaced] = await fake_slack.wait_for(RESPOND)
    assert replaced.body["replace_original"] is True
    card = build_entry(offered[0]["value"], bundled_kb)
    assert {"text": replaced.body["text"], "blocks": replaced.body["blocks"]} == card
