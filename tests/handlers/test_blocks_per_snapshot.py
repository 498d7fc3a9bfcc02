"""Answers that depend on the snapshot alone (cards, the comparison, usage) are rendered once per snapshot:
each caller still gets a message of its own, and a new snapshot is rendered afresh."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import pytest

from handlers.blocks import Message, build_answer, build_entry, build_role_card, with_share_button
from knowledge.base.model import KnowledgeBase
from knowledge.match import Match

Render = Callable[[KnowledgeBase], Message]

RENDERS: dict[str, Render] = {
    "role": lambda kb: build_answer(Match("q", "role", id=kb.roles[0].id), kb),
    "approach": lambda kb: build_answer(Match("q", "approach", id=kb.approaches[0].id), kb),
    "task": lambda kb: build_answer(Match("q", "task", id=kb.tasks[0].id), kb),
    "comparison": lambda kb: build_answer(Match("q", "compare"), kb),
    "help": lambda kb: build_answer(Match("q", "help"), kb),
    "chosen entry": lambda kb: build_entry(kb.tasks[-1].id, kb),
    "chosen entry, unknown": lambda kb: build_entry("no-such-entry", kb),
}


@pytest.mark.parametrize("render", RENDERS.values(), ids=RENDERS.keys())
def test_changing_a_message_does_not_change_the_next_one(bundled_kb: KnowledgeBase, render: Render) -> None:
    first = render(bundled_kb)
    expected = {"text": first["text"], "blocks": [dict(block) for block in first["blocks"]]}

    first["text"] = "changed"
    first["blocks"].append({"type": "divider"})
    del first["blocks"][0]
    with_share_button(first, action_id="share", value="{}")

    assert render(bundled_kb) == expected
    assert render(bundled_kb) is not render(bundled_kb)


def test_a_card_comes_from_the_snapshot_it_is_asked_of(bundled_kb: KnowledgeBase) -> None:
    role = bundled_kb.roles[0]
    renamed = dataclasses.replace(role, name="Renamed Role")
    reloaded = dataclasses.replace(bundled_kb, roles=(renamed, *bundled_kb.roles[1:]))
    match = Match("q", "role", id=role.id)

    before, after, again = (build_answer(match, kb) for kb in (bundled_kb, reloaded, bundled_kb))

    assert before == again == build_role_card(role, bundled_kb)
    assert after == build_role_card(renamed, reloaded)
    assert after["blocks"][0]["text"]["text"] == "Renamed Role"


def test_a_stale_match_still_echoes_its_own_question(bundled_kb: KnowledgeBase) -> None:
    """No card for an id the snapshot lacks (or of another kind): help quoting the question, every time."""
    approach_id = bundled_kb.approaches[0].id
    for query in ("first question", "second question"):
        for match in (Match(query, "role", id="no-such-role"), Match(query, "role", id=approach_id)):
            assert query in build_answer(match, bundled_kb)["text"]
