"""`/mlrole reload` end to end over HTTP: who may, what the admin sees, and the old knowledge base serving on.

The knowledge base is a directory in `tmp_path` that the tests edit (atomically, as an operator would); the
bot is the real app on a loopback port and Slack's requests are signed. The command is acked at once with
"Reloading…"; the admin check, the reload and its result (or the refusal) follow through the command's
`response_url` (a URL source: `test_reload_url.py`).
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from bot.server import HEALTH_PATH, RunningServer
from handlers.blocks import Message
from knowledge.base.errors import KnowledgeError, LoadError
from knowledge.base.loader import load_path
from knowledge.base.sources import parse_source
from knowledge.base.store import KnowledgeStore
from tests.fakes.env import ADMIN_ID, BOT_TOKEN, SIGNING_SECRET
from tests.fakes.knowledge import KB_YAML, line_of, write_atomically
from tests.fakes.slack_api import RESPOND, FakeSlack
from tests.fakes.slack_client import USER_ID, SlackClient
from tests.handlers.reloading import header, reload_as

AssertWithinLimits = Callable[[Message], None]

WITH_ALIAS = KB_YAML.replace("aliases: [ds]", "aliases: [ds, modeler]")
"""A new alias: `/mlrole modeler` finds the Data Scientist only once this version serves."""
SYNTAX_ERROR = KB_YAML.replace("aliases: [mle]", "aliases: [mle")
SCHEMA_ERROR = KB_YAML.replace("    name: ML Engineer\n", "")
DANGLING_REFERENCE = KB_YAML.replace("owners: [ml-engineer]", "owners: [ml-enginer]")
OTHER_VERSION = (
    KB_YAML.replace("id: deployment", "id: model-deployment")
    .replace("name: Deployment", "name: Model deployment")
    .replace("owners: [ml-engineer]", "owners: [data-scientist]")
)
"""The same question ("who owns deployment?") answered differently: another task id, name and owner, so a
match made in one version and rendered from the other would show neither version's answer."""
WORKSPACE_ADMIN = "UWSADMIN1"


@pytest.fixture
def kb_file(tmp_path: Path) -> Path:
    (tmp_path / "kb").mkdir()
    return write_atomically(tmp_path / "kb" / "kb.yaml", KB_YAML)


@pytest.fixture
async def store(kb_file: Path) -> KnowledgeStore:
    """The bot serves the knowledge base in `kb_file`'s directory, as `MLROLE_KNOWLEDGE=<dir>` would."""
    return await KnowledgeStore.open(parse_source(str(kb_file.parent)))


def _message(body: dict[str, Any]) -> Message:
    return {"text": body["text"], "blocks": body["blocks"]}


async def ask(slack: SlackClient, question: str) -> Message:
    return _message((await slack.command(question)).json())


async def health(server: RunningServer) -> dict[str, Any]:
    async with aiohttp.ClientSession() as session, session.get(server.url + HEALTH_PATH) as response:
        data = await response.json()
        assert isinstance(data, dict)
        return data


# --- who may reload ---------------------------------------------------------------------------------------


async def test_a_non_admin_is_refused_politely_and_the_attempt_is_logged(
    slack: SlackClient,
    fake_slack: FakeSlack,
    store: KnowledgeStore,
    kb_file: Path,
    caplog: pytest.LogCaptureFixture,
    within_limits: AssertWithinLimits,
) -> None:
    caplog.set_level(logging.INFO)
    serving = store.snapshot
    write_atomically(kb_file, WITH_ALIAS)

    reloaded = await reload_as(USER_ID, slack, fake_slack)

    assert reloaded.ack["text"].startswith("Checking that you may reload")
    refused = reloaded.result
    assert "only mlrole admins can reload" in refused["text"]
    assert "MLROLE_ADMINS" in refused["text"]
    within_limits(refused)
    assert store.snapshot is serving, "nothing was reloaded"
    assert store.last_reload is None
    [info] = fake_slack.calls_to("users.info")
    assert info.body["user"] == USER_ID
    refusals = [r for r in caplog.records if "refused" in r.getMessage()]
    assert len(refusals) == 1 and USER_ID in refusals[0].getMessage()
    assert refusals[0].levelno == logging.WARNING
    assert header(await ask(slack, "modeler")) != "Data Scientist", "still the old knowledge base"
    assert len(fake_slack.calls_to(RESPOND)) == 1, "the refusal, once"


async def test_users_info_failing_means_not_an_admin_and_is_logged(
    slack: SlackClient, fake_slack: FakeSlack, store: KnowledgeStore, caplog: pytest.LogCaptureFixture
) -> None:
    fake_slack.unknown_users.add(USER_ID)

    refused = (await reload_as(USER_ID, slack, fake_slack)).result

    assert "only mlrole admins" in refused["text"]
    assert store.last_reload is None
    assert any(
        "users.info failed" in r.getMessage() and "user_not_found" in r.getMessage() for r in caplog.records
    )


async def test_an_admin_from_mlrole_admins_reloads_and_the_new_alias_answers_right_after(
    slack: SlackClient,
    fake_slack: FakeSlack,
    server: RunningServer,
    store: KnowledgeStore,
    kb_file: Path,
    caplog: pytest.LogCaptureFixture,
    within_limits: AssertWithinLimits,
) -> None:
    caplog.set_level(logging.INFO)
    old_version = store.current.version
    before = await health(server)
    assert header(await ask(slack, "modeler")) != "Data Scientist"
    write_atomically(kb_file, WITH_ALIAS)
    new_version = load_path(kb_file.parent).version

    reloaded = await reload_as(ADMIN_ID, slack, fake_slack)

    assert reloaded.ack["text"] == f"Reloading the knowledge base from {kb_file.parent}…"
    assert reloaded.responded_before_ack == 0, "the ack went out before the result"
    result = reloaded.result
    shown = result["text"] + str(result["blocks"])
    assert header(result) == "Knowledge base reloaded"
    assert f"`{old_version}` → `{new_version}`" in str(result["blocks"])
    assert "roles: 1 changed (data-scientist (aliases))" in shown
    assert re.search(r"loaded in \d+ ms", shown), "how long it took"
    within_limits(result)
    assert fake_slack.calls_to("users.info") == [], "MLROLE_ADMINS needs no Web API call"

    card = await ask(slack, "modeler")
    assert header(card) == "Data Scientist"
    after = await health(server)
    assert (after["status"], after["version"]) == ("ok", new_version)
    assert after["loaded_at"] > before["loaded_at"]
    [logged] = [r for r in caplog.records if r.name == "mlrole.reload" and "outcome='ok'" in r.getMessage()]
    line = logged.getMessage()
    for part in (f"actor='{ADMIN_ID}'", f"old_version='{old_version}'", f"new_version='{new_version}'"):
        assert part in line
    assert str(kb_file.parent) in line


@pytest.mark.parametrize("role", ["is_admin", "is_owner"])
async def test_a_workspace_admin_or_owner_may_reload_and_users_info_is_asked_once(
    slack: SlackClient, fake_slack: FakeSlack, store: KnowledgeStore, role: str
) -> None:
    fake_slack.users[WORKSPACE_ADMIN] = {role: True}

    first = (await reload_as(WORKSPACE_ADMIN, slack, fake_slack)).result
    second = (await reload_as(WORKSPACE_ADMIN, slack, fake_slack)).result

    assert header(first) == "Knowledge base reloaded"
    assert "No change." in second["text"], "reloading an unchanged knowledge base is a fine answer"
    assert "(unchanged)" in str(second["blocks"])
    assert [call.body["user"] for call in fake_slack.calls_to("users.info")] == [WORKSPACE_ADMIN]
    assert store.last_reload is not None and store.last_reload.actor == WORKSPACE_ADMIN


async def test_reload_takes_no_path_or_url_from_chat(
    slack: SlackClient, fake_slack: FakeSlack, store: KnowledgeStore, tmp_path: Path
) -> None:
    elsewhere = write_atomically(tmp_path / "other.yaml", WITH_ALIAS)

    ack = (await slack.command(f"reload {elsewhere}", user=ADMIN_ID)).json()
    by_url = (await slack.command("reload https://example.com/kb.yaml", user=ADMIN_ID)).json()

    for reply in (ack, by_url):
        assert "MLROLE_KNOWLEDGE" in reply["text"]
        assert "/mlrole reload" in reply["text"]
    assert store.last_reload is None, "nothing was read, from there or from the configured source"
    assert fake_slack.calls_to(RESPOND) == []


# --- a broken knowledge base: every error with its file and line, the old one serving on --------------------


@pytest.mark.parametrize(
    ("text", "needle", "lines_later", "error"),
    [
        # The parser notices the unclosed list on the line after it: that is where PyYAML points.
        (SYNTAX_ERROR, "aliases: [mle", 1, "invalid YAML"),
        (SCHEMA_ERROR, "id: ml-engineer", 0, "a role is missing the required field 'name'"),
        (DANGLING_REFERENCE, "owners:", 0, "unknown role 'ml-enginer' in owners of task 'deployment'"),
    ],
    ids=["syntax", "schema", "dangling-reference"],
)
async def test_a_broken_knowledge_base_is_reported_with_file_and_line_and_the_old_one_keeps_answering(
    slack: SlackClient,
    fake_slack: FakeSlack,
    server: RunningServer,
    store: KnowledgeStore,
    kb_file: Path,
    within_limits: AssertWithinLimits,
    text: str,
    needle: str,
    lines_later: int,
    error: str,
) -> None:
    serving = store.snapshot
    old_version = serving.kb.version
    before = await health(server)
    write_atomically(kb_file, text)
    [expected] = [str(e) for e in _load_errors(kb_file)]
    assert expected.startswith(f"{kb_file}:{line_of(text, needle) + lines_later}: {error}")

    message = (await reload_as(ADMIN_ID, slack, fake_slack)).result

    within_limits(message)
    assert header(message) == "Reload failed: nothing changed"
    blocks = str(message["blocks"])
    assert f"still serving version `{old_version}`" in blocks
    escaped = expected.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    assert escaped in blocks
    assert old_version in message["text"] and escaped in message["text"]
    assert store.snapshot is serving
    assert header(await ask(slack, "ds")) == "Data Scientist"
    assert await health(server) == before


def _load_errors(kb_file: Path) -> tuple[LoadError, ...]:
    """What the loader itself says about the knowledge base on disk: the admin must see the same."""
    with pytest.raises(KnowledgeError) as caught:
        load_path(kb_file.parent)
    return caught.value.errors


# --- questions during reloads -----------------------------------------------------------------------------

RELOADS = 10
QUESTIONS_PER_WAVE = 10
QUESTION = "who owns deployment?"


async def test_questions_answered_while_reloads_run_come_each_from_one_complete_version(
    slack: SlackClient, fake_slack: FakeSlack, store: KnowledgeStore, kb_file: Path
) -> None:
    """Reloads alternate between two versions that answer the same question differently, while waves of
    questions arrive; every answer must be exactly one version's answer, never a mix."""
    answers: dict[str, Message] = {}
    for text in (KB_YAML, OTHER_VERSION):
        write_atomically(kb_file, text)
        result = (await reload_as(ADMIN_ID, slack, fake_slack)).result
        assert header(result) == "Knowledge base reloaded"
        answers[store.current.version] = await ask(slack, QUESTION)
    first, second = answers.values()
    assert first != second and first["text"] != second["text"], "the two versions must answer differently"
    assert "ML Engineer" in first["text"] and "Data Scientist" in second["text"]

    async def reload_repeatedly() -> list[str]:
        versions = []
        for n in range(RELOADS):
            write_atomically(kb_file, KB_YAML if n % 2 == 0 else OTHER_VERSION)
            result = (await reload_as(ADMIN_ID, slack, fake_slack)).result
            assert header(result) == "Knowledge base reloaded", result["text"]
            versions.append(store.current.version)
        return versions

    reloading = asyncio.create_task(reload_repeatedly())
    seen: list[Message] = []
    while not reloading.done():
        seen += await asyncio.gather(*(ask(slack, QUESTION) for _ in range(QUESTIONS_PER_WAVE)))
    versions = await reloading

    assert len(versions) == RELOADS and set(versions) == set(answers)
    assert len(seen) >= QUESTIONS_PER_WAVE
    mixed = [answer for answer in seen if answer not in (first, second)]
    assert mixed == [], f"{len(mixed)} of {len(seen)} answers came from no single version"
    assert await ask(slack, QUESTION) == answers[versions[-1]], "the last reload is what serves now"


# --- secrets ------------------------------------------------------------------------------------------------


async def test_no_secret_reaches_the_log_or_slack(
    slack: SlackClient, fake_slack: FakeSlack, kb_file: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    fake_slack.users[WORKSPACE_ADMIN] = {"is_owner": True}
    write_atomically(kb_file, SYNTAX_ERROR)
    await reload_as(ADMIN_ID, slack, fake_slack)
    write_atomically(kb_file, WITH_ALIAS)
    await reload_as(WORKSPACE_ADMIN, slack, fake_slack)
    await slack.command("reload", user=USER_ID)

    sent = str([call.body for call in fake_slack.calls])
    for secret in (BOT_TOKEN, SIGNING_SECRET):
        assert secret not in caplog.text
        assert secret not in sent
