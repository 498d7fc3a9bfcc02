"""`/mlrole stale` over HTTP: admins see the org mappings reviewed longer ago than `MLROLE_REVIEW_DAYS`:
someone in `MLROLE_ADMINS` in the ack itself, a workspace admin once `users.info` says so, after the ack."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bot.settings import Settings
from knowledge.base.sources import parse_source
from knowledge.base.store import KnowledgeStore
from tests.fakes.env import ADMIN_ID, deployment_env
from tests.fakes.org import OLD_DAYS, RECENT_DAYS, days_ago, write_org_kb
from tests.fakes.slack_api import RESPOND, FakeSlack
from tests.fakes.slack_client import USER_ID, SlackClient


@pytest.fixture
async def store(tmp_path: Path) -> KnowledgeStore:
    return await KnowledgeStore.open(parse_source(str(write_org_kb(tmp_path / "kb"))))


@pytest.fixture
def review_days() -> str:
    return ""


@pytest.fixture
def settings(fake_slack: FakeSlack, review_days: str) -> Settings:
    return Settings.from_env(deployment_env(fake_slack) | {"MLROLE_REVIEW_DAYS": review_days}, mode="http")


async def _stale(slack: SlackClient, user: str) -> str:
    reply = await slack.command("stale", user=user)
    assert reply.status == 200
    body = reply.json()
    assert body["response_type"] == "ephemeral"
    return _sections(body["blocks"])


async def test_an_admin_sees_the_mappings_due_for_review(slack: SlackClient) -> None:
    shown = await _stale(slack, ADMIN_ID)
    assert shown == (
        "*1 org mapping reviewed more than 180 days ago*\n"
        f"• task *labeling*: reviewed {days_ago(OLD_DAYS)}, {OLD_DAYS} days ago"
    )


@pytest.mark.parametrize("review_days", [str(RECENT_DAYS - 1)])
async def test_mlrole_review_days_sets_how_old_is_stale(slack: SlackClient) -> None:
    shown = await _stale(slack, ADMIN_ID)
    assert f"2 org mappings reviewed more than {RECENT_DAYS - 1} days ago" in shown
    assert shown.index("task *labeling*") < shown.index("role *ml-engineer*"), "oldest first"


def _sections(blocks: list[dict[str, Any]]) -> str:
    return "\n".join(block["text"]["text"] for block in blocks if block["type"] == "section")


@pytest.mark.parametrize("workspace_admin", [False, True])
async def test_anyone_else_is_checked_after_the_ack(
    slack: SlackClient, fake_slack: FakeSlack, workspace_admin: bool
) -> None:
    fake_slack.users[USER_ID] = {"is_admin": workspace_admin}

    assert await _stale(slack, USER_ID) == "Checking that you may list the org mappings due for review…"

    [answer] = await fake_slack.wait_for(RESPOND)
    assert answer.body["response_type"] == "ephemeral"
    shown = _sections(answer.blocks)
    if workspace_admin:
        assert shown.startswith("*1 org mapping reviewed more than 180 days ago*")
    else:
        assert shown.startswith("Sorry, only mlrole admins can list the org mappings due for review")
    assert [call.body["user"] for call in fake_slack.calls_to("users.info")] == [USER_ID]
