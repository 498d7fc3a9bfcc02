"""Reload listeners: told of every reload, in order, once the store may reload again; one that fails
changes nothing about the reload."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from knowledge.base.sources import parse_source
from knowledge.base.store import KnowledgeStore, ReloadResult
from tests.fakes.knowledge import KB_YAML, write_atomically


async def test_listeners_hear_every_reload_until_removed(tmp_path: Path) -> None:
    kb_file = write_atomically(tmp_path / "kb.yaml", KB_YAML)
    store = await KnowledgeStore.open(parse_source(str(kb_file)))
    heard: list[ReloadResult] = []

    async def listen(result: ReloadResult) -> None:
        heard.append(result)
        assert store.snapshot is result.serving

    remove = store.add_listener(listen)
    ok = await store.reload(actor="U1")
    write_atomically(kb_file, KB_YAML.replace("aliases: [mle]", "aliases: [mle"))
    broken = await store.reload(actor="SIGHUP")
    remove()
    await store.reload()

    assert heard == [ok, broken]
    assert ok.ok and not broken.ok


async def test_a_failing_listener_is_logged_and_the_reload_stands(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    kb_file = write_atomically(tmp_path / "kb.yaml", KB_YAML)
    store = await KnowledgeStore.open(parse_source(str(kb_file)))
    heard: list[str | None] = []

    async def fail(result: ReloadResult) -> None:
        raise RuntimeError("listener broke")

    async def listen(result: ReloadResult) -> None:
        heard.append(result.new_version)

    store.add_listener(fail)
    store.add_listener(listen)
    write_atomically(kb_file, KB_YAML.replace("aliases: [ds]", "aliases: [ds, modeler]"))
    with caplog.at_level(logging.ERROR, logger="mlrole.reload"):
        result = await store.reload()

    assert result.ok and store.current.version == result.new_version
    assert heard == [result.new_version], "the next listener still hears of it"
    [record] = [r for r in caplog.records if "listener failed" in r.getMessage()]
    assert record.exc_info is not None
