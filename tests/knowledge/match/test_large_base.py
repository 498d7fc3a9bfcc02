"""A knowledge base ten times the bundled one (`benchmarks.kb_gen`): unrelated entries do not turn an
out-of-scope question into an answer, the bundled questions keep their answers, and which entries lead to the
same answer is decided from the entries' own owners and roles."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks import kb_gen
from benchmarks.matcher import load_questions
from knowledge.base.loader import load_path
from knowledge.base.model import KnowledgeBase
from knowledge.match import match
from knowledge.match.index import index_for

OUT_OF_SCOPE = ("how do I change my password", "is the cafeteria open")


@pytest.fixture(scope="module")
def tenfold(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeBase:
    size = 10 * kb_gen.entry_count(kb_gen.bundled_files())
    return load_path(kb_gen.write(size, Path(tmp_path_factory.mktemp("kb-10x"))))


def test_the_generated_base_is_ten_times_the_bundled_one(
    tenfold: KnowledgeBase, bundled_kb: KnowledgeBase
) -> None:
    def count(kb: KnowledgeBase) -> int:
        return len(kb.roles) + len(kb.approaches) + len(kb.tasks)

    assert count(tenfold) == 10 * count(bundled_kb)
    assert kb_gen.generate(count(tenfold)) == kb_gen.generate(count(tenfold))  # deterministic


@pytest.mark.parametrize("question", OUT_OF_SCOPE)
def test_out_of_scope_questions_stay_unanswered(tenfold: KnowledgeBase, question: str) -> None:
    found = match(question, tenfold)
    assert (found.kind, found.id, found.alternatives) == ("none", None, ())


def test_the_bundled_questions_keep_their_answers(tenfold: KnowledgeBase, bundled_kb: KnowledgeBase) -> None:
    for question in load_questions():
        small, large = match(question, bundled_kb), match(question, tenfold)
        assert (large.kind, large.id) == (small.kind, small.id), question


def test_related_entries_are_read_from_owners_and_roles(bundled_kb: KnowledgeBase) -> None:
    index = index_for(bundled_kb)
    at = {item.entry.id: i for i, item in enumerate(index.entries)}
    deployment = next(task for task in bundled_kb.tasks if task.id == "deployment")
    accountable = deployment.owners[0]
    same_owner = next(t for t in bundled_kb.tasks if t.id != "deployment" and t.owners[:1] == (accountable,))
    role, approach = next((r, a) for a in bundled_kb.approaches for r in a.roles if r in deployment.owners)
    stranger = next(
        r.id
        for r in bundled_kb.roles
        if r.id not in deployment.owners and not any(r.id in a.roles for a in bundled_kb.approaches)
    )
    for a, b in [
        ("deployment", accountable),
        ("deployment", same_owner.id),
        (role, approach.id),
        ("deployment", approach.id),
    ]:
        assert index.related(at[a], at[b]) and index.related(at[b], at[a]), (a, b)
    assert not index.related(at["deployment"], at[stranger])
