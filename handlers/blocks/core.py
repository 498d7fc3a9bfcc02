"""The core of every message: Slack's limits, escaping and truncation, and the block constructors.

Every string handed to a block constructor (`_header`, `_section`, ...) is already escaped, and only those
constructors build text objects, so they are the only place Slack's size limits are enforced; `_message`
caps the number of blocks.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Final, TypedDict

# --- Slack's limits for messages (the Block Kit reference) -------------------------------------------------

MAX_BLOCKS: Final = 50
MAX_HEADER_TEXT: Final = 150
MAX_SECTION_TEXT: Final = 3000
MAX_FIELDS: Final = 10
MAX_FIELD_TEXT: Final = 2000
MAX_CONTEXT_ELEMENTS: Final = 10
MAX_CONTEXT_TEXT: Final = 3000
"""A text object's limit, which context elements share."""
MAX_ACTIONS_ELEMENTS: Final = 25
MAX_BUTTON_TEXT: Final = 75
MAX_BUTTON_VALUE: Final = 2000
MAX_ACTION_ID: Final = 255
MAX_FALLBACK_TEXT: Final = 4000
"""Slack advises keeping a message's top-level `text` under 4,000 characters (it cuts at 40,000)."""
MAX_VIEW_BLOCKS: Final = 100
"""Blocks in a modal or the App Home tab."""

# --- what reads well in Slack -----------------------------------------------------------------------------

MAX_QUERY_ECHO: Final = 200
"""How much of the user's question is quoted back."""
ELLIPSIS: Final = "…"
BULLET: Final = "•"

_ENTITIES: Final = ("&amp;", "&lt;", "&gt;")
_INVISIBLE: Final = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
"""Control characters, and the direction marks and overrides that would reorder the bot's words around an
echoed question: never echoed."""

Block = dict[str, Any]
View = dict[str, Any]


class Message(TypedDict):
    """What Slack receives: `chat.postMessage` / `respond()` arguments `text` and `blocks`."""

    text: str
    blocks: list[Block]


@dataclass(frozen=True, slots=True)
class ActionIds:
    """Action ids for the buttons a message may carry, chosen where the handlers register them.

    `choose_entry` is a prefix: the i-th did-you-mean button (from 0) gets the action id
    `f"{choose_entry}-{i}"` (Slack wants action ids unique within a block) and the entry id as its value, so
    one listener on `re.compile(rf"^{re.escape(choose_entry)}-\\d+$")` handles them all.
    """

    choose_entry: str
    adjust_recommendation: str | None = None
    """The "Adjust the inputs" button under a team recommendation (none without it)."""
    ask_owners: str | None = None
    """The "Ask the owners" button under a role or task with a channel in `org.yaml` (none without it)."""

    def choose(self, index: int) -> str:
        return f"{self.choose_entry}-{index}"


# --- text -------------------------------------------------------------------------------------------------


def escape(text: str) -> str:
    """Make text safe for Slack: `&`, `<`, `>` become `&amp;`, `&lt;`, `&gt;`. Nothing else changes."""
    if "&" in text or "<" in text or ">" in text:  # rarely: three tests cost half of three replaces
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text


def truncate(text: str, limit: int) -> str:
    """`text` cut to at most `limit` characters, ending in "…" when cut, never inside an `&…;` entity."""
    if len(text) <= limit:
        return text
    cut = text[: max(limit - len(ELLIPSIS), 0)]
    amp = cut.rfind("&")  # only the last "&" can start an entity that runs past the cut
    if amp != -1 and any(text.startswith(e, amp) and amp + len(e) > len(cut) for e in _ENTITIES):
        cut = cut[:amp]
    return cut.rstrip() + ELLIPSIS


def _quote(query: str) -> str:
    """The user's question, escaped, on one line, controls dropped, shortened, in quotes: safe to echo."""
    visible = _INVISIBLE.sub("", " ".join(query.split()))
    return f"“{truncate(escape(visible), MAX_QUERY_ECHO)}”"


def _join(items: Sequence[str], word: str = "and") -> str:
    """`a`, `a and b`, `a, b and c` (or another joining word)."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {word} {items[-1]}"


def _bulleted(title: str, items: Iterable[str]) -> str:
    """`*Title*` and one escaped bullet per item; "" when there are no items."""
    lines = [f"{BULLET} {escape(item)}" for item in items]
    return f"*{title}*\n" + "\n".join(lines) if lines else ""


# --- blocks: the only place text objects are made, so the only place limits are enforced -----------------


def _header(text: str) -> Block:
    return {"type": "header", "text": {"type": "plain_text", "text": truncate(text, MAX_HEADER_TEXT)}}


def _section(text: str) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": truncate(text, MAX_SECTION_TEXT)}}


def _fields(texts: Sequence[str]) -> Block:
    fields = [{"type": "mrkdwn", "text": truncate(text, MAX_FIELD_TEXT)} for text in texts[:MAX_FIELDS]]
    return {"type": "section", "fields": fields}


def _context(texts: Sequence[str]) -> Block:
    elements = [
        {"type": "mrkdwn", "text": truncate(text, MAX_CONTEXT_TEXT)} for text in texts[:MAX_CONTEXT_ELEMENTS]
    ]
    return {"type": "context", "elements": elements}


def _divider() -> Block:
    return {"type": "divider"}


def _button(text: str, *, action_id: str, value: str) -> Block:
    return {
        "type": "button",
        "text": {"type": "plain_text", "text": truncate(text, MAX_BUTTON_TEXT)},
        "action_id": action_id[:MAX_ACTION_ID],
        "value": value[:MAX_BUTTON_VALUE],
    }


def _actions(elements: Sequence[Block]) -> Block:
    return {"type": "actions", "elements": list(elements[:MAX_ACTIONS_ELEMENTS])}


def _message(text: str, blocks: Sequence[Block]) -> Message:
    """A message from an escaped fallback text and blocks, cut to Slack's block limit with a note."""
    kept = list(blocks)
    if len(kept) > MAX_BLOCKS:
        kept = [*kept[: MAX_BLOCKS - 1], _context(["…and more: this answer is too long to show in full."])]
    return {"text": truncate(text, MAX_FALLBACK_TEXT), "blocks": kept}


def _sections(texts: Iterable[str]) -> list[Block]:
    """One section per non-empty text."""
    return [_section(text) for text in texts if text.strip()]


def _packed_sections(title: str, lines: Sequence[str]) -> list[Block]:
    """`*Title*` and escaped-already lines packed into as few sections as Slack's text limit allows."""
    blocks: list[Block] = []
    current = f"*{title}*"
    for line in lines:
        if len(current) + 1 + len(line) > MAX_SECTION_TEXT and current:
            blocks.append(_section(current))
            current = ""
        current = f"{current}\n{line}" if current else line
    if current:
        blocks.append(_section(current))
    return blocks


# --- the simplest message: one line of ours --------------------------------------------------------------


def build_notice(text: str) -> Message:
    """A one-line message of ours (not the user's words), e.g. when something could not be done."""
    return _message(escape(text), [_section(escape(text))])
