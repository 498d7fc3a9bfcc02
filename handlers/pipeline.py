"""The one question-to-answer pipeline: `mlrole ask` and every Slack surface call `answer`.

So the terminal shows exactly what Slack would get: match the question, then render the match.
"""

from __future__ import annotations

from handlers.blocks import ActionIds, Message, build_answer
from knowledge.matcher import Match, match
from knowledge.model import KnowledgeBase


def answer(question: str, kb: KnowledgeBase, *, actions: ActionIds | None = None) -> tuple[Match, Message]:
    """The match for `question` in this snapshot, and the message that answers it.

    `actions` (from the Slack layer) adds buttons where a message offers choices; the CLI passes none.
    """
    found = match(question, kb)
    return found, build_answer(found, kb, actions=actions)
