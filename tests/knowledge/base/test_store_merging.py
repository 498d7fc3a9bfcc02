"""Reload requests that arrive while a reload runs merge into one follow-up, which all of them await."""

from __future__ import annotations

import asyncio
from pathlib import Path

from knowledge.base.model import KnowledgeBase
from knowledge.base.sources import Source, fetch, parse_source
from knowledge.base.store import KnowledgeStore
from tests.fakes.knowledge import KB_YAML

WAIT_S = 10.0


class GatedFetch:
    """The real `fetch`, held at a gate the test opens: a knowledge-base source that hangs."""

    def __init__(self) -> None:
        self.started = 0
        self.entered = asyncio.Event()
        self.gate = asyncio.Event()

    async def __call__(self, source: Source) -> KnowledgeBase:
        self.started += 1
        self.entered.set()
        await self.gate.wait()
        return await fetch(source)


async def test_many_requests_during_a_reload_run_one_follow_up_and_all_get_its_result(
    tmp_path: Path,
) -> None:
    path = tmp_path / "kb.yaml"
    path.write_text(KB_YAML)
    source = parse_source(str(path))
    gated = GatedFetch()
    store = KnowledgeStore(await fetch(source), source=source, fetch=gated)

    first = asyncio.create_task(store.reload(actor="U1"))
    await asyncio.wait_for(gated.entered.wait(), WAIT_S)  # the first reload is fetching, and hangs
    later = [asyncio.create_task(store.reload(actor=f"SIGHUP-{n}")) for n in range(50)]
    await asyncio.sleep(0)  # every later request has arrived and found the first still running
    gated.gate.set()
    results = await asyncio.wait_for(asyncio.gather(first, *later), WAIT_S)

    assert gated.started == 2, "one reload, then one follow-up for all fifty requests"
    assert all(result.ok for result in results)
    follow_ups = {id(result) for result in results[1:]}
    assert len(follow_ups) == 1, "the fifty share one result"
    assert results[1] is not results[0]


async def test_a_request_after_the_follow_up_started_queues_another(tmp_path: Path) -> None:
    path = tmp_path / "kb.yaml"
    path.write_text(KB_YAML)
    source = parse_source(str(path))
    store = KnowledgeStore(await fetch(source), source=source)

    one = await store.reload()
    two = await store.reload()

    assert one is not two and one.ok and two.ok
