"""The `missing_roles` section and `source:` provenance: parsed into the snapshot, and every mistake reported
at its file and line."""

from __future__ import annotations

import pytest

from knowledge.base.errors import KnowledgeError
from knowledge.base.loader import load_texts
from knowledge.base.model import MissingRole

BASE = """\
roles:
  - id: domain-expert
    name: Domain Expert
    source: document
    summary: Knows the business.
    aliases: [SME]
tasks:
  - id: framing
    name: Problem framing
    source: practice
    summary: Turn a business problem into an ML problem.
    owners: [domain-expert]
"""
MISSING = """\
missing_roles:
  - id: product-manager
    name: Product Manager
    aliases: [PM]
    closest: [domain-expert]
    note: Decides what the product does.
"""


def _errors(*texts: str) -> str:
    with pytest.raises(KnowledgeError) as caught:
        load_texts([(f"f{i}.yaml", text) for i, text in enumerate(texts)], source="test")
    return "\n".join(str(error) for error in caught.value.errors)


def test_missing_roles_and_sources_are_read() -> None:
    kb = load_texts([("kb.yaml", BASE), ("missing.yaml", MISSING)], source="test")
    assert kb.missing_roles == (
        MissingRole(
            id="product-manager",
            name="Product Manager",
            note="Decides what the product does.",
            closest=("domain-expert",),
            aliases=("PM",),
        ),
    )
    assert [kb.roles[0].source, kb.tasks[0].source] == ["document", "practice"]


def test_a_closest_role_must_exist() -> None:
    errors = _errors(BASE, MISSING.replace("closest: [domain-expert]", "closest: [domain-expret]"))
    assert "f1.yaml:5" in errors
    assert "domain-expret" in errors


def test_a_missing_role_may_not_take_an_entrys_name() -> None:
    errors = _errors(BASE, MISSING.replace("aliases: [PM]", "aliases: [SME]"))
    assert (
        "alias 'SME' of missing role 'product-manager' is already the alias of role 'domain-expert'" in errors
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (MISSING.replace("    note: Decides what the product does.\n", ""), "note"),
        (MISSING.replace("closest: [domain-expert]", "closest: []"), "must name at least one role"),
        (MISSING.replace("id: product-manager", "id: Product Manager"), "must be kebab-case"),
    ],
)
def test_a_malformed_missing_role_is_an_error(text: str, message: str) -> None:
    assert message in _errors(BASE, text)


def test_an_unknown_source_is_an_error_with_a_suggestion() -> None:
    errors = _errors(BASE.replace("source: practice", "source: practise"))
    assert "f0.yaml:10: unknown source of task 'framing': 'practise' (did you mean 'practice'?)" in errors
