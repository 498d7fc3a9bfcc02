"""Answers as a person privately sees them, and how to render one again: an ephemeral message cannot be
changed in part, so replacing its feedback buttons means sending it whole again (`handlers.feedback`).

A `Replay` is what a feedback button carries to do that: the question (answered again by the pipeline), the
entry chosen, or the recommendation's words or inputs, answered again from the snapshot serving at the click.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final, Literal

from handlers import share
from handlers.blocks import (
    Message,
    build_entry,
    build_recommendation_for,
    build_team_recommendation,
    with_share_button,
)
from handlers.deps import SlackIds
from handlers.pipeline import NO_NAMES, answer
from knowledge.base.model import KnowledgeBase
from knowledge.match import Kind, Match
from knowledge.recommend import InputError, parse_request

ReplayKind = Literal["q", "e", "w", "i"]
"""`q` a question, `e` an entry id, `w` a recommendation asked in words, `i` one given as KEY=VALUE inputs."""
REPLAY_KINDS: Final[tuple[ReplayKind, ...]] = ("q", "e", "w", "i")
SHAREABLE: Final[frozenset[Kind]] = frozenset({"role", "approach", "task", "compare"})
"""Answers worth sharing; "I don't know", did-you-mean and usage stay with the asker."""


@dataclass(frozen=True, slots=True)
class Replay:
    kind: ReplayKind
    text: str


def private_answer(
    question: str, kb: KnowledgeBase, ids: SlackIds, *, channel_names: Mapping[str, str] = NO_NAMES
) -> tuple[Match, Message]:
    """The pipeline's answer, with a "Share in channel" button when it is an answer worth sharing."""
    found, message = answer(question, kb, actions=ids.actions, channel_names=channel_names)
    if found.kind in SHAREABLE:
        value = share.encode(share.ShareTarget(question=question))
        message = with_share_button(message, action_id=ids.share, value=value)
    return found, message


def private_entry(entry_id: str, kb: KnowledgeBase, ids: SlackIds) -> Message:
    """A chosen entry's card, with a "Share in channel" button."""
    value = share.encode(share.ShareTarget(entry_id=entry_id))
    return with_share_button(build_entry(entry_id, kb), action_id=ids.share, value=value)


def render(
    replay: Replay, kb: KnowledgeBase, ids: SlackIds, *, channel_names: Mapping[str, str] = NO_NAMES
) -> Message:
    """The private message `replay` describes, as first sent but for its feedback buttons."""
    adjust = ids.actions.adjust_recommendation
    if replay.kind == "q":
        return private_answer(replay.text, kb, ids, channel_names=channel_names)[1]
    if replay.kind == "e":
        return private_entry(replay.text, kb, ids)
    if replay.kind == "w":
        return build_recommendation_for(replay.text, kb, adjust_action_id=adjust)
    try:
        inputs, assumptions = parse_request(replay.text.split())
    except InputError:  # not a value of ours: the words reading is the forgiving one
        return build_recommendation_for(replay.text, kb, adjust_action_id=adjust)
    return build_team_recommendation(inputs, kb, assumptions=assumptions, adjust_action_id=adjust)
