"""The one question-to-answer pipeline: `mlrole ask` and every Slack surface call `answer`.

So the terminal shows exactly what Slack would get: match the question, then render the match, with the
same buttons (their action ids come from `handlers.ids`, where the routing table registers them).
"""

from __future__ import annotations

from handlers.blocks import ActionIds, Message, build_answer
from handlers.ids import ACTIONS
from knowledge.base.model import KnowledgeBase
from knowledge.match import Match, match


def answer(question: str, kb: KnowledgeBase, *, actions: ActionIds | None = ACTIONS) -> tuple[Match, Message]:
    """The match for `question` in this snapshot, and the message that answers it.

    `actions` names the buttons a message may carry (did-you-mean choices, "Adjust the inputs" under a
    recommendation); by default the ones the Slack app answers to. None renders a message without buttons.
    """
    found = match(question, kb)
    return found, build_answer(found, kb, actions=actions)
