"""Small knowledge bases built in code, and the one checker of Slack's message limits.

The renderer is tested against these, not the bundled data, so its tests say what they mean and do not
change when the YAML does.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from slack_sdk.models.blocks import Block

from handlers.blocks import Message
from knowledge.base.model import Approach, KnowledgeBase, OwnerVariant, Role, SizeNote, Task

# Slack's documented limits, written out here rather than imported, so a changed constant in the code
# cannot quietly change what the tests accept.
SLACK_MAX_BLOCKS = 50
SLACK_MAX_HEADER = 150
SLACK_MAX_SECTION = 3000
SLACK_MAX_FIELDS = 10
SLACK_MAX_FIELD = 2000
SLACK_MAX_TEXT_OBJECT = 3000
SLACK_MAX_CONTEXT_ELEMENTS = 10
SLACK_MAX_ACTIONS_ELEMENTS = 25
SLACK_MAX_BUTTON_TEXT = 75
SLACK_MAX_BUTTON_VALUE = 2000
SLACK_MAX_ACTION_ID = 255
SLACK_ADVISED_FALLBACK = 4000

# Outside a Slack control sequence, `&` may only start one of the three entities Slack decodes.
_BARE_AMPERSAND = re.compile(r"&(?!amp;|lt;|gt;)")

AssertWithinLimits = Callable[[Message], None]


def _texts(block: dict[str, Any]) -> list[tuple[str, str]]:
    """(where, text) for every text in a block."""
    found = []
    if isinstance(block.get("text"), dict):
        found.append((f"{block['type']}.text", block["text"]["text"]))
    for i, field in enumerate(block.get("fields", ())):
        found.append((f"field {i}", field["text"]))
    for i, element in enumerate(block.get("elements", ())):
        text = element.get("text")
        found.append((f"element {i}", text["text"] if isinstance(text, dict) else text))
    return found


def assert_within_limits(message: Message) -> None:
    """Everything Slack checks on a message we send, and our own rule that no text has a raw `<`, `>`, `&`."""
    assert set(message) == {"text", "blocks"}
    text, blocks = message["text"], message["blocks"]
    assert isinstance(text, str)
    assert text.strip(), "the text fallback is empty"
    assert len(text) <= SLACK_ADVISED_FALLBACK
    assert 1 <= len(blocks) <= SLACK_MAX_BLOCKS, f"{len(blocks)} blocks"
    for n, block in enumerate(blocks):
        kind = block["type"]
        if kind == "header":
            assert block["text"]["type"] == "plain_text"
            assert 1 <= len(block["text"]["text"]) <= SLACK_MAX_HEADER
        elif kind == "section":
            assert "text" in block or block.get("fields")
            if "text" in block:
                assert 1 <= len(block["text"]["text"].strip()) <= SLACK_MAX_SECTION
            fields = block.get("fields", [])
            assert len(fields) <= SLACK_MAX_FIELDS
            assert all(1 <= len(field["text"].strip()) <= SLACK_MAX_FIELD for field in fields)
        elif kind == "context":
            assert 1 <= len(block["elements"]) <= SLACK_MAX_CONTEXT_ELEMENTS
            assert all(len(e["text"]) <= SLACK_MAX_TEXT_OBJECT for e in block["elements"])
        elif kind == "actions":
            assert 1 <= len(block["elements"]) <= SLACK_MAX_ACTIONS_ELEMENTS
            action_ids = [button["action_id"] for button in block["elements"]]
            assert len(set(action_ids)) == len(action_ids), "action ids must be unique within a block"
            for button in block["elements"]:
                assert button["type"] == "button"
                assert 1 <= len(button["text"]["text"]) <= SLACK_MAX_BUTTON_TEXT
                assert 1 <= len(button["action_id"]) <= SLACK_MAX_ACTION_ID
                assert len(button.get("value", "")) <= SLACK_MAX_BUTTON_VALUE
        else:
            assert kind == "divider", f"block {n}: unexpected block type {kind!r}"
        # slack_sdk's own validation (it runs in to_dict), and no keys it does not know.
        assert Block.parse(block).to_dict() == block  # type: ignore[union-attr]
        for where, value in _texts(block):
            assert "<" not in value and ">" not in value, f"block {n} {where}: raw < or > in {value!r}"
            assert not _BARE_AMPERSAND.search(value), f"block {n} {where}: raw & in {value!r}"
    assert "<" not in text and ">" not in text and not _BARE_AMPERSAND.search(text)


@pytest.fixture
def within_limits() -> AssertWithinLimits:
    return assert_within_limits


# A modal's limits (the Block Kit reference for views, and for input blocks and their elements).
SLACK_MAX_VIEW_BLOCKS = 100
SLACK_MAX_VIEW_TITLE = 24
"""Also the submit and close buttons' texts."""
SLACK_MAX_LABEL = 2000
SLACK_MAX_HINT = 2000
SLACK_MAX_SELECT_OPTIONS = 100
SLACK_MAX_RADIO_OPTIONS = 10
SLACK_MAX_OPTION_TEXT = 75
SLACK_MAX_OPTION_VALUE = 150
SLACK_MAX_ID = 255
"""block_id, action_id, callback_id."""
SLACK_MAX_PRIVATE_METADATA = 3000


def assert_modal_within_limits(view: dict[str, Any]) -> None:
    """Everything Slack checks on a modal we open, and slack_sdk's own validation of it."""
    from slack_sdk.models.views import View

    assert view["type"] == "modal"
    assert 1 <= len(view["title"]["text"]) <= SLACK_MAX_VIEW_TITLE
    for button in ("submit", "close"):
        assert view[button]["type"] == "plain_text"
        assert 1 <= len(view[button]["text"]) <= SLACK_MAX_VIEW_TITLE
    assert 1 <= len(view["callback_id"]) <= SLACK_MAX_ID
    assert len(view.get("private_metadata", "")) <= SLACK_MAX_PRIVATE_METADATA
    blocks = view["blocks"]
    assert 1 <= len(blocks) <= SLACK_MAX_VIEW_BLOCKS
    block_ids = [block["block_id"] for block in blocks if "block_id" in block]
    assert len(set(block_ids)) == len(block_ids), "block ids must be unique within a view"
    for block in blocks:
        assert len(block.get("block_id", "")) <= SLACK_MAX_ID
        if block["type"] != "input":
            continue
        assert block["label"]["type"] == "plain_text"
        assert 1 <= len(block["label"]["text"]) <= SLACK_MAX_LABEL
        assert len(block.get("hint", {}).get("text", "")) <= SLACK_MAX_HINT
        element = block["element"]
        assert 1 <= len(element["action_id"]) <= SLACK_MAX_ID
        options = element.get("options", [])
        if element["type"] == "static_select":
            assert 1 <= len(options) <= SLACK_MAX_SELECT_OPTIONS
        if element["type"] == "radio_buttons":
            assert 1 <= len(options) <= SLACK_MAX_RADIO_OPTIONS
        for option in options:
            assert option["text"]["type"] == "plain_text"
            assert 1 <= len(option["text"]["text"]) <= SLACK_MAX_OPTION_TEXT
            assert 1 <= len(option["value"]) <= SLACK_MAX_OPTION_VALUE
        if "initial_option" in element:
            assert element["initial_option"] in options, "the initial option must be one of the options"
    assert View(**view).to_dict() == view  # slack_sdk validates in to_dict(), and drops what it does not know


@pytest.fixture
def kb() -> KnowledgeBase:
    """Three roles, two approaches, two tasks: enough for every kind of card."""
    roles = (
        Role(
            id="data-engineer",
            name="Data Engineer",
            summary="Builds the pipelines that turn raw data into analysis-ready data.",
            aliases=("DE",),
            responsibilities=("Extract, transform & load data", "Write *fast* data APIs"),
            skills=("SQL", "Python"),
            not_expected=("Any machine learning",),
            works_with=("devops-engineer", "ml-scientist"),
        ),
        Role(
            id="devops-engineer",
            name="DevOps Engineer",
            summary="Automates model deployment and monitoring.",
            responsibilities=("Deploy models",),
            works_with=("data-engineer",),
            by_company_size=(
                SizeNote(sizes=("startup", "small"), text="May be part of the ML team."),
                SizeNote(sizes=("large",), text="Works in a larger DevOps team."),
            ),
        ),
        Role(id="ml-scientist", name="ML Scientist", summary="Devises models for the goal."),
    )
    approaches = (
        Approach(
            id="split",
            name="Scientists + Engineers",
            summary="Specialists on each side.",
            strengths=("Specialization",),
            weaknesses=("Hand-offs",),
            choose_when=("You need research",),
            roles=("ml-scientist", "data-engineer"),
        ),
        Approach(
            id="ml-engineers",
            name="ML Software Engineers",
            summary="Engineers who do both.",
            strengths=("No rewrites",),
            weaknesses=("Hard to hire",),
            roles=("devops-engineer",),
        ),
    )
    tasks = (
        Task(
            id="deployment",
            name="Model deployment",
            summary="Ship models to production.",
            owners=("devops-engineer", "data-engineer", "ml-scientist"),
            by_company_size=(
                OwnerVariant(sizes=("startup",), owners=("data-engineer",), note="No DevOps team yet."),
            ),
        ),
        Task(
            id="features",
            name="Feature definitions",
            summary="Decide the features.",
            owners=("ml-scientist",),
        ),
    )
    return KnowledgeBase(version="test", source="tests", roles=roles, approaches=approaches, tasks=tasks)


def _long(word: str, n: int) -> str:
    return " ".join([word] * n)


@pytest.fixture
def huge_kb() -> KnowledgeBase:
    """An admin's worst YAML: enormous names and texts, hundreds of entries, Slack control characters."""
    nasty = "<!channel> & <@U123> *bold* "
    role_ids = [f"role-{i}" for i in range(200)]
    roles = tuple(
        Role(
            id=role_id,
            name=_long(f"Role{i}&<>", 400),
            summary=_long(nasty, 2000),
            responsibilities=tuple(_long(f"duty{j}&", 300) for j in range(300)),
            skills=tuple(_long("skill<>", 500) for _ in range(100)),
            not_expected=(_long("nothing&", 5000),),
            works_with=tuple(r for r in role_ids if r != role_id),
            by_company_size=tuple(
                SizeNote(sizes=("startup", "small", "medium", "large"), text=_long(nasty, 500))
                for _ in range(50)
            ),
        )
        for i, role_id in enumerate(role_ids)
    )
    approaches = tuple(
        Approach(
            id=f"approach-{i}",
            name=_long(f"Approach{i}&", 300),
            summary=_long(nasty, 1000),
            strengths=tuple(_long("good&", 400) for _ in range(100)),
            weaknesses=tuple(_long("bad<", 400) for _ in range(100)),
            choose_when=tuple(_long("when>", 400) for _ in range(100)),
            roles=tuple(role_ids),
        )
        for i in range(40)
    )
    tasks = tuple(
        Task(
            id=f"task-{i}",
            name=_long(f"Task{i}<>&", 300),
            summary=_long(nasty, 1000),
            owners=tuple(role_ids),
            by_company_size=tuple(
                OwnerVariant(sizes=(size,), owners=tuple(role_ids), note=_long(nasty, 300))
                for size in ("startup", "small", "medium", "large")
            ),
        )
        for i in range(100)
    )
    return KnowledgeBase(version="huge", source="tests", roles=roles, approaches=approaches, tasks=tasks)
