"""The app's own Block Kit: usage, the roles list, App Home, the share button and the shared copy."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from handlers.blocks import (
    MAX_VIEW_BLOCKS,
    Message,
    build_approach_card,
    build_entry,
    build_help,
    build_home,
    build_role_card,
    build_roles_list,
    build_shared,
    build_task_card,
    build_usage,
    with_share_button,
)
from knowledge.base.model import KnowledgeBase

AssertWithinLimits = Callable[[Message], None]
USAGES = [("<question>", "Ask anything & more."), ("roles", "List the roles."), ("help", "Show this help.")]
SLACK_MAX_VIEW_BLOCKS = 100


def test_usage_lists_every_usage_with_its_help_escaped(
    kb: KnowledgeBase, within_limits: AssertWithinLimits
) -> None:
    message = build_usage("/mlrole", USAGES, kb)
    shown = str(message["blocks"])
    assert "`/mlrole &lt;question&gt;`: Ask anything &amp; more." in shown
    assert "`/mlrole roles`: List the roles." in shown
    assert "`/mlrole help`: Show this help." in shown
    assert "/mlrole roles" in message["text"]
    within_limits(message)


def test_the_roles_list_names_every_role_and_approach(
    kb: KnowledgeBase, within_limits: AssertWithinLimits
) -> None:
    message = build_roles_list(kb)
    shown = str(message["blocks"])
    for name in [role.name for role in kb.roles] + [approach.name for approach in kb.approaches]:
        assert name in shown
        assert name in message["text"]
    within_limits(message)


def test_an_empty_knowledge_base_has_a_roles_list_that_says_so(within_limits: AssertWithinLimits) -> None:
    empty = KnowledgeBase(version="0", source="t", roles=(), approaches=(), tasks=())
    message = build_roles_list(empty)
    assert "no roles" in message["text"]
    within_limits(message)


def _assert_view_within_limits(view: dict[str, object], within_limits: AssertWithinLimits) -> None:
    blocks = view["blocks"]
    assert isinstance(blocks, list)
    assert 1 <= len(blocks) <= SLACK_MAX_VIEW_BLOCKS
    for start in range(0, len(blocks), 50):  # each block checked as a message's would be
        within_limits({"text": "home", "blocks": blocks[start : start + 50]})


def test_home_shows_roles_approaches_and_how_to_ask(
    kb: KnowledgeBase, within_limits: AssertWithinLimits
) -> None:
    view = build_home(kb, command="/mlrole", usages=USAGES)
    assert view["type"] == "home"
    shown = str(view["blocks"])
    for role in kb.roles:
        assert role.name in shown and role.summary in shown
    for approach in kb.approaches:
        assert approach.name in shown and approach.summary in shown
    assert "Two team approaches" in shown
    assert "`/mlrole &lt;question&gt;`" in shown
    assert "direct message" in shown
    _assert_view_within_limits(view, within_limits)


def test_home_mentions_the_bot_by_id_when_known(kb: KnowledgeBase) -> None:
    assert "<@UBOT1>" in str(build_home(kb, command="/mlrole", usages=USAGES, bot_user_id="UBOT1"))


def test_home_of_an_absurd_knowledge_base_stays_within_slacks_limits(
    huge_kb: KnowledgeBase, within_limits: AssertWithinLimits
) -> None:
    view = build_home(huge_kb, command="/mlrole", usages=USAGES)
    assert len(view["blocks"]) == MAX_VIEW_BLOCKS == SLACK_MAX_VIEW_BLOCKS
    _assert_view_within_limits(view, within_limits)
    within_limits(build_roles_list(huge_kb))
    within_limits(build_usage("/mlrole", USAGES, huge_kb))


def test_an_entry_by_id_is_its_card_and_an_unknown_id_is_help(kb: KnowledgeBase) -> None:
    assert build_entry(kb.roles[0].id, kb) == build_role_card(kb.roles[0], kb)
    assert build_entry(kb.approaches[1].id, kb) == build_approach_card(kb.approaches[1], kb)
    assert build_entry(kb.tasks[0].id, kb) == build_task_card(kb.tasks[0], kb)
    assert build_entry("no-such-entry", kb) == build_help(kb)


def test_the_share_button_is_appended_with_the_given_action_id_and_value(
    kb: KnowledgeBase, within_limits: AssertWithinLimits
) -> None:
    card = build_role_card(kb.roles[0], kb)
    shared = with_share_button(card, action_id="share-it", value='{"q":"x"}')
    assert shared["blocks"][:-1] == card["blocks"]
    assert shared["text"] == card["text"]
    [button] = shared["blocks"][-1]["elements"]
    assert button["action_id"] == "share-it"
    assert button["value"] == '{"q":"x"}'
    assert button["text"]["text"] == "Share in channel"
    within_limits(shared)


@pytest.mark.parametrize("count", [49, 50])
def test_the_share_button_fits_a_message_that_is_already_full(
    count: int, within_limits: AssertWithinLimits
) -> None:
    full: Message = {"text": "t", "blocks": [{"type": "divider"}] * count}
    shared = with_share_button(full, action_id="a", value="v")
    assert len(shared["blocks"]) <= 50
    assert shared["blocks"][-1]["type"] == "actions"
    within_limits(shared)


def test_the_shared_copy_drops_the_buttons_and_says_who_shared_it(kb: KnowledgeBase) -> None:
    card = build_role_card(kb.roles[0], kb)
    shared = build_shared(with_share_button(card, action_id="a", value="v"), user_id="U123")
    assert shared["blocks"][:-1] == card["blocks"]
    assert shared["blocks"][-1] == {
        "type": "context",
        "elements": [{"type": "mrkdwn", "text": "Shared by <@U123>"}],
    }
    assert shared["text"] == card["text"]
