"""The store: reload swaps in a validated snapshot, or keeps the old one serving and says why."""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from knowledge.base.errors import KnowledgeError
from knowledge.base.loader import load_path
from knowledge.base.model import KnowledgeBase
from knowledge.base.sources import BUNDLED, Source, fetch, parse_source
from knowledge.base.store import KnowledgeStore, Snapshot, Warm
from tests.fakes.knowledge import KB_YAML, KnowledgeServer, line_of

WITH_ALIAS = KB_YAML.replace("aliases: [ds]", "aliases: [ds, scientist]")
WITH_LABELER = KB_YAML.replace(
    "approaches:",
    "  - id: labeler\n    name: Labeler\n    summary: Labels data.\napproaches:",
)
BROKEN_YAML = KB_YAML.replace("aliases: [mle]", "aliases: [mle")
UNKNOWN_OWNER = KB_YAML.replace("owners: [ml-engineer]", "owners: [ml-enginer]")


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def kb_file(tmp_path: Path) -> Path:
    return write(tmp_path / "kb.yaml", KB_YAML)


@pytest.fixture
def reload_log(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.INFO, logger="mlrole.reload")
    return caplog


async def open_store(source: Source, *, warm: Warm | None = None) -> KnowledgeStore:
    return await KnowledgeStore.open(source, warm=warm)


def test_a_store_made_from_a_kb_serves_it(kb_file: Path) -> None:
    kb = load_path(kb_file)
    at = datetime(2026, 1, 2, tzinfo=UTC)
    store = KnowledgeStore(kb, loaded_at=at)
    assert store.current is kb
    assert store.loaded_at == at
    assert store.snapshot == Snapshot(kb=kb, loaded_at=at)
    assert store.source is BUNDLED
    assert store.last_reload is None


async def test_open_raises_on_a_broken_source(tmp_path: Path) -> None:
    with pytest.raises(KnowledgeError):
        await KnowledgeStore.open(parse_source(str(write(tmp_path / "kb.yaml", BROKEN_YAML))))


async def test_reload_a_directory_picks_up_a_new_alias(tmp_path: Path, kb_file: Path) -> None:
    store = await open_store(parse_source(str(tmp_path)))
    before = store.snapshot
    assert store.current.role("data-scientist").aliases == ("ds",)  # type: ignore[union-attr]

    write(kb_file, WITH_ALIAS)
    started = datetime.now(UTC)
    result = await store.reload(actor="U123")

    assert result.ok
    assert result.errors == ()
    assert result.source == str(tmp_path)
    assert result.actor == "U123"
    assert result.old_version == before.kb.version
    assert result.new_version == store.current.version != before.kb.version
    assert result.serving is store.snapshot
    assert store.last_reload is result
    assert store.current.role("data-scientist").aliases == ("ds", "scientist")  # type: ignore[union-attr]
    assert store.loaded_at >= started
    assert result.diff is not None
    assert [(c.id, c.fields) for c in result.diff.section("roles").changed] == [
        ("data-scientist", ("aliases",))
    ]
    assert result.duration_s >= 0
    assert before.kb.role("data-scientist").aliases == ("ds",)  # type: ignore[union-attr]


async def test_reload_a_single_file_with_no_change(kb_file: Path) -> None:
    store = await open_store(parse_source(str(kb_file)))
    before = store.snapshot
    result = await store.reload()
    assert result.ok
    assert result.old_version == result.new_version == before.kb.version
    assert result.diff is not None and result.diff.is_empty
    assert store.snapshot is result.serving is not before


async def test_reload_a_new_role_from_a_single_file(kb_file: Path) -> None:
    store = await open_store(parse_source(str(kb_file)))
    write(kb_file, WITH_LABELER)
    result = await store.reload()
    assert result.ok
    assert result.diff is not None and result.diff.section("roles").added == ("labeler",)
    assert store.current.role("labeler") is not None


@pytest.mark.parametrize(
    ("text", "needle", "message"),
    [(BROKEN_YAML, None, "invalid YAML"), (UNKNOWN_OWNER, "owners:", "ml-enginer")],
    ids=["yaml-syntax", "schema"],
)
async def test_a_broken_file_keeps_the_old_snapshot(
    kb_file: Path, reload_log: pytest.LogCaptureFixture, text: str, needle: str | None, message: str
) -> None:
    store = await open_store(parse_source(str(kb_file)))
    before = store.snapshot
    write(kb_file, text)

    result = await store.reload(actor="U123")

    assert not result.ok
    assert store.snapshot is before
    assert result.serving is before
    assert (result.new_version, result.diff) == (None, None)
    assert result.old_version == before.kb.version
    (error,) = result.errors
    assert error.file == str(kb_file)
    assert error.line is not None
    if needle is not None:
        assert error.line == line_of(text, needle)
    assert str(error).startswith(f"{kb_file}:{error.line}: ")
    assert message in error.message
    assert store.last_reload is result
    (record,) = reload_log.records
    assert record.levelno == logging.WARNING
    assert record.exc_info is None
    assert "outcome='invalid'" in record.getMessage()
    assert str(error) in record.getMessage()


async def test_a_fixed_file_reloads_after_a_failure(kb_file: Path) -> None:
    store = await open_store(parse_source(str(kb_file)))
    write(kb_file, BROKEN_YAML)
    assert not (await store.reload()).ok
    write(kb_file, WITH_ALIAS)
    result = await store.reload()
    assert result.ok
    assert store.current.version == result.new_version


async def test_an_unexpected_error_keeps_the_old_snapshot_and_is_logged_with_its_traceback(
    kb_file: Path, reload_log: pytest.LogCaptureFixture
) -> None:
    async def failing_fetch(source: Source) -> KnowledgeBase:
        raise RuntimeError("disk on fire")

    store = KnowledgeStore(load_path(kb_file), source=parse_source(str(kb_file)), fetch=failing_fetch)
    before = store.snapshot

    result = await store.reload(actor="U9")

    assert not result.ok
    assert store.snapshot is before
    (error,) = result.errors
    assert (error.file, error.line) == (str(kb_file), None)
    assert "unexpected RuntimeError" in error.message
    assert "disk on fire" not in error.message
    (record,) = reload_log.records
    assert record.levelno == logging.ERROR
    assert record.exc_info is not None and isinstance(record.exc_info[1], RuntimeError)
    assert "outcome='error'" in record.getMessage()


async def test_a_successful_reload_logs_one_structured_line(
    kb_file: Path, reload_log: pytest.LogCaptureFixture
) -> None:
    store = await open_store(parse_source(str(kb_file)))
    old = store.current.version
    write(kb_file, WITH_ALIAS)
    result = await store.reload(actor="U123")
    (record,) = reload_log.records
    assert record.name == "mlrole.reload"
    assert record.levelno == logging.INFO
    message = record.getMessage()
    assert "\n" not in message
    for part in (
        "outcome='ok'",
        "actor='U123'",
        f"source={str(kb_file)!r}",
        f"old_version={old!r}",
        f"new_version={result.new_version!r}",
        "changed=True",
        "duration_s=",
    ):
        assert part in message
    assert record.reload["actor"] == "U123"  # type: ignore[attr-defined]


async def test_the_warm_hook_prepares_a_snapshot_before_the_swap(kb_file: Path) -> None:
    prepared: list[tuple[KnowledgeBase, KnowledgeBase | None]] = []
    store: KnowledgeStore | None = None

    def prepare(kb: KnowledgeBase) -> None:
        prepared.append((kb, store.current if store else None))

    store = await open_store(parse_source(str(kb_file)), warm=prepare)
    assert [warmed for warmed, _ in prepared] == [store.current]
    prepared.clear()
    before = store.snapshot
    write(kb_file, WITH_ALIAS)
    await store.reload()
    ((warmed, serving_meanwhile),) = prepared
    assert warmed is store.current
    assert serving_meanwhile is before.kb


async def test_a_failing_warm_up_keeps_the_old_snapshot(kb_file: Path) -> None:
    failing = False

    def prepare(kb: KnowledgeBase) -> None:
        if failing:
            raise ValueError("bad index")

    store = await open_store(parse_source(str(kb_file)), warm=prepare)
    before = store.snapshot
    failing = True
    write(kb_file, WITH_ALIAS)
    result = await store.reload()
    assert not result.ok
    assert store.snapshot is before


# --- URL sources -------------------------------------------------------------------------------------------


@pytest.fixture
async def http_server() -> AsyncIterator[KnowledgeServer]:
    async with KnowledgeServer.running() as server:
        yield server


async def test_reload_from_a_url(http_server: KnowledgeServer, reload_log: pytest.LogCaptureFixture) -> None:
    store = await open_store(parse_source(http_server.url(query="?token=s3cret")))
    assert store.source.display == http_server.url()

    http_server.document = WITH_ALIAS
    assert (await store.reload()).ok
    assert "scientist" in store.current.role("data-scientist").aliases  # type: ignore[union-attr]

    serving = store.snapshot
    http_server.mode = "missing"
    result = await store.reload()
    assert not result.ok
    assert store.snapshot is serving
    assert [str(error) for error in result.errors] == [
        f"{http_server.url()}: the server answered HTTP 404 Not Found"
    ]
    assert all("s3cret" not in record.getMessage() for record in reload_log.records)
    assert "s3cret" not in repr(result)


# --- concurrency -------------------------------------------------------------------------------------------


async def test_concurrent_reloads_run_one_at_a_time_and_merge_while_waiting(kb_file: Path) -> None:
    gate, entered = asyncio.Event(), asyncio.Event()
    log: list[str] = []
    active = 0

    async def gated_fetch(source: Source) -> KnowledgeBase:
        nonlocal active
        active += 1
        log.append(f"start {active}")
        entered.set()
        await gate.wait()
        kb = await fetch(source)
        log.append("end")
        active -= 1
        return kb

    store = KnowledgeStore(load_path(kb_file), source=parse_source(str(kb_file)), fetch=gated_fetch)
    tasks = [asyncio.create_task(store.reload(actor=f"U{n}")) for n in range(3)]
    await entered.wait()
    assert active == 1, "a second reload started loading while the first was still loading"
    gate.set()
    results = await asyncio.gather(*tasks)

    assert log == ["start 1", "end"] * 2, "U1 and U2 arrived during U0's reload: one follow-up for both"
    assert [result.actor for result in results] == ["U0", "U1", "U1"]
    assert all(result.ok for result in results)
    assert store.snapshot is results[-1].serving


async def test_a_cancelled_reload_keeps_the_old_snapshot_and_frees_the_store(kb_file: Path) -> None:
    entered = asyncio.Event()
    calls = 0

    async def first_call_hangs(source: Source) -> KnowledgeBase:
        nonlocal calls
        calls += 1
        if calls == 1:
            entered.set()
            await asyncio.Event().wait()
        return await fetch(source)

    store = KnowledgeStore(load_path(kb_file), source=parse_source(str(kb_file)), fetch=first_call_hangs)
    before = store.snapshot
    task = asyncio.create_task(store.reload())
    await entered.wait()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert store.snapshot is before

    write(kb_file, WITH_ALIAS)
    assert (await store.reload()).ok
    assert store.current.version != before.kb.version


async def test_readers_always_see_one_complete_version(kb_file: Path) -> None:
    """A reader thread reads continuously while reloads alternate between two versions; every snapshot it
    sees is exactly one that was served: version, content and loaded_at belong together."""
    store = await open_store(parse_source(str(kb_file)))
    stop = threading.Event()
    changed = threading.Condition()
    snapshots_seen: set[Snapshot] = set()
    observed: set[tuple[str, tuple[str, ...], datetime]] = set()

    def reader() -> None:
        last: Snapshot | None = None
        while not stop.is_set():
            snapshot = store.snapshot
            kb = snapshot.kb
            observed.add((kb.version, tuple(role.id for role in kb.roles), snapshot.loaded_at))
            if snapshot is not last:
                last = snapshot
                with changed:
                    snapshots_seen.add(snapshot)
                    changed.notify_all()

    def reader_saw(snapshot: Snapshot) -> bool:
        with changed:
            return changed.wait_for(lambda: snapshot in snapshots_seen, timeout=10)

    thread = threading.Thread(target=reader, daemon=True)
    thread.start()
    served = [store.snapshot]
    try:
        for n in range(10):
            write(kb_file, WITH_LABELER if n % 2 == 0 else KB_YAML)
            result = await store.reload()
            assert result.ok
            served.append(result.serving)
            assert await asyncio.to_thread(reader_saw, result.serving), (
                "the reader never saw the new snapshot"
            )
    finally:
        stop.set()
        await asyncio.to_thread(thread.join, 10)

    assert not thread.is_alive()
    expected = {(s.kb.version, tuple(r.id for r in s.kb.roles), s.loaded_at) for s in served}
    assert observed <= expected
    assert {version for version, _, _ in observed} == {s.kb.version for s in served}
    roles_by_version = {version: roles for version, roles, _ in observed}
    assert sorted(map(len, roles_by_version.values())) == [2, 3], "two versions, each with its own roles"
