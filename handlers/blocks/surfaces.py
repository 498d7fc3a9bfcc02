"""The Slack app's own surfaces: usage, the roles list, App Home, sharing."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from handlers.blocks.core import (
    BULLET,
    MAX_BLOCKS,
    MAX_VIEW_BLOCKS,
    Block,
    Message,
    View,
    _actions,
    _button,
    _context,
    _divider,
    _header,
    _message,
    _packed_sections,
    _section,
    build_notice,
    escape,
)
from handlers.blocks.help import _examples
from knowledge.base.model import Entry, KnowledgeBase


def _summary_line(entry: Entry) -> str:
    return f"{BULLET} *{escape(entry.name)}*: {escape(entry.summary)}"


def _usage_line(command: str, usage: str, help_: str) -> str:
    return f"{BULLET} `{escape(f'{command} {usage}'.strip())}`: {escape(help_)}"


def build_usage(command: str, usages: Sequence[tuple[str, str]], kb: KnowledgeBase) -> Message:
    """How to use the slash command: one line per `(usage, help)` pair, as the command table lists them.

    `command` is the slash command (`/mlrole`); a usage is what follows it (`roles`, `<question>`).
    """
    lines = [_usage_line(command, usage, help_) for usage, help_ in usages]
    examples = _examples(kb)
    blocks = [
        _header(f"How to use {command}"),
        *_packed_sections("Commands", lines),
        *(_packed_sections("Try asking", examples) if examples else []),
        _context(["You can also mention me in a channel (I answer in the thread) or message me directly."]),
    ]
    names = ", ".join(f"{command} {usage}".strip() for usage, _ in usages)
    return _message(escape(f"How to use {command}: {names}."), blocks)


def build_roles_list(kb: KnowledgeBase) -> Message:
    """Every role and team approach, one line each."""
    if not kb.roles and not kb.approaches:
        return build_notice("The knowledge base lists no roles yet.")
    blocks: list[Block] = [_header("Roles and team approaches")]
    if kb.roles:
        blocks += _packed_sections("Roles", [_summary_line(role) for role in kb.roles])
    if kb.approaches:
        blocks += _packed_sections("Team approaches", [_summary_line(a) for a in kb.approaches])
    blocks.append(_context(["Ask about any of them for the full card, or ask who owns a task."]))
    roles = ", ".join(escape(role.name) for role in kb.roles)
    approaches = ", ".join(escape(approach.name) for approach in kb.approaches)
    text = "Roles: " + (roles or "none") + ". Team approaches: " + (approaches or "none") + "."
    return _message(text, blocks)


def build_home(
    kb: KnowledgeBase, *, command: str, usages: Sequence[tuple[str, str]], bot_user_id: str | None = None
) -> View:
    """The App Home tab: the roles, the team approaches and how to ask, within Slack's 100 blocks."""
    me = f"<@{bot_user_id}>" if bot_user_id else "me"
    how = [
        f"{BULLET} `{escape(command)} &lt;question&gt;` in any channel: only you see the answer, "
        "and you can share it with the channel",
        f"{BULLET} Mention {me} in a channel: I answer in the thread",
        f"{BULLET} Send me a direct message: I answer right here",
    ]
    commands = [_usage_line(command, usage, help_) for usage, help_ in usages]
    blocks: list[Block] = [
        _header("Who does what on an ML team"),
        _section(
            "I answer questions about the roles on a machine-learning team, the ways to organise one, "
            "and who owns which task."
        ),
    ]
    if kb.roles:
        blocks += [_divider(), _header("Roles")]
        blocks += _packed_sections(f"{len(kb.roles)} roles", [_summary_line(role) for role in kb.roles])
    if kb.approaches:
        count = len(kb.approaches)
        blocks += [_divider(), _header("Two team approaches" if count == 2 else "Team approaches")]
        for approach in kb.approaches:
            blocks.append(_section(f"*{escape(approach.name)}*\n{escape(approach.summary)}"))
            if approach.choose_when:
                blocks.append(_context([f"Choose it when: {escape('; '.join(approach.choose_when))}"]))
    blocks += [_divider(), _header("How to ask"), *_packed_sections("Ask me", how)]
    blocks += _packed_sections(f"{escape(command)} commands", commands)
    examples = _examples(kb)
    if examples:
        blocks += _packed_sections("For example", examples)
    if len(blocks) > MAX_VIEW_BLOCKS:
        blocks = [*blocks[: MAX_VIEW_BLOCKS - 1], _context(["…and more: ask me about anything listed."])]
    return {"type": "home", "blocks": blocks}


def with_share_button(message: Message, *, action_id: str, value: str) -> Message:
    """The message with a "Share in channel" button (the value must fit Slack's 2,000 characters)."""
    button = _button("Share in channel", action_id=action_id, value=value)
    button["style"] = "primary"
    blocks = message["blocks"][: MAX_BLOCKS - 1]
    return {"text": message["text"], "blocks": [*blocks, _actions([button])]}


def build_shared(message: Message, *, user_id: str) -> Message:
    """An answer as posted for everyone: no buttons, and who shared it."""
    blocks = [block for block in message["blocks"] if block.get("type") != "actions"][: MAX_BLOCKS - 1]
    note = _context([f"Shared by <@{escape(user_id)}>"])
    return {"text": message["text"], "blocks": [*blocks, note]}


NOTICE_VIEW_TITLE: Final = "mlrole"
NOTICE_VIEW_CLOSE: Final = "Close"


def build_notice_view(text: str) -> View:
    """A modal that only says `text` (ours, one line) and can be closed: what replaces a form the bot can
    no longer take (`response_action: update`)."""
    return {
        "type": "modal",
        "title": {"type": "plain_text", "text": NOTICE_VIEW_TITLE},
        "close": {"type": "plain_text", "text": NOTICE_VIEW_CLOSE},
        "blocks": [_section(escape(text))],
    }
