"""Which roles a comparison question puts side by side ("labeler vs domain expert", "difference between a
data scientist and an ML engineer", "data engineer or devops for pipelines?").

Two or three roles named whole in a question that asks to compare ("vs", "difference", "or") are compared,
unless together they make up the team approaches ("scientists + SWE or ML engineers?"): that question
compares the approaches, and `knowledge.match.matcher` answers it so.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from knowledge.base.model import Approach, Entry, Role

MAX_COMPARED: Final = 3
"""At most this many roles side by side: more is a list of cards, not a comparison."""


def compared_roles(named: Sequence[Entry], approaches: Sequence[Approach]) -> tuple[str, ...]:
    """The ids of the roles to compare, in the order given (best first), or () when the question names fewer
    than two roles, more than `MAX_COMPARED`, or exactly the roles of two or more approaches."""
    ids = tuple(dict.fromkeys(entry.id for entry in named if isinstance(entry, Role)))
    if not 2 <= len(ids) <= MAX_COMPARED:
        return ()
    said = set(ids)
    covered = [a for a in approaches if a.roles and set(a.roles) <= said]
    if len(covered) >= 2 and said <= {role for a in covered for role in a.roles}:
        return ()
    return ids
