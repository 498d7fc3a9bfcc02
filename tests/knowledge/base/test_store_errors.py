"""A reload of a knowledge base full of mistakes lists the first of them and counts them all."""

from __future__ import annotations

from pathlib import Path

from knowledge.base.errors import MAX_REPORTED_ERRORS
from knowledge.base.loader import load_path
from knowledge.base.sources import parse_source
from knowledge.base.store import KnowledgeStore
from tests.fakes.knowledge import KB_YAML

MISTAKES = 250


async def test_a_failed_reload_counts_every_error_while_listing_the_first(tmp_path: Path) -> None:
    kb_file = tmp_path / "kb.yaml"
    kb_file.write_text(KB_YAML, encoding="utf-8")
    store = KnowledgeStore(load_path(kb_file), source=parse_source(str(kb_file)))
    roles = "".join(f"  - {{id: role-{n}, name: Role {n}}}\n" for n in range(MISTAKES))  # no summary
    kb_file.write_text(KB_YAML.replace("roles:\n", "roles:\n" + roles, 1), encoding="utf-8")

    result = await store.reload()

    assert not result.ok
    assert len(result.errors) == MAX_REPORTED_ERRORS + 1, "the first ones, then one line for the rest"
    assert result.error_count == MISTAKES
