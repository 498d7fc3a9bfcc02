"""Who is an admin: `MLROLE_ADMINS`, or a workspace admin or owner per `users.info` (the fake Slack's),
cached for `ADMIN_CACHE_TTL_S` on a clock the tests move by hand."""

from __future__ import annotations

import logging

import pytest
from slack_sdk.web.async_client import AsyncWebClient

from handlers.admin import ADMIN_CACHE_TTL_S, WorkspaceAdmins
from handlers.deps import Deps
from knowledge.base.model import KnowledgeBase
from knowledge.base.store import KnowledgeStore
from tests.fakes.env import ADMIN_ID, BOT_TOKEN
from tests.fakes.slack_api import FakeSlack

ALICE = "UALICE001"


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def deps(bundled_kb: KnowledgeBase, clock: Clock) -> Deps:
    return Deps(
        store=KnowledgeStore(bundled_kb),
        admins=frozenset({ADMIN_ID}),
        workspace_admins=WorkspaceAdmins(clock=clock),
    )


@pytest.fixture
def client(fake_slack: FakeSlack) -> AsyncWebClient:
    return AsyncWebClient(token=BOT_TOKEN, base_url=fake_slack.api_url)


def asked(fake: FakeSlack) -> list[str]:
    return [call.body["user"] for call in fake.calls_to("users.info")]


async def test_someone_in_mlrole_admins_is_an_admin_without_asking_slack(
    deps: Deps, client: AsyncWebClient, fake_slack: FakeSlack
) -> None:
    assert await deps.is_admin(ADMIN_ID, client)
    assert asked(fake_slack) == []


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({}, False),
        ({"is_admin": True}, True),
        ({"is_owner": True}, True),
        ({"is_admin": True, "deleted": True}, False),
    ],
    ids=["member", "admin", "owner", "deactivated admin"],
)
async def test_workspace_roles_come_from_users_info(
    deps: Deps, client: AsyncWebClient, fake_slack: FakeSlack, fields: dict[str, bool], expected: bool
) -> None:
    fake_slack.users[ALICE] = fields
    assert await deps.is_admin(ALICE, client) is expected
    assert asked(fake_slack) == [ALICE]


async def test_an_answer_is_trusted_for_the_ttl_then_asked_again(
    deps: Deps, client: AsyncWebClient, fake_slack: FakeSlack, clock: Clock
) -> None:
    fake_slack.users[ALICE] = {"is_admin": True}
    assert await deps.is_admin(ALICE, client)
    fake_slack.users[ALICE] = {"is_admin": False}  # demoted in Slack

    clock.now += ADMIN_CACHE_TTL_S - 1
    assert await deps.is_admin(ALICE, client), "still the cached answer"
    assert asked(fake_slack) == [ALICE]

    clock.now += 1
    assert not await deps.is_admin(ALICE, client), "the TTL is over: asked again"
    assert asked(fake_slack) == [ALICE, ALICE]


async def test_a_users_info_error_means_not_an_admin_is_logged_and_is_not_cached(
    deps: Deps, client: AsyncWebClient, fake_slack: FakeSlack, caplog: pytest.LogCaptureFixture
) -> None:
    fake_slack.unknown_users.add(ALICE)
    assert not await deps.is_admin(ALICE, client)
    [record] = [r for r in caplog.records if "users.info failed" in r.getMessage()]
    assert record.levelno == logging.WARNING
    assert ALICE in record.getMessage() and "user_not_found" in record.getMessage()

    fake_slack.unknown_users.clear()
    fake_slack.users[ALICE] = {"is_owner": True}
    assert await deps.is_admin(ALICE, client), "a failure is not remembered"


async def test_an_http_error_that_is_not_json_means_not_an_admin(
    deps: Deps, fake_slack: FakeSlack, caplog: pytest.LogCaptureFixture
) -> None:
    broken = AsyncWebClient(token=BOT_TOKEN, base_url=fake_slack.base + "/nowhere/")
    assert not await deps.is_admin(ALICE, broken)
    assert any("users.info failed" in r.getMessage() and "HTTP 404" in r.getMessage() for r in caplog.records)
    assert BOT_TOKEN not in caplog.text


async def test_no_user_id_is_never_an_admin(
    deps: Deps, client: AsyncWebClient, fake_slack: FakeSlack
) -> None:
    assert not await deps.is_admin("", client)
    assert asked(fake_slack) == []
