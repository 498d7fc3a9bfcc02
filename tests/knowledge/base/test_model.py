"""The snapshot's lookups by id: dict indexes built with the snapshot, answering as a scan in order would."""

from __future__ import annotations

from knowledge.base.model import Approach, KnowledgeBase, Role, Task


def _kb() -> KnowledgeBase:
    return KnowledgeBase(
        version="v",
        source="here",
        roles=(Role(id="lead", name="Lead", summary="."), Role(id="lead", name="Second lead", summary=".")),
        approaches=(Approach(id="solo", name="Solo", summary="."),),
        tasks=(
            Task(id="build", name="Build", summary=".", owners=("lead",)),
            Task(id="solo", name="A task named like an approach", summary=".", owners=("lead",)),
        ),
    )


def test_each_lookup_finds_its_kind_and_the_first_of_a_repeated_id() -> None:
    kb = _kb()
    role = kb.role("lead")
    assert role is not None and role.name == "Lead"
    assert kb.role_name("lead") == "Lead"
    assert kb.approach("solo") is kb.approaches[0]
    assert kb.task("solo") is kb.tasks[1]
    assert kb.task("build") is kb.tasks[0]
    assert kb.entry("solo") is kb.approaches[0]  # roles, then approaches, then tasks
    assert kb.entry("build") is kb.tasks[0]


def test_an_unknown_id_is_none_and_a_role_name_falls_back_to_the_id() -> None:
    kb = _kb()
    assert kb.role("build") is None
    assert kb.approach("lead") is None
    assert kb.task("nope") is None
    assert kb.entry("nope") is None
    assert kb.role_name("nope") == "nope"


def test_the_indexes_stay_out_of_repr_and_equality_stays_identity() -> None:
    kb = _kb()
    assert "_by_id" not in repr(kb)
    assert kb != _kb()
