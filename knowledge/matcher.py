"""Match a question against the knowledge base. (Interface stub: the real matcher replaces the body.)"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from knowledge.model import KnowledgeBase

Kind = Literal["role", "approach", "task", "compare", "recommend", "help", "none"]


@dataclass(frozen=True, slots=True)
class Match:
    """What was asked and how sure the matcher is.

    - `kind` "role" / "approach" / "task": `id` names the entry; for a task `owners` are its owner role ids,
      accountable first (empty for other kinds).
    - "compare": both approaches side by side; "recommend": a request for a team recommendation;
      "help": a request for usage.
    - "none": out of scope, or a close call. `alternatives` (entry ids, best first) are "did you mean"
      suggestions when the matcher saw a close call between entries; empty when nothing was close.
    - `score` is in [0, 1].
    """

    query: str
    kind: Kind
    id: str | None = None
    owners: tuple[str, ...] = ()
    score: float = 0.0
    alternatives: tuple[str, ...] = ()


def match(question: str, kb: KnowledgeBase) -> Match:
    return Match(query=question, kind="none")
