"""Property-based: with an `org.yaml`, whatever anyone types, the only live mentions in an answer, or in
what "Ask the owners" posts, are the ones the bot builds from the YAML's ids (and the asker's own id)."""

from __future__ import annotations

import re
import shutil

import pytest
from hypothesis import given
from hypothesis import strategies as st

from handlers import escalation
from handlers.blocks.org import build_escalation, with_ask_owners_button
from handlers.ids import ACTIONS
from handlers.pipeline import answer
from knowledge.base.loader import bundled_path, load_path
from knowledge.base.model import Entry, KnowledgeBase
from tests.fakes.org import without
from tests.handlers.conftest import assert_within_limits
from tests.handlers.test_properties import FAST, QUESTIONS

ASKER = "UASKER001"
_CONTROL = re.compile(r"<[^<>]*>")


@pytest.fixture(scope="module")
def org_kb(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeBase:
    """The bundled knowledge base with every role and task mapped to a group, a channel and a person."""
    directory = tmp_path_factory.mktemp("kb")
    for file in bundled_path().glob("*.yaml"):
        shutil.copy(file, directory / file.name)
    kb = load_path(directory)
    lines = ["org:"]
    entries: list[Entry] = [*kb.roles, *kb.tasks]
    for n, entry in enumerate(entries):
        kind = "role" if n < len(kb.roles) else "task"
        lines += [f"  - {kind}: {entry.id}", f"    group: S0G{n}", f"    channel: C0C{n}"]
        lines += [f"    contacts: [U0P{n}]", "    reviewed: 2026-10-01"]
    (directory / "org.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return load_path(directory)


def _ours(kb: KnowledgeBase) -> set[str]:
    found = {f"<@{ASKER}>"}
    for m in kb.org.mappings:
        found |= {f"<!subteam^{m.group}>", f"<#{m.channel}>", *(f"<@{c}>" for c in m.contacts)}
    return found


def _live(texts: list[str]) -> set[str]:
    return {found for text in texts for found in _CONTROL.findall(text)}


def _texts(message: object) -> list[str]:
    if isinstance(message, str):
        return [message]
    if isinstance(message, dict):
        return [t for key, value in message.items() if key != "value" for t in _texts(value)]
    if isinstance(message, list):
        return [t for value in message for t in _texts(value)]
    return []


@FAST
@given(question=QUESTIONS)
def test_an_answer_mentions_only_the_yamls_ids(org_kb: KnowledgeBase, question: str) -> None:
    found, message = answer(question, org_kb, actions=ACTIONS)

    ours = _ours(org_kb)
    assert _live(_texts(message)) <= ours
    assert_within_limits(without(message, ours))
    if found.kind in ("role", "task"):
        assert _live(_texts(message)), "every role and task is mapped: its card names them"


@FAST
@given(question=QUESTIONS, entry=st.integers(0, 40))
def test_what_ask_the_owners_posts_mentions_only_the_asker_and_the_yamls_ids(
    org_kb: KnowledgeBase, question: str, entry: int
) -> None:
    entries: list[Entry] = [*org_kb.roles, *org_kb.tasks]
    chosen = entries[entry % len(entries)]
    value = escalation.encode(escalation.AskOwners(question=question, entry_id=chosen.id))
    decoded = escalation.decode(value)
    assert len(value) <= 2000 and decoded is not None and decoded.entry_id == chosen.id
    assert question.startswith(decoded.question)

    post = build_escalation(question=decoded.question, asker=ASKER, entry=chosen, kb=org_kb)

    ours = _ours(org_kb)
    assert f"<@{ASKER}>" in post["text"]
    assert _live(_texts(post)) <= ours
    assert_within_limits(without(post, ours))


def test_an_asker_id_of_the_wrong_shape_is_not_mentioned(org_kb: KnowledgeBase) -> None:
    post = build_escalation(question="q", asker="<!channel>", entry=org_kb.roles[0], kb=org_kb)
    assert post["text"].startswith("Someone asks:")


def test_the_button_label_fits_slack_whatever_the_channel_is_called() -> None:
    message = with_ask_owners_button(
        {"text": "t", "blocks": []}, channel="a-very-long-channel-name-" * 4, action_id="a", value="v"
    )
    label = message["blocks"][-1]["elements"][0]["text"]["text"]
    assert len(label) <= 75 and label.startswith("Ask the owners in #a-very-long-channel-name-")
    assert label.endswith("…")
