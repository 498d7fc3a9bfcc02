"""The "Helpful" / "Not helpful" buttons under an answer, and the answer once someone has voted."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

from handlers.blocks.core import MAX_BLOCKS, Block, Message, _actions, _button, _context

HELPFUL: Final = "Helpful"
NOT_HELPFUL: Final = "Not helpful"
NOTED: Final = "Thanks, noted"


@dataclass(frozen=True, slots=True)
class FeedbackIds:
    """The action ids of the two feedback buttons, chosen where the handlers register them."""

    up: str
    down: str


def with_feedback_buttons(message: Message, *, ids: FeedbackIds, value: str) -> Message:
    """The message with the two feedback buttons in an actions block at the end; both carry `value`."""
    buttons = [
        _button(HELPFUL, action_id=ids.up, value=value),
        _button(NOT_HELPFUL, action_id=ids.down, value=value),
    ]
    blocks = message["blocks"][: MAX_BLOCKS - 1]
    return {"text": message["text"], "blocks": [*blocks, _actions(buttons)]}


def _is_feedback(block: Block, ids: FeedbackIds) -> bool:
    elements = block.get("elements") or []
    return block.get("type") == "actions" and any(
        isinstance(e, dict) and e.get("action_id") in (ids.up, ids.down) for e in elements
    )


def with_feedback_noted(message: Message, *, ids: FeedbackIds) -> Message:
    """The message with its feedback buttons replaced by "Thanks, noted"."""
    blocks = [_context([NOTED]) if _is_feedback(block, ids) else block for block in message["blocks"]]
    return {"text": message["text"], "blocks": blocks}


def build_noted() -> Message:
    """ "Thanks, noted" alone: for a vote under a message others see too, whose buttons stay theirs."""
    return {"text": NOTED, "blocks": [_context([NOTED])]}


def with_choice_values(message: Message, *, choose_prefix: str, value_for: Callable[[str], str]) -> Message:
    """The message with each did-you-mean button's value (an entry id) replaced by `value_for(entry_id)`:
    how a choice names the question it resolves. Other blocks are shared, not copied."""

    def rewritten(block: Block) -> Block:
        if block.get("type") != "actions":
            return block
        elements = [
            {**e, "value": value_for(str(e.get("value", "")))}
            if str(e.get("action_id", "")).startswith(choose_prefix)
            else e
            for e in block["elements"]
        ]
        return {**block, "elements": elements}

    return {"text": message["text"], "blocks": [rewritten(block) for block in message["blocks"]]}
