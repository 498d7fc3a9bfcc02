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
from knowledge.match.text import fold, words

MAX_COMPARED: Final = 3
"""At most this many roles side by side: more is a list of cards, not a comparison."""


def compared_roles(question: str, named: Sequence[Entry], approaches: Sequence[Approach]) -> tuple[str, ...]:
    """The ids of the roles to compare, in the order the question names them, or () when it names fewer
    than two roles, more than `MAX_COMPARED`, or exactly the roles of two or more approaches."""
    roles = {entry.id: entry for entry in named if isinstance(entry, Role)}
    folded = " ".join(words(fold(question)))
    ids = tuple(sorted(roles, key=lambda role_id: _first_mention(folded, roles[role_id])))
    if not 2 <= len(ids) <= MAX_COMPARED:
        return ()
    said = set(ids)
    covered = [a for a in approaches if a.roles and set(a.roles) <= said]
    if len(covered) >= 2 and said <= {role for a in covered for role in a.roles}:
        return ()
    return ids


def _first_mention(folded: str, role: Role) -> int:
    """Where the question first names the role (by a name or alias as typed); the end if it never does
    literally (a misspelling), so such roles keep their rank order after the others (`sorted` is stable)."""
    found = [folded.find(" ".join(words(fold(name)))) for name in (role.name, *role.aliases)]
    return min((at for at in found if at >= 0), default=len(folded))
