"""The organization's owners in a message: Slack mentions built from the knowledge base's validated ids.

A mention (`<!subteam^S…>`, `<#C…>`, `<@U…>`) is the one piece of raw mrkdwn control syntax the bot writes,
and it writes it only here, only from an id that has Slack's shape (checked again here, whoever built the
snapshot), never from anything a user typed: their text is escaped like everywhere else. Also here: the
"Ask the owners" button, the post it sends to the owners' channel, what the asker is told, and the list of
mappings due for review.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Final

from handlers.blocks.core import (
    BULLET,
    MAX_BLOCKS,
    Block,
    Message,
    _actions,
    _button,
    _context,
    _message,
    _packed_sections,
    _quote,
    _section,
    build_notice,
    escape,
)
from knowledge.base.model import Entry, KnowledgeBase, Role, Task
from knowledge.base.org import CHANNEL_ID, GROUP_ID, USER_ID, OrgMapping, StaleMapping

HERE: Final = "Here"
"""How a task card introduces its owners in this organization."""
IN_THIS_ORG: Final = "In this organization"
"""How a role card introduces the people in this role in this organization."""
ASK_OWNERS_LABEL: Final = "Ask the owners in #{channel}"


def group_mention(group_id: str) -> str:
    return f"<!subteam^{group_id}>" if GROUP_ID.fullmatch(group_id) else ""


def channel_link(channel_id: str) -> str:
    return f"<#{channel_id}>" if CHANNEL_ID.fullmatch(channel_id) else ""


def user_mention(user_id: str) -> str:
    return f"<@{user_id}>" if USER_ID.fullmatch(user_id) else ""


def owners_here(mapping: OrgMapping | None) -> str:
    """`<!subteam^S…> · ask in <#C…> · <@U…>, <@U…>`: the parts the mapping has; "" without a mapping."""
    if mapping is None:
        return ""
    contacts = [mention for user in mapping.contacts if (mention := user_mention(user))]
    channel = channel_link(mapping.channel or "")
    parts = [
        group_mention(mapping.group or ""),
        f"ask in {channel}" if channel else "",
        ", ".join(contacts),
    ]
    return " · ".join(part for part in parts if part)


def org_line(title: str, mapping: OrgMapping | None) -> str:
    """`*Here:* …` for a card; "" without a mapping (so the card reads as it does without `org.yaml`)."""
    owners = owners_here(mapping)
    return f"*{title}:* {owners}" if owners else ""


def mapping_for(entry: Entry | None, kb: KnowledgeBase) -> OrgMapping | None:
    """The mapping behind a role or a task (the task's own, else its accountable owner's); None otherwise."""
    if isinstance(entry, Role):
        return kb.org.for_role(entry.id)
    if isinstance(entry, Task):
        return kb.org.for_task(entry.id, entry.owners)
    return None


def with_ask_owners_button(message: Message, *, channel: str, action_id: str, value: str) -> Message:
    """The message with an "Ask the owners in #…" button; `channel` is a channel name or id."""
    button = _button(ASK_OWNERS_LABEL.format(channel=channel), action_id=action_id, value=value)
    blocks = message["blocks"][: MAX_BLOCKS - 1]
    return {"text": message["text"], "blocks": [*blocks, _actions([button])]}


def build_escalation(*, question: str, asker: str, entry: Entry, kb: KnowledgeBase) -> Message:
    """What "Ask the owners" posts in the owners' channel: who asks, their question, and mlrole's answer."""
    who = user_mention(asker) or "Someone"
    quoted = _quote(question)
    mapping = mapping_for(entry, kb)
    answer = f"*mlrole's answer:* {escape(entry.name)}: {escape(entry.summary)}"
    blocks: list[Block] = [_section(f"{who} asks: {quoted}"), _section(answer)]
    owners = org_line(HERE, mapping)
    if owners:
        blocks.append(_context([owners]))
    text = f"{who} asks: {quoted} (mlrole's answer: {escape(entry.name)})"
    return _message(text, blocks)


SENT: Final = "Sent to {channel}: {link}. The owners will answer there."
ALREADY_SENT: Final = "You already sent this question to {channel}{link}."
NOT_IN_CHANNEL: Final = (
    "I'm not a member of {channel}, so I couldn't post your question there. Please ask in {channel} directly."
)
NOT_SENT: Final = "Sorry, I couldn't post your question in {channel}. Please ask there directly."
NO_CHANNEL: Final = "Sorry, there is no channel to ask about this anymore: the knowledge base changed."


def _permalink(link: str | None) -> str:
    return f"<{escape(link)}|see your question>" if link else "your question is there"


def build_escalation_sent(channel: str, link: str | None) -> Message:
    """What the asker sees once their question is posted: where, and a link to it."""
    where = channel_link(channel)
    return _message(f"Sent to {where}.", [_section(SENT.format(channel=where, link=_permalink(link)))])


def build_already_sent(channel: str, link: str | None) -> Message:
    where = channel_link(channel)
    tail = f": {_permalink(link)}" if link else ""
    return _message(f"Already sent to {where}.", [_section(ALREADY_SENT.format(channel=where, link=tail))])


def build_not_in_channel(channel: str) -> Message:
    """The bot cannot post there (`not_in_channel`): ask there directly, with the channel's link."""
    text = NOT_IN_CHANNEL.format(channel=channel_link(channel))
    return _message(text, [_section(text)])


def build_not_sent(channel: str) -> Message:
    text = NOT_SENT.format(channel=channel_link(channel))
    return _message(text, [_section(text)])


def build_no_channel() -> Message:
    return build_notice(NO_CHANNEL)


def _stale_line(found: StaleMapping) -> str:
    reviewed = found.reviewed.isoformat()
    return f"{BULLET} {found.kind} *{escape(found.target)}*: reviewed {reviewed}, {found.days} days ago"


def build_stale(found: Sequence[StaleMapping], *, max_age_days: int, today: date) -> Message:
    """The mappings reviewed more than `max_age_days` ago, oldest first; or that none are."""
    if not found:
        return build_notice(f"No org mapping is older than {max_age_days} days: nothing to review.")
    noun = "mapping" if len(found) == 1 else "mappings"
    title = f"{len(found)} org {noun} reviewed more than {max_age_days} days ago"
    lines = [_stale_line(s) for s in found]
    blocks = [
        *_packed_sections(title, lines),
        _context([f"Check them, then update `reviewed:` in org.yaml. Today is {today.isoformat()}."]),
    ]
    return _message(f"{title}.", blocks)
