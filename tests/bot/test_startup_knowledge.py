"""Start-up reads `MLROLE_KNOWLEDGE` as reload does: a URL works, and a broken knowledge base stops the
process with every error as `file:line: message`, no traceback and no secret."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.cli import main
from bot.settings import Settings
from bot.startup import open_store
from tests.bot.serve_process import SLACK_VARIABLES
from tests.fakes.env import BOT_TOKEN, SIGNING_SECRET
from tests.fakes.knowledge import KB_YAML, KnowledgeServer, line_of, write_atomically

TOKEN = "s3cret-kb-token"


@pytest.fixture
async def kb_server() -> AsyncIterator[KnowledgeServer]:
    async with KnowledgeServer.running() as server:
        yield server


async def test_a_url_source_is_loaded_at_start_up_and_reloads_from_the_same_url(
    kb_server: KnowledgeServer,
) -> None:
    settings = Settings(mode="http", knowledge_path=kb_server.url(query=f"?token={TOKEN}"))

    store = await open_store(settings, err=io.StringIO())

    assert store is not None
    assert store.current.role("data-scientist") is not None
    assert store.source.display == kb_server.url()
    kb_server.document = KB_YAML.replace("aliases: [ds]", "aliases: [ds, modeler]")
    assert (await store.reload(actor="test")).ok
    assert kb_server.requests == 2


async def test_a_url_that_fails_at_start_up_is_reported_without_its_token(kb_server: KnowledgeServer) -> None:
    kb_server.mode = "missing"
    err = io.StringIO()

    store = await open_store(
        Settings(mode="http", knowledge_path=kb_server.url(query=f"?token={TOKEN}")), err=err
    )

    assert store is None
    assert f"mlrole: {kb_server.url()}: the server answered HTTP 404 Not Found" in err.getvalue()
    assert TOKEN not in err.getvalue()


def test_a_broken_knowledge_base_stops_start_up_with_every_error_and_its_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    for name in SLACK_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    broken = KB_YAML.replace("    name: ML Engineer\n", "").replace(
        "owners: [ml-engineer]", "owners: [nobody]"
    )
    kb_file = write_atomically(tmp_path / "kb.yaml", broken)
    monkeypatch.setenv("SLACK_BOT_TOKEN", BOT_TOKEN)
    monkeypatch.setenv("SLACK_SIGNING_SECRET", SIGNING_SECRET)
    monkeypatch.setenv("MLROLE_KNOWLEDGE", str(kb_file))

    assert main(["serve"]) == 2

    out, err = capsys.readouterr()
    lines = err.splitlines()
    assert lines[0] == "mlrole: cannot use the knowledge base (MLROLE_KNOWLEDGE): 2 error(s)"
    role, owners = line_of(broken, "id: ml-engineer"), line_of(broken, "owners: [nobody]")
    assert lines[1].startswith(f"mlrole: {kb_file}:{role}: a role is missing the required field 'name'")
    assert lines[2].startswith(f"mlrole: {kb_file}:{owners}: unknown role 'nobody'")
    assert "Traceback" not in out + err
    assert BOT_TOKEN not in out + err and SIGNING_SECRET not in out + err
