"""A match's message, and a chosen entry's card: what depends on the snapshot alone is rendered once per
snapshot (`handlers.per_snapshot`)."""

from __future__ import annotations

from functools import partial
from typing import Final, assert_never

from handlers.blocks.cards import build_approach_card, build_comparison, build_role_card, build_task_card
from handlers.blocks.core import ActionIds, Message
from handlers.blocks.help import build_concept, build_did_you_mean, build_help, build_missing_role
from handlers.blocks.recommend import build_recommendation_for
from handlers.blocks.side_by_side import build_role_comparison
from handlers.per_snapshot import PerSnapshot
from knowledge.base.model import Approach, KnowledgeBase, Role, Task
from knowledge.match import Match
from knowledge.match.missing import missing_role

_CARDS: Final[PerSnapshot[Message | None]] = PerSnapshot()
"""By (kind, entry id): the entry's card, or None where the snapshot has no such entry of that kind."""
_SNAPSHOT_MESSAGES: Final[PerSnapshot[Message]] = PerSnapshot()
"""The comparison, usage, and the message for a chosen entry id, by what alone determines them."""


def _fresh(message: Message) -> Message:
    """A kept message for one caller: its own message and list of blocks around the shared blocks. Nothing
    changes a block once it is built (`with_share_button` and `build_shared` make new lists and blocks)."""
    return {"text": message["text"], "blocks": list(message["blocks"])}


def _card(kind: str, entry_id: str | None, kb: KnowledgeBase) -> Message | None:
    """The card of entry `entry_id` if the snapshot has it and it is a `kind`; None otherwise."""
    entry = kb.entry(entry_id) if entry_id is not None else None
    if kind == "role" and isinstance(entry, Role):
        return build_role_card(entry, kb)
    if kind == "approach" and isinstance(entry, Approach):
        return build_approach_card(entry, kb)
    if kind == "task" and isinstance(entry, Task):
        return build_task_card(entry, kb)
    return None


def _entry_or_help(entry_id: str, kb: KnowledgeBase) -> Message:
    entry = kb.entry(entry_id)
    if isinstance(entry, Role):
        return build_role_card(entry, kb)
    if isinstance(entry, Approach):
        return build_approach_card(entry, kb)
    if isinstance(entry, Task):
        return build_task_card(entry, kb)
    return build_help(kb)


def build_answer(match: Match, kb: KnowledgeBase, *, actions: ActionIds | None = None) -> Message:
    """The message for a match. An id the snapshot does not know (a stale match) gets the help card."""
    match match.kind:
        case "role" | "approach" | "task":
            card = _CARDS.get(kb, (match.kind, match.id), partial(_card, match.kind, match.id, kb))
            return _fresh(card) if card is not None else build_help(kb, match.query)
        case "compare":
            if match.ids and all(kb.role(i) is not None for i in match.ids):
                roles = partial(build_role_comparison, match.ids, kb)
                return _fresh(_SNAPSHOT_MESSAGES.get(kb, ("compare", match.ids), roles))
            return _fresh(_SNAPSHOT_MESSAGES.get(kb, "compare", partial(build_comparison, kb)))
        case "recommend":
            adjust = actions.adjust_recommendation if actions is not None else None
            return build_recommendation_for(match.query, kb, adjust_action_id=adjust)
        case "help":
            return _fresh(_SNAPSHOT_MESSAGES.get(kb, "help", partial(build_help, kb)))
        case "none":
            missing = missing_role(match.query, kb) if match.reason == "missing-role" else None
            if missing is not None:
                return build_missing_role(match.query, missing, kb, actions=actions)
            if match.reason == "concept" and match.alternatives:
                return build_concept(match.query, match.alternatives[0], kb, actions=actions)
            if match.alternatives:
                return build_did_you_mean(match.query, match.alternatives, kb, actions=actions)
            return build_help(kb, match.query)
        case _:
            assert_never(match.kind)


def build_entry(entry_id: str, kb: KnowledgeBase) -> Message:
    """The card for one entry, chosen by id (a did-you-mean button); help if this snapshot lacks it."""
    return _fresh(_SNAPSHOT_MESSAGES.get(kb, ("entry", entry_id), partial(_entry_or_help, entry_id, kb)))
