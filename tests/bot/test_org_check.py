"""At start and after each reload, the bot asks Slack whether `org.yaml`'s user groups and channels exist,
and logs a warning for each that does not, without refusing the knowledge base or holding up an answer."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from slack_bolt.async_app import AsyncApp

from bot.app import create_app
from bot.settings import Settings
from knowledge.base.sources import parse_source
from knowledge.base.store import KnowledgeStore
from tests.fakes.env import ADMIN_ID, deployment_env
from tests.fakes.knowledge import write_atomically
from tests.fakes.logs import LogRecorder, recording
from tests.fakes.org import CHANNEL, GROUP, LABEL_CHANNEL, LABEL_GROUP, org_yaml, write_org_kb
from tests.fakes.slack_api import FakeSlack, Fault, Hold
from tests.fakes.slack_client import SlackClient, buttons
from tests.handlers.reloading import reload_as

NEW_CHANNEL = "C0NEWCHAN"


@pytest.fixture
def kb_dir(tmp_path: Path) -> Path:
    return write_org_kb(tmp_path / "kb")


@pytest.fixture
async def store(kb_dir: Path) -> KnowledgeStore:
    return await KnowledgeStore.open(parse_source(str(kb_dir)))


@pytest.fixture
def logs() -> Iterator[LogRecorder]:
    with recording("mlrole", logging.INFO) as recorder:
        yield recorder


@pytest.fixture
def hold_groups() -> bool:
    return False


@pytest.fixture
def held(fake_slack: FakeSlack, hold_groups: bool) -> Hold | None:
    return fake_slack.hold("usergroups.list") if hold_groups else None


@pytest.fixture
async def app(
    settings: Settings, store: KnowledgeStore, fake_slack: FakeSlack, logs: LogRecorder, held: Hold | None
) -> AsyncApp:
    """Built on the running loop, as `mlrole serve` builds it: the org check starts here."""
    fake_slack.usergroups = {GROUP: {"handle": "ml-platform"}}
    fake_slack.channels = {CHANNEL: {"name": "ml-platform"}}
    return create_app(settings, store)


def _org_warnings(logs: LogRecorder) -> list[str]:
    return [
        r.getMessage() for r in logs.records if r.levelno == logging.WARNING and "org.yaml" in r.getMessage()
    ]


async def _warned(logs: LogRecorder, about: str) -> str:
    record = await logs.wait_for(lambda r: r.levelno == logging.WARNING and about in r.getMessage())
    return record.getMessage()


async def test_at_start_a_missing_group_and_channel_are_warned_about(
    slack: SlackClient, fake_slack: FakeSlack, logs: LogRecorder, kb_dir: Path
) -> None:
    group = await _warned(logs, LABEL_GROUP)
    channel = await _warned(logs, LABEL_CHANNEL)

    where = f"for task labeling at {kb_dir / 'org.yaml'}:7"
    assert group == f"org.yaml: user group {LABEL_GROUP} does not exist in this workspace ({where})"
    assert channel == f"org.yaml: channel {LABEL_CHANNEL} does not exist, or the bot cannot see it ({where})"
    assert len(_org_warnings(logs)) == 2, "the group and channel that exist are not warned about"
    assert {c.body["channel"] for c in fake_slack.calls_to("conversations.info")} == {CHANNEL, LABEL_CHANNEL}
    assert len(fake_slack.calls_to("usergroups.list")) == 1

    reply = await slack.command("who owns deployment?")  # the knowledge base serves, warnings or not
    ask = buttons(reply.json()["blocks"])[0]
    assert ask["text"]["text"] == "Ask the owners in #ml-platform", "the channel's name, as Slack gave it"


async def test_a_reload_checks_the_new_ids(
    slack: SlackClient, fake_slack: FakeSlack, logs: LogRecorder, kb_dir: Path
) -> None:
    await _warned(logs, LABEL_CHANNEL)
    write_atomically(kb_dir / "org.yaml", org_yaml().replace(LABEL_CHANNEL, NEW_CHANNEL))

    reloaded = await reload_as(ADMIN_ID, slack, fake_slack)

    assert reloaded.result["blocks"][0]["text"]["text"] == "Knowledge base reloaded"
    warning = await _warned(logs, NEW_CHANNEL)
    assert warning.startswith(f"org.yaml: channel {NEW_CHANNEL} does not exist")
    assert len(fake_slack.calls_to("usergroups.list")) == 2


@pytest.mark.parametrize("hold_groups", [True])
async def test_a_slow_check_holds_up_no_answer(
    slack: SlackClient, fake_slack: FakeSlack, logs: LogRecorder, held: Hold
) -> None:
    await fake_slack.wait_for("usergroups.list")  # asked, and not answered yet

    reply = await slack.command("who owns deployment?")

    assert reply.status == 200 and reply.json()["blocks"][0]["text"]["text"] == "Deployment"
    assert _org_warnings(logs) == []
    held.release()
    await _warned(logs, LABEL_CHANNEL)


async def test_a_check_slack_refuses_is_a_warning_too(fake_slack: FakeSlack, store: KnowledgeStore) -> None:
    refused = Fault(
        status=200, body='{"ok": false, "error": "missing_scope"}', content_type="application/json"
    )
    fake_slack.fail("usergroups.list", refused)
    with recording("mlrole", logging.INFO) as logs:
        create_app(Settings.from_env(deployment_env(fake_slack), mode="http"), store)
        warning = await _warned(logs, "user groups")
    assert (
        warning == "org.yaml: could not list the user groups (missing_scope; the app needs usergroups:read)"
    )
