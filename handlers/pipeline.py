"""The one question-to-answer pipeline: `mlrole ask` and every Slack surface call `answer`.

So the terminal shows exactly what Slack would get: match the question, then render the match, with the
same buttons (their action ids come from `handlers.ids`, where the routing table registers them).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

from handlers import escalation
from handlers.blocks import ActionIds, Message, build_answer
from handlers.blocks.org import mapping_for, with_ask_owners_button
from handlers.ids import ACTIONS
from knowledge.base.model import KnowledgeBase
from knowledge.match import Match, match

NO_NAMES: Final[Mapping[str, str]] = MappingProxyType({})


def answer(
    question: str,
    kb: KnowledgeBase,
    *,
    actions: ActionIds | None = ACTIONS,
    channel_names: Mapping[str, str] = NO_NAMES,
) -> tuple[Match, Message]:
    """The match for `question` in this snapshot, and the message that answers it.

    `actions` names the buttons a message may carry (did-you-mean choices, "Adjust the inputs" under a
    recommendation, "Ask the owners" under a role or task with a channel in `org.yaml`); by default the ones
    the Slack app answers to. None renders a message without buttons. `channel_names` (channel id -> name,
    as the bot learned them from Slack) label "Ask the owners"; without a name the label shows the id.
    """
    found = match(question, kb)
    message = build_answer(found, kb, actions=actions)
    if actions is not None and actions.ask_owners is not None:
        message = _with_ask_owners(found, message, kb, action_id=actions.ask_owners, names=channel_names)
    return found, message


def _with_ask_owners(
    found: Match, message: Message, kb: KnowledgeBase, *, action_id: str, names: Mapping[str, str]
) -> Message:
    if not kb.org or found.kind not in ("role", "task") or found.id is None:
        return message
    mapping = mapping_for(kb.entry(found.id), kb)
    if mapping is None or mapping.channel is None:
        return message
    value = escalation.encode(escalation.AskOwners(question=found.query, entry_id=found.id))
    channel = names.get(mapping.channel, mapping.channel)
    return with_ask_owners_button(message, channel=channel, action_id=action_id, value=value)
