"""App Home, end to end over HTTP: opening the Home tab publishes the overview."""

from __future__ import annotations

from handlers.blocks import MAX_VIEW_BLOCKS
from handlers.commands import SUBCOMMANDS
from knowledge.base.model import Entry, KnowledgeBase
from tests.fakes.slack_api import BOT_USER_ID, FakeSlack
from tests.fakes.slack_client import USER_ID, SlackClient


def home_opened(tab: str, *, user: str = USER_ID) -> dict[str, str]:
    return {"type": "app_home_opened", "user": user, "channel": "DHOME0001", "tab": tab, "event_ts": "1.2"}


async def test_opening_the_home_tab_publishes_roles_approaches_and_how_to_ask(
    slack: SlackClient, fake_slack: FakeSlack, bundled_kb: KnowledgeBase
) -> None:
    assert (await slack.event(home_opened("home"))).status == 200

    [publish] = await fake_slack.wait_for("views.publish")
    assert publish.body["user_id"] == USER_ID
    view = publish.view
    assert view["type"] == "home"
    assert 1 <= len(view["blocks"]) <= MAX_VIEW_BLOCKS
    shown = str(view["blocks"])
    entries: tuple[Entry, ...] = (*bundled_kb.roles, *bundled_kb.approaches)
    for entry in entries:
        assert entry.name in shown
    assert "/mlrole &lt;question&gt;" in shown
    assert f"<@{BOT_USER_ID}>" in shown, "how to mention the bot, by its real name"
    for sub in SUBCOMMANDS:
        assert f"/mlrole {sub.usage}" in shown
    assert [b["type"] for b in view["blocks"]].count("header") >= 3


async def test_opening_the_messages_tab_publishes_nothing(slack: SlackClient, fake_slack: FakeSlack) -> None:
    await slack.event(home_opened("messages"))
    await slack.event(home_opened("home", user="USENTINEL"))

    await fake_slack.wait_for("views.publish")
    assert [call.body["user_id"] for call in fake_slack.calls_to("views.publish")] == ["USENTINEL"]
