"""`/mlrole reload` from an `http(s)://` source, end to end: a local aiohttp server plays the document host.

The source URL carries a token in its query, as a private raw-file URL would; it must never reach a reply or
the log. The fetch timeout is shortened so the timeout case takes a fraction of a second.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import AsyncIterator

import pytest

from knowledge.base.sources import MAX_DOCUMENT_BYTES, fetch, parse_source
from knowledge.base.store import KnowledgeStore
from tests.fakes.env import ADMIN_ID
from tests.fakes.knowledge import KB_YAML, KnowledgeServer, Mode
from tests.fakes.slack_api import FakeSlack
from tests.fakes.slack_client import SlackClient
from tests.handlers.reloading import header, reload_as

TOKEN = "s3cret-kb-token"
TIMEOUT_S = 0.3
"""The fetch timeout for these tests (the real one, `URL_TIMEOUT_S`, is 10 s)."""
WITH_ALIAS = KB_YAML.replace("aliases: [ds]", "aliases: [ds, modeler]")


@pytest.fixture
async def kb_server() -> AsyncIterator[KnowledgeServer]:
    async with KnowledgeServer.running() as server:
        yield server


@pytest.fixture
async def store(kb_server: KnowledgeServer) -> KnowledgeStore:
    """What `MLROLE_KNOWLEDGE=http://…/kb.yaml?token=…` serves, with a short fetch timeout."""
    source = parse_source(kb_server.url(query=f"?token={TOKEN}"))
    return await KnowledgeStore.open(source, fetch=functools.partial(fetch, timeout_s=TIMEOUT_S))


async def test_a_changed_document_at_the_url_is_served_after_reload(
    slack: SlackClient,
    fake_slack: FakeSlack,
    kb_server: KnowledgeServer,
    store: KnowledgeStore,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    kb_server.document = WITH_ALIAS

    result = (await reload_as(ADMIN_ID, slack, fake_slack)).result

    assert header(result) == "Knowledge base reloaded"
    assert "roles: 1 changed (data-scientist (aliases))" in str(result["blocks"])
    assert kb_server.url() in str(result["blocks"])
    answer = (await slack.command("modeler")).json()
    assert answer["blocks"][0]["text"]["text"] == "Data Scientist"
    assert kb_server.requests == 2, "one fetch at start-up, one for the reload"
    assert TOKEN not in caplog.text
    assert TOKEN not in str([call.body for call in fake_slack.calls])


@pytest.mark.parametrize(
    ("mode", "error"),
    [
        ("missing", "the server answered HTTP 404 Not Found"),
        ("hang", f"no complete response within {TIMEOUT_S:g} s"),
        ("oversize", f"the document is larger than the {MAX_DOCUMENT_BYTES:,}-byte limit"),
    ],
)
async def test_a_url_that_fails_is_reported_and_the_old_knowledge_base_keeps_answering(
    slack: SlackClient,
    fake_slack: FakeSlack,
    kb_server: KnowledgeServer,
    store: KnowledgeStore,
    caplog: pytest.LogCaptureFixture,
    mode: Mode,
    error: str,
) -> None:
    caplog.set_level(logging.DEBUG)
    serving = store.snapshot
    kb_server.document = WITH_ALIAS
    kb_server.mode = mode

    reloaded = await reload_as(ADMIN_ID, slack, fake_slack)

    assert reloaded.ack["text"] == f"Reloading the knowledge base from {kb_server.url()}…"
    assert reloaded.responded_before_ack == 0, "the ack went out before the result"
    result = reloaded.result
    assert header(result) == "Reload failed: nothing changed"
    assert f"{kb_server.url()}: {error}" in str(result["blocks"])
    assert f"still serving version `{serving.kb.version}`" in str(result["blocks"])
    assert store.snapshot is serving
    answer = (await slack.command("ds")).json()
    assert answer["blocks"][0]["text"]["text"] == "Data Scientist"
    assert (await slack.command("modeler")).json()["blocks"][0]["text"]["text"] != "Data Scientist"
    assert TOKEN not in caplog.text
    assert TOKEN not in str([call.body for call in fake_slack.calls])
