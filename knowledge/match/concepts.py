"""Questions about what something is or how to do it ("what is a feature store", "how do I fine-tune BERT",
"which GPU should we buy"): the knowledge base says who does what, not what things are, so such a question
gets no card. When its topic belongs to a task, the answer suggests asking who owns that task instead.

A question is about a concept when it opens with one of `knowledge.match.intents.CONCEPT_OPENERS` and its
best answer would be a task: "what is a data engineer" and "what does an MLE do" ask about a role, and stay
answered.
"""

from __future__ import annotations

from typing import Final

from knowledge.match.intents import CONCEPT_OPENERS
from knowledge.match.text import fold, words

_BY_FIRST: Final[dict[str, tuple[tuple[str, ...], ...]]] = {
    first: tuple(opener for opener in CONCEPT_OPENERS if opener[0] == first)
    for first in {opener[0] for opener in CONCEPT_OPENERS}
}


def asks_what_or_how(question: str) -> bool:
    """Whether the question opens like a question about what something is or how to do it."""
    tokens = words(fold(question[:200]))
    if not tokens:
        return False
    return any(tuple(tokens[: len(opener)]) == opener for opener in _BY_FIRST.get(tokens[0], ()))
