"""`/mlrole` end to end over HTTP: answered in the ack itself, ephemeral, with a "Share in channel" button."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from handlers.blocks import Message, build_role_card
from handlers.commands import SUBCOMMANDS, route
from knowledge.base.model import Entry, KnowledgeBase
from tests.fakes.slack_api import RESPOND, FakeSlack
from tests.fakes.slack_client import USER_ID, SlackClient, buttons

AssertWithinLimits = Callable[[Message], None]


def _message(ack: dict[str, Any]) -> Message:
    return {"text": ack["text"], "blocks": ack["blocks"]}


def _web_api_calls(fake: FakeSlack) -> list[str]:
    """Web API methods called, except the `auth.test` Bolt makes once to learn who the bot is."""
    return [call.method for call in fake.calls if call.method != "auth.test"]


async def test_a_question_is_answered_in_the_ack_with_the_card_and_a_share_button(
    slack: SlackClient, fake_slack: FakeSlack, bundled_kb: KnowledgeBase, within_limits: AssertWithinLimits
) -> None:
    reply = await slack.command("labeler")

    assert reply.status == 200
    ack = reply.json()
    assert ack["response_type"] == "ephemeral"
    labeler = bundled_kb.role("data-labeler")
    assert labeler is not None
    card = build_role_card(labeler, bundled_kb)
    assert ack["blocks"][0] == {"type": "header", "text": {"type": "plain_text", "text": labeler.name}}
    assert ack["blocks"][:-1] == card["blocks"]
    assert ack["text"] == card["text"]
    [share] = buttons(ack["blocks"][-1:])
    assert share["text"]["text"] == "Share in channel"
    within_limits(_message(ack))
    assert _web_api_calls(fake_slack) == [], "the answer must travel in the ack, with no other round trip"


async def test_share_in_channel_posts_the_same_answer_for_everyone_and_removes_the_private_one(
    slack: SlackClient, fake_slack: FakeSlack
) -> None:
    ack = (await slack.command("labeler")).json()
    [share] = buttons(ack["blocks"])

    click = await slack.click(share, ephemeral=True)

    assert click.status == 200
    posted, deleted = await fake_slack.wait_for(RESPOND, count=2)
    assert posted.path == deleted.path, "both go to the clicked message's response_url"
    assert posted.body["response_type"] == "in_channel"
    assert posted.body["replace_original"] is False
    assert posted.body["text"] == ack["text"]
    assert posted.body["blocks"][:-1] == ack["blocks"][:-1], "the same answer, without the button"
    assert buttons(posted.body["blocks"]) == []
    assert posted.body["blocks"][-1]["type"] == "context"
    assert f"<@{USER_ID}>" in posted.body["blocks"][-1]["elements"][0]["text"]
    assert deleted.body["delete_original"] is True


async def test_a_share_button_value_that_is_not_ours_gets_a_private_apology(
    slack: SlackClient, fake_slack: FakeSlack
) -> None:
    ack = (await slack.command("labeler")).json()
    [share] = buttons(ack["blocks"])

    await slack.click({**share, "value": "tampered"}, ephemeral=True)

    [notice] = await fake_slack.wait_for(RESPOND)
    assert notice.body.get("response_type") != "in_channel"
    assert notice.body["replace_original"] is False
    assert "could not share" in notice.body["text"]


async def test_the_command_alone_and_help_show_usage_built_from_the_subcommand_table(
    slack: SlackClient, within_limits: AssertWithinLimits
) -> None:
    alone = (await slack.command("")).json()
    help_ = (await slack.command("help")).json()
    shouted = (await slack.command("  HELP ")).json()

    assert alone == help_ == shouted
    assert alone["response_type"] == "ephemeral"
    shown = str(alone["blocks"])
    for sub in SUBCOMMANDS:
        assert f"/mlrole {sub.usage}" in shown
        assert sub.help in shown
    assert "/mlrole &lt;question&gt;" in shown
    assert buttons(alone["blocks"]) == []
    within_limits(_message(alone))


async def test_roles_lists_every_role_and_approach(
    slack: SlackClient, bundled_kb: KnowledgeBase, within_limits: AssertWithinLimits
) -> None:
    ack = (await slack.command("roles")).json()

    shown = str(ack["blocks"])
    entries: tuple[Entry, ...] = (*bundled_kb.roles, *bundled_kb.approaches)
    for entry in entries:
        assert entry.name in shown
    assert ack["response_type"] == "ephemeral"
    within_limits(_message(ack))


async def test_what_a_user_types_is_never_echoed_as_slack_markup(
    slack: SlackClient, within_limits: AssertWithinLimits
) -> None:
    ack = (await slack.command("<!channel> & <@U999> <https://evil.example|click>")).json()

    assert "<!channel>" not in str(ack)
    assert "<https://evil.example" not in str(ack)
    within_limits(_message(ack))


def test_words_after_a_subcommand_that_takes_none_make_a_question() -> None:
    help_handler, _ = route("help")
    handler, args = route("help   me find   a labeler")
    assert handler is not help_handler
    assert args == "help me find a labeler"
    roles_handler, _ = route("roles")
    assert route("roles of a data engineer")[0] is not roles_handler
